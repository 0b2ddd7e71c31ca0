"""Scenarios limited per team (issue 12: "FTE per year, optionally per team").

Teams belong to resources, which portfolios must not import. Resources contributes a
``pmo_portal.registry.TeamNeeds`` from its ``ready()``: the teams to offer, and the FTE each
project needs from each team each year. Without it (resources not installed), scenarios have
no team limit and everything works as before.

Decision — how a team limit is stored: ``ScenarioLimit.kind`` is a key string,
``"fte:<team id>"`` (the global kinds stay ``capex`` / ``opex`` / ``fte``), and
``ScenarioLimit.label`` keeps the team's name as it was when the limit was saved. No foreign
key across the layers (a team removed leaves its limits readable, by that name), no second
nullable column to keep in step with ``kind``, and the key is the very key of the
optimiser's rows and of the stored result (``"2027|fte:12"``): the optimiser takes any kind
string as long as costs and limits use the same one.

The problem gets one row per limited team and year (``scenario_problem``); a team nobody
limits adds nothing. The pages name a team limit "FTE team <name>" ("ETP équipe Data 2027"),
with the saved name, or the team's current one where no limit of the scenario names it.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pmo_portal import registry
from portfolios.models import ScenarioLimit

TEAM_PREFIX = "fte:"
# A team limit whose team is gone and whose scenario names it nowhere (a stale result).
UNKNOWN_TEAM = _("another team")


def team_kind(team_id: int) -> str:
    return f"{TEAM_PREFIX}{int(team_id)}"


def team_of(kind: str) -> int | None:
    """The team of a team kind (``"fte:12"`` → 12); None for a global kind."""
    if not kind.startswith(TEAM_PREFIX):
        return None
    try:
        return int(kind[len(TEAM_PREFIX) :])
    except ValueError:
        return None


def is_team_kind(kind: str) -> bool:
    return team_of(kind) is not None


def is_fte_kind(kind: str) -> bool:
    """FTE, global or of a team (shown with one decimal)."""
    return kind == "fte" or is_team_kind(kind)


def team_kind_label(name) -> str:
    """ "FTE team Data" ("ETP équipe Data")."""
    return gettext("FTE team %(team)s") % {"team": name}


# For the optimiser's messages, rendered in the language active when they are shown.
lazy_team_kind_label = lazy(team_kind_label, str)


def provider() -> registry.TeamNeeds | None:
    return registry.team_needs()


def offered_teams() -> list[tuple[int, str]]:
    """The teams a scenario may limit, ``[(id, name)]`` (none without resources)."""
    source = provider()
    return list(source.teams()) if source is not None else []


def current_names(kinds: Iterable[str]) -> dict[str, str]:
    """Team kind → the team's name today (one query when ``kinds`` holds a team kind)."""
    wanted = {kind for kind in kinds if is_team_kind(kind)}
    if not wanted:
        return {}
    return {team_kind(pk): name for pk, name in offered_teams() if team_kind(pk) in wanted}


def saved_names(scenarios: Iterable, kinds: Iterable[str]) -> dict[str, str]:
    """Team kind → the name saved with the scenarios' limits, for the team kinds among
    ``kinds`` (keys of a stored result); the team's current name where no limit names it any
    more. No query when ``kinds`` holds no team kind, else one or two."""
    kinds = {kind for kind in kinds if is_team_kind(kind)}
    ids = [scenario.pk for scenario in scenarios if scenario.pk is not None]
    if not kinds:
        return {}
    names: dict[str, str] = {}
    if ids:
        names = dict(
            ScenarioLimit.objects.filter(scenario_id__in=ids, kind__in=kinds)
            .order_by("scenario_id", "year")
            .values_list("kind", "label")
        )
    missing = kinds - set(names)
    if missing:
        names.update(current_names(missing))
    return names


def kind_name(kind: str, names: dict[str, str] | None = None) -> str:
    """The label of a limit's kind: a LimitKind's, or "FTE team <name>"."""
    if not is_team_kind(kind):
        from portfolios.models import LimitKind

        return str(LimitKind(kind).label)
    if names is None:
        names = current_names([kind])
    return team_kind_label(names.get(kind) or UNKNOWN_TEAM)


def team_columns(years: list[int], team_limits: dict[str, float]) -> list[str]:
    """The problem's team columns ``"year|fte:<id>"``: every year of the scenario for each
    limited team, teams in the order of their ids."""
    kinds = sorted({key.split("|", 1)[1] for key in team_limits}, key=team_of)
    return [f"{year}|{kind}" for kind in kinds for year in years]


def team_needs(
    *, project_ids: list[int], active_ids: set[int], years: list[int], kinds: Iterable[str]
) -> dict[tuple[int, int, str], Decimal]:
    """(project, year, team kind) → FTE, for the team kinds in ``kinds`` (the provider's
    queries; nothing without a provider)."""
    source = provider()
    wanted = {team_of(kind) for kind in kinds} - {None}
    if source is None or not wanted or not project_ids:
        return {}
    found = source.needs(project_ids=project_ids, active_ids=set(active_ids), years=list(years))
    return {
        (project_id, year, team_kind(team_id)): fte
        for (project_id, year, team_id), fte in found.items()
        if team_id in wanted
    }
