"""Self-service password reset by e-mail.

The page answers the same way whatever the address is (an account's, unknown, inactive, or
over the limit), and as fast: the request only counts itself and hands the address to a
Celery task; looking the account up, making the token and sending happen in the worker. So
neither the answer nor its timing says whether an account exists.

Requests are limited per address and per client IP (``PASSWORD_RESET_LIMIT_PER_ADDRESS`` /
``_PER_IP`` an hour): past the limit the page still says the same thing and nothing is sent,
so the form can be used neither to flood a mailbox nor to hammer the worker.

The reset link is a credential: it is sent straight from the task and never stored in the
notification outbox, whose rows (bodies included) the PMO reads in the admin. A lost e-mail is
asked again by its reader rather than retried for days; the link works for
``PASSWORD_RESET_TIMEOUT`` seconds and once (the token changes with the password).
"""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from pmo_portal.emails import render_email
from pmo_portal.users import user_label

logger = logging.getLogger(__name__)

WINDOW = timedelta(hours=1)
EMAIL_TEMPLATE = "registration/email/password_reset"


def _counter(kind: str, value: str) -> str:
    # Hashed: the cache holds no address in clear.
    return f"password-reset:{kind}:{hashlib.sha256(value.encode('utf-8')).hexdigest()}"


def _count(key: str) -> int:
    """This request's rank in its window (1 for the first). The window starts with the first
    request and lasts ``WINDOW``; ``incr`` is atomic in Redis, so concurrent requests each
    get their own rank."""
    seconds = int(WINDOW.total_seconds())
    cache.add(key, 0, timeout=seconds)
    try:
        return cache.incr(key)
    except ValueError:  # the window closed between add and incr
        cache.set(key, 1, timeout=seconds)
        return 1


def request_password_reset(*, email: str, ip: str | None, language: str) -> bool:
    """Count this request and, within the limits, have the worker send the reset e-mail in
    ``language``. Returns whether it was handed over; the caller answers the same either way.

    Both counters move on every request (an address over its limit still counts against its
    IP), whatever the address is."""
    over = _count(_counter("address", email.strip().casefold())) > (
        settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
    )
    if ip and _count(_counter("ip", ip)) > settings.PASSWORD_RESET_LIMIT_PER_IP:
        over = True
    if over:
        logger.warning("password reset request over the limit (from %s)", ip or "unknown IP")
        return False
    from pmo_portal.tasks import send_password_reset

    # A broker that is down must not turn into an error page that only known addresses get:
    # robust, so the page answers the same (the user asks again later).
    transaction.on_commit(
        lambda: send_password_reset.delay(email=email, language=language), robust=True
    )
    return True


def send_reset_emails(*, email: str, language: str) -> int:
    """Send a reset link to every active account with a usable password at ``email``
    (Django's rule, ``PasswordResetForm.get_users``). Returns how many were sent; 0 for an
    unknown or inactive address. Run by the worker."""
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    users = list(PasswordResetForm().get_users(email))
    if not users:
        return 0
    email_field = users[0].get_email_field_name()
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    messages = []
    with translation.override(language):
        for user in users:
            path = reverse(
                "password_reset_confirm",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": default_token_generator.make_token(user),
                },
            )
            subject, body = render_email(
                EMAIL_TEMPLATE,
                {
                    "recipient": user_label(user),
                    "username": user.get_username(),
                    "link": settings.PORTAL_BASE_URL + path,
                    "hours": hours,
                },
            )
            messages.append(
                EmailMessage(
                    subject=subject,
                    body=body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[getattr(user, email_field)],
                )
            )
    timeout = getattr(settings, "EMAIL_TIMEOUT", None) or 30
    return get_connection(fail_silently=False, timeout=timeout).send_messages(messages) or 0


def password_was_reset(*, user) -> None:
    """After a successful reset: the sign-in lockout of this account ends.

    Whoever reset the password proved they read the account's mailbox, and the failures that
    locked it were guesses of the old password; keeping the lock would only bar the owner
    from the new one. Attempts are cleared for the username from every IP (django-axes)."""
    from axes.utils import reset

    reset(username=user.get_username())
