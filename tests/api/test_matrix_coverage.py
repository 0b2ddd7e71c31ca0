"""Every operation of the API's schema has its rows in the permission matrix (each role and
the outsider, tests/permission_rows/api*.py): an endpoint added without them fails here."""

from __future__ import annotations

import re

from django.urls import resolve
from drf_spectacular.generators import SchemaGenerator

from tests.test_permissions import MATRIX

METHODS = {"get", "post", "put", "patch", "delete"}


def _operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for template, item in schema["paths"].items():
        # Any number stands for a path parameter: the route's name is all we need.
        path = re.sub(r"\{[^}]+\}", "1", template)
        name = resolve(path).url_name
        namespace = resolve(path).namespace
        for method in set(item) & METHODS:
            yield f"{namespace}:{name}", method


def test_every_api_operation_is_in_the_permission_matrix():
    operations = set(_operations())
    assert len(operations) >= 15
    covered = {(name, method) for name, _obj, method in MATRIX}
    assert sorted(operations - covered) == []
