"""Rows of the project's "Team needs" tab (resources/views/team_needs.py).

Every reader of a project reads it; it is saved by whoever edits the project's business case
(the PMO and the project's manager; an empty POST changes nothing and redirects, 302).
Outside the reader's scope: 404. Writes are POST only.
"""

from tests.permission_rows import row

TAB = "resources:project_team_needs"
SAVE = "resources:project_team_needs_save"

#                                                anon out pmo pm  exe rm  fin
ROWS = {
    (TAB, "project_a", "get"): row("                L 404 200 200 200 200 200"),
    (TAB, "project_b", "get"): row("                L 404 200 404 404 200 200"),
    (TAB, "project_a", "post"): row("               L 405 405 405 405 405 405"),
    (SAVE, "project_a", "post"): row("              L 404 302 302 403 403 403"),
    (SAVE, "project_b", "post"): row("              L 404 302 404 404 403 403"),
    (SAVE, "project_a", "get"): row("               L 405 405 405 405 405 405"),
}
