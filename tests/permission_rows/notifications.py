"""Permission rows of the notification preferences page (any signed-in user, role or not)."""

from tests.permission_rows import row

#                                                            anon out pmo pm  exe rm  fin
ROWS = {
    ("notification_preferences", None, "get"): row("          L 200 200 200 200 200 200"),
    # An empty POST is bad input: the form comes back with its errors (200), nothing saved.
    ("notification_preferences", None, "post"): row("         L 200 200 200 200 200 200"),
}
