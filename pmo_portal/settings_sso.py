"""Settings of single sign-on (OpenID Connect with the company's identity provider; the
``sso`` app, docs/sso.md), read from the environment by the typed helpers of settings.py.

Off unless ``OIDC_RP_CLIENT_ID`` is set: the sign-in page then shows no SSO button. The
provider's endpoints come from its discovery document (``OIDC_OP_DISCOVERY_URL``, read when
first needed and cached) or are each given. ``LOCAL_LOGIN_ENABLED=false`` turns password
sign-in off (a superuser keeps it at /accounts/login/?local=1: break-glass, for when the
identity provider is down)."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

ENDPOINTS = (
    "OIDC_OP_ISSUER",
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT",
    "OIDC_OP_LOGOUT_ENDPOINT",
)
# Without discovery, these must be given (userinfo and logout are optional).
REQUIRED_ENDPOINTS = (*ENDPOINTS[:3], "OIDC_OP_JWKS_ENDPOINT")
SIGN_ALGORITHMS = {"RS256", "RS384", "RS512", "PS256", "ES256", "ES384"}


def read_sso_settings(
    text: Callable,
    flag: Callable,
    number: Callable,
    items: Callable,
    choice: Callable,
    *,
    production: bool,
) -> dict:
    """The settings, read by settings.py's helpers (``text`` = ``_str``, ``flag`` = ``_bool``,
    ``number`` = ``_int``, ``items`` = ``_list``)."""
    values = {
        "OIDC_RP_CLIENT_ID": text("OIDC_RP_CLIENT_ID", "") or "",
        "OIDC_RP_CLIENT_SECRET": text("OIDC_RP_CLIENT_SECRET", "") or "",
        "OIDC_OP_DISCOVERY_URL": text("OIDC_OP_DISCOVERY_URL", "") or "",
        **{name: text(name, "") or "" for name in ENDPOINTS},
        "OIDC_RP_SIGN_ALGO": choice("OIDC_RP_SIGN_ALGO", "RS256", SIGN_ALGORITHMS),
        "OIDC_RP_SCOPES": text("OIDC_RP_SCOPES", "") or "openid email profile",
        # The claim that names the portal account (created on first sign-in), and the one
        # that lists the user's groups (mapped to roles and portfolios by the PMO's table).
        "OIDC_USERNAME_CLAIM": text("OIDC_USERNAME_CLAIM", "") or "preferred_username",
        "OIDC_GROUPS_CLAIM": text("OIDC_GROUPS_CLAIM", "") or "groups",
        # The button's words: "Sign in with <name>" ("with your company account" without).
        "OIDC_PROVIDER_NAME": text("OIDC_PROVIDER_NAME", "") or "",
        # API bearer tokens from the provider: their audience is our client id, or one of
        # these (an Entra ID application ID URI, say).
        "OIDC_API_AUDIENCES": items("OIDC_API_AUDIENCES", []),
        "OIDC_TIMEOUT": number("OIDC_TIMEOUT", 10, minimum=1),  # seconds, per call
        "OIDC_DISCOVERY_CACHE_SECONDS": number("OIDC_DISCOVERY_CACHE_SECONDS", 3600),
        # Fixed choices of mozilla-django-oidc: PKCE, the ID token kept in the session (the
        # id_token_hint of the logout at the provider), our callback's URL name.
        "OIDC_USE_PKCE": True,
        "OIDC_STORE_ID_TOKEN": True,
        "OIDC_AUTHENTICATION_CALLBACK_URL": "sso:callback",
        "OIDC_REDIRECT_REQUIRE_HTTPS": production,
        "LOCAL_LOGIN_ENABLED": flag("LOCAL_LOGIN_ENABLED", True),
        "AXES_WHITELIST_CALLABLE": "sso.backends.never_locked_out",
    }
    if values["OIDC_RP_CLIENT_ID"]:
        if not values["OIDC_RP_CLIENT_SECRET"]:
            raise ImproperlyConfigured("OIDC_RP_CLIENT_SECRET: required with OIDC_RP_CLIENT_ID")
        missing = [name for name in REQUIRED_ENDPOINTS if not values[name]]
        if not values["OIDC_OP_DISCOVERY_URL"] and missing:
            raise ImproperlyConfigured(
                f"{', '.join(missing)}: required with OIDC_RP_CLIENT_ID when "
                "OIDC_OP_DISCOVERY_URL is not set"
            )
    elif not values["LOCAL_LOGIN_ENABLED"]:
        raise ImproperlyConfigured(
            "LOCAL_LOGIN_ENABLED: false needs single sign-on (OIDC_RP_CLIENT_ID), or nobody "
            "could sign in"
        )
    return values
