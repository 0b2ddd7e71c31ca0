"""Rows of the compliance pages (overview, project list, deliverable list, heatmap).

Every role reads the compliance of the projects it reads (the scope narrows the figures, not
the access); a user without a role gets 403. The pages are GET only.
"""

from tests.permission_rows import row

#                                                                   anon out pmo pm  exe rm  fin
ROWS = {
    ("governance:compliance", None, "get"): row("                      L 403 200 200 200 200 200"),
    ("governance:compliance", None, "post"): row("                     L 405 405 405 405 405 405"),
    ("governance:compliance_projects", None, "get"): row("             L 403 200 200 200 200 200"),
    ("governance:compliance_projects", None, "post"): row("            L 405 405 405 405 405 405"),
    ("governance:compliance_deliverables", None, "get"): row("         L 403 200 200 200 200 200"),
    ("governance:compliance_deliverables", None, "post"): row("        L 405 405 405 405 405 405"),
    ("governance:compliance_heatmap", None, "get"): row("              L 403 200 200 200 200 200"),
    ("governance:compliance_heatmap", None, "post"): row("             L 405 405 405 405 405 405"),
}
