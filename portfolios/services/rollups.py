# ruff: noqa: S608 (SQL built from the code's own table names and enum values; data go as parameters)
"""Writes of the portfolio roll-ups (portfolios/models/rollups.py explains the model).

- ``refresh_projects(ids)``: called by every service that changes a figure's inputs (status
  submit or reopen, milestones, RAID items, budget lines and costs, cost imports, project
  creation, move, status change or archiving), inside the service's transaction. Two
  queries whatever the project: a lock on the projects' rows (``FOR NO KEY UPDATE``, what an
  UPDATE of the row takes: two transactions refreshing the same project run one after the
  other, each seeing the other's committed change; a caller that has just updated the rows
  holds it already and says so, saving the query), then one
  statement that recomputes the projects' figures from the sources (pmo_portal/
  rollup_sources.py), swaps their ledger rows and short-list rows (``RollupItem``) and adds
  the difference to the node rows
  (``INSERT … ON CONFLICT DO UPDATE SET value = value + excluded.value``: concurrent
  changes to the same node never lose an update).
- ``reconcile()``: the nightly task (portfolios.tasks.reconcile_rollups) recomputes every
  figure from the source rows, logs each difference with the roll-up, fixes it and returns
  the count; a rerun finds nothing to fix.

PostgreSQL only: on the zero-config SQLite demo the roll-ups stay empty and the dashboards
read the source tables (``rollups_enabled``), which is exact and fast enough at demo size.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction

from pmo_portal import rollup_sources
from portfolios.models import ALWAYS, ProjectStatus

logger = logging.getLogger(__name__)

# The projects the default dashboards consolidate (reporting.filters.LIVE_STATUSES): the
# figures of the other statuses are only kept for the portfolio tree (status counts).
LIVE_STATUSES = (ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD)
ENTRY = "portfolios_rollupentry"
ROLLUP = "portfolios_rollup"
ITEM = "portfolios_rollupitem"


def rollups_enabled() -> bool:
    return connection.vendor == "postgresql"


def rollups_serve_reads() -> bool:
    """Whether dashboards read the roll-ups. The test settings turn it off
    (``PMO_ROLLUPS_READ``): tests build their rows with factories, past the services that
    keep the roll-ups; the roll-ups' own tests turn it on and compare both paths."""
    return rollups_enabled() and getattr(settings, "PMO_ROLLUPS_READ", True)


def live_sql(alias: str = "p") -> str:
    """SQL condition: the project ``alias`` is under way and not archived."""
    statuses = ", ".join(f"'{status.value}'" for status in LIVE_STATUSES)
    return f"{alias}.status IN ({statuses}) AND NOT {alias}.is_archived"


def dated(key: str, expression: str, source: str, condition: str) -> str:
    """Two branches counting rows by an exact day (``<key>_day``) and by its month
    (``<key>_month``): a reader sums whole months and the days of one month only
    (portfolios.selectors.rollups.after), whatever the date it asks about."""
    return (
        f"SELECT p.id, p.portfolio_id, '{key}_day', ({expression})::date, 1 "
        f"FROM {source} WHERE {condition} "
        f"UNION ALL SELECT p.id, p.portfolio_id, '{key}_month', "
        f"date_trunc('month', {expression})::date, 1 FROM {source} WHERE {condition}"
    )


def portfolio_source() -> tuple[str, list]:
    """The figures of the project rows themselves: status counts of the non-archived projects
    (portfolio tree); number, declared health, planned start and creation month of the
    projects under way (dashboards)."""
    live = live_sql()
    branches = [
        "SELECT p.id, p.portfolio_id, 'status:' || p.status, %s::date, 1 "
        "FROM rollup_projects p WHERE NOT p.is_archived",
        f"SELECT p.id, p.portfolio_id, 'projects', %s::date, 1 FROM rollup_projects p WHERE {live}",
        "SELECT p.id, p.portfolio_id, 'health:' || COALESCE(p.health_overall, 0), %s::date, 1 "
        f"FROM rollup_projects p WHERE {live}",
        dated("start", "p.planned_start", "rollup_projects p", live),
        "SELECT p.id, p.portfolio_id, 'created_month', "
        "date_trunc('month', p.created_at AT TIME ZONE %s)::date, 1 "
        f"FROM rollup_projects p WHERE {live}",
    ]
    return " UNION ALL ".join(branches), [ALWAYS, ALWAYS, ALWAYS, settings.TIME_ZONE]


