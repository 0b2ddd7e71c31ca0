"""Permission rows of the self-service password reset (open to everyone, signed in or not)."""

from tests.permission_rows import row

#                                                            anon out pmo pm  exe rm  fin
ROWS = {
    ("password_reset", None, "get"): row("                    200 200 200 200 200 200 200"),
    # An empty POST is bad input: the form comes back with its error (200), nothing sent.
    ("password_reset", None, "post"): row("                   200 200 200 200 200 200 200"),
    ("password_reset_done", None, "get"): row("               200 200 200 200 200 200 200"),
    # A valid link moves its token into the session and redirects to the form.
    ("password_reset_confirm", "reset_link", "get"): row("     302 302 302 302 302 302 302"),
    # A used, expired or forged link: the page that says so, and a way to ask again.
    ("password_reset_confirm", "stale_reset_link", "get"): row("200 200 200 200 200 200 200"),
    ("password_reset_complete", None, "get"): row("           200 200 200 200 200 200 200"),
}
