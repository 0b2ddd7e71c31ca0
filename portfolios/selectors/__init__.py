"""Read side of the portfolio model. Query counts never depend on the number of rows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404

from pmo_portal import roles
from portfolios.filters import ProjectFilter
from portfolios.models import (
    ALWAYS,
    Portfolio,
    Project,
    ProjectStatus,
    Rollup,
)

LIST_RELATED = ("portfolio", "business_domain", "project_type", "manager")


def get_project_for_user(user, pk: int, *, perm: str | None = None) -> Project:
    """The project ``pk`` if ``user`` may read it (else 404, whether it exists or not); with
    ``perm`` (say ``"portfolios.change_project"``), 403 unless ``user`` also has that
    permission on it. Every project page fetches its project here: portfolio, domain, type,
    manager and sponsor come with it, and its deputies (``deputy_ids``, which the permission
    rules read without a query)."""
    project = (
        Project.objects.visible_to(user)
        .select_related(*LIST_RELATED, "sponsor")
        .prefetch_related("deputies")
        .filter(pk=pk)
        .first()
    )
    if project is None:
        raise Http404
    project.deputy_ids = {deputy.pk for deputy in project.deputies.all()}
    # Fetched through visible_to(user): rules' sees_project need not ask again (project tabs).
    project.seen_by_user_id = user.pk
    if perm is not None and not user.has_perm(perm, project):
        raise PermissionDenied
    return project


def filter_projects(*, user, data) -> tuple[ProjectFilter, QuerySet[Project]]:
    """The project list of ``user`` filtered by ``data`` (GET parameters)."""
    base = Project.objects.visible_to(user).select_related(*LIST_RELATED)
    project_filter = ProjectFilter(data=data, queryset=base, user=user)
    # An invalid value (say, a deleted portfolio) shows its error on the filter form; the other
    # filters still apply.
    return project_filter, project_filter.qs


def project_history(project: Project, *, limit: int = 10) -> list[dict]:
    """The latest changes of ``project``: who, when, which fields (two queries)."""
    records = list(
        project.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        if len(entries) == limit:
            break
        if older is None:
            changed = []
        else:
            delta = newer.diff_against(older, foreign_keys_are_objs=False)
            changed = [
                str(Project._meta.get_field(change.field).verbose_name)
                for change in delta.changes
                if change.field != "updated_at"
            ]
        entries.append(
            {
                "date": newer.history_date,
                "user": newer.history_user,
                "type": newer.history_type,
                "changed": changed,
            }
        )
    return entries


@dataclass
class TreeRow:
    node: Portfolio
    depth: int
    own: int = 0
    total: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    readable: bool = True

    @property
    def cells(self) -> list[tuple[str, str, int]]:
        """(status, label, count) for every column of ``TREE_STATUSES``: the columns add up
        to ``total``."""
        return [
            (status.value, status.label, self.by_status.get(status.value, 0))
            for status in TREE_STATUSES
        ]


# Every status of a non-archived project has its column, so that the columns of the tree
# add up to its Total (a closed or cancelled project is counted in Total like any other).
TREE_STATUSES = [
    ProjectStatus.PROPOSED,
    ProjectStatus.APPROVED,
    ProjectStatus.ACTIVE,
    ProjectStatus.ON_HOLD,
    ProjectStatus.CLOSED,
    ProjectStatus.CANCELLED,
    ProjectStatus.REJECTED,
]


def portfolio_tree(*, user) -> list[TreeRow]:
    """The portfolio tree with, per node, the projects ``user`` sees in it and below it.

    Two queries whatever the size: the nodes, and one GROUP BY of visible projects.
    Nodes with nothing visible below them are left out for roles scoped to portfolios.
    """
    nodes = list(Portfolio.objects.select_related("owner").order_by("name"))
    own = _own_counts(user)

    children: dict[int | None, list[Portfolio]] = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)

    rows: list[TreeRow] = []

    def walk(node: Portfolio, depth: int) -> TreeRow:
        row = TreeRow(node=node, depth=depth, by_status=dict(own.get(node.pk, {})))
        row.own = sum(row.by_status.values())
        rows.append(row)
        for child in children.get(node.pk, []):
            child_row = walk(child, depth + 1)
            for status, n in child_row.by_status.items():
                row.by_status[status] = row.by_status.get(status, 0) + n
        row.total = sum(row.by_status.values())
        return row

    for root in children.get(None, []):
        walk(root, 0)
    if not roles.reads_all_projects(user):
        member_of = set(roles.member_portfolio_ids(user))
        member_scope = Portfolio.objects.subtree_ids(member_of) if member_of else set()
        rows = [row for row in rows if row.total or row.node.pk in member_scope]
    return rows


def _own_counts(user) -> dict[int, dict[str, int]]:
    """Node → status → non-archived projects ``user`` reads placed directly in it: from the
    roll-ups (a few rows a node) when the user's scope is whole nodes, else one GROUP BY of
    the visible projects."""
    from portfolios.selectors.rollups import readable_nodes  # the roll-ups' read side

    own: dict[int, dict[str, int]] = defaultdict(dict)
    scope = readable_nodes(user)
    if scope is not None:
        rows = Rollup.objects.filter(
            scope.condition(), key__startswith="status:", period=ALWAYS
        ).values_list("portfolio_id", "key", "value")
        for portfolio_id, key, value in rows:
            if value:
                own[portfolio_id][key.removeprefix("status:")] = int(value)
        return own
    counts = (
        Project.objects.visible_to(user)
        .active()
        .values("portfolio_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in counts:
        own[row["portfolio_id"]][row["status"]] = row["n"]
    return own


def project_contributions(project: Project) -> QuerySet:
    return project.contributions.select_related("objective").order_by("-score")


def pmo_people_by_portfolio(portfolio_ids) -> dict[int, list]:
    """Portfolio id → the PMO people looking after it: active PMO-group users who are members
    of the portfolio or of one of its ancestors; when there is none, every active PMO user.
    Three queries whatever the sizes. Used to address reminders and budget alerts."""
    users = list(
        get_user_model()
        .objects.filter(groups__name=roles.Role.PMO.value, is_active=True)
        .select_related("notification_preference")
        .order_by("pk")
        .distinct()
    )
    if not users:
        return {}
    by_pk = {user.pk: user for user in users}
    member_of: dict[int, set[int]] = defaultdict(set)
    for user_id, portfolio_id in Portfolio.members.through.objects.filter(
        user_id__in=by_pk
    ).values_list("user_id", "portfolio_id"):
        member_of[portfolio_id].add(user_id)
    parents = Portfolio.objects.parent_map()
    result = {}
    for portfolio_id in portfolio_ids:
        found: set[int] = set()
        node, seen = portfolio_id, set()
        while node is not None and node not in seen:
            seen.add(node)
            found |= member_of.get(node, set())
            node = parents.get(node)
        result[portfolio_id] = [by_pk[pk] for pk in sorted(found)] or users
    return result
