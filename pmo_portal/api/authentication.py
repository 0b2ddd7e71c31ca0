"""``Authorization: Bearer <token>``: the token's owner is the request's user, the token its
``request.auth`` (permissions.py narrows it to the token's scopes)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from pmo_portal.api import tokens


class BearerTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None  # another scheme (or none): the session may still sign the user in
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("The Authorization header must be: Bearer <token>.")
            )
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from None
        token = tokens.find_token(secret)
        if token is None or not token.owner.is_active:
            raise exceptions.AuthenticationFailed(_("This token is not valid."))
        now = timezone.now()
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This token was revoked."))
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("This token has expired."))
        tokens.touch(token, now=now)
        return token.owner, token

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (not 403) to a request without credentials.
        return 'Bearer realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes the bearer tokens."""

    target_class = BearerTokenAuthentication
    name = "bearerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(
                _(
                    "A personal or service token from the portal's page My API tokens, "
                    "sent as Authorization: Bearer <token>."
                )
            ),
        }
