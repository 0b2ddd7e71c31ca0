"""How the OpenAPI schema describes every operation beyond its own serializers: the error
answers (RFC 9457 problem details, errors.py) that any operation may give, and the ETag,
If-None-Match and 304 of the details (views.ETagRetrieveMixin). It is the API's
``DEFAULT_SCHEMA_CLASS``, so an operation added later is documented alike without a line of
its own; an operation's ``extend_schema(responses=...)`` still wins for its own codes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from pmo_portal.api.errors import PROBLEM_CONTENT_TYPE
from pmo_portal.api.views import ETagRetrieveMixin


class ProblemSerializer(serializers.Serializer):
    """An error (RFC 9457 problem details)."""

    type = serializers.CharField(help_text=_("about:blank: the status says what kind of error."))
    title = serializers.CharField(help_text=_("The HTTP status phrase."))
    status = serializers.IntegerField(help_text=_("The HTTP status code."))
    detail = serializers.CharField(help_text=_("What went wrong, for a person to read."))
    errors = serializers.JSONField(
        required=False,
        help_text=_("A request that is not valid (400): the messages per field."),
    )


def _header(description, kind: str = "string") -> dict:
    # A new dict each time: the YAML schema would otherwise show anchors and aliases.
    return {"schema": {"type": kind}, "required": True, "description": description}


def _etag_header() -> dict:
    return _header(_("The version of this representation; send it back in If-None-Match."))


IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    str,
    OpenApiParameter.HEADER,
    description=_("The ETag of the copy you hold: 304 Not Modified if it is still current."),
)
# The status codes any operation may answer, besides its own (400: only those that read input).
ERRORS = {
    "400": (_("The request is not valid: errors gives the messages per field."), {}),
    "401": (
        _("No token, or a token that is not valid, has expired or was revoked."),
        {"WWW-Authenticate": (_("The authentication scheme: Bearer."), "string")},
    ),
    "403": (_("The token lacks this operation's scope, or the role may not do this."), {}),
    "404": (_("No such object in the caller's scope, or a cursor that is not valid."), {}),
    "429": (
        _("Too many requests for this token."),
        {"Retry-After": (_("Seconds to wait before trying again."), "integer")},
    ),
}


class ApiSchema(AutoSchema):
    def _has_etag(self) -> bool:
        action = getattr(self.view, "action", None)
        return isinstance(self.view, ETagRetrieveMixin) and action == "retrieve"

    def _reads_input(self) -> bool:
        """Query parameters (filters, ordering, pages) or a body: a 400 is possible."""
        return self._is_list_view() or self.method in {"POST", "PUT", "PATCH"}

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self._has_etag():
            parameters = [*parameters, IF_NONE_MATCH]
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self._has_etag():
            responses["200"].setdefault("headers", {})["ETag"] = _etag_header()
            responses.setdefault(
                "304",
                {
                    "description": _("Not modified: the copy you hold is current."),
                    "headers": {"ETag": _etag_header()},
                },
            )
        problem = self.resolve_serializer(ProblemSerializer, "response").ref
        for code, (description, headers) in ERRORS.items():
            if code == "400" and not self._reads_input():
                continue
            response = {
                "description": description,
                "content": {PROBLEM_CONTENT_TYPE: {"schema": problem}},
            }
            if headers:
                response["headers"] = {
                    name: _header(text, kind) for name, (text, kind) in headers.items()
                }
            responses.setdefault(code, response)
        return responses
