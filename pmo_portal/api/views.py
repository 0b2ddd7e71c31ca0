"""Base classes of the apps' API views (their ``api.py``)."""

from __future__ import annotations

import hashlib
import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.http import parse_etags
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from pmo_portal.api.query import check_query


def etag_of(data) -> str:
    """A strong ETag of a representation: a digest of its JSON (any field that changes,
    the object's or a related one's, changes it)."""
    payload = json.dumps(data, sort_keys=True, cls=DjangoJSONEncoder).encode("utf-8")
    return f'"{hashlib.sha256(payload).hexdigest()[:32]}"'


def documented(description, example: dict, **kwargs):
    """``extend_schema`` with an operation's description (a lazy translation: the schema
    speaks the reader's language) and an example of one item of its answer (a list's
    example is wrapped in its page by drf-spectacular)."""
    return extend_schema(
        description=description,
        examples=[OpenApiExample("example", value=example, response_only=True)],
        **kwargs,
    )


def one_page(data: list) -> Response:
    """A bounded list answered whole (the team rows of the capacity plan, the lessons
    routed to a project): the cursor page's envelope, without a next page."""
    return Response({"next": None, "previous": None, "results": data})


class ETagRetrieveMixin:
    """The detail carries an ETag and answers ``If-None-Match`` with 304 Not Modified."""

    def retrieve(self, request, *args, **kwargs):
        data = self.get_serializer(self.get_object()).data
        etag = etag_of(data)
        asked = parse_etags(request.headers.get("If-None-Match", ""))
        wanted = {tag.removeprefix("W/") for tag in asked}
        if etag in wanted or "*" in wanted:
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        return Response(data, headers={"ETag": etag})


class ApiViewSet(viewsets.GenericViewSet):
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Objects are named by their integer id: another value in the path names no object
        # (404), it must not reach a lookup the database refuses (a server error). The
        # router's pattern stays the default one, so that the schema types the id from the
        # model (an integer).
        lookup = kwargs.get(self.lookup_url_kwarg or self.lookup_field)
        if lookup is not None and not re.fullmatch(r"[0-9]+", lookup):
            raise NotFound
        # Unknown query parameters and values outside their documentation: 400 (query.py).
        check_query(request)


class ReadOnlyViewSet(ETagRetrieveMixin, mixins.ListModelMixin, ApiViewSet):
    """A list (``get_queryset``) and a detail (``get_object``)."""


class ListViewSet(mixins.ListModelMixin, ApiViewSet):
    """A list only (the rows of one project, say; their detail has a URL of its own)."""


class DetailViewSet(ETagRetrieveMixin, ApiViewSet):
    """A detail only (``get_object``)."""
