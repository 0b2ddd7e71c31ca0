"""Steering committees (COPIL): planning meetings and series, the decision log, the settings,
asking for a pack, watching its progress, and downloading it."""

import hashlib
from datetime import date, datetime, time
from io import BytesIO
from zoneinfo import ZoneInfo

import html5lib
import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from pmo_portal.roles import Role
from reporting.models import (
    CopilDecision,
    CopilMeeting,
    CopilPack,
    CopilSettings,
    DecisionStatus,
    MeetingStatus,
    PackStatus,
)
from reporting.services import copil as services
from tests.portfolios.factories import ProjectFactory, UserFactory
from tests.reporting.factories_copil import (
    CopilDecisionFactory,
    CopilMeetingFactory,
    CopilPackFactory,
    done_pack,
    in_days,
    small_pdf,
)

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def english(settings):
    """The assertions read the English UI (the portal defaults to French)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def media(world, settings, tmp_path):
    """Where packs and logos are stored (set after the world, which sets its own)."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def today_is(monkeypatch):
    """``today_is(date(2026, 12, 15))``: the portal's clock reads that day, at noon in Paris."""
    real_localdate = timezone.localdate

    def set_today(day: date) -> None:
        noon = datetime.combine(day, time(12), tzinfo=PARIS)

        def localdate(value=None, timezone=None):
            return day if value is None else real_localdate(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)
        monkeypatch.setattr("django.utils.timezone.now", lambda: noon)

    return set_today


@pytest.fixture
def queued(monkeypatch):
    """Pack ids handed to the ``pdf`` queue (``render_copil_pack.delay``), in order."""
    calls: list[int] = []
    monkeypatch.setattr("reporting.tasks.render_copil_pack.delay", calls.append)
    return calls


@pytest.fixture
def meeting_a(world):
    """A COPIL of portfolio P1 in ten days (the executive sees it, through BU North)."""
    return CopilMeetingFactory(title="COPIL Nord", portfolio=world.p1)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def valid_html(response) -> str:
    content = response.content.decode()
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    if content.lstrip()[:9].lower() == "<!doctype":
        parser.parse(content)
    else:
        parser.parseFragment(content)
    return content


def detail_url(meeting) -> str:
    return reverse("reporting:copil_detail", args=[meeting.pk])


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


# --- the decision log ------------------------------------------------------------------------


def decision_data(world, **overrides) -> dict:
    data = {
        "text": "Lancer l'appel d'offres du lot 2",
        "project": world.project_a.pk,
        "owner": world.users["pm"].pk,
        "due_date": "2027-02-15",
        "status": "open",
        "follow_up": "",
    }
    data.update(overrides)
    return {f"decision-{key}": value for key, value in data.items()}


@pytest.mark.parametrize("role", ["pmo", "executive"])
def test_a_decision_is_recorded(client_for, world, meeting_a, role):
    url = reverse("reporting:decision_create", args=[meeting_a.pk])
    response = client_for(role).post(url, decision_data(world))
    assert response.status_code == 302
    assert response["Location"] == detail_url(meeting_a) + "#decisions"
    decision = CopilDecision.objects.get()
    assert decision.meeting == meeting_a
    assert decision.project == world.project_a
    assert decision.owner == world.users["pm"]
    assert decision.due_date == date(2027, 2, 15)
    assert messages_of(response) == ["Decision recorded."]


def test_a_decision_on_a_project_outside_the_meeting_is_refused(client_for, world, meeting_a):
    url = reverse("reporting:decision_create", args=[meeting_a.pk])
    response = client_for("executive").post(url, decision_data(world, project=world.project_b.pk))
    assert response.status_code == 200
    errors = response.context["decision_form"].errors
    assert list(errors) == ["project"]
    page = valid_html(response)
    assert "The decision was not saved" in page
    assert '<details class="card" open>' in page  # the form stays open on its errors
    assert not CopilDecision.objects.exists()


def test_the_service_refuses_a_project_outside_the_meeting_with_a_message(world, meeting_a):
    with pytest.raises(ValidationError) as raised:
        services.record_decision(
            meeting=meeting_a,
            user=world.users["pmo"],
            data={"text": "Arrêter Bravo", "project": world.project_b},
        )
    assert raised.value.message_dict == {
        "project": ["Choose a project covered by this steering committee."]
    }
    assert not CopilDecision.objects.exists()


