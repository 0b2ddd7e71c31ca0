"""Verification of the JWTs the identity provider signs (ID tokens at sign-in, ID or access
tokens sent to the API): the signature with the provider's published key (JWKS), the
algorithm we expect, the issuer, the audience, the expiry."""

from __future__ import annotations

import jwt
from django.conf import settings

from sso import config

# Clock skew tolerated between us and the provider, in seconds.
LEEWAY = 30
REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub"]


class InvalidToken(Exception):
    """The token is not one we accept (the message says why, for the logs only)."""


def looks_like_jwt(value: str) -> bool:
    """A compact JWS: three base64url parts separated by two dots (the portal's own API
    tokens, ``pmo_…``, have none)."""
    parts = value.split(".")
    return len(parts) == 3 and all(parts)


def _signing_key(header: dict):
    kid = header.get("kid")
    for refresh in (False, True):
        for candidate in config.jwks(refresh=refresh).get("keys", []):
            if kid is not None and candidate.get("kid") != kid:
                continue
            if candidate.get("alg") not in (None, header["alg"]):
                continue
            if candidate.get("use") not in (None, "sig"):
                continue
            try:
                return jwt.PyJWK(candidate, algorithm=header["alg"]).key
            except jwt.PyJWTError as exc:
                raise InvalidToken(f"unusable key {kid!r}: {exc}") from exc
    raise InvalidToken(f"no published key {kid!r}")


def verify(token: str, *, audiences: list[str], nonce: str | None = None) -> dict:
    """The claims of ``token`` once verified; InvalidToken otherwise. ``nonce``: the value
    the sign-in sent (an ID token must carry it back)."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise InvalidToken(f"not a JWT: {exc}") from exc
    algorithm = settings.OIDC_RP_SIGN_ALGO
    if header.get("alg") != algorithm:
        raise InvalidToken(f"algorithm {header.get('alg')!r}, expected {algorithm!r}")
    key = _signing_key(header)
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[algorithm],
            audience=audiences,
            issuer=config.setting("OIDC_OP_ISSUER"),
            leeway=LEEWAY,
            options={"require": REQUIRED_CLAIMS},
        )
    except jwt.PyJWTError as exc:
        raise InvalidToken(str(exc)) from exc
    if nonce is not None and claims.get("nonce") != nonce:
        raise InvalidToken("nonce mismatch")
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise InvalidToken("no subject")
    return claims
