"""Rows of the past-performance pages (lessons/views/analytics.py).

Only the PMO reads the analytics page and its CSV export (others: 403). Every role reads the
tab "Outlook" of a project it reads; ``project_b`` (P2) is outside the scope of the project
manager, the executive (North) and the outsider: 404. Read pages only: a POST answers 405.
"""

from tests.permission_rows import row

# Statuses per role: anon out pmo pm exe rm fin
ROWS = {
    ("lessons:analytics", None, "get"): row("L 403 200 403 403 403 403"),
    ("lessons:analytics", None, "post"): row("L 405 405 405 405 405 405"),
    ("lessons:analytics_csv", None, "get"): row("L 403 200 403 403 403 403"),
    ("lessons:analytics_csv", None, "post"): row("L 405 405 405 405 405 405"),
    ("lessons:project_outlook", "project_a", "get"): row("L 404 200 200 200 200 200"),
    ("lessons:project_outlook", "project_b", "get"): row("L 404 200 404 404 200 200"),
    ("lessons:project_outlook", "project_a", "post"): row("L 405 405 405 405 405 405"),
}
