"""Rows of the project's History tab (portfolios/views/history.py).

Every reader of a project reads its history, like the project itself (the executive sees
project_a through BU North, not project_b); outside the reader's scope: 404. GET only.
"""

from tests.permission_rows import row

H = "portfolios:project_history"

#                                                anon out pmo pm  exe rm  fin
ROWS = {
    (H, "project_a", "get"): row("                  L 404 200 200 200 200 200"),
    (H, "project_b", "get"): row("                  L 404 200 404 404 200 200"),
    (H, "project_a", "post"): row("                 L 405 405 405 405 405 405"),
}
