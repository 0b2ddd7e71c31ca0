"""The Content-Security-Policy lets a person signed in through the identity provider sign
out there too: the sign-out form posts to the portal, which redirects to the provider's
end-session endpoint, and browsers check every redirect of a form's submission against
``form-action`` ('self' only): the provider's origin is added to it on the pages of such a
session (and only there)."""

from __future__ import annotations

from urllib.parse import urlsplit

from sso import config


class ProviderSignOutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not config.enabled() or not response.get("Content-Type", "").startswith("text/html"):
            return response
        session = getattr(request, "session", None)
        if session is None or "oidc_id_token" not in session:
            return response
        try:
            endpoint = config.setting("OIDC_OP_LOGOUT_ENDPOINT")
        except config.ProviderUnavailable:
            return response
        if endpoint:
            parts = urlsplit(endpoint)
            update = dict(getattr(response, "_csp_update", None) or {})
            update["form-action"] = [
                *update.get("form-action", []),
                f"{parts.scheme}://{parts.netloc}",
            ]
            response._csp_update = update
        return response
