"""Rows of the capacity plan, resource pages, allocation grid and allocation decisions.

Capacity and resources are read by every role; resources are written by the PMO and resource
managers. The allocation grid follows the project (outsider and other scopes: 404) and is
written by the project's manager and the PMO; an empty grid POST changes nothing and
redirects (302). Decisions are for the PMO and resource managers; an empty decision POST
re-renders the page with its error (200).
"""

from tests.permission_rows import row

#                                                                     anon out pmo pm  exe rm  fin
ROWS = {
    ("resources:capacity", None, "get"): row("                          L 403 200 200 200 200 200"),
    ("resources:capacity_import", None, "get"): row("                  L 403 200 200 200 200 200"),
    ("resources:capacity_import", None, "post"): row("                 L 403 200 200 200 200 200"),
    ("resources:capacity_cell", None, "get"): row("                     L 403 200 200 200 200 200"),
    ("resources:fte_consumption", None, "get"): row("                  L 403 200 200 200 200 200"),
    ("resources:resource_list", None, "get"): row("                     L 403 200 200 200 200 200"),
    ("resources:resource_create", None, "get"): row("                   L 403 200 403 403 200 403"),
    ("resources:resource_create", None, "post"): row("                  L 403 200 403 403 200 403"),
    ("resources:resource_detail", "resource", "get"): row("             L 403 200 200 200 200 200"),
    ("resources:resource_edit", "resource", "get"): row("               L 403 200 403 403 200 403"),
    ("resources:pending_allocations", None, "get"): row("               L 403 200 403 403 200 403"),
    ("resources:pending_allocations", None, "post"): row("              L 403 200 403 403 200 403"),
    ("resources:project_allocations", "project_a", "get"): row("        L 404 200 200 200 200 200"),
    ("resources:project_allocations", "project_b", "get"): row("        L 404 200 404 404 200 200"),
    ("resources:project_allocations", "project_a", "post"): row("       L 404 302 302 403 403 403"),
    ("resources:project_allocations", "project_b", "post"): row("       L 404 302 404 404 403 403"),
}
