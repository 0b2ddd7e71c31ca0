"""Where the identity provider is: the settings, or its discovery document
(``/.well-known/openid-configuration``), read when first needed and kept in the cache; and
its signing keys (JWKS), kept in the cache too and read again when a token names a key we do
not know (the provider rotated its keys)."""

from __future__ import annotations

import hashlib
import logging

import requests
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

# Setting -> the discovery document's key.
DISCOVERED = {
    "OIDC_OP_ISSUER": "issuer",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_LOGOUT_ENDPOINT": "end_session_endpoint",
}
# A token naming an unknown key reads the JWKS again at most this often (seconds): a flood
# of forged key ids must not become a flood of requests to the provider.
JWKS_REFRESH_INTERVAL = 60


class ProviderUnavailable(Exception):
    """The provider's discovery document or keys could not be read."""


def enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID)


def _key(kind: str, url: str) -> str:
    return f"sso:{kind}:{hashlib.sha256(url.encode()).hexdigest()[:32]}"


def _fetch_json(url: str) -> dict:
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as exc:
        logger.warning("identity provider: cannot read %s (%s)", url, exc)
        raise ProviderUnavailable(url) from exc
    if not isinstance(data, dict):
        raise ProviderUnavailable(url)
    return data


def discovery() -> dict:
    """The provider's discovery document ({} without OIDC_OP_DISCOVERY_URL)."""
    url = settings.OIDC_OP_DISCOVERY_URL
    if not url:
        return {}
    key = _key("discovery", url)
    document = cache.get(key)
    if document is None:
        document = _fetch_json(url)
        cache.set(key, document, settings.OIDC_DISCOVERY_CACHE_SECONDS)
    return document


def setting(name: str) -> str:
    """An endpoint (``OIDC_OP_*``): the setting when given, else the discovery document's
    value ("" when the provider has none, e.g. no end-session endpoint)."""
    value = getattr(settings, name, "")
    if value or name not in DISCOVERED:
        return value
    return discovery().get(DISCOVERED[name]) or ""


def jwks(*, refresh: bool = False) -> dict:
    """The provider's public keys (a JWK set). ``refresh``: read them again, unless that was
    done less than JWKS_REFRESH_INTERVAL ago."""
    url = setting("OIDC_OP_JWKS_ENDPOINT")
    if not url:
        raise ProviderUnavailable("no JWKS endpoint")
    key = _key("jwks", url)
    keys = cache.get(key)
    recently = _key("jwks-refresh", url)
    if keys is not None and refresh and cache.add(recently, 1, JWKS_REFRESH_INTERVAL):
        keys = None
    if keys is None:
        keys = _fetch_json(url)
        cache.set(key, keys, settings.OIDC_DISCOVERY_CACHE_SECONDS)
        cache.set(recently, 1, JWKS_REFRESH_INTERVAL)
    return keys
