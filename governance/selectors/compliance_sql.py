"""The SQL of compliance (governance/selectors/compliance.py gives the definitions).

Every figure is computed by PostgreSQL in one statement over a *scope*: the SQL of a Project
queryset (``scope_sql``) whose rows are ``(id, portfolio_id, code)``. The statements are built
from the CTEs below, so the number of queries never depends on the number of projects.

- ``expected``: one row per expected deliverable of a project under a methodology (the required
  deliverables of the phases it has reached: order ≤ its current phase's, or every phase once
  its lifecycle is completed), with its state flags: ``waived``; ``present`` (a file, not
  waived); ``old`` (present, made from a template version whose major is below the highest
  published major of its template); ``passed`` (a gate review of that phase — matched by phase
  key, so a migrated project keeps its history — decided go or go with conditions).
- ``counts``: per project, expected / present / waived / missing / late / outdated / compliant
  (compliant = waived, or present and not outdated = expected − missing − outdated).
"""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet

PASSED_DECISIONS = ("go", "go_conditions")

# The reached phases of a lifecycle (``lc``, ``cur`` its current phase, ``ph`` a phase of its
# version): order up to the current one, every phase once completed (or past the last gate).
REACHED = '(lc.completed_at IS NOT NULL OR cur.id IS NULL OR ph."order" <= cur."order")'

BASE_CTES = """
passed AS (
  SELECT DISTINCT g.project_id, gp.key
  FROM governance_gatereview g
  JOIN governance_phase gp ON gp.id = g.phase_id
  WHERE g.status = 'decided' AND g.decision IN ('go', 'go_conditions')
    AND g.project_id IN (SELECT id FROM scope)
),
latest AS (
  SELECT template_id, MAX(major) AS major FROM governance_templateversion
  WHERE status = 'published' GROUP BY template_id
)"""

EXPECTED_CTE = f"""
expected AS (
  SELECT lc.project_id, ph.id AS phase_id, ph.key AS phase_key, ph.name AS phase_name,
         ph."order" AS phase_order, rd.id AS requirement_id, rd.name AS requirement_name,
         rd."order" AS requirement_order,
         COALESCE(d.waived, false) AS waived,
         (NOT COALESCE(d.waived, false) AND COALESCE(d.file, '') <> '') AS present,
         (NOT COALESCE(d.waived, false) AND COALESCE(d.file, '') <> ''
           AND tv.major IS NOT NULL AND lt.major IS NOT NULL AND tv.major < lt.major) AS old,
         (pa.project_id IS NOT NULL) AS passed,
         tv.major AS tv_major, tv.minor AS tv_minor, tv.patch AS tv_patch,
         d.uploaded_at
  FROM governance_projectlifecycle lc
  JOIN scope s ON s.id = lc.project_id
  LEFT JOIN governance_phase cur ON cur.id = lc.current_phase_id
  JOIN governance_phase ph ON ph.version_id = lc.methodology_version_id AND {REACHED}
  JOIN governance_requireddeliverable rd ON rd.phase_id = ph.id
  LEFT JOIN governance_deliverable d
    ON d.project_id = lc.project_id AND d.requirement_id = rd.id
  LEFT JOIN governance_templateversion tv ON tv.id = d.template_version_id
  LEFT JOIN latest lt ON lt.template_id = tv.template_id
  LEFT JOIN passed pa ON pa.project_id = lc.project_id AND pa.key = ph.key
)"""  # noqa: S608 - fixed SQL (REACHED is ours)
EXPECTED_CTES = BASE_CTES + "," + EXPECTED_CTE

COUNTS_CTE = """
counts AS (
  SELECT project_id,
         COUNT(*) AS expected,
         COUNT(*) FILTER (WHERE present) AS present,
         COUNT(*) FILTER (WHERE waived) AS waived,
         COUNT(*) FILTER (WHERE NOT present AND NOT waived) AS missing,
         COUNT(*) FILTER (WHERE NOT present AND NOT waived AND passed) AS late,
         COUNT(*) FILTER (WHERE old) AS outdated
  FROM expected GROUP BY project_id
)"""

# A deliverable's state, for the lists (late before missing: late is missing past its gate).
STATE_CASE = """CASE WHEN e.waived THEN 'waived'
  WHEN e.old THEN 'outdated'
  WHEN e.present THEN 'ok'
  WHEN e.passed THEN 'late'
  ELSE 'missing' END"""


def scope_sql(projects: QuerySet) -> tuple[str, list]:
    """The SQL of ``projects`` as ``(id, portfolio_id, code)`` rows."""
    sql, params = (
        projects.order_by().values_list("pk", "portfolio_id", "code").query.sql_with_params()
    )
    return sql, list(params)


def with_scope(projects: QuerySet, *ctes: str) -> tuple[str, list]:
    """``WITH scope(...) AS (…), <ctes>`` and its parameters."""
    sql, params = scope_sql(projects)
    parts = [f"scope(id, portfolio_id, code) AS ({sql})", *ctes]
    return "WITH " + ",\n".join(parts), params


def fetch(sql: str, params: list) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def fetch_one(sql: str, params: list):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()
