"""The query string of an API request checked against the operation's own documentation
(the OpenAPI schema the API serves): an unknown parameter, a parameter given twice, a value
of the wrong type, out of its range or outside its enumeration is refused with 400 and a
message naming it — where DRF and django-filter would silently ignore it and answer a list
that is not the one asked for.

The schema is generated once per process (its parameters do not depend on the request), the
parameters of each operation looked up by URL name and method.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from django.urls import resolve
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

INTEGER = re.compile(r"-?[0-9]{1,18}")
BOOLEANS = {"true", "false"}


@cache
def operations() -> dict[tuple[str, str], dict[str, dict]]:
    """(URL name, method) → {query parameter name: its schema} for every operation."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    table = {}
    for template, item in schema["paths"].items():
        match = resolve(re.sub(r"\{[^}]+\}", "1", template))
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            table[(match.view_name, method.upper())] = {
                parameter["name"]: parameter.get("schema", {})
                for parameter in operation.get("parameters", [])
                if parameter.get("in") == "query"
            }
    return table


def _problem(name: str, value: str, schema: dict) -> str | None:
    kind = schema.get("type")
    if "enum" in schema and value not in {str(option) for option in schema["enum"]}:
        return _("“%(value)s” is not one of: %(options)s.") % {
            "value": value,
            "options": ", ".join(str(option) for option in schema["enum"]),
        }
    if kind == "integer":
        if not INTEGER.fullmatch(value):
            return _("Enter a whole number.")
        number = int(value)
        if "minimum" in schema and number < schema["minimum"]:
            return _("Enter a number of at least %(min)s.") % {"min": schema["minimum"]}
        if "maximum" in schema and number > schema["maximum"]:
            return _("Enter a number of at most %(max)s.") % {"max": schema["maximum"]}
    elif kind == "boolean" and value not in BOOLEANS:
        return _("Enter true or false.")
    elif kind == "string" and schema.get("format") == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            return _("Enter a date as YYYY-MM-DD.")
    return None


def check_query(request) -> None:
    """400 (ValidationError) naming each query parameter the operation does not take or
    whose value its documentation refuses."""
    match = request.resolver_match
    if match is None:
        return
    documented = operations().get((match.view_name, request.method))
    if documented is None:
        return  # an operation the schema does not describe (HEAD, OPTIONS)
    errors = {}
    for name in request.GET:
        values = request.GET.getlist(name)
        schema = documented.get(name)
        if schema is None:
            errors[name] = [_("This operation takes no parameter of this name.")]
        elif len(values) > 1 and schema.get("type") != "array":
            errors[name] = [_("Give this parameter once.")]
        elif schema.get("type") != "array":
            problem = _problem(name, values[0], schema)
            if problem:
                errors[name] = [problem]
    if errors:
        raise ValidationError(errors)
