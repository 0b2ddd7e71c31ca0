"""Every API error as RFC 9457 problem details (``application/problem+json``)::

    {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "…"}

A request that is not valid adds ``errors``: the messages per field (``{"field": [...]}``).
"""

from __future__ import annotations

from http import HTTPStatus

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem_body(status: int, detail: str, **extra) -> dict:
    return {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": str(detail),
        **extra,
    }


def problem_details(exc, context):
    """DRF's exception handler (which turns Http404 and PermissionDenied into 404 and 403),
    with the body rewritten as problem details. Other exceptions stay server errors."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        body = problem_body(
            response.status_code, _("The request is not valid."), errors=response.data
        )
    elif isinstance(response.data, dict) and "detail" in response.data:
        body = problem_body(response.status_code, response.data["detail"])
    else:
        body = problem_body(response.status_code, HTTPStatus(response.status_code).description)
    response.data = body
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def page_not_found(request, exception):
    """The site's 404 (``handler404``): under /api/, problem details like the API's own 404s
    (a path no route matches, such as an id that is not a number), the page elsewhere."""
    if request.path_info.startswith("/api/"):
        return JsonResponse(
            problem_body(404, exceptions.NotFound.default_detail),
            status=404,
            content_type=PROBLEM_CONTENT_TYPE,
        )
    return defaults.page_not_found(request, exception)
