"""Settings of the REST API (/api/v1/, pmo_portal/api/): Django REST Framework and
drf-spectacular's OpenAPI schema. Kept apart from settings.py (which reads the environment)
because nothing here depends on the environment except the rate limit it is given."""

from __future__ import annotations


def rest_framework(*, rate_limit: int) -> dict:
    """DRF's settings, ``rate_limit`` requests a minute per token (API_RATE_LIMIT)."""
    return {
        "DEFAULT_AUTHENTICATION_CLASSES": [
            # A JWT from the identity provider (two dots); then the portal's own tokens (pmo_…).
            "sso.api.OidcBearerAuthentication",
            "pmo_portal.api.authentication.BearerTokenAuthentication",
            # The portal's own session (the browsable docs, a signed-in user's scripts); it
            # enforces CSRF on writes.
            "rest_framework.authentication.SessionAuthentication",
        ],
        "DEFAULT_PERMISSION_CLASSES": ["pmo_portal.api.permissions.ApiAccess"],
        "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
        "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
        "DEFAULT_PAGINATION_CLASS": "pmo_portal.api.pagination.CursorPage",
        "DEFAULT_FILTER_BACKENDS": ["pmo_portal.api.pagination.ViewOrderingFilter"],
        "DEFAULT_THROTTLE_CLASSES": ["pmo_portal.api.throttling.TokenRateThrottle"],
        "DEFAULT_THROTTLE_RATES": {"api": f"{rate_limit}/min"},
        "EXCEPTION_HANDLER": "pmo_portal.api.errors.problem_details",
        "DEFAULT_SCHEMA_CLASS": "pmo_portal.api.schema.ApiSchema",
        "ORDERING_PARAM": "ordering",
        "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    }


SPECTACULAR_SETTINGS = {
    "TITLE": "PMO Portal API",
    "DESCRIPTION": (
        "Read the portfolio of a strategic PMO: portfolios, strategic objectives, projects "
        "(declared status, priority score, lifecycle phase), status reports, milestones, RAID "
        "items, budgets, actual costs, allocations and capacity, budget alerts, steering "
        "committees and their packs, lessons learned. Write status reports, and push actual "
        "costs, capacity and allocation requests in batches. Authenticate with "
        "`Authorization: Bearer <token>` (tokens: the portal's *My API tokens* page). "
        "Descriptions in French with `?lang=fr`."
    ),
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No deep links (Swagger UI nests the link in the operation's toggle button, which
    # axe refuses: nested-interactive) and no schema models section (its "Expand all"
    # buttons are unreadable grey on grey); each operation still shows its schemas.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "defaultModelsExpandDepth": -1},
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "HealthEnum": "portfolios.models.Health",
        "MilestoneStatusEnum": "reporting.models.MilestoneStatus",
        # A meeting's status, in its list and detail components alike.
        "MeetingStatusEnum": "reporting.models.MeetingStatus",
    },
}
