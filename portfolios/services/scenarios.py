"""Writes of scenarios (issue 12): create and edit (limits), force a project in or out,
solve exactly, commit.

Solving runs in the background (``request_solve`` marks the scenario ``solving_since`` and
queues portfolios.tasks.solve_scenario after commit; the page polls until it is done): a
portfolio of 2,000 projects takes seconds to prove optimal, its frontier a minute or more,
which no web request should wait for. ``solve_scenario`` is the work itself (the task, the
demo and the tests call it): the problem is read from the database
(portfolios/selectors/scenarios.py) without holding a lock, solved by portfolios/optimiser/
with its efficient frontier (CAPEX, 20 points), what enters or leaves at ±10 % of the CAPEX
limits and today's portfolio (approved and active candidates) scored against the optimum;
then the scenario is locked and the problem read again: the result is stored (JSON, keys as
strings, and on the lines: selected, value) only if nothing it depends on changed meanwhile,
otherwise it is solved again. Infeasible input (mandatory projects over a limit, a
dependency cycle…) stores the optimiser's message, which the page shows.

Changing the limits, the years, the scope or a forcing sends a solved scenario back to draft:
its stored result is then stale, and the page says so. A committed scenario is frozen.

Committing: portfolios/services/scenarios_commit.py.
"""

from __future__ import annotations

import time
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pmo_portal.concurrency import lock_version
from portfolios.models import (
    Forcing,
    LimitKind,
    Project,
    Scenario,
    ScenarioLimit,
    ScenarioProject,
    ScenarioStatus,
)
from portfolios.selectors import scenarios as selectors
from portfolios.selectors import scenarios_teams as teams

# Seconds the optimiser may spend on each part of a solve, in the worker (the task's own
# limit, portfolios/tasks.py, is above their sum). A part stopped by its limit keeps the
# best selection found and says it is not proven optimal (and how much value could at most
# be missing).
SOLVE_SECONDS = 60.0
FRONTIER_SECONDS = 120.0
SENSITIVITY_SECONDS = 20.0  # per solve: the base (cached when proven) and each side
EVALUATE_SECONDS = 20.0  # the optimum again, cached when solve proved it
# A solve asked for longer ago than this and still not done lost its worker and its
# message (the lease would have run it again): it may be asked for again.
SOLVE_STUCK_AFTER = timedelta(minutes=10)
# Inputs that changed while solving are solved again, at most this many times in all.
SOLVE_ATTEMPTS = 3
ZERO = Decimal("0.00")
# At most this many years in a scenario (the limits grid is years × kinds).
MAX_YEARS = 10


def _optimiser():
    """portfolios/optimiser.py, imported when a scenario is solved: it loads numpy and scipy,
    which every process of the portal need not pay for at start-up."""
    from portfolios import optimiser

    return optimiser


class ScenarioFrozen(ValidationError):
    """The scenario was committed: nothing of it changes any more."""


def _refuse_committed(scenario: Scenario) -> None:
    if scenario.status == ScenarioStatus.COMMITTED:
        raise ScenarioFrozen(
            _("This scenario was committed: it can no longer be changed or solved.")
        )


def _check_years(first_year: int, last_year: int) -> None:
    if first_year > last_year:
        raise ValidationError({"last_year": _("The last year must not be before the first.")})
    if last_year - first_year + 1 > MAX_YEARS:
        raise ValidationError(
            {"last_year": _("A scenario covers at most %(count)s years.") % {"count": MAX_YEARS}}
        )


def _save_limits(scenario: Scenario, limits: dict[tuple[int, str], Decimal | None]) -> bool:
    """Replace the scenario's limits by ``limits`` ((year, kind) → amount, None: no limit);
    limits of years outside the scenario go; a team's (``"fte:<id>"``) keeps its name in
    ``label`` (selectors/scenarios_teams.py). Returns whether anything changed."""
    years = range(scenario.first_year, scenario.last_year + 1)
    names = teams.current_names(kind for _year, kind in limits)
    wanted = {
        (year, kind): amount
        for (year, kind), amount in limits.items()
        if amount is not None and year in years and (kind in LimitKind.values or kind in names)
    }
    stored = {
        (limit.year, limit.kind): limit
        for limit in ScenarioLimit.objects.select_for_update().filter(scenario=scenario)
    }
    changed = False
    for key, limit in stored.items():
        if key not in wanted:
            limit.delete()
            changed = True
        elif limit.amount != wanted[key]:
            limit.amount = wanted[key]
            limit.label = names.get(key[1], limit.label)
            limit.full_clean()
            limit.save(update_fields=["amount", "label"])
            changed = True
    for (year, kind), amount in wanted.items():
        if (year, kind) not in stored:
            limit = ScenarioLimit(scenario=scenario, year=year, kind=kind, amount=amount)
            limit.label = names.get(kind, "")
            limit.full_clean()
            limit.save()
            changed = True
    return changed


