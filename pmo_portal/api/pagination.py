"""Cursor pagination: stable pages while rows are added, and no COUNT over the whole list."""

from rest_framework.pagination import CursorPagination


class CursorPage(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "-pk"  # views set their own ``ordering``
