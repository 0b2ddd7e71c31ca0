"""Points are formatted once per value and language (portfolios.selectors.scoring
.format_points, kept in a small cache for the API's pages): the cache never serves one
language's digits to another, nor an old thousands setting."""

from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import translation

from portfolios.selectors.scoring import explanation_text, format_points


@pytest.mark.parametrize("value", [Decimal("12.50"), 12.5, "12.5"])
def test_each_language_gets_its_own_decimal_mark(value):
    with translation.override("en"):
        assert format_points(value) == "12.5"
    with translation.override("fr"):
        assert format_points(value) == "12,5"
    with translation.override("en"):
        assert format_points(value) == "12.5"


def test_useless_zeros_go_and_none_is_empty():
    with translation.override("fr"):
        assert [format_points(v) for v in ("30.00", "7.25", "7.2", None)] == [
            "30",
            "7,25",
            "7,2",
            "",
        ]


def test_a_changed_thousands_setting_is_not_served_from_the_cache():
    with translation.override("en"):
        with override_settings(USE_THOUSAND_SEPARATOR=True):
            grouped = format_points("1234.5")
        with override_settings(USE_THOUSAND_SEPARATOR=False):
            plain = format_points("1234.5")
    assert (grouped, plain) == ("1,234.5", "1234.5")


def test_the_explanation_reads_in_the_readers_language():
    explanation = [{"key": "fit", "name": "Fit", "points": 12.5, "score": 2.5, "scored": True}]
    with translation.override("en"):
        english = explanation_text(Decimal("12.50"), explanation)
    with translation.override("fr"):
        french = explanation_text(Decimal("12.50"), explanation)
    assert english == "12.5 pts: Fit 12.5"
    assert french.startswith("12,5")
    assert "Fit 12,5" in french
