"""Month arithmetic (pmo_portal.dates) on awkward days: month ends, year ends, 29 February."""

from datetime import date

import pytest

from pmo_portal.dates import (
    add_months,
    month_end,
    month_start,
    months_between,
    months_from,
    months_until,
    next_month,
    same_day_months_later,
)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 1), date(2026, 1, 1)),
        (date(2026, 1, 31), date(2026, 1, 1)),
        (date(2028, 2, 29), date(2028, 2, 1)),
        (date(2026, 12, 31), date(2026, 12, 1)),
    ],
)
def test_month_start(day, expected):
    assert month_start(day) == expected


@pytest.mark.parametrize(
    ("day", "count", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 1)),  # not 3 March (31 Jan + "1 month")
        (date(2026, 1, 31), 0, date(2026, 1, 1)),
        (date(2026, 11, 30), 1, date(2026, 12, 1)),
        (date(2026, 12, 31), 1, date(2027, 1, 1)),
        (date(2026, 12, 1), 13, date(2028, 1, 1)),
        (date(2028, 2, 29), 1, date(2028, 3, 1)),
        (date(2028, 2, 29), 12, date(2029, 2, 1)),
        (date(2028, 3, 31), -1, date(2028, 2, 1)),
        (date(2026, 1, 15), -1, date(2025, 12, 1)),
        (date(2026, 1, 31), -13, date(2024, 12, 1)),
    ],
)
def test_add_months(day, count, expected):
    assert add_months(day, count) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 31), date(2026, 2, 1)),
        (date(2026, 11, 30), date(2026, 12, 1)),  # 30 Nov + 32 days would skip December
        (date(2026, 12, 31), date(2027, 1, 1)),
        (date(2028, 2, 29), date(2028, 3, 1)),
        (date(2026, 3, 1), date(2026, 4, 1)),
    ],
)
def test_next_month(day, expected):
    assert next_month(day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 1), date(2026, 1, 31)),
        (date(2026, 2, 14), date(2026, 2, 28)),
        (date(2028, 2, 1), date(2028, 2, 29)),
        (date(2026, 4, 30), date(2026, 4, 30)),
        (date(2026, 12, 31), date(2026, 12, 31)),
    ],
)
def test_month_end(day, expected):
    assert month_end(day) == expected


def test_months_from_starts_with_the_month_of_the_day():
    assert months_from(date(2026, 11, 30), 3) == [
        date(2026, 11, 1),
        date(2026, 12, 1),
        date(2027, 1, 1),
    ]
    assert months_from(date(2026, 11, 30), 0) == []


def test_months_until_crosses_the_year_oldest_first():
    assert months_until(date(2027, 2, 28), 4) == [
        date(2026, 11, 1),
        date(2026, 12, 1),
        date(2027, 1, 1),
        date(2027, 2, 1),
    ]


def test_months_until_on_29_february():
    assert months_until(date(2028, 2, 29), 13)[0] == date(2027, 2, 1)
    assert months_until(date(2028, 2, 29), 13)[-1] == date(2028, 2, 1)


@pytest.mark.parametrize(
    ("first", "end", "expected"),
    [
        (date(2026, 11, 30), date(2027, 1, 1), [date(2026, 11, 1), date(2026, 12, 1)]),
        (
            date(2026, 11, 30),
            date(2027, 1, 2),
            [date(2026, 11, 1), date(2026, 12, 1), date(2027, 1, 1)],
        ),
        (date(2026, 5, 31), date(2026, 5, 1), []),
        (date(2026, 5, 15), date(2026, 5, 16), [date(2026, 5, 1)]),
    ],
)
def test_months_between_excludes_the_end(first, end, expected):
    assert months_between(first, end) == expected


@pytest.mark.parametrize(
    ("day", "count", "expected"),
    [
        (date(2026, 12, 6), 3, date(2027, 3, 6)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),  # no 30 February: the month's last day
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2026, 10, 31), 2, date(2026, 12, 31)),
    ],
)
def test_same_day_months_later(day, count, expected):
    assert same_day_months_later(day, count) == expected
