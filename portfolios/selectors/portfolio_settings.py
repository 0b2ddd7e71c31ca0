"""Read side of a portfolio's settings pages (envelopes here; the reporting policy and the
budget alert recipients in their own apps, which fetch the portfolio through
``get_portfolio_for_user``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from pmo_portal import roles
from pmo_portal.history import Entry, recent_changes
from portfolios.models import Portfolio, PortfolioEnvelope, Project


def sees_portfolio(user, portfolio: Portfolio) -> bool:
    """Whether ``portfolio`` is in ``user``'s reading scope, as on the portfolio tree: roles
    that read every project see every node; others, the nodes they (or a parent node's
    members) belong to, and the nodes above a project they read. Three queries at most."""
    if not roles.has_any_role(user):
        return False
    if roles.reads_all_projects(user):
        return True
    parents = Portfolio.objects.parent_map()
    member_of = set(roles.member_portfolio_ids(user))
    node, seen = portfolio.pk, set()
    while node is not None and node not in seen:
        if node in member_of:
            return True
        seen.add(node)
        node = parents.get(node)
    below = Portfolio.objects.subtree_ids([portfolio.pk])
    return Project.objects.visible_to(user).filter(portfolio_id__in=below).exists()


def get_portfolio_for_user(user, pk: int, *, perm: str) -> Portfolio:
    """The portfolio ``pk`` if ``user`` reads it (else 404, whether it exists or not), and
    403 unless ``user`` has ``perm`` (a settings page: the PMO's)."""
    portfolio = Portfolio.objects.select_related("parent").filter(pk=pk).first()
    if portfolio is None or not sees_portfolio(user, portfolio):
        raise Http404
    if not user.has_perm(perm):
        raise PermissionDenied
    return portfolio


def portfolio_envelopes(portfolio: Portfolio) -> list[PortfolioEnvelope]:
    """The yearly envelopes of ``portfolio``, latest year first. One query."""
    return list(portfolio.envelopes.order_by("-fiscal_year"))


def envelope_changes(portfolio: Portfolio, *, size: int = 10) -> list[Entry]:
    """The last changes of the envelopes of ``portfolio`` (deleted years included)."""
    records = PortfolioEnvelope.history.filter(portfolio_id=portfolio.pk)
    return recent_changes(records, label=lambda record: str(record.fiscal_year), size=size)


def portfolios_visible_to(user) -> QuerySet[Portfolio]:
    """Every node ``sees_portfolio`` answers yes to, in four queries whatever the size: the
    nodes under one ``user`` is a member of, and the nodes above a project they read."""
    if not roles.has_any_role(user):
        return Portfolio.objects.none()
    if roles.reads_all_projects(user):
        return Portfolio.objects.all()
    member_of = set(roles.member_portfolio_ids(user))
    visible = Portfolio.objects.subtree_ids(member_of) if member_of else set()
    parents = Portfolio.objects.parent_map()
    project_nodes = (
        Project.objects.visible_to(user).values_list("portfolio_id", flat=True).distinct()
    )
    above: set[int] = set()  # nodes at or above a project the user reads
    for node in project_nodes:
        while node is not None and node not in above:
            above.add(node)
            node = parents.get(node)
    return Portfolio.objects.filter(pk__in=visible | above)
