"""What schemathesis found (tests/api/test_schemathesis.py), one case each: a path or a
parameter the API cannot read gets a problem-details answer that says so (404, 400, 405),
never a server error nor a value silently ignored; and the schema documents those answers."""

from __future__ import annotations

import pytest

from pmo_portal.models import ApiTokenKind, ApiTokenScope
from tests.api.conftest import issue
from tests.api.test_tokens import assert_problem

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/projects/null,null/",  # the viewset's own route (was a server error)
        "/api/v1/raid-items/-3/",
        "/api/v1/projects/abc/milestones/",  # no route at all (was the site's HTML page)
        "/api/v1/nothing-here/",
    ],
)
def test_an_id_that_is_not_a_number_is_a_404_problem(api, bearer, world, path):
    assert_problem(api.get(path, **bearer("pmo")), 404)


def test_the_site_keeps_its_own_404_page(client_for, world):
    response = client_for("pm").get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("value", ["0", "501", "abc", "null", "1.5", "٣"])
def test_a_page_size_out_of_range_is_refused(api, bearer, world, value):
    response = api.get(f"/api/v1/portfolios/?page_size={value}", **bearer("pmo"))
    body = assert_problem(response, 400)
    assert "page_size" in body["errors"]


def test_the_largest_page_size_is_served(api, bearer, world):
    response = api.get("/api/v1/portfolios/?page_size=500", **bearer("pmo"))
    assert response.status_code == 200
    assert len(response.json()["results"]) == 5


def test_a_filter_value_the_list_does_not_know_is_refused(api, bearer, world):
    headers = bearer("pmo")
    body = assert_problem(api.get("/api/v1/projects/?archived=maybe", **headers), 400)
    assert "archived" in body["errors"]
    archived = api.get("/api/v1/projects/?archived=true", **headers)
    assert archived.status_code == 200
    raid = f"/api/v1/projects/{world.project_a.pk}/raid-items/"
    body = assert_problem(api.get(f"{raid}?status=AAA&impact=9", **headers), 400)
    assert set(body["errors"]) == {"status", "impact"}
    rows = api.get(f"{raid}?status=active&kind=risk", **headers).json()["results"]
    assert [row["title"] for row in rows] == ["Risque Alpha"]
    # The query is checked against the operation's documentation first (the same 400 for
    # every project, which says nothing of the project); then, outside the caller's scope,
    # the project is a 404.
    raid_b = f"/api/v1/projects/{world.project_b.pk}/raid-items/"
    assert_problem(api.get(f"{raid_b}?status=AAA", **bearer("pm")), 400)
    assert_problem(api.get(f"{raid_b}?status=active", **bearer("pm")), 404)


def test_a_method_the_url_does_not_have_is_405_even_with_every_scope(api, world):
    _token, secret = issue(
        world.users["pmo"], kind=ApiTokenKind.SERVICE, scopes=list(ApiTokenScope)
    )
    response = api.post("/api/v1/projects/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert_problem(response, 405)
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    # Without a token, still the Bearer challenge first.
    assert_problem(api.delete(f"/api/v1/projects/{world.project_a.pk}/"), 401)


def test_the_schema_documents_the_errors_and_the_etag(api, bearer, world):
    schema = api.get("/api/v1/schema/", **bearer("pmo")).json()
    detail = schema["paths"]["/api/v1/projects/{id}/"]["get"]
    assert detail["parameters"][0]["name"] == "If-None-Match"
    assert [p["schema"]["type"] for p in detail["parameters"] if p["in"] == "path"] == ["integer"]
    responses = detail["responses"]
    assert sorted(responses) == ["200", "304", "401", "403", "404", "429"]
    assert responses["200"]["headers"]["ETag"]["required"] is True
    problem = {"$ref": "#/components/schemas/Problem"}
    assert responses["404"]["content"] == {"application/problem+json": {"schema": problem}}
    assert "Retry-After" in responses["429"]["headers"]
    listing = schema["paths"]["/api/v1/projects/"]["get"]
    assert "400" in listing["responses"]
    page_size = next(p for p in listing["parameters"] if p["name"] == "page_size")
    assert page_size["schema"] == {"type": "integer", "minimum": 1, "maximum": 500}
