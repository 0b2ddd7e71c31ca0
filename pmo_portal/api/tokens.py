"""API tokens: issuing, revoking, and finding the token of a request (a service module of
the foundations; pages in pmo_portal/api/pages.py, authentication in authentication.py)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pmo_portal import roles
from pmo_portal.models import ApiToken, ApiTokenKind, ApiTokenScope

PREFIX = "pmo_"  # every secret starts so (secret scanners can recognise it)
# last_used_at is written at most this often per token (a busy integration must not write
# on every request).
TOUCH_INTERVAL = timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def max_expiry_day(today: date | None = None) -> date:
    return (today or timezone.localdate()) + timedelta(days=settings.API_TOKEN_MAX_DAYS)


def can_issue(user, kind: str) -> bool:
    """Any signed-in user issues personal tokens; service tokens are the PMO's."""
    if not user.is_authenticated:
        return False
    return kind == ApiTokenKind.PERSONAL or roles.is_pmo(user)


@transaction.atomic
def issue_token(
    *, owner, name: str, kind: str, scopes: list[str], expires_on: date, created_by
) -> tuple[ApiToken, str]:
    """Create a token; returns it and its secret, which is never stored nor shown again.
    It expires at the end of ``expires_on`` (at most ``API_TOKEN_MAX_DAYS`` ahead)."""
    if not can_issue(created_by, kind):
        raise PermissionDenied
    today = timezone.localdate()
    errors = {}
    if expires_on <= today:
        errors["expires_on"] = _("A token must expire after today.")
    elif expires_on > max_expiry_day(today):
        errors["expires_on"] = _("A token may live one year at most.")
    valid_scopes = {scope.value for scope in ApiTokenScope}
    if not scopes or set(scopes) - valid_scopes:
        errors["scopes"] = _("Choose at least one scope.")
    if errors:
        raise ValidationError(errors)
    random_part = secrets.token_urlsafe(32)
    secret = PREFIX + random_part
    token = ApiToken(
        owner=owner,
        name=name,
        kind=kind,
        scopes=[scope.value for scope in ApiTokenScope if scope.value in scopes],
        prefix=random_part[:8],
        secret_hash=hash_secret(secret),
        created_by=created_by,
        expires_at=timezone.make_aware(datetime.combine(expires_on + timedelta(days=1), time.min)),
    )
    token.full_clean()
    token.save()
    return token, secret


def tokens_for(user):
    """The tokens ``user`` sees: their own; every token for the PMO."""
    queryset = ApiToken.objects.select_related("owner", "created_by", "revoked_by")
    if roles.is_pmo(user):
        return queryset
    return queryset.filter(owner=user)


def get_token_for_user(user, pk: int) -> ApiToken:
    """A token ``user`` may manage (their own, or any for the PMO); 404 otherwise."""
    token = tokens_for(user).filter(pk=pk).first()
    if token is None:
        raise Http404
    return token


@transaction.atomic
def revoke_token(*, token: ApiToken, user) -> ApiToken:
    """Revoke ``token`` (idempotent: a revoked token keeps its first revocation)."""
    updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=user
    )
    if updated:
        token.refresh_from_db(fields=["revoked_at", "revoked_by"])
    return token


def find_token(secret: str) -> ApiToken | None:
    """The token whose secret is ``secret`` (active or not), with its owner; one query."""
    if not secret.startswith(PREFIX):
        return None
    return ApiToken.objects.select_related("owner").filter(secret_hash=hash_secret(secret)).first()


def touch(token: ApiToken, *, now: datetime | None = None) -> None:
    """Record a use of ``token``: a conditional UPDATE that writes at most once a minute."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < TOUCH_INTERVAL:
        return
    ApiToken.objects.filter(pk=token.pk).exclude(last_used_at__gt=now - TOUCH_INTERVAL).update(
        last_used_at=now
    )
    token.last_used_at = now
