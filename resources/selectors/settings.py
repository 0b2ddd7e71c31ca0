"""Read side of the PMO's budget settings pages: the company thresholds and the extra
recipients of a portfolio's budget alerts."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from pmo_portal.history import Entry, recent_changes
from pmo_portal.roles import Role
from pmo_portal.users import user_label
from portfolios.models import Portfolio
from resources.models import AlertRecipient, BudgetSettings
from resources.models.alert_recipients import RECIPIENT_ROLES


def budget_settings_changes(*, size: int = 10) -> list[Entry]:
    label = str(BudgetSettings._meta.verbose_name)
    return recent_changes(BudgetSettings.history.all(), label=lambda record: label, size=size)


def recipients_by_portfolio(portfolio_ids) -> dict[int, list]:
    """Portfolio id → the active users who receive the budget alerts of its projects: the
    recipients set on it and on its ancestors (by user id). Two queries whatever the sizes:
    the recipients (a short list) and the portfolio tree."""
    by_portfolio: dict[int, list] = {}
    for recipient in AlertRecipient.objects.filter(user__is_active=True).select_related(
        "user__notification_preference"
    ):
        by_portfolio.setdefault(recipient.portfolio_id, []).append(recipient.user)
    if not by_portfolio:
        return {}
    parents = Portfolio.objects.parent_map()
    result = {}
    for portfolio_id in portfolio_ids:
        found: dict[int, object] = {}
        node, seen = portfolio_id, set()
        while node is not None and node not in seen:
            seen.add(node)
            for user in by_portfolio.get(node, []):
                found.setdefault(user.pk, user)
            node = parents.get(node)
        if found:
            result[portfolio_id] = [found[pk] for pk in sorted(found)]
    return result


@dataclass(frozen=True)
class RecipientRow:
    recipient: AlertRecipient
    name: str
    roles: str
    inherited_from: Portfolio | None  # None: set on this portfolio


def recipient_rows(portfolio: Portfolio) -> list[RecipientRow]:
    """The recipients of ``portfolio``'s alerts: its own, then those of its ancestors (they
    receive its alerts too). Three queries."""
    parents = Portfolio.objects.parent_map()
    chain, node = [], portfolio.pk
    while node is not None and node not in chain:
        chain.append(node)
        node = parents.get(node)
    recipients = list(
        AlertRecipient.objects.filter(portfolio_id__in=chain)
        .select_related("portfolio", "user")
        .prefetch_related("user__groups")
    )
    rank = {pk: index for index, pk in enumerate(chain)}
    recipients.sort(key=lambda r: (rank[r.portfolio_id], user_label(r.user).lower()))
    return [
        RecipientRow(
            recipient=r,
            name=user_label(r.user),
            roles=", ".join(
                str(role.label)
                for role in Role
                if role.value in {group.name for group in r.user.groups.all()}
            ),
            inherited_from=None if r.portfolio_id == portfolio.pk else r.portfolio,
        )
        for r in recipients
    ]


def recipient_choices(portfolio: Portfolio) -> list:
    """The users the PMO may add (active, Finance or PMO, not yet a recipient of this
    portfolio): finance first (the usual recipients), then the PMO. One query."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[role.value for role in RECIPIENT_ROLES])
        .exclude(budget_alert_portfolios__portfolio=portfolio)
        .prefetch_related("groups")
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
    finance, others = [], []
    for user in users:
        names = {group.name for group in user.groups.all()}
        (finance if Role.FINANCE.value in names else others).append((user.pk, user_label(user)))
    choices = []
    if finance:
        choices.append((str(Role.FINANCE.label), finance))
    if others:
        choices.append((str(Role.PMO.label), others))
    return choices


def recipient_changes(portfolio: Portfolio, *, size: int = 10) -> list[Entry]:
    records = AlertRecipient.history.filter(portfolio_id=portfolio.pk).select_related("user")
    return recent_changes(records, label=lambda record: user_label(record.user), size=size)
