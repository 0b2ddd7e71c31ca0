"""The status report: opened pre-filled, saved as a draft, submitted (locked, published),
validated, protected against concurrent edits, reopened by the PMO."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from portfolios.models import Project
from reporting.models import MilestoneSnapshot, MilestoneStatus, ReportStatus, StatusReport
from reporting.services import reports as services
from tests.reporting.factories import MilestoneFactory, StatusReportFactory

EN = {"accept-language": "en"}


def form_data(report, milestones=(), **overrides):
    data = {name: getattr(report, name) for name in services.REPORT_FIELDS}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["forecast_end"] = report.forecast_end.isoformat() if report.forecast_end else ""
    data["version"] = report.version
    data["action"] = "save"
    data["milestones-TOTAL_FORMS"] = len(milestones)
    data["milestones-INITIAL_FORMS"] = len(milestones)
    data["milestones-MIN_NUM_FORMS"] = 0
    data["milestones-MAX_NUM_FORMS"] = 1000
    for i, milestone in enumerate(milestones):
        data[f"milestones-{i}-id"] = milestone.pk
        data[f"milestones-{i}-forecast_date"] = milestone.forecast_date.isoformat()
        data[f"milestones-{i}-actual_date"] = (
            milestone.actual_date.isoformat() if milestone.actual_date else ""
        )
        data[f"milestones-{i}-status"] = milestone.status
    data.update(overrides)
    return data


def edit_url(report):
    return reverse("reporting:report_edit", args=[report.pk])


@pytest.fixture
def fresh_project(world):
    """Project A with only last period's submitted report (no current draft)."""
    world.draft_a.delete()
    return world.project_a


def test_starting_the_period_opens_a_draft_prefilled_from_last_report(
    client_for, world, fresh_project
):
    world.report_a.health_overall = 3
    world.report_a.percent_complete = 55
    world.report_a.save()
    client = client_for("pm")
    response = client.post(reverse("reporting:report_start", args=[fresh_project.pk]))
    draft = StatusReport.objects.get(project=fresh_project, status=ReportStatus.DRAFT)
    assert response["Location"] == edit_url(draft)
    assert draft.period_start == services.current_period(fresh_project).start
    assert (draft.health_overall, draft.percent_complete) == (3, 55)
    assert draft.achievements == ""  # what was done is new every period
    # Starting again returns the same draft.
    again = client.post(reverse("reporting:report_start", args=[fresh_project.pk]))
    assert again["Location"] == edit_url(draft)
    page = client.get(edit_url(draft), headers=EN)
    assert b"Last period:" in page.content
    assert b"pre-filled from the report of" in page.content


