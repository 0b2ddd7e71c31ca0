"""An SMTP outage of hours or days: an unreachable server is waited out (the e-mail leaves once,
when it is back), a message still undelivered after three days is failed and the PMO is
told, a refused message fails at once; /healthz counts overdue and failed e-mails.

The test's clock moves (time-machine); the beat task's run every minute is ``deliver_due``.
"""

from __future__ import annotations

import smtplib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone

from pmo_portal.models import NotificationStatus
from pmo_portal.notifications import REFUSED, TEMPORARY, UNREACHABLE, classify, deliver_due
from pmo_portal.notifications import enqueue as enqueue_message
from pmo_portal.roles import Role
from pmo_portal.services import record_heartbeat
from tests.portfolios.factories import UserFactory

pytestmark = pytest.mark.django_db
START = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))


class OutageBackend(BaseEmailBackend):
    """An SMTP relay that refuses connections while ``error`` is set."""

    error: Exception | None = None
    sent: list = []

    def send_messages(self, messages):
        if OutageBackend.error is not None:
            raise OutageBackend.error
        OutageBackend.sent.extend(messages)
        return len(messages)


@pytest.fixture
def smtp(settings):
    settings.EMAIL_BACKEND = f"{__name__}.OutageBackend"
    OutageBackend.error = ConnectionRefusedError(111, "Connection refused")
    OutageBackend.sent = []
    yield OutageBackend
    OutageBackend.error = None


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


def _enqueue(key="outage:1"):
    user = UserFactory(username=key.replace(":", "_"), email=f"{key.replace(':', '_')}@example.org")
    row, _created = enqueue_message(
        dedup_key=key, kind="test", recipient=user, subject="Alerte budget", body="Corps."
    )
    return row


def _every_minute(clock, minutes: int) -> None:
    """Beat runs the delivery every minute for ``minutes`` minutes."""
    for _minute in range(minutes):
        clock.shift(timedelta(minutes=1))
        deliver_due()


def test_an_email_waits_out_a_long_outage_and_leaves_once_when_smtp_is_back(smtp, clock):
    row = _enqueue()
    deliver_due()
    _every_minute(clock, 120)
    row.refresh_from_db()
    # Two hours and more than 8 attempts later (when it used to be failed): still waiting.
    assert row.status == NotificationStatus.PENDING
    assert row.attempts >= 8
    assert "ConnectionRefusedError" in row.last_error
    # Retried about every quarter of an hour, not hours apart.
    assert row.next_attempt_at - timezone.now() <= timedelta(minutes=15)

    clock.shift(timedelta(hours=30))  # a day and more: still retried
    deliver_due()
    row.refresh_from_db()
    assert row.status == NotificationStatus.PENDING

    smtp.error = None  # SMTP is back
    _every_minute(clock, 16)
    row.refresh_from_db()
    assert row.status == NotificationStatus.SENT
    assert [m.to for m in smtp.sent] == [[row.to_email]]  # sent exactly once
    _every_minute(clock, 30)
    assert len(smtp.sent) == 1


def test_an_email_undelivered_after_three_days_is_failed_and_the_pmo_is_told(smtp, clock, client):
    row = _enqueue()
    deliver_due()
    for _ in range(11):  # 66 hours of outage
        clock.shift(timedelta(hours=6))
        deliver_due()
    row.refresh_from_db()
    assert row.status == NotificationStatus.PENDING

    clock.shift(timedelta(hours=6, minutes=1))  # the message is now three days old
    assert deliver_due() == {"sent": 0, "retry": 0, "failed": 1}
    row.refresh_from_db()
    assert row.status == NotificationStatus.FAILED
    assert row.failed_at == timezone.now()
    assert "3 days" in row.last_error
    assert "ConnectionRefusedError" in row.last_error
    smtp.error = None
    clock.shift(timedelta(hours=1))
    deliver_due()
    assert smtp.sent == []  # given up: only the PMO's "retry now" sends it

    # The PMO sees it on their home page; other roles do not.
    client.force_login(UserFactory(username="pmo_home", roles=[Role.PMO]))
    page = client.get(reverse("home")).content.decode()
    assert 'data-notice="outbox"' in page
    assert reverse("admin:pmo_portal_notification_changelist") in page
    client.force_login(UserFactory(username="pm_home", roles=[Role.PROJECT_MANAGER]))
    assert 'data-notice="outbox"' not in client.get(reverse("home")).content.decode()

    record_heartbeat()
    response = client.get(reverse("healthz"))
    assert response.status_code == 200  # the web server is fine; the body says what is not
    body = response.json()
    assert body["status"] == "degraded"
    assert body["email"]["status"] == "degraded"
    assert body["email"]["failed_last_days"] == 1
    assert body["email"]["overdue"] == 0


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"No such user")}), "550"),
        (smtplib.SMTPDataError(554, b"5.7.1 Message rejected as spam"), "rejected as spam"),
        (smtplib.SMTPSenderRefused(553, b"5.7.1 Sender refused", "pmo@x"), "Sender refused"),
    ],
)
def test_a_refused_message_fails_at_once_with_the_reason(smtp, clock, error, reason):
    smtp.error = error
    row = _enqueue()
    assert deliver_due() == {"sent": 0, "retry": 0, "failed": 1}
    row.refresh_from_db()
    assert row.status == NotificationStatus.FAILED
    assert row.attempts == 1
    assert row.failed_at == timezone.now()
    assert reason in row.last_error


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (ConnectionRefusedError(111, "Connection refused"), UNREACHABLE),
        (TimeoutError("timed out"), UNREACHABLE),
        (smtplib.SMTPServerDisconnected("gone"), UNREACHABLE),
        (smtplib.SMTPConnectError(421, b"busy"), UNREACHABLE),
        (smtplib.SMTPAuthenticationError(535, b"bad credentials"), UNREACHABLE),
        (smtplib.SMTPResponseException(421, b"closing"), UNREACHABLE),
        (smtplib.SMTPRecipientsRefused({"x": (452, b"mailbox full")}), TEMPORARY),
        (smtplib.SMTPDataError(451, b"try later"), TEMPORARY),
        (smtplib.SMTPRecipientsRefused({"x": (550, b"unknown")}), REFUSED),
        (smtplib.SMTPDataError(554, b"rejected"), REFUSED),
        (ValueError("bad header"), REFUSED),
    ],
)
def test_failures_are_classified_by_whose_fault_it_is(error, kind):
    assert classify(error) == kind


def test_a_4xx_refusal_is_retried(smtp, clock):
    smtp.error = smtplib.SMTPRecipientsRefused({"x@example.org": (452, b"4.2.2 Mailbox full")})
    row = _enqueue()
    assert deliver_due() == {"sent": 0, "retry": 1, "failed": 0}
    row.refresh_from_db()
    assert row.status == NotificationStatus.PENDING


def test_healthz_counts_overdue_emails(smtp, clock, client):
    row = _enqueue()
    deliver_due()
    record_heartbeat()
    assert client.get(reverse("healthz")).json()["email"]["status"] == "ok"  # just written

    _every_minute(clock, 20)
    record_heartbeat()
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    email = response.json()["email"]
    assert (email["status"], email["overdue"], email["failed_last_days"]) == ("degraded", 1, 0)
    assert email["oldest_overdue_minutes"] == 20
    assert row.to_email not in response.content.decode()  # counts only: the URL is public