def test_a_portfolio_copil_covers_the_projects_of_its_sub_portfolios(world):
    meeting = CopilMeetingFactory(portfolio=world.north)
    decision = services.record_decision(
        meeting=meeting,
        user=world.users["pmo"],
        data={"text": "Prioriser Alpha", "project": world.project_a},
    )
    assert decision.project == world.project_a


def test_a_project_copil_takes_decisions_on_its_project_only(world):
    meeting = CopilMeetingFactory(portfolio=None, project=world.project_a)
    services.record_decision(
        meeting=meeting, user=world.users["pmo"], data={"text": "Go", "project": world.project_a}
    )
    with pytest.raises(ValidationError):
        services.record_decision(
            meeting=meeting,
            user=world.users["pmo"],
            data={"text": "Go", "project": world.project_b},
        )
    assert CopilDecision.objects.count() == 1


def test_an_empty_decision_is_refused(client_for, world, meeting_a):
    url = reverse("reporting:decision_create", args=[meeting_a.pk])
    response = client_for("pmo").post(url, decision_data(world, text=""))
    assert response.status_code == 200
    assert "text" in response.context["decision_form"].errors
    valid_html(response)
    assert not CopilDecision.objects.exists()


def test_a_decision_is_followed_up(client_for, world, meeting_a):
    decision = CopilDecisionFactory(meeting=meeting_a, project=world.project_a)
    url = reverse("reporting:decision_edit", args=[decision.pk])
    response = client_for("executive").post(
        url,
        {
            "text": decision.text,
            "project": world.project_a.pk,
            "owner": "",
            "due_date": "",
            "status": "done",
            "follow_up": "Appel d'offres publié le 10 février.",
        },
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DONE
    assert decision.follow_up == "Appel d'offres publié le 10 février."
    assert decision.history.first().history_change_reason == "changed by exec_user"


def test_the_next_meeting_shows_the_follow_up_of_the_previous_one(client_for, world):
    earlier = CopilMeetingFactory(
        portfolio=world.p1, title="COPIL de janvier", scheduled_at=in_days(-60)
    )
    cancelled = CopilMeetingFactory(
        portfolio=world.p1,
        title="COPIL annulé",
        scheduled_at=in_days(-30),
        status=MeetingStatus.CANCELLED,
    )
    CopilDecisionFactory(
        meeting=earlier,
        text="Recruter un architecte",
        status=DecisionStatus.IN_PROGRESS,
        follow_up="Deux candidats en lice.",
    )
    CopilDecisionFactory(meeting=cancelled, text="Décision d'une réunion annulée")
    meeting = CopilMeetingFactory(portfolio=world.p1, scheduled_at=in_days(5))
    page = valid_html(client_for("executive").get(detail_url(meeting)))
    assert "COPIL de janvier" in page
    assert "Recruter un architecte" in page
    assert "Deux candidats en lice." in page
    assert "In progress" in page
    assert "Décision d'une réunion annulée" not in page


# --- settings ------------------------------------------------------------------------------


def png_bytes(size=(40, 20)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, (0, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (40, 20), (0, 90, 160)).save(buffer, format="JPEG")
    return buffer.getvalue()


def settings_data(logo=None, **overrides) -> dict:
    data = {
        "organisation": "Groupe Exemple",
        "confidentiality": "Diffusion restreinte",
        "days_before": "3",
    }
    data.update(overrides)
    if logo is not None:
        data["logo"] = logo
    return data


def test_pmo_saves_the_settings_with_a_small_png_logo(client_for, media):
    url = reverse("reporting:copil_settings")
    logo = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    response = client_for("pmo").post(url, settings_data(logo))
    assert response.status_code == 302
    assert messages_of(response) == ["COPIL settings saved."]
    saved = CopilSettings.current()
    assert saved.pk is not None
    assert (saved.organisation, saved.days_before) == ("Groupe Exemple", 3)
    assert saved.logo.name.startswith("copil/logo/")
    assert (media / saved.logo.name).read_bytes() == png_bytes()
    # Saving again without a new file keeps the logo (and the single row).
    response = client_for("pmo").post(url, settings_data(organisation="Groupe"))
    assert response.status_code == 302
    assert CopilSettings.objects.count() == 1
    assert CopilSettings.current().logo.name == saved.logo.name


def test_a_jpeg_logo_is_accepted(client_for, media):
    logo = SimpleUploadedFile("logo.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = client_for("pmo").post(reverse("reporting:copil_settings"), settings_data(logo))
    assert response.status_code == 302
    assert CopilSettings.current().logo


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        pytest.param(
            "logo.png",
            png_bytes() + b"\0" * (1024 * 1024),
            "The logo is too large: at most 1 MB.",
            id="over-1MB",
        ),
        pytest.param(
            "logo.png", small_pdf(1), "The logo must be a PNG or JPEG image.", id="pdf-as-png"
        ),
        pytest.param(
            "logo.png", b"Not an image at all\n", "The logo must be a PNG or JPEG image.", id="text"
        ),
        pytest.param(
            "logo.png", png_bytes()[:40], "The logo must be a PNG or JPEG image.", id="truncated"
        ),
        pytest.param(
            "logo.pdf",
            png_bytes(),
            "The file name does not match its type (PNG or JPEG).",
            id="png-named-pdf",
        ),
        pytest.param(
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"/>',
            "The logo must be a PNG or JPEG image.",
            id="svg",
        ),
    ],
)
def test_a_bad_logo_is_refused_with_a_clear_message(client_for, media, name, content, message):
    logo = SimpleUploadedFile(name, content, content_type="image/png")
    response = client_for("pmo").post(reverse("reporting:copil_settings"), settings_data(logo))
    assert response.status_code == 200
    assert response.context["form"].errors == {"logo": [message]}
    page = valid_html(response)
    assert "The settings were not saved" in page
    assert message in page
    assert not CopilSettings.objects.exists()
    assert not list(media.rglob("*.*"))


def test_days_before_is_at_most_thirty(client_for):
    response = client_for("pmo").post(
        reverse("reporting:copil_settings"), settings_data(days_before="31")
    )
    assert response.status_code == 200
    assert "days_before" in response.context["form"].errors
    assert not CopilSettings.objects.exists()


# --- asking for a pack -----------------------------------------------------------------------


def generate_url(meeting) -> str:
    return reverse("reporting:pack_generate", args=[meeting.pk])


@pytest.mark.parametrize("role", ["pmo", "executive"])
def test_generate_creates_one_pending_pack_queued_after_commit(
    client_for, world, meeting_a, queued, django_capture_on_commit_callbacks, role
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client_for(role).post(generate_url(meeting_a))
        assert queued == []  # not before the request's transaction commits
    pack = CopilPack.objects.get()
    assert len(callbacks) == 1
    assert queued == [pack.pk]
    assert pack.status == PackStatus.PENDING
    assert pack.trigger == "on_demand"
    assert pack.requested_by == world.users[role]
    assert pack.language == meeting_a.language
    assert response.status_code == 302
    assert response["Location"] == detail_url(meeting_a) + "#packs"
    assert messages_of(response) == ["The pack is being generated; this page shows its progress."]
    page = valid_html(client_for(role).get(response["Location"]))
    assert "Waiting for the PDF worker" in page
    assert reverse("reporting:pack_status", args=[pack.pk]) in page  # it polls
    assert "Generate the pack" not in page  # no second button while one is on its way


def test_a_second_click_while_pending_creates_nothing(
    client_for, meeting_a, queued, django_capture_on_commit_callbacks
):
    client = client_for("executive")
    client.post(generate_url(meeting_a), follow=True)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(generate_url(meeting_a))
    assert CopilPack.objects.count() == 1
    assert callbacks == []
    assert queued == []
    assert messages_of(response) == ["A pack is already being generated for this meeting."]


def test_a_click_while_running_creates_nothing(client_for, meeting_a, queued):
    running = CopilPackFactory(
        meeting=meeting_a, status=PackStatus.RUNNING, started_at=timezone.now()
    )
    response = client_for("pmo").post(generate_url(meeting_a))
    assert list(CopilPack.objects.all()) == [running]
    assert messages_of(response) == ["A pack is already being generated for this meeting."]


def test_a_new_pack_may_be_asked_once_the_last_one_is_done(client_for, meeting_a, media, queued):
    done_pack(meeting_a)
    response = client_for("pmo").post(generate_url(meeting_a))
    assert response.status_code == 302
    assert CopilPack.objects.filter(status=PackStatus.PENDING).count() == 1
    assert CopilPack.objects.count() == 2


def test_generate_from_htmx_answers_with_the_polling_partial(client_for, meeting_a, queued):
    response = client_for("pmo").post(generate_url(meeting_a), headers={"HX-Request": "true"})
    pack = CopilPack.objects.get()
    assert response.status_code == 200
    fragment = valid_html(response)
    assert "<html" not in fragment
    assert f'hx-get="{reverse("reporting:pack_status", args=[pack.pk])}"' in fragment
    assert 'hx-trigger="every 2s"' in fragment
    # No flash message left behind for the next full page.
    page = valid_html(client_for("pmo").get(detail_url(meeting_a)))
    assert "The pack is being generated" not in page


# --- the progress partial --------------------------------------------------------------------


def status_of(client, pack) -> str:
    response = client.get(reverse("reporting:pack_status", args=[pack.pk]))
    assert response.status_code == 200
    return valid_html(response)


def test_the_partial_shows_progress_while_pending_or_running(client_for, meeting_a):
    client = client_for("executive")
    pack = CopilPackFactory(meeting=meeting_a)
    fragment = status_of(client, pack)
    assert "Waiting for the PDF worker…" in fragment
    assert 'hx-trigger="every 2s"' in fragment
    assert "Download" not in fragment

    CopilPack.objects.filter(pk=pack.pk).update(
        status=PackStatus.RUNNING, started_at=timezone.now(), attempts=1
    )
    fragment = status_of(client, pack)
    assert "Generating the pack…" in fragment
    assert 'hx-trigger="every 2s"' in fragment


def test_the_partial_says_when_an_attempt_failed_and_is_retried(client_for, meeting_a):
    pack = CopilPackFactory(meeting=meeting_a, attempts=1, error="TimeoutError: 240 s")
    fragment = status_of(client_for("pmo"), pack)
    assert "The previous attempt failed and is being retried" in fragment
    assert "TimeoutError: 240 s" in fragment
    assert 'hx-trigger="every 2s"' in fragment


def test_the_partial_offers_the_download_once_done_and_stops_polling(client_for, meeting_a, media):
    pack = done_pack(meeting_a)
    fragment = status_of(client_for("executive"), pack)
    assert reverse("reporting:pack_download", args=[pack.pk]) in fragment
    assert "Download the pack (PDF)" in fragment
    assert "3 pages" in fragment
    assert "hx-get" not in fragment


def test_the_partial_shows_the_error_when_failed_and_stops_polling(client_for, meeting_a):
    pack = CopilPackFactory(
        meeting=meeting_a,
        status=PackStatus.FAILED,
        attempts=3,
        error="RuntimeError: WeasyPrint crashed",
        finished_at=timezone.now(),
    )
    fragment = status_of(client_for("executive"), pack)
    assert "The pack could not be generated." in fragment
    assert "After 3 attempts." in fragment
    assert "RuntimeError: WeasyPrint crashed" in fragment
    assert "hx-get" not in fragment
    assert reverse("reporting:pack_download", args=[pack.pk]) not in fragment


def test_the_meeting_page_lists_every_pack_with_its_state(client_for, meeting_a, media):
    done = done_pack(meeting_a)
    CopilPackFactory(
        meeting=meeting_a, status=PackStatus.FAILED, attempts=3, error="OSError: disk full"
    )
    page = valid_html(client_for("executive").get(detail_url(meeting_a)))
    assert reverse("reporting:pack_download", args=[done.pk]) in page
    assert done.sha256[:12] in page
    assert "OSError: disk full" in page
    assert "Generate the pack" in page  # nothing on its way: a new one may be asked


# --- downloading -------------------------------------------------------------------------------


def download_url(pack) -> str:
    return reverse("reporting:pack_download", args=[pack.pk])


def test_download_returns_the_archived_bytes(client_for, meeting_a, media):
    pdf = small_pdf(3)
    pack = done_pack(meeting_a, pdf=pdf)
    response = client_for("executive").get(download_url(pack))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    day = timezone.localtime(meeting_a.scheduled_at).date()
    assert response["Content-Disposition"] == (
        f'attachment; filename="COPIL-{day:%Y-%m-%d}-{pack.pk}.pdf"'
    )
    body = b"".join(response.streaming_content)
    assert body == pdf
    assert response["Content-Length"] == str(len(pdf))
    assert response["ETag"] == f'"{hashlib.sha256(pdf).hexdigest()}"'
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("status", [PackStatus.PENDING, PackStatus.RUNNING, PackStatus.FAILED])
def test_download_of_a_pack_not_done_is_404(client_for, meeting_a, status):
    pack = CopilPackFactory(meeting=meeting_a, status=status)
    assert client_for("pmo").get(download_url(pack)).status_code == 404


def test_download_of_a_pack_whose_file_is_missing_is_404(client_for, meeting_a, media):
    pack = done_pack(meeting_a)
    (media / pack.file.name).unlink()
    assert client_for("pmo").get(download_url(pack)).status_code == 404


@pytest.mark.parametrize("role", ["outsider", "pm", "resource_manager", "finance"])
def test_download_outside_the_portfolio_is_404(client_for, meeting_a, media, role):
    pack = done_pack(meeting_a)
    assert client_for(role).get(download_url(pack)).status_code == 404


def test_an_executive_of_another_portfolio_gets_404(client, world, media):
    meeting_b = CopilMeetingFactory(portfolio=world.p2)
    pack = done_pack(meeting_b)
    client.force_login(world.users["executive"])
    assert client.get(download_url(pack)).status_code == 404
    assert client.get(reverse("reporting:pack_status", args=[pack.pk])).status_code == 404


def test_attendees_and_project_people_read_the_meeting_and_its_pack(client, world, media):
    meeting = CopilMeetingFactory(portfolio=None, project=world.project_b)
    pack = done_pack(meeting)
    attendee = UserFactory(username="invited_cfo", roles=[Role.FINANCE])
    meeting.attendees.add(attendee)
    manager_of_b = world.project_b.manager
    for user in (attendee, manager_of_b):
        client.force_login(user)
        assert client.get(detail_url(meeting)).status_code == 200
        assert client.get(download_url(pack)).status_code == 200
    client.force_login(world.users["pm"])
    assert client.get(download_url(pack)).status_code == 404


# --- the list ------------------------------------------------------------------------------


def test_the_list_shows_upcoming_and_past_meetings_in_few_queries(
    client_for, world, django_assert_max_num_queries
):
    for index in range(30):
        meeting = CopilMeetingFactory(portfolio=world.p1, scheduled_at=in_days(index + 1))
        CopilDecisionFactory.create_batch(2, meeting=meeting)
    project = ProjectFactory(portfolio=world.p1, code="PRJ-C")
    for index in range(5):
        CopilMeetingFactory(
            portfolio=None,
            project=project,
            title=f"Passé {index}",
            scheduled_at=in_days(-index - 1),
        )
    client = client_for("executive")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("reporting:copil_list"))
    assert response.status_code == 200
    page = valid_html(response)
    assert len(response.context["meetings"]) == 25  # one page
    assert response.context["page_obj"].paginator.count == 30
    assert "Passé" not in page
    with django_assert_max_num_queries(10):
        response = client.get(reverse("reporting:copil_list"), {"when": "past"})
    assert [m.title for m in response.context["meetings"]] == [f"Passé {i}" for i in range(5)]
    assert "Project PRJ-C" in valid_html(response)


def test_the_list_shows_only_the_meetings_a_user_may_read(client_for, world):
    CopilMeetingFactory(portfolio=world.p1, title="COPIL Nord")
    CopilMeetingFactory(portfolio=world.p2, title="COPIL Sud")
    response = client_for("executive").get(reverse("reporting:copil_list"))
    assert [m.title for m in response.context["meetings"]] == ["COPIL Nord"]
    response = client_for("pm").get(reverse("reporting:copil_list"))
    assert list(response.context["meetings"]) == []
    assert "No steering committee is planned." in valid_html(response)


def test_the_meeting_page_reads_in_few_queries(
    client_for, world, meeting_a, media, django_assert_max_num_queries
):
    people = [UserFactory(roles=[Role.EXECUTIVE]) for _index in range(8)]
    meeting_a.attendees.set(people)
    for index in range(20):
        CopilDecisionFactory(meeting=meeting_a, owner=people[index % 8], project=world.project_a)
    earlier = CopilMeetingFactory(portfolio=world.p1, scheduled_at=in_days(-30))
    for index in range(10):
        CopilDecisionFactory(meeting=earlier, owner=people[index % 8], project=world.project_a)
    for _index in range(6):
        done_pack(meeting_a, requested_by=people[0])
    client = client_for("executive")
    with django_assert_max_num_queries(18):
        response = client.get(detail_url(meeting_a))
    assert response.status_code == 200
    assert len(response.context["decisions"]) == 20
    valid_html(response)
