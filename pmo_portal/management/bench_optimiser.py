"""The optimiser figures of ``manage.py bench`` (issue 12): a synthetic portfolio of 2,000
candidate projects over 5 years with CAPEX, OPEX and FTE limits each year (15 limits) and 50
dependencies, solved to proven optimality (median over 9 such portfolios), and the
efficient frontier of 20 points of the first. A wiring module like bench_copil.py; the
problems are built in memory (no database), the same for every run (seeded).

The portfolio, meant to look like a real one rather than like a textbook instance:

- priority scores as the scoring service computes them: strategic fit 30 % (0–5 with two
  decimals, from the contributions), value 25 %, risk 20 % (inverted), urgency 15 %,
  regulatory obligation 10 % (0–5 integers), on 100 points with two decimals;
- each project spans 1 to 3 consecutive years (40 / 35 / 25 %) starting any year; its total
  cost is log-normal (median 300 k€, a few projects above 5 M€), split between CAPEX and
  OPEX (share drawn from a beta(2, 2)) and across its years (±40 %), in whole k€; its FTE
  follow its OPEX (90 k€ per FTE), to one decimal;
- 5 % of the projects are mandatory (regulatory), 1 % forced in, 1 % forced out;
- 25 "requires" (a later project requires an earlier one, so no cycle) and 25 "excludes"
  between projects that are not forced;
- each year's limits: 70 % of the CAPEX asked that year, 80 % of the OPEX and of the FTE —
  demand exceeding the budget by a quarter to 40 %, as it does when a PMO arbitrates.
"""

from __future__ import annotations

import random
import statistics
import time

from portfolios import optimiser
from portfolios.optimiser.highs import native_stdout_silenced

OPTIMISER_ITEMS = 2000
OPTIMISER_YEARS = 5
OPTIMISER_DEPENDENCIES = 50
# Nine portfolios: solve times are heavy-tailed (from 1 s to 45 s on 12 portfolios drawn
# alike), so a median over five moves by a second from one draw of seeds to the next.
OPTIMISER_INSTANCES = 9
FRONTIER_POINTS = 20
SOLVE_TIME_LIMIT = 60.0
FRONTIER_TIME_LIMIT = 300.0
FIRST_YEAR = 2026
SEED = 12
SHARE_OF_DEMAND = {"capex": 0.70, "opex": 0.80, "fte": 0.80}
TARGET_SOLVE_SECONDS = 2.0
TARGET_FRONTIER_SECONDS = 10.0
# The scoring model's weights (%) and the share of mandatory / forced projects.
WEIGHTS = (30, 25, 20, 15, 10)
MANDATORY_SHARE = 0.05
FORCED_SHARE = 0.01


def sample_problem(
    size: int = OPTIMISER_ITEMS,
    *,
    years: int = OPTIMISER_YEARS,
    dependencies: int = OPTIMISER_DEPENDENCIES,
    seed: int = SEED,
) -> optimiser.Problem:
    """The synthetic portfolio of the module's docstring (the same for the same arguments)."""
    rng = random.Random(seed)  # noqa: S311 (a reproducible sample, not a secret)
    items = []
    demand: dict[tuple[int, str], float] = {}
    for number in range(size):
        fit = rng.randint(0, 500) / 100
        scores = [fit, *(rng.randint(0, 5) for _ in WEIGHTS[1:])]
        value = round(sum(w * s for w, s in zip(WEIGHTS, scores, strict=True)) / 5, 2)
        start = rng.randrange(years)
        length = rng.choices((1, 2, 3), weights=(40, 35, 25))[0]
        spanned = range(start, min(years, start + length))
        total = rng.lognormvariate(12.6, 1.2)
        capex_share = rng.betavariate(2, 2)
        costs = {}
        for offset in spanned:
            year = FIRST_YEAR + offset
            part = total * rng.uniform(0.6, 1.4) / len(spanned)
            opex = round(part * (1 - capex_share), -3)
            costs[(year, "capex")] = round(part * capex_share, -3)
            costs[(year, "opex")] = opex
            costs[(year, "fte")] = round(opex / 90_000, 1)
        for key, amount in costs.items():
            demand[key] = demand.get(key, 0.0) + amount
        items.append(
            {"key": number + 1, "value": value, "costs": costs, "label": f"P{number + 1:05d}"}
        )
    positions = rng.sample(range(size), size)
    mandatory_count = int(size * MANDATORY_SHARE)
    forced_count = int(size * FORCED_SHARE)
    mandatory = set(positions[:mandatory_count])
    forced_in = set(positions[mandatory_count : mandatory_count + forced_count])
    forced_out = set(positions[mandatory_count + forced_count : mandatory_count + 2 * forced_count])
    free = sorted(set(range(size)) - mandatory - forced_in - forced_out)
    requires: set[tuple[int, int]] = set()
    excludes: set[tuple[int, int]] = set()
    while len(requires) + len(excludes) < dependencies and len(free) > 1:
        a, b = sorted(rng.sample(free, 2))
        if len(requires) < dependencies // 2:
            requires.add((items[b]["key"], items[a]["key"]))  # the later requires the earlier
        elif (items[b]["key"], items[a]["key"]) not in requires:
            excludes.add((items[a]["key"], items[b]["key"]))
    problem_items = [
        optimiser.Item(
            key=item["key"],
            value=item["value"],
            costs=item["costs"],
            mandatory=position in mandatory,
            forcing="in" if position in forced_in else "out" if position in forced_out else "",
            label=item["label"],
        )
        for position, item in enumerate(items)
    ]
    limits = {
        (year, kind): round(demand.get((year, kind), 0.0) * SHARE_OF_DEMAND[kind], 1)
        for year in range(FIRST_YEAR, FIRST_YEAR + years)
        for kind in optimiser.KINDS
    }
    return optimiser.Problem(
        items=problem_items,
        limits=limits,
        requires=sorted(requires),
        excludes=sorted(excludes),
    )


