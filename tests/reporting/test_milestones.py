"""The milestone page of a project: slip, adding a milestone, editing all rows at once."""

from datetime import date, timedelta

import html5lib
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reporting.models import Milestone, MilestoneStatus
from reporting.services.milestones import EDITABLE_FIELDS
from tests.reporting.factories import MilestoneFactory


@pytest.fixture(autouse=True)
def english(settings):
    """The assertions read the English UI (the portal defaults to French)."""
    settings.LANGUAGE_CODE = "en"


def page_url(project):
    return reverse("reporting:project_milestones", args=[project.pk])


def add_url(project):
    return reverse("reporting:milestone_create", args=[project.pk])


def new_data(**overrides):
    data = {
        "new-name": "Recette utilisateur",
        "new-baseline_date": "2027-03-01",
        "new-forecast_date": "2027-03-15",
        "new-actual_date": "",
        "new-status": "planned",
    }
    data.update({f"new-{key}": value for key, value in overrides.items()})
    return data


def _as_post(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def rows_data(response, changes=None) -> dict:
    """The milestone table as the browser would send it back, with ``changes``
    ({milestone pk: {field: value}}) typed in."""
    rows = response.context["rows"]
    data = {
        "milestones-TOTAL_FORMS": str(len(rows.forms)),
        "milestones-INITIAL_FORMS": str(len(rows.forms)),
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "1000",
    }
    for form in rows.forms:
        data[f"{form.prefix}-milestone"] = str(form.instance.pk)
        data[f"{form.prefix}-seen"] = form.seen_token
        for name in EDITABLE_FIELDS:
            data[f"{form.prefix}-{name}"] = _as_post(form.current[name])
        for name, value in (changes or {}).get(form.instance.pk, {}).items():
            data[f"{form.prefix}-{name}"] = value
    return data


def snapshot(project) -> list[tuple]:
    return list(project.milestones.order_by("pk").values_list("pk", *EDITABLE_FIELDS))


# --- reading ---------------------------------------------------------------------------


def test_page_lists_milestones_with_their_slip(client_for, world):
    today = timezone.localdate()
    MilestoneFactory(
        project=world.project_a,
        name="Lancement",
        baseline_date=today,
        forecast_date=today - timedelta(days=3),
    )
    MilestoneFactory(
        project=world.project_a,
        name="Cadrage",
        baseline_date=today - timedelta(days=40),
        forecast_date=today - timedelta(days=40),
        actual_date=today - timedelta(days=38),
        status=MilestoneStatus.ACHIEVED,
    )
    MilestoneFactory(
        project=world.project_a,
        name="Pilote",
        baseline_date=today,
        forecast_date=today,
        status=MilestoneStatus.CANCELLED,
    )
    response = client_for("executive").get(page_url(world.project_a))
    assert response.status_code == 200
    slips = {m.name: m.slip_text for m in response.context["milestones"]}
    assert slips == {
        "Go-live Alpha": "+10 d",  # forecast 10 days after the baseline
        "Lancement": "−3 d",
        "Cadrage": "+2 d",  # achieved 2 days late: the actual date counts
        "Pilote": "cancelled",
    }
    content = response.content.decode()
    assert "+10 d" in content
    assert "2 late against their baseline" in content
    assert "<input" not in content.split('id="main"')[1].split("</table>")[0]  # read only


def test_empty_page_offers_to_add_the_first_milestone(client_for, world):
    world.milestone_a.delete()
    content = client_for("pm").get(page_url(world.project_a)).content.decode()
    assert "No milestone yet for this project" in content
    assert "Add the first milestone" in content
    reader = client_for("executive").get(page_url(world.project_a)).content.decode()
    assert "No milestone yet for this project" in reader
    assert "Add the first milestone" not in reader


# --- adding ----------------------------------------------------------------------------


def test_pm_adds_a_milestone(client_for, world):
    response = client_for("pm").post(add_url(world.project_a), new_data())
    assert response.status_code == 302
    assert response["Location"] == page_url(world.project_a)
    milestone = Milestone.objects.get(name="Recette utilisateur")
    assert milestone.project == world.project_a
    assert (milestone.baseline_date, milestone.forecast_date) == (
        date(2027, 3, 1),
        date(2027, 3, 15),
    )
    assert milestone.status == MilestoneStatus.PLANNED
    assert milestone.slip_days == 14


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"baseline_date": ""}, "baseline_date", "This field is required."),
        ({"forecast_date": ""}, "forecast_date", "This field is required."),
        ({"name": ""}, "name", "This field is required."),
        ({"forecast_date": "2027-02-30"}, "forecast_date", "Enter a valid date."),
        ({"status": "achieved"}, "actual_date", "An achieved milestone needs its date."),
        ({"status": "done"}, "status", "Select a valid choice."),
    ],
    ids=[
        "no-baseline",
        "no-forecast",
        "no-name",
        "bad-date",
        "achieved-without-date",
        "unknown-status",
    ],
)
def test_bad_new_milestone_gives_field_errors_and_saves_nothing(
    client_for, world, overrides, field, message
):
    before = Milestone.objects.count()
    response = client_for("pm").post(add_url(world.project_a), new_data(**overrides))
    assert response.status_code == 200
    form = response.context["add_form"]
    assert [message in error for error in form.errors[field]] == [True]
    assert Milestone.objects.count() == before
    content = response.content.decode()
    assert 'id="form-errors"' in content
    assert f'href="#{form[field].id_for_label}"' in content
    assert "<title>Error:" in content
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(response.content)


