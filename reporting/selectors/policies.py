"""Which reporting frequency and which due days apply to which portfolio.

A portfolio's ``ReportingPolicy`` may set either value or leave it empty; an empty value is
inherited from the nearest ancestor that sets it, and with none the company default applies
(monthly; ``settings.REPORT_GRACE_DAYS`` days after the end of the period)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from portfolios.models import Portfolio
from reporting.models import ReportingPolicy
from reporting.periods import Frequency


def default_due_days() -> int:
    return int(getattr(settings, "REPORT_GRACE_DAYS", 2))


def _resolve(parents: dict, own: dict, default):
    """Every node of ``parents`` → its own value in ``own``, else its nearest ancestor's,
    else ``default`` (each node visited once)."""
    resolved: dict[int, object] = {}

    def resolve(pk: int):
        chain, node = [], pk
        while node is not None and node not in own and node not in resolved:
            chain.append(node)
            node = parents.get(node)
        if node is None:
            value = default
        elif node in resolved:
            value = resolved[node]
        else:
            value = own[node]
        for item in chain:
            resolved[item] = value
        if node is not None:
            resolved.setdefault(node, value)
        return value

    for pk in parents:
        if pk not in resolved:
            resolve(pk)
    return resolved


def _own_values() -> tuple[dict[int, str], dict[int, int]]:
    frequencies, due_days = {}, {}
    for portfolio_id, frequency, days in ReportingPolicy.objects.values_list(
        "portfolio_id", "frequency", "due_days"
    ):
        if frequency:
            frequencies[portfolio_id] = frequency
        if days is not None:
            due_days[portfolio_id] = days
    return frequencies, due_days


def frequency_by_portfolio() -> dict[int, str]:
    """Every portfolio id → its reporting frequency (two queries, whatever the tree size)."""
    parents = Portfolio.objects.parent_map()
    frequencies, _due_days = _own_values()
    return _resolve(parents, frequencies, Frequency.MONTHLY)


def rules_by_portfolio() -> dict[int, tuple[str, int]]:
    """Every portfolio id → (its reporting frequency, the days after the end of a period by
    which its reports are due). Two queries, whatever the tree size."""
    parents = Portfolio.objects.parent_map()
    frequencies, due_days = _own_values()
    by_frequency = _resolve(parents, frequencies, Frequency.MONTHLY)
    by_due_days = _resolve(parents, due_days, default_due_days())
    return {pk: (by_frequency[pk], by_due_days[pk]) for pk in parents}


def frequency_for(portfolio_id: int) -> str:
    return frequency_by_portfolio().get(portfolio_id, Frequency.MONTHLY)


@dataclass(frozen=True)
class Inherited:
    """What a portfolio gets when it leaves a value empty: the value, and the portfolio it
    comes from (None: the company default)."""

    value: object
    source: Portfolio | None


@dataclass(frozen=True)
class PolicyPage:
    policy: ReportingPolicy  # the portfolio's own (unsaved when it has none)
    frequency: Inherited  # what an empty frequency means here
    due_days: Inherited  # what empty due days mean here


def policy_page(portfolio: Portfolio) -> PolicyPage:
    """The portfolio's own policy and what it inherits from above. Three queries."""
    parents = Portfolio.objects.parent_map()
    policies = {
        policy.portfolio_id: policy
        for policy in ReportingPolicy.objects.select_related("portfolio")
    }
    frequency = Inherited(Frequency.MONTHLY, None)
    due_days = Inherited(default_due_days(), None)
    found_frequency = found_due_days = False
    node, seen = parents.get(portfolio.pk), set()
    while node is not None and node not in seen:
        seen.add(node)
        above = policies.get(node)
        if above is not None and above.frequency and not found_frequency:
            frequency, found_frequency = Inherited(above.frequency, above.portfolio), True
        if above is not None and above.due_days is not None and not found_due_days:
            due_days, found_due_days = Inherited(above.due_days, above.portfolio), True
        node = parents.get(node)
    policy = policies.get(portfolio.pk) or ReportingPolicy(portfolio=portfolio, frequency="")
    return PolicyPage(policy=policy, frequency=frequency, due_days=due_days)
