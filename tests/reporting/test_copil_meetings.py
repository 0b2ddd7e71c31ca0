"""Steering committees (COPIL): planning a meeting, and a recurring series of them."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting.models import (
    CopilMeeting,
    MeetingStatus,
)
from reporting.services import copil as services
from tests.reporting.copil_helpers import PARIS, detail_url, messages_of, valid_html
from tests.reporting.factories_copil import (
    CopilMeetingFactory,
)

pytestmark = pytest.mark.usefixtures("english")


# --- planning a meeting ------------------------------------------------------------------


def meeting_data(world, **overrides) -> dict:
    data = {
        "title": "COPIL Nord — janvier",
        "portfolio": world.p1.pk,
        "project": "",
        "scheduled_at": "2027-01-05T10:00",
        "location": "Salle Rivoli",
        "attendees": [world.users["executive"].pk, world.users["pmo"].pk],
        "agenda": "Revue des projets en alerte.",
        "language": "fr",
        "project_order": "health",
    }
    data.update(overrides)
    return data


def test_pmo_plans_a_meeting(client_for, world):
    client = client_for("pmo")
    response = client.post(reverse("reporting:copil_create"), meeting_data(world))
    meeting = CopilMeeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(meeting)
    assert meeting.portfolio == world.p1
    assert meeting.project is None
    assert meeting.status == MeetingStatus.PLANNED
    assert meeting.created_by == world.users["pmo"]
    # The time typed is Paris time: 10:00 in January is 09:00 UTC.
    assert timezone.localtime(meeting.scheduled_at, PARIS) == datetime(
        2027, 1, 5, 10, 0, tzinfo=PARIS
    )
    assert meeting.scheduled_at.astimezone(ZoneInfo("UTC")).hour == 9
    assert set(meeting.attendees.all()) == {world.users["executive"], world.users["pmo"]}
    page = valid_html(client.get(response["Location"]))
    assert "COPIL Nord — janvier" in page
    assert "Revue des projets en alerte." in page


def test_a_project_copil_is_planned_without_portfolio(client_for, world):
    response = client_for("pmo").post(
        reverse("reporting:copil_create"),
        meeting_data(world, portfolio="", project=world.project_a.pk, title="COPIL Alpha"),
    )
    assert response.status_code == 302
    meeting = CopilMeeting.objects.get()
    assert (meeting.portfolio, meeting.project) == (None, world.project_a)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        pytest.param(
            {"project": "project_a"},
            "project",
            "Choose either a portfolio or a project, not both.",
            id="both",
        ),
        pytest.param(
            {"portfolio": ""},
            "portfolio",
            "Choose the portfolio (or the project) it steers.",
            id="neither",
        ),
        pytest.param({"scheduled_at": ""}, "scheduled_at", "This field is required.", id="no-date"),
        pytest.param(
            {"scheduled_at": "le 5 janvier"},
            "scheduled_at",
            "Enter a valid date/time.",
            id="bad-date",
        ),
    ],
)
def test_meeting_form_refuses_bad_input(client_for, world, overrides, field, message):
    if overrides.get("project") == "project_a":  # the world is built after collection
        overrides = {**overrides, "project": world.project_a.pk}
    response = client_for("pmo").post(
        reverse("reporting:copil_create"), meeting_data(world, **overrides)
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[field] == [message]
    assert list(form.errors) == [field]  # the scope rule is said once, not again by the model
    page = valid_html(response)
    assert "The steering committee was not saved" in page
    assert message in page
    assert not CopilMeeting.objects.exists()


def test_two_meetings_of_one_portfolio_at_the_same_time_are_refused(client_for, world):
    client = client_for("pmo")
    assert client.post(reverse("reporting:copil_create"), meeting_data(world)).status_code == 302
    response = client.post(reverse("reporting:copil_create"), meeting_data(world, title="Doublon"))
    assert response.status_code == 200
    message = "A steering committee of this scope is already planned at that time."
    assert response.context["form"].errors == {"scheduled_at": [message]}
    assert message in valid_html(response)
    assert list(CopilMeeting.objects.values_list("title", flat=True)) == ["COPIL Nord — janvier"]


def test_pmo_edits_a_meeting_after_it_is_held(client_for, world, meeting_a):
    client = client_for("pmo")
    url = reverse("reporting:copil_edit", args=[meeting_a.pk])
    form = client.get(url).context["form"]
    assert "status" in form.fields
    assert "minutes" in form.fields
    data = meeting_data(
        world,
        title=meeting_a.title,
        scheduled_at=timezone.localtime(meeting_a.scheduled_at).strftime("%Y-%m-%dT%H:%M"),
        status="held",
        minutes="Budget du lot 2 validé.",
        attendees=[world.users["executive"].pk],
    )
    response = client.post(url, data)
    assert response.status_code == 302
    meeting_a.refresh_from_db()
    assert meeting_a.status == MeetingStatus.HELD
    assert meeting_a.minutes == "Budget du lot 2 validé."
    assert list(meeting_a.attendees.all()) == [world.users["executive"]]
    assert meeting_a.history.first().history_change_reason == "changed by pmo_user"


def test_new_meeting_form_has_no_status_nor_minutes(client_for):
    form = client_for("pmo").get(reverse("reporting:copil_create")).context["form"]
    assert "status" not in form.fields
    assert "minutes" not in form.fields


# --- planning a recurring series ---------------------------------------------------------


def series_data(world, **overrides) -> dict:
    data = {
        "title": "COPIL Nord",
        "portfolio": world.p1.pk,
        "project": "",
        "ordinal": "1",
        "weekday": "1",  # Tuesday
        "at": "10:00",
        "first_month": "2027-01-20",  # any day of the month
        "months": "12",
        "location": "Salle Rivoli",
        "attendees": [world.users["executive"].pk],
        "agenda": "Revue mensuelle.",
        "language": "fr",
        "project_order": "priority",
    }
    data.update(overrides)
    return data


def test_first_tuesday_for_twelve_months(client_for, world, today_is):
    today_is(date(2026, 12, 15))
    response = client_for("pmo").post(reverse("reporting:copil_series"), series_data(world))
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:copil_list")
    assert messages_of(response) == ["12 steering committees planned, 0 already in the calendar."]
    meetings = list(CopilMeeting.objects.order_by("scheduled_at"))
    assert len(meetings) == 12
    local = [timezone.localtime(m.scheduled_at, PARIS) for m in meetings]
    assert [moment.date() for moment in local] == [
        date(2027, 1, 5),
        date(2027, 2, 2),
        date(2027, 3, 2),
        date(2027, 4, 6),
        date(2027, 5, 4),
        date(2027, 6, 1),
        date(2027, 7, 6),
        date(2027, 8, 3),
        date(2027, 9, 7),
        date(2027, 10, 5),
        date(2027, 11, 2),
        date(2027, 12, 7),
    ]
    assert {moment.time() for moment in local} == {time(10, 0)}
    # 10:00 in Paris whatever the season: 09:00 UTC in winter, 08:00 UTC in summer.
    assert meetings[0].scheduled_at.astimezone(ZoneInfo("UTC")).hour == 9
    assert meetings[6].scheduled_at.astimezone(ZoneInfo("UTC")).hour == 8
    assert len({m.series for m in meetings}) == 1
    assert meetings[0].series is not None
    assert {m.portfolio_id for m in meetings} == {world.p1.pk}
    assert {m.project_order for m in meetings} == {"priority"}
    assert {m.status for m in meetings} == {MeetingStatus.PLANNED}
    assert all(list(m.attendees.all()) == [world.users["executive"]] for m in meetings)


def test_planning_the_same_series_twice_creates_nothing_more(client_for, world, today_is):
    today_is(date(2026, 12, 15))
    client = client_for("pmo")
    client.post(reverse("reporting:copil_series"), series_data(world), follow=True)
    response = client.post(reverse("reporting:copil_series"), series_data(world))
    assert response.status_code == 302
    assert messages_of(response) == ["0 steering committees planned, 12 already in the calendar."]
    assert CopilMeeting.objects.count() == 12


def test_last_friday_series_skips_dates_already_planned(world, today_is):
    today_is(date(2026, 12, 15))
    existing = CopilMeetingFactory(
        portfolio=world.p1,
        scheduled_at=datetime(2027, 2, 26, 14, 30, tzinfo=PARIS),  # the last Friday of Feb
    )
    created, skipped = services.plan_series(
        user=world.users["pmo"],
        data={"title": "COPIL", "portfolio": world.p1, "status": MeetingStatus.PLANNED},
        first_month=date(2027, 1, 1),
        months=3,
        weekday=4,
        ordinal=-1,
        at=time(14, 30),
    )
    assert [timezone.localtime(m.scheduled_at, PARIS).date() for m in created] == [
        date(2027, 1, 29),
        date(2027, 3, 26),
    ]
    assert skipped == [date(2027, 2, 26)]
    assert CopilMeeting.objects.filter(portfolio=world.p1).count() == 3
    assert existing.series is None


def test_a_series_cannot_start_in_a_past_month(client_for, world, today_is):
    today_is(date(2026, 12, 15))
    response = client_for("pmo").post(
        reverse("reporting:copil_series"), series_data(world, first_month="2026-11-01")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["first_month"] == [
        "The series cannot start in a past month."
    ]
    assert "No meeting was planned" in valid_html(response)
    assert not CopilMeeting.objects.exists()


def test_a_series_whose_first_date_has_passed_is_refused(client_for, world, today_is):
    # 15 December: the first Tuesday of December (the 1st) is over.
    today_is(date(2026, 12, 15))
    response = client_for("pmo").post(
        reverse("reporting:copil_series"), series_data(world, first_month="2026-12-01")
    )
    assert response.status_code == 200
    message = "The first date, 1 Dec 2026, is past: start the series next month."
    assert response.context["form"].errors == {"first_month": [message]}
    assert message in valid_html(response)
    assert not CopilMeeting.objects.exists()


def test_a_series_this_month_is_fine_while_its_first_date_is_ahead(client_for, world, today_is):
    today_is(date(2026, 12, 15))
    response = client_for("pmo").post(
        reverse("reporting:copil_series"),
        series_data(world, first_month="2026-12-01", ordinal="-1", months="2"),
    )
    assert response.status_code == 302
    assert [
        timezone.localtime(m.scheduled_at, PARIS).date()
        for m in CopilMeeting.objects.order_by("scheduled_at")
    ] == [date(2026, 12, 29), date(2027, 1, 26)]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"months": "0"}, "months", id="no-month"),
        pytest.param({"months": "25"}, "months", id="over-two-years"),
        pytest.param({"weekday": "6"}, "weekday", id="sunday"),
        pytest.param({"first_month": ""}, "first_month", id="no-month-given"),
        pytest.param({"portfolio": ""}, "portfolio", id="no-scope"),
    ],
)
def test_series_form_refuses_bad_input(client_for, world, today_is, overrides, field):
    today_is(date(2026, 12, 15))
    response = client_for("pmo").post(
        reverse("reporting:copil_series"), series_data(world, **overrides)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not CopilMeeting.objects.exists()
