"""Sign-in through the identity provider, against the real provider of conftest.py: the
round trip, the account created then updated, roles and portfolios from the group claim
(given and taken back), and the ID tokens the callback refuses."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.urls import reverse

from pmo_portal.models import RoleChange
from pmo_portal.roles import Role
from sso import config
from sso.models import SsoGroupMapping, SsoIdentity
from tests.portfolios.factories import PortfolioFactory, UserFactory
from tests.sso.conftest import TESTSERVER

pytestmark = pytest.mark.django_db
User = get_user_model()


def roles_of(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


@pytest.fixture
def mapped():
    """PMs of the IdP group "pmo-pm" read the portfolio "Digital"; "/finance" is Finance."""
    digital = PortfolioFactory(name="Digital")
    SsoGroupMapping.objects.create(group="pmo-pm", role=Role.PROJECT_MANAGER, portfolio=digital)
    SsoGroupMapping.objects.create(group="/finance", role=Role.FINANCE)
    return digital


def test_sign_in_creates_the_account_with_the_role_of_its_group(
    client, sso_on, mapped, sign_in_through_provider
):
    subject = sso_on.set_user(
        "jeanne.martin",
        groups=["pmo-pm", "unmapped-group"],
        email="jeanne.martin@example.org",
        given_name="Jeanne",
        family_name="Martin",
    )
    response = sign_in_through_provider(client, sso_on, "jeanne.martin")

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    user = User.objects.get(username="jeanne.martin")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert (user.first_name, user.last_name, user.email) == (
        "Jeanne",
        "Martin",
        "jeanne.martin@example.org",
    )
    assert not user.has_usable_password()  # signs in through the provider only
    assert roles_of(user) == {Role.PROJECT_MANAGER}
    assert list(user.portfolios.all()) == [mapped]
    identity = SsoIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (sso_on.issuer, subject)
    # The home page greets her as a project manager.
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "Jeanne Martin" in home.content.decode()
    assert "Chef de projet" in home.content.decode()
    # The ID token is kept for the sign-out at the provider.
    assert client.session["oidc_id_token"].count(".") == 2


def test_the_next_sign_in_updates_the_account_and_its_roles(
    client, sso_on, mapped, sign_in_through_provider
):
    sso_on.set_user("paul", groups=["pmo-pm"], email="paul@example.org", given_name="Paul")
    sign_in_through_provider(client, sso_on, "paul")
    client.logout()
    sso_on.set_user(
        "paul", groups=["pmo-pm", "/finance"], email="paul.durand@example.org", given_name="Paul"
    )

    response = sign_in_through_provider(client, sso_on, "paul")

    assert response.status_code == 302
    assert User.objects.filter(username="paul").count() == 1
    user = User.objects.get(username="paul")
    assert user.email == "paul.durand@example.org"
    assert roles_of(user) == {Role.PROJECT_MANAGER, Role.FINANCE}


def test_a_group_removed_takes_back_what_it_gave_and_keeps_what_the_pmo_gave(
    client, sso_on, mapped, sign_in_through_provider
):
    sso_on.set_user("lea", groups=["pmo-pm"], email="lea@example.org")
    sign_in_through_provider(client, sso_on, "lea")
    user = User.objects.get(username="lea")
    # The PMO gives her a role and a portfolio by hand.
    user.groups.add(*type(user.groups.first()).objects.filter(name=Role.EXECUTIVE))
    by_hand = PortfolioFactory(name="Direction")
    by_hand.members.add(user)
    client.logout()
    sso_on.set_user("lea", groups=[], email="lea@example.org")

    sign_in_through_provider(client, sso_on, "lea")

    assert roles_of(user) == {Role.EXECUTIVE}
    assert list(user.portfolios.all()) == [by_hand]
    taken = RoleChange.objects.filter(user=user, given=False).values_list("role", flat=True)
    assert list(taken) == [Role.PROJECT_MANAGER]


def test_a_role_held_before_sso_gave_it_is_never_taken_back(
    client, sso_on, mapped, sign_in_through_provider
):
    UserFactory(username="marc", roles=[Role.PROJECT_MANAGER])  # set up by the PMO
    sso_on.set_user("marc", groups=["pmo-pm"], email="marc@example.org")
    sign_in_through_provider(client, sso_on, "marc")
    client.logout()
    sso_on.set_user("marc", groups=[], email="marc@example.org")

    sign_in_through_provider(client, sso_on, "marc")

    user = User.objects.get(username="marc")
    assert SsoIdentity.objects.filter(user=user).exists()  # the local account was linked
    assert roles_of(user) == {Role.PROJECT_MANAGER}
    assert list(user.portfolios.all()) == []  # the portfolio came from the mapping


def test_a_local_superuser_is_never_taken_over(client, sso_on, sign_in_through_provider):
    User.objects.create_superuser("admin", "admin@example.org", "local-secret-1")
    sso_on.set_user("admin", groups=[], email="intruder@example.org")

    response = sign_in_through_provider(client, sso_on, "admin")

    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    assert not SsoIdentity.objects.exists()


@pytest.mark.parametrize("fault", ["wrong_audience", "expired", "bad_signature"])
def test_the_callback_refuses_a_faulty_id_token(
    client, sso_on, mapped, sign_in_through_provider, fault
):
    sso_on.set_user("eve", groups=["pmo-pm"], email="eve@example.org")
    sso_on.set_mode(fault)
    # The message is written in the language of the request that refuses the token.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = sign_in_through_provider(client, sso_on, "eve")

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(username="eve").exists()
    page = client.get(response["Location"])
    assert "Your company account could not sign you in" in page.content.decode()


def test_refused_callbacks_never_lock_the_company_sign_in_out(
    client, settings, sso_on, sign_in_through_provider
):
    sso_on.set_user("zoe", groups=[], email="zoe@example.org")
    sso_on.set_mode("bad_signature")
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 1):
        sign_in_through_provider(client, sso_on, "zoe")
    sso_on.set_mode("")

    response = sign_in_through_provider(client, sso_on, "zoe")

    assert response["Location"] == reverse("home")


def test_the_discovery_document_and_the_keys_are_read_once(
    client, sso_on, monkeypatch, sign_in_through_provider
):
    fetched = []
    fetch = config._fetch_json
    monkeypatch.setattr(config, "_fetch_json", lambda url: fetched.append(url) or fetch(url))
    sso_on.set_user("ada", groups=[], email="ada@example.org")
    for _time in range(2):
        sign_in_through_provider(client, sso_on, "ada")
        client.logout()
    assert sorted(fetched) == [f"{sso_on.issuer}/.well-known/jwks.json", sso_on.discovery_url]


def test_endpoints_given_one_by_one_work_without_discovery(
    client, settings, sso_on, sign_in_through_provider
):
    settings.OIDC_OP_DISCOVERY_URL = ""
    issuer = sso_on.issuer
    settings.OIDC_OP_ISSUER = issuer
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{issuer}/authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{issuer}/token/"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{issuer}/.well-known/jwks.json"
    sso_on.set_user("nina", groups=[], email="nina@example.org", given_name="Nina")

    response = sign_in_through_provider(client, sso_on, "nina")

    assert response["Location"] == reverse("home")
    # Without a userinfo endpoint, the ID token's claims are enough.
    assert User.objects.get(username="nina").first_name == "Nina"


def test_sign_out_ends_the_session_at_the_provider_too(client, sso_on, sign_in_through_provider):
    sso_on.set_user("sam", groups=[], email="sam@example.org")
    browser = requests.Session()
    sign_in_through_provider(client, sso_on, "sam", browser=browser)
    id_token = client.session["oidc_id_token"]
    # The pages of this session let the sign-out form lead to the provider (CSP form-action).
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    assert f"form-action 'self' {sso_on.url}" in policy

    response = client.post(reverse("logout"))

    assert "_auth_user_id" not in client.session
    end_session = urlsplit(response["Location"])
    assert f"{end_session.scheme}://{end_session.netloc}{end_session.path}" == (
        f"{sso_on.issuer}/logout/"
    )
    query = parse_qs(end_session.query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == [f"{TESTSERVER}/accounts/login/"]
    # The provider ends its own session and sends the browser back to our sign-in page.
    back = browser.get(response["Location"], allow_redirects=False, timeout=10)
    assert back.headers["Location"] == f"{TESTSERVER}/accounts/login/"
    # Signing in again asks for the password at the provider.
    again = browser.get(client.get(reverse("sso:login"))["Location"], timeout=10)
    assert 'name="password"' in again.text


def test_sign_out_of_a_password_session_stays_in_the_portal(client, sso_on):
    client.force_login(UserFactory(username="local"))
    assert sso_on.url not in client.get(reverse("home"))["Content-Security-Policy"]
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")


def test_the_provider_saying_no_brings_back_the_sign_in_page_with_a_message(client, sso_on):
    client.get(reverse("sso:login"))
    response = client.get(reverse("sso:callback"), {"error": "access_denied", "state": "x"})
    assert response["Location"] == reverse("login")
    assert [str(m) for m in get_messages(response.wsgi_request)]
