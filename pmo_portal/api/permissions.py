"""Who may call an endpoint: a signed-in user (a token, or the portal's session), and with a
token, one that carries the operation's scope (an ``ApiToken``, or any ``request.auth`` that
has ``scopes``, such as the identity provider's tokens). What the user may see or change is
then the app's own business: the same querysets and ``rules`` as its web pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from pmo_portal.models import ApiTokenScope


def required_scope(request, view) -> str | None:
    """The scope an operation needs: ``view.write_scope`` for writes (none declared: no
    token may write), ``read`` for reads."""
    if request.method in SAFE_METHODS:
        return ApiTokenScope.READ.value
    return getattr(view, "write_scope", None)


class ApiAccess(BasePermission):
    message = _("This token does not have the scope this operation needs.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        if user is None or not user.is_authenticated:
            return False  # 401: DRF answers NotAuthenticated with the Bearer challenge
        if not hasattr(view, request.method.lower()):
            return True  # 405 (with Allow), not a missing scope: the URL has no such operation
        scopes = getattr(request.auth, "scopes", None)
        if scopes is None:
            return True  # the portal's session: the web's own rules apply
        scope = required_scope(request, view)
        return scope is not None and scope in scopes
