"""Rows of the RAID log, risk matrix and milestone pages.

Reading follows the project (outsider and other scopes: 404); writing is for the project's
manager and the PMO (executive, resource manager, finance: 403). Empty POSTs re-render the
form with its errors (200), writes are POST only (GET: 405).
"""

from tests.permission_rows import row

#                                                                     anon out pmo pm  exe rm  fin
ROWS = {
    ("reporting:raid_list", "project_a", "get"): row("                  L 404 200 200 200 200 200"),
    ("reporting:raid_list", "project_b", "get"): row("                  L 404 200 404 404 200 200"),
    ("reporting:raid_create", "project_a", "get"): row("                L 404 200 200 403 403 403"),
    ("reporting:raid_create", "project_a", "post"): row("               L 404 200 200 403 403 403"),
    ("reporting:raid_create", "project_b", "get"): row("                L 404 200 404 404 403 403"),
    ("reporting:raid_create", "project_b", "post"): row("               L 404 200 404 404 403 403"),
    ("reporting:raid_edit", "risk_a", "get"): row("                     L 404 200 200 403 403 403"),
    ("reporting:raid_edit", "risk_a", "post"): row("                    L 404 200 200 403 403 403"),
    ("reporting:raid_edit", "risk_b", "get"): row("                     L 404 200 404 404 403 403"),
    ("reporting:raid_edit", "risk_b", "post"): row("                    L 404 200 404 404 403 403"),
    ("reporting:risk_matrix", "project_a", "get"): row("                L 404 200 200 200 200 200"),
    ("reporting:risk_matrix", "project_b", "get"): row("                L 404 200 404 404 200 200"),
    ("reporting:project_milestones", "project_a", "get"): row("         L 404 200 200 200 200 200"),
    ("reporting:project_milestones", "project_a", "post"): row("        L 404 200 200 403 403 403"),
    ("reporting:project_milestones", "project_b", "get"): row("         L 404 200 404 404 200 200"),
    ("reporting:project_milestones", "project_b", "post"): row("        L 404 200 404 404 403 403"),
    ("reporting:milestone_create", "project_a", "get"): row("           L 405 405 405 405 405 405"),
    ("reporting:milestone_create", "project_a", "post"): row("          L 404 200 200 403 403 403"),
    ("reporting:milestone_create", "project_b", "post"): row("          L 404 200 404 404 403 403"),
}