def _fresh_sql() -> tuple[str, list]:
    """SELECT of (project_id, portfolio_id, key, period, value) over ``rollup_projects``,
    every source together, one row per project, key and period."""
    texts, params = [], []
    for source in rollup_sources.sources().values():
        text, source_params = source()
        texts.append(f"({text})")
        params += source_params
    union = " UNION ALL ".join(texts)
    sql = (
        "SELECT project_id, portfolio_id, key, period, SUM(value) AS value "
        f"FROM ({union}) AS s (project_id, portfolio_id, key, period, value) "
        "GROUP BY 1, 2, 3, 4 HAVING SUM(value) <> 0"
    )
    return sql, params


ITEM_COLUMNS = "project_id, portfolio_id, key, sort_number, sort_text, sort_date, item_id"


def _fresh_items_sql() -> tuple[str, list]:
    """SELECT of the short lists' rows (``ITEM_COLUMNS``) over ``rollup_projects``, every
    item source together (pmo_portal/rollup_sources.py)."""
    texts, params = [], []
    for source in rollup_sources.item_sources().values():
        text, source_params = source()
        texts.append(f"({text})")
        params += source_params
    if not texts:
        return f"SELECT {ITEM_COLUMNS} FROM {ITEM} WHERE false", []
    union = " UNION ALL ".join(texts)
    return f"SELECT * FROM ({union}) AS s ({ITEM_COLUMNS})", params


def refresh_projects(project_ids: Iterable[int], *, rows_locked: bool = False) -> None:
    """Recompute the roll-up figures of ``project_ids`` (after a change to their inputs,
    in the same transaction). Two queries, one when the caller has updated (so locked) the
    projects' rows in this transaction (``rows_locked``); nothing on SQLite."""
    ids = sorted({int(pk) for pk in project_ids if pk is not None})
    if not ids or not rollups_enabled():
        return
    if not connection.in_atomic_block:  # the lock lasts until the caller's commit
        with transaction.atomic():
            return refresh_projects(ids, rows_locked=rows_locked)
    fresh, params = _fresh_sql()
    items, item_params = _fresh_items_sql()
    with connection.cursor() as cursor:
        if not rows_locked:
            cursor.execute(
                "SELECT id FROM portfolios_project WHERE id = ANY(%s) ORDER BY id "
                "FOR NO KEY UPDATE",
                [ids],
            )
        cursor.execute(
            f"""
            WITH rollup_projects AS (SELECT * FROM portfolios_project WHERE id = ANY(%s)),
            fresh AS ({fresh}),
            gone_items AS (DELETE FROM {ITEM} WHERE project_id = ANY(%s)),
            put_items AS (INSERT INTO {ITEM} ({ITEM_COLUMNS}) {items}),
            gone AS (
                DELETE FROM {ENTRY} e WHERE e.project_id = ANY(%s)
                RETURNING e.portfolio_id, e.key, e.period, -e.value AS value
            ),
            put AS (
                INSERT INTO {ENTRY} (project_id, portfolio_id, key, period, value)
                SELECT * FROM fresh RETURNING portfolio_id, key, period, value
            ),
            delta AS (
                SELECT portfolio_id, key, period, SUM(value) AS value
                FROM (SELECT * FROM gone UNION ALL SELECT * FROM put) AS d
                GROUP BY 1, 2, 3 HAVING SUM(value) <> 0
            )
            INSERT INTO {ROLLUP} AS r (portfolio_id, key, period, value)
            SELECT * FROM delta ORDER BY 1, 2, 3
            ON CONFLICT (portfolio_id, key, period) DO UPDATE SET value = r.value + EXCLUDED.value
            """,
            [ids, *params, ids, *item_params, ids],
        )


def _node_differences(cursor) -> list[tuple]:
    """(portfolio_id, key, period, stored, recomputed) of every node figure that differs."""
    cursor.execute(
        f"""
        SELECT portfolio_id, key, period, COALESCE(stored.value, 0), COALESCE(fresh.value, 0)
        FROM (
            SELECT portfolio_id, key, period, SUM(value) AS value FROM rollup_fresh
            GROUP BY 1, 2, 3
        ) AS fresh
        FULL JOIN {ROLLUP} AS stored USING (portfolio_id, key, period)
        WHERE COALESCE(stored.value, 0) <> COALESCE(fresh.value, 0)
        ORDER BY 1, 2, 3
        """
    )
    return cursor.fetchall()


