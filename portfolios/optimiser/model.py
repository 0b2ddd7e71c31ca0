"""The problem compiled: canonical order, arrays, exact units (the package's docstring,
"Exact arithmetic")."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from portfolios.optimiser.data import (
    EXACT_LIMIT,
    FLOAT_TOLERANCE,
    FORCINGS,
    MAX_DECIMALS,
    Item,
    Problem,
)
from portfolios.optimiser.messages import Infeasible, names


def integral_scale(numbers: np.ndarray) -> int | None:
    """The smallest power of ten (up to 10^MAX_DECIMALS) that makes every number integral
    (within a few units in the last place), its scaled sum staying exact; None if none."""
    if numbers.size == 0:
        return 1
    magnitude = np.abs(numbers)
    for decimals in range(MAX_DECIMALS + 1):
        scale = 10**decimals
        units = numbers * scale
        slack = np.maximum(1e-9, 8 * np.finfo(float).eps * np.abs(units))
        if np.all(np.abs(units - np.round(units)) <= slack):
            if float(magnitude.sum()) * scale >= EXACT_LIMIT:
                return None
            return scale
    return None


@dataclass
class Model:
    """The problem in canonical order (items by key), checked for malformed data."""

    problem: Problem
    items: list[Item]  # by key
    keys: np.ndarray  # int64, by key
    index: dict[int, int]  # key -> position
    values: np.ndarray  # float, as given
    value_scale: int | None  # values * scale are integers (None: kept in floats)
    limit_keys: list[tuple[int, str]]  # sorted
    limits: np.ndarray  # float, as given
    costs: np.ndarray  # dense (limits x items), as given
    row_scales: list[int | None]  # per limit: costs * scale integral (None: floats)
    must: np.ndarray  # bool: mandatory or forced in
    out: np.ndarray  # bool: forced out
    requires: list[tuple[int, int]]  # positions, sorted, unique
    excludes: list[tuple[int, int]]  # positions, sorted, unique (a < b)
    required: dict[int, list[int]] = field(default_factory=dict)  # a -> [b] it requires

    def label(self, position: int) -> str:
        item = self.items[position]
        return item.label or f"#{item.key}"

    def labels(self, positions: Iterable[int]) -> list[str]:
        return [self.label(p) for p in positions]


def finite(number, what: str) -> float:
    try:
        result = float(number)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what} is not a number: {number!r}") from exc
    if not math.isfinite(result) or result < 0:
        raise ValueError(f"{what} must be a finite number >= 0, not {number!r}")
    return result


def compile_problem(problem: Problem) -> Model:
    items = sorted(problem.items, key=lambda item: item.key)
    keys = np.array([int(item.key) for item in items], dtype=np.int64)
    if len(set(keys.tolist())) != len(items):
        raise ValueError("a key appears twice among the items")
    index = {int(key): position for position, key in enumerate(keys.tolist())}
    for item in items:
        if item.forcing not in FORCINGS:
            raise ValueError(f"unknown forcing {item.forcing!r} for item {item.key}")
    values = np.array([finite(item.value, f"value of {item.key}") for item in items])
    limit_keys = sorted(((int(y), str(k)) for y, k in problem.limits), key=lambda yk: yk)
    given = {(int(y), str(k)): amount for (y, k), amount in problem.limits.items()}
    limits = np.array([finite(given[key], f"limit {key}") for key in limit_keys])
    row_of = {key: row for row, key in enumerate(limit_keys)}
    costs = np.zeros((len(limit_keys), len(items)))
    for position, item in enumerate(items):
        for (year, kind), amount in item.costs.items():
            need = finite(amount, f"cost of {item.key}")
            row = row_of.get((int(year), str(kind)))
            if row is not None:
                costs[row, position] += need
    row_scales = [
        integral_scale(np.append(costs[row], limits[row])) for row in range(len(limit_keys))
    ]
    must = np.array([item.mandatory or item.forcing == "in" for item in items], dtype=bool)
    out = np.array([item.forcing == "out" for item in items], dtype=bool)
    unknown = sorted(
        {int(k) for pair in (*problem.requires, *problem.excludes) for k in pair} - set(index)
    )
    if unknown:
        raise Infeasible(
            "unknown_key", keys=unknown, params={"projects": names([f"#{key}" for key in unknown])}
        )
    requires = sorted({(index[int(a)], index[int(b)]) for a, b in problem.requires})
    excludes = sorted({tuple(sorted((index[int(a)], index[int(b)]))) for a, b in problem.excludes})
    required: dict[int, list[int]] = {}
    for a, b in requires:
        required.setdefault(a, []).append(b)
    return Model(
        problem=problem,
        items=items,
        keys=keys,
        index=index,
        values=values,
        value_scale=integral_scale(values),
        limit_keys=limit_keys,
        limits=limits,
        costs=costs,
        row_scales=row_scales,
        must=must,
        out=out,
        requires=requires,
        excludes=excludes,
        required=required,
    )


# --- Exact rows ---------------------------------------------------------------------------


@dataclass
class Rows:
    """The limits in the units they are checked in. A row that a power of ten makes
    integral is divided, with its limit, by the greatest common divisor of its needs, and
    its limit rounded down (budgets planned in k€ give needs like 150 and a limit like
    4,321, not 150,000.00 and 4,321,234.56): exact, and a tighter programme for HiGHS. A
    row kept in floats is checked with a relative tolerance."""

    # One unit of a row is divisor / scale of its amounts (1/100 for cents, 1000/1 for k€).
    divisor: np.ndarray
    scale: np.ndarray
    costs: np.ndarray  # limits x items, in units
    tolerance: np.ndarray  # per row: 0 for an integral row

    def limits(self, model: Model, limits: np.ndarray | None = None) -> np.ndarray:
        """The limits in units; a limit between two units rounds down."""
        amounts = model.limits if limits is None else limits
        units = amounts * self.scale / self.divisor
        integral = self.tolerance == 0
        units[integral] = np.floor(units[integral] + 1e-9 * np.maximum(1.0, units[integral]))
        return units

    def usage(self, chosen: np.ndarray) -> np.ndarray:
        return self.costs[:, chosen].sum(axis=1)

    def amounts(self, units: np.ndarray) -> np.ndarray:
        return units * self.divisor / self.scale

    def over(self, usage: np.ndarray, limit_units: np.ndarray) -> np.ndarray:
        return usage > limit_units + self.tolerance


def exact_rows(model: Model) -> Rows:
    count = len(model.limit_keys)
    divisors = np.ones(count)
    scales = np.ones(count)
    costs = model.costs.copy()
    tolerance = FLOAT_TOLERANCE * np.maximum(1.0, model.limits)
    for row, scale in enumerate(model.row_scales):
        if scale is None:
            continue
        integers = np.round(model.costs[row] * scale).astype(np.int64)
        divisor = int(np.gcd.reduce(integers[integers > 0])) if (integers > 0).any() else 1
        costs[row] = integers // divisor
        divisors[row] = divisor
        scales[row] = scale
        tolerance[row] = 0.0
    return Rows(divisor=divisors, scale=scales, costs=costs, tolerance=tolerance)
