"""The reporting rules on awkward days: month ends on every weekday, the year end, 29
February, both daylight-saving changes of Europe/Paris, ISO week 53 and fortnights across a
year end.

Each test sets its own clock (time-machine) to the day of its case. Expected values never
come from the code under test: the weekly and fortnightly starts of each day are written in
the table below (fortnights were counted by hand from the anchor, Monday 1 January 2024,
in steps of 14 days), months come from ``calendar.monthrange`` and the trend's rule is
checked day by day.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from pmo_portal.models import Notification
from pmo_portal.roles import Role
from portfolios.models import ProjectStatus
from reporting.models import ReportingPolicy
from reporting.periods import Frequency, last_periods, period_containing
from reporting.services.reminders import LATE_KIND, REMINDER_KIND, send_report_reminders
from tests.portfolios.factories import PortfolioFactory, ProjectFactory, UserFactory
from tests.reporting.factories import StatusReportFactory

PARIS = ZoneInfo("Europe/Paris")
ONE_DAY = timedelta(days=1)
FAR_END = date(2030, 12, 31)  # projects of the cases stay under way on every date


@dataclass(frozen=True)
class Case:
    day: date
    weekly: date  # first day (Monday) of the week holding ``day``
    fortnight: date  # first day of the fortnight holding ``day``
    iso_week: tuple[int, int]  # ISO (year, week) of ``day``

    @property
    def month(self) -> date:
        return self.day.replace(day=1)

    def start(self, frequency: str) -> date:
        return {
            Frequency.WEEKLY: self.weekly,
            Frequency.FORTNIGHTLY: self.fortnight,
            Frequency.MONTHLY: self.month,
        }[frequency]

    def end(self, frequency: str) -> date:
        if frequency == Frequency.MONTHLY:
            return last_day(self.month)
        length = 7 if frequency == Frequency.WEEKLY else 14
        return self.start(frequency) + timedelta(days=length - 1)

    def previous_start(self, frequency: str) -> date:
        if frequency == Frequency.MONTHLY:
            return (self.month - ONE_DAY).replace(day=1)
        return self.start(frequency) - timedelta(days=7 if frequency == Frequency.WEEKLY else 14)


# The case id (its day, then why it is awkward), the Monday of its week, the first day of its
# fortnight, its ISO week.
TABLE = """
2026-11-30-monday-month-end                 2026-11-30  2026-11-30  2026-W49
2027-08-31-tuesday-month-end                2027-08-30  2027-08-23  2027-W35
2027-03-31-wednesday-month-end              2027-03-29  2027-03-22  2027-W13
2026-12-31-thursday-year-end-iso-week-53    2026-12-28  2026-12-28  2026-W53
2027-04-30-friday-month-end                 2027-04-26  2027-04-19  2027-W17
2027-07-31-saturday-month-end               2027-07-26  2027-07-26  2027-W30
2027-02-28-sunday-month-end                 2027-02-22  2027-02-22  2027-W08
2027-01-01-new-year-in-iso-week-53          2026-12-28  2026-12-28  2026-W53
2027-01-03-sunday-end-of-iso-week-53        2026-12-28  2026-12-28  2026-W53
2027-01-04-monday-iso-week-1                2027-01-04  2026-12-28  2027-W01
2027-01-10-last-day-of-year-end-fortnight   2027-01-04  2026-12-28  2027-W01
2027-01-11-first-fortnight-after-year-end   2027-01-11  2027-01-11  2027-W02
2027-03-01-monday-after-february            2027-03-01  2027-02-22  2027-W09
2027-03-28-dst-starts                       2027-03-22  2027-03-22  2027-W12
2027-03-29-day-after-dst-starts             2027-03-29  2027-03-22  2027-W13
2027-10-31-dst-ends-sunday-month-end        2027-10-25  2027-10-18  2027-W43
2027-11-01-day-after-dst-ends               2027-11-01  2027-11-01  2027-W44
2027-12-31-friday-year-end-fortnight-across 2027-12-27  2027-12-27  2027-W52
2028-01-01-saturday-new-year                2027-12-27  2027-12-27  2027-W52
2028-02-28-monday-leap-february             2028-02-28  2028-02-21  2028-W09
2028-02-29-tuesday-leap-day                 2028-02-28  2028-02-21  2028-W09
2028-03-01-wednesday-after-leap-day         2028-02-28  2028-02-21  2028-W09
"""


def _case(row: str) -> tuple[str, Case]:
    name, weekly, fortnight, iso = row.split()
    year, week = iso.split("-W")
    day = date.fromisoformat(name[:10])
    return name, Case(
        day, date.fromisoformat(weekly), date.fromisoformat(fortnight), (int(year), int(week))
    )


CASES = dict(_case(row) for row in TABLE.strip().splitlines())
FREQUENCIES = [Frequency.WEEKLY, Frequency.FORTNIGHTLY, Frequency.MONTHLY]
by_case = pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))


def last_day(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def is_month_end(day: date) -> bool:
    return (day + ONE_DAY).day == 1


def move_clock(time_machine, day: date, at: time = time(10, 0)) -> None:
    time_machine.move_to(datetime.combine(day, at, tzinfo=PARIS), tick=False)


@pytest.fixture
def clock(case, time_machine):
    """The clock on the case's day, 10:00 in Paris, before any other fixture builds data."""
    move_clock(time_machine, case.day)
    return case.day


