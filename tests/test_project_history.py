"""The project's History tab (issue 14, done when 4): a change made through a page shows in the
project's timeline with the name of who made it and what changed (old → new); an import is
one entry saying who imported which file; the tab pages through older changes; its query
count does not grow with the history."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from pmo_portal import history
from pmo_portal.users import user_label
from portfolios.models import Project
from reporting.models import Milestone
from resources.models import ActualCost
from tests.concurrency import form_data
from tests.portfolios.factories import ContributionFactory, ProjectFactory
from tests.reporting.factories import MilestoneFactory
from tests.reporting.test_milestones import page_url, rows_data
from tests.resources.factories import BudgetLineFactory
from tests.resources.factories_capacity import AllocationFactory

pytestmark = pytest.mark.django_db

# The page's own (session, user, project, tabs) and two per kind of audited row.
QUERIES = 45

SAMPLE = Path("/work/shared/samples/actuals-fr.csv")
if not SAMPLE.exists():  # CI: shared/ sits beside the clone
    SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "samples" / "actuals-fr.csv"


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def tab(client, project) -> str:
    response = client.get(reverse("portfolios:project_history", args=[project.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    return body


def test_a_milestones_baseline_change_shows_who_and_from_what_to_what(client_for, world):
    milestone = world.milestone_a
    old = milestone.baseline_date
    client = client_for("pm")
    page = client.get(page_url(world.project_a))
    response = client.post(
        page_url(world.project_a), rows_data(page, {milestone.pk: {"baseline_date": "2027-03-31"}})
    )
    assert response.status_code == 302
    body = tab(client_for("pmo"), world.project_a)
    assert f"Milestone · {milestone.name}" in body
    old_text = date_format(old, "SHORT_DATE_FORMAT")
    new_text = date_format(date(2027, 3, 31), "SHORT_DATE_FORMAT")
    assert f"Baseline date : {old_text} → {new_text}" in body
    assert user_label(world.users["pm"]) in body
    record = Milestone.history.filter(id=milestone.pk).latest("history_date")
    assert record.history_user == world.users["pm"]


def test_a_project_edit_shows_in_the_timeline(client_for, world):
    url = reverse("portfolios:project_update", args=[world.project_a.pk])
    client = client_for("pmo")
    form = client.get(url).context["form"]
    data = form_data(form)
    data["estimated_cost"] = "123456.00"
    assert client.post(url, data).status_code == 302
    body = tab(client_for("pm"), world.project_a)
    assert f"Project · {world.project_a}" in body
    assert "Estimated cost (€) : 150,000.00 → 123,456.00" in body
    assert user_label(world.users["pmo"]) in body


def test_a_budget_line_revision_shows_in_the_timeline_with_its_reason(client_for, world):
    BudgetLineFactory(project=world.project_a, nature="opex", approved_amount=Decimal("100000.00"))
    url = reverse("resources:budget_line_edit", args=[world.project_a.pk])
    data = {"fiscal_year": 2026, "nature": "opex", "category": "external_services"}
    response = client_for("finance").post(
        url, {**data, "amount": "120000.00", "reason": "Lot 2 added"}
    )
    assert response.status_code == 302
    body = tab(client_for("pmo"), world.project_a)
    assert "Budget line · " in body
    assert "Approved budget (€) : 100,000.00 → 120,000.00" in body
    assert "Lot 2 added" in body
    assert user_label(world.users["finance"]) in body


def test_an_import_is_one_entry_naming_who_and_which_file(client_for, world):
    codes = ["PRJ-0007", "PRJ-0012", "PRJ-0031", "PRJ-0044"]
    projects = {code: ProjectFactory(code=code, portfolio=world.p1) for code in codes}
    client = client_for("finance")
    upload = SimpleUploadedFile("actuals-fr.csv", SAMPLE.read_bytes(), content_type="text/csv")
    preview = client.post(reverse("resources:cost_import"), {"file": upload})
    confirm = reverse("resources:cost_import_confirm", args=[preview.context["staged"].pk])
    client.post(confirm)
    project = projects["PRJ-0007"]
    count = ActualCost.objects.filter(project=project).count()
    assert count > 1
    body = tab(client_for("pmo"), project)
    assert f"{count} actual costs" in body
    assert "Import of actuals-fr.csv" in body
    assert user_label(world.users["finance"]) in body


def test_older_changes_are_a_page_away(client_for, world):
    project = world.project_a
    for number in range(history.PAGE + 5):
        fresh = Project.objects.get(pk=project.pk)
        fresh.estimated_cost = Decimal(1000 + number)
        fresh.save()
    client = client_for("pmo")
    first = client.get(reverse("portfolios:project_history", args=[project.pk]))
    assert len(first.context["entries"]) == history.PAGE
    cursor = first.context["cursor"]
    assert cursor
    older = client.get(reverse("portfolios:project_history", args=[project.pk]), {"before": cursor})
    shown = first.context["entries"] + older.context["entries"]
    assert len(shown) > history.PAGE
    assert all(a.date >= b.date for a, b in itertools.pairwise(shown))
    assert "Back to the latest changes" in older.content.decode()


@pytest.mark.parametrize("size", [3, 30])
def test_the_tab_queries_do_not_grow_with_the_history(
    client_for, world, django_assert_max_num_queries, size
):
    project = world.project_a
    for number in range(size):
        MilestoneFactory(project=project, name=f"Jalon {number}")
        BudgetLineFactory(project=project, fiscal_year=2000 + number)
        # Rows named from a relation (the resource, the objective): no query per row.
        AllocationFactory(project=project, month=date(2000 + number, 1, 1))
        ContributionFactory(project=project, objective__code=f"OBJ-{size}-{number}")
    client = client_for("pmo")
    url = reverse("portfolios:project_history", args=[project.pk])
    client.get(url)
    with django_assert_max_num_queries(QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    entries = response.context["entries"]
    assert len(entries) >= 1
    labels = {entry.label for entry in entries}
    assert any(label.startswith(f"OBJ-{size}-") for label in labels)
    assert any(label.startswith("Ressource ") and " · 01/" in label for label in labels)
    assert all(" → " not in entry.label for entry in entries)  # no "12 → 34" ids
