from pmo_portal import roles
from pmo_portal.navigation import build_navigation


def portal(request) -> dict:
    """Navigation and the signed-in user's roles, for templates/base.html."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_areas": [], "user_roles": []}
    return {
        "nav_areas": build_navigation(user, request.path) if roles.has_any_role(user) else [],
        "user_roles": roles.role_labels(user),
    }
