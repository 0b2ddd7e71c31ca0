"""Self-service password reset: a working link by e-mail, the same answer for any address, a
limit per address and per IP, a link that works once, in the language of the page, and the
end of the sign-in lockout."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pmo_portal import tasks
from tests.portfolios.factories import PASSWORD, UserFactory
from tests.security_headers import assert_security_headers

RESET = reverse("password_reset")
NEW_PASSWORD = "une-autre-phrase-secrete-2026"
LINK = re.compile(r"^(http\S+/accounts/reset/\S+/)$", re.MULTILINE)


@pytest.fixture(autouse=True)
def _empty_counters():
    cache.clear()  # the request counters live in the cache (locmem in tests)
    yield
    cache.clear()


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks, monkeypatch):
    """``ask(address)`` posts the form as a browser would, then runs the task the request
    queued (after commit) the way a worker would, unless ``worker=False``. Returns the
    response; the handed-over tasks are in ``ask.queued``."""
    queued, worker_on = [], []

    def hand_over(**kwargs):
        queued.append(kwargs)
        if worker_on[-1]:
            tasks.send_password_reset.apply(kwargs=kwargs).get()

    monkeypatch.setattr("pmo_portal.tasks.send_password_reset.delay", hand_over)

    def _ask(address: str, language: str = "en", *, worker: bool = True, **extra):
        worker_on.append(worker)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                RESET, {"email": address}, headers={"accept-language": language}, **extra
            )

    _ask.queued = queued
    return _ask


def _link(message) -> str:
    links = LINK.findall(message.body)
    assert len(links) == 1, message.body
    assert links[0].startswith(settings.PORTAL_BASE_URL)
    return links[0].removeprefix(settings.PORTAL_BASE_URL)


def _set_password(client, link: str, password: str = NEW_PASSWORD):
    form_page = client.get(link, follow=True, headers={"accept-language": "en"})
    assert form_page.status_code == 200
    assert b"Choose a new password" in form_page.content
    assert_security_headers(form_page)
    return client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": password, "new_password2": password},
        headers={"accept-language": "en"},
    )


def test_the_login_page_links_to_the_reset(client, db):
    page = client.get(reverse("login"), headers={"accept-language": "en"})
    assert f'href="{RESET}"'.encode() in page.content
    assert b"Forgot your password?" in page.content


def test_a_known_address_gets_one_working_link(client, world, ask):
    pm = world.users["pm"]
    response = ask(pm.email.upper())  # addresses match whatever their case
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [pm.email]
    assert message.subject == "Choose a new password for the PMO Portal"
    assert "pm_user" in message.body

    done = _set_password(client, _link(message))
    assert done.status_code == 302
    assert done["Location"] == reverse("password_reset_complete")
    pm.refresh_from_db()
    assert pm.check_password(NEW_PASSWORD)
    signed_in = client.post(reverse("login"), {"username": "pm_user", "password": NEW_PASSWORD})
    assert signed_in["Location"] == reverse("home")


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, world, ask):
    known = ask(world.users["pm"].email)
    unknown = ask("nobody@example.org")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert len(mail.outbox) == 1  # the known one's only
    page = client.get(unknown["Location"], headers={"accept-language": "en"})
    assert b"If an account uses this address" in page.content
    assert_security_headers(page)


def test_the_request_does_the_same_work_for_any_address(client, world, ask):
    """No lookup in the request: its queries (none on users) and what it hands to the worker
    are the same for an account's address and an unknown one, so its timing cannot tell."""

    def queries(address):
        with CaptureQueriesContext(connection) as captured:
            ask(address, worker=False)
        return [query["sql"] for query in captured]

    known, unknown = queries(world.users["pm"].email), queries("nobody@example.org")
    assert known == unknown
    assert not any("auth_user" in sql for sql in known)
    assert [sorted(kwargs) for kwargs in ask.queued] == [["email", "language"]] * 2


@pytest.mark.parametrize("state", ["inactive", "no usable password"])
def test_no_mail_for_an_account_that_cannot_sign_in(world, ask, state):
    user = UserFactory(username="gone_user")
    if state == "inactive":
        user.is_active = False
    else:
        user.set_unusable_password()
    user.save()
    response = ask(user.email)
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_the_sixth_request_in_an_hour_sends_nothing(client, world, ask):
    pm = world.users["pm"]
    with time_machine.travel(timezone.now(), tick=False) as clock:
        answers = [ask(pm.email) for _ in range(settings.PASSWORD_RESET_LIMIT_PER_ADDRESS)]
        assert len(mail.outbox) == settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
        sixth = ask(pm.email)
        assert (sixth.status_code, sixth["Location"]) == (302, answers[0]["Location"])
        assert len(mail.outbox) == settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
        assert len(ask.queued) == settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
        # An hour later the address may ask again.
        clock.shift(timedelta(hours=1, seconds=1))
        ask(pm.email)
    assert len(mail.outbox) == settings.PASSWORD_RESET_LIMIT_PER_ADDRESS + 1


def test_one_ip_asking_for_many_addresses_is_limited(world, ask, settings):
    settings.PASSWORD_RESET_LIMIT_PER_IP = 3
    users = [UserFactory(username=f"colleague{n}") for n in range(4)]
    answers = [ask(user.email, REMOTE_ADDR="203.0.113.7") for user in users]
    assert {answer["Location"] for answer in answers} == {reverse("password_reset_done")}
    assert [message.to for message in mail.outbox] == [[user.email] for user in users[:3]]
    # Another IP is not held back by that one.
    ask(users[3].email, REMOTE_ADDR="198.51.100.2")
    assert mail.outbox[-1].to == [users[3].email]


def test_a_link_works_once(client, world, ask):
    ask(world.users["pm"].email)
    link = _link(mail.outbox[0])
    assert _set_password(client, link).status_code == 302
    again = client.get(link, follow=True, headers={"accept-language": "en"})
    assert again.status_code == 200
    assert b"This link no longer works" in again.content
    assert again.context["validlink"] is False
    assert b"new_password1" not in again.content


def test_the_new_password_is_validated(client, world, ask):
    ask(world.users["pm"].email)
    response = _set_password(client, _link(mail.outbox[0]), password="123")
    assert response.status_code == 200
    assert b"too short" in response.content
    world.users["pm"].refresh_from_db()
    assert world.users["pm"].check_password(PASSWORD)


def test_a_reset_ends_the_sign_in_lockout(client, world, ask):
    login = reverse("login")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(login, {"username": "pm_user", "password": "wrong"})
    assert client.post(login, {"username": "pm_user", "password": PASSWORD}).status_code == 429
    ask(world.users["pm"].email)
    _set_password(client, _link(mail.outbox[0]))
    signed_in = client.post(login, {"username": "pm_user", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302
    assert signed_in["Location"] == reverse("home")


def test_in_french_the_page_and_the_email_are_french(client, world, ask):
    pm = world.users["pm"]
    form = client.get(RESET, headers={"accept-language": "fr"})
    assert b'<html lang="fr">' in form.content
    assert "Mot de passe oublié".encode() in form.content
    response = ask(pm.email, language="fr")
    done = client.get(response["Location"], headers={"accept-language": "fr"})
    assert b"Si un compte utilise cette adresse" in done.content
    message = mail.outbox[0]
    assert message.subject == "Choisissez un nouveau mot de passe pour le portail PMO"
    assert message.body.startswith(f"Bonjour {pm.get_full_name()},\n")
    assert "Le lien fonctionne une seule fois, pendant 2 heures." in message.body
