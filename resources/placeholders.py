"""The project's budget a document template may name, contributed to
``registry.placeholders()`` from contributions.py. Only readers of the budget get the values
(``perm``): anyone else gets empty ones.

``budget_lines`` is a table for a loop in the template::

    {% for line in budget_lines %}{{ line.year }} {{ line.nature }} {{ line.approved }}{% endfor %}

each line a dict of text: ``year``, ``nature``, ``approved``, ``actual``, ``committed``.
The figures are those of the project's budget page (resources.selectors.budgets), read once
per rendering and kept on the project object."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from pmo_portal.registry import Placeholder
from pmo_portal.text_values import text_amount
from resources.models import Nature
from resources.selectors.budgets import Figures, project_budget

PERM = "resources.view_budget"
_CACHE = "_placeholder_budget"


def _budget(project) -> dict:
    if not hasattr(project, _CACHE):
        setattr(project, _CACHE, project_budget(project=project))
    return getattr(project, _CACHE)


def _lines(project) -> list[dict]:
    """Approved, actual and committed per fiscal year and nature."""
    per_year: dict[tuple[int, str], Figures] = {}
    for row in _budget(project)["lines"]:
        per_year.setdefault((row.fiscal_year, row.nature), Figures()).add(row.figures)
    return [
        {
            "year": str(year),
            "nature": str(Nature(nature).label),
            "approved": text_amount(figures.approved),
            "actual": text_amount(figures.actual),
            "committed": text_amount(figures.committed),
        }
        for (year, nature), figures in sorted(per_year.items())
    ]


PLACEHOLDERS = [
    Placeholder(
        "budget_approved",
        _("Approved budget (all years)"),
        "180 000,00 €",
        50,
        lambda p: text_amount(_budget(p)["total"].approved),
        PERM,
    ),
    Placeholder(
        "actual_costs",
        _("Actual costs to date"),
        "42 350,00 €",
        51,
        lambda p: text_amount(_budget(p)["total"].actual),
        PERM,
    ),
    Placeholder(
        "committed_costs",
        _("Open commitments"),
        "12 000,00 €",
        52,
        lambda p: text_amount(_budget(p)["total"].committed),
        PERM,
    ),
    Placeholder(
        "budget_lines",
        _("Budget per year and nature (table: year, nature, approved, actual, committed)"),
        "2026 · CAPEX · 120 000,00 € · 30 000,00 € · 5 000,00 €",
        53,
        _lines,
        PERM,
    ),
]
