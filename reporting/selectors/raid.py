"""The RAID log of a project: read side (lists, filters, the risk matrix).

Query counts do not depend on the number of items.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from portfolios.models import Project
from reporting.models import RaidItem, RaidKind, RaidStatus

SCALE = (1, 2, 3, 4)
PROBABILITY_LABELS = {
    1: _("Unlikely"),
    2: _("Possible"),
    3: _("Likely"),
    4: _("Almost certain"),
}
IMPACT_LABELS = {1: _("Minor"), 2: _("Moderate"), 3: _("Major"), 4: _("Critical")}
# Status filter value for "not closed" (open or in progress): what the risk matrix counts.
NOT_CLOSED = "active"
# Risks named in one cell of the matrix; the cell's count links to the full list.
CELL_LIMIT = 5


def get_raid_item_for_user(user, pk: int) -> RaidItem:
    """The RAID item ``pk`` if ``user`` may read its project, else 404."""
    item = (
        RaidItem.objects.filter(project__in=Project.objects.visible_to(user))
        .select_related("project", "owner")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404
    return item


def raid_items(
    *,
    project: Project,
    kind: str = "",
    status: str = "",
    probability: int | None = None,
    impact: int | None = None,
) -> QuerySet[RaidItem]:
    """The RAID log of ``project``, filtered, for the list page.

    Order: items still open first, then by exposure (highest risk first; unrated items
    after), then by due date (soonest first, undated last), newest first.
    """
    queryset = RaidItem.objects.filter(project=project).select_related("owner")
    if kind:
        queryset = queryset.filter(kind=kind)
    if status == NOT_CLOSED:
        queryset = queryset.exclude(status=RaidStatus.CLOSED)
    elif status:
        queryset = queryset.filter(status=status)
    if probability:
        queryset = queryset.filter(probability=probability)
    if impact:
        queryset = queryset.filter(impact=impact)
    return queryset.annotate(
        is_closed=Case(
            When(status=RaidStatus.CLOSED, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    ).order_by(
        "is_closed",
        F("exposure").desc(nulls_last=True),
        F("due_date").asc(nulls_last=True),
        "-created_at",
        "-pk",
    )


# Bootstrap classes of each exposure level; the number and the label always go with them, so
# the level reads without colour (greyscale print, colour blindness).
LEVEL_CSS = {
    "none": "border text-body",
    "low": "border border-success bg-success-subtle text-success-emphasis",
    "medium": "border border-warning bg-warning-subtle text-warning-emphasis",
    "high": "border border-danger bg-danger-subtle text-danger-emphasis",
    "critical": "border border-danger bg-danger text-white",
}
# Background of a matrix cell (subtle, so that links and text keep their contrast).
CELL_CSS = {
    "low": "bg-success-subtle",
    "medium": "bg-warning-subtle",
    "high": "bg-danger-subtle",
    "critical": "bg-danger-subtle border border-2 border-danger",
}


def exposure_level(exposure: int | None) -> tuple[str, str]:
    """(css key, label) of an exposure (probability × impact, 1–16)."""
    if exposure is None:
        return "none", str(_("Not rated"))
    if exposure >= 12:
        return "critical", str(_("Critical"))
    if exposure >= 8:
        return "high", str(_("High"))
    if exposure >= 4:
        return "medium", str(_("Medium"))
    return "low", str(_("Low"))


@dataclass
class MatrixCell:
    probability: int
    impact: int
    count: int = 0
    risks: list[dict] = field(default_factory=list)

    @property
    def exposure(self) -> int:
        return self.probability * self.impact

    @property
    def level(self) -> str:
        return exposure_level(self.exposure)[0]

    @property
    def level_label(self) -> str:
        return exposure_level(self.exposure)[1]

    @property
    def css(self) -> str:
        return LEVEL_CSS[self.level]

    @property
    def cell_css(self) -> str:
        return CELL_CSS[self.level]

    @property
    def more(self) -> int:
        return self.count - len(self.risks)


@dataclass
class MatrixRow:
    probability: int
    label: str
    cells: list[MatrixCell]


def risk_matrix(*, project: Project) -> tuple[list[MatrixRow], int]:
    """The 4 × 4 grid of ``project``'s open risks (not closed), highest probability on top.

    One query whatever the number of risks: each cell's count is a window aggregate and only
    the first CELL_LIMIT risks of a cell (soonest due first) are fetched. Returns the rows and
    the total number of open risks.
    """
    partition = [F("probability"), F("impact")]
    rows = (
        RaidItem.objects.filter(project=project, kind=RaidKind.RISK)
        .exclude(status=RaidStatus.CLOSED)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=partition,
                order_by=[F("due_date").asc(nulls_last=True), F("title").asc(), F("pk").asc()],
            ),
            cell_count=Window(Count("pk"), partition_by=partition),
        )
        .filter(rank__lte=CELL_LIMIT)
        .values("pk", "title", "due_date", "probability", "impact", "cell_count")
        .order_by("probability", "impact", "rank")
    )
    cells = {(p, i): MatrixCell(probability=p, impact=i) for p in SCALE for i in SCALE}
    for risk in rows:
        cell = cells[(risk["probability"], risk["impact"])]
        cell.count = risk["cell_count"]
        cell.risks.append(risk)
    matrix = [
        MatrixRow(
            probability=p,
            label=str(PROBABILITY_LABELS[p]),
            cells=[cells[(p, i)] for i in SCALE],
        )
        for p in reversed(SCALE)
    ]
    total = sum(cell.count for cell in cells.values())
    return matrix, total
