"""What the scenario pages show around the optimum: the efficient frontier, the
sensitivity to a change of the limits, and a given selection against the optimum."""

from __future__ import annotations

import time
from collections.abc import Iterable

import numpy as np

from portfolios.optimiser.checks import Checked, check, check_limits
from portfolios.optimiser.data import FrontierPoint, Problem
from portfolios.optimiser.messages import Infeasible, names
from portfolios.optimiser.model import Model, compile_problem, exact_rows
from portfolios.optimiser.solver import Found, in_order, run, value_of


def kind_rows(model: Model, kind: str) -> list[int]:
    return [row for row, (_year, k) in enumerate(model.limit_keys) if k == kind]


def with_need_as_limits(checked: Checked, kind: str) -> Checked | None:
    """The problem with a limit of ``kind`` per year equal to what the items that can be
    selected need that year (a frontier on a kind the problem does not limit); None if
    nothing needs that kind."""
    model = checked.model
    needs: dict[int, float] = {}
    for position, item in enumerate(model.items):
        if checked.cannot[position]:
            continue
        for (year, k), amount in item.costs.items():
            if str(k) == kind and float(amount) > 0:
                needs[int(year)] = needs.get(int(year), 0.0) + float(amount)
    if not needs:
        return None
    limits = dict(model.problem.limits)
    limits.update({(year, kind): need for year, need in needs.items()})
    problem = Problem(
        items=model.problem.items,
        limits=limits,
        requires=model.problem.requires,
        excludes=model.problem.excludes,
        labels=model.problem.labels,
    )
    return check(compile_problem(problem))


def frontier(
    problem: Problem, *, kind: str = "capex", points: int = 20, time_limit: float = 120.0
) -> list[FrontierPoint]:
    """The best value at ``points`` budget levels of ``kind``, evenly spaced from what the
    mandatory and forced-in items need (at least) to what every item that can be selected
    needs (summed over the years limited). At each level the limits of ``kind`` are the
    problem's, scaled so that they total the level (their split across years is kept; a kind
    without limits is split as the items need it); the other limits stay as given. Each
    level is solved exactly; ``time_limit`` (seconds) is shared by all of them, and a level
    that runs out of its share says so (``optimal=False``, with its proven ``bound``).

    The levels are solved from the highest down: a proven optimum that fits a lower level's
    limits is that level's optimum too (it is the best over a larger set), so it is not
    solved again. The values never decrease with the budget."""
    if points < 1:
        raise ValueError("points must be at least 1")
    started = time.perf_counter()
    checked = check(compile_problem(problem))
    rows = kind_rows(checked.model, kind)
    if not rows:
        widened = with_need_as_limits(checked, kind)
        if widened is not None:
            checked = widened
            rows = kind_rows(checked.model, kind)
    model = checked.model
    profile = model.limits[rows]
    total_limit = float(profile.sum())
    if not rows or total_limit <= 0:  # nothing of that kind can be bought: one flat level
        found = run(checked, checked.rows.limits(model), time_limit)
        return [frontier_point(model, 0.0, found) for _ in range(points)]
    needs = model.costs[rows]
    must_need = needs[:, checked.must].sum(axis=1)
    low = float(must_need.sum())
    positive = profile > 0
    low = max(low, float((must_need[positive] * total_limit / profile[positive]).max()))
    high = max(float(needs[:, ~checked.cannot].sum()), low)
    levels = np.linspace(low, high, points) if points > 1 else np.array([high])
    deadline = started + time_limit
    found: list[Found] = []
    for k in reversed(range(points)):
        limits = model.limits.copy()
        limits[rows] = profile * (levels[k] / total_limit)
        limit_units = checked.rows.limits(model, limits)
        higher = found[-1] if found else None
        if (
            higher is not None
            and higher.optimal
            and not checked.rows.over(checked.rows.usage(higher.chosen), limit_units).any()
        ):
            found.append(higher)
            continue
        share = max((deadline - time.perf_counter()) / (k + 1), 0.05)
        level = run(checked, limit_units, share)
        if higher is not None and higher.bound is not None:
            # The best value never decreases with the budget: a higher level's bound holds.
            level.bound = higher.bound if level.bound is None else min(level.bound, higher.bound)
        found.append(level)
    found.reverse()
    result: list[FrontierPoint] = []
    for level, level_found in zip(levels, found, strict=True):
        point = frontier_point(model, float(level), level_found)
        if result and point.value < result[-1].value:
            # Only a level stopped by its time limit: the lower level's selection fits here.
            point.value, point.selected = result[-1].value, list(result[-1].selected)
            point.optimal = False
        result.append(point)
    return result


