"""AHP (portfolios/ahp.py): weights from pairwise judgements and their consistency ratio.

Textbook example (Saaty's three criteria, as in most AHP courses): A is 3 times as important
as B and 5 times as important as C, B is 3 times as important as C. Principal eigenvector
≈ (0.637, 0.258, 0.105), λmax ≈ 3.039, CI ≈ 0.019, RI(3) = 0.58, CR ≈ 0.033 (acceptable).
"""

from decimal import Decimal
from fractions import Fraction

import pytest

from portfolios import ahp

TEXTBOOK = {"a|b": 3, "a|c": 5, "b|c": 3}


def test_textbook_example_weights_and_consistency_ratio():
    result = ahp.solve(["a", "b", "c"], TEXTBOOK)
    assert result.weights["a"] == pytest.approx(0.637, abs=5e-4)
    assert result.weights["b"] == pytest.approx(0.258, abs=5e-4)
    assert result.weights["c"] == pytest.approx(0.105, abs=5e-4)
    assert result.lambda_max == pytest.approx(3.039, abs=5e-4)
    assert result.consistency_index == pytest.approx(0.0193, abs=1e-4)
    assert result.consistency_ratio == pytest.approx(0.0332, abs=1e-4)
    assert result.consistent
    assert ahp.percentages(result.weights) == {
        "a": Decimal("63.70"),
        "b": Decimal("25.83"),
        "c": Decimal("10.47"),
    }


def test_judgements_given_the_other_way_round_are_their_reciprocals():
    reversed_pairs = {"b|a": "1/3", "c|a": "1/5", "c|b": "1/3"}
    assert ahp.solve(["a", "b", "c"], reversed_pairs).weights == pytest.approx(
        ahp.solve(["a", "b", "c"], TEXTBOOK).weights
    )


def test_perfectly_consistent_judgements_give_the_exact_ratios_and_cr_zero():
    # Weights 4 : 2 : 1 written as ratios: a|b = 2, a|c = 4, b|c = 2.
    result = ahp.solve(["a", "b", "c"], {"a|b": 2, "a|c": 4, "b|c": 2})
    assert result.consistency_ratio == pytest.approx(0.0, abs=1e-9)
    assert ahp.percentages(result.weights) == {
        "a": Decimal("57.14"),
        "b": Decimal("28.57"),
        "c": Decimal("14.29"),
    }


def test_circular_judgements_are_flagged_inconsistent():
    # a ≫ b, b ≫ c but c ≫ a: no weights can honour that.
    result = ahp.solve(["a", "b", "c"], {"a|b": 9, "b|c": 9, "c|a": 9})
    assert result.consistency_ratio > ahp.CR_THRESHOLD
    assert not result.consistent


def test_one_or_two_criteria_are_always_consistent():
    assert ahp.solve(["a", "b"], {"a|b": 3}).consistency_ratio == 0
    assert ahp.solve(["a", "b"], {"a|b": 3}).weights == pytest.approx({"a": 0.75, "b": 0.25})
    assert ahp.solve(["a"], {}).weights == {"a": pytest.approx(1.0)}
    assert ahp.solve([], {}).weights == {}


def test_missing_pairs_count_as_equally_important():
    assert ahp.solve(["a", "b", "c"], {}).weights == pytest.approx(
        {"a": 1 / 3, "b": 1 / 3, "c": 1 / 3}
    )


def test_rounded_percentages_always_total_exactly_100():
    shares = {"a": 1 / 3, "b": 1 / 3, "c": 1 / 3}
    rounded = ahp.percentages(shares)
    assert sum(rounded.values()) == Decimal("100.00")
    assert sorted(rounded.values()) == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    for n in range(2, 12):
        result = ahp.solve(
            [f"k{i}" for i in range(n)], {f"k0|k{i}": min(i + 1, 9) for i in range(1, n)}
        )
        assert sum(ahp.percentages(result.weights).values()) == Decimal("100.00")


@pytest.mark.parametrize("bad", ["0", "10", "1/10", "abc", "", "-3"])
def test_judgements_off_saatys_scale_are_refused(bad):
    with pytest.raises(ValueError, match=r"judgement|scale"):
        ahp.solve(["a", "b"], {"a|b": bad})


def test_nearest_value_on_the_scale():
    assert ahp.nearest_on_scale(0.333333) == Fraction(1, 3)
    assert ahp.nearest_on_scale(7.0) == Fraction(7)
    assert ahp.nearest_on_scale(1.05) == Fraction(1)
