"""Registry of roll-up sources (issue 16; portfolios/services/rollups.py uses it).

Each app that owns figures of the portfolio roll-ups registers, in ``AppConfig.ready()``, a
function returning the SQL that computes its figures from its own tables, so that the
roll-up services in portfolios refresh and reconcile them without importing the app.

A source is ``sql() -> (text, params)``: a SELECT of rows ``(project_id, portfolio_id, key,
period, value)`` over the projects of the CTE ``rollup_projects`` (the columns of
``portfolios_project``), which the caller defines (some projects, or all of them). Keys are
the app's own (prefixed by nothing but agreed with the readers of the app).

An item source (``register_items``) is the same kind of function for the rows of the
dashboards' short lists (portfolios.models.RollupItem): a SELECT of rows ``(project_id,
portfolio_id, key, sort_number, sort_text, sort_date, item_id)`` over ``rollup_projects``,
one per item a list may show, sorted by the four last columns in ascending order.
"""

from __future__ import annotations

from collections.abc import Callable

SqlSource = Callable[[], tuple[str, list]]

_sources: dict[str, SqlSource] = {}
_item_sources: dict[str, SqlSource] = {}


def register(name: str, source: SqlSource) -> None:
    """Record ``source`` under ``name`` (replacing a source of the same name)."""
    _sources[name] = source


def sources() -> dict[str, SqlSource]:
    return dict(sorted(_sources.items()))


def register_items(name: str, source: SqlSource) -> None:
    """Record the item source ``source`` under ``name`` (replacing one of the same name)."""
    _item_sources[name] = source


def item_sources() -> dict[str, SqlSource]:
    return dict(sorted(_item_sources.items()))
