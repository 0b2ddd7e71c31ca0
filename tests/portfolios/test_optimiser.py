"""The exact optimiser (issue 12, "done when" 1): the same optimum as brute force over every
subset of random 18-project problems with every constraint family, known optima of small
problems, a deterministic result, and binding limits that really keep projects out."""

import random

import numpy as np
import pytest

from portfolios import optimiser
from portfolios.optimiser import Infeasible, Item, Problem
from tests.portfolios.optimiser_brute_force import (
    best_value,
    cents,
    feasible_and_values,
    limit_cents,
    random_problem,
    subset_index,
)

Y = 2026
SEEDS = range(14)


@pytest.fixture(autouse=True)
def _fresh_cache():
    optimiser.clear_cache()


def assert_feasible(problem: Problem, keys) -> None:
    ok, _values = feasible_and_values(problem)
    assert ok[subset_index(problem, keys)], f"selection {keys} breaks a constraint"


def test_brute_force_agrees_on_random_problems_with_every_constraint_family():
    solved = 0
    for seed in SEEDS:
        problem = random_problem(seed)
        expected = best_value(problem)
        if expected is None:  # no subset at all satisfies the constraints
            with pytest.raises(Infeasible):
                optimiser.solve(problem)
            continue
        solution = optimiser.solve(problem)
        solved += 1
        assert solution.optimal
        assert cents(solution.value) == cents(expected), seed
        assert_feasible(problem, solution.selected)
        values = {item.key: item.value for item in problem.items}
        assert cents(sum(values[key] for key in solution.selected)) == cents(expected)
        for limit, used in solution.usage.items():
            by_key = {item.key: item for item in problem.items}
            need = sum(cents(by_key[key].costs.get(limit, 0.0)) for key in solution.selected)
            assert cents(used) == need
            assert need <= limit_cents(problem.limits[limit])
    # The instances exercise the solver, not only the checks.
    assert solved >= len(SEEDS) * 2 // 3


def test_blocked_projects_really_do_not_fit_on_random_problems():
    for seed in SEEDS:
        problem = random_problem(seed)
        try:
            solution = optimiser.solve(problem)
        except Infeasible:
            continue
        by_key = {item.key: item for item in problem.items}
        required = dict.fromkeys(by_key, ())
        for a, b in problem.requires:
            required[a] = (*required[a], b)
        for limit, keys in solution.blocked.items():
            assert limit in solution.binding
            for key in keys:
                assert key not in solution.selected
                assert by_key[key].forcing != "out"
                group, queue = {key}, [key]
                for current in queue:
                    for other in required[current]:
                        if other not in group:
                            group.add(other)
                            queue.append(other)
                adding = group - set(solution.selected)
                need = sum(cents(by_key[k].costs.get(limit, 0.0)) for k in adding)
                used = sum(cents(by_key[k].costs.get(limit, 0.0)) for k in solution.selected)
                assert used + need > limit_cents(problem.limits[limit]), (seed, limit, key)


def knapsack() -> Problem:
    return Problem(
        items=[
            Item(1, 60, {(Y, "capex"): 10}, label="A"),
            Item(2, 100, {(Y, "capex"): 20}, label="B"),
            Item(3, 120, {(Y, "capex"): 30}, label="C"),
        ],
        limits={(Y, "capex"): 50},
    )


def over_two_years() -> Problem:
    # Greedy by value takes A (10) and nothing else fits; B and C together are worth 14.
    return Problem(
        items=[
            Item(1, 10, {(Y, "capex"): 50, (Y + 1, "capex"): 50}, label="A"),
            Item(2, 7, {(Y, "capex"): 60}, label="B"),
            Item(3, 7, {(Y + 1, "capex"): 60}, label="C"),
        ],
        limits={(Y, "capex"): 100, (Y + 1, "capex"): 100},
    )


