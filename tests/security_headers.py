"""The security headers every HTML page must carry (issue 10, item 9)."""

from __future__ import annotations

UNSAFE = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:", "https:"}


def policy(header: str) -> dict[str, list[str]]:
    """``"default-src 'self'; img-src 'self' data:"`` -> ``{"default-src": ["'self'"], …}``."""
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name.lower()] = values
    return directives


def assert_security_headers(response) -> None:
    """A Content-Security-Policy that allows only our own scripts and styles (nothing inline,
    no eval, no other origin), no plug-ins, no framing; and a Permissions-Policy that denies
    the camera, the microphone, geolocation, payment and USB."""
    assert "Content-Security-Policy" in response, "no Content-Security-Policy header"
    csp = policy(response["Content-Security-Policy"])
    for directive in ("script-src", "style-src"):
        sources = set(csp.get(directive, csp.get("default-src", ["*"])))
        assert sources & UNSAFE == set(), (directive, sources)
    assert csp.get("object-src") == ["'none'"], csp.get("object-src")
    assert csp.get("frame-ancestors") == ["'none'"], csp.get("frame-ancestors")
    assert csp.get("base-uri") == ["'self'"], csp.get("base-uri")
    assert "Permissions-Policy" in response, "no Permissions-Policy header"
    denied = {item.strip() for item in response["Permissions-Policy"].split(",") if item.strip()}
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in denied, feature


def inline_code(tree) -> list[str]:
    """What the policy would refuse in a parsed page (an html5lib tree): inline scripts,
    ``<style>`` elements, ``style`` and ``on…`` attributes, ``javascript:`` links."""
    found = []
    for element in tree.iter():
        tag = str(element.tag).rsplit("}", 1)[-1]
        if tag == "script" and not element.get("src"):
            found.append("inline <script>")
        if tag == "style":
            found.append("<style> element")
        for name, value in element.attrib.items():
            name = str(name).rsplit("}", 1)[-1]
            if name == "style" or name.startswith("on"):
                found.append(f"<{tag} {name}=…>")
            scheme = value.strip().lower().split(":", 1)[0]
            if name in {"href", "src", "action"} and scheme == "javascript":
                found.append(f"<{tag} {name}=javascript:…>")
    return found
