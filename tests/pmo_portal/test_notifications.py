"""The notification outbox (enqueue, claim, deliver, retry), its admin and the preferences page."""

from __future__ import annotations

import smtplib
import socket
import time
from datetime import timedelta
from email import message_from_bytes
from email.policy import default as default_policy
from unittest import mock

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from pmo_portal.celery import app
from pmo_portal.models import Notification, NotificationPreference, NotificationStatus
from pmo_portal.notifications import (
    CLAIM_TIMEOUT,
    MAX_LOST_CLAIMS,
    Message,
    _claim,
    deliver_due,
    enqueue,
    enqueue_many,
)
from pmo_portal.roles import Role
from tests.portfolios.factories import UserFactory

LOCMEM_SEND = "django.core.mail.backends.locmem.EmailBackend.send_messages"


@pytest.fixture
def alice(db):
    return UserFactory(username="alice", email="alice@example.org")


def _enqueue(user, key="test:1", subject="Rapport d'avancement à soumettre"):
    row, created = enqueue(
        dedup_key=key, kind="test", recipient=user, subject=subject, body="Corps du message."
    )
    assert created
    return row


def _make_due(row):
    Notification.objects.filter(pk=row.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


# --- enqueue -------------------------------------------------------------------------------
def test_enqueue_twice_keeps_one_row(alice):
    first = _enqueue(alice)
    again, created = enqueue(
        dedup_key="test:1", kind="test", recipient=alice, subject="Autre", body="Autre"
    )
    assert created is False
    assert again.pk == first.pk
    assert Notification.objects.get().subject == "Rapport d'avancement à soumettre"


def test_enqueue_without_address_stores_nothing(db):
    nobody = UserFactory(username="noemail", email="")
    row, created = enqueue(dedup_key="k", kind="test", recipient=nobody, subject="s", body="b")
    assert (row, created) == (None, False)
    assert not Notification.objects.exists()


def test_enqueue_flattens_line_breaks_of_the_subject(alice):
    row = _enqueue(alice, subject="Ligne 1\nLigne 2")
    assert row.subject == "Ligne 1 Ligne 2"


def test_enqueue_many_skips_known_keys_in_two_queries(alice, django_assert_num_queries):
    _enqueue(alice, key="known")
    messages = [
        Message(dedup_key=key, kind="test", recipient=alice, subject="s", body="b")
        for key in ["known", "new-1", "new-2", "new-2"]
    ]
    with django_assert_num_queries(2):
        created = enqueue_many(messages)
    assert sorted(row.dedup_key for row in created) == ["new-1", "new-2"]
    assert Notification.objects.count() == 3
    assert enqueue_many(messages) == []


# --- delivery ------------------------------------------------------------------------------
def test_deliver_sends_once(alice):
    row = _enqueue(alice)
    assert deliver_due() == {"sent": 1, "retry": 0, "failed": 0}
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["alice@example.org"]
    assert sent.subject == "Rapport d'avancement à soumettre"
    assert sent.extra_headers["X-PMO-Notification"] == "test:1"
    row.refresh_from_db()
    assert row.status == NotificationStatus.SENT
    assert row.attempts == 1
    assert row.sent_at is not None
    # A rerun finds nothing to do.
    assert deliver_due() == {"sent": 0, "retry": 0, "failed": 0}
    assert len(mail.outbox) == 1


def test_smtp_failure_keeps_the_message_pending_then_a_later_run_sends_it(alice):
    row = _enqueue(alice)
    with mock.patch(LOCMEM_SEND, side_effect=smtplib.SMTPServerDisconnected("gone")):
        assert deliver_due() == {"sent": 0, "retry": 1, "failed": 0}
    assert mail.outbox == []
    row.refresh_from_db()
    assert row.status == NotificationStatus.PENDING
    assert row.attempts == 1
    assert "SMTPServerDisconnected" in row.last_error
    assert row.next_attempt_at > timezone.now()
    assert row.claimed_at is None

    # Not due yet: the next minute's run leaves it alone (backoff).
    assert deliver_due() == {"sent": 0, "retry": 0, "failed": 0}
    assert mail.outbox == []

    _make_due(row)  # time passes
    assert deliver_due() == {"sent": 1, "retry": 0, "failed": 0}
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.status == NotificationStatus.SENT
    assert row.attempts == 2
    assert row.last_error == ""


def test_backoff_grows_between_attempts(alice):
    row = _enqueue(alice)
    delays = []
    with mock.patch(LOCMEM_SEND, side_effect=smtplib.SMTPServerDisconnected("gone")):
        for _ in range(3):
            before = timezone.now()
            deliver_due()
            row.refresh_from_db()
            delays.append(row.next_attempt_at - before)
            _make_due(row)
    assert delays[0] < delays[1] < delays[2]


def test_a_message_that_cannot_be_built_fails_at_once(alice):
    row = _enqueue(alice)
    with mock.patch(LOCMEM_SEND, side_effect=ValueError("bad header")):
        assert deliver_due() == {"sent": 0, "retry": 0, "failed": 1}
    row.refresh_from_db()
    assert row.status == NotificationStatus.FAILED
    assert "bad header" in row.last_error


def test_unreachable_server_stops_the_batch(alice):
    first = _enqueue(alice, key="a")
    second = _enqueue(alice, key="b")
    with mock.patch(LOCMEM_SEND, side_effect=ConnectionRefusedError("refused")) as send:
        assert deliver_due() == {"sent": 0, "retry": 1, "failed": 0}
    assert send.call_count == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert {first.attempts, second.attempts} == {0, 1}
    assert {first.status, second.status} == {NotificationStatus.PENDING}
    # The untouched one is still due: the next run tries it.
    assert deliver_due()["sent"] == 1


def test_two_concurrent_claims_send_once(alice):
    row = _enqueue(alice)
    assert _claim(row.pk) is True
    assert _claim(row.pk) is False
    row.refresh_from_db()
    assert row.status == NotificationStatus.SENDING
    # The claimed row is not sent by another run while its worker holds it.
    assert deliver_due() == {"sent": 0, "retry": 0, "failed": 0}
    assert mail.outbox == []


def test_a_stale_sending_row_is_claimed_again(alice):
    fresh = _enqueue(alice, key="fresh")
    stale = _enqueue(alice, key="stale")
    now = timezone.now()
    Notification.objects.filter(pk=fresh.pk).update(
        status=NotificationStatus.SENDING, claimed_at=now - timedelta(minutes=1), attempts=1
    )
    Notification.objects.filter(pk=stale.pk).update(
        status=NotificationStatus.SENDING,
        claimed_at=now - CLAIM_TIMEOUT - timedelta(minutes=1),
        attempts=1,
    )
    assert deliver_due() == {"sent": 1, "retry": 0, "failed": 0}
    assert [m.extra_headers["X-PMO-Notification"] for m in mail.outbox] == ["stale"]
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == NotificationStatus.SENT
    assert stale.attempts == 2
    assert fresh.status == NotificationStatus.SENDING


def test_a_row_abandoned_in_sending_too_often_is_failed(alice):
    # Its sending killed the worker MAX_LOST_CLAIMS times: it is not tried again.
    row = _enqueue(alice)
    Notification.objects.filter(pk=row.pk).update(
        status=NotificationStatus.SENDING,
        claimed_at=timezone.now() - CLAIM_TIMEOUT - timedelta(minutes=1),
        attempts=MAX_LOST_CLAIMS,
        lost_claims=MAX_LOST_CLAIMS,
    )
    deliver_due()
    row.refresh_from_db()
    assert row.status == NotificationStatus.FAILED
    assert mail.outbox == []


# --- a real SMTP server on loopback --------------------------------------------------------
class _Recorder:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's API)
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_settings(settings):
    port = _free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    return settings


def _start_server(port: int):
    recorder = _Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, recorder


def test_delivery_through_a_real_smtp_server(alice, smtp_settings):
    row = _enqueue(alice, subject="Rapport d'avancement à soumettre — PRJ-A")
    controller, recorder = _start_server(smtp_settings.EMAIL_PORT)
    try:
        assert deliver_due() == {"sent": 1, "retry": 0, "failed": 0}
        assert deliver_due() == {"sent": 0, "retry": 0, "failed": 0}  # rerun: nothing
    finally:
        controller.stop()
    assert len(recorder.envelopes) == 1
    envelope = recorder.envelopes[0]
    assert envelope.rcpt_tos == ["alice@example.org"]
    received = message_from_bytes(envelope.content, policy=default_policy)
    assert received["Subject"] == "Rapport d'avancement à soumettre — PRJ-A"
    assert received["To"] == "alice@example.org"
    assert received["X-PMO-Notification"] == "test:1"
    assert "Corps du message." in received.get_content()
    row.refresh_from_db()
    assert row.status == NotificationStatus.SENT


def test_server_down_then_up_on_loopback(alice, smtp_settings):
    row = _enqueue(alice)
    # Nobody listens on the port yet: connection refused, the message waits.
    assert deliver_due() == {"sent": 0, "retry": 1, "failed": 0}
    row.refresh_from_db()
    assert row.status == NotificationStatus.PENDING
    assert row.attempts == 1
    assert row.last_error

    controller, recorder = _start_server(smtp_settings.EMAIL_PORT)
    try:
        _make_due(row)
        deadline = time.monotonic() + 5
        result = deliver_due()
        while result["sent"] == 0 and time.monotonic() < deadline:  # server still starting
            _make_due(row)
            result = deliver_due()
    finally:
        controller.stop()
    assert result["sent"] == 1
    assert len(recorder.envelopes) == 1
    row.refresh_from_db()
    assert row.status == NotificationStatus.SENT


# --- schedule and task ---------------------------------------------------------------------
def test_delivery_is_scheduled_every_minute_on_the_default_queue(db):
    task = PeriodicTask.objects.select_related("interval").get(name="Deliver notifications")
    assert task.task == "pmo_portal.tasks.deliver_notifications"
    app.loader.import_default_modules()  # what a worker does at start: autodiscovery
    assert task.task in app.tasks
    assert (task.interval.every, task.interval.period) == (1, "minutes")
    assert task.queue == "default"
    assert task.enabled


def test_delivery_task_runs_the_outbox(alice):
    from pmo_portal.tasks import deliver_notifications

    _enqueue(alice)
    assert deliver_notifications.apply().get() == {"sent": 1, "retry": 0, "failed": 0}
    assert deliver_notifications.acks_late is True
    assert len(mail.outbox) == 1


# --- admin ---------------------------------------------------------------------------------
@pytest.fixture
def pmo_client(client, db):
    client.force_login(UserFactory(username="pmo_admin", roles=[Role.PMO]))
    return client


def test_admin_lists_the_outbox_read_only_with_filters(pmo_client, alice):
    row = _enqueue(alice)
    response = pmo_client.get(reverse("admin:pmo_portal_notification_changelist"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Rapport d&#x27;avancement à soumettre" in content
    assert "status__exact=" in content  # filter by status
    assert "?kind=test" in content  # filter by kind
    change = pmo_client.get(reverse("admin:pmo_portal_notification_change", args=[row.pk]))
    assert change.status_code == 200
    assert b'name="subject"' not in change.content  # read-only
    assert pmo_client.get(reverse("admin:pmo_portal_notification_add")).status_code == 403
    delete_url = reverse("admin:pmo_portal_notification_delete", args=[row.pk])
    assert pmo_client.get(delete_url).status_code == 403


def test_admin_retry_now(pmo_client, alice):
    failed = _enqueue(alice, key="failed")
    waiting = _enqueue(alice, key="waiting")
    sent = _enqueue(alice, key="sent")
    later = timezone.now() + timedelta(hours=1)
    Notification.objects.filter(pk=failed.pk).update(
        status=NotificationStatus.FAILED, attempts=8, next_attempt_at=later
    )
    Notification.objects.filter(pk=waiting.pk).update(attempts=3, next_attempt_at=later)
    Notification.objects.filter(pk=sent.pk).update(status=NotificationStatus.SENT, attempts=1)
    response = pmo_client.post(
        reverse("admin:pmo_portal_notification_changelist"),
        {"action": "retry_now", "_selected_action": [failed.pk, waiting.pk, sent.pk]},
        follow=True,
    )
    assert response.status_code == 200
    for row in (failed, waiting, sent):
        row.refresh_from_db()
    assert failed.status == waiting.status == NotificationStatus.PENDING
    assert failed.next_attempt_at <= timezone.now()
    assert waiting.next_attempt_at <= timezone.now()
    assert sent.status == NotificationStatus.SENT
    assert deliver_due()["sent"] == 2


def test_admin_lists_preferences(pmo_client, alice):
    NotificationPreference.objects.create(user=alice, email_reminders=False)
    url = reverse("admin:pmo_portal_notificationpreference_changelist")
    response = pmo_client.get(url)
    assert response.status_code == 200
    assert b"alice" in response.content


# --- preferences page ----------------------------------------------------------------------
URL = "/accounts/notifications/"


def test_preferences_url():
    assert reverse("notification_preferences") == URL


def test_preferences_form_defaults_to_yes(client, alice):
    client.force_login(alice)
    response = client.get(URL)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["email_reminders"].value() == "yes"
    assert form["email_alerts"].value() == "yes"
    content = response.content.decode()
    assert 'name="email_reminders"' in content
    assert 'name="csrfmiddlewaretoken"' in content
    assert "alice@example.org" in content


def test_preferences_are_saved(client, alice):
    client.force_login(alice)
    response = client.post(URL, {"email_reminders": "no", "email_alerts": "yes"})
    assert response.status_code == 302
    assert response["Location"] == URL
    pref = NotificationPreference.objects.get(user=alice)
    assert (pref.email_reminders, pref.email_alerts) == (False, True)
    page = client.get(URL)
    assert page.context["form"]["email_reminders"].value() == "no"
    assert len(list(page.context["messages"])) == 1
    # Changing them again updates the same row.
    client.post(URL, {"email_reminders": "yes", "email_alerts": "no"})
    pref.refresh_from_db()
    assert (pref.email_reminders, pref.email_alerts) == (True, False)
    assert NotificationPreference.objects.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"email_reminders": "maybe", "email_alerts": "yes"},
        {"email_alerts": "no"},
        {},
    ],
)
def test_bad_preferences_give_field_errors_and_save_nothing(client, alice, data):
    client.force_login(alice)
    response = client.post(URL, data)
    assert response.status_code == 200
    assert response.context["form"].errors["email_reminders"]
    assert b'id="form-errors"' in response.content
    # The error summary leads to the first radio button of the field.
    assert b'href="#id_email_reminders_0"' in response.content
    assert not NotificationPreference.objects.exists()


def test_preferences_need_the_csrf_token(alice):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(URL, {"email_reminders": "no", "email_alerts": "no"})
    assert response.status_code == 403
    assert not NotificationPreference.objects.exists()


def test_preferences_other_methods_are_refused(client, alice):
    client.force_login(alice)
    assert client.put(URL).status_code == 405


def test_user_menu_links_to_the_preferences(client, alice):
    client.force_login(alice)
    response = client.get(reverse("password_change"))
    assert f'href="{URL}"'.encode() in response.content
