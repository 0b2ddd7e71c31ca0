"""Every URL walked with every role plus an outsider and an anonymous visitor.

A URL pattern missing from MATRIX fails ``test_every_url_has_a_row``: a new page must
state who may see it.
"""

import html5lib
import pytest
from django.urls import get_resolver, reverse

from tests.conftest import ROLE_NAMES

LOGIN = "login"  # anonymous visitors are redirected to the sign-in page

ALL_ROLES_200 = {"outsider": 403, "pmo": 200, "pm": 200, "executive": 200,
                 "resource_manager": 200, "finance": 200}  # fmt: skip

# (url name, args key, method) -> expected status per role ("login" = redirect to sign-in)
MATRIX = {
    ("home", None, "get"): {r: 200 for r in ROLE_NAMES if r != "anonymous"},
    ("healthz", None, "get"): dict.fromkeys(ROLE_NAMES, 200),
    ("login", None, "get"): {"anonymous": 200, **{r: 302 for r in ROLE_NAMES[1:]}},
    ("logout", None, "post"): dict.fromkeys(ROLE_NAMES, 302),
    ("logout", None, "get"): dict.fromkeys(ROLE_NAMES, 405),
    ("password_change", None, "get"): {r: 200 for r in ROLE_NAMES if r != "anonymous"},
    ("password_change_done", None, "get"): {r: 200 for r in ROLE_NAMES if r != "anonymous"},
    ("set_language", None, "post"): dict.fromkeys(ROLE_NAMES, 302),
    ("admin:index", None, "get"): {"anonymous": 302, "outsider": 302, "pmo": 200, "pm": 302,
                                   "executive": 302, "resource_manager": 302, "finance": 302},
    ("portfolios:tree", None, "get"): ALL_ROLES_200,
    ("portfolios:project_list", None, "get"): ALL_ROLES_200,
    ("portfolios:project_export_csv", None, "get"): ALL_ROLES_200,
    ("portfolios:project_export_xlsx", None, "get"): ALL_ROLES_200,
    ("portfolios:objective_list", None, "get"): ALL_ROLES_200,
    ("portfolios:objective_detail", "objective", "get"): ALL_ROLES_200,
    ("portfolios:project_create", None, "get"): {"outsider": 403, "pmo": 200, "pm": 403,
        "executive": 403, "resource_manager": 403, "finance": 403},  # fmt: skip
    ("portfolios:project_create", None, "post"): {"outsider": 403, "pmo": 200, "pm": 403,
        "executive": 403, "resource_manager": 403, "finance": 403},  # fmt: skip
    ("portfolios:project_detail", "project_a", "get"): {"outsider": 404, "pmo": 200, "pm": 200,
        "executive": 200, "resource_manager": 200, "finance": 200},  # fmt: skip
    ("portfolios:project_detail", "project_b", "get"): {"outsider": 404, "pmo": 200, "pm": 404,
        "executive": 404, "resource_manager": 200, "finance": 200},  # fmt: skip
    ("portfolios:project_update", "project_a", "get"): {"outsider": 404, "pmo": 200, "pm": 200,
        "executive": 403, "resource_manager": 403, "finance": 403},  # fmt: skip
    ("portfolios:project_update", "project_a", "post"): {"outsider": 404, "pmo": 200, "pm": 200,
        "executive": 403, "resource_manager": 403, "finance": 403},  # fmt: skip
    ("portfolios:project_update", "project_b", "get"): {"outsider": 404, "pmo": 200, "pm": 404,
        "executive": 404, "resource_manager": 403, "finance": 403},  # fmt: skip
}
# URL patterns outside the portal's own pages: Django's admin (its own permission checks)
# and the language switch, tested above through their entry points.
EXEMPT_PREFIXES = ("admin:",)


def _cases():
    for (name, obj, method), expected in MATRIX.items():
        for role in ROLE_NAMES:
            yield pytest.param(name, obj, method, role, expected.get(role, LOGIN),
                               id=f"{method}-{name}-{obj or ''}-{role}")  # fmt: skip


def _url(world, name, obj):
    if obj is None:
        return reverse(name)
    return reverse(name, args=[getattr(world, obj).pk])


@pytest.mark.parametrize(("name", "obj", "method", "role", "expected"), list(_cases()))
def test_permission_matrix(client_for, world, fresh_heartbeat, name, obj, method, role, expected):
    client = client_for(role)
    url = _url(world, name, obj)
    response = getattr(client, method)(url, {"language": "fr"} if name == "set_language" else {})
    if expected == LOGIN:
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith(reverse("login")), response["Location"]
        return
    assert response.status_code == expected
    if expected == 200 and response["Content-Type"].startswith("text/html"):
        # Valid HTML5: html5lib raises on any parse error in strict mode.
        html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(response.content)


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
