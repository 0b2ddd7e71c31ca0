"""The optimiser's data: what goes in (Item, Problem) and what comes out (Solution,
FrontierPoint). The semantics are in the package's docstring."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

KINDS = ("capex", "opex", "fte")
FORCINGS = ("", "in", "out")

# The largest power of ten tried to make values or a limit's row integral (4 decimals).
MAX_DECIMALS = 4
# Integers stay exact in float64 up to 2**53; sums of units are kept well below it.
EXACT_LIMIT = 2.0**52
# Tolerance of the rows kept in floats (relative to the limit).
FLOAT_TOLERANCE = 1e-9
# How many projects a message names before "and N others".
NAMED_IN_MESSAGES = 10
# Proven optima kept for evaluate/sensitivity/frontier after solve.
CACHE_SIZE = 16


# --- The data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    key: int  # project id
    value: float  # priority score, >= 0
    costs: Mapping[tuple[int, str], float]  # (year, kind) -> need that year
    mandatory: bool = False  # regulatory: always selected
    forcing: str = ""  # "", "in" (must be selected), "out" (must not)
    label: str = ""  # project code, used in messages


@dataclass(frozen=True)
class Problem:
    items: Sequence[Item]
    limits: Mapping[tuple[int, str], float]  # (year, kind) -> at most
    requires: Sequence[tuple[int, int]] = ()  # (a, b): a selected => b selected
    excludes: Sequence[tuple[int, int]] = ()  # (a, b): never both
    # How messages name a kind that is not one of KINDS (a team's FTE, "fte:12"): any
    # object whose str() is the label when the message is shown. A kind needs no entry
    # here to be limited: any string works as long as costs and limits use the same one.
    labels: Mapping[str, object] = field(default_factory=dict)


@dataclass
class Solution:
    selected: list[int]  # keys, in the order of problem.items
    value: float
    usage: dict[tuple[int, str], float]  # per limit: what the selection uses
    binding: list[tuple[int, str]]  # limits that bind (see the package's docstring)
    blocked: dict[tuple[int, str], list[int]]  # per binding limit: keys it keeps out
    optimal: bool  # proven optimal (HiGHS status 0, gap 0)
    seconds: float
    # The proven upper bound of the best value: ``value`` when optimal; above it when the
    # time limit stopped HiGHS (None if it stopped before bounding anything).
    bound: float | None = None


@dataclass
class FrontierPoint:
    budget: float  # total of `kind` allowed over all years at this point
    value: float
    selected: list[int]
    optimal: bool = True  # False: the level's solve hit its share of the time limit
    bound: float | None = None  # proven upper bound of the level's best value
