"""The read endpoints: each role reads through the API exactly what the web shows it, 404
outside the scope and 403 without a role, cursor pages, ETags, constant query counts, and a
schema that generates without a warning."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pmo_portal.roles import Role
from tests.api.test_tokens import assert_problem
from tests.conftest import ROLE_NAMES
from tests.portfolios.factories import ProjectFactory, UserFactory
from tests.reporting.factories import RiskFactory

pytestmark = pytest.mark.django_db
SIGNED_IN = [role for role in ROLE_NAMES if role != "anonymous"]


def _all_pages(api, url, headers) -> list[dict]:
    rows = []
    while url:
        response = api.get(url, **headers)
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["results"]
        url = body["next"]
    return rows


@pytest.mark.parametrize("role", SIGNED_IN)
def test_each_role_lists_the_projects_the_web_lists(client_for, api, bearer, world, role):
    # A third project, of the PM's portfolio but managed by someone else: the PM reads it.
    ProjectFactory(code="PRJ-C", portfolio=world.p1)
    ProjectFactory(code="PRJ-Z", portfolio=world.p2, is_archived=True)
    web = client_for(role).get(reverse("portfolios:project_list"))
    response = api.get("/api/v1/projects/", **bearer(role))
    assert response.status_code == web.status_code
    if web.status_code == 200:
        codes = [row["code"] for row in response.json()["results"]]
        assert codes == [project.code for project in web.context["page_obj"].paginator.object_list]


@pytest.mark.parametrize("role", SIGNED_IN)
def test_each_role_lists_the_portfolios_of_its_tree(client_for, api, bearer, world, role):
    web = client_for(role).get(reverse("portfolios:tree"))
    response = api.get("/api/v1/portfolios/", **bearer(role))
    assert response.status_code == web.status_code
    if web.status_code == 200:
        names = sorted(row["name"] for row in response.json()["results"])
        assert names == sorted(row.node.name for row in web.context["rows"])


def test_a_project_carries_its_declared_status(api, bearer, world):
    project = world.project_a
    project.health_overall, project.percent_complete = 3, 40
    project.save()
    body = api.get(f"/api/v1/projects/{project.pk}/", **bearer("executive")).json()
    assert body["code"] == "PRJ-A"
    assert body["portfolio_name"] == "Portefeuille Nord 1"
    assert body["declared_status"]["health_overall"] == 3
    assert body["declared_status"]["percent_complete"] == 40


def test_outside_the_scope_is_404_and_without_a_role_403(api, bearer, world):
    pm = bearer("pm")
    b = world.project_b
    for url in [
        f"/api/v1/projects/{b.pk}/",
        f"/api/v1/projects/{b.pk}/status-reports/",
        f"/api/v1/projects/{b.pk}/milestones/",
        f"/api/v1/projects/{b.pk}/raid-items/",
        f"/api/v1/status-reports/{world.report_b.pk}/",
        f"/api/v1/milestones/{world.milestone_b.pk}/",
        f"/api/v1/raid-items/{world.risk_b.pk}/",
        f"/api/v1/portfolios/{world.p2.pk}/",
        "/api/v1/projects/999999/",
    ]:
        assert_problem(api.get(url, **pm), 404)
    outsider = bearer("outsider")
    assert_problem(api.get("/api/v1/projects/", **outsider), 403)
    assert_problem(api.get("/api/v1/portfolios/", **outsider), 403)
    assert_problem(api.get(f"/api/v1/projects/{world.project_a.pk}/", **outsider), 404)


def test_a_projects_reports_milestones_and_raid_log(api, bearer, world):
    headers = bearer("pm")
    a = world.project_a.pk
    reports = api.get(f"/api/v1/projects/{a}/status-reports/", **headers).json()["results"]
    assert [row["id"] for row in reports] == [world.draft_a.pk, world.report_a.pk]
    milestones = api.get(f"/api/v1/projects/{a}/milestones/", **headers).json()["results"]
    assert [row["name"] for row in milestones] == ["Go-live Alpha"]
    RiskFactory(project=world.project_a, title="Issue Alpha", kind="issue")
    risks = api.get(f"/api/v1/projects/{a}/raid-items/?kind=risk", **headers).json()["results"]
    assert [row["title"] for row in risks] == ["Risque Alpha"]
    report = api.get(f"/api/v1/status-reports/{world.report_a.pk}/", **headers).json()
    assert report["status"] == "submitted"
    assert report["project"] == a


def test_cursor_pages_walk_every_project_once(api, bearer, world):
    for n in range(7):
        ProjectFactory(code=f"PRJ-P{n}", portfolio=world.p1)
    headers = bearer("pmo")
    first = api.get("/api/v1/projects/?page_size=3", **headers).json()
    assert len(first["results"]) == 3
    assert "count" not in first
    codes = [row["code"] for row in _all_pages(api, "/api/v1/projects/?page_size=3", headers)]
    assert codes == sorted(codes)
    assert len(codes) == len(set(codes)) == 9
    by_name = _all_pages(api, "/api/v1/projects/?page_size=4&ordering=-name", headers)
    assert [row["name"] for row in by_name] == sorted((r["name"] for r in by_name), reverse=True)


def test_filters_of_the_web_list_apply_and_bad_values_answer_400(api, bearer, world):
    ProjectFactory(code="PRJ-H", portfolio=world.p1, status="on_hold")
    headers = bearer("pmo")
    rows = api.get("/api/v1/projects/?status=on_hold", **headers).json()["results"]
    assert [row["code"] for row in rows] == ["PRJ-H"]
    rows = api.get(f"/api/v1/projects/?portfolio={world.north.pk}", **headers).json()["results"]
    assert [row["code"] for row in rows] == ["PRJ-A", "PRJ-H"]
    body = assert_problem(api.get("/api/v1/projects/?status=nonsense", **headers), 400)
    assert "status" in body["errors"]


def test_a_detail_answers_304_while_unchanged(api, bearer, world):
    headers = bearer("pm")
    url = f"/api/v1/projects/{world.project_a.pk}/"
    first = api.get(url, **headers)
    etag = first["ETag"]
    again = api.get(url, HTTP_IF_NONE_MATCH=etag, **headers)
    assert again.status_code == 304
    assert again.content == b""
    world.project_a.name = "Projet Alpha 2"
    world.project_a.save()
    changed = api.get(url, HTTP_IF_NONE_MATCH=etag, **headers)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    risk = f"/api/v1/raid-items/{world.risk_a.pk}/"
    tag = api.get(risk, **headers)["ETag"]
    assert api.get(risk, HTTP_IF_NONE_MATCH=f"W/{tag}", **headers).status_code == 304


def _list_queries(api, headers, url) -> int:
    api.get(url, **headers)  # the token's first use of the minute writes its last_used_at
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url, **headers)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["pmo", "pm", "executive"])
def test_the_project_list_costs_the_same_at_two_sizes(api, bearer, world, role):
    headers = bearer(role)
    manager = UserFactory(roles=[Role.PROJECT_MANAGER])
    ProjectFactory.create_batch(3, portfolio=world.p1, manager=manager)
    small = _list_queries(api, headers, "/api/v1/projects/")
    ProjectFactory.create_batch(40, portfolio=world.p1)
    large = _list_queries(api, headers, "/api/v1/projects/")
    assert large == small
    assert small <= 8


def test_the_nested_lists_cost_the_same_at_two_sizes(api, bearer, world):
    headers = bearer("pm")
    url = f"/api/v1/projects/{world.project_a.pk}/raid-items/"
    small = _list_queries(api, headers, url)
    RiskFactory.create_batch(20, project=world.project_a, owner=world.users["pm"])
    assert _list_queries(api, headers, url) == small


def test_the_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))
    assert (tmp_path / "s.yaml").read_text().startswith("openapi: 3.1.0")


def test_the_schema_and_its_page_are_served(api, bearer, world, client_for):
    response = api.get("/api/v1/schema/", **bearer("finance"))
    assert response.status_code == 200
    assert b"/api/v1/projects/" in response.content
    assert_problem(api.get("/api/v1/schema/"), 401)
    page = client_for("pm").get(reverse("api:docs"))
    assert page.status_code == 200
    assert b"swagger-ui-bundle.js" in page.content
    assert b"//cdn" not in page.content
    assert b"https://" not in page.content
    script = client_for("pm").get(reverse("api:docs") + "?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
