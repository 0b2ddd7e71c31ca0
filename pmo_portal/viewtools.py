"""Small pieces the apps' views share (foundations: no app imported)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError


def posted(request):
    """The posted data, or None for a GET (an empty post is bound, and may be valid)."""
    return request.POST if request.method == "POST" else None


def apply_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on ``form``: each field's errors beside the field,
    errors about anything the form does not show at the top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def require_perm(user, perm: str, obj=None) -> None:
    """PermissionDenied (403) unless ``user`` has ``perm`` (on ``obj`` when given: the
    object rules of pmo_portal/rules). One helper for every view module."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied
