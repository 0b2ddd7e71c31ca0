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
