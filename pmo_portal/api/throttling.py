"""Rate limit per token (``API_RATE_LIMIT`` requests a minute); a session is limited per
user, an anonymous caller per address. Over the limit: 429 with Retry-After."""

from rest_framework.throttling import SimpleRateThrottle

from pmo_portal.models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_cache_key(self, request, view) -> str:
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"ip-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
