"""Read side of scenarios (issue 12): who sees which scenario, the 0–1 problem built from the
database, and what the scenario pages show. Query counts never depend on the number of
candidates.

The problem of a scenario (``scenario_problem``):

- Candidates: the projects of its scope (its portfolio and sub-portfolios, or every portfolio
  when it has none), not archived, proposed, approved, active or on hold; in code order.
- Value: the project's priority score (none: 0).
- Needs per (year, kind) for the scenario's years: the business case's CAPEX, OPEX and FTE;
  for an active project the remaining need resources wrote (``remaining_*``) where there is
  one, else the business case.
- Mandatory: ``Project.is_mandatory``; forced in / out: the scenario's line of the project.
- Dependencies between candidates are the optimiser's ``requires`` / ``excludes``. A
  dependency on a project outside the candidates: requiring it is satisfied when that project
  is active or closed, otherwise the requiring project cannot be selected; excluding it keeps
  the candidate out when that project is active or closed, otherwise it does not matter.
  A candidate kept out this way is forced out, with the reason shown on the page (and the
  scenario is infeasible if the PMO forced it in or it is mandatory).
- Limits: the scenario's limits; a missing one is no limit for that year and kind.
- Teams (scenarios_teams.py): a limit on one team's FTE adds a row per year for that team,
  its needs those resources gives through ``pmo_portal.registry.TeamNeeds``; without it,
  team limits are left out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from pmo_portal import roles
from portfolios.models import (
    BusinessCaseYear,
    DependencyKind,
    Forcing,
    LimitKind,
    Portfolio,
    Project,
    ProjectDependency,
    ProjectStatus,
    Scenario,
    ScenarioLimit,
    ScenarioProject,
)
from portfolios.selectors import scenarios_teams as teams

# The kinds of limits, in the optimiser's order (portfolios.optimiser.KINDS).
KINDS = tuple(LimitKind.values)
CANDIDATE_STATUSES = (
    ProjectStatus.PROPOSED,
    ProjectStatus.APPROVED,
    ProjectStatus.ACTIVE,
    ProjectStatus.ON_HOLD,
)
# A project outside the candidates in one of these statuses is (or was) carried out.
CARRIED_OUT = (ProjectStatus.ACTIVE, ProjectStatus.CLOSED)
# Today's portfolio, scored against the optimum: the candidates already decided.
TODAY_STATUSES = (ProjectStatus.APPROVED, ProjectStatus.ACTIVE)
FRONTIER_KIND = "capex"
FRONTIER_POINTS = 20
SENSITIVITY = 0.10
# Projects named in a sentence ("keeps out A, B, C and 12 more").
NAMED = 8


def key_of(year: int, kind: str) -> str:
    """A limit or column as a JSON key: ``"2027|capex"``."""
    return f"{year}|{kind}"


def parse_key(text: str) -> tuple[int, str]:
    year, kind = text.split("|", 1)
    return int(year), kind


def kind_label(kind: str, names: dict[str, str] | None = None) -> str:
    """A LimitKind's label, or "FTE team <name>" (``names``: team kind → name; without it,
    the team's current name, one query)."""
    return teams.kind_name(kind, names)


def limit_label(text: str, names: dict[str, str] | None = None) -> str:
    """``"2027|capex"`` → "CAPEX (€) 2027"; ``"2027|fte:3"`` → "FTE team Data 2027"."""
    year, kind = parse_key(text)
    return _("%(kind)s %(year)s") % {"kind": kind_label(kind, names), "year": year}


# --- access ------------------------------------------------------------------------------


def visible_scenarios(user) -> QuerySet[Scenario]:
    """Scenarios ``user`` may read: all for the PMO; for an executive, those of the
    portfolios they read (a member of a portfolio reads its sub-portfolios), and the
    company-wide ones when they read every portfolio. Two queries for an executive."""
    if not user.is_authenticated or not user.has_perm("portfolios.view_scenarios"):
        return Scenario.objects.none()
    if roles.has_role(user, roles.Role.PMO):
        return Scenario.objects.all()
    member_of = list(roles.member_portfolio_ids(user))
    parents = Portfolio.objects.parent_map()
    readable = subtree_of(parents, member_of)
    scope = Q(portfolio_id__in=readable)
    if parents and readable >= set(parents):
        scope |= Q(portfolio__isnull=True)
    return Scenario.objects.filter(scope)


