"""Cursor pagination: stable pages while rows are added, and no COUNT over the whole list."""

from django.db.models import QuerySet, Window
from django.db.models.functions import RowNumber
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import CursorPagination

POSITION = "position"


class CursorPage(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "-pk"  # views set their own ``ordering``


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