def _sync_lines(scenario: Scenario, candidate_ids) -> None:
    """A line per candidate (new candidates get theirs; lines keep their forcing)."""
    existing = set(
        ScenarioProject.objects.filter(scenario=scenario).values_list("project_id", flat=True)
    )
    ScenarioProject.objects.bulk_create(
        [
            ScenarioProject(scenario=scenario, project_id=pk)
            for pk in candidate_ids
            if pk not in existing
        ]
    )


@transaction.atomic
def create_scenario(
    *, user, fields: dict, limits: dict[tuple[int, str], Decimal | None]
) -> Scenario:
    """A new draft scenario (PMO) with its limits and a line per candidate."""
    _check_years(fields["first_year"], fields["last_year"])
    scenario = Scenario(**fields, created_by=user, status=ScenarioStatus.DRAFT)
    scenario.full_clean()
    scenario._history_user = user
    scenario.save()
    _save_limits(scenario, limits)
    _sync_lines(scenario, selectors.candidates(scenario).values_list("pk", flat=True))
    return scenario


@transaction.atomic
def update_scenario(
    *,
    scenario: Scenario,
    user,
    fields: dict,
    limits: dict[tuple[int, str], Decimal | None],
    version: int | None = None,
) -> Scenario:
    """Change a scenario's name, scope, years and limits. A change of what the solution
    depends on sends it back to draft (its result is then stale). EditConflict when someone
    saved it since ``version``; a committed scenario is refused."""
    scenario = lock_version(Scenario, pk=scenario.pk, version=version)
    _refuse_committed(scenario)
    _check_years(fields["first_year"], fields["last_year"])
    shaping = ("portfolio", "first_year", "last_year")
    reshaped = any(getattr(scenario, name) != fields[name] for name in shaping if name in fields)
    for name, value in fields.items():
        setattr(scenario, name, value)
    scenario.full_clean()
    limits_changed = _save_limits(scenario, limits)
    if (reshaped or limits_changed) and scenario.status != ScenarioStatus.DRAFT:
        scenario.status = ScenarioStatus.DRAFT
    scenario._history_user = user
    scenario.save()
    if reshaped:
        _sync_lines(scenario, selectors.candidates(scenario).values_list("pk", flat=True))
    return scenario


@transaction.atomic
def set_forcing(*, scenario: Scenario, user, project_id: int, forcing: str) -> ScenarioProject:
    """Force a candidate in (``"in"``), out (``"out"``) or neither (``""``). A solved scenario
    goes back to draft."""
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    _refuse_committed(scenario)
    if forcing not in ("", *Forcing.values):
        raise ValidationError(_("Choose forced in, forced out or neither."))
    line = (
        ScenarioProject.objects.select_for_update()
        .filter(scenario=scenario, project_id=project_id)
        .first()
    )
    if line is None:
        raise ValidationError(_("This project is not a candidate of the scenario."))
    if line.forcing == forcing:
        return line
    line.forcing = forcing
    line.full_clean()
    line.save(update_fields=["forcing"])
    if scenario.status != ScenarioStatus.DRAFT:
        # Back to draft: the stored result is stale (not copied into the history: see
        # solve_scenario).
        scenario.status = ScenarioStatus.DRAFT
        scenario.skip_history_when_saving = True
        try:
            scenario.save(update_fields=["status"])
        finally:
            del scenario.skip_history_when_saving
    return line


# --- solving -----------------------------------------------------------------------------


def _keys(pairs) -> dict:
    return {selectors.key_of(year, kind): amount for (year, kind), amount in pairs.items()}


def _budget(problem, kind: str) -> float | None:
    """The total of the limits of ``kind`` over the years (None without any)."""
    amounts = [amount for (_year, k), amount in problem.limits.items() if k == kind]
    return float(sum(amounts)) if amounts else None


def _spend(data: selectors.ScenarioProblem, keys, kind: str) -> float:
    positions = [i for i, column in enumerate(data.columns) if column.endswith(f"|{kind}")]
    return float(sum(data.costs[pk][i] for pk in keys for i in positions))


def _totals(data: selectors.ScenarioProblem, keys) -> dict[str, float]:
    totals = dict.fromkeys(data.columns, 0.0)
    for pk in keys:
        for column, amount in zip(data.columns, data.costs[pk], strict=True):
            totals[column] += amount
    return totals