def subtree_of(parents: dict[int, int | None], roots) -> set[int]:
    """``roots`` and their descendants, from ``Portfolio.objects.parent_map()``."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in parents.items():
        children[parent_id].append(pk)
    found: set[int] = set()
    stack = list(roots)
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children.get(pk, []))
    return found


def require_view(user) -> None:
    if not user.has_perm("portfolios.view_scenarios"):
        raise PermissionDenied


def get_scenario_for_user(user, pk: int, *, manage: bool = False) -> Scenario:
    """The scenario ``pk``: 403 without the permission to read scenarios, 404 outside the
    user's scope (whether it exists or not), 403 when ``manage`` and the user may not change
    it."""
    require_view(user)
    scenario = (
        visible_scenarios(user)
        .select_related("portfolio", "created_by", "committed_by")
        .filter(pk=pk)
        .first()
    )
    if scenario is None:
        raise Http404
    if manage and not user.has_perm("portfolios.manage_scenarios", scenario):
        raise PermissionDenied
    return scenario


# --- the problem -------------------------------------------------------------------------


def scope_portfolio_ids(portfolio_id: int | None) -> set[int] | None:
    """The portfolio and its sub-portfolios (one query); None for the whole company."""
    if portfolio_id is None:
        return None
    return Portfolio.objects.subtree_ids([portfolio_id])


def candidates(scenario: Scenario) -> QuerySet[Project]:
    projects = Project.objects.filter(is_archived=False, status__in=CANDIDATE_STATUSES)
    portfolio_ids = scope_portfolio_ids(scenario.portfolio_id)
    if portfolio_ids is not None:
        projects = projects.filter(portfolio_id__in=portfolio_ids)
    return projects


@dataclass
class Candidate:
    pk: int
    code: str
    name: str
    status: str
    value: Decimal
    mandatory: bool
    manager_id: int
    portfolio_id: int


@dataclass
class ScenarioProblem:
    """The optimiser's problem of a scenario and what the pages say about it."""

    scenario: Scenario
    candidates: list[Candidate]
    years: list[int]
    columns: list[str]  # "year|kind", years then kinds, then "year|fte:<team>" per team
    costs: dict[int, list[float]]  # project → need per column
    limits: dict[str, float]  # "year|kind" → at most
    forcing: dict[int, str]  # project → "in" / "out" (the PMO's)
    # Candidates kept out by a dependency on a project outside the candidates:
    # project → {"reason": "requires" | "excludes", "other": code, "status": its status}.
    kept_out: dict[int, dict] = field(default_factory=dict)
    # Kept out although mandatory or forced in: the scenario cannot be solved.
    conflicts: list[int] = field(default_factory=list)
    requires: list[tuple[int, int]] = field(default_factory=list)
    excludes: list[tuple[int, int]] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # team kind → the team's name

    @cached_property
    def by_pk(self) -> dict[int, Candidate]:
        return {c.pk: c for c in self.candidates}

    @property
    def today_keys(self) -> list[int]:
        return [c.pk for c in self.candidates if c.status in TODAY_STATUSES]

    def item(self, candidate: Candidate):
        from portfolios.optimiser import Item

        forcing = self.forcing.get(candidate.pk, "")
        if candidate.pk in self.kept_out and forcing != Forcing.IN and not candidate.mandatory:
            forcing = Forcing.OUT
        costs = {}
        for column, amount in zip(self.columns, self.costs.get(candidate.pk, ()), strict=True):
            if amount:
                costs[parse_key(column)] = amount
        return Item(
            key=candidate.pk,
            value=float(candidate.value),
            costs=costs,
            mandatory=candidate.mandatory,
            forcing=str(forcing),
            label=candidate.code,
        )

    def problem(self):
        from portfolios.optimiser import Problem

        return Problem(
            items=[self.item(candidate) for candidate in self.candidates],
            limits={parse_key(key): amount for key, amount in self.limits.items()},
            requires=list(self.requires),
            excludes=list(self.excludes),
            labels={kind: teams.lazy_team_kind_label(name) for kind, name in self.names.items()},
        )


def _need(row: dict, kind: str, active: bool) -> Decimal:
    remaining = row.get(f"remaining_{kind}")
    if active and remaining is not None:
        return remaining
    return row[kind] or Decimal(0)


