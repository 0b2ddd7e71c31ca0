"""Rows of the permission matrix (tests/test_permissions.py), one module per page family.

Each module defines ``ROWS = {(url name, world attribute or None, method): row("…")}``.
"""

from tests.conftest import ROLE_NAMES

LOGIN = "login"  # anonymous visitors are redirected to the sign-in page


def row(spec: str) -> dict:
    """Expected status per role, in the order of ROLE_NAMES: anonymous, outsider, pmo, pm,
    executive, resource_manager, finance. ``L`` = redirect to the sign-in page."""
    codes = spec.split()
    assert len(codes) == len(ROLE_NAMES)
    return {
        role: LOGIN if code == "L" else int(code)
        for role, code in zip(ROLE_NAMES, codes, strict=True)
    }