def _sensitivity(problem) -> dict:
    optimiser = _optimiser()
    try:
        found = optimiser.sensitivity(
            problem,
            kind=selectors.FRONTIER_KIND,
            change=selectors.SENSITIVITY,
            time_limit=SENSITIVITY_SECONDS,
        )
    except optimiser.Infeasible as exc:
        return {"minus": {"enter": [], "leave": [], "value": None, "message": str(exc)}}
    out = {}
    for side in ("minus", "plus"):
        figures = found.get(side)
        if figures is None:
            continue
        if figures.get("message") is not None:
            message = str(figures["message"])
            out[side] = {"enter": [], "leave": [], "value": None, "message": message}
            continue
        out[side] = {
            "enter": [int(pk) for pk in figures.get("enter", [])],
            "leave": [int(pk) for pk in figures.get("leave", [])],
            "value": figures.get("value"),
            "optimal": bool(figures.get("optimal", True)),
        }
    return out


def _result(data: selectors.ScenarioProblem, problem, solution) -> dict:
    optimiser = _optimiser()
    frontier = optimiser.frontier(
        problem,
        kind=selectors.FRONTIER_KIND,
        points=selectors.FRONTIER_POINTS,
        time_limit=FRONTIER_SECONDS,
    )
    today_keys = data.today_keys
    today = optimiser.evaluate(problem, today_keys, time_limit=EVALUATE_SECONDS)
    kind = selectors.FRONTIER_KIND
    budget = _budget(problem, kind)
    return {
        "years": data.years,
        "columns": data.columns,
        "items": {
            str(pk): [round(amount, 2) for amount in vector]
            for pk, vector in data.costs.items()
            if any(vector)
        },
        "candidates": len(data.candidates),
        "kept_out": {str(pk): info for pk, info in data.kept_out.items()},
        "value": float(solution.value),
        "selected": [int(pk) for pk in solution.selected],
        "optimal": bool(solution.optimal),
        # The solve alone (the KPI "to prove this selection optimal"); with the frontier,
        # the ±10 % and today's portfolio: total_seconds (set by solve_scenario).
        "seconds": round(float(solution.seconds), 3),
        "limits": dict(data.limits),
        "usage": _keys(solution.usage),
        "binding": [selectors.key_of(*key) for key in solution.binding],
        "blocked": {
            selectors.key_of(*key): [int(pk) for pk in keys]
            for key, keys in solution.blocked.items()
        },
        "totals": _totals(data, solution.selected),
        "frontier": {
            "kind": kind,
            "optimal": all(getattr(point, "optimal", True) for point in frontier),
            "points": [
                [float(point.budget), float(point.value), len(point.selected)] for point in frontier
            ],
        },
        "point": [
            budget if budget is not None else _spend(data, solution.selected, kind),
            float(solution.value),
        ],
        "today": {
            "keys": today_keys,
            "value": float(today["value"]),
            "budget": _spend(data, today_keys, kind),
            "share": today.get("share_of_optimum"),
            "over": [selectors.key_of(*key) for key in today.get("over", [])],
        },
        "sensitivity": _sensitivity(problem),
    }


def _conflict_message(data: selectors.ScenarioProblem) -> str:
    by_pk = data.by_pk
    parts = []
    for pk in data.conflicts:
        candidate = by_pk[pk]
        why = selectors.kept_out_text(data.kept_out[pk])
        if candidate.mandatory:
            parts.append(
                gettext("%(code)s is mandatory but %(why)s.") % {"code": candidate.code, "why": why}
            )
        else:
            parts.append(
                gettext("%(code)s is forced in but %(why)s.") % {"code": candidate.code, "why": why}
            )
    return " ".join(parts)


def _store_lines(scenario: Scenario, candidate_ids: list[int], selected: list[int] | None) -> None:
    """Each line's ``selected`` (None: not solved, or no longer a candidate) and ``value``
    (the priority score the optimiser used). Three UPDATEs whatever the number of lines."""
    lines = ScenarioProject.objects.filter(scenario=scenario)
    score = Project.objects.filter(pk=OuterRef("project_id")).values("priority_score")[:1]
    lines.exclude(project_id__in=candidate_ids).update(selected=None)
    current = lines.filter(project_id__in=candidate_ids)
    if selected is None:
        current.update(selected=None, value=Coalesce(Subquery(score), Value(ZERO)))
        return
    current.update(
        selected=ExpressionWrapper(Q(project_id__in=selected), output_field=BooleanField()),
        value=Coalesce(Subquery(score), Value(ZERO)),
    )


