"""Every URL walked with every role plus an outsider and an anonymous visitor.

A URL pattern missing from MATRIX fails ``test_every_url_has_a_row``: a new page must
state who may see it.
"""

from importlib import import_module
from pathlib import Path

import html5lib
import pytest
from django.urls import get_resolver, reverse

from tests.conftest import ROLE_NAMES
from tests.permission_rows import LOGIN, row, world_object
from tests.security_headers import assert_security_headers, inline_code
from tests.shared_world import copied_world, shared_world  # noqa: F401 (fixtures)

# (url name, object, method) -> expected status per role
#                                                              anon out pmo pm  exe rm  fin
MATRIX = {
    ("home", None, "get"): row("                                L 200 200 200 200 200 200"),
    ("healthz", None, "get"): row("                           200 200 200 200 200 200 200"),
    ("login", None, "get"): row("                             200 302 302 302 302 302 302"),
    ("logout", None, "post"): row("                           302 302 302 302 302 302 302"),
    ("logout", None, "get"): row("                            405 405 405 405 405 405 405"),
    ("password_change", None, "get"): row("                     L 200 200 200 200 200 200"),
    ("password_change_done", None, "get"): row("                L 200 200 200 200 200 200"),
    ("set_language", None, "post"): row("                     302 302 302 302 302 302 302"),
    ("admin:index", None, "get"): row("                       302 302 200 302 302 302 302"),
    ("portfolios:tree", None, "get"): row("                     L 403 200 200 200 200 200"),
    ("portfolios:project_list", None, "get"): row("             L 403 200 200 200 200 200"),
    ("portfolios:project_export_csv", None, "get"): row("       L 403 200 200 200 200 200"),
    ("portfolios:project_export_xlsx", None, "get"): row("      L 403 200 200 200 200 200"),
    ("portfolios:objective_list", None, "get"): row("           L 403 200 200 200 200 200"),
    ("portfolios:objective_detail", "objective", "get"): row("  L 403 200 200 200 200 200"),
    ("portfolios:project_create", None, "get"): row("           L 403 200 403 403 403 403"),
    ("portfolios:project_create", None, "post"): row("          L 403 200 403 403 403 403"),
    ("portfolios:project_detail", "project_a", "get"): row("    L 404 200 200 200 200 200"),
    ("portfolios:project_detail", "project_b", "get"): row("    L 404 200 404 404 200 200"),
    ("portfolios:project_update", "project_a", "get"): row("    L 404 200 200 403 403 403"),
    ("portfolios:project_update", "project_a", "post"): row("   L 404 200 200 403 403 403"),
    ("portfolios:project_update", "project_b", "get"): row("    L 404 200 404 404 403 403"),
    ("portfolios:project_update", "project_b", "post"): row("   L 404 200 404 404 403 403"),
}
# Each page family adds its rows in tests/permission_rows/<name>.py (ROWS = {...}).
for _module in sorted(Path(__file__).parent.joinpath("permission_rows").glob("*.py")):
    if _module.stem != "__init__":
        MATRIX.update(import_module(f"tests.permission_rows.{_module.stem}").ROWS)

# URL patterns outside the portal's own pages: Django's admin (its own permission checks)
# and the language switch, tested above through their entry points.
EXEMPT_PREFIXES = ("admin:",)


def _cases():
    for (name, obj, method), expected in MATRIX.items():
        for role in ROLE_NAMES:
            yield pytest.param(
                name, obj, method, role, expected[role], id=f"{method}-{name}-{obj or ''}-{role}"
            )


def _url(world, name, obj):
    if obj is None:
        return reverse(name)
    target = world_object(world, obj)
    return reverse(name, args=getattr(target, "url_args", None) or [target.pk])


@pytest.mark.parametrize(("name", "obj", "method", "role", "expected"), list(_cases()))
def test_permission_matrix(client_for, world, fresh_heartbeat, name, obj, method, role, expected):
    client = client_for(role)
    url = _url(world, name, obj)
    data = {"language": "fr"} if name == "set_language" else {}
    # The API reads JSON bodies only (an empty object: bad input for whoever may write).
    body = {"content_type": "application/json"} if name.startswith("api:") else {}
    response = getattr(client, method)(url, data, **({} if method == "get" else body))
    if response["Content-Type"].startswith("text/html"):
        # Every HTML answer (pages, partials, errors, redirects) carries the CSP and the
        # Permissions-Policy.
        assert_security_headers(response)
    if expected == LOGIN:
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith(reverse("login")), response["Location"]
        return
    assert response.status_code == expected
    if expected == 200 and response["Content-Type"].startswith("text/html"):
        # Valid HTML5: html5lib raises on any parse error in strict mode.
        parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
        if response.content.lstrip()[:9].lower() == b"<!doctype":
            tree = parser.parse(response.content)
        else:  # an HTMX partial
            tree = parser.parseFragment(response.content)
        # HTMX attributes in their valid HTML form (data-hx-*): the W3C checker refuses hx-*.
        bare = {name for element in tree.iter() for name in element.attrib if name[:3] == "hx-"}
        assert bare == set(), bare
        # Nothing the Content-Security-Policy refuses: no inline script or style.
        assert inline_code(tree) == []
        # No template syntax printed as text (a multi-line {# … #} is, for instance).
        for marker in (b"{#", b"{%", b"{{", b"#}", b"%}", b"}}"):
            assert marker not in response.content, marker


def _named_patterns(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            namespace = f"{pattern.namespace}:" if pattern.namespace else ""
            yield from _named_patterns(pattern, prefix + namespace)
        elif pattern.name:
            yield prefix + pattern.name


def test_every_url_has_a_row():
    covered = {name for name, _obj, _method in MATRIX}
    missing = [
        name
        for name in _named_patterns(get_resolver())
        if name not in covered and not name.startswith(EXEMPT_PREFIXES)
    ]
    assert missing == []
