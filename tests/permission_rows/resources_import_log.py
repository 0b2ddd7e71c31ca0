"""Rows of the import log (issue 14): every role reads it (the PMO and Finance every import,
anyone else their own); a user without a role gets 403. A GET-only page."""

from tests.permission_rows import row

#                                                             anon out pmo pm  exe rm  fin
ROWS = {
    ("resources:import_log", None, "get"): row("                 L 403 200 200 200 200 200"),
    ("resources:import_log", None, "post"): row("                L 405 405 405 405 405 405"),
}
