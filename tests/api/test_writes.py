"""Status reports written through the API: the PM's form and services behind it — a draft
opened for this period, saved over the version read (409 with the stored report when it
moved, nothing saved), submitted (locked, the project's declared status updated), the form's
messages for bad values, and the web's permissions (404 outside the scope, 403 in it)."""

from __future__ import annotations

import pytest

from pmo_portal.models import ApiTokenScope
from reporting.models import ReportStatus, StatusReport
from tests.api.test_tokens import assert_problem

pytestmark = pytest.mark.django_db
WRITE = (ApiTokenScope.READ, ApiTokenScope.WRITE_STATUS)


def patch(api, report, body, headers):
    return api.patch(
        f"/api/v1/status-reports/{report.pk}/",
        body,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        **headers,
    )


def test_the_pm_opens_this_periods_draft_once(api, bearer, world):
    headers = bearer("pm", scopes=WRITE)
    world.draft_a.delete()
    first = api.post(f"/api/v1/projects/{world.project_a.pk}/status-reports/", **headers)
    assert first.status_code == 201
    body = first.json()
    assert (body["status"], body["project"]) == ("draft", world.project_a.pk)
    # Pre-filled from the last submitted report, as the Report button does.
    assert body["health_overall"] == world.report_a.health_overall
    again = api.post(f"/api/v1/projects/{world.project_a.pk}/status-reports/", **headers)
    assert (again.status_code, again.json()["id"]) == (200, body["id"])
    assert StatusReport.objects.filter(project=world.project_a).count() == 2


def test_saving_over_a_version_that_moved_is_a_conflict(api, bearer, world):
    headers = bearer("pm", scopes=WRITE)
    draft = world.draft_a
    read = api.get(f"/api/v1/status-reports/{draft.pk}/", **headers).json()
    saved = patch(api, draft, {"version": read["version"], "achievements": "Lot 1 livré."}, headers)
    assert saved.status_code == 200, saved.content
    assert saved.json()["version"] == read["version"] + 1
    # A second client still holds the version it read first.
    stale = patch(api, draft, {"version": read["version"], "achievements": "Écrasé ?"}, headers)
    body = assert_problem(stale, 409)
    assert body["current"]["achievements"] == "Lot 1 livré."
    assert body["current"]["version"] == read["version"] + 1
    draft.refresh_from_db()
    assert draft.achievements == "Lot 1 livré."
    # Saving again over the version now seen is a deliberate choice: it goes through.
    retry = patch(api, draft, {"version": body["current"]["version"], "comment": "Vu."}, headers)
    assert retry.status_code == 200


def test_submitting_locks_the_report_and_declares_the_status(api, bearer, world):
    headers = bearer("pm", scopes=WRITE)
    draft = world.draft_a
    body = {"version": draft.version, "health_overall": 3, "percent_complete": 55, "submit": True}
    response = patch(api, draft, body, headers)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == ReportStatus.SUBMITTED
    world.project_a.refresh_from_db()
    assert (world.project_a.health_overall, world.project_a.percent_complete) == (3, 55)
    again = patch(api, draft, {"version": draft.version + 1, "comment": "Oubli"}, headers)
    assert "locked" in assert_problem(again, 403)["detail"]


def test_a_bad_value_gets_the_forms_message_and_nothing_is_saved(api, bearer, world):
    headers = bearer("pm", scopes=WRITE)
    draft = world.draft_a
    before = (draft.version, draft.achievements)
    body = {"version": draft.version, "health_overall": 9, "achievements": "Ne doit pas rester"}
    errors = assert_problem(patch(api, draft, body, headers), 400)["errors"]
    assert "health_overall" in errors
    early = {"version": draft.version, "forecast_end": "1990-01-01"}
    errors = assert_problem(patch(api, draft, early, headers), 400)["errors"]
    assert "cannot be before the project starts" in errors["forecast_end"][0]
    draft.refresh_from_db()
    assert (draft.version, draft.achievements) == before


def test_milestones_move_with_the_report_and_only_the_projects_own(api, bearer, world):
    headers = bearer("pm", scopes=WRITE)
    draft, milestone = world.draft_a, world.milestone_a
    change = {"id": milestone.pk, "forecast_date": "2027-06-30", "status": "cancelled"}
    response = patch(api, draft, {"version": draft.version, "milestones": [change]}, headers)
    assert response.status_code == 200, response.content
    milestone.refresh_from_db()
    assert (str(milestone.forecast_date), milestone.status) == ("2027-06-30", "cancelled")
    achieved = {**change, "status": "achieved"}  # without its date: the form's message
    version = response.json()["version"]
    body = patch(api, draft, {"version": version, "milestones": [achieved]}, headers)
    assert "needs its date" in str(assert_problem(body, 400)["errors"])
    foreign = {**change, "id": world.milestone_b.pk}
    body = patch(api, draft, {"version": version, "milestones": [foreign]}, headers)
    assert "does not belong" in str(assert_problem(body, 400)["errors"])


@pytest.mark.parametrize(
    ("role", "status"), [("outsider", 404), ("executive", 403), ("finance", 403), ("pmo", 200)]
)
def test_who_may_write_a_report_is_who_may_on_the_web(api, bearer, world, role, status):
    draft = world.draft_a
    response = patch(
        api, draft, {"version": draft.version, "comment": "x"}, bearer(role, scopes=WRITE)
    )
    assert response.status_code == status


def test_a_read_token_may_not_write(api, bearer, world):
    draft = world.draft_a
    response = patch(api, draft, {"version": draft.version, "comment": "x"}, bearer("pm"))
    assert "scope" in assert_problem(response, 403)["detail"]
