"""Writes of single sign-on: the account of a person the provider vouches for (created or
updated at each sign-in and with each API bearer token), the group mappings applied to it,
and the PMO's edits of the mapping table."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from portfolios.models import Portfolio
from sso.models import SsoGroupMapping, SsoIdentity

logger = logging.getLogger(__name__)


class SsoRefused(Exception):
    """The provider's claims cannot open a portal session (the message is for the logs)."""


def _text(claims: dict, name: str, limit: int) -> str:
    value = claims.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def claimed_groups(claims: dict) -> set[str] | None:
    """The groups the claims list (None when they carry no groups claim)."""
    value = claims.get(settings.OIDC_GROUPS_CLAIM)
    if value is None:
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise SsoRefused(f"the {settings.OIDC_GROUPS_CLAIM!r} claim is not a list")
    return {item for item in value if isinstance(item, str) and item}


def _names(claims: dict) -> tuple[str, str]:
    first, last = _text(claims, "given_name", 150), _text(claims, "family_name", 150)
    if not (first or last):
        # One "name" only: "Jeanne Martin" → Jeanne / Martin.
        first, _space, last = _text(claims, "name", 301).partition(" ")
    return first[:150], last[:150]


def _account(*, issuer: str, claims: dict):
    """The identity of (issuer, sub) with its user: found, or linked to the local account of
    the same username (first sign-in of a person the PMO had already set up), or new."""
    user_model = get_user_model()
    subject = claims["sub"]
    identity = (
        SsoIdentity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    if identity is not None:
        return identity
    username = _text(claims, settings.OIDC_USERNAME_CLAIM, 150)
    if not username:
        raise SsoRefused(f"no {settings.OIDC_USERNAME_CLAIM!r} claim")
    user = user_model.objects.select_for_update().filter(username=username).first()
    if user is not None:
        if user.is_superuser:
            raise SsoRefused(f"{username!r} is a local superuser: never signed in by SSO")
        if SsoIdentity.objects.filter(user=user).exists():
            raise SsoRefused(f"{username!r} is linked to another identity at the provider")
    else:
        user = user_model(username=username)
        user.set_unusable_password()  # signs in through the provider only
        try:
            user.full_clean(exclude=["password"])
        except ValidationError as exc:
            raise SsoRefused(f"username {username!r} refused: {exc.messages}") from exc
        user.save()
    now = timezone.now()
    return SsoIdentity.objects.create(
        user=user, issuer=issuer, subject=subject, first_login_at=now, last_login_at=now
    )


def _update_profile(user, claims: dict) -> None:
    first, last = _names(claims)
    email = _text(claims, "email", 254)
    changed = {}
    for field, value in (("first_name", first), ("last_name", last), ("email", email)):
        if value and getattr(user, field) != value:
            changed[field] = value
    if changed:
        for field, value in changed.items():
            setattr(user, field, value)
        try:
            user.full_clean(exclude=["password", "username"])
        except ValidationError as exc:
            raise SsoRefused(f"profile refused: {exc.messages}") from exc
        user.save(update_fields=list(changed))


def _sync(current: set, wanted: set, granted: set) -> tuple[set, set, set]:
    """(to add, to remove, granted after): what the mappings want and the user lacks is
    added and remembered as given by SSO; what SSO gave and the mappings no longer want is
    taken back; what the user held before SSO gave it is never touched."""
    to_add = wanted - current
    to_remove = (granted - wanted) & current
    return to_add, to_remove, (granted & wanted) | to_add


def apply_group_mappings(*, identity: SsoIdentity, groups: Iterable[str]) -> None:
    """Roles and portfolio memberships of ``identity``'s user from the mapping table, for
    the IdP groups ``groups`` (role changes are audited by pmo_portal.audit)."""
    user = identity.user
    mappings = list(SsoGroupMapping.objects.filter(group__in=set(groups)))
    current = set(user.groups.values_list("name", flat=True))
    add, remove, granted = _sync(current, {m.role for m in mappings}, set(identity.granted_roles))
    if add:
        user.groups.add(*Group.objects.filter(name__in=add))
    if remove:
        user.groups.remove(*Group.objects.filter(name__in=remove))
    identity.granted_roles = sorted(granted)
    user.__dict__.pop("_pmo_roles", None)  # pmo_portal.roles' per-request cache

    membership = Portfolio.members.through.objects
    current_ids = set(membership.filter(user=user).values_list("portfolio_id", flat=True))
    add, remove, granted = _sync(
        current_ids,
        {m.portfolio_id for m in mappings if m.portfolio_id},
        set(identity.granted_portfolios.values_list("pk", flat=True)),
    )
    membership.bulk_create([membership.model(user=user, portfolio_id=pk) for pk in add])
    membership.filter(user=user, portfolio_id__in=remove).delete()
    identity.granted_portfolios.set(granted)


def sign_in_with_claims(*, issuer: str, claims: dict, groups_required: bool = True):
    """The portal user of verified provider ``claims``, created or updated (names, e-mail),
    with the group mappings applied. The username is set at creation only. Without a groups
    claim: no group when ``groups_required`` (sign-in), roles left as they are otherwise (an
    API bearer token, which often carries no groups). SsoRefused when it cannot be done.

    Two first requests of one person at once (API calls with a new token) both try to create
    the account: the second one's unique constraint fails, and it runs again to find it."""
    try:
        return _sign_in(issuer=issuer, claims=claims, groups_required=groups_required)
    except IntegrityError:
        try:
            return _sign_in(issuer=issuer, claims=claims, groups_required=groups_required)
        except IntegrityError as exc:
            raise SsoRefused(f"the account cannot be saved: {exc}") from exc


@transaction.atomic
def _sign_in(*, issuer: str, claims: dict, groups_required: bool):
    identity = _account(issuer=issuer, claims=claims)
    user = identity.user
    _update_profile(user, claims)
    groups = claimed_groups(claims)
    if groups is None and groups_required:
        groups = set()
    if groups is not None:
        apply_group_mappings(identity=identity, groups=groups)
    identity.last_login_at = timezone.now()
    identity.save()
    logger.info("SSO: %s signed in (groups: %s)", user.username, sorted(groups or []))
    return user


# --- The PMO's mapping table -----------------------------------------------------------------
MAPPING_FIELDS = ("group", "role", "portfolio")


@transaction.atomic
def save_mapping(*, mapping: SsoGroupMapping | None = None, fields: dict) -> SsoGroupMapping:
    """Create (``mapping`` None) or change a group mapping; ValidationError names the
    problem (a duplicate, say), nothing saved. Takes effect at each user's next sign-in."""
    mapping = mapping or SsoGroupMapping()
    for name in MAPPING_FIELDS:
        setattr(mapping, name, fields[name])
    mapping.full_clean()
    mapping.save()
    return mapping


@transaction.atomic
def delete_mapping(*, mapping: SsoGroupMapping) -> None:
    """Remove a mapping: what it gave is taken back at each user's next sign-in."""
    mapping.delete()
