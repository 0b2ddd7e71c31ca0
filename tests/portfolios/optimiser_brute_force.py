"""Brute force for the optimiser's tests: every subset of a small problem, vectorised with
numpy (2^18 = 262,144 subsets in a fraction of a second), in integer cents so that every
comparison is exact."""

from __future__ import annotations

import math
import random
from functools import cache

import numpy as np

from portfolios.optimiser import KINDS, Item, Problem


def cents(amount: float) -> int:
    return round(amount * 100)


def limit_cents(amount: float) -> int:
    """A limit in cents, rounded down (a scaled limit is rarely a whole number of cents)."""
    return math.floor(amount * 100 + 1e-6)


@cache
def subsets(n: int) -> np.ndarray:
    """Row s is subset s: column i is 1 when bit i of s is set (float64: exact integer sums
    through BLAS)."""
    numbers = np.arange(1 << n, dtype=np.int64)[:, None]
    return ((numbers >> np.arange(n)) & 1).astype(np.float64)


def feasible_and_values(problem: Problem) -> tuple[np.ndarray, np.ndarray]:
    """For every subset of problem.items: whether it satisfies every constraint, and its
    value in cents."""
    items = list(problem.items)
    every = subsets(len(items))
    chosen = every.astype(bool)
    position = {item.key: i for i, item in enumerate(items)}
    values = every @ np.array([cents(item.value) for item in items], dtype=np.float64)
    ok = np.ones(len(every), dtype=bool)
    keys = list(problem.limits)
    if keys:
        needs = np.array(
            [[cents(item.costs.get(key, 0.0)) for key in keys] for item in items], dtype=float
        )
        limits = np.array([limit_cents(problem.limits[key]) for key in keys], dtype=float)
        ok &= (every @ needs <= limits).all(axis=1)
    for i, item in enumerate(items):
        if item.mandatory or item.forcing == "in":
            ok &= chosen[:, i]
        if item.forcing == "out":
            ok &= ~chosen[:, i]
    for a, b in problem.requires:
        ok &= ~chosen[:, position[a]] | chosen[:, position[b]]
    for a, b in problem.excludes:
        ok &= ~(chosen[:, position[a]] & chosen[:, position[b]])
    return ok, values


def best_value(problem: Problem) -> float | None:
    """The optimum in points (None when no subset is feasible)."""
    ok, values = feasible_and_values(problem)
    if not ok.any():
        return None
    return float(values[ok].max()) / 100


def subset_index(problem: Problem, keys) -> int:
    position = {item.key: i for i, item in enumerate(problem.items)}
    return sum(1 << position[key] for key in keys)


def random_problem(seed: int, n: int = 18) -> Problem:
    """Every constraint family at once: 3 years x 3 kinds of needs, 5 to 9 limits, one
    mandatory, one forced-in and two forced-out items, 3 requires (acyclic) and 3
    excludes; values and amounts with cents, FTE with one decimal."""
    rng = random.Random(seed)
    years = (2026, 2027, 2028)
    keys = rng.sample(range(1, 1000), n)  # not in order: the optimiser must not care
    items = []
    roles = rng.sample(range(n), 4)
    for i, key in enumerate(keys):
        costs = {}
        for year in rng.sample(years, rng.randint(1, 3)):
            costs[(year, "capex")] = rng.randint(0, 50_000) / 100
            costs[(year, "opex")] = rng.randint(0, 20_000) / 100
            costs[(year, "fte")] = rng.randint(0, 30) / 10
        items.append(
            Item(
                key=key,
                value=rng.randint(0, 10_000) / 100,
                costs=costs,
                mandatory=i == roles[0],
                forcing="in" if i == roles[1] else "out" if i in roles[2:] else "",
                label=f"P{key}",
            )
        )
    requires = set()
    while len(requires) < 3:
        a, b = sorted(rng.sample(range(n), 2), reverse=True)  # a later one requires an earlier
        requires.add((keys[a], keys[b]))
    excludes = set()
    while len(excludes) < 3:
        a, b = rng.sample(range(n), 2)
        if (keys[a], keys[b]) not in requires and (keys[b], keys[a]) not in requires:
            excludes.add((keys[a], keys[b]))
    every_limit = [(year, kind) for year in years for kind in KINDS]
    limits = {}
    for key in rng.sample(every_limit, rng.randint(5, 9)):
        total = sum(item.costs.get(key, 0.0) for item in items)
        limits[key] = round(total * rng.uniform(0.25, 0.7), 2)
    return Problem(items=items, limits=limits, requires=sorted(requires), excludes=sorted(excludes))
