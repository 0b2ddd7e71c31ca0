"""What the demo reporting history of one project holds (reporting/demo.py writes it): its
reports period by period with a health that follows a profile (steady, bumpy, deteriorating,
recovering), milestones whose forecasts slip, and a RAID log. Deterministic: every project
draws from its own random generator seeded with its code."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from portfolios.models import ProjectStatus
from reporting.demo_texts import (
    ACHIEVEMENTS,
    ACTIONS,
    COMMENTS,
    DECISIONS,
    ESCALATIONS,
    ISSUES,
    MILESTONES,
    NEXT_STEPS,
    ON_HOLD_COMMENT,
    RISKS,
)
from reporting.models import RaidKind, RaidStatus
from reporting.periods import Period, period_containing

# Share of live projects whose current-period report is submitted / a draft / missing.
CURRENT_STATE = {
    ProjectStatus.ACTIVE: [("submitted", 50), ("draft", 25), ("missing", 25)],
    ProjectStatus.ON_HOLD: [("submitted", 30), ("draft", 20), ("missing", 50)],
}
# Share of the projects missing this period's report that missed the last one too (late
# reports, escalated to their sponsors): drawn from a generator of their own, so the
# project's other draws stay as they were.
LATE_SHARE = 0.4
PROFILES = [("steady", 55), ("bumpy", 20), ("deteriorating", 13), ("recovering", 12)]
AXES = ("health_schedule", "health_budget", "health_scope", "health_resources")
# Monthly EAC drift (per mille) by budget health.
EAC_DRIFT = {1: (-3, 3), 2: (2, 10), 3: (12, 28), 4: (25, 50)}


@dataclass
class ReportPlan:
    period: Period
    submitted: bool
    values: dict
    submitted_at: datetime | None
    # milestone name → (forecast, actual) stated by this report (submitted reports only)
    milestones: dict[str, tuple[date, date | None]] = field(default_factory=dict)


@dataclass
class MilestonePlan:
    name: str
    baseline: date
    forecast: date
    actual: date | None
    share: float  # where it falls in the project: the project's slip pushes it that much


@dataclass
class ProjectPlan:
    reports: list[ReportPlan]
    milestones: list[MilestonePlan]
    raid: list[dict]


def _pick(rng: random.Random, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _fill(rng: random.Random, template: str, percent: int = 50) -> str:
    return template.format(
        lot=rng.randint(1, 3),
        n=rng.randint(3, 24),
        k=rng.randint(2, 12),
        fte=rng.randint(1, 3),
        pct=max(10, min(100, percent + rng.randint(-10, 20))),
        amount=rng.choice([80, 120, 150, 250, 400]),
    )


def _money(value: Decimal) -> Decimal:
    """Rounded to the thousand euros, as a PM states an EAC."""
    return ((value / 1000).quantize(Decimal("1")) * 1000).quantize(Decimal("0.01"))


def _walk(rng: random.Random, count: int, profile: str) -> list[int]:
    """Overall health per report (1 sunny … 4 stormy), oldest first."""
    turn = min(rng.randint(2, 4), max(count - 1, 0))
    if profile == "recovering":
        level, base = rng.choice([3, 3, 4]), rng.choice([1, 2])
    else:
        base = rng.choice([1, 1, 2]) if profile != "bumpy" else 2
        level = base
    levels = []
    for i in range(count):
        late = i >= count - turn
        if profile == "deteriorating" and late:
            if rng.random() < 0.75:
                level = min(4, level + 1)
        elif profile == "recovering":
            if late and rng.random() < 0.8:
                level = max(base, level - 1)
        elif profile == "bumpy":
            step = rng.random()
            if step < 0.25:
                level = min(4, level + 1)
            elif step < 0.55 and level > 1:
                level -= 1 if level > base or rng.random() < 0.5 else 0
        else:  # steady: now and then a cloudier period, then back to its usual weather
            level = min(3, base + 1) if rng.random() < 0.18 else base
        levels.append(level)
    return levels


def _submitted_at(rng: random.Random, period: Period, today: date, current: bool) -> datetime:
    if current:
        day = period.start + timedelta(days=rng.randint(0, max((today - period.start).days - 1, 0)))
    else:
        day = min(period.end + timedelta(days=rng.choice([0, 1, 1, 2, 3, 5, 8])), today)
    moment = time(rng.randint(8, 18), rng.choice([0, 15, 30, 45]))
    return timezone.make_aware(datetime.combine(day, moment))


def _late(project: dict) -> bool:
    return random.Random(f"pmo-demo-late:{project['code']}").random() < LATE_SHARE  # noqa: S311


def _periods(
    project: dict, frequency: str, today: date, history: int, rng: random.Random, story: bool
):
    """(submitted periods oldest first, current period if a draft is due there, else None);
    a ``story`` project (plan_project) is never late."""
    current = period_containing(today, frequency)
    draft = None
    if project["status"] == ProjectStatus.CLOSED:
        end = min(project["actual_end"] or today, today)
        last = period_containing(end, frequency)
    else:
        state = _pick(rng, CURRENT_STATE[project["status"]])
        if state == "submitted" and today == current.start:
            state = "draft"  # nobody has submitted on the first day of the period
        last = current if state == "submitted" else current.previous()
        if state == "missing" and not story and _late(project):
            last = last.previous()  # nothing since the period before last
        if state == "draft":
            draft = current
    periods = [last]
    while len(periods) < history and periods[-1].start > project["planned_start"]:
        periods.append(periods[-1].previous())
    periods = [p for p in periods if p.end >= project["planned_start"]]
    return list(reversed(periods)), draft


def plan_project(
    project: dict, frequency: str, today: date, history: int, *, story: bool = False
) -> ProjectPlan:
    """``story``: the project turns stormy at its latest report, after a cloudy one (it
    reports on time), whatever its profile — the one the executive's cockpit is sure to show."""
    rng = random.Random(f"pmo-demo-reporting:{project['code']}")  # noqa: S311
    status = project["status"]
    closed = status == ProjectStatus.CLOSED
    submitted, draft = _periods(project, frequency, today, history, rng, story)
    periods = [*submitted, *([draft] if draft else [])]
    current = period_containing(today, frequency)
    profile = _pick(rng, PROFILES)
    levels = _walk(rng, len(periods), profile)
    if story and len(submitted) >= 2:
        levels[len(submitted) - 2] = 2
        levels[len(submitted) - 1 :] = [4] * (len(periods) - len(submitted) + 1)
    driver = rng.choice(["health_schedule"] * 3 + ["health_budget"] * 2 + list(AXES))

    start = project["baseline_start"] or project["planned_start"]
    end = project["baseline_end"] or project["planned_end"]
    span = max((end - start).days, 1)
    cost = project["estimated_cost"] or Decimal("100000.00")
    eac = _money(cost)
    slip = 0
    percent = 0
    hold_from = len(periods) - rng.randint(2, 4) if status == ProjectStatus.ON_HOLD else None

    # Milestones: 2 to 4 in lifecycle order, baselines spread over the project (a closed
    # project's over what it actually lasted, so nothing looks reached long before its date).
    count = rng.randint(2, 4)
    chosen = [MILESTONES[i] for i in sorted(rng.sample(range(len(MILESTONES)), count))]
    length = span
    if closed and project["actual_end"]:
        length = max((min(project["actual_end"], end) - start).days, 1)
    milestones = []
    for name, share in chosen:
        fraction = min(1.0, share + rng.uniform(-0.04, 0.04)) if share < 1 else 1.0
        baseline = start + timedelta(days=round(length * fraction))
        milestones.append(MilestonePlan(name, baseline, baseline, None, fraction))
    slip_profile = {
        m.name: _pick(rng, [("none", 50), ("gradual", 32), ("jump", 18)]) for m in milestones
    }

    reports = []
    for index, (period, level) in enumerate(zip(periods, levels, strict=True)):
        is_draft = period is draft
        values = {"health_overall": level}
        for axis in AXES:
            values[axis] = level if axis == driver else min(level, rng.choice([1, 1, 1, 2, 2, 3]))
        # % complete follows elapsed time, lagging when the weather is bad; never goes back.
        elapsed = (period.end - start).days / span * 100
        target = round(elapsed - (level - 1) * 4 + rng.randint(-3, 3))
        if hold_from is None or index < hold_from:
            percent = min(95, max(percent + rng.randint(0, 2), target, 1))
        # EAC drifts with budget health; forecast end slips with schedule health.
        low, high = EAC_DRIFT[values["health_budget"]]
        eac = max(
            _money(eac * (1 + Decimal(rng.randint(low, high)) / 1000)), _money(cost * 95 / 100)
        )
        schedule = values["health_schedule"]
        if schedule >= 3:
            slip += rng.choice([7, 14, 21, 30])
        elif schedule == 2 and rng.random() < 0.2:
            slip += rng.choice([7, 14])
        last_closed = closed and index == len(periods) - 1
        if not is_draft:
            _move_milestones(rng, milestones, slip_profile, period, schedule, slip, last_closed)
        # The project ends with its last milestone at the earliest.
        forecast_end = max(end + timedelta(days=slip), *(m.forecast for m in milestones))
        if last_closed:
            percent = 100
            forecast_end = min(project["actual_end"] or period.end, period.end)
        values.update(
            percent_complete=percent,
            eac=eac,
            forecast_end=forecast_end,
            achievements="\n".join(
                _fill(rng, text, percent) for text in rng.sample(ACHIEVEMENTS, rng.randint(1, 2))
            ),
            next_steps=""
            if last_closed
            else "\n".join(_fill(rng, text) for text in rng.sample(NEXT_STEPS, rng.randint(1, 2))),
            escalations=_fill(rng, rng.choice(ESCALATIONS)) if level >= 3 else "",
            comment=ON_HOLD_COMMENT
            if hold_from is not None and index >= hold_from
            else (rng.choice(COMMENTS) if rng.random() < 0.2 else ""),
        )
        report = ReportPlan(
            period=period,
            submitted=not is_draft,
            values=values,
            submitted_at=None
            if is_draft
            else _submitted_at(rng, period, today, current=period == current),
        )
        if not is_draft:
            report.milestones = {m.name: (m.forecast, m.actual) for m in milestones}
        reports.append(report)

    latest_level = levels[-1] if levels else 1
    return ProjectPlan(
        reports=reports, milestones=milestones, raid=_raid(rng, project, today, latest_level)
    )


