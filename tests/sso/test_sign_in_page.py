"""The sign-in page with single sign-on: the button only when it is configured; local
accounts switched off (the password form hidden and refused, but a superuser's break-glass);
the settings refused at start-up when they cannot work."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from pmo_portal.settings import _bool, _choice, _int, _list
from pmo_portal.settings_sso import read_sso_settings
from tests.portfolios.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_without_sso_the_page_has_no_button(client):
    page = client.get(reverse("login")).content.decode()
    assert 'id="sso-sign-in"' not in page
    assert 'name="password"' in page
    assert client.get(reverse("sso:login")).status_code == 404


def test_with_sso_the_page_offers_the_button_and_the_form(client, settings):
    settings.OIDC_RP_CLIENT_ID = "pmo-portal"
    settings.OIDC_PROVIDER_NAME = "Entra ID"
    page = client.get(reverse("login"), {"next": "/projects/"}, HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "Sign in with Entra ID" in html
    assert f'href="{reverse("sso:login")}?next=/projects/"' in html
    assert 'name="password"' in html


@pytest.fixture
def sso_only(settings):
    settings.OIDC_RP_CLIENT_ID = "pmo-portal"
    settings.LOCAL_LOGIN_ENABLED = False


def test_with_local_accounts_off_the_password_form_is_gone(client, sso_only):
    html = client.get(reverse("login")).content.decode()
    assert 'id="sso-sign-in"' in html
    assert 'name="password"' not in html
    assert reverse("password_reset") not in html


def test_with_local_accounts_off_a_password_is_refused(client, sso_only):
    UserFactory(username="claire")
    response = client.post(reverse("login"), {"username": "claire", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_superuser_still_signs_in_with_a_password_at_local_1(client, sso_only):
    UserFactory(username="root", is_superuser=True, is_staff=True)
    url = reverse("login") + "?local=1"
    assert 'name="password"' in client.get(url).content.decode()

    response = client.post(url, {"username": "root", "password": PASSWORD})

    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_an_sso_account_is_not_offered_a_password_change(client):
    user = UserFactory(username="sso_user")
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    assert reverse("password_change") not in client.get(reverse("home")).content.decode()


def _read(env: dict, monkeypatch):
    for name in list(env):
        monkeypatch.setenv(name, env[name])
    return read_sso_settings(
        lambda name, default=None: env.get(name, default),
        _bool,
        _int,
        _list,
        _choice,
        production=False,
    )


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"OIDC_RP_CLIENT_ID": "portal"}, "OIDC_RP_CLIENT_SECRET"),
        (
            {"OIDC_RP_CLIENT_ID": "portal", "OIDC_RP_CLIENT_SECRET": "s"},
            "OIDC_OP_ISSUER, OIDC_OP_AUTHORIZATION_ENDPOINT",
        ),
        ({"LOCAL_LOGIN_ENABLED": "false"}, "LOCAL_LOGIN_ENABLED"),
        ({"OIDC_RP_SIGN_ALGO": "HS256"}, "OIDC_RP_SIGN_ALGO"),
    ],
)
def test_settings_that_cannot_work_stop_start_up(env, named, monkeypatch):
    with pytest.raises(ImproperlyConfigured, match=named):
        _read(env, monkeypatch)


def test_discovery_alone_is_enough(monkeypatch):
    values = _read(
        {
            "OIDC_RP_CLIENT_ID": "portal",
            "OIDC_RP_CLIENT_SECRET": "s",
            "OIDC_OP_DISCOVERY_URL": "https://idp.example.org/.well-known/openid-configuration",
            "LOCAL_LOGIN_ENABLED": "false",
        },
        monkeypatch,
    )
    assert values["OIDC_RP_SIGN_ALGO"] == "RS256"
    assert values["LOCAL_LOGIN_ENABLED"] is False
