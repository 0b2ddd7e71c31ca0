"""Rows of the steering committee (COPIL) pages.

Every role reads the list and the decision log across meetings (a user without a role: 403;
each sees the decisions of the meetings they read). A meeting, its decisions and packs
are read by the PMO, its attendees and the members of its portfolio (the executive, member of
BU North, sees P1's ``copil_a``, not P2's ``copil_b``); the project manager, resource manager
and finance are neither, so they get 404. The PMO plans meetings and edits the settings
(others: 403, or 404 outside the meeting's scope); the PMO and executives record decisions and
generate packs. Empty POSTs re-render the form with its errors (200); generating redirects to
the meeting (302). Writes-only URLs answer GET with 405.
"""

from tests.permission_rows import row

#                                                                     anon out pmo pm  exe rm  fin
ROWS = {
    ("reporting:copil_list", None, "get"): row("                        L 403 200 200 200 200 200"),
    ("reporting:decision_list", None, "get"): row("                     L 403 200 200 200 200 200"),
    ("reporting:decision_list", None, "post"): row("                    L 405 405 405 405 405 405"),
    ("reporting:copil_create", None, "get"): row("                      L 403 200 403 403 403 403"),
    ("reporting:copil_create", None, "post"): row("                     L 403 200 403 403 403 403"),
    ("reporting:copil_series", None, "get"): row("                      L 403 200 403 403 403 403"),
    ("reporting:copil_series", None, "post"): row("                     L 403 200 403 403 403 403"),
    ("reporting:copil_settings", None, "get"): row("                    L 403 200 403 403 403 403"),
    ("reporting:copil_settings", None, "post"): row("                   L 403 200 403 403 403 403"),
    ("reporting:copil_detail", "copil_a", "get"): row("                 L 404 200 404 200 404 404"),
    ("reporting:copil_detail", "copil_b", "get"): row("                 L 404 200 404 404 404 404"),
    ("reporting:copil_detail", "copil_a", "post"): row("                L 405 405 405 405 405 405"),
    ("reporting:copil_edit", "copil_a", "get"): row("                   L 404 200 404 403 404 404"),
    ("reporting:copil_edit", "copil_a", "post"): row("                  L 404 200 404 403 404 404"),
    ("reporting:copil_edit", "copil_b", "get"): row("                   L 404 200 404 404 404 404"),
    ("reporting:copil_edit", "copil_b", "post"): row("                  L 404 200 404 404 404 404"),
    ("reporting:decision_create", "copil_a", "get"): row("              L 405 405 405 405 405 405"),
    ("reporting:decision_create", "copil_a", "post"): row("             L 404 200 404 200 404 404"),
    ("reporting:decision_create", "copil_b", "post"): row("             L 404 200 404 404 404 404"),
    ("reporting:pack_generate", "copil_a", "get"): row("                L 405 405 405 405 405 405"),
    ("reporting:pack_generate", "copil_a", "post"): row("               L 404 302 404 302 404 404"),
    ("reporting:pack_generate", "copil_b", "post"): row("               L 404 302 404 404 404 404"),
    ("reporting:decision_edit", "decision_a", "get"): row("             L 404 200 404 200 404 404"),
    ("reporting:decision_edit", "decision_a", "post"): row("            L 404 200 404 200 404 404"),
    ("reporting:decision_edit", "decision_b", "get"): row("             L 404 200 404 404 404 404"),
    ("reporting:decision_edit", "decision_b", "post"): row("            L 404 200 404 404 404 404"),
    ("reporting:pack_status", "pack_a", "get"): row("                   L 404 200 404 200 404 404"),
    ("reporting:pack_status", "pack_b", "get"): row("                   L 404 200 404 404 404 404"),
    ("reporting:pack_status", "pack_a", "post"): row("                  L 405 405 405 405 405 405"),
    ("reporting:pack_download", "pack_a", "get"): row("                 L 404 200 404 200 404 404"),
    ("reporting:pack_download", "pack_b", "get"): row("                 L 404 200 404 404 404 404"),
    ("reporting:pack_download", "pack_a", "post"): row("                L 405 405 405 405 405 405"),
}
