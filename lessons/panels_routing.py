"""The home-page block of lesson routing (registered in lessons/views/routing.py)."""

from __future__ import annotations

from lessons.selectors_routing import lessons_for_my_projects


def my_lessons_panel(request) -> dict | None:
    """A project manager's live projects with lessons waiting for their decision; hidden
    when there is none."""
    rows = lessons_for_my_projects(request.user)
    return {"rows": rows} if rows else None
