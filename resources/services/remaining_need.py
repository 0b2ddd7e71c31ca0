"""The remaining need of active projects, written down on the shared model
(``portfolios.BusinessCaseYear.remaining_*``) so that the optimiser of portfolios reads it
without importing resources (shared/DESIGN.md, "Dependency direction").

For each ACTIVE, non-archived project and each fiscal year from the current one on in which
the project has budget lines:

- ``remaining_capex`` / ``remaining_opex`` = max(0, Σ approved amount of the year's budget
  lines of that nature − Σ actual costs dated in that year, of that nature). Committed costs
  (open purchase orders) are not subtracted: they are still to be paid.
- ``remaining_fte`` = Σ FTE of the project's requested and approved allocations (the demand of
  the capacity plan; rejected ones are not) over the year's months from the current month on,
  divided by 12: an annual average, like the business case's FTE per year.
- ``remaining_at``: when it was computed.

A year without its business-case row gets one (CAPEX, OPEX, FTE and benefits of the business
case 0). A row of the current year or later that no budget line backs any more loses its
remaining need (None: the optimiser then reads the business case).

Called inside the transaction of every resources service that changes budget lines, actual
costs or allocations, and every night by ``resources.tasks.reconcile_remaining_need`` (which
also catches projects that became active, since portfolios cannot call resources).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from pmo_portal.dates import month_start
from portfolios.models import BusinessCaseYear, Project, ProjectStatus
from portfolios.services.business_case import lock_business_cases
from resources.models import ActualCost, Allocation, AllocationStatus, BudgetLine, Nature

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
MONTHS = Decimal("12")
BATCH = 500
DEMAND = (AllocationStatus.REQUESTED, AllocationStatus.APPROVED)
REMAINING_FIELDS = ["remaining_capex", "remaining_opex", "remaining_fte", "remaining_at"]


def write_remaining_need(*, project_ids: Iterable[int], today: date | None = None) -> int:
    """Write the remaining need of the active projects among ``project_ids`` (others are
    skipped) as of ``today`` (default: today in Paris). Returns the number of rows written.

    Nine queries at most whatever the number of projects and years (bulk writes in batches
    of 500).
    The projects' business cases are locked first (``lock_business_cases``): two writers of
    one project's need, or the need and the business-case grid, wait for each other, and the
    second one reads what the first committed."""
    today = today or timezone.localdate()
    first_year, first_month = today.year, month_start(today)
    ids = sorted({int(pk) for pk in project_ids})
    if not ids:
        return 0
    with transaction.atomic():
        active = list(
            Project.objects.filter(pk__in=ids, status=ProjectStatus.ACTIVE, is_archived=False)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not active:
            return 0
        lock_business_cases(active)
        need: dict[tuple[int, int], dict[str, Decimal]] = {}
        for row in (
            BudgetLine.objects.filter(project_id__in=active, fiscal_year__gte=first_year)
            .values("project_id", "fiscal_year", "nature")
            .annotate(total=Sum("approved_amount"))
            .order_by()
        ):
            figures = need.setdefault(
                (row["project_id"], row["fiscal_year"]), {Nature.CAPEX: ZERO, Nature.OPEX: ZERO}
            )
            figures[row["nature"]] += row["total"]
        for row in (
            ActualCost.objects.filter(project_id__in=active, date__gte=date(first_year, 1, 1))
            .annotate(year=ExtractYear("date"))
            .values("project_id", "year", "nature")
            .annotate(total=Sum("amount"))
            .order_by()
        ):
            figures = need.get((row["project_id"], row["year"]))
            if figures is not None:
                figures[row["nature"]] -= row["total"]
        fte: dict[tuple[int, int], Decimal] = {}
        for row in (
            Allocation.objects.filter(
                project_id__in=active, month__gte=first_month, status__in=DEMAND
            )
            .annotate(year=ExtractYear("month"))
            .values("project_id", "year")
            .annotate(total=Sum("fte"))
            .order_by()
        ):
            fte[(row["project_id"], row["year"])] = row["total"]

        now = timezone.now()
        existing = {
            (row.project_id, row.year): row
            for row in BusinessCaseYear.objects.filter(project_id__in=active, year__gte=first_year)
        }
        to_create, to_update = [], []
        for key, figures in sorted(need.items()):
            row = existing.pop(key, None)
            if row is None:
                row = BusinessCaseYear(project_id=key[0], year=key[1])
                to_create.append(row)
            else:
                to_update.append(row)
            # To the cent: SQLite's sums come back as binary floats (12345.670000000001).
            row.remaining_capex = max(ZERO, Decimal(figures[Nature.CAPEX])).quantize(
                CENT, ROUND_HALF_UP
            )
            row.remaining_opex = max(ZERO, Decimal(figures[Nature.OPEX])).quantize(
                CENT, ROUND_HALF_UP
            )
            row.remaining_fte = (Decimal(fte.get(key, ZERO)) / MONTHS).quantize(CENT, ROUND_HALF_UP)
            row.remaining_at = now
            row.full_clean(exclude=["project"], validate_unique=False, validate_constraints=False)
        # Rows no budget line backs any more: their remaining need is no longer known.
        for row in existing.values():
            if row.remaining_at is not None:
                row.remaining_capex = row.remaining_opex = row.remaining_fte = None
                row.remaining_at = None
                to_update.append(row)
        if to_create:
            bulk_create_with_history(
                to_create,
                BusinessCaseYear,
                batch_size=BATCH,
                default_change_reason="remaining need (resources)",
            )
        if to_update:
            BusinessCaseYear.objects.bulk_update(to_update, REMAINING_FIELDS, batch_size=BATCH)
    return len(to_create) + len(to_update)


def reconcile_remaining_need(*, today: date | None = None, batch: int = BATCH) -> dict:
    """Recompute the remaining need of every active project (the nightly task), ``batch``
    projects per transaction so that no project stays locked long. Idempotent: a rerun writes
    the same figures (only ``remaining_at`` moves)."""
    ids = list(
        Project.objects.filter(status=ProjectStatus.ACTIVE, is_archived=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    rows = 0
    for start in range(0, len(ids), batch):
        rows += write_remaining_need(project_ids=ids[start : start + batch], today=today)
    return {"projects": len(ids), "rows": rows}
