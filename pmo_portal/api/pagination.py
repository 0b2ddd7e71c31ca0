"""Cursor pagination: stable pages while rows are added, and no COUNT over the whole list."""

import re

from django.db.models import QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import CursorPagination

POSITION = "position"


class CursorPage(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "-pk"  # views set their own ``ordering``

    def get_page_size(self, request) -> int:
        """``page_size`` from 1 to ``max_page_size``; any other value is refused (400), not
        silently replaced by the default as DRF does."""
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not (re.fullmatch(r"[0-9]{1,6}", value) and 1 <= int(value) <= self.max_page_size):
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Enter a whole number from 1 to %(max)d.") % {"max": self.max_page_size}
                    ]
                }
            )
        return int(value)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters


def numbered(queryset: QuerySet, ordering=None) -> QuerySet:
    """``queryset`` with each row's rank in ``ordering`` (default: the queryset's own order)
    as ``position`` (1, 2…), ordered by it. A view whose ``ordering`` is ``["position"]``
    then pages exactly in a web page's order, whatever its keys (several fields, nulls last,
    an annotation), which the cursor alone cannot follow: it keys on one field.

    Meant for bounded lists (a project's rows, the objective tree): the rank is computed over
    the whole filtered list on each page. Rows added or moved between two pages shift the
    positions, as they shift the web page's."""
    keys = list(ordering or queryset.query.order_by or queryset.model._meta.ordering)
    return queryset.annotate(**{POSITION: Window(RowNumber(), order_by=[*keys, "pk"])}).order_by(
        POSITION
    )


class ViewOrderingFilter(OrderingFilter):
    """The view's ``ordering`` (its web page's), or ``?ordering=`` among its
    ``ordering_fields`` (a leading ``-`` for descending): documented with those values, and
    not at all when the view offers none."""

    def get_schema_operation_parameters(self, view):
        fields = getattr(view, "ordering_fields", None) or []
        if not fields or fields == "__all__":
            return []
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": "Another order than the page's",
                "schema": {
                    "type": "string",
                    "enum": [value for field in fields for value in (field, f"-{field}")],
                },
            }
        ]
