"""The identity provider's ID tokens as API bearer tokens, against the real provider: the
user created or updated as at sign-in, read only unless the token's scope names a write
scope, faulty tokens refused with a problem body, the portal's own tokens still working."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from pmo_portal.roles import Role
from sso.api import granted_scopes
from sso.models import SsoGroupMapping
from tests.api.conftest import issue

pytestmark = pytest.mark.django_db
User = get_user_model()
PROJECTS = "/api/v1/projects/"


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def pmo_group(world):
    SsoGroupMapping.objects.create(group="pmo-office", role=Role.PMO)
    return world


def test_an_id_token_reads_the_api_as_a_user_created_from_its_claims(sso_on, pmo_group):
    sso_on.set_user("ines", groups=["pmo-office"], email="ines@example.org", given_name="Inès")
    token = sso_on.id_token("ines")

    response = Client().get(PROJECTS, **bearer(token))

    assert response.status_code == 200
    assert sorted(row["code"] for row in response.json()["results"]) == ["PRJ-A", "PRJ-B"]
    user = User.objects.get(username="ines")
    assert user.first_name == "Inès"
    assert set(user.groups.values_list("name", flat=True)) == {Role.PMO}


def test_the_scope_of_an_executive_is_the_web_s(sso_on, world):
    SsoGroupMapping.objects.create(group="execs", role=Role.EXECUTIVE, portfolio=world.north)
    sso_on.set_user("victor", groups=["execs"], email="victor@example.org")

    response = Client().get(PROJECTS, **bearer(sso_on.id_token("victor")))

    assert [row["code"] for row in response.json()["results"]] == ["PRJ-A"]
    outside = Client().get(f"{PROJECTS}{world.project_b.pk}/", **bearer(sso_on.id_token("victor")))
    assert outside.status_code == 404


def test_a_provider_token_only_reads(sso_on, pmo_group):
    sso_on.set_user("ines", groups=["pmo-office"], email="ines@example.org")
    # The PMO may push actual costs, but a provider token without write:costs in its scope
    # claim may not.
    response = Client().post(
        "/api/v1/imports/actual-costs/",
        data={"rows": []},
        content_type="application/json",
        **bearer(sso_on.id_token("ines")),
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_write_scopes_come_only_from_the_token_s_scope_claim():
    assert granted_scopes({}) == ("read",)
    assert granted_scopes({"scope": "openid profile write:status"}) == ("read", "write:status")
    assert granted_scopes({"scp": ["write:costs", "User.Read"]}) == ("read", "write:costs")


@pytest.mark.parametrize("fault", ["wrong_audience", "expired", "bad_signature"])
def test_a_faulty_provider_token_is_refused(sso_on, pmo_group, fault):
    sso_on.set_user("mallory", groups=["pmo-office"], email="mallory@example.org")
    sso_on.set_mode(fault)
    token = sso_on.id_token("mallory")

    response = Client().get(PROJECTS, **bearer(token))

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401
    assert not User.objects.filter(username="mallory").exists()


def test_a_token_of_a_deactivated_account_is_refused(sso_on, pmo_group):
    sso_on.set_user("ines", groups=["pmo-office"], email="ines@example.org")
    token = sso_on.id_token("ines")
    assert Client().get(PROJECTS, **bearer(token)).status_code == 200
    User.objects.filter(username="ines").update(is_active=False)

    assert Client().get(PROJECTS, **bearer(token)).status_code == 401


def test_the_portal_s_own_tokens_keep_working_with_sso_on(sso_on, world):
    _token, secret = issue(world.users["pm"])
    response = Client().get(PROJECTS, **bearer(secret))
    assert response.status_code == 200
    assert [row["code"] for row in response.json()["results"]] == ["PRJ-A"]


def test_without_sso_a_jwt_is_just_an_invalid_token(settings, provider, pmo_group):
    provider.set_user("ines", groups=["pmo-office"], email="ines@example.org")
    token = provider.id_token("ines")
    settings.OIDC_RP_CLIENT_ID = ""

    response = Client().get(PROJECTS, **bearer(token))

    assert response.status_code == 401
    assert not User.objects.filter(username="ines").exists()