def measure(
    size: int = OPTIMISER_ITEMS,
    *,
    instances: int = OPTIMISER_INSTANCES,
    points: int = FRONTIER_POINTS,
    time_limit: float = SOLVE_TIME_LIMIT,
    frontier_time_limit: float = FRONTIER_TIME_LIMIT,
) -> dict:
    """Solve ``instances`` sample problems (seeds SEED, SEED + 1, …; the cached optimum
    forgotten before each), and compute the frontier of ``points`` points of the first one.
    The median is over different portfolios, not over reruns of one: HiGHS is deterministic,
    so a rerun of the same problem only measures the machine's noise."""
    times = []
    proven = 0
    first = None
    validate_seconds = 0.0
    for number in range(instances):
        problem = sample_problem(size, seed=SEED + number)
        started = time.perf_counter()
        optimiser.validate(problem)
        validate_seconds = max(validate_seconds, time.perf_counter() - started)
        optimiser.clear_cache()
        solution = optimiser.solve(problem, time_limit=time_limit)
        times.append(solution.seconds)
        proven += solution.optimal
        first = first or (problem, solution)
    problem, solution = first
    optimiser.clear_cache()
    started = time.perf_counter()
    frontier = optimiser.frontier(problem, points=points, time_limit=frontier_time_limit)
    frontier_seconds = time.perf_counter() - started
    optimiser.clear_cache()
    return {
        "available": True,
        "items": size,
        "limits": len(problem.limits),
        "dependencies": len(problem.requires) + len(problem.excludes),
        "validate_seconds": round(validate_seconds, 4),
        "solve_seconds": [round(seconds, 3) for seconds in times],
        "solve_median_seconds": round(statistics.median(times), 3),
        "solve_max_seconds": round(max(times), 3),
        "solve_proven": proven,
        "solves": instances,
        "value": solution.value,
        "selected": len(solution.selected),
        "binding": len(solution.binding),
        "frontier_points": len(frontier),
        "frontier_proven": sum(point.optimal for point in frontier),
        "frontier_seconds": round(frontier_seconds, 3),
    }


def line(figures: dict) -> str:
    """The figures as the bench's table prints them, with the targets."""
    label = f"Optimiser, {figures.get('items', OPTIMISER_ITEMS):,} projects"
    if not figures.get("available"):
        return f"{label:<38} {'n/a':>10}   {figures.get('note', '')}"
    met = (
        figures["solve_median_seconds"] < TARGET_SOLVE_SECONDS
        and figures["solve_proven"] == figures["solves"]
        and figures["frontier_seconds"] < TARGET_FRONTIER_SECONDS
        and figures["frontier_proven"] == figures["frontier_points"]
    )
    return (
        f"{label:<38} {figures['limits']} limits, {figures['dependencies']} dependencies: "
        f"solve median {figures['solve_median_seconds']:.2f} s over {figures['solves']} "
        f"portfolios (max {figures['solve_max_seconds']:.2f} s, {figures['solve_proven']}/"
        f"{figures['solves']} proven optimal); frontier of {figures['frontier_points']} "
        f"points {figures['frontier_seconds']:.2f} s ({figures['frontier_proven']}/"
        f"{figures['frontier_points']} proven)   target < {TARGET_SOLVE_SECONDS:g} s and "
        f"< {TARGET_FRONTIER_SECONDS:g} s, proven: {'met' if met else 'MISSED'}"
    )


# --- The bench command's hooks (pmo_portal/management/commands/bench.py) -----------------


def add_arguments(parser) -> None:
    parser.add_argument(
        "--optimiser-only",
        action="store_true",
        help="measure the portfolio optimiser alone (no database is seeded, no page timed)",
    )
    parser.add_argument(
        "--optimiser-size",
        type=int,
        default=OPTIMISER_ITEMS,
        help=f"projects of the optimiser's sample portfolio (default {OPTIMISER_ITEMS})",
    )


def report(stdout, options: dict) -> dict:
    """Measure, print the line, return the figures (a failure is a line saying why)."""
    size = options.get("optimiser_size") or OPTIMISER_ITEMS
    try:
        with native_stdout_silenced():
            figures = measure(size)
    except Exception as exc:  # the benchmark goes on; its line says why
        figures = {"available": False, "items": size, "note": f"{type(exc).__name__}: {exc}"}
    stdout.write(line(figures))
    return figures
