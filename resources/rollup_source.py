# ruff: noqa: S608 (SQL built from the code's own table names and enum values; data go as parameters)
"""Resources' figures of the portfolio roll-ups (pmo_portal/rollup_sources.py): per project
under way, nature and fiscal year (the period is the year's first day), the figures of the
dashboard's budget block (resources.selectors.budget_totals.year_totals):
``budget:approved:<nature>`` (budget lines of that fiscal year), ``budget:actual:<nature>``
(actual costs dated that year), ``budget:committed:<nature>`` (open commitments dated that
year) and ``budget:forecast:<nature>``, the project's greater of approved and actual +
committed. The forecast is not additive across projects, which is why it is kept per
project and summed, never recomputed from the node's totals."""

from __future__ import annotations

from portfolios.services.rollups import live_sql
from resources.models import CommitmentStatus


def budget_source() -> tuple[str, list]:
    live = live_sql()
    open_status = CommitmentStatus.OPEN.value
    text = f"""
        SELECT y.project_id, y.portfolio_id, k.key, make_date(y.year, 1, 1), k.value
        FROM (
            SELECT t.project_id, t.portfolio_id, t.nature, t.year,
                SUM(t.approved) AS approved, SUM(t.actual) AS actual,
                SUM(t.committed) AS committed
            FROM (
                SELECT p.id AS project_id, p.portfolio_id, b.nature,
                    b.fiscal_year::int AS year, b.approved_amount AS approved,
                    0 AS actual, 0 AS committed
                FROM rollup_projects p JOIN resources_budgetline b ON b.project_id = p.id
                WHERE {live}
                UNION ALL
                SELECT p.id, p.portfolio_id, a.nature, EXTRACT(YEAR FROM a.date)::int,
                    0, a.amount, 0
                FROM rollup_projects p JOIN resources_actualcost a ON a.project_id = p.id
                WHERE {live}
                UNION ALL
                SELECT p.id, p.portfolio_id, c.nature, EXTRACT(YEAR FROM c.date)::int,
                    0, 0, c.amount
                FROM rollup_projects p JOIN resources_committedcost c ON c.project_id = p.id
                WHERE {live} AND c.status = '{open_status}'
            ) AS t
            GROUP BY 1, 2, 3, 4
        ) AS y
        CROSS JOIN LATERAL (VALUES
            ('budget:approved:' || y.nature, y.approved),
            ('budget:actual:' || y.nature, y.actual),
            ('budget:committed:' || y.nature, y.committed),
            ('budget:forecast:' || y.nature, GREATEST(y.approved, y.actual + y.committed))
        ) AS k (key, value)
    """
    return text, []
