"""Tokens for the API tests: ``bearer("pm")`` is the header of a read token of that role."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from pmo_portal.api import tokens
from pmo_portal.models import ApiTokenScope


def issue(user, *, scopes=(ApiTokenScope.READ,), name="Script", kind="personal"):
    return tokens.issue_token(
        owner=user,
        name=name,
        kind=kind,
        scopes=[str(scope) for scope in scopes],
        expires_on=timezone.localdate() + timedelta(days=30),
        created_by=user,
    )


@pytest.fixture
def bearer(world):
    def _headers(role: str, **kwargs) -> dict:
        _token, secret = issue(world.users[role], **kwargs)
        return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    return _headers


@pytest.fixture
def api():
    """A client without a session: the API's answers to a token alone."""
    return Client()


def all_pages(api, url: str, headers: dict) -> list[dict]:
    """Every row of a list, following its cursor's next links."""
    rows = []
    while url:
        response = api.get(url, **headers)
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["results"]
        url = body["next"]
    return rows


@pytest.fixture
def constant_queries(api, django_assert_max_num_queries):
    """``constant_queries(url, headers, grow)``: the list at ``url`` runs no more queries
    after ``grow()`` added rows than before (a first call lets the token record its use)."""

    def _check(url: str, headers: dict, grow) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        api.get(url, **headers)
        with CaptureQueriesContext(connection) as small:
            assert api.get(url, **headers).status_code == 200
        grow()
        with django_assert_max_num_queries(len(small)):
            response = api.get(url, **headers)
        assert response.status_code == 200
        return len(small)

    return _check
