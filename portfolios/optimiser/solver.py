"""Solving with HiGHS (highspy, called like scipy.optimize.milp: highs.py), checking what
it returns, and the solution
with its binding limits."""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint

from portfolios.optimiser.checks import Checked, check
from portfolios.optimiser.data import CACHE_SIZE, Problem, Solution
from portfolios.optimiser.highs import milp
from portfolios.optimiser.messages import Infeasible
from portfolios.optimiser.model import Model, compile_problem

CACHE: OrderedDict[bytes, np.ndarray] = OrderedDict()
CACHE_LOCK = threading.Lock()


def objective(model: Model) -> np.ndarray:
    if model.value_scale is None:
        return model.values
    return np.round(model.values * model.value_scale)


def fingerprint(checked: Checked, limit_units: np.ndarray) -> bytes:
    model = checked.model
    digest = hashlib.blake2b(digest_size=20)
    for array in (
        model.keys,
        objective(model),
        checked.rows.costs,
        checked.rows.tolerance,
        limit_units,
        checked.must,
        checked.cannot,
        np.array(model.requires, dtype=np.int64),
        np.array(model.excludes, dtype=np.int64),
    ):
        digest.update(np.ascontiguousarray(array).tobytes())
        digest.update(b"|")
    return digest.digest()


def feasible(checked: Checked, chosen: np.ndarray, limit_units: np.ndarray) -> bool:
    model = checked.model
    if (chosen & checked.cannot).any() or (checked.must & ~chosen).any():
        return False
    if any(chosen[a] and not chosen[b] for a, b in model.requires):
        return False
    if any(chosen[a] and chosen[b] for a, b in model.excludes):
        return False
    return not checked.rows.over(checked.rows.usage(chosen), limit_units).any()


def programme(checked: Checked, limit_units: np.ndarray):
    """The milp arguments: objective, constraints (sparse rows), bounds, and the limits that
    have a row (a limit no item needs cannot be exceeded)."""
    model = checked.model
    n = len(model.items)
    costs = checked.rows.costs
    active = [r for r in range(len(model.limit_keys)) if costs[r].any()]
    constraints = []
    if active:
        upper = limit_units[active] + checked.rows.tolerance[active]
        constraints.append(LinearConstraint(sparse.csr_matrix(costs[active]), -np.inf, upper))
    pairs = [(a, b, -1.0, 0.0) for a, b in model.requires]
    pairs += [(a, b, 1.0, 1.0) for a, b in model.excludes]
    if pairs:
        count = len(pairs)
        data = np.array([[1.0, sign] for _a, _b, sign, _u in pairs]).ravel()
        columns = np.array([[a, b] for a, b, _s, _u in pairs]).ravel()
        pointers = np.arange(0, 2 * count + 1, 2)
        matrix = sparse.csr_matrix((data, columns, pointers), shape=(count, n))
        upper = np.array([bound for *_rest, bound in pairs])
        constraints.append(LinearConstraint(matrix, -np.inf, upper))
    bounds = Bounds(checked.must.astype(float), (~checked.cannot).astype(float))
    return -objective(model), constraints, bounds, active


@dataclass
class Found:
    chosen: np.ndarray  # bool per position
    optimal: bool  # proven
    bound: float | None  # proven upper bound of the value (None: HiGHS gave none)


def run(
    checked: Checked, limit_units: np.ndarray, time_limit: float, start: np.ndarray | None = None
) -> Found:
    """The best selection under these limits. Proven optima are cached by the programme's
    content. ``start``: a selection known to fit these limits, handed to HiGHS as its first
    incumbent (it only prunes sooner: the result is the same)."""
    key = fingerprint(checked, limit_units)
    with CACHE_LOCK:
        if key in CACHE:
            CACHE.move_to_end(key)
            chosen = CACHE[key].copy()
            return Found(chosen, True, value_of(checked.model, chosen))
    found = run_highs(checked, limit_units, time_limit, start)
    if found.optimal:
        found.bound = value_of(checked.model, found.chosen)
        with CACHE_LOCK:
            CACHE[key] = found.chosen.copy()
            while len(CACHE) > CACHE_SIZE:
                CACHE.popitem(last=False)
    return found


