"""What the pack's tables print: plain data classes, full texts (the templates fit them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from portfolios.models import Project
from reporting.selectors.dashboards import CRITICAL_EXPOSURE
from resources.models import Nature
from resources.selectors.budgets import NATURES, Figures, percent

ZERO = Decimal("0.00")


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """Whole percents, as the pack's tables print them (resources' ``percent``, rounded)."""
    value = percent(part, whole)
    return None if value is None else value.quantize(Decimal("1"))


@dataclass
class BudgetRow:
    """Approved, actual, committed and forecast of one nature (or the total) for the year;
    ``variance`` = forecast − approved (positive: an overrun)."""

    label: str
    approved: Decimal
    actual: Decimal
    committed: Decimal
    forecast: Decimal
    envelope: Decimal | None = None
    is_total: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.approved or self.actual or self.committed or self.envelope)

    @property
    def variance(self) -> Decimal:
        return self.forecast - self.approved

    @property
    def variance_percent(self) -> Decimal | None:
        return _percent(self.variance, self.approved)

    @property
    def consumed_percent(self) -> Decimal | None:
        return _percent(self.actual + self.committed, self.approved)

    @property
    def envelope_gap(self) -> Decimal | None:
        """Forecast − envelope (positive: the envelope will not suffice)."""
        return None if self.envelope is None else self.forecast - self.envelope


def budget_rows(
    natures: dict[str, Figures], envelope: dict[str, Decimal] | None = None
) -> list[BudgetRow]:
    """CAPEX, OPEX and their total."""
    rows, total = [], Figures()
    for nature in NATURES:
        figures = natures.get(nature) or Figures()
        total.add(figures)
        rows.append(
            BudgetRow(
                Nature(nature).label,
                figures.approved,
                figures.actual,
                figures.committed,
                figures.forecast,
                None if envelope is None else envelope.get(nature, ZERO),
            )
        )
    rows.append(
        BudgetRow(
            _("Total"),
            total.approved,
            total.actual,
            total.committed,
            total.forecast,
            None if envelope is None else sum(envelope.values(), ZERO),
            is_total=True,
        )
    )
    return rows


@dataclass
class MilestoneLine:
    name: str
    project_code: str
    project_name: str
    baseline: date
    forecast: date
    actual: date | None
    status: str  # MilestoneStatus value
    status_label: str
    slip_days: int
    overdue: bool

    @property
    def date(self) -> date:
        return self.actual or self.forecast


@dataclass
class RiskLine:
    title: str
    probability: int
    impact: int
    exposure: int
    owner: str
    response: str
    status_label: str

    @property
    def critical(self) -> bool:
        return self.exposure >= CRITICAL_EXPOSURE


@dataclass
class ProjectSection:
    """One project's page."""

    key: str  # the page's anchor (id)
    project: Project
    manager: str
    sponsor: str
    status_label: str
    report_start: date | None
    report_end: date | None
    axes: list[tuple[str, int | None, str]]  # (axis, level, level's name)
    achievements: str
    next_steps: str
    escalations: str
    milestones: list[MilestoneLine]
    more_milestones: int
    risks: list[RiskLine]
    open_risks: int
    budget: list[BudgetRow]  # CAPEX, OPEX, total for the fiscal year
    bac: Decimal  # approved budget, every fiscal year
    end_slip_days: int | None  # forecast end − baseline (or planned) end
    # In an exceptions pack, the names of the rules that selected the project.
    reasons: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.project.code} — {self.project.name}"

    @property
    def budget_rows(self) -> list[BudgetRow]:
        """The natures with a budget or a cost this year, and their total when both have."""
        natures = [row for row in self.budget if not row.is_total and not row.is_empty]
        return [*natures, self.budget[-1]] if len(natures) > 1 else natures

    @property
    def eac(self) -> Decimal | None:
        return self.project.eac

    @property
    def eac_variance(self) -> Decimal | None:
        return None if self.eac is None or not self.bac else self.eac - self.bac

    @property
    def eac_variance_percent(self) -> Decimal | None:
        variance = self.eac_variance
        return None if variance is None else _percent(variance, self.bac)


@dataclass
class TeamTension:
    team: str
    cells: list[dict]  # {"month", "utilisation", "over", "demand", "capacity", "scope"}
    scope_fte: Decimal  # FTE the covered projects take from the team over the months


@dataclass
class DecisionRequest:
    key: str  # the project page's anchor
    code: str
    name: str
    health: int | None
    text: str


@dataclass
class AlertLine:
    code: str
    name: str
    nature: str
    kind: str
    status: str
    year: int
    budget: Decimal
    measured: Decimal
    overrun_percent: Decimal


@dataclass
class FollowUp:
    text: str
    project: str
    owner: str
    due_date: date | None
    status: str
    status_label: str
    follow_up: str
    late: bool
