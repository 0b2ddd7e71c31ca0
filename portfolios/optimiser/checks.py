"""The structural checks run before any solve (the package's docstring)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from portfolios.optimiser.data import Problem
from portfolios.optimiser.messages import (
    IS_FORCED,
    IS_MANDATORY,
    IS_REQUIRED,
    KIND_LABELS,
    WHY_FORCED,
    WHY_MANDATORY,
    Amount,
    Infeasible,
    Joined,
    Text,
    names,
)
from portfolios.optimiser.model import Model, Rows, compile_problem, exact_rows


def find_cycle(model: Model) -> list[int] | None:
    """A cycle of requires (positions, the first repeated at the end), or None."""
    state: dict[int, int] = {}  # 1: on the current path, 2: done
    for start in sorted(model.required):
        if state.get(start):
            continue
        path = [start]
        pending = [iter(model.required.get(start, ()))]
        state[start] = 1
        while path:
            node = next(pending[-1], None)
            if node is None:
                state[path.pop()] = 2
                pending.pop()
                continue
            seen = state.get(node, 0)
            if seen == 1:
                return [*path[path.index(node) :], node]
            if seen == 0:
                state[node] = 1
                path.append(node)
                pending.append(iter(model.required.get(node, ())))
    return None


def must_closure(model: Model) -> dict[int, int | None]:
    """What must be selected: mandatory and forced-in items and, transitively, what they
    require; each with the item that brought it in (None for the mandatory/forced-in)."""
    brought: dict[int, int | None] = {}
    queue = [int(p) for p in np.flatnonzero(model.must)]
    for position in queue:
        brought[position] = None
    for a in queue:  # breadth first: the shortest chains
        for b in model.required.get(a, ()):
            if b not in brought:
                brought[b] = a
                queue.append(b)
    return brought


def chain_to(brought: Mapping[int, int | None], position: int) -> list[int]:
    """From the mandatory or forced-in item down to ``position``."""
    chain = [position]
    while brought[chain[-1]] is not None:
        chain.append(brought[chain[-1]])
    return chain[::-1]


def why(model: Model, brought: Mapping[int, int | None], position: int) -> Text:
    item = model.items[position]
    label = model.label(position)
    if item.mandatory:
        return Text(IS_MANDATORY, project=label)
    if item.forcing == "in":
        return Text(IS_FORCED, project=label)
    return Text(IS_REQUIRED, project=label, other=model.label(brought[position]))


def check_limits(
    model: Model, rows: Rows, must: np.ndarray, limits: np.ndarray | None = None
) -> None:
    """mandatory_over_limit: what must be selected, alone, over a limit."""
    limit_units = rows.limits(model, limits)
    over = np.flatnonzero(rows.over(rows.usage(must), limit_units))
    if not over.size:
        return
    row = int(over[0])
    year, kind = model.limit_keys[row]
    needing = [int(p) for p in np.flatnonzero(must & (rows.costs[row] > 0))]
    needing.sort(key=lambda p: (-rows.costs[row, p], model.keys[p]))
    amount = model.limits[row] if limits is None else limits[row]
    raise Infeasible(
        "mandatory_over_limit",
        keys=[int(model.keys[p]) for p in needing],
        limit=(year, kind),
        params={
            "projects": names(model.labels(needing)),
            "need": Amount(float(rows.amounts(rows.usage(must))[row]), kind),
            "kind": model.problem.labels.get(kind) or KIND_LABELS.get(kind, kind),
            "year": year,
            "limit": Amount(float(amount), kind),
        },
    )


@dataclass
class Checked:
    """A model that passed the structural checks, with what they found out."""

    model: Model
    rows: Rows
    must: np.ndarray  # bool: must be selected (mandatory, forced in, what they require)
    cannot: np.ndarray  # bool: cannot be selected alongside them (forced out, …)


def check(model: Model) -> Checked:
    cycle = find_cycle(model)
    if cycle is not None:
        raise Infeasible(
            "dependency_cycle",
            keys=[int(model.keys[p]) for p in cycle[:-1]],
            params={"cycle": Joined(model.labels(cycle), " → ")},
        )
    conflicts = np.flatnonzero(model.must & model.out).tolist()
    if conflicts:
        raise Infeasible(
            "forced_conflict",
            keys=[int(model.keys[p]) for p in conflicts],
            params={"projects": names(model.labels(conflicts)), "count": len(conflicts)},
        )
    brought = must_closure(model)
    for position in sorted(brought, key=lambda p: (len(chain_to(brought, p)), p)):
        if model.out[position]:
            chain = chain_to(brought, position)
            root = model.items[chain[0]]
            raise Infeasible(
                "requires_out",
                keys=[int(model.keys[p]) for p in chain],
                params={
                    "project": model.label(chain[0]),
                    "why": WHY_MANDATORY if root.mandatory else WHY_FORCED,
                    "other": model.label(position),
                    "chain": Joined(model.labels(chain), " → "),
                },
            )
    for a, b in model.excludes:
        if a in brought and b in brought:
            involved = list(dict.fromkeys([*chain_to(brought, a), *chain_to(brought, b)]))
            raise Infeasible(
                "excluded_both_in",
                keys=[int(model.keys[p]) for p in involved],
                params={
                    "first": model.label(a),
                    "second": model.label(b),
                    "why": Joined([why(model, brought, a), why(model, brought, b)], "; "),
                },
            )
    must = np.zeros(len(model.items), dtype=bool)
    must[list(brought)] = True
    rows = exact_rows(model)
    check_limits(model, rows, must)
    # What cannot join them: forced out, excluded by one of them, or requiring (maybe
    # through others) such an item.
    cannot = model.out.copy()
    for a, b in model.excludes:
        if must[a]:
            cannot[b] = True
        if must[b]:
            cannot[a] = True
    changed = True
    while changed:
        changed = False
        for a, b in model.requires:
            if cannot[b] and not cannot[a]:
                cannot[a] = changed = True
    return Checked(model=model, rows=rows, must=must, cannot=cannot)


def validate(problem: Problem) -> None:
    """Raise ``Infeasible`` for the structural causes of the package's docstring."""
    check(compile_problem(problem))