def _move_milestones(
    rng, milestones, slip_profile, period: Period, schedule: int, slip: int, closing: bool
):
    """What this report states about each milestone: some forecasts slip, some are reached.

    Besides its own slips, a milestone moves with the project's forecast end (``slip`` days
    late) in proportion to where it falls, so the closing milestone meets the forecast end.
    """
    for milestone in milestones:
        if milestone.actual is not None:
            continue
        pushed = milestone.baseline + timedelta(days=round(slip * milestone.share))
        milestone.forecast = max(milestone.forecast, pushed)
        ahead = (milestone.forecast - period.end).days
        kind = slip_profile[milestone.name]
        if ahead > 0 and kind == "gradual" and ahead <= 150:
            if rng.random() < (0.7 if schedule >= 3 else 0.35):
                milestone.forecast += timedelta(days=rng.choice([7, 14, 21]))
        elif ahead > 0 and kind == "jump" and ahead <= 90 and rng.random() < 0.5:
            milestone.forecast += timedelta(days=rng.choice([30, 45, 60, 90]))
            slip_profile[milestone.name] = "gradual"
        if milestone.forecast <= period.end:
            milestone.actual = milestone.forecast
        elif closing:  # reached before the date last forecast, as the project closed
            milestone.actual = period.end


def _raid(rng: random.Random, project: dict, today: date, level: int) -> list[dict]:
    owner = project["manager_id"]
    items = []
    closed = project["status"] == ProjectStatus.CLOSED
    risk_count = rng.randint(1, 2) if closed else rng.randint(1, 4) + (1 if level >= 3 else 0)
    for index, (title, description, response) in enumerate(rng.sample(RISKS, min(risk_count, 4))):
        probability = rng.choice([1, 2, 2, 3, 3, 4])
        impact = rng.choice([1, 2, 3, 3, 4])
        if index == 0 and level >= 3:  # what makes the weather bad
            probability, impact = rng.choice([3, 4]), rng.choice([3, 4])
        items.append(
            {
                "kind": RaidKind.RISK,
                "title": title,
                "description": description,
                "response": response,
                "probability": probability,
                "impact": impact,
                "status": RaidStatus.CLOSED
                if closed
                else _pick(
                    rng,
                    [(RaidStatus.OPEN, 60), (RaidStatus.IN_PROGRESS, 30), (RaidStatus.CLOSED, 10)],
                ),
                "owner_id": owner if rng.random() < 0.9 else None,
                "due_date": today + timedelta(days=rng.randint(-20, 120)),
            }
        )
    if not closed and (level >= 3 or rng.random() < 0.2):
        title, description = rng.choice(ISSUES)
        items.append(
            {
                "kind": RaidKind.ISSUE,
                "title": title,
                "description": description,
                "status": RaidStatus.OPEN if level >= 3 else RaidStatus.IN_PROGRESS,
                "owner_id": owner,
                "due_date": today + timedelta(days=rng.randint(-10, 30)),
            }
        )
    for title in rng.sample(ACTIONS, 0 if closed else rng.randint(0, 2)):
        items.append(
            {
                "kind": RaidKind.ACTION,
                "title": title,
                "status": _pick(
                    rng,
                    [(RaidStatus.OPEN, 50), (RaidStatus.IN_PROGRESS, 35), (RaidStatus.CLOSED, 15)],
                ),
                "owner_id": owner,
                "due_date": today + timedelta(days=rng.randint(-15, 45)),
            }
        )
    if rng.random() < (0.5 if level >= 3 else 0.25):
        title, description = rng.choice(DECISIONS)
        items.append(
            {
                "kind": RaidKind.DECISION,
                "title": title,
                "description": description,
                "status": RaidStatus.CLOSED,
                "owner_id": owner,
            }
        )
    return items
