"""The project picker of the contribution form on an objective's page (issue 12): a text
input taking a project's code (or the "code — name" a suggestion fills in), suggestions
from a search, and the lookup that validates what was typed. A page holds no list of every
project: at 20,000 projects a <select> would weigh megabytes."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from portfolios.models import Project

# At most this many suggestions per search.
SUGGESTIONS = 20
# What separates the code from the name in a suggestion ("PRJ-0042 — Fibre Nord").
SEPARATOR = " — "


def suggestion(project: Project) -> str:
    """The text a suggestion puts in the input."""
    return f"{project.code}{SEPARATOR}{project.name}"


def project_suggestions(projects: QuerySet[Project], text: str) -> list[Project]:
    """The first ``SUGGESTIONS`` of ``projects`` (by code) whose code or name contains
    ``text`` (case-insensitive); none for an empty text. One query."""
    text = text.strip()
    if not text:
        return []
    return list(
        projects.filter(Q(code__icontains=text) | Q(name__icontains=text))
        .only("pk", "code", "name")
        .order_by("code")[:SUGGESTIONS]
    )


def find_project(projects: QuerySet[Project], text: str) -> Project | None:
    """The project of ``projects`` that ``text`` names: its code (any case), or a suggestion
    "code — name" (the code before the first separator); None when none of ``projects``
    has that code. One query."""
    text = text.strip()
    if not text:
        return None
    code = text.split(SEPARATOR, 1)[0].strip()
    found = list(projects.filter(Q(code__iexact=text) | Q(code__iexact=code))[:2])
    # A code that itself holds the separator wins over the code before it.
    found.sort(key=lambda project: project.code.upper() != text.upper())
    return found[0] if found else None
