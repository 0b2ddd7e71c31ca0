"""What the scenario pages show (issue 12): the list's figures, the limits with their
usage, the projects of a page of lines with why each is out, the frontier and ±10 % of a
stored result, the comparison of scenarios, and what committing one changes. Read from the
stored result (portfolios/services/scenarios.py writes it) and a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, QuerySet
from django.utils.translation import gettext as _

from portfolios.models import (
    Forcing,
    ObjectiveContribution,
    Project,
    ProjectStatus,
    Scenario,
    ScenarioProject,
    ScenarioStatus,
)
from portfolios.selectors import scenarios_teams as teams
from portfolios.selectors.scenarios import (
    KINDS,
    NAMED,
    SENSITIVITY,
    kept_out_text,
    key_of,
    kind_label,
    limit_label,
    parse_key,
    visible_scenarios,
)
from portfolios.selectors.scoring import explanation_text

# --- what the pages show -----------------------------------------------------------------


def scenario_list(user) -> QuerySet[Scenario]:
    """The scenarios ``user`` reads, newest first, without their (large) result."""
    return (
        visible_scenarios(user)
        .select_related("portfolio")
        .defer("result", "description")
        .order_by("-created_at", "-pk")
    )


def summaries(scenarios) -> dict[int, dict]:
    """Value and number of selected projects of each scenario of a page (one query)."""
    ids = [scenario.pk for scenario in scenarios]
    found: dict[int, dict] = {pk: {"value": None, "selected": None} for pk in ids}
    rows = Scenario.objects.filter(pk__in=ids).values_list("pk", "result__value")
    for pk, value in rows:
        found[pk]["value"] = value
    counts = (
        ScenarioProject.objects.filter(scenario_id__in=ids, selected=True)
        .values_list("scenario_id")
        .order_by()
    )
    for scenario_id, count in counts.annotate(n=Count("pk")).values_list("scenario_id", "n"):
        found[scenario_id]["selected"] = count
    return found


@dataclass
class LimitRow:
    key: str
    year: int
    kind: str
    amount: float
    used: float | None = None
    binds: bool = False
    blocked: list[str] = field(default_factory=list)  # codes, the first NAMED
    blocked_more: int = 0
    names: dict[str, str] = field(default_factory=dict)  # team kind → name

    @property
    def label(self) -> str:
        return kind_label(self.kind, self.names)

    @property
    def is_fte(self) -> bool:
        return teams.is_fte_kind(self.kind)

    @property
    def percent(self) -> float | None:
        if self.used is None or not self.amount:
            return None
        return 100 * self.used / self.amount

    @property
    def slack(self) -> float | None:
        return None if self.used is None else self.amount - self.used


def limit_rows(scenario: Scenario, codes: dict[int, str]) -> list[LimitRow]:
    """The scenario's limits with what the solution uses and whether each binds (the
    projects it keeps out). From the stored result; the limits as saved when not solved
    (one query then). A team's limit is named by the name saved with it (one more query
    when the result has one)."""
    result = scenario.result or {}
    if "limits" in result and scenario.status != ScenarioStatus.DRAFT:
        names = teams.saved_names([scenario], (parse_key(key)[1] for key in result["limits"]))
        rows = []
        for key, amount in sorted(result["limits"].items(), key=lambda kv: parse_key(kv[0])):
            year, kind = parse_key(key)
            blocked = result.get("blocked", {}).get(key, [])
            rows.append(
                LimitRow(
                    key=key,
                    year=year,
                    kind=kind,
                    amount=amount,
                    used=result.get("usage", {}).get(key, 0.0),
                    binds=key in result.get("binding", []),
                    blocked=[codes.get(pk, "") for pk in blocked[:NAMED]],
                    blocked_more=max(0, len(blocked) - NAMED),
                    names=names,
                )
            )
        return rows
    return [
        LimitRow(
            key=key_of(limit.year, limit.kind),
            year=limit.year,
            kind=limit.kind,
            amount=float(limit.amount),
            names={limit.kind: limit.label} if limit.label else {},
        )
        for limit in scenario.limits.order_by("year", "kind")
    ]


def named_keys(result: dict) -> set[int]:
    """Projects the result names in sentences (binding limits, ±10 %): their codes are read
    in one query."""
    keys: set[int] = set()
    for blocked in (result.get("blocked") or {}).values():
        keys.update(blocked[:NAMED])
    for side in (result.get("sensitivity") or {}).values():
        if isinstance(side, dict):
            keys.update(side.get("enter", [])[:NAMED])
            keys.update(side.get("leave", [])[:NAMED])
    keys.update((result.get("keys") or [])[:NAMED])
    return keys


def codes_of(keys) -> dict[int, str]:
    keys = list(keys)
    if not keys:
        return {}
    return dict(Project.objects.filter(pk__in=keys).values_list("pk", "code"))


def line_rows(scenario: Scenario, *, selected: bool | None) -> QuerySet[ScenarioProject]:
    """The scenario's projects: selected (best value first), not selected, or — before the
    first solve — every candidate (``selected=None``)."""
    lines = ScenarioProject.objects.filter(scenario=scenario).select_related("project")
    if selected is None:  # not solved: no value stored yet, the priority score orders them
        return lines.filter(selected__isnull=True).order_by(
            F("project__priority_score").desc(nulls_last=True), "project__code"
        )
    return lines.filter(selected=selected).order_by("-value", "project__code")


def per_kind(result: dict, pk: int, years: list[int]) -> dict[str, float]:
    """Totals over the scenario's years per kind for one project, from the stored needs:
    CAPEX and OPEX summed, FTE averaged over the years (teams' FTE left out: it is part of
    the FTE)."""
    columns = result.get("columns") or []
    vector = (result.get("items") or {}).get(str(pk))
    totals = dict.fromkeys(KINDS, 0.0)
    if not vector:
        return totals
    for column, amount in zip(columns, vector, strict=False):
        kind = parse_key(column)[1]
        if kind in totals:
            totals[kind] += amount
    if years:
        totals["fte"] /= len(years)
    return totals


def decorate(lines, scenario: Scenario, *, reasons: bool = False) -> list[dict]:
    """The rows of a page of lines: project, value explained, needs per kind, why it is out."""
    result = scenario.result or {}
    years = list(range(scenario.first_year, scenario.last_year + 1))
    kept_out = result.get("kept_out") or {}
    blocked_by: dict[str, list[str]] = defaultdict(list)
    names: dict[str, str] = {}
    if reasons:
        for key, blocked in (result.get("blocked") or {}).items():
            for pk in blocked:
                blocked_by[str(pk)].append(key)
        blocking = (parse_key(key)[1] for key in (result.get("blocked") or {}))
        names = teams.saved_names([scenario], blocking)
    rows = []
    for line in lines:
        project = line.project
        why = ""
        if reasons:
            if line.forcing == Forcing.OUT:
                why = _("forced out by the PMO")
            elif str(project.pk) in kept_out:
                why = kept_out_text(kept_out[str(project.pk)])
            elif blocked_by.get(str(project.pk)):
                limits = ", ".join(limit_label(key, names) for key in blocked_by[str(project.pk)])
                why = _("kept out by the limit %(limits)s") % {"limits": limits}
        rows.append(
            {
                "line": line,
                "project": project,
                "value": line.value if line.selected is not None else project.priority_score or 0,
                "explanation": explanation_text(
                    project.priority_score, project.priority_explanation
                ),
                "needs": per_kind(result, project.pk, years),
                "why": why,
            }
        )
    return rows


@dataclass
class FrontierFigures:
    points: list[tuple[float, float, int]]  # budget, value, projects
    scenario: tuple[float, float] | None
    today: tuple[float, float] | None


def frontier_figures(result: dict) -> FrontierFigures | None:
    frontier = result.get("frontier")
    if not frontier:
        return None
    return FrontierFigures(
        points=[tuple(point) for point in frontier.get("points", [])],
        scenario=tuple(result["point"]) if result.get("point") else None,
        today=(
            (result["today"]["budget"], result["today"]["value"]) if result.get("today") else None
        ),
    )


def sensitivity_rows(result: dict, codes: dict[int, str]) -> list[dict]:
    """At −10 % and +10 % of the CAPEX limits: the value, who enters and who leaves."""
    rows = []
    for side, change in (("minus", -SENSITIVITY), ("plus", SENSITIVITY)):
        data = (result.get("sensitivity") or {}).get(side)
        if not data:
            continue
        enter, leave = data.get("enter", []), data.get("leave", [])
        rows.append(
            {
                "side": side,
                "percent": round(100 * change),
                "value": data.get("value"),
                "optimal": data.get("optimal", True),
                "message": data.get("message", ""),
                "enter": [codes.get(pk, "") for pk in enter[:NAMED]],
                "enter_more": max(0, len(enter) - NAMED),
                "leave": [codes.get(pk, "") for pk in leave[:NAMED]],
                "leave_more": max(0, len(leave) - NAMED),
            }
        )
    return rows


# --- comparison --------------------------------------------------------------------------


def compare(scenarios: list[Scenario]) -> dict:
    """Scenarios side by side from their stored results: value, needs per year and kind of
    the selection, objectives covered (objectives with at least one selected project
    contributing 1 or more), and the projects only one of them selects. Two queries."""
    selections = {s.pk: set((s.result or {}).get("selected") or []) for s in scenarios}
    everything = set().union(*selections.values()) if selections else set()
    covered: dict[int, set[int]] = defaultdict(set)
    for project_id, objective_id in ObjectiveContribution.objects.filter(
        project_id__in=everything, score__gte=1
    ).values_list("project_id", "objective_id"):
        covered[project_id].add(objective_id)
    only: dict[int, set[int]] = {}
    for scenario in scenarios:
        others = set().union(*(selections[o.pk] for o in scenarios if o.pk != scenario.pk))
        only[scenario.pk] = selections[scenario.pk] - others
    names = {
        pk: (code, name)
        for pk, code, name in Project.objects.filter(
            pk__in=set().union(*only.values()) if only else set()
        ).values_list("pk", "code", "name")
    }
    columns = sorted(
        {key for s in scenarios for key in ((s.result or {}).get("totals") or {})},
        key=_column_order,
    )
    team_names = teams.saved_names(scenarios, (parse_key(key)[1] for key in columns))
    table = []
    for key in columns:
        year, kind = parse_key(key)
        table.append(
            {
                "key": key,
                "year": year,
                "kind": kind_label(kind, team_names),
                "kind_code": kind,
                "is_fte": teams.is_fte_kind(kind),
                # (value, binds) per scenario, for the table's cells.
                "cells": [
                    (
                        ((s.result or {}).get("totals") or {}).get(key),
                        key in ((s.result or {}).get("binding") or []),
                    )
                    for s in scenarios
                ],
                "values": [((s.result or {}).get("totals") or {}).get(key) for s in scenarios],
                "limits": [((s.result or {}).get("limits") or {}).get(key) for s in scenarios],
            }
        )
    columns_out = []
    for scenario in scenarios:
        result = scenario.result or {}
        objectives = set()
        for pk in selections[scenario.pk]:
            objectives |= covered.get(pk, set())
        columns_out.append(
            {
                "scenario": scenario,
                "solved": scenario.status in (ScenarioStatus.SOLVED, ScenarioStatus.COMMITTED),
                "value": result.get("value"),
                "selected": len(selections[scenario.pk]),
                "candidates": result.get("candidates"),
                "objectives": len(objectives),
                "only": sorted(
                    (names[pk] for pk in only[scenario.pk] if pk in names), key=lambda n: n[0]
                ),
            }
        )
    return {"columns": columns_out, "table": table}


def _column_order(key: str) -> tuple:
    """Years, then CAPEX, OPEX, FTE and each team's FTE (a team's after the global FTE)."""
    year, kind = parse_key(key)
    team = teams.team_of(kind)
    return (year, kind if team is None else "fte", team or 0)


# --- the commit --------------------------------------------------------------------------


def planned_changes(scenario: Scenario) -> list[dict]:
    """What committing the scenario does to its candidates: a selected proposed project is
    approved; one not selected is rejected when proposed or approved, put on hold when
    active. Projects no longer candidates (archived, closed since) are left alone. One
    query."""
    lines = (
        ScenarioProject.objects.filter(scenario=scenario, selected__isnull=False)
        .filter(project__is_archived=False)
        .select_related("project__manager")
        .order_by("project__code")
    )
    changes = []
    for line in lines:
        project = line.project
        new = _new_status(project.status, line.selected)
        if new is None:
            continue
        changes.append({"project": project, "old": project.status, "new": new})
    return changes


def _new_status(status: str, selected: bool) -> str | None:
    if selected and status == ProjectStatus.PROPOSED:
        return ProjectStatus.APPROVED
    if not selected and status in (ProjectStatus.PROPOSED, ProjectStatus.APPROVED):
        return ProjectStatus.REJECTED
    if not selected and status == ProjectStatus.ACTIVE:
        return ProjectStatus.ON_HOLD
    return None


def roadmap_starts(result: dict) -> dict[int, list[int]]:
    """The selected projects by the first year of the scenario in which they need anything
    (CAPEX, OPEX or FTE), by code (the order of the problem's items, selectors/scenarios.py):
    the roadmap ("feuille de route") of the selection. A selected project needing nothing
    over the years is left out."""
    years = [int(year) for year in result.get("years") or []]
    columns = result.get("columns") or []
    column_years = [int(column.split("|", 1)[0]) for column in columns]
    items = result.get("items") or {}
    starts: dict[int, list[int]] = {year: [] for year in years}
    for pk in result.get("selected") or []:
        vector = items.get(str(pk))
        if not vector:
            continue
        first = min(
            (year for year, amount in zip(column_years, vector, strict=True) if amount),
            default=None,
        )
        if first is not None and first in starts:
            starts[first].append(int(pk))
    return starts


def roadmap_rows(result: dict, *, named: int = NAMED) -> list[dict]:
    """One row per year: how many selected projects start then, the first ``named`` of them
    by code (one query for every year), and how many more."""
    starts = roadmap_starts(result)
    codes = codes_of({pk for keys in starts.values() for pk in keys[:named]})
    return [
        {
            "year": year,
            "count": len(keys),
            "codes": [codes[pk] for pk in keys[:named] if pk in codes],
            "more": max(len(keys) - named, 0),
        }
        for year, keys in starts.items()
    ]