# --- the table itself ----------------------------------------------------------------------


def test_the_table_covers_the_awkward_days():
    days = [case.day for case in CASES.values()]
    assert len(days) >= 20
    month_ends = {day.weekday() for day in days if is_month_end(day)}
    assert month_ends == set(range(7)), "a month ending on each weekday"
    for case in CASES.values():
        assert case.weekly.weekday() == 0
        assert case.fortnight.weekday() == 0
        assert case.weekly <= case.day < case.weekly + timedelta(days=7)
        assert case.fortnight <= case.day < case.fortnight + timedelta(days=14)
        assert (case.fortnight - date(2024, 1, 1)).days % 14 == 0
        assert case.day.isocalendar()[:2] == case.iso_week


# --- periods -------------------------------------------------------------------------------


@by_case
@pytest.mark.parametrize("frequency", FREQUENCIES)
def test_the_period_holding_the_day(case, frequency):
    period = period_containing(case.day, frequency)

    assert (period.start, period.end) == (case.start(frequency), case.end(frequency))
    assert period.start <= case.day <= period.end
    length = (period.end - period.start).days + 1
    if frequency == Frequency.MONTHLY:
        assert period.start.day == 1
        assert length == calendar.monthrange(case.day.year, case.day.month)[1]
        assert 28 <= length <= 31
    else:
        assert length == (7 if frequency == Frequency.WEEKLY else 14)
        assert period.start.weekday() == 0
        assert period.end.weekday() == 6
    if frequency == Frequency.WEEKLY:
        assert period.start.isocalendar()[:2] == case.iso_week

    previous, following = period.previous(), period.following()
    assert previous.end + ONE_DAY == period.start
    assert previous.start == case.previous_start(frequency)
    assert following.start == period.end + ONE_DAY
    assert following.previous() == period
    # Every day of the period, its first and last included, is in that same period.
    for offset in range((period.end - period.start).days + 1):
        assert period_containing(period.start + timedelta(days=offset), frequency) == period


@by_case
@pytest.mark.parametrize("frequency", FREQUENCIES)
def test_last_periods_are_contiguous_and_end_with_the_day(case, frequency):
    periods = last_periods(case.day, frequency, 6)

    assert len(periods) == 6
    assert (periods[-1].start, periods[-1].end) == (case.start(frequency), case.end(frequency))
    assert periods[-2].start == case.previous_start(frequency)
    for before, after in pairwise(periods):
        assert before.end + ONE_DAY == after.start
    if frequency == Frequency.MONTHLY:
        assert all(period.start.day == 1 for period in periods)
        assert all(is_month_end(period.end) for period in periods)


# --- the dashboard trend -------------------------------------------------------------------


def _weeks(first: date, last: date) -> list[tuple[date, date]]:
    """The weeks (Monday to Sunday) holding the days from ``first`` to ``last``."""
    year, week, _ = first.isocalendar()
    start = date.fromisocalendar(year, week, 1)
    weeks = []
    while start <= last:
        weeks.append((start, start + timedelta(days=6)))
        start += timedelta(days=7)
    return weeks


def _fortnights(first: date, last: date) -> list[tuple[date, date]]:
    """The fortnights holding the days from ``first`` to ``last``, counted from the anchor."""
    start = date(2024, 1, 1)
    while start + timedelta(days=14) <= first:
        start += timedelta(days=14)
    fortnights = []
    while start <= last:
        fortnights.append((start, start + timedelta(days=13)))
        start += timedelta(days=14)
    return fortnights


def _months_up_to(day: date, count: int = 12) -> list[date]:
    index = day.year * 12 + day.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