def _in_every_language(render) -> dict[str, str]:
    """``render()`` in each language of the portal: a message stored by the worker is shown
    in the reader's language, not in the worker's."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(render())
    return texts


def _outcome(data: selectors.ScenarioProblem, problem) -> tuple[dict | None, dict | None, dict]:
    """(result, None, {}) when solved; (None, failure, {language: message}) when infeasible."""
    optimiser = _optimiser()
    if data.conflicts:
        failure = {"cause": "kept_out", "keys": data.conflicts, "limit": None}
        return None, failure, _in_every_language(lambda: _conflict_message(data))
    started = time.perf_counter()
    try:
        optimiser.validate(problem)
        solution = optimiser.solve(problem, time_limit=SOLVE_SECONDS)
        result = _result(data, problem, solution)
    except optimiser.Infeasible as exc:
        limit = getattr(exc, "limit", None)
        failure = {
            "cause": getattr(exc, "cause", "infeasible"),
            "keys": [int(pk) for pk in getattr(exc, "keys", None) or []],
            "limit": selectors.key_of(*limit) if limit else None,
        }
        error = exc
        return None, failure, _in_every_language(lambda: error)
    result["total_seconds"] = round(time.perf_counter() - started, 3)
    return result, None, {}


def _inputs(data: selectors.ScenarioProblem) -> tuple:
    """What a stored result depends on: the problem, today's portfolio, the conflicts."""
    return (data.problem(), sorted(data.today_keys), sorted(data.conflicts))


def _save_solving(scenario: Scenario, fields: list[str]) -> None:
    # The result is derived data (up to a few hundred kB): not copied into the history at
    # every solve; edits and the commit are recorded.
    scenario.skip_history_when_saving = True
    try:
        scenario.save(update_fields=fields)
    finally:
        del scenario.skip_history_when_saving


@transaction.atomic
def request_solve(*, scenario: Scenario, user) -> Scenario:
    """Ask for a solve in the background (PMO): the scenario shows "solving" until the
    worker has stored the result. Refused while another solve of it runs (unless that one
    is older than SOLVE_STUCK_AFTER) and for a committed scenario."""
    from portfolios import tasks

    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    _refuse_committed(scenario)
    now = timezone.now()
    if scenario.solving_since is not None and now - scenario.solving_since < SOLVE_STUCK_AFTER:
        raise ValidationError(
            _("This scenario is being solved already (since %(time)s): its result comes soon.")
            % {"time": timezone.localtime(scenario.solving_since).strftime("%H:%M")}
        )
    scenario.solving_since = now
    _save_solving(scenario, ["solving_since"])
    pk = scenario.pk
    transaction.on_commit(lambda: tasks.solve_scenario.delay(pk))
    return scenario


def solve_scenario(*, scenario: Scenario, user) -> Scenario:
    """Solve the scenario from the database as it is now and store the result (solved), or
    the reason it has none (infeasible, with the optimiser's message naming the cause);
    clears ``solving_since``. Holds no lock while the optimiser works: the result is stored
    only if the problem read again under the lock is the one solved."""
    pk = scenario.pk
    for _attempt in range(SOLVE_ATTEMPTS):
        with transaction.atomic():
            scenario = Scenario.objects.get(pk=pk)
            _refuse_committed(scenario)
            data = selectors.scenario_problem(scenario)
            candidate_ids = [c.pk for c in data.candidates]
            _sync_lines(scenario, candidate_ids)
        inputs = _inputs(data)
        result, failure, message = _outcome(data, inputs[0])
        with transaction.atomic():
            scenario = Scenario.objects.select_for_update().get(pk=pk)
            _refuse_committed(scenario)
            if _inputs(selectors.scenario_problem(scenario)) != inputs:
                continue  # changed while solving: solve what it is now
            if failure is not None:
                scenario.status = ScenarioStatus.INFEASIBLE
                scenario.message = message.get(settings.LANGUAGE_CODE) or next(
                    iter(message.values())
                )
                scenario.result = {
                    **failure,
                    "candidates": len(candidate_ids),
                    "years": data.years,
                    "messages": message,
                }
                _store_lines(scenario, candidate_ids, None)
            else:
                scenario.status = ScenarioStatus.SOLVED
                scenario.message = ""
                scenario.result = result
                _store_lines(scenario, candidate_ids, result["selected"])
            scenario.solved_at = timezone.now()
            scenario.solving_since = None
            _save_solving(scenario, ["status", "message", "result", "solved_at", "solving_since"])
            return scenario
    # Still changing after every attempt: left as it is (the page offers to solve again).
    return stop_solving(scenario=scenario)


def stop_solving(*, scenario: Scenario, message: str = "") -> Scenario:
    """The solve ended without a result (changing inputs, a failure): no longer "solving"."""
    with transaction.atomic():
        scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
        scenario.solving_since = None
        fields = ["solving_since"]
        if message and scenario.status != ScenarioStatus.COMMITTED:
            scenario.message = message
            fields.append("message")
        _save_solving(scenario, fields)
    return scenario
