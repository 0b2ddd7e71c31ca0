"""Budget totals over many projects in one query: the dashboard's budget block and the
budget at completion of the COPIL pack (definitions in resources.selectors.budgets)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, F, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from portfolios.models import MONEY, Project
from resources.models import ActualCost, BudgetLine, CommitmentStatus, CommittedCost
from resources.selectors.budgets import NATURES, ZERO, Figures

# --- Dashboard ------------------------------------------------------------------------------


def _year_sum(model, amount: str, year: int, nature: str, **filters) -> Coalesce:
    """The sum of ``amount`` of ``model`` rows of the outer project, nature and year."""
    rows = (
        model.objects.filter(project=OuterRef("pk"), nature=nature, **filters)
        .order_by()
        .values("project")
        .annotate(total=Sum(amount))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=DecimalField(**MONEY)), Value(ZERO))


def year_totals(*, projects: QuerySet[Project], year: int) -> Figures:
    """Approved, actual, committed and forecast of ``projects`` for fiscal ``year`` summed over
    both natures, in ONE query (the dashboard keeps its query count)."""
    annotations = {}
    for nature in NATURES:
        annotations[f"approved_{nature}"] = _year_sum(
            BudgetLine, "approved_amount", year, nature, fiscal_year=year
        )
        annotations[f"actual_{nature}"] = _year_sum(
            ActualCost, "amount", year, nature, date__year=year
        )
        annotations[f"committed_{nature}"] = _year_sum(
            CommittedCost, "amount", year, nature, date__year=year, status=CommitmentStatus.OPEN
        )
    aggregates = {}
    for nature in NATURES:
        approved, actual, committed = (
            F(f"approved_{nature}"),
            F(f"actual_{nature}"),
            F(f"committed_{nature}"),
        )
        aggregates[f"sum_approved_{nature}"] = Sum(approved)
        aggregates[f"sum_actual_{nature}"] = Sum(actual)
        aggregates[f"sum_committed_{nature}"] = Sum(committed)
        aggregates[f"sum_forecast_{nature}"] = Sum(Greatest(approved, actual + committed))
    totals = projects.order_by().annotate(**annotations).aggregate(**aggregates)
    figures = Figures()
    for nature in NATURES:
        figures.approved += totals[f"sum_approved_{nature}"] or ZERO
        figures.actual += totals[f"sum_actual_{nature}"] or ZERO
        figures.committed += totals[f"sum_committed_{nature}"] or ZERO
        figures.forecast += totals[f"sum_forecast_{nature}"] or ZERO
    return figures


def budget_kpis(
    *,
    projects: QuerySet[Project],
    today: date | None = None,
    scope_params: list[tuple[str, str]] = (),
    totals: Figures | None = None,
) -> dict | None:
    """The dashboard's budget block for ``projects`` (the dashboard's scope): approved, actual,
    forecast and forecast − approved of the current fiscal year, in k€, each linking to the
    portfolio budget page with ``scope_params`` (the dashboard's filters, statuses spelled
    out), where the same projects give the same figures; None (no block) while the scope has
    no budget nor cost that year. One query, none when the caller gives the year's
    ``totals`` (read from the roll-ups: resources.selectors.budget_rollups)."""
    year = (today or timezone.localdate()).year
    total = totals if totals is not None else year_totals(projects=projects, year=year)
    if not (total.approved or total.actual or total.committed):
        return None
    url = reverse("resources:portfolio_budget") + "?" + urlencode([("year", year), *scope_params])

    def kilo(amount: Decimal) -> str:
        value = number_format(amount / 1000, decimal_pos=0, use_l10n=True, force_grouping=True)
        return _("%(amount)s k€") % {"amount": value}

    figures = [
        (total.approved, _("Approved budget %(year)s")),
        (total.actual, _("Actual costs %(year)s")),
        (total.forecast, _("Forecast %(year)s")),
        (total.variance, _("Forecast above budget %(year)s")),
    ]
    return {
        "year": year,
        "kpis": [
            {"value": kilo(amount), "label": label % {"year": year}, "url": url}
            for amount, label in figures
        ],
    }


# --- COPIL pack -------------------------------------------------------------------------


def approved_totals(*, projects: QuerySet[Project]) -> dict[int, Decimal]:
    """{project id: approved amount of its budget lines over every fiscal year} (the budget at
    completion the EAC is compared with). One GROUP BY query."""
    return {
        row["project_id"]: row["total"]
        for row in BudgetLine.objects.filter(project__in=projects.order_by().values("pk"))
        .values("project_id")
        .annotate(total=Sum("approved_amount"))
        .order_by()
    }
