"""Writes of project budgets: budget lines (with their revisions), actual and committed costs.

Permission checks are the caller's (views check ``resources.change_budget``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pmo_portal.concurrency import EditConflict, check_version
from pmo_portal.dates import month_start
from portfolios.models import Project
from portfolios.services.rollups import refresh_projects
from resources.models import ActualCost, BudgetLine, CommitmentStatus, CommittedCost, CostSource
from resources.services.remaining_need import write_remaining_need

LINE_EXISTS = gettext_lazy(
    "Budget line: this year, nature and category already have an approved budget, approved "
    "by someone else or before you opened this page. Your changes were not saved."
)


@transaction.atomic
def set_budget_line(
    *,
    project: Project,
    nature: str,
    category: str,
    fiscal_year: int,
    amount: Decimal,
    reason: str = "",
    user=None,
    version: int | None = None,
) -> tuple[BudgetLine, bool]:
    """Approve a budget for (nature, category, fiscal year) of ``project``.

    A new line takes ``amount`` as both its baseline and its approved amount. An existing line is
    revised: only ``approved_amount`` changes, a ``reason`` is required and kept in the history
    with the user. Returns (line, created).

    ``version`` is the version of the line the page showed (0: no line yet). EditConflict,
    nothing saved, when the line was revised since, or approved since (or already existed
    though the page did not show it). None: no check (imports, commands).
    """
    keys = {"project": project, "nature": nature, "category": category, "fiscal_year": fiscal_year}
    line = BudgetLine.objects.select_for_update().filter(**keys).first()
    if line is not None:
        check_version(line, version, message=LINE_EXISTS if version == 0 else None)
    created = line is None
    if created:
        line = BudgetLine(
            project=project,
            nature=nature,
            category=category,
            fiscal_year=fiscal_year,
            approved_amount=amount,
            baseline_amount=amount,
        )
        line._change_reason = reason or _("Initial approval")
    else:
        if not reason.strip():
            raise ValidationError({"reason": _("A revision of an approved budget needs a reason.")})
        line.approved_amount = amount
        line._change_reason = reason.strip()
    line._history_user = user
    line.full_clean(validate_constraints=not created)
    try:
        with transaction.atomic():
            line.save()
    except IntegrityError:  # approved at the same moment by someone else
        current = BudgetLine.objects.filter(**keys).first()
        if current is None:
            raise
        raise EditConflict(current, message=LINE_EXISTS) from None
    write_remaining_need(project_ids=[project.pk])
    refresh_projects([project.pk])  # the dashboards' budget block
    return line, created


@transaction.atomic
def add_actual_cost(
    *,
    project: Project,
    date: date,
    nature: str,
    category: str,
    amount: Decimal,
    supplier: str = "",
    reference: str = "",
    description: str = "",
    user=None,
) -> ActualCost:
    cost = ActualCost(
        project=project,
        date=date,
        nature=nature,
        category=category,
        amount=amount,
        supplier=supplier,
        reference=reference.strip(),
        description=description,
        source=CostSource.MANUAL,
        created_by=user,
    )
    cost.full_clean()
    cost.save()
    write_remaining_need(project_ids=[project.pk])
    refresh_projects([project.pk])
    return cost


@transaction.atomic
def add_committed_cost(
    *,
    project: Project,
    date: date,
    nature: str,
    category: str,
    amount: Decimal,
    supplier: str = "",
    reference: str = "",
) -> CommittedCost:
    commitment = CommittedCost(
        project=project,
        date=date,
        nature=nature,
        category=category,
        amount=amount,
        supplier=supplier,
        reference=reference.strip(),
        status=CommitmentStatus.OPEN,
    )
    commitment.full_clean()
    commitment.save()
    refresh_projects([project.pk])
    return commitment


# Working days in an average month: an FTE for a month costs this many days of its rate.
WORKING_DAYS_PER_MONTH = Decimal("20.6")


@transaction.atomic
def derive_labour_costs(*, project: Project, month: date, user=None) -> int:
    """Record the internal labour of ``month`` as actual costs (OPEX, internal labour): for each
    approved allocation, FTE × working days × the resource's daily rate. Idempotent: each
    resource-month is one row with the reference ``LAB-<allocation id>``; a rerun updates it
    (the allocation may have changed), so nothing is counted twice. Returns the rows written."""
    from resources.models import Allocation, AllocationStatus, CostCategory, Nature

    month = month_start(month)
    allocations = Allocation.objects.filter(
        project=project, month=month, status=AllocationStatus.APPROVED
    ).select_related("resource")
    written = 0
    for allocation in allocations:
        amount = (
            allocation.fte * WORKING_DAYS_PER_MONTH * allocation.resource.cost_rate_per_day
        ).quantize(Decimal("0.01"))
        ActualCost.objects.update_or_create(
            reference=f"LAB-{allocation.pk}",
            defaults={
                "project": project,
                "date": month,
                "nature": Nature.OPEX,
                "category": CostCategory.INTERNAL_LABOUR,
                "amount": amount,
                "supplier": allocation.resource.name,
                "description": _("Internal labour %(month)s: %(fte)s FTE")
                % {"month": month.strftime("%m/%Y"), "fte": allocation.fte},
                "source": CostSource.LABOUR,
                "created_by": user,
            },
        )
        written += 1
    write_remaining_need(project_ids=[project.pk])
    refresh_projects([project.pk])
    return written