def with_dependencies() -> Problem:
    # D requires E (worth nothing alone); G excludes D and costs nothing: F + G beats D + E.
    return Problem(
        items=[
            Item(4, 50, {(Y, "capex"): 40}, label="D"),
            Item(5, 0, {(Y, "capex"): 40}, label="E"),
            Item(6, 45, {(Y, "capex"): 40}, label="F"),
            Item(7, 30, {}, label="G"),
        ],
        limits={(Y, "capex"): 80},
        requires=[(4, 5)],
        excludes=[(4, 7)],
    )


def with_forcing(force_w: bool) -> Problem:
    # M is mandatory, Y forced out; W (forced in or not) uses 2 of the 3 FTE.
    return Problem(
        items=[
            Item(10, 1, {(Y, "capex"): 60, (Y, "fte"): 1}, mandatory=True, label="M"),
            Item(11, 50, {(Y, "capex"): 40, (Y, "fte"): 1}, label="X"),
            Item(12, 40, {(Y, "capex"): 30, (Y, "fte"): 1}, forcing="out", label="Y"),
            Item(13, 5, {(Y, "capex"): 10, (Y, "fte"): 1}, label="Z"),
            Item(14, 30, {(Y, "fte"): 2}, forcing="in" if force_w else "", label="W"),
        ],
        limits={(Y, "capex"): 100, (Y, "fte"): 3},
    )


@pytest.mark.parametrize(
    ("problem", "value", "selected"),
    [
        (knapsack(), 220, [2, 3]),
        (over_two_years(), 14, [2, 3]),
        (with_dependencies(), 75, [6, 7]),
        (with_forcing(force_w=False), 51, [10, 11]),
        (with_forcing(force_w=True), 31, [10, 14]),
    ],
    ids=["knapsack-220", "two-years-not-greedy", "requires-excludes", "mandatory", "forced-in"],
)
def test_known_optima(problem, value, selected):
    solution = optimiser.solve(problem)
    assert solution.optimal
    assert solution.value == value
    assert solution.selected == selected
    assert solution.bound == value


def test_usage_and_binding_limits_of_the_knapsack():
    solution = optimiser.solve(knapsack())
    assert solution.usage == {(Y, "capex"): 50.0}
    # A (10) would fit a larger budget: the CAPEX limit keeps it out.
    assert solution.binding == [(Y, "capex")]
    assert solution.blocked == {(Y, "capex"): [1]}


def test_binding_counts_the_required_projects_and_ignores_the_forced_out():
    problem = Problem(
        items=[
            Item(1, 10, {(Y, "capex"): 95}, label="A"),
            Item(2, 1, {(Y, "capex"): 3}, label="G"),  # fits the slack of 5, but requires H
            Item(3, 0, {(Y, "capex"): 10}, label="H"),
            Item(4, 9, {(Y, "capex"): 50}, forcing="out", label="K"),
            Item(5, 8, {(Y, "opex"): 5}, label="L"),  # over the OPEX limit on its own
            Item(6, 0.5, {(Y, "capex"): 1}, label="M"),  # kept out by A, not by a limit
        ],
        limits={(Y, "capex"): 100, (Y, "opex"): 4},
        requires=[(2, 3)],
        excludes=[(6, 1)],
    )
    solution = optimiser.solve(problem)
    assert solution.selected == [1]
    assert solution.binding == [(Y, "capex"), (Y, "opex")]
    assert solution.blocked == {(Y, "capex"): [2, 3], (Y, "opex"): [5]}


def test_a_limit_with_room_left_does_not_bind():
    problem = Problem(
        items=[Item(1, 5, {(Y, "capex"): 10, (Y, "opex"): 1}, label="A")],
        limits={(Y, "capex"): 100, (Y, "opex"): 100},
    )
    solution = optimiser.solve(problem)
    assert solution.selected == [1]
    assert solution.binding == []
    assert solution.blocked == {}


