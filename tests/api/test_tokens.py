"""Bearer tokens: who gets in (valid), who is refused with a problem body (missing, wrong,
expired, revoked), scopes, and the "My API tokens" pages."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIRequestFactory

from pmo_portal.api import tokens
from pmo_portal.api.permissions import ApiAccess
from pmo_portal.models import ApiToken, ApiTokenScope
from tests.api.conftest import issue

pytestmark = pytest.mark.django_db
PROJECTS = "/api/v1/projects/"


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert body["title"]
    assert body["detail"]
    return body


def test_a_valid_token_reads_as_its_owner(api, world):
    token, secret = issue(world.users["pm"])
    response = api.get(PROJECTS, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert [row["code"] for row in response.json()["results"]] == ["PRJ-A"]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_only_the_hash_of_the_secret_is_stored(world):
    token, secret = issue(world.users["pm"])
    assert secret.startswith("pmo_")
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret[4:12] == token.prefix
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert all(secret not in str(value) for value in stored.values())


def test_last_use_is_written_at_most_once_a_minute(api, world):
    token, secret = issue(world.users["pm"])
    recent = timezone.now() - timedelta(seconds=30)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent)
    api.get(PROJECTS, HTTP_AUTHORIZATION=f"Bearer {secret}")
    token.refresh_from_db()
    assert token.last_used_at == recent
    old = timezone.now() - timedelta(minutes=2)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=old)
    api.get(PROJECTS, HTTP_AUTHORIZATION=f"Bearer {secret}")
    token.refresh_from_db()
    assert token.last_used_at > old + timedelta(minutes=1)


def test_no_credentials_answer_401_with_a_bearer_challenge(api, world):
    response = api.get(PROJECTS)
    assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    ["Bearer pmo_not-a-token", "Bearer", "Bearer a b", "Bearer something-else"],
)
def test_a_wrong_token_answers_401(api, world, header):
    issue(world.users["pm"])
    assert_problem(api.get(PROJECTS, HTTP_AUTHORIZATION=header), 401)


def test_an_expired_token_answers_401(api, world):
    token, secret = issue(world.users["pm"])
    past = timezone.now() - timedelta(days=1)
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=past - timedelta(days=30), expires_at=past
    )
    body = assert_problem(api.get(PROJECTS, HTTP_AUTHORIZATION=f"Bearer {secret}"), 401)
    assert "expired" in body["detail"] or "expiré" in body["detail"]


def test_a_revoked_token_answers_401(api, world):
    token, secret = issue(world.users["pm"])
    tokens.revoke_token(token=token, user=world.users["pm"])
    assert_problem(api.get(PROJECTS, HTTP_AUTHORIZATION=f"Bearer {secret}"), 401)


def test_a_deactivated_owner_token_answers_401(api, world):
    _token, secret = issue(world.users["pm"])
    world.users["pm"].is_active = False
    world.users["pm"].save()
    assert_problem(api.get(PROJECTS, HTTP_AUTHORIZATION=f"Bearer {secret}"), 401)


def test_a_token_without_the_read_scope_cannot_read(api, world):
    _token, secret = issue(world.users["pmo"], scopes=[ApiTokenScope.WRITE_COSTS])
    assert_problem(api.get(PROJECTS, HTTP_AUTHORIZATION=f"Bearer {secret}"), 403)


class _View:
    """A view with every operation: the token's scopes decide (a view without the method
    answers 405 whatever the scopes, test_bad_input.py)."""

    def __init__(self, write_scope=None):
        if write_scope:
            self.write_scope = write_scope

    def get(self, request): ...
    def post(self, request): ...
    def put(self, request): ...
    def delete(self, request): ...


@pytest.mark.parametrize(
    ("scopes", "method", "write_scope", "allowed"),
    [
        (["read"], "get", None, True),
        (["read"], "post", None, False),  # no scope declared: no token writes
        (["read"], "post", "write:status", False),
        (["write:status"], "post", "write:status", True),
        (["write:status"], "get", None, False),
        (["read", "write:costs"], "put", "write:costs", True),
        (["read", "write:costs"], "delete", "write:capacity", False),
    ],
)
def test_scopes_decide_what_a_token_may_do(world, scopes, method, write_scope, allowed):
    token, _secret = issue(world.users["pmo"], scopes=scopes)
    request = getattr(APIRequestFactory(), method)("/api/v1/")
    request.user, request.auth = world.users["pmo"], token
    assert ApiAccess().has_permission(request, _View(write_scope)) is allowed


def test_a_session_is_not_narrowed_by_scopes(world):
    request = APIRequestFactory().post("/api/v1/")
    request.user, request.auth = world.users["pmo"], None
    assert ApiAccess().has_permission(request, _View()) is True


def test_tokens_live_one_year_at_most_and_need_a_scope(world):
    user = world.users["pm"]
    today = timezone.localdate()
    for expires_on, scopes in [
        (today + timedelta(days=366), ["read"]),
        (today, ["read"]),
        (today + timedelta(days=10), []),
        (today + timedelta(days=10), ["admin"]),
    ]:
        with pytest.raises(ValidationError):
            tokens.issue_token(
                owner=user,
                name="x",
                kind="personal",
                scopes=scopes,
                expires_on=expires_on,
                created_by=user,
            )
    token, _secret = tokens.issue_token(
        owner=user,
        name="x",
        kind="personal",
        scopes=["read"],
        expires_on=today + timedelta(days=365),
        created_by=user,
    )
    assert token.expires_at > timezone.now() + timedelta(days=364)


def test_only_the_pmo_issues_service_tokens(world):
    soon = timezone.localdate() + timedelta(days=10)
    with pytest.raises(PermissionDenied):
        tokens.issue_token(
            owner=world.users["finance"],
            name="ERP",
            kind="service",
            scopes=["read"],
            expires_on=soon,
            created_by=world.users["finance"],
        )
    token, _secret = tokens.issue_token(
        owner=world.users["finance"],
        name="ERP",
        kind="service",
        scopes=["read", "write:costs"],
        expires_on=soon,
        created_by=world.users["pmo"],
    )
    assert token.kind == "service"


def test_rate_limit_per_token(api, world, monkeypatch):
    from pmo_portal.api.throttling import TokenRateThrottle

    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"api": "2/min"})
    _token, secret = issue(world.users["pm"])
    _other, other_secret = issue(world.users["pm"], name="Other")
    for _ in range(2):
        assert api.get(PROJECTS, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    response = api.get(PROJECTS, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert_problem(response, 429)
    assert int(response["Retry-After"]) > 0
    # Another token of the same person has its own allowance.
    assert api.get(PROJECTS, HTTP_AUTHORIZATION=f"Bearer {other_secret}").status_code == 200


# --- The pages ------------------------------------------------------------------------------


def test_a_user_creates_a_token_sees_its_secret_once_and_revokes_it(client_for, world, api):
    client = client_for("pm")
    soon = timezone.localdate() + timedelta(days=30)
    response = client.post(
        reverse("api_token_create"),
        {"name": "Rapport Power BI", "kind": "personal", "scopes": ["read"], "expires_on": soon},
    )
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.encode() in response.content
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(owner=world.users["pm"])
    assert api.get(PROJECTS, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200

    listing = client.get(reverse("api_tokens"))
    assert f"pmo_{token.prefix}".encode() in listing.content
    assert secret.encode() not in listing.content
    assert b"Rapport Power BI" in listing.content

    response = client.post(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.revoked_by == world.users["pm"]
    assert api.get(PROJECTS, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_a_project_manager_cannot_create_a_service_token(client_for, world):
    response = client_for("pm").post(
        reverse("api_token_create"),
        {
            "name": "ERP",
            "kind": "service",
            "scopes": ["read"],
            "expires_on": timezone.localdate() + timedelta(days=30),
        },
    )
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_a_token_longer_than_a_year_is_refused_on_the_form(client_for, world):
    response = client_for("pm").post(
        reverse("api_token_create"),
        {
            "name": "Long",
            "kind": "personal",
            "scopes": ["read"],
            "expires_on": timezone.localdate() + timedelta(days=400),
        },
    )
    assert response.status_code == 200
    assert "expires_on" in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_the_pmo_sees_and_revokes_everyones_tokens(client_for, world):
    token, _secret = issue(world.users["finance"], name="Export ERP")
    listing = client_for("pmo").get(reverse("api_tokens"))
    assert b"Export ERP" in listing.content
    assert client_for("pmo").post(reverse("api_token_revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == world.users["pmo"]


def test_others_neither_see_nor_revoke_a_users_token(client, world):
    token, _secret = issue(world.users["finance"], name="Export ERP")
    client.force_login(world.users["pm"])
    assert b"Export ERP" not in client.get(reverse("api_tokens")).content
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