def test_adding_is_post_only(client_for, world):
    assert client_for("pm").get(add_url(world.project_a)).status_code == 405


# --- editing every row at once -----------------------------------------------------------


def test_pm_updates_several_milestones_at_once(client_for, world):
    other = MilestoneFactory(project=world.project_a, name="Recette")
    client = client_for("pm")
    page = client.get(page_url(world.project_a))
    response = client.post(
        page_url(world.project_a),
        rows_data(
            page,
            {
                world.milestone_a.pk: {"forecast_date": "2027-06-30"},
                other.pk: {"status": "achieved", "actual_date": "2026-01-15"},
            },
        ),
    )
    assert response.status_code == 302
    world.milestone_a.refresh_from_db()
    other.refresh_from_db()
    assert world.milestone_a.forecast_date == date(2027, 6, 30)
    assert (other.status, other.actual_date) == (MilestoneStatus.ACHIEVED, date(2026, 1, 15))
    follow = client.get(response["Location"])
    assert "2 milestones saved." in follow.content.decode()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"forecast_date": ""}, "forecast_date", "This field is required."),
        ({"baseline_date": ""}, "baseline_date", "This field is required."),
        ({"status": "achieved"}, "actual_date", "An achieved milestone needs its date."),
        ({"actual_date": "demain"}, "actual_date", "Enter a valid date."),
    ],
    ids=["no-forecast", "no-baseline", "achieved-without-date", "bad-date"],
)
def test_one_wrong_row_saves_nothing(client_for, world, change, field, message):
    other = MilestoneFactory(project=world.project_a, name="Recette")
    client = client_for("pm")
    page = client.get(page_url(world.project_a))
    before = snapshot(world.project_a)
    response = client.post(
        page_url(world.project_a),
        rows_data(
            page,
            {
                world.milestone_a.pk: {"forecast_date": "2027-06-30"},  # a valid change
                other.pk: change,
            },
        ),
    )
    assert response.status_code == 200
    assert snapshot(world.project_a) == before
    wrong = next(form for form in response.context["rows"].forms if form.instance.pk == other.pk)
    assert [message in error for error in wrong.errors[field]] == [True]
    content = response.content.decode()
    assert 'id="form-errors"' in content
    assert "Nothing was saved" in content
    assert 'aria-invalid="true"' in content
    assert f'href="#{wrong[field].id_for_label}"' in content
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(response.content)


def test_a_change_made_by_someone_else_meanwhile_is_not_overwritten(client_for, world):
    other = MilestoneFactory(project=world.project_a, name="Recette")
    client = client_for("pm")
    page = client.get(page_url(world.project_a))
    # Meanwhile, the status report moves both forecasts.
    Milestone.objects.filter(pk__in=[world.milestone_a.pk, other.pk]).update(
        forecast_date=date(2027, 9, 1)
    )
    # The PM changes the forecast of milestone A only, from the values the page showed.
    response = client.post(
        page_url(world.project_a),
        rows_data(page, {world.milestone_a.pk: {"forecast_date": "2027-06-30"}}),
    )
    assert response.status_code == 409  # refused under the row lock (issue 10, item 4)
    row = next(f for f in response.context["rows"].forms if f.instance.pk == world.milestone_a.pk)
    assert "Someone changed this milestone since you opened the page" in row.non_field_errors()[0]
    assert "Forecast date" in row.non_field_errors()[0]
    world.milestone_a.refresh_from_db()
    other.refresh_from_db()
    assert world.milestone_a.forecast_date == date(2027, 9, 1)
    assert other.forecast_date == date(2027, 9, 1)  # untouched row: not written back
    # Sent again from the refreshed form, the PM's value wins knowingly.
    response = client.post(
        page_url(world.project_a),
        rows_data(response, {world.milestone_a.pk: {"forecast_date": "2027-06-30"}}),
    )
    assert response.status_code == 302
    world.milestone_a.refresh_from_db()
    other.refresh_from_db()
    assert world.milestone_a.forecast_date == date(2027, 6, 30)
    assert other.forecast_date == date(2027, 9, 1)