@transaction.atomic
def reconcile(*, log_each: bool = True) -> dict[str, int]:
    """Recompute every roll-up from the source rows; log, fix and count the differences.

    ``log_each``: one warning per wrong node figure and one for the projects whose rows
    were wrong (False: filling empty roll-ups, the seed and the migration, where every
    project's rows are missing; the counts are still returned). ``differences``: node
    figures that were wrong (what a dashboard would have shown);
    ``ledger_differences``: projects whose per-project rows were wrong (ledger: what a later
    refresh would have taken back; short-list rows: what a dashboard's top 10 would have
    shown). Holds the roll-up tables against concurrent refreshes while it runs
    (a few seconds at 30,000 projects; the services' refreshes wait)."""
    if not rollups_enabled():
        return {"differences": 0, "ledger_differences": 0}
    fresh, params = _fresh_sql()
    items, item_params = _fresh_items_sql()
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {ENTRY}, {ROLLUP}, {ITEM} IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute("DROP TABLE IF EXISTS rollup_fresh")
        cursor.execute("DROP TABLE IF EXISTS rollup_fresh_items")
        cursor.execute(
            "CREATE TEMPORARY TABLE rollup_fresh ON COMMIT DROP AS "
            f"WITH rollup_projects AS (SELECT * FROM portfolios_project) {fresh}",
            params,
        )
        cursor.execute(
            "CREATE TEMPORARY TABLE rollup_fresh_items ON COMMIT DROP AS "
            f"WITH rollup_projects AS (SELECT * FROM portfolios_project) {items}",
            item_params,
        )
        nodes = _node_differences(cursor)
        for portfolio_id, key, period, stored, computed in nodes if log_each else ():
            logger.warning(
                "roll-up difference: portfolio %s, %s at %s: stored %s, recomputed %s",
                portfolio_id,
                key,
                period,
                stored,
                computed,
            )
        ledger = _ledger_projects(cursor)
        if ledger and log_each:
            logger.warning(
                "roll-up ledger differences on %s project(s), the first: %s",
                len(ledger),
                ledger[:20],
            )
        if ledger:
            cursor.execute(f"DELETE FROM {ENTRY} WHERE project_id = ANY(%s)", [ledger])
            cursor.execute(
                f"INSERT INTO {ENTRY} (project_id, portfolio_id, key, period, value) "
                "SELECT * FROM rollup_fresh WHERE project_id = ANY(%s)",
                [ledger],
            )
            cursor.execute(f"DELETE FROM {ITEM} WHERE project_id = ANY(%s)", [ledger])
            cursor.execute(
                f"INSERT INTO {ITEM} ({ITEM_COLUMNS}) "
                "SELECT * FROM rollup_fresh_items WHERE project_id = ANY(%s)",
                [ledger],
            )
        if nodes:
            cursor.execute(
                f"""
                INSERT INTO {ROLLUP} AS r (portfolio_id, key, period, value)
                SELECT portfolio_id, key, period, COALESCE(fresh.value, 0)
                FROM (VALUES {", ".join(["(%s, %s, %s::date)"] * len(nodes))})
                    AS wrong (portfolio_id, key, period)
                LEFT JOIN (
                    SELECT portfolio_id, key, period, SUM(value) AS value FROM rollup_fresh
                    GROUP BY 1, 2, 3
                ) AS fresh USING (portfolio_id, key, period)
                ORDER BY 1, 2, 3
                ON CONFLICT (portfolio_id, key, period) DO UPDATE SET value = EXCLUDED.value
                """,
                [value for row in nodes for value in row[:3]],
            )
        cursor.execute(f"DELETE FROM {ROLLUP} WHERE value = 0")
        cursor.execute("DROP TABLE rollup_fresh")
        cursor.execute("DROP TABLE rollup_fresh_items")
    return {"differences": len(nodes), "ledger_differences": len(ledger)}


def _ledger_projects(cursor) -> list[int]:
    """Projects whose ledger rows or short-list rows differ from the recomputation."""
    cursor.execute(
        f"""
        SELECT project_id FROM (
            SELECT project_id, portfolio_id, key, period, value FROM rollup_fresh
        ) AS fresh
        FULL JOIN (
            SELECT project_id, portfolio_id, key, period, SUM(value) AS value FROM {ENTRY}
            GROUP BY 1, 2, 3, 4
        ) AS stored USING (project_id, portfolio_id, key, period)
        WHERE COALESCE(stored.value, 0) <> COALESCE(fresh.value, 0)
        UNION
        SELECT project_id FROM (
            (SELECT * FROM rollup_fresh_items EXCEPT ALL SELECT {ITEM_COLUMNS} FROM {ITEM})
            UNION ALL
            (SELECT {ITEM_COLUMNS} FROM {ITEM} EXCEPT ALL SELECT * FROM rollup_fresh_items)
        ) AS items
        ORDER BY 1
        """
    )
    return [row[0] for row in cursor.fetchall()]
