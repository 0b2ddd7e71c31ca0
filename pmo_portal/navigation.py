"""The top navigation: the five areas of a strategic PMO, in the order of the brief.

Entries name URL patterns; an entry whose URL does not exist yet (its area is not built)
is simply not shown, so there is never a dead link.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

AREAS = [
    ("governance", _("Governance"), []),
    (
        "portfolios",
        _("Portfolios"),
        [
            ("portfolios:tree", _("Portfolio tree")),
            ("portfolios:project_list", _("Projects")),
            ("portfolios:objective_list", _("Strategic objectives")),
        ],
    ),
    (
        "resources",
        _("Resources and budgets"),
        [
            ("resources:capacity", _("Capacity plan")),
            ("resources:resource_list", _("Resources")),
            ("resources:pending_allocations", _("Allocations to decide")),
            ("resources:portfolio_budget", _("Portfolio budgets")),
            ("resources:cost_import", _("Import actual costs")),
            ("resources:alert_list", _("Budget alerts")),
        ],
    ),
    (
        "reporting",
        _("Reporting"),
        [
            ("reporting:dashboard", _("Portfolio dashboard")),
            ("reporting:my_reports", _("My status reports")),
            ("reporting:missing_reports", _("Missing reports")),
            ("reporting:top_risks", _("Top risks")),
            ("reporting:milestones", _("Milestones ahead")),
            ("reporting:copil_list", _("Steering committees")),
        ],
    ),
    ("lessons", _("Lessons learned"), []),
]


# The sections of a project's pages, shown as tabs on each of them (URL names taking the
# project's pk). Like areas, a section whose URL does not exist yet is not shown.
PROJECT_SECTIONS = [
    ("portfolios:project_detail", _("Overview")),
    ("reporting:project_reports", _("Status reports")),
    ("reporting:project_milestones", _("Milestones")),
    ("reporting:raid_list", _("RAID log")),
    ("resources:project_budget", _("Budget")),
    ("resources:project_allocations", _("Allocations")),
]


def project_sections(project_pk: int, current_path: str) -> list[dict]:
    sections = []
    for url_name, label in PROJECT_SECTIONS:
        try:
            url = reverse(url_name, args=[project_pk])
        except NoReverseMatch:
            continue
        sections.append({"url": url, "label": label, "active": current_path == url})
    return sections


def build_navigation(current_path: str) -> list[dict]:
    areas = []
    for key, label, entries in AREAS:
        links = []
        for url_name, link_label in entries:
            try:
                url = reverse(url_name)
            except NoReverseMatch:
                continue
            links.append({"url": url, "label": link_label, "active": current_path.startswith(url)})
        if links:
            areas.append(
                {
                    "key": key,
                    "label": label,
                    "links": links,
                    "active": any(link["active"] for link in links),
                }
            )
    return areas