def test_submit_publishes_health_updates_milestones_and_locks(client_for, world):
    client = client_for("pm")
    draft = world.draft_a
    milestone = world.milestone_a
    new_forecast = milestone.forecast_date + timedelta(days=21)
    data = form_data(
        draft,
        [milestone],
        health_overall=4,
        health_schedule=4,
        eac="175000.00",
        action="submit",
    )
    data["milestones-0-forecast_date"] = new_forecast.isoformat()
    response = client.post(edit_url(draft), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ReportStatus.SUBMITTED
    assert draft.submitted_by == world.users["pm"]
    project = Project.objects.get(pk=world.project_a.pk)
    assert (project.health_overall, project.health_schedule) == (4, 4)
    assert project.eac == Decimal("175000.00")
    assert project.status_date == draft.period_end
    milestone.refresh_from_db()
    assert milestone.forecast_date == new_forecast
    snapshot = MilestoneSnapshot.objects.get(report=draft, milestone=milestone)
    assert snapshot.forecast_date == new_forecast
    # Locked: the form redirects to the report, a POST is refused.
    assert client.get(edit_url(draft))["Location"] == draft.get_absolute_url()
    assert client.post(edit_url(draft), data).status_code == 403
    assert project.history.first().history_user == world.users["pm"]


def test_saving_leaves_the_milestones_the_pm_did_not_change_alone(client_for, world):
    """A milestone shown on the form but not changed is not written: no history entry and
    no new version, so whoever edits it on the milestone page meanwhile gets no conflict;
    the one the PM moved is written, once."""
    client = client_for("pm")
    draft = world.draft_a
    moved = world.milestone_a
    kept = MilestoneFactory(project=world.project_a, name="Recette")
    versions = {m.pk: m.version for m in (moved, kept)}
    history = {m.pk: m.history.count() for m in (moved, kept)}
    data = form_data(draft, [moved, kept])
    data["milestones-0-forecast_date"] = (moved.forecast_date + timedelta(days=7)).isoformat()
    assert client.post(edit_url(draft), data).status_code == 302
    moved.refresh_from_db()
    kept.refresh_from_db()
    assert (moved.version, moved.history.count()) == (versions[moved.pk] + 1, history[moved.pk] + 1)
    assert (kept.version, kept.history.count()) == (versions[kept.pk], history[kept.pk])
    # Saved again as is: nothing moves.
    draft.refresh_from_db()
    assert client.post(edit_url(draft), form_data(draft, [moved, kept])).status_code == 302
    moved.refresh_from_db()
    assert moved.version == versions[moved.pk] + 1


def test_save_draft_keeps_it_editable(client_for, world):
    client = client_for("pm")
    draft = world.draft_a
    response = client.post(edit_url(draft), form_data(draft, achievements="Lot 2 livré."))
    assert response["Location"] == edit_url(draft)
    draft.refresh_from_db()
    assert (draft.status, draft.achievements, draft.version) == ("draft", "Lot 2 livré.", 2)
    assert Project.objects.get(pk=world.project_a.pk).health_overall is None  # not published


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"percent_complete": "101"}, "percent_complete", "less than or equal to 100"),
        ({"percent_complete": "-1"}, "percent_complete", "greater than or equal to 0"),
        ({"eac": "-10"}, "eac", "greater than or equal to 0"),
        ({"eac": "abc"}, "eac", "Enter a number."),
        ({"forecast_end": "2020-01-01"}, "forecast_end", "cannot be before the project starts"),
        ({"forecast_end": "31/02/2027"}, "forecast_end", "Enter a valid date."),
        ({"health_overall": "9"}, "health_overall", "Select a valid choice."),
        ({"health_budget": ""}, "health_budget", "This field is required."),
    ],
)
def test_bad_input_gives_field_errors_and_saves_nothing(
    client_for, world, overrides, field, message
):
    draft = world.draft_a
    before = StatusReport.objects.values().get(pk=draft.pk)
    data = form_data(draft, [world.milestone_a], action="submit", **overrides)
    response = client_for("pm").post(edit_url(draft), data, headers=EN)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert b'id="form-errors"' in response.content
    assert StatusReport.objects.values().get(pk=draft.pk) == before
    assert Project.objects.get(pk=world.project_a.pk).health_overall is None


def test_achieved_milestone_needs_its_date_and_nothing_is_saved(client_for, world):
    draft, milestone = world.draft_a, world.milestone_a
    data = form_data(draft, [milestone], achievements="changed", action="submit")
    data["milestones-0-status"] = MilestoneStatus.ACHIEVED
    response = client_for("pm").post(edit_url(draft), data, headers=EN)
    assert response.status_code == 200
    assert b"An achieved milestone needs its date." in response.content
    draft.refresh_from_db()
    milestone.refresh_from_db()
    assert (draft.achievements, draft.status) != ("changed", "submitted")
    assert milestone.status == MilestoneStatus.PLANNED


def test_a_milestone_of_another_project_is_refused(client_for, world):
    draft = world.draft_a
    data = form_data(draft, [world.milestone_b], action="submit")
    response = client_for("pm").post(edit_url(draft), data, headers=EN)
    assert response.status_code == 200
    assert b"does not belong to the project" in response.content
    world.milestone_b.refresh_from_db()
    assert StatusReport.objects.get(pk=draft.pk).status == ReportStatus.DRAFT


