"""Rows of the budget alerts pages.

The alerts page shows every alert to the PMO and Finance, and to a project manager the alerts
of the projects they manage (everyone else: 403). One alert is read by the PMO, Finance, the
manager (and deputies) of its project and by its project's sponsor, whatever their roles (the
escalation e-mail links to it: tests/resources/test_overrun_scan.py); anyone else gets 404,
executives included (the world's executive reads project A but sponsors nothing). The PM
acknowledges (an empty POST re-renders the form with its error: 200), the PMO closes (302);
Finance reads but may do neither (403).

``world.alert_a`` / ``world.alert_b`` are alerts of project A / B (tests/conftest.py).
"""

from tests.permission_rows import row

#                                                                     anon out pmo pm  exe rm  fin
ROWS = {
    ("resources:alert_list", None, "get"): row("                        L 403 200 200 403 403 200"),
    ("resources:alert_detail", "alert_a", "get"): row("                 L 404 200 200 404 404 200"),
    ("resources:alert_detail", "alert_b", "get"): row("                 L 404 200 404 404 404 200"),
    ("resources:alert_acknowledge", "alert_a", "get"): row("            L 405 405 405 405 405 405"),
    ("resources:alert_acknowledge", "alert_a", "post"): row("           L 404 200 200 404 404 403"),
    ("resources:alert_acknowledge", "alert_b", "post"): row("           L 404 200 404 404 404 403"),
    ("resources:alert_close", "alert_a", "get"): row("                  L 405 405 405 405 405 405"),
    ("resources:alert_close", "alert_a", "post"): row("                 L 404 302 403 404 404 403"),
    ("resources:alert_close", "alert_b", "post"): row("                 L 404 302 404 404 404 403"),
}
