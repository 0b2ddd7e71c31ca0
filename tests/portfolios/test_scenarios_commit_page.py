"""The scenario's commit page, paginated (issue 12): the status changes a page at a time with
their totals above, the same changes as the commit applies (pages.planned_changes), and the
same number of queries for 20 and 2,000 changes."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portfolios.models import Project, ProjectStatus, ScenarioProject, ScenarioStatus
from portfolios.selectors import scenarios_commit as commit_changes
from portfolios.selectors import scenarios_pages as pages
from tests.portfolios.test_scenarios_world import arbitrage_portfolio, page, scenario

# (status, selected) of the i-th project, i % 7: every case of the commit's rule.
CASES = [
    (ProjectStatus.PROPOSED, True),  # approved
    (ProjectStatus.PROPOSED, False),  # rejected
    (ProjectStatus.APPROVED, False),  # rejected
    (ProjectStatus.ACTIVE, False),  # put on hold
    (ProjectStatus.APPROVED, True),  # unchanged
    (ProjectStatus.ACTIVE, True),  # unchanged
    (ProjectStatus.ON_HOLD, False),  # unchanged
]


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def plan(world):
    portfolio = arbitrage_portfolio(world)
    solved = scenario(world.users["pmo"], portfolio, limits={})
    solved.status = ScenarioStatus.SOLVED
    solved.save(update_fields=["status"])
    return solved


def _grow(world, plan, count: int, *, archived_every: int = 0) -> None:
    """``count`` more candidates of ``plan`` (bulk inserts), the i-th in case i % 7."""
    first = Project.objects.count()
    reference = world.project_a
    projects = Project.objects.bulk_create(
        Project(
            code=f"CMT-{first + i:05d}",
            name=f"Candidat {first + i}",
            portfolio=plan.portfolio,
            business_domain=reference.business_domain,
            project_type=reference.project_type,
            manager=reference.manager,
            status=CASES[i % 7][0],
            is_archived=bool(archived_every) and i % archived_every == 0,
            planned_start=reference.planned_start,
            planned_end=reference.planned_end,
        )
        for i in range(count)
    )
    ScenarioProject.objects.bulk_create(
        ScenarioProject(scenario=plan, project=project, selected=CASES[i % 7][1])
        for i, project in enumerate(projects)
    )


def _url(plan):
    return reverse("portfolios:scenario_commit", args=[plan.pk])


def test_the_lines_are_the_changes_the_commit_applies(world, plan):
    _grow(world, plan, 70, archived_every=9)
    expected = [(c["project"].code, c["old"], c["new"]) for c in pages.planned_changes(plan)]
    lines = commit_changes.change_lines(plan)
    assert [(line.project.code, line.project.status, line.new_status) for line in lines] == (
        expected
    )
    # 4 cases of 7 change (40 of 70); archived: i = 0, 9, 36, 45, 63 among them.
    assert len(expected) == 40 - 5
    totals = {(t["old"], t["new"]): t["count"] for t in commit_changes.change_totals(plan)}
    by_pair: dict = {}
    for _code, old, new in expected:
        by_pair[(old, new)] = by_pair.get((old, new), 0) + 1
    assert totals == by_pair
    assert set(totals) == {
        (ProjectStatus.PROPOSED, ProjectStatus.APPROVED),
        (ProjectStatus.PROPOSED, ProjectStatus.REJECTED),
        (ProjectStatus.APPROVED, ProjectStatus.REJECTED),
        (ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD),
    }


def test_the_page_shows_totals_and_one_page_of_changes(client_for, world, plan, settings):
    settings.PAGINATE_BY = 10
    _grow(world, plan, 42)  # 24 changes: 6 of each kind
    client = client_for("pmo")
    first = page(client.get(_url(plan)))
    assert " ".join(first.xpath("string(//h2[@id='h-changes'])").split()) == "24 status changes"
    totals = [
        " ".join(li.text_content().split()) for li in first.xpath("//ul[@id='change-totals']/li")
    ]
    assert totals == [
        "6 projects: Proposed → Approved",
        "6 projects: Proposed → Rejected",
        "6 projects: Approved → Rejected",
        "6 projects: Active → On hold",
    ]
    rows = first.xpath('//table[@id="changes"]/tbody/tr')
    assert len(rows) == 10
    assert first.xpath('//nav//a[contains(@href, "page=3")]')
    last = page(client.get(_url(plan), {"page": 3}))
    codes = [tr.get("data-project") for tr in last.xpath('//table[@id="changes"]/tbody/tr')]
    every = [line.project.code for line in commit_changes.change_lines(plan)]
    assert codes == every[20:]
    assert "Changes 21 to 24 of 24, by project code." in last.text_content()
    # The totals stay whole on every page.
    assert len(last.xpath("//ul[@id='change-totals']/li")) == 4


def test_no_change_says_so(client_for, world, plan):
    response = client_for("pmo").get(_url(plan))
    assert response.status_code == 200
    assert b"0 status changes" in response.content
    assert b"No status changes: the portfolio already matches the scenario." in response.content


def _count(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


def test_query_count_is_the_same_for_20_and_2000_projects(
    client_for, world, plan, django_assert_max_num_queries
):
    client = client_for("pmo")
    client.get(_url(plan))  # warm the session
    _grow(world, plan, 20)
    small = [_count(client, _url(plan)), _count(client, _url(plan), {"page": 2})]
    _grow(world, plan, 1980)
    large = [_count(client, _url(plan)), _count(client, _url(plan), {"page": 2})]
    assert small == large
    with django_assert_max_num_queries(20):
        response = client.get(_url(plan), {"page": 40})
    assert len(page(response).xpath('//table[@id="changes"]/tbody/tr')) == 25
    # 2,000 candidates, 4 cases of 7 change: a page of 25 rows, the total above.
    heading = page(response).xpath("string(//h2[@id='h-changes'])")
    assert int(re.sub(r"\D", "", heading)) == len(pages.planned_changes(plan)) > 1000