def frontier_point(model: Model, budget: float, found: Found) -> FrontierPoint:
    return FrontierPoint(
        budget=budget,
        value=value_of(model, found.chosen),
        selected=in_order(model, found.chosen),
        optimal=found.optimal,
        bound=found.bound,
    )


def sensitivity(
    problem: Problem, *, kind: str = "capex", change: float = 0.10, time_limit: float = 60.0
) -> dict:
    """What enters and leaves the optimal selection when every limit of ``kind`` is scaled
    by (1 − change) ("minus") and (1 + change) ("plus"), versus ``solve(problem)``::

        {"minus": {"enter": [keys], "leave": [keys], "value": v, "optimal": bool}, "plus": …,
         "value": the value of solve(problem), "optimal": bool, "kind": kind,
         "change": change}

    A side the mandatory items cannot fit has ``value`` None and the ``message`` (and
    ``cause``, ``keys``, ``limit``) of the ``Infeasible`` that solving it would raise."""
    if not 0 <= change < 1:
        raise ValueError("change must be in [0, 1)")
    checked = check(compile_problem(problem))
    model = checked.model
    base = run(checked, checked.rows.limits(model), time_limit)
    result: dict = {
        "kind": kind,
        "change": change,
        "value": value_of(model, base.chosen),
        "optimal": base.optimal,
    }
    rows = kind_rows(model, kind)
    for side, factor in (("minus", 1 - change), ("plus", 1 + change)):
        limits = model.limits.copy()
        limits[rows] = limits[rows] * factor
        try:
            check_limits(model, checked.rows, checked.must, limits)
        except Infeasible as exc:
            result[side] = {
                "enter": [],
                "leave": [],
                "value": None,
                "optimal": False,
                "message": str(exc),
                "cause": exc.cause,
                "keys": exc.keys,
                "limit": exc.limit,
            }
            continue
        moved = run(checked, checked.rows.limits(model, limits), time_limit)
        result[side] = {
            "enter": in_order(model, moved.chosen & ~base.chosen),
            "leave": in_order(model, base.chosen & ~moved.chosen),
            "value": value_of(model, moved.chosen),
            "optimal": moved.optimal,
        }
    return result


def evaluate(problem: Problem, keys: Iterable[int], *, time_limit: float = 60.0) -> dict:
    """A given selection (today's portfolio) against the limits and the optimum::

        {"value", "usage": {limit: used}, "over": [limits exceeded],
         "share_of_optimum": value / optimum value (None when the optimum is 0 or the
         problem has no solution), "optimum", "optimal",
         "requires_missing": [(a, b): a selected without b], "excludes_both": [(a, b)],
         "must_missing": [mandatory or forced-in keys left out],
         "forced_out_selected": [keys]}

    A key that is not an item raises ``Infeasible`` (cause ``unknown_key``)."""
    model = compile_problem(problem)
    wanted = [int(key) for key in keys]
    unknown = sorted(set(wanted) - set(model.index))
    if unknown:
        raise Infeasible(
            "unknown_key",
            keys=unknown,
            template="unknown_selection",
            params={"projects": names([f"#{key}" for key in unknown])},
        )
    chosen = np.zeros(len(model.items), dtype=bool)
    chosen[[model.index[key] for key in wanted]] = True
    rows = exact_rows(model)
    limit_units = rows.limits(model)
    used = rows.usage(chosen)
    amounts = rows.amounts(used)
    try:
        checked = check(model)
    except Infeasible:
        optimum, optimal = None, False
    else:
        best = run(checked, limit_units, time_limit)
        optimum, optimal = value_of(model, best.chosen), best.optimal
    value = value_of(model, chosen)
    key = model.keys.tolist()
    return {
        "value": value,
        "usage": {limit: float(amounts[row]) for row, limit in enumerate(model.limit_keys)},
        "over": [model.limit_keys[row] for row in np.flatnonzero(rows.over(used, limit_units))],
        "share_of_optimum": value / optimum if optimum else None,
        "optimum": optimum,
        "optimal": optimal,
        "requires_missing": [
            (key[a], key[b]) for a, b in model.requires if chosen[a] and not chosen[b]
        ],
        "excludes_both": [(key[a], key[b]) for a, b in model.excludes if chosen[a] and chosen[b]],
        "must_missing": in_order(model, model.must & ~chosen),
        "forced_out_selected": in_order(model, model.out & chosen),
    }
