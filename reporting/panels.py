"""Reporting's blocks on the home page (registered in reporting/contributions.py)."""

from __future__ import annotations

from reporting.selectors.reports import my_desk


def desk_panel(request) -> dict | None:
    """A project manager's projects and this period's report of each; hidden when the user
    manages no open project."""
    desk = my_desk(user=request.user)
    return {"desk": desk} if desk else None
