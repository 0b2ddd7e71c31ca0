"""Status reports: a PM writes their projects' reports; a submitted report is locked."""

from tests.permission_rows import row

#                                                                 anon out pmo pm  exe rm  fin
ROWS = {
    ("reporting:my_reports", None, "get"): row("                     L 403 200 200 200 200 200"),
    ("reporting:project_reports", "project_a", "get"): row("         L 404 200 200 200 200 200"),
    ("reporting:project_reports", "project_b", "get"): row("         L 404 200 404 404 200 200"),
    ("reporting:report_start", "project_a", "post"): row("           L 404 302 302 403 403 403"),
    ("reporting:report_start", "project_b", "post"): row("           L 404 302 404 404 403 403"),
    ("reporting:report_start", "project_a", "get"): row("            L 405 405 405 405 405 405"),
    ("reporting:report_detail", "report_a", "get"): row("            L 404 200 200 200 200 200"),
    ("reporting:report_detail", "report_b", "get"): row("            L 404 200 404 404 200 200"),
    ("reporting:report_edit", "draft_a", "get"): row("               L 404 200 200 403 403 403"),
    ("reporting:report_edit", "draft_a", "post"): row("              L 404 200 200 403 403 403"),
    ("reporting:report_edit", "report_a", "get"): row("              L 404 302 302 302 302 302"),
    ("reporting:report_edit", "report_a", "post"): row("             L 404 403 403 403 403 403"),
    ("reporting:report_edit", "report_b", "post"): row("             L 404 403 404 404 403 403"),
    ("reporting:report_reopen", "report_a", "post"): row("           L 404 302 403 403 403 403"),
    ("reporting:report_reopen", "report_b", "post"): row("           L 404 302 404 404 403 403"),
}
