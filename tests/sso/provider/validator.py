"""The provider's claims and its faults on demand.

Claims: the user's username, names, e-mail and groups (Django groups of the provider's
database), in the ID token and at the userinfo endpoint, whatever the scopes.

``MODE`` (set through the control endpoint) makes the next ID tokens faulty as a broken or
hostile provider would send them: issued for another client (``wrong_audience``), already
expired (``expired``), or signed by a key that is not the one its JWKS publishes
(``bad_signature``, same ``kid``)."""

from __future__ import annotations

import json
import time

from jwcrypto import jwk, jwt
from oauth2_provider.oauth2_validators import OAuth2Validator

MODE = {"value": ""}
_OTHER_KEY = jwk.JWK.generate(kty="RSA", size=2048)


class TestValidator(OAuth2Validator):
    oidc_claim_scope = None  # every claim, whatever the scopes asked

    def get_additional_claims(self, request):
        user = request.user
        return {
            "preferred_username": user.username,
            "email": user.email,
            "given_name": user.first_name,
            "family_name": user.last_name,
            "name": f"{user.first_name} {user.last_name}".strip(),
            "groups": sorted(user.groups.values_list("name", flat=True)),
        }

    def finalize_id_token(self, id_token, token, token_handler, request):
        mode = MODE["value"]
        if not mode:
            return super().finalize_id_token(id_token, token, token_handler, request)
        claims, expiration_time = self.get_id_token_dictionary(token, token_handler, request)
        id_token.update(**claims)
        if "nonce" not in id_token and request.nonce:
            id_token["nonce"] = request.nonce
        key = request.client.jwk_key
        if mode == "wrong_audience":
            id_token["aud"] = "another-application"
        elif mode == "expired":
            id_token["iat"] = int(time.time()) - 7200
            id_token["exp"] = int(time.time()) - 3600
        elif mode == "bad_signature":
            key = _OTHER_KEY
        header = {"typ": "JWT", "alg": "RS256", "kid": request.client.jwk_key.thumbprint()}
        signed = jwt.JWT(header=json.dumps(header), claims=json.dumps(id_token, default=str))
        signed.make_signed_token(key)
        self._save_id_token(id_token["jti"], request, expiration_time)
        request.access_token = request.id_token = None
        return signed.serialize()