def test_the_result_is_the_same_whatever_the_order_and_with_ties():
    rng = random.Random(7)
    items = [
        Item(k, rng.choice([10, 20]), {(Y, "capex"): rng.choice([10, 20])}, label=f"P{k}")
        for k in range(1, 41)
    ]
    requires = [(3, 4), (8, 2)]
    excludes = [(5, 6), (9, 10)]
    problem = Problem(items=items, limits={(Y, "capex"): 205}, requires=requires, excludes=excludes)
    first = optimiser.solve(problem)
    for seed in range(3):
        shuffled = list(items)
        random.Random(seed).shuffle(shuffled)
        optimiser.clear_cache()
        again = optimiser.solve(
            Problem(
                items=shuffled,
                limits={(Y, "capex"): 205},
                requires=requires[::-1],
                excludes=[(b, a) for a, b in excludes],
            )
        )
        assert set(again.selected) == set(first.selected)
        assert again.value == first.value
        # Keys come back in the order of the problem's items.
        order = [item.key for item in shuffled]
        assert again.selected == sorted(again.selected, key=order.index)


def test_amounts_with_cents_never_exceed_a_limit_by_a_rounding_error():
    # 0.1 + 0.2 > 0.3 in floats; in cents it is exactly the limit.
    problem = Problem(
        items=[
            Item(1, 1, {(Y, "opex"): 0.1}, label="A"),
            Item(2, 1, {(Y, "opex"): 0.2}, label="B"),
            Item(3, 1, {(Y, "opex"): 0.01}, label="C"),
        ],
        limits={(Y, "opex"): 0.3},
    )
    solution = optimiser.solve(problem)
    assert solution.value == 2
    assert sorted(solution.selected) in ([1, 2], [2, 3])
    assert solution.usage[(Y, "opex")] <= 0.3


def test_a_problem_without_items_or_limits():
    assert optimiser.solve(Problem(items=[], limits={})).selected == []
    solution = optimiser.solve(Problem(items=[Item(1, 3, {(Y, "capex"): 5})], limits={}))
    assert solution.selected == [1]
    assert solution.value == 3
    assert solution.binding == []


def test_a_solve_stopped_by_the_time_limit_says_it_is_not_proven(monkeypatch):
    from scipy.optimize import OptimizeResult

    def stopped(*args, **kwargs):
        return OptimizeResult(status=1, x=None, message="Time limit reached", mip_dual_bound=-3)

    monkeypatch.setattr("portfolios.optimiser.solver.milp", stopped)
    problem = with_forcing(force_w=False)
    solution = optimiser.solve(problem, time_limit=0.01)
    assert not solution.optimal
    assert solution.selected == [10]  # what must be selected, alone: always feasible
    assert solution.bound == 3


def test_an_optimum_reported_with_a_gap_is_not_called_proven(monkeypatch):
    from scipy.optimize import OptimizeResult

    def with_gap(*args, **kwargs):  # A and B (160); values step by 20: 190 leaves room
        return OptimizeResult(status=0, x=np.array([1.0, 1.0, 0.0]), mip_dual_bound=-190.0)

    monkeypatch.setattr("portfolios.optimiser.solver.milp", with_gap)
    solution = optimiser.solve(knapsack())
    assert solution.value == 160
    assert not solution.optimal
    assert solution.bound == 190


def test_malformed_input_is_a_programming_error():
    with pytest.raises(ValueError, match="value"):
        optimiser.solve(Problem(items=[Item(1, -1, {})], limits={}))
    with pytest.raises(ValueError, match="twice"):
        optimiser.solve(Problem(items=[Item(1, 1, {}), Item(1, 2, {})], limits={}))
    with pytest.raises(ValueError, match="forcing"):
        optimiser.solve(Problem(items=[Item(1, 1, {}, forcing="maybe")], limits={}))
    with pytest.raises(ValueError, match="limit"):
        optimiser.solve(Problem(items=[Item(1, 1, {})], limits={(Y, "capex"): float("nan")}))
    assert not issubclass(Infeasible, TypeError)
    assert np.isfinite(optimiser.solve(knapsack()).value)