def scenario_problem(scenario: Scenario) -> ScenarioProblem:
    """The problem of ``scenario`` as the database holds it now (six queries, seven with a
    portfolio, two more with team limits; see the module docstring for the rules)."""
    years = list(range(scenario.first_year, scenario.last_year + 1))
    limits, forcing, names = {}, {}, {}
    if scenario.pk is not None:  # an unsaved scenario (a what-if of the demo) has neither
        with_teams = teams.provider() is not None
        for year, kind, amount, label in ScenarioLimit.objects.filter(
            scenario=scenario, year__gte=years[0], year__lte=years[-1]
        ).values_list("year", "kind", "amount", "label"):
            if teams.is_team_kind(kind):
                if not with_teams:
                    continue
                names[kind] = label
            limits[key_of(year, kind)] = float(amount)
        forcing = dict(
            ScenarioProject.objects.filter(scenario=scenario)
            .exclude(forcing="")
            .values_list("project_id", "forcing")
        )
    columns = [key_of(year, kind) for year in years for kind in KINDS]
    columns += teams.team_columns(years, {key: 0 for key in limits if parse_key(key)[1] in names})
    index = {column: position for position, column in enumerate(columns)}
    projects = candidates(scenario).order_by("code")
    rows = projects.values_list(
        "pk",
        "code",
        "name",
        "status",
        "priority_score",
        "is_mandatory",
        "manager_id",
        "portfolio_id",
    )
    found = [
        Candidate(pk, code, name, status, score or Decimal(0), mandatory, manager_id, portfolio)
        for pk, code, name, status, score, mandatory, manager_id, portfolio in rows
    ]
    active = {c.pk for c in found if c.status == ProjectStatus.ACTIVE}
    costs = {c.pk: [0.0] * len(columns) for c in found}
    for row in BusinessCaseYear.objects.filter(
        project__in=projects.values("pk"), year__gte=years[0], year__lte=years[-1]
    ).values(
        "project_id",
        "year",
        "capex",
        "opex",
        "fte",
        "remaining_capex",
        "remaining_opex",
        "remaining_fte",
    ):
        vector = costs.get(row["project_id"])
        if vector is None:
            continue
        for kind in KINDS:
            need = _need(row, kind, row["project_id"] in active)
            vector[index[key_of(row["year"], kind)]] = float(need)
    needs = teams.team_needs(project_ids=list(costs), active_ids=active, years=years, kinds=names)
    for (pk, year, kind), fte in needs.items():
        position = index.get(key_of(year, kind))
        if pk in costs and position is not None:
            costs[pk][position] = float(fte)
    data = ScenarioProblem(
        scenario=scenario,
        candidates=found,
        years=years,
        columns=columns,
        costs=costs,
        limits=limits,
        forcing=forcing,
        names=names,
    )
    _dependencies(data, projects)
    return data


def _dependencies(data: ScenarioProblem, projects: QuerySet[Project]) -> None:
    """Requires / excludes between candidates; candidates kept out by outside projects."""
    by_pk = data.by_pk
    pks = projects.values("pk")
    rows = (
        ProjectDependency.objects.filter(Q(project__in=pks) | Q(other__in=pks))
        .order_by("pk")
        .values_list(
            "project_id",
            "other_id",
            "kind",
            "project__code",
            "other__code",
            "project__status",
            "other__status",
        )
    )
    requires, excludes = set(), set()
    for project_id, other_id, kind, project_code, other_code, project_st, other_st in rows:
        inside, other_inside = project_id in by_pk, other_id in by_pk
        if inside and other_inside:
            if kind == DependencyKind.REQUIRES:
                requires.add((project_id, other_id))
            else:
                excludes.add((min(project_id, other_id), max(project_id, other_id)))
            continue
        if kind == DependencyKind.REQUIRES:
            if not inside:
                continue  # an outside project's need does not bind the candidates
            if other_st in CARRIED_OUT:
                continue
            _keep_out(data, project_id, "requires", other_code, other_st)
        else:
            candidate, code, status = (
                (project_id, other_code, other_st)
                if inside
                else (other_id, project_code, project_st)
            )
            if status in CARRIED_OUT:
                _keep_out(data, candidate, "excludes", code, status)
    data.requires = sorted(requires)
    data.excludes = sorted(excludes)


def _keep_out(data: ScenarioProblem, pk: int, reason: str, other: str, status: str) -> None:
    if pk in data.kept_out:
        return
    data.kept_out[pk] = {"reason": reason, "other": other, "status": status}
    candidate = data.by_pk[pk]
    if candidate.mandatory or data.forcing.get(pk) == Forcing.IN:
        data.conflicts.append(pk)


def kept_out_text(info: dict) -> str:
    """Why a candidate cannot be selected, from ``ScenarioProblem.kept_out``."""
    status = str(ProjectStatus(info["status"]).label) if info.get("status") else ""
    if info["reason"] == "requires":
        return _("requires %(code)s, which is not a candidate of this scope (%(status)s)") % {
            "code": info["other"],
            "status": status.lower() or _("outside the scope"),
        }
    return _("excludes %(code)s, which is %(status)s") % {
        "code": info["other"],
        "status": status.lower(),
    }
