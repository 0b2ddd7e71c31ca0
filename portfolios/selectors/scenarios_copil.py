"""The COPIL pack's "Proposed trade-offs" (pmo_portal/registry.py ``CopilSection``): the
scenario the portfolio's COPIL should hear about, with the projects of the meeting's
portfolio it selects and drops. Three queries whatever the size of the portfolio."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pmo_portal.print_pages import FIXED_ROW_MM, NOTE_MM, table_pages
from pmo_portal.registry import CopilSection
from portfolios.models import (
    Portfolio,
    ProjectStatus,
    Scenario,
    ScenarioProject,
    ScenarioStatus,
)
from portfolios.selectors.scenarios import subtree_of
from portfolios.selectors.scenarios_pages import per_kind


def _ancestors(parents: dict[int, int | None], pk: int) -> list[int]:
    found, node = [], pk
    while node is not None and node not in found:
        found.append(node)
        node = parents.get(node)
    return found


def scenario_for_portfolio(portfolio_id: int, parents=None) -> Scenario | None:
    """The latest committed scenario whose scope covers the portfolio (the portfolio itself,
    one of its ancestors, or the company), else the latest solved one. Two queries (one
    given ``parents``, the portfolio tree's ``parent_map()``)."""
    if parents is None:
        parents = Portfolio.objects.parent_map()
    covering = Q(portfolio__isnull=True) | Q(portfolio_id__in=_ancestors(parents, portfolio_id))
    committed_first = Case(
        When(status=ScenarioStatus.COMMITTED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        Scenario.objects.filter(covering)
        .filter(status__in=(ScenarioStatus.COMMITTED, ScenarioStatus.SOLVED))
        .order_by(committed_first, "-committed_at", "-solved_at", "-pk")
        .first()
    )


def copil_read(scope) -> dict | None:
    """The section's data for a portfolio COPIL; None (no section) for a project COPIL or
    when no solved or committed scenario covers the meeting's portfolio."""
    meeting = scope.meeting
    if not meeting.portfolio_id:
        return None
    parents = Portfolio.objects.parent_map()
    scenario = scenario_for_portfolio(meeting.portfolio_id, parents)
    if scenario is None:
        return None
    portfolio_ids = subtree_of(parents, [meeting.portfolio_id])
    lines = (
        ScenarioProject.objects.filter(
            scenario=scenario,
            selected__isnull=False,
            project__portfolio_id__in=portfolio_ids,
        )
        .select_related("project")
        .order_by("-selected", "-value", "project__code")
    )
    result = scenario.result or {}
    years = list(range(scenario.first_year, scenario.last_year + 1))
    rows, totals = [], {True: _total(), False: _total()}
    for line in lines:
        needs = per_kind(result, line.project_id, years)
        rows.append(
            {
                "code": line.project.code,
                "name": line.project.name,
                "status": ProjectStatus(line.project.status).label,
                "selected": line.selected,
                "value": line.value,
                "capex": needs["capex"],
                "opex": needs["opex"],
                "fte": needs["fte"],
            }
        )
        total = totals[bool(line.selected)]
        total["count"] += 1
        total["value"] += float(line.value)
        for kind in ("capex", "opex", "fte"):
            total[kind] += needs[kind]
    committed = scenario.status == ScenarioStatus.COMMITTED
    when = scenario.committed_at if committed else scenario.solved_at
    return {
        "scenario": scenario,
        "committed": committed,
        "day": timezone.localtime(when).date() if when else None,
        "years": years,
        "rows": rows,
        "selected": totals[True],
        "dropped": totals[False],
        "totals": [(_("Selected"), totals[True]), (_("Dropped"), totals[False])],
    }


def _total() -> dict:
    return {"count": 0, "value": 0.0, "capex": 0.0, "opex": 0.0, "fte": 0.0}


def copil_pages(data) -> int:
    """Exact for the template's one-line rows: a row per project, the two total rows, then
    the closing note (one line). Without a project: the title, the note and a sentence."""
    if not data["rows"]:
        return 1
    return table_pages([FIXED_ROW_MM] * (len(data["rows"]) + 2) + [NOTE_MM])


COPIL_SECTION = CopilSection(
    key="portfolios-arbitrages",
    title=_("Proposed trade-offs"),
    order=70,
    template="portfolios/copil/arbitrages.html",
    read=copil_read,
    pages=copil_pages,
    appendix=False,
)
