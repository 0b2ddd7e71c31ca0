"""Read side of a project's business case (CAPEX, OPEX, FTE and benefits per year, with the
remaining need resources writes for active projects) and of its dependencies.

Every function runs a fixed number of queries whatever the number of years or dependencies.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from portfolios.models import (
    BusinessCaseYear,
    DependencyKind,
    Project,
    ProjectDependency,
    ProjectStatus,
)

ZERO = Decimal("0.00")
# The columns the grid edits (the remaining need is resources', never typed).
EDITED = ("capex", "opex", "fte", "benefits")
REMAINING = ("remaining_capex", "remaining_opex", "remaining_fte")
# A dependency links projects still in play: candidates and live projects, not archived.
LINKABLE_STATUSES = (
    ProjectStatus.PROPOSED,
    ProjectStatus.APPROVED,
    ProjectStatus.ACTIVE,
    ProjectStatus.ON_HOLD,
)


def _amount(value) -> str:
    return str(Decimal(value).quantize(Decimal("0.01")))


def grid_digest(rows: Iterable) -> str:
    """A fingerprint of the edited columns of a business case, ``rows`` being
    BusinessCaseYear rows or dicts with year and EDITED. The grid page carries the digest it
    was opened at; a save whose digest no longer matches the stored rows is a conflict. The
    remaining need (written by resources at any time) is left out: it never conflicts."""
    lines = sorted(
        "|".join(
            [str(int(_get(row, "year")))] + [_amount(_get(row, name) or ZERO) for name in EDITED]
        )
        for row in rows
    )
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _get(row, name):
    return row[name] if isinstance(row, dict) else getattr(row, name)


@dataclass
class BusinessCase:
    rows: list[BusinessCaseYear]
    totals: dict[str, Decimal] = field(default_factory=dict)
    # The remaining need is shown for active projects (resources writes it for them only).
    shows_remaining: bool = False
    remaining_at: object = None  # when the most recent remaining need was computed
    digest: str = ""

    @property
    def years(self) -> list[int]:
        return [row.year for row in self.rows]


def business_case(project: Project) -> BusinessCase:
    """The business case of ``project``, year by year, with its totals (one query)."""
    rows = list(BusinessCaseYear.objects.filter(project=project).order_by("year"))
    shows_remaining = project.status == ProjectStatus.ACTIVE
    totals = {name: sum((getattr(row, name) for row in rows), ZERO) for name in EDITED}
    if shows_remaining:
        for name in REMAINING:
            totals[name] = sum(
                (getattr(row, name) for row in rows if getattr(row, name) is not None), ZERO
            )
    computed = [row.remaining_at for row in rows if row.remaining_at is not None]
    return BusinessCase(
        rows=rows,
        totals=totals,
        shows_remaining=shows_remaining,
        remaining_at=max(computed) if computed else None,
        digest=grid_digest(rows),
    )


def last_change(project: Project):
    """Who changed the business case last, and when (its history; one query)."""
    record = (
        BusinessCaseYear.history.filter(project_id=project.pk)
        .select_related("history_user")
        .order_by("-history_date")
        .first()
    )
    if record is None:
        return None, None
    return record.history_user, record.history_date


@dataclass
class DependencyLine:
    dependency: ProjectDependency
    counterpart: Project | None  # None: outside the reader's scope (not named)


@dataclass
class Dependencies:
    requires: list[DependencyLine] = field(default_factory=list)
    required_by: list[DependencyLine] = field(default_factory=list)
    excludes: list[DependencyLine] = field(default_factory=list)
    excluded_by: list[DependencyLine] = field(default_factory=list)

    @property
    def groups(self) -> list[tuple[str, object, list[DependencyLine]]]:
        """(key, label, lines) of each direction, in the order the page lists them."""
        return [
            ("requires", _("Requires"), self.requires),
            ("required_by", _("Required by"), self.required_by),
            ("excludes", _("Excludes"), self.excludes),
            ("excluded_by", _("Excluded by"), self.excluded_by),
        ]

    @property
    def count(self) -> int:
        return sum(len(lines) for _key, _label, lines in self.groups)


def project_dependencies(*, user, project: Project) -> Dependencies:
    """The dependencies of ``project`` in both directions (two queries). A counterpart the
    reader may not see is not named (``counterpart`` None)."""
    links = list(
        ProjectDependency.objects.filter(Q(project=project) | Q(other=project))
        .select_related("project", "other")
        .order_by("kind", "project__code", "other__code")
    )
    counterpart_ids = {
        link.other_id if link.project_id == project.pk else link.project_id for link in links
    }
    visible = (
        set(
            Project.objects.visible_to(user)
            .filter(pk__in=counterpart_ids)
            .values_list("pk", flat=True)
        )
        if counterpart_ids
        else set()
    )
    result = Dependencies()
    for link in links:
        outgoing = link.project_id == project.pk
        counterpart = link.other if outgoing else link.project
        line = DependencyLine(link, counterpart if counterpart.pk in visible else None)
        if link.kind == DependencyKind.REQUIRES:
            (result.requires if outgoing else result.required_by).append(line)
        else:
            (result.excludes if outgoing else result.excluded_by).append(line)
    return result


def linkable_projects(*, user, project: Project) -> QuerySet[Project]:
    """The projects ``project`` may depend on: those ``user`` sees, still in play (candidates
    and live ones, not archived), other than itself."""
    return (
        Project.objects.visible_to(user)
        .filter(status__in=LINKABLE_STATUSES, is_archived=False)
        .exclude(pk=project.pk)
        .only("pk", "code", "name")
        .order_by("code")
    )


def get_dependency_for_user(user, pk: int) -> ProjectDependency | None:
    """The dependency ``pk`` if its project is in ``user``'s scope (else None: 404)."""
    return (
        ProjectDependency.objects.filter(
            pk=pk, project__in=Project.objects.visible_to(user).values("pk")
        )
        .select_related("project", "other")
        .first()
    )


def requires_graph() -> dict[int, set[int]]:
    """Every "requires" link of the company: project id -> ids it requires (one query)."""
    graph: dict[int, set[int]] = {}
    for project_id, other_id in ProjectDependency.objects.filter(
        kind=DependencyKind.REQUIRES
    ).values_list("project_id", "other_id"):
        graph.setdefault(project_id, set()).add(other_id)
    return graph


def requires_path(graph: dict[int, set[int]], start: int, goal: int) -> list[int] | None:
    """The shortest chain of "requires" from ``start`` to ``goal`` (both included), or None."""
    if start == goal:
        return [start]
    previous: dict[int, int] = {start: start}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for nxt in sorted(graph.get(node, ())):
                if nxt in previous:
                    continue
                previous[nxt] = node
                if nxt == goal:
                    path = [goal]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return path[::-1]
                following.append(nxt)
        frontier = following
    return None
