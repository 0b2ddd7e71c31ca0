"""Rows of the preview pages and confirmations of staged imports (issue 10 item 5).

A staged file is seen and confirmed by its owner only: anyone else who may import gets 404
(its existence is not revealed), a role that may not import at all gets 403. The finance file
belongs to the PMO, the allocation file to the project manager; both are a bare header, so
confirming imports nothing (costs: redirect; allocations: the page says there is no line).
"""

from tests.permission_rows import row

#                                                                   anon out pmo pm  exe rm  fin
ROWS = {
    ("resources:cost_import_preview", "staged_costs", "get"): row(
        "          L 403 200 403 403 403 404"
    ),
    ("resources:cost_import_preview", "staged_costs", "post"): row(
        "                L 405 405 405 405 405 405"
    ),
    ("resources:cost_import_confirm", "staged_costs", "post"): row(
        "                L 403 302 403 403 403 404"
    ),
    ("resources:cost_import_confirm", "staged_costs", "get"): row(
        "                 L 405 405 405 405 405 405"
    ),
    ("resources:capacity_import_preview", "staged_allocations", "get"): row(
        "       L 403 404 200 404 404 404"
    ),
    ("resources:capacity_import_preview", "staged_allocations", "post"): row(
        "      L 405 405 405 405 405 405"
    ),
    ("resources:capacity_import_confirm", "staged_allocations", "post"): row(
        "      L 403 404 200 404 404 404"
    ),
    ("resources:capacity_import_confirm", "staged_allocations", "get"): row(
        "       L 405 405 405 405 405 405"
    ),
}
