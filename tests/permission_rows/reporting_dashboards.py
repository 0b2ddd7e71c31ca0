"""Permission rows of the dashboards and the lists behind their figures."""

from tests.permission_rows import ON_DEMAND, UrlArgs, row

#                                                             anon out pmo pm  exe rm  fin
ROWS = {
    ("reporting:dashboard", None, "get"): row("                  L 403 200 200 200 200 200"),
    ("reporting:dashboard", None, "post"): row("                 L 405 405 405 405 405 405"),
    ("reporting:dashboard_budget", None, "get"): row("           L 403 200 200 200 200 200"),
    ("reporting:dashboard_panel", "compliance_panel", "get"): row("L 403 200 200 200 200 200"),
    ("reporting:dashboard_panel", "unknown_panel", "get"): row("   L 403 404 404 404 404 404"),
    ("reporting:dashboard_export", None, "get"): row("           L 403 200 200 200 200 200"),
    ("reporting:missing_reports", None, "get"): row("            L 403 200 200 200 200 200"),
    ("reporting:milestones", None, "get"): row("                 L 403 200 200 200 200 200"),
    ("reporting:top_risks", None, "get"): row("                  L 403 200 200 200 200 200"),
    ("reporting:health_worse", None, "get"): row("               L 403 200 200 200 200 200"),
}

# A deferred panel another app adds (governance's compliance), and a key no app registered.
ON_DEMAND.update(
    {
        "compliance_panel": lambda world: UrlArgs(("governance-compliance",)),
        "unknown_panel": lambda world: UrlArgs(("no-such-panel",)),
    }
)
