"""Rows of the REST API's read endpoints of objectives, budgets, allocations, capacity,
alerts, steering committees and lessons (signed in here by the portal's session; tests/api/
test_read_*.py read the same answers with bearer tokens).

Each row equals the web page's answer for the same object (an anonymous caller: 401 instead
of the sign-in page): objectives and the register for every role (403 without one); a
project's budget for the PMO, Finance, its PM and the executives of its portfolio (resource
manager: 403; outside the scope: 404), its allocations and lessons for its readers; the
alerts page for the PMO, Finance and project managers, one alert for the PMO, Finance and
its PM; a meeting and its packs for the PMO, its portfolio's members (the executive reads
P1's ``copil_a``) and attendees. Every operation is a read: a POST answers 405."""

from tests.permission_rows import ON_DEMAND, row


def _cost(project_attribute: str):
    def build(world):
        from tests.resources.factories import ActualCostFactory

        return ActualCostFactory(project=getattr(world, project_attribute))

    return build


ON_DEMAND["cost_a"] = _cost("project_a")
ON_DEMAND["cost_b"] = _cost("project_b")

#                                                                    anon out pmo pm  exe rm  fin
ROWS = {
    ("api:objective-list", None, "get"): row("                       401 403 200 200 200 200 200"),
    ("api:objective-list", None, "post"): row("                      401 405 405 405 405 405 405"),
    ("api:objective-detail", "objective", "get"): row("              401 403 200 200 200 200 200"),
    ("api:objective-contribution-list", "objective", "get"): row("   401 403 200 200 200 200 200"),
    ("api:project-objective-list", "project_a", "get"): row("        401 404 200 200 200 200 200"),
    ("api:project-objective-list", "project_b", "get"): row("        401 404 200 404 404 200 200"),
    ("api:project-budget-line-list", "project_a", "get"): row("      401 404 200 200 200 403 200"),
    ("api:project-budget-line-list", "project_b", "get"): row("      401 404 200 404 404 403 200"),
    ("api:project-budget-line-list", "project_a", "post"): row("     401 405 405 405 405 405 405"),
    ("api:project-actual-cost-list", "project_a", "get"): row("      401 404 200 200 200 403 200"),
    ("api:project-actual-cost-list", "project_b", "get"): row("      401 404 200 404 404 403 200"),
    ("api:actual-cost-detail", "cost_a", "get"): row("               401 404 200 200 200 403 200"),
    ("api:actual-cost-detail", "cost_b", "get"): row("               401 404 200 404 404 403 200"),
    ("api:project-allocation-list", "project_a", "get"): row("       401 404 200 200 200 200 200"),
    ("api:project-allocation-list", "project_b", "get"): row("       401 404 200 404 404 200 200"),
    ("api:capacity-list", None, "get"): row("                        401 403 200 200 200 200 200"),
    ("api:budget-alert-list", None, "get"): row("                    401 403 200 200 403 403 200"),
    ("api:budget-alert-detail", "alert_a", "get"): row("             401 404 200 200 404 404 200"),
    ("api:budget-alert-detail", "alert_b", "get"): row("             401 404 200 404 404 404 200"),
    ("api:budget-alert-detail", "alert_a", "post"): row("            401 405 405 405 405 405 405"),
    ("api:copil-meeting-list", None, "get"): row("                   401 403 200 200 200 200 200"),
    ("api:copil-meeting-detail", "copil_a", "get"): row("            401 404 200 404 200 404 404"),
    ("api:copil-meeting-detail", "copil_b", "get"): row("            401 404 200 404 404 404 404"),
    ("api:copil-pack-detail", "pack_a", "get"): row("                401 404 200 404 200 404 404"),
    ("api:copil-pack-detail", "pack_b", "get"): row("                401 404 200 404 404 404 404"),
    ("api:copil-pack-download", "pack_a", "get"): row("              401 404 200 404 200 404 404"),
    ("api:copil-pack-download", "pack_b", "get"): row("              401 404 200 404 404 404 404"),
    ("api:copil-pack-download", "pack_a", "post"): row("             401 405 405 405 405 405 405"),
    ("api:lesson-list", None, "get"): row("                          401 403 200 200 200 200 200"),
    ("api:lesson-detail", "lesson_validated", "get"): row("          401 403 200 200 200 200 200"),
    ("api:lesson-detail", "lesson_draft_pm", "get"): row("           401 403 200 200 404 404 404"),
    ("api:lesson-detail", "lesson_draft_pmo", "get"): row("          401 403 200 404 404 404 404"),
    ("api:lesson-detail", "lesson_archived", "get"): row("           401 403 200 404 404 404 404"),
    ("api:project-lesson-list", "project_a", "get"): row("           401 404 200 200 200 200 200"),
    ("api:project-lesson-list", "project_b", "get"): row("           401 404 200 404 404 200 200"),
}
