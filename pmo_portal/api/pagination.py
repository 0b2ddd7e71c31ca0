"""Cursor pagination: stable pages while rows are added, and no COUNT over the whole list."""

import re

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination


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
