"""The exact portfolio optimiser (issue 12): which projects to select under yearly limits.

Pure package: numpy, scipy (sparse matrices), highspy (HiGHS 1.16, called like
``scipy.optimize.milp``: highs.py) and, from Django, only the translation of its messages
and the localisation of the amounts they quote. No ORM: the selectors build a ``Problem``
from the database, the services store what comes back. data.py (in and out), messages.py,
model.py (the compiled problem), checks.py (validate), highs.py (HiGHS), solver.py (solve),
analysis.py (frontier, sensitivity, evaluate).

The programme
-------------
A 0–1 integer programme over one variable x_i per item (1: the project is selected)::

    maximise    sum(value_i * x_i)
    subject to  sum(cost_i[(y, k)] * x_i) <= limit[(y, k)]   for every limit (y, k)
                x_a <= x_b                                    for every requires (a, b)
                x_a + x_b <= 1                                for every excludes (a, b)
                x_i = 1   for mandatory and forced-in items
                x_i = 0   for forced-out items

A cost an item does not list counts 0; a cost on a (year, kind) without a limit constrains
nothing. Values (priority scores) and costs must be >= 0.

Solved exactly, never greedily: HiGHS branch and bound with ``mip_rel_gap = 0``.
``Solution.optimal`` is True only when HiGHS proved optimality (status 0 with a zero gap);
a solve stopped by ``time_limit`` returns the best selection found with ``optimal=False``
and ``bound``, the proven upper bound of the best value (what is at most left on the table).

Exact arithmetic. Priority scores have 2 decimals, amounts 2 decimals: each value vector and
each limit's row is scaled by the smallest power of ten (up to 10^4) that makes it integral,
so the objective is integral (HiGHS then closes the gap to exactly zero instead of to a
tolerance) and every limit is checked on integers: a selection never exceeds a limit by a
rounding error. An integral row is also divided by the greatest common divisor of its needs
(amounts planned in whole k€), its limit rounded down: the same selections, smaller
numbers. A row that no power of ten makes integral is kept in floats, with a relative
tolerance of 1e-9. Every selection HiGHS returns is checked again here.

Ties. No epsilon is added to the values: it would change what "proven optimal" means and
make the proof much slower. Instead the programme is built in a canonical order (items by
key, limits by (year, kind), dependencies sorted), and HiGHS is deterministic for a given
programme: the same problem, whatever the order of its items, limits or dependencies,
always gives the same selection. Among selections of equal value, which one comes back is
HiGHS's choice, and it is stable.

Structural checks (``validate``, also run by every other entry point) raise ``Infeasible``
with a translatable message naming the cause and the projects (by label), in this order:

- ``unknown_key``: a requires/excludes names a key that is not an item;
- ``dependency_cycle``: A requires B requires … A (the cycle is named in order);
- ``forced_conflict``: a mandatory item is forced out;
- ``requires_out``: a mandatory or forced-in item requires, maybe through others, a
  forced-out item (the chain is named);
- ``excluded_both_in``: two items that must be selected (mandatory, forced in, or required
  by such an item) exclude each other;
- ``mandatory_over_limit``: what must be selected needs more than a limit on its own (the
  limit's year and kind, the need and the limit are named).

Once these pass, selecting exactly what must be selected is feasible, so HiGHS always finds
a selection; should it still report the programme infeasible, ``Infeasible`` has the cause
``infeasible`` and a generic message. Malformed input (a negative value, cost or limit, a
non-finite number, an unknown forcing, a key twice among the items) is a programming error:
``ValueError``.

Binding limits. A limit binds when it keeps out at least one item that could otherwise join
the selection: an unselected item that is not forced out, does not exclude an item that
must be selected, and whose required items (transitively) are selected or could be (the
same holds for them), with a positive need on that limit, and whose need there — its own
plus that of its required items not yet selected — is larger than the limit's slack
(limit − usage). ``Solution.blocked`` lists those items per binding limit, in the order of
``problem.items``.

The other entry points: ``frontier`` (the best value at each budget level, each level solved
exactly), ``sensitivity`` (what enters and leaves when the limits of a kind move by ±10 %)
and ``evaluate`` (a given selection, today's portfolio, against the limits and the optimum).
The last few proven optima are cached by the content of their programme, so ``evaluate``
and ``sensitivity`` after ``solve`` of the same problem do not solve it again.

Performance. HiGHS finds an excellent selection in a second or so; proving that nothing
is even a cent of a point better is what takes time, and it grows with the number of
projects close to the cut (``make bench`` prints the figures: a portfolio of 800 projects is
proven optimal in about a second; one of 2,000 in a few seconds, sometimes tens of
seconds). Hence ``time_limit`` everywhere: a solve it stops says so (``optimal=False``) and
how much value could at most be missing (``bound``); and scenarios are solved by a worker,
not in the web request (portfolios/services/scenarios.py).
"""

from portfolios.optimiser.analysis import evaluate, frontier, sensitivity
from portfolios.optimiser.checks import validate
from portfolios.optimiser.data import KINDS, FrontierPoint, Item, Problem, Solution
from portfolios.optimiser.messages import Infeasible
from portfolios.optimiser.solver import clear_cache, solve

__all__ = [
    "KINDS",
    "FrontierPoint",
    "Infeasible",
    "Item",
    "Problem",
    "Solution",
    "clear_cache",
    "evaluate",
    "frontier",
    "sensitivity",
    "solve",
    "validate",
]
