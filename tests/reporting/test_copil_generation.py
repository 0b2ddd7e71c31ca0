"""Generating COPIL packs in the background: the claim that makes a rerun harmless, the
archive (file, size, pages, SHA-256, data time), failures and Celery retries, a worker that
died, and the beat task that makes one scheduled pack per meeting and e-mails its attendees
once. The renderer is faked (tests/reporting/factories_copil.py)."""

import hashlib
from datetime import timedelta
from io import BytesIO

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from pmo_portal.models import Notification
from pmo_portal.notifications import deliver_due
from pmo_portal.roles import Role
from reporting.models import CopilPack, CopilSettings, MeetingStatus, PackStatus, PackTrigger
from reporting.services.copil import (
    LOST_AFTER,
    MAX_ATTEMPTS,
    STALE_AFTER,
    generate_pack,
    request_pack,
    schedule_packs,
)
from reporting.tasks import render_copil_pack, schedule_copil_packs
from tests.portfolios.factories import UserFactory
from tests.reporting.factories_copil import (
    CopilMeetingFactory,
    CopilPackFactory,
    FakeRenderer,
    install_fake_renderer,
    small_pdf,
)

BASE_URL = "https://pmo.example.org"


@pytest.fixture(autouse=True)
def portal(settings):
    settings.PORTAL_BASE_URL = BASE_URL
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def media(world, settings, tmp_path):
    """Where the packs are stored (set after the world, which sets its own)."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def render(monkeypatch):
    """The fake renderer (a 3-page PDF); ``render.calls`` lists the meetings it rendered."""
    return install_fake_renderer(monkeypatch)


@pytest.fixture
def queued(monkeypatch):
    """Pack ids handed to the ``pdf`` queue, and how often delivery of e-mails was asked."""
    calls: dict[str, list] = {"render": [], "deliver": []}
    monkeypatch.setattr("reporting.tasks.render_copil_pack.delay", calls["render"].append)
    monkeypatch.setattr(
        "pmo_portal.tasks.deliver_notifications.delay", lambda: calls["deliver"].append(1)
    )
    return calls


@pytest.fixture
def meeting(world):
    return CopilMeetingFactory(portfolio=world.p1, title="COPIL Nord")


# --- generate_pack: claim, render, archive ------------------------------------------------


def test_a_pack_is_rendered_and_archived(meeting, render, media):
    pack = CopilPackFactory(meeting=meeting)
    result = generate_pack(pack_id=pack.pk)
    pack.refresh_from_db()
    assert result == pack
    assert render.calls == [meeting.pk]
    assert pack.status == PackStatus.DONE
    assert pack.attempts == 1
    assert pack.error == ""
    stored = (media / pack.file.name).read_bytes()
    assert stored == render.pdf
    assert pack.size == len(render.pdf)
    assert pack.page_count == 3
    assert len(PdfReader(BytesIO(stored)).pages) == 3
    assert pack.sha256 == hashlib.sha256(render.pdf).hexdigest()
    assert pack.sha256[:12] in pack.file.name
    assert pack.file.name.startswith(f"copil/packs/{meeting.pk}/")
    assert pack.snapshot_at == render.snapshot_at
    assert pack.started_at <= pack.finished_at
    assert pack.render_seconds >= 0


def test_a_second_run_does_nothing(meeting, render, media):
    pack = CopilPackFactory(meeting=meeting)
    generate_pack(pack_id=pack.pk)
    pack.refresh_from_db()
    archived = (pack.file.name, pack.sha256, pack.finished_at, pack.attempts)
    assert generate_pack(pack_id=pack.pk) is None
    pack.refresh_from_db()
    assert render.calls == [meeting.pk]  # no second render
    assert (pack.file.name, pack.sha256, pack.finished_at, pack.attempts) == archived
    assert [path.name for path in media.rglob("*.pdf")] == [pack.file.name.rsplit("/", 1)[1]]


def test_a_pack_being_rendered_by_a_live_worker_is_left_alone(meeting, render):
    pack = CopilPackFactory(
        meeting=meeting, status=PackStatus.RUNNING, started_at=timezone.now(), attempts=1
    )
    assert generate_pack(pack_id=pack.pk) is None
    assert render.calls == []
    pack.refresh_from_db()
    assert (pack.status, pack.attempts) == (PackStatus.RUNNING, 1)


@pytest.mark.parametrize("status", [PackStatus.FAILED, PackStatus.DONE])
def test_a_finished_pack_is_not_rendered_again(meeting, render, status):
    pack = CopilPackFactory(meeting=meeting, status=PackStatus.FAILED, attempts=3)
    if status == PackStatus.DONE:
        CopilPack.objects.filter(pk=pack.pk).update(
            status=status, size=10, page_count=1, sha256="0" * 64
        )
    assert generate_pack(pack_id=pack.pk) is None
    assert render.calls == []


def test_a_pack_whose_worker_died_is_claimed_again(meeting, render):
    # Killed mid-render: "running" for longer than any render may take.
    pack = CopilPackFactory(
        meeting=meeting,
        status=PackStatus.RUNNING,
        started_at=timezone.now() - STALE_AFTER - timedelta(seconds=5),
        attempts=1,
    )
    assert generate_pack(pack_id=pack.pk) is not None
    pack.refresh_from_db()
    assert pack.status == PackStatus.DONE
    assert pack.attempts == 2
    assert render.calls == [meeting.pk]


def test_a_failing_render_goes_back_to_waiting_when_not_final(meeting, monkeypatch):
    render = install_fake_renderer(monkeypatch, FakeRenderer(fail_times=None))
    pack = CopilPackFactory(meeting=meeting)
    with pytest.raises(RuntimeError, match="WeasyPrint crashed"):
        generate_pack(pack_id=pack.pk, final=False)
    pack.refresh_from_db()
    assert pack.status == PackStatus.PENDING
    assert pack.error == "RuntimeError: WeasyPrint crashed"
    assert pack.attempts == 1
    assert pack.finished_at is None
    assert not pack.file
    assert render.calls == [meeting.pk]


def test_a_failing_render_is_failed_when_final(meeting, monkeypatch, media):
    install_fake_renderer(monkeypatch, FakeRenderer(fail_times=None, error=TimeoutError("240 s")))
    pack = CopilPackFactory(meeting=meeting)
    with pytest.raises(TimeoutError):
        generate_pack(pack_id=pack.pk, final=True)
    pack.refresh_from_db()
    assert pack.status == PackStatus.FAILED
    assert pack.error == "TimeoutError: 240 s"
    assert pack.finished_at is not None
    assert not list(media.rglob("*.pdf"))
    # Failed is final: the meeting may ask for a new one.
    assert request_pack(meeting=meeting)[1] is True


# --- the Celery task: retries -------------------------------------------------------------


def test_the_task_is_on_the_pdf_queue_and_not_lost_with_its_worker():
    assert render_copil_pack.queue == "pdf"
    assert render_copil_pack.acks_late is True
    assert render_copil_pack.reject_on_worker_lost is True
    assert render_copil_pack.max_retries == 2
    assert render_copil_pack.soft_time_limit < render_copil_pack.time_limit


def test_the_task_retries_a_failure_and_the_pack_ends_done(meeting, monkeypatch):
    render = install_fake_renderer(monkeypatch, FakeRenderer(fail_times=1))
    pack = CopilPackFactory(meeting=meeting)
    result = render_copil_pack.apply(args=[pack.pk])
    pack.refresh_from_db()
    assert result.get() == "done"
    assert render.calls == [meeting.pk, meeting.pk]
    assert pack.status == PackStatus.DONE
    assert pack.attempts == 2
    assert pack.error == ""  # the earlier failure is not shown on a ready pack


def test_the_task_gives_up_after_its_retries_and_says_why(client_for, meeting, monkeypatch):
    render = install_fake_renderer(
        monkeypatch, FakeRenderer(fail_times=None, error=OSError("font cache unwritable"))
    )
    pack = CopilPackFactory(meeting=meeting)
    result = render_copil_pack.apply(args=[pack.pk])
    pack.refresh_from_db()
    assert result.get() == "failed"
    assert len(render.calls) == 3  # the first attempt and two retries
    assert pack.status == PackStatus.FAILED
    assert pack.attempts == 3
    assert pack.error == "OSError: font cache unwritable"
    response = client_for("executive").get(reverse("reporting:copil_detail", args=[meeting.pk]))
    page = response.content.decode()
    assert "OSError: font cache unwritable" in page
    assert "Generate the pack" in page  # and a new attempt can be asked
    status = client_for("executive").get(reverse("reporting:pack_status", args=[pack.pk]))
    assert "The pack could not be generated." in status.content.decode()
    assert "After 3 attempts." in status.content.decode()


def test_a_rerun_of_the_task_is_skipped(meeting, render):
    pack = CopilPackFactory(meeting=meeting)
    assert render_copil_pack.apply(args=[pack.pk]).get() == "done"
    assert render_copil_pack.apply(args=[pack.pk]).get() == "skipped"
    assert render.calls == [meeting.pk]


# --- scheduled packs (beat) ------------------------------------------------------------------


@pytest.fixture
def attendees(db):
    return [
        UserFactory(username="dg", roles=[Role.EXECUTIVE]),
        UserFactory(username="daf", roles=[Role.FINANCE]),
        UserFactory(username="pmo_lead", roles=[Role.PMO]),
    ]


@pytest.fixture
def pmo_settings(db):
    return CopilSettings.objects.create(days_before=2)


def upcoming(world, attendees, *, days=1, **fields):
    return CopilMeetingFactory(
        portfolio=world.p1,
        title=fields.pop("title", "COPIL Nord"),
        scheduled_at=timezone.now() + timedelta(days=days),
        attendees=attendees,
        **fields,
    )


def tick(capture) -> dict:
    """One beat tick, its on-commit work (queueing renders) run as after a commit."""
    with capture(execute=True):
        return schedule_packs()


def run_renders(capture, pack_ids) -> list[str]:
    results = []
    for pack_id in pack_ids:
        with capture(execute=True):
            results.append(render_copil_pack.apply(args=[pack_id]).get())
    return results


def test_a_meeting_gets_one_scheduled_pack_and_each_attendee_one_email(
    world, attendees, pmo_settings, render, queued, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    meeting = upcoming(world, attendees, language="fr")
    assert tick(capture) == {"requested": 1, "requeued": 0}
    assert tick(capture) == {"requested": 0, "requeued": 0}  # two beat ticks, one pack
    pack = CopilPack.objects.get()
    assert pack.trigger == PackTrigger.SCHEDULED
    assert pack.requested_by is None
    assert queued["render"] == [pack.pk]

    assert run_renders(capture, queued["render"]) == ["done"]
    rows = Notification.objects.filter(kind="copil_pack")
    assert sorted(rows.values_list("to_email", flat=True)) == [
        "daf@example.org",
        "dg@example.org",
        "pmo_lead@example.org",
    ]
    assert queued["deliver"] == [1]  # delivery asked once, after commit
    assert deliver_due()["sent"] == 3
    assert len(mail.outbox) == 3
    assert sorted(message.to[0] for message in mail.outbox) == [
        "daf@example.org",
        "dg@example.org",
        "pmo_lead@example.org",
    ]
    # In the meeting's language (French dates: 02/03/2027 10:00), with a link to it.
    when = timezone.localtime(meeting.scheduled_at).strftime("%d/%m/%Y %H:%M")
    link = f"{BASE_URL}{reverse('reporting:copil_detail', args=[meeting.pk])}"
    for message in mail.outbox:
        assert message.subject == f"Support de COPIL prêt : COPIL Nord, {when}"
        assert when in message.body
        assert link in message.body

    # Later ticks and a redelivered render message send nothing more.
    assert tick(capture) == {"requested": 0, "requeued": 0}
    assert queued["render"] == [pack.pk]
    assert run_renders(capture, [pack.pk]) == ["skipped"]
    assert render.calls == [meeting.pk]
    assert deliver_due()["sent"] == 0
    assert len(mail.outbox) == 3
    assert CopilPack.objects.count() == 1
    assert rows.count() == 3


def test_an_on_demand_pack_after_the_scheduled_one_emails_nobody_again(
    world, attendees, pmo_settings, render, queued, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    meeting = upcoming(world, attendees)
    tick(capture)
    run_renders(capture, queued["render"])
    deliver_due()
    with capture(execute=True):
        pack, created = request_pack(meeting=meeting, user=world.users["executive"])
    assert created
    assert run_renders(capture, [pack.pk]) == ["done"]
    assert deliver_due()["sent"] == 0
    assert len(mail.outbox) == 3


def test_when_the_scheduled_pack_failed_the_next_pack_emails_the_attendees_once(
    world, attendees, pmo_settings, render, queued, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    meeting = upcoming(world, attendees)
    tick(capture)
    scheduled = CopilPack.objects.get()
    CopilPack.objects.filter(pk=scheduled.pk).update(status=PackStatus.FAILED, error="boom")
    for _attempt in range(2):  # the PMO generates it again, twice
        with capture(execute=True):
            pack, created = request_pack(meeting=meeting, user=world.users["pmo"])
        assert created
        assert run_renders(capture, [pack.pk]) == ["done"]
    deliver_due()
    assert len(mail.outbox) == len(attendees)


def test_the_email_of_an_english_meeting_is_in_english(
    world, attendees, pmo_settings, render, queued, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    meeting = upcoming(world, attendees[:1], language="en", title="Steering North")
    tick(capture)
    run_renders(capture, queued["render"])
    deliver_due()
    [message] = mail.outbox
    local = timezone.localtime(meeting.scheduled_at)
    assert message.subject == f"COPIL pack ready: Steering North, {local.day} {local:%b %Y %H:%M}"
    assert "is ready: 3 pages" in message.body


def test_attendees_without_an_email_are_skipped(
    world, attendees, pmo_settings, render, queued, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    no_address = UserFactory(username="sans_mail", email="", roles=[Role.EXECUTIVE])
    upcoming(world, [*attendees, no_address])
    tick(capture)
    run_renders(capture, queued["render"])
    assert deliver_due()["sent"] == 3


def test_a_meeting_further_than_the_notice_gets_nothing_yet(
    world, attendees, pmo_settings, render, queued, django_capture_on_commit_callbacks
):
    upcoming(world, attendees, days=5)
    assert tick(django_capture_on_commit_callbacks) == {"requested": 0, "requeued": 0}
    assert not CopilPack.objects.exists()
    assert queued["render"] == []


def test_the_notice_follows_the_pmo_settings(
    world, attendees, render, queued, django_capture_on_commit_callbacks
):
    CopilSettings.objects.create(days_before=7)
    upcoming(world, attendees, days=5)
    assert tick(django_capture_on_commit_callbacks)["requested"] == 1


@pytest.mark.parametrize("status", [MeetingStatus.CANCELLED, MeetingStatus.HELD])
def test_a_meeting_not_planned_gets_nothing(
    world, attendees, pmo_settings, render, queued, django_capture_on_commit_callbacks, status
):
    upcoming(world, attendees, status=status)
    assert tick(django_capture_on_commit_callbacks)["requested"] == 0
    assert not CopilPack.objects.exists()


def test_a_past_meeting_gets_nothing(
    world, attendees, pmo_settings, render, queued, django_capture_on_commit_callbacks
):
    upcoming(world, attendees, days=-1)
    assert tick(django_capture_on_commit_callbacks)["requested"] == 0


def test_a_meeting_with_an_on_demand_render_under_way_waits_for_the_next_tick(
    world, attendees, pmo_settings, render, queued, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    meeting = upcoming(world, attendees)
    on_demand = CopilPackFactory(meeting=meeting)
    assert tick(capture)["requested"] == 0
    run_renders(capture, [on_demand.pk])
    assert tick(capture)["requested"] == 1
    assert CopilPack.objects.filter(trigger=PackTrigger.SCHEDULED).count() == 1


def test_a_pack_waiting_too_long_is_queued_again(
    world, pmo_settings, render, queued, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    far = CopilMeetingFactory(portfolio=world.p1, scheduled_at=timezone.now() + timedelta(days=20))
    lost = CopilPackFactory(meeting=far)
    fresh = CopilPackFactory(meeting=CopilMeetingFactory(portfolio=world.p2))
    CopilPack.objects.filter(pk=lost.pk).update(
        created_at=timezone.now() - LOST_AFTER - timedelta(minutes=1)
    )
    assert tick(capture) == {"requested": 0, "requeued": 1}
    assert queued["render"] == [lost.pk]
    assert fresh.pk not in queued["render"]
    assert run_renders(capture, queued["render"]) == ["done"]


def test_a_pack_stuck_running_is_queued_again_and_finished(
    world, pmo_settings, render, queued, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    stuck = CopilPackFactory(
        meeting=CopilMeetingFactory(portfolio=world.p1),
        status=PackStatus.RUNNING,
        started_at=timezone.now() - STALE_AFTER - timedelta(minutes=1),
        attempts=1,
    )
    assert tick(capture)["requeued"] == 1
    assert queued["render"] == [stuck.pk]
    assert run_renders(capture, queued["render"]) == ["done"]
    stuck.refresh_from_db()
    assert (stuck.status, stuck.attempts) == (PackStatus.DONE, 2)


def test_a_pack_that_kills_its_worker_every_time_ends_failed(
    client_for, world, pmo_settings, render, queued, django_capture_on_commit_callbacks
):
    # Its worker died during the last of its attempts (e.g. killed for the memory it took):
    # rendering it again would kill the next worker, and the page would spin for ever.
    meeting = CopilMeetingFactory(portfolio=world.p1)
    stuck = CopilPackFactory(
        meeting=meeting,
        status=PackStatus.RUNNING,
        started_at=timezone.now() - STALE_AFTER - timedelta(minutes=1),
        attempts=MAX_ATTEMPTS,
    )
    assert generate_pack(pack_id=stuck.pk) is None  # a redelivered message does not claim it
    assert tick(django_capture_on_commit_callbacks)["requeued"] == 0
    assert queued["render"] == []
    assert render.calls == []
    stuck.refresh_from_db()
    assert stuck.status == PackStatus.FAILED
    assert stuck.finished_at is not None
    assert stuck.error == "WorkerLost: the PDF worker stopped during each of the 3 attempts."
    page = client_for("executive").get(reverse("reporting:copil_detail", args=[meeting.pk]))
    assert "WorkerLost" in page.content.decode()
    assert "Generate the pack" in page.content.decode()


def test_the_beat_task_calls_the_service(db, queued):
    assert schedule_copil_packs.apply().get() == {"requested": 0, "requeued": 0}


def test_the_archived_file_is_a_real_pdf(meeting, monkeypatch, media):
    render = install_fake_renderer(monkeypatch, FakeRenderer(pdf=small_pdf(3)))
    pack = CopilPackFactory(meeting=meeting)
    generate_pack(pack_id=pack.pk)
    pack.refresh_from_db()
    with pack.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert render.calls == [meeting.pk]


def test_the_beat_schedule_runs_the_copil_task_every_quarter_of_an_hour(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.select_related("crontab").get(name="COPIL packs before meetings")
    assert task.task == "reporting.tasks.schedule_copil_packs"
    assert task.queue == "default"
    assert (task.crontab.minute, task.crontab.hour) == ("*/15", "*")
    assert str(task.crontab.timezone) == "Europe/Paris"
