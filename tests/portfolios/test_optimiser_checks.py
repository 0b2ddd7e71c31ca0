"""Infeasible input never ends in a 500 (issue 12, "done when" 1): every cause gives
``Infeasible`` with its cause, the projects involved and a message naming them (and the
limit), from every entry point."""

import pytest
from django.utils import translation

from portfolios import optimiser
from portfolios.optimiser import Infeasible, Item, Problem

Y = 2027


@pytest.fixture(autouse=True)
def _english():
    optimiser.clear_cache()
    with translation.override("en"):
        yield


def raised(problem: Problem) -> Infeasible:
    with pytest.raises(Infeasible) as caught:
        optimiser.validate(problem)
    return caught.value


def cycle() -> Problem:
    return Problem(
        items=[Item(k, 1, {}, label=code) for k, code in [(1, "A"), (2, "B"), (3, "C"), (4, "D")]],
        limits={},
        requires=[(4, 1), (1, 2), (2, 3), (3, 1)],
    )


def mandatory_over() -> Problem:
    return Problem(
        items=[
            Item(1, 5, {(Y, "capex"): 60_000}, mandatory=True, label="REG-1"),
            Item(2, 5, {(Y, "capex"): 30_000}, label="REG-2"),
            Item(3, 5, {(Y, "capex"): 20_000}, forcing="in", label="NEW-3"),
            Item(4, 9, {(Y, "capex"): 1}, label="FREE"),
        ],
        limits={(Y, "capex"): 100_000, (Y, "opex"): 10},
        requires=[(1, 2)],  # REG-1 requires REG-2: it counts too
    )


def forced_conflict() -> Problem:
    return Problem(
        items=[Item(1, 1, {}, mandatory=True, forcing="out", label="REG-1"), Item(2, 1, {})],
        limits={},
    )


def requires_out() -> Problem:
    return Problem(
        items=[
            Item(1, 1, {}, forcing="in", label="A"),
            Item(2, 1, {}, label="B"),
            Item(3, 1, {}, forcing="out", label="C"),
        ],
        limits={},
        requires=[(1, 2), (2, 3)],
    )


def excluded_both_in() -> Problem:
    return Problem(
        items=[
            Item(1, 1, {}, mandatory=True, label="A"),
            Item(2, 1, {}, forcing="in", label="B"),
            Item(3, 1, {}, label="C"),
        ],
        limits={},
        requires=[(2, 3)],
        excludes=[(3, 1)],
    )


def unknown_key() -> Problem:
    return Problem(items=[Item(1, 1, {}, label="A")], limits={}, requires=[(1, 99)])


def test_a_dependency_cycle_is_named_in_order():
    exc = raised(cycle())
    assert exc.cause == "dependency_cycle"
    assert exc.keys == [1, 2, 3]
    assert "A → B → C → A" in str(exc)
    assert "D" not in str(exc)  # D requires the cycle but is not part of it


def test_a_project_requiring_itself_is_a_cycle():
    exc = raised(Problem(items=[Item(1, 1, {}, label="A")], limits={}, requires=[(1, 1)]))
    assert exc.cause == "dependency_cycle"
    assert "A → A" in str(exc)


def test_mandatory_projects_over_a_limit_name_the_limit_the_need_and_the_projects():
    exc = raised(mandatory_over())
    assert exc.cause == "mandatory_over_limit"
    assert exc.limit == (Y, "capex")
    assert exc.keys == [1, 2, 3]  # biggest need first
    message = str(exc)
    for text in ("REG-1", "REG-2", "NEW-3", "2027", "CAPEX", "110,000", "100,000"):
        assert text in message
    assert "FREE" not in message


def test_amounts_in_the_message_follow_the_language_shown():
    exc = raised(mandatory_over())
    with translation.override("fr"):
        french = str(exc)
    assert "110,000" not in french
    assert any(f"110{space}000" in french for space in (" ", "\u00a0", "\u202f"))


def test_a_long_list_of_projects_is_shortened():
    items = [Item(k, 1, {(Y, "fte"): 1}, mandatory=True, label=f"P{k:02d}") for k in range(15)]
    exc = raised(Problem(items=items, limits={(Y, "fte"): 10}))
    assert exc.cause == "mandatory_over_limit"
    assert len(exc.keys) == 15
    assert "and 5 others" in str(exc)
    assert "need 15 in FTE" in str(exc)


def test_a_mandatory_project_forced_out():
    exc = raised(forced_conflict())
    assert (exc.cause, exc.keys) == ("forced_conflict", [1])
    assert str(exc) == "REG-1 is mandatory but forced out."


def test_a_forced_project_requiring_a_forced_out_one_names_the_chain():
    exc = raised(requires_out())
    assert (exc.cause, exc.keys) == ("requires_out", [1, 2, 3])
    assert "A must be selected (forced in)" in str(exc)
    assert "A → B → C" in str(exc)


def test_two_projects_that_must_both_be_selected_exclude_each_other():
    exc = raised(excluded_both_in())
    assert exc.cause == "excluded_both_in"
    assert set(exc.keys) == {1, 2, 3}
    message = str(exc)
    assert message.startswith("A and C exclude each other, but both must be selected")
    assert "C is required by B" in message
    assert "A is mandatory" in message


def test_a_dependency_on_an_unknown_project():
    exc = raised(unknown_key())
    assert (exc.cause, exc.keys) == ("unknown_key", [99])
    assert "#99" in str(exc)


CASES = [cycle, mandatory_over, forced_conflict, requires_out, excluded_both_in, unknown_key]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.__name__)
def test_every_entry_point_raises_infeasible_only(case):
    problem = case()
    cause = raised(problem).cause
    for call in (
        optimiser.solve,
        optimiser.frontier,
        optimiser.sensitivity,
    ):
        with pytest.raises(Infeasible) as caught:
            call(problem)
        assert caught.value.cause == cause
        assert str(caught.value)
    if cause != "unknown_key":
        # Today's portfolio can still be measured; there is no optimum to compare with.
        assert optimiser.evaluate(problem, [])["share_of_optimum"] is None


def test_highs_finding_no_solution_gives_a_generic_message(monkeypatch):
    from scipy.optimize import OptimizeResult

    monkeypatch.setattr(
        "portfolios.optimiser.solver.milp",
        lambda *args, **kwargs: OptimizeResult(status=2, x=None, message="Infeasible"),
    )
    problem = Problem(
        items=[Item(1, 1, {(Y, "capex"): 1}), Item(2, 1, {(Y, "capex"): 1})],
        limits={(Y, "capex"): 1},
    )
    with pytest.raises(Infeasible) as caught:
        optimiser.solve(problem)
    assert caught.value.cause == "infeasible"
    assert str(caught.value) == "No selection satisfies every limit and dependency together."