@pytest.fixture
def rules_tree(world):
    """Under the company: "Règles" (its own PMO member) → weekly, fortnightly, monthly."""
    root = PortfolioFactory(name="Règles", parent=world.company)
    pmo = UserFactory(username="pmo_regles", roles=[Role.PMO])
    root.members.add(pmo)
    children = {}
    for frequency, name in [
        (Frequency.WEEKLY, "Règles hebdo"),
        (Frequency.FORTNIGHTLY, "Règles quinzaine"),
        (Frequency.MONTHLY, "Règles mois"),
    ]:
        children[frequency] = PortfolioFactory(name=name, parent=root)
        ReportingPolicy.objects.create(portfolio=children[frequency], frequency=frequency)
    return root, children, pmo


def _project(portfolio, code, **extra):
    return ProjectFactory(
        code=code, name=f"Projet {code}", portfolio=portfolio, planned_end=FAR_END, **extra
    )


def _report(project, start, end, frequency, **extra):
    period = period_containing(start, frequency)
    # The report is built from the expected bounds; the code must agree with them.
    assert (period.start, period.end) == (start, end)
    return StatusReportFactory(project=project, period=period, **extra)


@by_case
def test_the_trend_counts_the_report_covering_each_months_last_day(
    case, clock, rules_tree, client_for
):
    """A project's health in a month is the overall health of its submitted report whose
    period covers that month's last day. Around the last month end up to the day, the
    weekly project declares 4 for the week holding it (1 otherwise), the fortnightly one 3
    for its fortnight, the monthly one 2 for its month."""
    root, children, _pmo = rules_tree
    month_end = case.day if is_month_end(case.day) else case.month - ONE_DAY
    first, last = month_end - timedelta(days=21), month_end + timedelta(days=14)
    reports = []  # (start, end, health)
    weekly = _project(children[Frequency.WEEKLY], "TW")
    for start, end in _weeks(first, last):
        health = 4 if start <= month_end <= end else 1
        _report(weekly, start, end, Frequency.WEEKLY, health_overall=health)
        reports.append((start, end, health))
    fortnightly = _project(children[Frequency.FORTNIGHTLY], "TF")
    for start, end in _fortnights(first, last):
        health = 3 if start <= month_end <= end else 1
        _report(fortnightly, start, end, Frequency.FORTNIGHTLY, health_overall=health)
        reports.append((start, end, health))
    monthly = _project(children[Frequency.MONTHLY], "TM")
    month = month_end.replace(day=1)
    for start in [(month - ONE_DAY).replace(day=1), month, month_end + ONE_DAY]:
        health = 2 if start == month else 1
        _report(monthly, start, last_day(start), Frequency.MONTHLY, health_overall=health)
        reports.append((start, last_day(start), health))
    # A draft covering the month end counts for nothing.
    draft = _project(children[Frequency.WEEKLY], "TD")
    _report(draft, *_weeks(month_end, month_end)[0], Frequency.WEEKLY, health_overall=4, draft=True)

    response = client_for("pmo").get(reverse("reporting:dashboard"), {"portfolio": root.pk})

    assert response.status_code == 200
    board = response.context["board"]
    months = _months_up_to(case.day)
    assert board.trend_months == months
    expected = []
    for first_of_month in months:
        counts = dict.fromkeys((1, 2, 3, 4), 0)
        closing = last_day(first_of_month)
        for start, end, health in reports:
            covered = [start + timedelta(days=n) for n in range((end - start).days + 1)]
            if closing in covered:
                counts[health] += 1
        expected.append(counts)
    got = [{level: bar.get(level, 0) for level in (1, 2, 3, 4)} for bar in board.trend]
    assert got == expected
    assert got[months.index(month)] == {1: 0, 2: 1, 3: 1, 4: 1}


# --- late and missing reports (dashboard) --------------------------------------------------

# Per frequency: (code suffix, previous period report, current period report, extra fields)
GAP_PROJECTS = [
    ("ok", "submitted", "submitted", {}),
    ("late", None, "submitted", {}),
    ("draft", "draft", "draft", {}),
    ("silent", None, None, {}),
    ("lastday", None, None, {"planned_start": "previous_end"}),
    ("new", None, None, {"planned_start": "current_start"}),
    ("closed", None, None, {"status": ProjectStatus.CLOSED}),
]
EXPECTED_LATE = {"late", "draft", "silent", "lastday"}
EXPECTED_MISSING = {"draft", "silent", "lastday", "new"}
PREFIX = {Frequency.WEEKLY: "W", Frequency.FORTNIGHTLY: "F", Frequency.MONTHLY: "M"}


