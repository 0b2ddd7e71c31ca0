"""Rows of the budget pages, cost entry and the finance import.

Project budgets are read by the project's manager, the PMO, finance and executives in scope
(resource manager: 403; outside the scope: 404); budget lines and costs are written by the PMO
and finance. Empty POSTs re-render the form with its errors (200). The portfolio budget page is
open to every role; the import to the PMO and finance.
"""

from tests.permission_rows import row

#                                                                       anon out pmo pm  exe rm  fin
ROWS = {
    ("resources:project_budget", "project_a", "get"): row(
        "               L 404 200 200 200 403 200"
    ),
    ("resources:project_budget", "project_b", "get"): row(
        "               L 404 200 404 404 403 200"
    ),
    ("resources:project_budget", "project_a", "post"): row(
        "              L 405 405 405 405 405 405"
    ),
    ("resources:budget_line_edit", "project_a", "get"): row(
        "             L 404 200 403 403 403 200"
    ),
    ("resources:budget_line_edit", "project_a", "post"): row(
        "            L 404 200 403 403 403 200"
    ),
    ("resources:budget_line_edit", "project_b", "get"): row(
        "             L 404 200 404 404 403 200"
    ),
    ("resources:budget_line_edit", "project_b", "post"): row(
        "            L 404 200 404 404 403 200"
    ),
    ("resources:actual_cost_create", "project_a", "get"): row(
        "           L 404 200 403 403 403 200"
    ),
    ("resources:actual_cost_create", "project_a", "post"): row(
        "          L 404 200 403 403 403 200"
    ),
    ("resources:actual_cost_create", "project_b", "post"): row(
        "          L 404 200 404 404 403 200"
    ),
    ("resources:committed_cost_create", "project_a", "get"): row(
        "        L 404 200 403 403 403 200"
    ),
    ("resources:committed_cost_create", "project_a", "post"): row(
        "       L 404 200 403 403 403 200"
    ),
    ("resources:committed_cost_create", "project_b", "post"): row(
        "       L 404 200 404 404 403 200"
    ),
    ("resources:portfolio_budget", None, "get"): row(
        "                    L 403 200 200 200 200 200"
    ),
    ("resources:portfolio_budget", None, "post"): row(
        "                   L 405 405 405 405 405 405"
    ),
    ("resources:cost_import", None, "get"): row(
        "                         L 403 200 403 403 403 200"
    ),
    ("resources:cost_import", None, "post"): row(
        "                        L 403 200 403 403 403 200"
    ),
    ("resources:labour_costs_derive", "project_a", "post"): row("L 404 302 403 403 403 302"),
    ("resources:labour_costs_derive", "project_b", "post"): row("L 404 302 404 404 403 302"),
    ("resources:labour_costs_derive", "project_a", "get"): row(" L 405 405 405 405 405 405"),
}
