"""Around the optimum (issue 12): the efficient frontier (each level exact, checked against
brute force), what enters or leaves at ±10 %, and today's portfolio against the optimum."""

import pytest

from portfolios import optimiser
from portfolios.optimiser import Infeasible, Item, Problem
from tests.portfolios.optimiser_brute_force import best_value, cents, random_problem

Y = 2026


@pytest.fixture(autouse=True)
def _fresh_cache():
    optimiser.clear_cache()


def knapsack(extra: tuple = ()) -> Problem:
    return Problem(
        items=[
            Item(1, 60, {(Y, "capex"): 10}, label="A"),
            Item(2, 100, {(Y, "capex"): 20}, label="B"),
            Item(3, 120, {(Y, "capex"): 30}, label="C"),
            *extra,
        ],
        limits={(Y, "capex"): 50},
    )


def test_frontier_of_the_knapsack():
    points = optimiser.frontier(knapsack(), points=5)
    assert [p.budget for p in points] == [0, 15, 30, 45, 60]
    assert [p.value for p in points] == [0, 60, 160, 180, 280]
    assert [p.selected for p in points] == [[], [1], [1, 2], [1, 3], [1, 2, 3]]
    assert all(p.optimal and p.bound == p.value for p in points)


def scaled(problem: Problem, kind: str, budget: float) -> Problem:
    """The problem with its limits of ``kind`` scaled to total ``budget`` (as the frontier
    does it)."""
    total = sum(amount for (_y, k), amount in problem.limits.items() if k == kind)
    limits = {
        key: amount * (budget / total) if key[1] == kind else amount
        for key, amount in problem.limits.items()
    }
    return Problem(problem.items, limits, problem.requires, problem.excludes)


@pytest.mark.parametrize("seed", [0, 4, 7, 11])
def test_every_frontier_point_is_the_brute_force_optimum(seed):
    problem = random_problem(seed, n=12)
    points = optimiser.frontier(problem, kind="capex", points=6)
    assert len(points) == 6
    values = [point.value for point in points]
    assert values == sorted(values)  # never decreases with the budget
    for point in points:
        assert point.optimal
        assert cents(point.value) == cents(best_value(scaled(problem, "capex", point.budget)))
    # The first level is what the mandatory and forced-in projects need (at least).
    assert points[0].budget > 0
    assert [p.budget for p in points] == sorted(p.budget for p in points)


def test_frontier_starts_at_the_mandatory_need_and_ends_with_every_project_that_fits():
    problem = Problem(
        items=[
            Item(1, 1, {(Y, "capex"): 20, (Y + 1, "capex"): 20}, mandatory=True, label="M"),
            Item(2, 50, {(Y, "capex"): 40}, label="A"),
            Item(3, 40, {(Y + 1, "capex"): 40}, label="B"),
            Item(4, 30, {(Y, "capex"): 10, (Y + 1, "capex"): 10}, label="C"),
            Item(5, 90, {(Y, "capex"): 5}, forcing="out", label="OUT"),
            Item(6, 10, {(Y, "opex"): 500}, label="D"),  # never fits the OPEX limit
        ],
        limits={(Y, "capex"): 50, (Y + 1, "capex"): 50, (Y, "opex"): 100},
    )
    points = optimiser.frontier(problem, points=4)
    assert points[0].budget == 40  # M: 20 + 20
    assert points[0].selected == [1]
    assert points[-1].budget == 140  # M, A, B, C (the forced-out one cannot be bought)
    assert points[-1].selected == [1, 2, 3, 4]
    assert points[-1].value == 121


def test_frontier_of_a_kind_without_limits_follows_the_needs():
    problem = Problem(
        items=[
            Item(1, 5, {(Y, "fte"): 2}, label="A"),
            Item(2, 7, {(Y, "fte"): 3}, label="B"),
            Item(3, 1, {(Y, "capex"): 10}, label="C"),
        ],
        limits={(Y, "capex"): 10},
    )
    points = optimiser.frontier(problem, kind="fte", points=3)
    assert [p.budget for p in points] == [0, 2.5, 5]
    assert [p.value for p in points] == [1, 6, 13]
    assert optimiser.frontier(problem, kind="opex", points=2)[1].value == 13  # nothing to buy


def test_a_single_frontier_point_is_the_whole_need():
    (point,) = optimiser.frontier(knapsack(), points=1)
    assert (point.budget, point.value) == (60, 280)


def test_sensitivity_lists_who_enters_and_who_leaves():
    problem = knapsack(extra=(Item(4, 1, {(Y, "capex"): 5}, label="D"),))
    found = optimiser.sensitivity(problem, kind="capex", change=0.10)
    assert found["value"] == 220
    # 45: A + C + D; 55: B + C + D.
    assert found["minus"] == {"enter": [1, 4], "leave": [2], "value": 181, "optimal": True}
    assert found["plus"] == {"enter": [4], "leave": [], "value": 221, "optimal": True}


def test_sensitivity_says_when_the_mandatory_projects_no_longer_fit():
    problem = Problem(
        items=[Item(1, 1, {(Y, "capex"): 48}, mandatory=True, label="REG"), Item(2, 5, {})],
        limits={(Y, "capex"): 50},
    )
    found = optimiser.sensitivity(problem)
    assert found["minus"]["value"] is None
    assert found["minus"]["cause"] == "mandatory_over_limit"
    assert "REG" in found["minus"]["message"]
    assert found["plus"]["value"] == 6


def test_evaluate_the_optimum_and_an_over_budget_portfolio():
    problem = knapsack()
    best = optimiser.solve(problem)
    assert optimiser.evaluate(problem, best.selected)["share_of_optimum"] == 1
    today = optimiser.evaluate(problem, [1, 2, 3])
    assert today["value"] == 280
    assert today["usage"] == {(Y, "capex"): 60}
    assert today["over"] == [(Y, "capex")]
    assert today["optimum"] == 220
    partial = optimiser.evaluate(problem, [1])
    assert partial["share_of_optimum"] == pytest.approx(60 / 220)
    assert partial["over"] == []


def test_evaluate_reports_broken_dependencies_and_forcing():
    problem = Problem(
        items=[
            Item(1, 1, {}, mandatory=True),
            Item(2, 1, {}),
            Item(3, 1, {}),
            Item(4, 1, {}, forcing="out"),
        ],
        limits={},
        requires=[(2, 3)],
        excludes=[(2, 4)],
    )
    today = optimiser.evaluate(problem, [2, 4])
    assert today["requires_missing"] == [(2, 3)]
    assert today["excludes_both"] == [(2, 4)]
    assert today["must_missing"] == [1]
    assert today["forced_out_selected"] == [4]


def test_evaluate_a_project_that_is_not_a_candidate():
    with pytest.raises(Infeasible) as caught:
        optimiser.evaluate(knapsack(), [1, 99])
    assert (caught.value.cause, caught.value.keys) == ("unknown_key", [99])
    assert "#99" in str(caught.value)


def test_evaluate_and_sensitivity_after_solve_do_not_solve_it_again(monkeypatch):
    from portfolios.optimiser import solver

    calls = []
    real = solver.milp

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(solver, "milp", counting)
    problem = knapsack(extra=(Item(4, 1, {(Y, "capex"): 5}, label="D"),))
    optimiser.solve(problem)
    optimiser.evaluate(problem, [1])
    assert len(calls) == 1
    optimiser.sensitivity(problem)
    assert len(calls) == 3  # the two sides only
