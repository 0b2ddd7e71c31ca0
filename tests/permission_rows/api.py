"""Rows of the REST API (/api/v1/, signed in here by the portal's session; tests/api/ walks
the same answers with bearer tokens) and of the "My API tokens" pages.

The API answers like the web pages: 404 outside the reader's scope, 403 without a role; an
anonymous caller gets 401 (a Bearer challenge), not the sign-in page. Tokens: any signed-in
user manages their own; the PMO everyone's (another user's token: 404)."""

from tests.permission_rows import ON_DEMAND, row


def _token_of(role: str):
    def build(world):
        from tests.api.conftest import issue

        token, _secret = issue(world.users[role], name=f"Jeton {role}")
        return token

    return build


ON_DEMAND["api_token_pm"] = _token_of("pm")

#                                                                    anon out pmo pm  exe rm  fin
ROWS = {
    ("api:portfolio-list", None, "get"): row("                       401 403 200 200 200 200 200"),
    ("api:portfolio-detail", "p1", "get"): row("                     401 404 200 200 200 200 200"),
    ("api:portfolio-detail", "p2", "get"): row("                     401 404 200 404 404 200 200"),
    ("api:project-list", None, "get"): row("                         401 403 200 200 200 200 200"),
    ("api:project-detail", "project_a", "get"): row("                401 404 200 200 200 200 200"),
    ("api:project-detail", "project_b", "get"): row("                401 404 200 404 404 200 200"),
    ("api:project-status-report-list", "project_a", "get"): row("    401 404 200 200 200 200 200"),
    ("api:project-status-report-list", "project_b", "get"): row("    401 404 200 404 404 200 200"),
    ("api:status-report-detail", "report_a", "get"): row("           401 404 200 200 200 200 200"),
    ("api:status-report-detail", "report_b", "get"): row("           401 404 200 404 404 200 200"),
    ("api:project-milestone-list", "project_a", "get"): row("        401 404 200 200 200 200 200"),
    ("api:project-milestone-list", "project_b", "get"): row("        401 404 200 404 404 200 200"),
    ("api:milestone-detail", "milestone_a", "get"): row("            401 404 200 200 200 200 200"),
    ("api:milestone-detail", "milestone_b", "get"): row("            401 404 200 404 404 200 200"),
    ("api:project-raid-item-list", "project_a", "get"): row("        401 404 200 200 200 200 200"),
    ("api:project-raid-item-list", "project_b", "get"): row("        401 404 200 404 404 200 200"),
    ("api:raid-item-detail", "risk_a", "get"): row("                 401 404 200 200 200 200 200"),
    ("api:raid-item-detail", "risk_b", "get"): row("                 401 404 200 404 404 200 200"),
    # No write yet: every operation is read-only (405 whoever asks).
    ("api:project-detail", "project_a", "post"): row("               401 405 405 405 405 405 405"),
    ("api:project-list", None, "post"): row("                        401 405 405 405 405 405 405"),
    ("api:schema", None, "get"): row("                               401 200 200 200 200 200 200"),
    ("api:docs", None, "get"): row("                                   L 200 200 200 200 200 200"),
    ("api_tokens", None, "get"): row("                                 L 200 200 200 200 200 200"),
    ("api_token_create", None, "get"): row("                           L 200 200 200 200 200 200"),
    # An empty POST is bad input: the form comes back with its errors (200), nothing saved.
    ("api_token_create", None, "post"): row("                          L 200 200 200 200 200 200"),
    ("api_token_revoke", "api_token_pm", "post"): row("                L 404 302 302 404 404 404"),
    ("api_token_revoke", "api_token_pm", "get"): row("                 L 405 405 405 405 405 405"),
}

# Writes (session here; tests/api/test_writes.py and test_imports.py with tokens). An empty
# body is bad input: 400 for whoever may write, as the web's form comes back with its errors.
#                                                                    anon out pmo pm  exe rm  fin
ROWS |= {
    # This period's draft of A exists already (200); B has none yet (201: created).
    ("api:project-status-report-list", "project_a", "post"): row("   401 404 200 200 403 403 403"),
    ("api:project-status-report-list", "project_b", "post"): row("   401 404 201 404 404 403 403"),
    ("api:status-report-detail", "draft_a", "patch"): row("          401 404 400 400 403 403 403"),
    ("api:status-report-detail", "report_a", "patch"): row("         401 404 403 403 403 403 403"),
    ("api:status-report-detail", "report_b", "patch"): row("         401 404 403 404 404 403 403"),
    ("api:status-report-detail", "draft_a", "put"): row("            401 405 405 405 405 405 405"),
    ("api:status-report-detail", "draft_a", "delete"): row("         401 405 405 405 405 405 405"),
    ("api:import-actual-costs-list", None, "post"): row("            401 403 400 403 403 403 400"),
    ("api:import-actual-costs-list", None, "get"): row("             401 405 405 405 405 405 405"),
    ("api:import-capacity-list", None, "post"): row("                401 403 400 403 403 400 403"),
    ("api:import-capacity-list", None, "get"): row("                 401 405 405 405 405 405 405"),
    ("api:import-allocations-list", None, "post"): row("             401 403 400 400 400 400 400"),
    ("api:import-allocations-list", None, "get"): row("              401 405 405 405 405 405 405"),
}