def run_highs(
    checked: Checked, limit_units: np.ndarray, time_limit: float, start: np.ndarray | None = None
) -> Found:
    model = checked.model
    if (checked.must | checked.cannot).all():
        return Found(checked.must.copy(), True, None)
    objective, constraints, bounds, active = programme(checked, limit_units)
    started = time.perf_counter()
    for _attempt in range(3):
        remaining = max(time_limit - (time.perf_counter() - started), 0.01)
        result = milp(
            objective,
            constraints=constraints,
            integrality=np.ones(len(objective)),
            bounds=bounds,
            options={
                "mip_rel_gap": 0.0,
                "time_limit": remaining,
                "presolve": True,
                **({"start": start.astype(float)} if start is not None else {}),
            },
        )
        if result.status == 2:
            raise Infeasible("infeasible")
        dual = getattr(result, "mip_dual_bound", None)
        bound = None
        if dual is not None and math.isfinite(dual):
            bound = -float(dual) / (model.value_scale or 1)
        if result.x is None:
            if result.status == 1:  # stopped before any selection: what must be, alone
                return Found(checked.must.copy(), False, bound)
            raise RuntimeError(f"HiGHS failed: {result.message}")
        chosen = np.asarray(result.x) > 0.5
        if feasible(checked, chosen, limit_units):
            return Found(chosen, proven(model, result, chosen), bound)
        # A float row accepted within HiGHS's tolerance but not within ours: lower its
        # bound by twice the excess and solve again.
        usage = checked.rows.usage(chosen)
        excess = np.maximum(usage - limit_units - checked.rows.tolerance, 0.0)[active]
        rows = constraints[0]
        constraints[0] = LinearConstraint(rows.A, -np.inf, rows.ub - 2 * excess)
    return Found(checked.must.copy(), False, None)


def proven(model: Model, result, chosen: np.ndarray) -> bool:
    """HiGHS says optimal, and its bound is below the next value a selection could reach
    (an integral objective: values are multiples of the gcd of the items' values) or within
    its absolute gap (1e-6, a float objective): a zero gap."""
    if result.status != 0:
        return False
    dual = getattr(result, "mip_dual_bound", None)
    if dual is None or not math.isfinite(dual):
        return True
    reached = float(objective(model)[chosen].sum())
    gap = -float(dual) - reached
    if model.value_scale is None:
        return gap <= 1e-6 * max(1.0, abs(reached))
    units = objective(model).astype(np.int64)
    step = int(np.gcd.reduce(units[units > 0])) if (units > 0).any() else 1
    return gap < step - 1e-9


# --- Results ------------------------------------------------------------------------------


def in_order(model: Model, chosen: np.ndarray) -> list[int]:
    """The chosen keys in the order of problem.items."""
    return [item.key for item in model.problem.items if chosen[model.index[int(item.key)]]]


def value_of(model: Model, chosen: np.ndarray) -> float:
    if model.value_scale is None:
        return math.fsum(model.values[chosen].tolist())
    return float(objective(model)[chosen].sum()) / model.value_scale


def usage_of(checked: Checked, chosen: np.ndarray) -> dict[tuple[int, str], float]:
    used = checked.rows.amounts(checked.rows.usage(chosen))
    return {key: float(used[row]) for row, key in enumerate(checked.model.limit_keys)}


def blocked_by(
    checked: Checked, chosen: np.ndarray, limit_units: np.ndarray
) -> dict[tuple[int, str], list[int]]:
    """Per limit, the unselected items it keeps out (the package's docstring)."""
    model = checked.model
    costs = checked.rows.costs
    eligible = ~chosen & ~checked.cannot
    # An item's need: its own plus that of the items it requires (transitively) that are
    # not selected yet.
    needs = costs.copy()
    for position in sorted(model.required):
        if not eligible[position]:
            continue
        seen = {position}
        queue = [position]
        for a in queue:
            for b in model.required.get(a, ()):
                if b not in seen:
                    seen.add(b)
                    queue.append(b)
                    if not chosen[b]:
                        needs[:, position] += costs[:, b]
    slack = limit_units + checked.rows.tolerance - checked.rows.usage(chosen)
    kept = eligible[None, :] & (costs > 0) & (needs > slack[:, None])
    blocked = {}
    for row, key in enumerate(model.limit_keys):
        if kept[row].any():
            blocked[key] = in_order(model, kept[row])
    return blocked


def solution(checked: Checked, found: Found, started: float) -> Solution:
    chosen = found.chosen
    blocked = blocked_by(checked, chosen, checked.rows.limits(checked.model))
    return Solution(
        selected=in_order(checked.model, chosen),
        value=value_of(checked.model, chosen),
        usage=usage_of(checked, chosen),
        binding=list(blocked),
        blocked=blocked,
        optimal=found.optimal,
        seconds=time.perf_counter() - started,
        bound=found.bound,
    )


def solve(problem: Problem, *, time_limit: float = 60.0) -> Solution:
    """The best selection, proven optimal unless ``time_limit`` (seconds) stopped HiGHS
    first. Raises ``Infeasible`` (``validate``'s causes, or ``infeasible``)."""
    started = time.perf_counter()
    checked = check(compile_problem(problem))
    found = run(checked, checked.rows.limits(checked.model), time_limit)
    return solution(checked, found, started)


def clear_cache() -> None:
    """Forget the cached optima (benchmarks, tests)."""
    with CACHE_LOCK:
        CACHE.clear()
