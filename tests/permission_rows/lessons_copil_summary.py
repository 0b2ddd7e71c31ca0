"""Rows of the drafted COPIL summary (lessons/views/copil_summary.py).

Whoever reads the meeting reads its summary: the PMO and the executive (who sees P1's
``copil_a`` through BU North, not P2's ``copil_b``); the project manager, resource manager and
finance do not read these meetings (404); a user without a role: 403. Only the PMO refreshes,
rewrites (no model configured in tests: back to the page, 302), edits and approves (an empty
post saves the draft: 302); the executive gets 403 on a meeting it reads. Writes are POST only.
"""

from tests.permission_rows import row

# Statuses per role: anon out pmo pm exe rm fin
ROWS = {
    ("lessons:copil_summary", "copil_a", "get"): row("L 403 200 404 200 404 404"),
    ("lessons:copil_summary", "copil_b", "get"): row("L 403 200 404 404 404 404"),
    ("lessons:copil_summary", "copil_a", "post"): row("L 405 405 405 405 405 405"),
    ("lessons:copil_summary_refresh", "copil_a", "get"): row("L 405 405 405 405 405 405"),
    ("lessons:copil_summary_refresh", "copil_a", "post"): row("L 403 302 404 403 404 404"),
    ("lessons:copil_summary_refresh", "copil_b", "post"): row("L 403 302 404 404 404 404"),
    ("lessons:copil_summary_rewrite", "copil_a", "get"): row("L 405 405 405 405 405 405"),
    ("lessons:copil_summary_rewrite", "copil_a", "post"): row("L 403 302 404 403 404 404"),
    ("lessons:copil_summary_rewriting", "copil_a", "get"): row("L 403 200 404 200 404 404"),
    ("lessons:copil_summary_rewriting", "copil_b", "get"): row("L 403 200 404 404 404 404"),
    ("lessons:copil_summary_rewriting", "copil_a", "post"): row("L 405 405 405 405 405 405"),
    ("lessons:copil_summary_edit", "copil_a", "get"): row("L 405 405 405 405 405 405"),
    ("lessons:copil_summary_edit", "copil_a", "post"): row("L 403 302 404 403 404 404"),
    ("lessons:copil_summary_edit", "copil_b", "post"): row("L 403 302 404 404 404 404"),
}
