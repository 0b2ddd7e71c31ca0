"""Sign-in through the identity provider (mozilla-django-oidc's authorization code flow,
with PKCE): the endpoints come from sso.config (settings or discovery), and the ID token is
verified by sso.tokens — signature, issuer, audience, expiry and nonce (the library itself
checks neither the issuer nor the audience)."""

from __future__ import annotations

import logging

import requests
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from pmo_portal import roles
from sso import config, services, tokens

logger = logging.getLogger(__name__)


def never_locked_out(request, credentials) -> bool:
    """django-axes' whitelist (AXES_WHITELIST_CALLABLE): the provider's callback carries no
    password to guess (its code is single-use and bound to the browser's session), so
    refused callbacks from an office's shared address never lock SSO out for everyone."""
    return request is not None and request.path == reverse("sso:callback")


class SsoBackend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs):
        # The library reads (and requires) every endpoint here, on each authenticate() of
        # any backend: ours are read when the provider's callback arrives, if SSO is on.
        self.UserModel = get_user_model()

    def _configure(self) -> None:
        self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID")
        self.OIDC_RP_CLIENT_SECRET = self.get_settings("OIDC_RP_CLIENT_SECRET")
        self.OIDC_RP_SIGN_ALGO = self.get_settings("OIDC_RP_SIGN_ALGO")
        self.OIDC_OP_TOKEN_ENDPOINT = config.setting("OIDC_OP_TOKEN_ENDPOINT")
        self.OIDC_OP_USER_ENDPOINT = config.setting("OIDC_OP_USER_ENDPOINT")
        self.OIDC_OP_JWKS_ENDPOINT = config.setting("OIDC_OP_JWKS_ENDPOINT")
        self.issuer = config.setting("OIDC_OP_ISSUER")

    def get_user(self, user_id):
        return roles.load_user(user_id)  # with their roles, in one query

    def authenticate(self, request, **kwargs):
        if request is None or not config.enabled():
            return None
        if not (request.GET.get("code") and request.GET.get("state")):
            return None  # a password sign-in, say
        try:
            self._configure()
            return super().authenticate(request, **kwargs)
        except (
            SuspiciousOperation,
            tokens.InvalidToken,
            config.ProviderUnavailable,
            requests.RequestException,
            ValueError,
        ) as exc:
            logger.warning("SSO sign-in refused: %s", exc)
            return None

    def verify_token(self, token, **kwargs):
        claims = tokens.verify(token, audiences=[self.OIDC_RP_CLIENT_ID], nonce=kwargs.get("nonce"))
        if claims.get("azp", self.OIDC_RP_CLIENT_ID) != self.OIDC_RP_CLIENT_ID:
            raise tokens.InvalidToken(f"issued to {claims['azp']!r}")
        return claims

    def get_or_create_user(self, access_token, id_token, payload):
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            userinfo = self.get_userinfo(access_token, id_token, payload)
            if userinfo.get("sub") != payload["sub"]:
                raise SuspiciousOperation("the userinfo is about someone else")
            # The ID token's groups stay when the userinfo has none (Entra ID's).
            claims.update(userinfo)
        try:
            return services.sign_in_with_claims(issuer=self.issuer, claims=claims)
        except services.SsoRefused as exc:
            logger.warning("SSO sign-in refused: %s", exc)
            return None

    # Permissions come from the portal's rules only (see pmo_portal.roles.PasswordBackend).
    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return False

    def has_module_perms(self, user_obj, app_label) -> bool:
        return False

    def get_all_permissions(self, user_obj, obj=None) -> set:
        return set()
