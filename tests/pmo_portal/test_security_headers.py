"""Content-Security-Policy and Permissions-Policy: the headers, and HTMX told to live with them."""

import html
import json
import re

from django.urls import reverse

from pmo_portal.middleware import permissions_policy
from tests.security_headers import assert_security_headers, policy


def test_the_policy_allows_only_our_own_files(client, db):
    response = client.get(reverse("login"))
    assert_security_headers(response)
    csp = policy(response["Content-Security-Policy"])
    assert csp["default-src"] == csp["script-src"] == csp["style-src"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]


def test_answers_other_than_pages_carry_the_headers_too(client, db):
    response = client.get(reverse("healthz"))
    assert response["Content-Type"] == "application/json"
    assert "Content-Security-Policy" in response
    assert "camera=()" in response["Permissions-Policy"]


def test_permissions_policy_syntax():
    header = permissions_policy({"camera": [], "fullscreen": ["self", "https://x.example"]})
    assert header == 'camera=(), fullscreen=(self "https://x.example")'


def test_htmx_is_configured_for_the_policy(client, db):
    """No indicator <style> injected, no eval, no script run from a swapped partial."""
    page = client.get(reverse("login")).content.decode()
    meta = re.search(r'<meta name="htmx-config" content=\'([^\']*)\'>', page)
    assert meta, "no htmx-config meta"
    config = json.loads(html.unescape(meta.group(1)))
    assert config == {
        "includeIndicatorStyles": False,
        "allowEval": False,
        "allowScriptTags": False,
    }
