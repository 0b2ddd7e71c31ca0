"""A milestone's baseline changes are shown on the slip chart (issue 14, audit): the chart
keeps the earlier baseline as a small hollow marker joined to the new one, and the list under
it says whose change it was, when, and from which date to which."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from pmo_portal.users import user_label
from reporting.models import MilestoneSnapshot
from tests.reporting.test_milestones import page_url, rows_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def reports_page(client, project) -> str:
    response = client.get(reverse("reporting:project_reports", args=[project.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_rebaselined_milestone_shows_its_earlier_baseline_and_who_moved_it(client_for, world):
    milestone, project = world.milestone_a, world.project_a
    MilestoneSnapshot.objects.create(
        report=world.report_a, milestone=milestone, forecast_date=milestone.forecast_date
    )
    old = milestone.baseline_date
    new = date(2027, 3, 31)
    before = reports_page(client_for("executive"), project)
    assert "baseline-changes" not in before  # nothing moved yet: no list
    assert "Earlier baseline" not in before

    client = client_for("pm")
    page = client.get(page_url(project))
    response = client.post(
        page_url(project), rows_data(page, {milestone.pk: {"baseline_date": new.isoformat()}})
    )
    assert response.status_code == 302

    body = reports_page(client_for("executive"), project)
    old_text = date_format(old, "SHORT_DATE_FORMAT")
    new_text = date_format(new, "SHORT_DATE_FORMAT")
    assert (
        f"<strong>{milestone.name}</strong>: baseline moved from {old_text} to {new_text}" in body
    )
    assert f"by {user_label(world.users['pm'])}" in body
    # On the chart: the earlier baseline's marker, titled with its date.
    assert f"{milestone.name} — Earlier baseline: {old_text}" in body
    assert f"{milestone.name} — Baseline: {new_text}" in body


def test_the_list_costs_one_query_whatever_the_number_of_changes(
    client_for, world, django_assert_max_num_queries
):
    milestone, project = world.milestone_a, world.project_a
    client = client_for("pm")
    counts = []
    for year in (2027, 2028, 2029):
        page = client.get(page_url(project))
        data = rows_data(page, {milestone.pk: {"baseline_date": f"{year}-01-31"}})
        assert client.post(page_url(project), data).status_code == 302
        with django_assert_max_num_queries(40) as captured:
            reports_page(client, project)
        counts.append(len(captured))
    assert counts[0] == counts[1] == counts[2]