def _gap_projects(case, children) -> None:
    for frequency, portfolio in children.items():
        previous_start = case.previous_start(frequency)
        previous_end = case.start(frequency) - ONE_DAY
        for suffix, previous, current, extra in GAP_PROJECTS:
            fields = dict(extra)
            if fields.get("planned_start") == "previous_end":
                fields["planned_start"] = previous_end
            elif fields.get("planned_start") == "current_start":
                fields["planned_start"] = case.start(frequency)
            project = _project(portfolio, f"{PREFIX[frequency]}-{suffix}", **fields)
            for state, start, end in [
                (previous, previous_start, previous_end),
                (current, case.start(frequency), case.end(frequency)),
            ]:
                if state:
                    _report(project, start, end, frequency, draft=state == "draft")


def _codes(expected: set[str]) -> set[str]:
    return {f"{prefix}-{suffix}" for prefix in PREFIX.values() for suffix in expected}


@by_case
def test_late_and_missing_reports(case, clock, rules_tree, client_for):
    """A report is missing when the project (under way) has no submitted report for its
    current period; late when it has none for its previous, closed, period and had started
    by that period's last day."""
    root, children, _pmo = rules_tree
    _gap_projects(case, children)
    client = client_for("pmo")
    url = reverse("reporting:missing_reports")

    late = client.get(url, {"which": "late", "portfolio": root.pk})
    missing = client.get(url, {"which": "missing", "portfolio": root.pk})
    board = client.get(reverse("reporting:dashboard"), {"portfolio": root.pk}).context["board"]

    assert {row.code for row in late.context["rows"]} == _codes(EXPECTED_LATE)
    assert {row.code for row in missing.context["rows"]} == _codes(EXPECTED_MISSING)
    assert (board.late, board.missing) == (len(EXPECTED_LATE) * 3, len(EXPECTED_MISSING) * 3)
    # The world's projects (monthly): last month submitted, this month a draft or nothing.
    everywhere = client.get(url, {"which": "late"}).context["rows"]
    assert {row.code for row in everywhere} == _codes(EXPECTED_LATE)


# --- reminders and late notices ------------------------------------------------------------

REMINDER_DAYS, GRACE_DAYS = 3, 2


@by_case
@pytest.mark.parametrize("at", [time(0, 30), time(23, 30)], ids=["00h30", "23h30"])
def test_reminders_and_late_notices(case, at, clock, world, time_machine, settings):
    """Reminders go to the manager of a project whose current report is not submitted when
    the period closes within REPORT_REMINDER_DAYS days; late notices to the portfolio's PMO
    when the previous period closed more than REPORT_GRACE_DAYS days ago without a
    submitted report. Run just after midnight and just before it: the day is Paris's."""
    settings.REPORT_REMINDER_DAYS, settings.REPORT_GRACE_DAYS = REMINDER_DAYS, GRACE_DAYS
    root = PortfolioFactory(name="Relances", parent=world.company)
    pmo = UserFactory(username="pmo_relances", roles=[Role.PMO])
    root.members.add(pmo)
    managers = {}
    for frequency in FREQUENCIES:
        portfolio = PortfolioFactory(name=f"Relances {frequency}", parent=root)
        ReportingPolicy.objects.create(portfolio=portfolio, frequency=frequency)
        managers[frequency] = UserFactory(username=f"pm_{frequency}", roles=[Role.PROJECT_MANAGER])
        _project(portfolio, f"R-{frequency}", manager=managers[frequency])
        done = _project(
            portfolio, f"D-{frequency}", manager=UserFactory(username=f"ok_{frequency}")
        )
        _report(done, case.previous_start(frequency), case.start(frequency) - ONE_DAY, frequency)
        _report(done, case.start(frequency), case.end(frequency), frequency)

    move_clock(time_machine, case.day, at)
    send_report_reminders()

    expected = set()
    for frequency in FREQUENCIES:
        closes_in = (case.end(frequency) - case.day).days
        closed_for = (case.day - (case.start(frequency) - ONE_DAY)).days
        if closes_in <= REMINDER_DAYS:
            expected.add((REMINDER_KIND, f"pm_{frequency}", frequency))
            if frequency == Frequency.MONTHLY:  # the world's projects A and B
                expected.add((REMINDER_KIND, "pm_user", frequency))
                expected.add((REMINDER_KIND, "other_pm", frequency))
        if closed_for > GRACE_DAYS:
            expected.add((LATE_KIND, "pmo_relances", frequency))
    sent = {
        (row.kind, row.recipient.username, row.dedup_key.split(":")[2])
        for row in Notification.objects.select_related("recipient")
    }
    assert sent == expected
    for row in Notification.objects.all():
        frequency = row.dedup_key.split(":")[2]
        period_start = row.dedup_key.split(":")[3]
        wanted = (
            case.start(frequency) if row.kind == REMINDER_KIND else case.previous_start(frequency)
        )
        assert period_start == wanted.isoformat()
