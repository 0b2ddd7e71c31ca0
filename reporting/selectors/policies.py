"""Which reporting frequency applies to which portfolio (inherited down the tree)."""

from __future__ import annotations

from portfolios.models import Portfolio
from reporting.models import ReportingPolicy
from reporting.periods import Frequency


def frequency_by_portfolio() -> dict[int, str]:
    """Every portfolio id → its reporting frequency (two queries, whatever the tree size)."""
    parents = Portfolio.objects.parent_map()
    own = dict(ReportingPolicy.objects.values_list("portfolio_id", "frequency"))
    resolved: dict[int, str] = {}

    def resolve(pk: int) -> str:
        if pk in resolved:
            return resolved[pk]
        chain, node = [], pk
        while node is not None and node not in own and node not in resolved:
            chain.append(node)
            node = parents.get(node)
        value = resolved.get(node) or own.get(node) or Frequency.MONTHLY
        for item in [*chain, node]:
            if item is not None:
                resolved[item] = value
        return value

    for pk in parents:
        resolve(pk)
    return resolved


def frequency_for(portfolio_id: int) -> str:
    return frequency_by_portfolio().get(portfolio_id, Frequency.MONTHLY)
