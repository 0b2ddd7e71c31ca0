"""Past performance of closed projects: their final schedule and cost variances, the
distributions by project type, domain, year, size band and project manager, the trend per
year, and "projects like this one" for a live project.

Final figures of a closed project, read from the models that hold them:
- schedule: actual end against the baseline end (the planned end when there is no baseline),
  in days, months (30.44 days) and share of the baseline duration;
- cost: its actual costs against the baseline budget of the fiscal years it ran (budget lines
  of later years, if any, are not part of what it was given); no actual cost = no cost figure.

One query reads every closed project of the window (``YEARS`` back, at most ``MAX_ROWS``),
sums included (subqueries); medians and quartiles are then taken in Python over that bounded
set, the same on PostgreSQL and on the SQLite demo.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from portfolios.models import Project, ProjectStatus
from resources.models import ActualCost, BudgetLine

YEARS = 10
MAX_ROWS = 20_000
MIN_COMPARABLES = 5
DAYS_PER_MONTH = 30.44
# Size bands on the baseline budget (€): lower bounds.
SIZE_BANDS = (
    (Decimal("3000000"), "xl"),
    (Decimal("1000000"), "l"),
    (Decimal("250000"), "m"),
    (Decimal("0"), "s"),
)


def size_band_label(band: str) -> str:
    return {
        "s": _("Under 250 k€"),
        "m": _("250 k€ to 1 M€"),
        "l": _("1 to 3 M€"),
        "xl": _("3 M€ and more"),
    }[band]


def size_band(budget: Decimal | None) -> str:
    budget = budget or Decimal("0")
    return next(band for floor, band in SIZE_BANDS if budget >= floor)


@dataclass(frozen=True)
class Outcome:
    """The final figures of one closed project."""

    project_id: int
    code: str
    name: str
    project_type_id: int
    project_type: str
    domain_id: int
    domain: str
    manager: str
    year: int
    budget: Decimal | None
    spent: Decimal | None
    slip_days: int
    duration_days: int

    @property
    def slip_months(self) -> float:
        return self.slip_days / DAYS_PER_MONTH

    @property
    def slip_ratio(self) -> float:
        return self.slip_days / max(self.duration_days, 1)

    @property
    def cost_variance(self) -> float | None:
        """(actual - budget) / budget: 0.18 = 18 % over budget; None without figures."""
        if not self.budget or self.spent is None:
            return None
        return float((self.spent - self.budget) / self.budget)

    @property
    def size_band(self) -> str:
        return size_band(self.budget)


def _money_sum(queryset, field: str):
    return Subquery(
        queryset.values("project").annotate(total=Sum(field)).values("total")[:1],
        output_field=DecimalField(max_digits=16, decimal_places=2),
    )


def closed_outcomes(*, project_type_id: int | None = None, today: date | None = None):
    """The closed projects of the last ``YEARS`` years with their final figures (one query),
    most recent first; ``project_type_id`` narrows them to one type."""
    today = today or timezone.localdate()
    since = date(today.year - YEARS, 1, 1)
    budgets = BudgetLine.objects.filter(
        project=OuterRef("pk"), fiscal_year__lte=ExtractYear(OuterRef("actual_end"))
    )
    actuals = ActualCost.objects.filter(project=OuterRef("pk"))
    queryset = Project.objects.filter(
        status=ProjectStatus.CLOSED, actual_end__isnull=False, actual_end__gte=since
    )
    if project_type_id is not None:
        queryset = queryset.filter(project_type_id=project_type_id)
    rows = (
        queryset.annotate(
            budget=_money_sum(budgets, "baseline_amount"),
            spent=_money_sum(actuals, "amount"),
            ref_start=Coalesce("baseline_start", "planned_start"),
            ref_end=Coalesce("baseline_end", "planned_end"),
        )
        .order_by("-actual_end", "code")
        .values_list(
            "pk",
            "code",
            "name",
            "project_type_id",
            "project_type__name",
            "business_domain_id",
            "business_domain__name",
            "manager__first_name",
            "manager__last_name",
            "manager__username",
            "actual_end",
            "budget",
            "spent",
            "ref_start",
            "ref_end",
        )[:MAX_ROWS]
    )
    outcomes = []
    for (pk, code, name, type_id, type_name, domain_id, domain_name, first, last, username,
         actual_end, budget, spent, ref_start, ref_end) in rows:  # fmt: skip
        outcomes.append(
            Outcome(
                project_id=pk,
                code=code,
                name=name,
                project_type_id=type_id,
                project_type=type_name,
                domain_id=domain_id,
                domain=domain_name,
                manager=f"{first} {last}".strip() or username,
                year=actual_end.year,
                budget=budget,
                spent=spent,
                slip_days=(actual_end - ref_end).days,
                duration_days=(ref_end - ref_start).days,
            )
        )
    return outcomes


# --- Distributions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Spread:
    """Median and quartiles of a set of values (None when the set is empty)."""

    n: int
    median: float | None
    q1: float | None
    q3: float | None


def spread(values: list[float]) -> Spread:
    if not values:
        return Spread(0, None, None, None)
    if len(values) == 1:
        return Spread(1, values[0], values[0], values[0])
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return Spread(len(values), median, q1, q3)


@dataclass(frozen=True)
class Group:
    key: object
    label: str
    n: int
    cost: Spread  # cost variance, as a share (0.18 = +18 %)
    schedule: Spread  # delay in months


def _group(outcomes: list[Outcome], key: Callable, label: Callable) -> list[Group]:
    buckets: dict[object, list[Outcome]] = {}
    for outcome in outcomes:
        buckets.setdefault(key(outcome), []).append(outcome)
    groups = []
    for group_key, members in buckets.items():
        costs = [o.cost_variance for o in members if o.cost_variance is not None]
        groups.append(
            Group(
                key=group_key,
                label=label(members[0]),
                n=len(members),
                cost=spread(costs),
                schedule=spread([o.slip_months for o in members]),
            )
        )
    return groups


DIMENSIONS = ("project_type", "domain", "year", "size", "manager")


def dimension_label(dimension: str) -> str:
    return {
        "project_type": _("Project type"),
        "domain": _("Business domain"),
        "year": _("Year closed"),
        "size": _("Size (baseline budget)"),
        "manager": _("Project manager"),
    }[dimension]


def dimension_heading(dimension: str) -> str:
    return {
        "project_type": _("By project type"),
        "domain": _("By business domain"),
        "year": _("By year closed"),
        "size": _("By size"),
        "manager": _("By project manager"),
    }[dimension]


def distribution(outcomes: list[Outcome], dimension: str) -> list[Group]:
    """Groups of ``outcomes`` by ``dimension`` (one of DIMENSIONS): years and size bands in
    their natural order, the others by median cost variance, worst first."""
    if dimension == "year":
        groups = _group(outcomes, lambda o: o.year, lambda o: str(o.year))
        return sorted(groups, key=lambda g: g.key)
    if dimension == "size":
        order = [band for _floor, band in reversed(SIZE_BANDS)]
        groups = _group(outcomes, lambda o: o.size_band, lambda o: size_band_label(o.size_band))
        return sorted(groups, key=lambda g: order.index(g.key))
    key, label = {
        "project_type": (lambda o: o.project_type_id, lambda o: o.project_type),
        "domain": (lambda o: o.domain_id, lambda o: o.domain),
        "manager": (lambda o: o.manager, lambda o: o.manager),
    }[dimension]
    groups = _group(outcomes, key, label)
    return sorted(groups, key=lambda g: (-(g.cost.median or 0), g.label))


def overall(outcomes: list[Outcome]) -> Group:
    groups = _group(outcomes, lambda o: None, lambda o: _("All closed projects"))
    return groups[0] if groups else Group(None, "", 0, spread([]), spread([]))


# --- A live project --------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparables:
    """How closed projects like ``project`` finished. ``basis``: "type_domain" (same type and
    domain) or "type" (same type, when fewer than MIN_COMPARABLES share the domain too)."""

    basis: str
    n: int
    cost_median: float | None
    slip_months_median: float | None


def comparables(project: Project, *, today: date | None = None) -> Comparables | None:
    """Closed projects comparable to ``project`` (never itself), or None when fewer than
    MIN_COMPARABLES exist. One query."""
    same_type = [
        o
        for o in closed_outcomes(project_type_id=project.project_type_id, today=today)
        if o.project_id != project.pk
    ]
    same_domain = [o for o in same_type if o.domain_id == project.business_domain_id]
    basis, chosen = ("type_domain", same_domain)
    if len(same_domain) < MIN_COMPARABLES:
        basis, chosen = ("type", same_type)
    if len(chosen) < MIN_COMPARABLES:
        return None
    costs = spread([o.cost_variance for o in chosen if o.cost_variance is not None])
    slips = spread([o.slip_months for o in chosen])
    return Comparables(
        basis=basis, n=len(chosen), cost_median=costs.median, slip_months_median=slips.median
    )
