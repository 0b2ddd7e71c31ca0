"""The identity provider's JWTs as API bearer tokens (``Authorization: Bearer <JWT>``): an
ID token or an access token signed by the provider, for our client id (or one of
OIDC_API_AUDIENCES), not expired. Its subject is mapped to a portal user as at sign-in.

Scopes: ``read`` always; a write scope (``write:status``…) only when the token's ``scope``
(or Entra ID's ``scp``) claim names it. The user's role still decides, as for the portal's
own tokens. Anything else than a JWT is left to the portal's tokens (pmo_portal.api)."""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from pmo_portal.models import ApiTokenScope
from sso import config, services, tokens

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class OidcGrant:
    """``request.auth`` of a provider's token: what pmo_portal.api.permissions reads."""

    subject: str
    scopes: tuple[str, ...]


def granted_scopes(claims: dict) -> tuple[str, ...]:
    asked = claims.get("scope", claims.get("scp", ""))
    names = set(asked.split() if isinstance(asked, str) else asked or [])
    read = ApiTokenScope.READ.value
    return tuple(s.value for s in ApiTokenScope if s.value == read or s.value in names)


class OidcBearerAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if len(parts) != 2 or parts[0].lower() != self.keyword:
            return None
        try:
            token = parts[1].decode("ascii")
        except UnicodeDecodeError:
            return None
        if not config.enabled() or not tokens.looks_like_jwt(token):
            return None  # the portal's own token, or nothing we could check
        try:
            claims = tokens.verify(
                token, audiences=[settings.OIDC_RP_CLIENT_ID, *settings.OIDC_API_AUDIENCES]
            )
        except tokens.InvalidToken as exc:
            logger.info("API bearer JWT refused: %s", exc)
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from None
        except config.ProviderUnavailable:
            raise exceptions.AuthenticationFailed(
                _("The identity provider cannot be reached to check this token.")
            ) from None
        user = self._user(token, claims)
        if user is None or not user.is_active:
            raise exceptions.AuthenticationFailed(_("This token is not valid."))
        return user, OidcGrant(subject=claims["sub"], scopes=granted_scopes(claims))

    def _user(self, token: str, claims: dict):
        """The user of ``claims``: created or updated once per token (then remembered until
        the token expires), not at every request."""
        key = "sso:bearer:" + hashlib.sha256(token.encode()).hexdigest()
        user_id = cache.get(key)
        if user_id is None:
            try:
                user = services.sign_in_with_claims(
                    issuer=config.setting("OIDC_OP_ISSUER"), claims=claims, groups_required=False
                )
            except services.SsoRefused as exc:
                logger.warning("API bearer JWT refused: %s", exc)
                return None
            cache.set(key, user.pk, max(1, int(claims["exp"] - time.time())))
            return user
        return get_user_model().objects.filter(pk=user_id).first()

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class OidcBearerScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes the provider's tokens."""

    target_class = OidcBearerAuthentication
    name = "oidcBearer"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": str(
                _(
                    "An ID or access token from the company's identity provider (single "
                    "sign-on), sent as Authorization: Bearer <JWT>. It reads; it writes only "
                    "with a scope claim naming a write scope, within the user's role."
                )
            ),
        }