def test_a_milestone_of_another_project_cannot_be_slipped_in(client_for, world):
    client = client_for("pm")
    page = client.get(page_url(world.project_a))
    data = rows_data(page, {world.milestone_a.pk: {"forecast_date": "2027-06-30"}})
    data["milestones-0-milestone"] = str(world.milestone_b.pk)
    before_b = snapshot(world.project_b)
    response = client.post(page_url(world.project_a), data)
    assert response.status_code == 200
    assert snapshot(world.project_b) == before_b
    world.milestone_a.refresh_from_db()
    assert world.milestone_a.forecast_date != date(2027, 6, 30)


def test_nothing_changed_saves_nothing(client_for, world):
    client = client_for("pm")
    page = client.get(page_url(world.project_a))
    response = client.post(page_url(world.project_a), rows_data(page))
    assert response.status_code == 302
    assert "Nothing changed" in client.get(response["Location"]).content.decode()


# --- permissions -----------------------------------------------------------------------


def test_pm_of_another_project_gets_404(client_for, world):
    client = client_for("pm")
    assert client.get(page_url(world.project_b)).status_code == 404
    assert client.post(page_url(world.project_b), {}).status_code == 404
    assert client.post(add_url(world.project_b), new_data()).status_code == 404
    assert not Milestone.objects.filter(name="Recette utilisateur").exists()


def test_executive_reads_but_cannot_write(client_for, world):
    client = client_for("executive")
    page = client.get(page_url(world.project_a))
    assert page.status_code == 200
    assert page.context["rows"] is None
    assert add_url(world.project_a) not in page.content.decode()
    assert client.post(add_url(world.project_a), new_data()).status_code == 403
    before = snapshot(world.project_a)
    data = {
        "milestones-TOTAL_FORMS": "1",
        "milestones-INITIAL_FORMS": "1",
        "milestones-0-milestone": str(world.milestone_a.pk),
        "milestones-0-baseline_date": "2027-01-01",
        "milestones-0-forecast_date": "2027-01-01",
        "milestones-0-status": "planned",
    }
    assert client.post(page_url(world.project_a), data).status_code == 403
    assert snapshot(world.project_a) == before
    assert not Milestone.objects.filter(name="Recette utilisateur").exists()


def test_pmo_writes_on_any_project(client_for, world):
    client = client_for("pmo")
    assert client.post(add_url(world.project_b), new_data()).status_code == 302
    assert Milestone.objects.get(name="Recette utilisateur").project == world.project_b
    page = client.get(page_url(world.project_b))
    response = client.post(
        page_url(world.project_b),
        rows_data(page, {world.milestone_b.pk: {"forecast_date": "2027-06-30"}}),
    )
    assert response.status_code == 302
    world.milestone_b.refresh_from_db()
    assert world.milestone_b.forecast_date == date(2027, 6, 30)


# --- query counts --------------------------------------------------------------------------


def _count(client, method, url, data=None):
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 302)
    return len(captured)


@pytest.mark.parametrize("role", ["pm", "executive"])
def test_page_query_count_does_not_grow_with_milestones(
    client_for, world, django_assert_max_num_queries, role
):
    client = client_for(role)
    url = page_url(world.project_a)
    MilestoneFactory.create_batch(2, project=world.project_a)  # 3
    client.get(url)  # warm the session
    with_3 = _count(client, "get", url)
    MilestoneFactory.create_batch(57, project=world.project_a)  # 60
    with_60 = _count(client, "get", url)
    assert with_3 == with_60
    with django_assert_max_num_queries(10):
        client.get(url)


def test_saving_query_count_does_not_grow_with_milestones(client_for, world):
    client = client_for("pm")
    url = page_url(world.project_a)

    def save_all_forecasts(day: str) -> int:
        page = client.get(url)
        changes = {form.instance.pk: {"forecast_date": day} for form in page.context["rows"].forms}
        return _count(client, "post", url, rows_data(page, changes))

    MilestoneFactory.create_batch(2, project=world.project_a)
    with_3 = save_all_forecasts("2027-05-01")
    MilestoneFactory.create_batch(57, project=world.project_a)
    with_60 = save_all_forecasts("2027-05-02")
    assert with_3 == with_60
    assert set(world.project_a.milestones.values_list("forecast_date", flat=True)) == {
        date(2027, 5, 2)
    }
