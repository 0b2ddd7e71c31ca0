"""The export test walks every list page: each page of the permission matrix that a role reads
with a paginated list (``page_obj`` in its context) offers its rows as CSV and Excel, both files
open and hold as many rows as the paginator counts. A page whose list is empty on the shared
world must have a case in tests/test_list_exports*.py that fills it and checks its filtered
rows, so a new list without its two buttons fails here, not in a user's hands."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from tests.conftest import ROLE_NAMES
from tests.shared_world import copied_world, shared_world  # noqa: F401 (fixtures)
from tests.test_list_exports import CASES as CASES_1
from tests.test_list_exports import EN, export_links, read_file
from tests.test_list_exports_more import CASES as CASES_2
from tests.test_permissions import MATRIX, _url

# Paginated pages that are not lists of portfolio data, each with its reason.
NOT_EXPORTED = {
    # The preview of a file the user is importing: they hold the file itself.
    "resources:cost_import_preview",
    "resources:capacity_import_preview",
    "lessons:lesson_import_preview",
    # A confirmation page (the status changes a scenario will make), not a list.
    "portfolios:scenario_commit",
}
# The case (tests/test_list_exports*.py) that fills each list the shared world leaves empty.
CASE_OF = {
    "governance:compliance_deliverables": "compliance_deliverables",
    "governance:compliance_heatmap": "compliance_heatmap",
    "lessons:action_list": "improvement_actions",
    "lessons:closure_list": "closure_reviews",
    "lessons:lesson_list": "lessons",
    "lessons:routing_coverage": "lesson_coverage",
    "portfolios:backlog": "backlog",
    "portfolios:objective_detail": "objective_contributions",
    "portfolios:scenario_list": "scenarios",
    "portfolios:scoring_proposals": "score_proposals",
    "reporting:copil_list": "meetings",
    "reporting:decision_list": "decision_log",
    "reporting:health_worse": "health_worse",
    "resources:alert_list": "alerts",
    "resources:capacity_cell": "capacity_cell",
    "resources:fte_consumption": "fte_consumption",
    "resources:import_log": "import_log",
    "resources:project_budget": "actual_costs",
    "resources:resource_list": "resources",
}
READERS = [role for role in ROLE_NAMES if role not in ("anonymous", "outsider")]


def _pages():
    """Every (url name, object) of the matrix some role reads (a GET answered 200), with the
    first role that reads it."""
    for (name, obj, method), expected in MATRIX.items():
        if method != "get" or name in NOT_EXPORTED or name.startswith("admin:"):
            continue
        role = next((r for r in READERS if expected[r] == 200), None)
        if role is not None:
            yield pytest.param(name, obj, role, id=f"{name}-{obj or ''}-{role}")


def test_the_cases_named_here_exist():
    assert set(CASE_OF.values()) <= set(CASES_1) | set(CASES_2)


@pytest.mark.parametrize(("name", "obj", "role"), list(_pages()))
def test_every_list_page_offers_its_rows_as_files(
    client_for, world, fresh_heartbeat, name, obj, role
):
    client = client_for(role)
    url = _url(world, name, obj)
    page = client.get(url, **EN)
    context = page.context
    if page.status_code != 200 or context is None or "page_obj" not in context:
        return  # not a list page (the permission matrix checks its answer)
    paginator = getattr(context["page_obj"], "paginator", None)
    if paginator is None:
        return
    if paginator.count == 0:
        assert name in CASE_OF, f"{name}: a list empty on the world with no export case"
        return
    links = export_links(page.content.decode(), None)
    assert set(links) == {"csv", "xlsx"}, f"{name}: a list page without its export buttons"
    for export, href in links.items():
        response = client.get(urljoin(url, href), **EN)
        assert response.status_code == 200, (name, export)
        assert response["Content-Disposition"].startswith("attachment;")
        header, rows = read_file(response, export)
        assert header, (name, export)
        if "table=" not in href:  # one of several lists: its own case counts its rows
            assert len(rows) == paginator.count, (name, export)
