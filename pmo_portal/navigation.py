"""The top navigation, the project tabs and the portfolio settings tabs, built from what the
installed apps contribute (pmo_portal/registry.py).

A user sees only the entries and tabs whose permission they have, so a menu never leads to
a refusal; an entry whose URL does not exist is not shown either, so never to a dead link.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from pmo_portal import registry


def _reverse(url_name: str, *args) -> str | None:
    """The entry's URL, None if it has none. Remembered per URL configuration and script
    prefix: every page builds the menu, and its thirty-odd reverses were 8 % of the CPU of a
    project list request (issue 16)."""
    return _remembered(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, url_name, args)


@functools.lru_cache(maxsize=4096)
def _remembered(prefix: str, urlconf: str, url_name: str, args: tuple) -> str | None:
    try:
        return reverse(url_name, args=args, urlconf=urlconf)
    except NoReverseMatch:
        return None


def project_sections(user, project, current_path: str) -> list[dict]:
    """The tabs of ``project``'s pages that ``user`` may open."""
    sections = []
    for tab in registry.project_tabs():
        url = _reverse(tab.url_name, project.pk)
        if url is None or not registry.allowed(user, tab.perm, project):
            continue
        sections.append({"url": url, "label": tab.label, "active": current_path == url})
    return sections


def portfolio_sections(user, portfolio, current_path: str) -> list[dict]:
    """The settings pages of ``portfolio`` that ``user`` may open (the apps' portfolio tabs)."""
    sections = []
    for tab in registry.portfolio_tabs():
        url = _reverse(tab.url_name, portfolio.pk)
        if url is None or not registry.allowed(user, tab.perm):
            continue
        sections.append({"url": url, "label": tab.label, "active": current_path.startswith(url)})
    return sections


def first_portfolio_tab(user) -> str | None:
    """The URL name of the first portfolio settings page ``user`` may open (None: none), for
    a link per node of the portfolio tree."""
    for tab in registry.portfolio_tabs():
        if _reverse(tab.url_name, 0) is not None and registry.allowed(user, tab.perm):
            return tab.url_name
    return None


def build_navigation(user, current_path: str) -> list[dict]:
    """The areas of the menu with the entries ``user`` may open; an area with none is left
    out."""
    entries: dict[str, list[dict]] = {}
    for entry in registry.menu_entries():
        url = _reverse(entry.url_name)
        if url is None or not registry.allowed(user, entry.perm):
            continue
        entries.setdefault(entry.area, []).append(
            {"url": url, "label": entry.label, "active": current_path.startswith(url)}
        )
    areas = []
    for area in registry.areas():
        links = entries.get(area.key)
        if links:
            areas.append(
                {
                    "key": area.key,
                    "label": area.label,
                    "links": links,
                    "active": any(link["active"] for link in links),
                }
            )
    return areas