def test_concurrent_edit_shows_a_conflict_instead_of_overwriting(client_for, world):
    draft = world.draft_a
    stale = form_data(draft, achievements="Ma version", health_overall=1)
    # Someone else (the PMO) saves first.
    services.save_report(
        report=draft,
        user=world.users["pmo"],
        data={"achievements": "Version du PMO", "health_overall": 3},
        version=draft.version,
    )
    response = client_for("pm").post(edit_url(draft), stale, headers=EN)
    assert response.status_code == 200
    assert b'id="conflict"' in response.content
    assert response.context["conflict"]["by"] == world.users["pmo"]
    labels = [str(row["label"]) for row in response.context["conflict"]["rows"]]
    assert "achievements of the period" in labels
    draft.refresh_from_db()
    assert draft.achievements == "Version du PMO"  # never silently overwritten
    # The form now carries the current version: saving again deliberately works.
    retry = form_data(draft, achievements="Ma version", health_overall=1)
    assert response.context["form"]["version"].value() == draft.version
    assert client_for("pm").post(edit_url(draft), retry).status_code == 302
    draft.refresh_from_db()
    assert draft.achievements == "Ma version"


def test_pmo_reopens_with_a_reason_kept_in_history(client_for, world):
    report = world.report_a
    url = reverse("reporting:report_reopen", args=[report.pk])
    client = client_for("pmo")
    client.post(url, {"reason": ""})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED  # no reason, no reopening
    client.post(url, {"reason": "EAC erroné, à corriger"})
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert report.history.first().history_change_reason == "EAC erroné, à corriger"
    page = client.get(report.get_absolute_url(), headers=EN)
    assert b"Reopened: EAC erron" in page.content


def test_a_late_report_for_an_older_period_does_not_overwrite_newer_status(world):
    project = world.project_a
    newer = StatusReportFactory(
        project=project, period=services.current_period(project).following(), draft=True
    )
    services.save_report(
        report=newer, user=world.users["pm"], data={"health_overall": 1}, version=1, submit=True
    )
    services.save_report(
        report=world.draft_a,
        user=world.users["pm"],
        data={"health_overall": 4},
        version=world.draft_a.version,
        submit=True,
    )
    assert Project.objects.get(pk=project.pk).health_overall == 1


def test_pm_desk_lists_what_is_due(client_for, world):
    response = client_for("pm").get(reverse("reporting:my_reports"), headers=EN)
    desk = response.context["desk"]
    assert [(row.project.code, row.state) for row in desk] == [("PRJ-A", "draft")]
    assert b"Continue the PRJ-A report" in response.content
    home = client_for("pm").get(reverse("home"), headers=EN)
    assert b"My projects: due this period" in home.content


def test_project_reports_page_and_slip_chart(client_for, world):
    services.save_report(
        report=world.draft_a,
        user=world.users["pm"],
        data={},
        version=world.draft_a.version,
        submit=True,
    )
    response = client_for("executive").get(
        reverse("reporting:project_reports", args=[world.project_a.pk]), headers=EN
    )
    assert [r.pk for r in response.context["reports"]] == [world.draft_a.pk, world.report_a.pk]
    assert response.context["has_trend"]
    assert b"<svg" in response.content
    assert b"Go-live Alpha" in response.content
    assert b"Write this period" not in response.content  # an executive reads, never writes


@pytest.mark.parametrize("n", [3, 12])
def test_report_pages_query_count_does_not_grow(
    client_for, world, django_assert_max_num_queries, n
):
    project = world.project_a
    period = world.report_a.period
    for _ in range(n):
        period = period.previous()
        StatusReportFactory(project=project, period=period)
    for i in range(n):
        MilestoneFactory(project=project, name=f"Jalon {i}")
    client = client_for("pm")
    url = reverse("reporting:project_reports", args=[project.pk])
    client.get(url)
    with django_assert_max_num_queries(16):
        client.get(url)
    with django_assert_max_num_queries(22):
        client.get(edit_url(world.draft_a))
    with django_assert_max_num_queries(14):
        client.get(reverse("reporting:my_reports"))


def test_a_closed_project_owes_no_report(client_for, world, fresh_project):
    Project.objects.filter(pk=fresh_project.pk).update(status="closed")
    client = client_for("pm")
    response = client.post(reverse("reporting:report_start", args=[fresh_project.pk]))
    assert response["Location"] == reverse("reporting:project_reports", args=[fresh_project.pk])
    assert not StatusReport.objects.filter(project=fresh_project, status="draft").exists()
    page = client.get(response["Location"], headers=EN)
    assert b"No report is due: the project is closed." in page.content
