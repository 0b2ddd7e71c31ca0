"""The dashboard's budget block read from the portfolio roll-ups (figures written by
resources/rollup_source.py): the same totals as budget_totals.year_totals for the projects
under way of whole portfolio nodes, in one query of a few rows per node."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from portfolios.selectors.rollups import NodeScope, rollup_sums
from resources.selectors.budgets import NATURES, ZERO, Figures

FIGURES = ("approved", "actual", "committed", "forecast")


def rollup_year_totals(*, scope: NodeScope, year: int) -> Figures:
    """Approved, actual, committed and forecast of fiscal ``year`` summed over both natures,
    for the projects under way of ``scope``'s nodes."""
    keys = [f"budget:{figure}:{nature}" for figure in FIGURES for nature in NATURES]
    sums = rollup_sums(
        {"budget": scope.condition() & Q(key__in=keys, period=date(year, 1, 1))}
    ).get("budget", {})
    figures = Figures()
    for (key, _period), value in sums.items():
        figure = key.split(":")[1]
        setattr(figures, figure, getattr(figures, figure) + (value or ZERO))
    return figures
