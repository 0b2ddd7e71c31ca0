"""The coverage map (objective × portfolio) and the project list's objective filter: counts
equal the hand count of tests/portfolios/test_objectives_world.py, objectives nobody serves
flagged in words, live projects serving no objective listed; every count opens the same
projects on the project list; the same number of queries at 20 and 2,000 projects."""

from __future__ import annotations

import pytest
from django.urls import reverse
from lxml import html

from portfolios.models import ObjectiveContribution, Project, ProjectStatus
from portfolios.selectors.objectives import UNSERVED_SHOWN, coverage_map
from tests.portfolios.test_objectives_world import build_hand_world

MAP = reverse("portfolios:objective_coverage")
LIST = reverse("portfolios:project_list")


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def hand(world):
    return build_hand_world(world)


def _table(data) -> dict[str, dict[str, object]]:
    return {
        row.objective.code: {
            **{column.portfolio.name: n for column, n in row.cells},
            "total": row.total,
            "candidates": row.candidates,
        }
        for row in data["rows"]
    }


def test_map_counts_equal_the_hand_count(world, hand):
    data = coverage_map(user=world.users["pmo"])
    assert [(c.portfolio.name, c.depth) for c in data["columns"]] == [
        ("Compagnie", 0),
        ("BU Nord", 1),
        ("BU Sud", 1),
    ]
    assert _table(data) == {
        "OBJ-1": {"Compagnie": 3, "BU Nord": 1, "BU Sud": 2, "total": 3, "candidates": 1},
        "OBJ-1.1": {"Compagnie": 2, "BU Nord": 1, "BU Sud": 1, "total": 2, "candidates": 1},
        "OBJ-1.1.1": {"Compagnie": 1, "BU Nord": 0, "BU Sud": 1, "total": 1, "candidates": 0},
        "OBJ-1.2": {"Compagnie": 1, "BU Nord": 1, "BU Sud": 0, "total": 1, "candidates": 0},
        "OBJ-2": {"Compagnie": 0, "BU Nord": 0, "BU Sud": 0, "total": 0, "candidates": 0},
    }
    assert [row.objective.code for row in data["not_served"]] == ["OBJ-2"]
    assert data["unserved_count"] == 2
    assert [p.code for p in data["unserved_projects"]] == ["PRJ-C", "PRJ-H"]


def test_map_is_scoped_to_the_reader(world, hand):
    data = coverage_map(user=world.users["executive"])  # a member of BU North
    assert [c.portfolio.name for c in data["columns"]] == ["Compagnie", "BU Nord"]
    table = _table(data)
    assert table["OBJ-1"] == {"Compagnie": 1, "BU Nord": 1, "total": 1, "candidates": 1}
    assert table["OBJ-1.1.1"]["total"] == 0  # PRJ-B is in the south
    assert [p.code for p in data["unserved_projects"]] == ["PRJ-C", "PRJ-H"]


def test_map_page_flags_and_links(client_for, world, hand):
    client = client_for("pmo")
    response = client.get(MAP)
    assert response.status_code == 200
    page = html.fromstring(response.content.decode())

    def row(objective):
        return page.xpath(f'//table[@id="coverage"]/tbody/tr[@id="objective-{objective.pk}"]')[0]

    def cell(objective, xpath):
        return " ".join(row(objective).xpath(f"string({xpath})").split())

    assert cell(hand.o2, './td[@data-figure="coverage"]') == "not served"
    assert cell(hand.root, './td[@data-figure="coverage"]') == "served"
    assert cell(hand.root, f'./td[@data-portfolio="{world.south.pk}"]') == "2"
    assert [li.text_content() for li in page.xpath('//ul[@id="not-served"]/li')] == [
        "OBJ-2 — Objectif deux"
    ]
    unserved = [
        " ".join(tr.text_content().split()) for tr in page.xpath('//table[@id="unserved"]/tbody/tr')
    ]
    assert [text.split(" — ")[0] for text in unserved] == ["PRJ-C", "PRJ-H"]
    summary = " ".join(page.xpath('//a[@id="kpi-unserved-projects"]/span/text()'))
    assert summary == "2 live projects serving no objective"

    # Each count opens the same projects on the project list.
    def listed(link):
        return [p.code for p in client.get(link.get("href")).context["projects"]]

    south = row(hand.root).xpath(f'./td[@data-portfolio="{world.south.pk}"]/a')[0]
    assert listed(south) == ["PRJ-B", "PRJ-F"]
    total = row(hand.o11).xpath('./td[@data-figure="total"]/a')[0]
    assert listed(total) == ["PRJ-A", "PRJ-B"]
    candidates = row(hand.o11).xpath('./td[@data-figure="candidates"]/a')[0]
    assert listed(candidates) == ["PRJ-D"]
    assert listed(page.xpath('//a[@id="kpi-unserved-projects"]')[0]) == ["PRJ-C", "PRJ-H"]


def test_map_empty_state(client_for, world):
    world.objective.delete()
    response = client_for("pmo").get(MAP)
    assert b"No strategic objective has been defined yet, so there is nothing to cover." in (
        response.content
    )
    assert b"Create the first objective" in response.content


def test_project_list_objective_filter(client_for, world, hand):
    client = client_for("pmo")

    def codes(**params):
        return [p.code for p in client.get(LIST, params).context["projects"]]

    # OBJ-1.1 and OBJ-1.1.1 below it; scores of 1 to 3; every status; archived hidden.
    assert codes(objective=hand.o11.pk) == ["PRJ-A", "PRJ-B", "PRJ-D"]
    assert codes(objective=hand.o11.pk, archived="true") == ["PRJ-A", "PRJ-B", "PRJ-D", "PRJ-E"]
    assert codes(objective=hand.o2.pk) == []
    assert codes(objective="none") == ["PRJ-C", "PRJ-H"]
    assert codes(objective="none", status="active") == ["PRJ-H"]
    response = client.get(LIST, {"objective": "999999"})
    assert "Select a valid choice." in response.content.decode()
    assert "Strategic objective" in response.content.decode()


def _grow(world, hand, count: int) -> None:
    """``count`` more projects (bulk inserts), the i-th active, approved or proposed as i % 3
    is 0, 1 or 2; the active ones serve nothing, the others serve OBJ-1.1 and OBJ-2."""
    first = Project.objects.count()
    statuses = [ProjectStatus.ACTIVE, ProjectStatus.APPROVED, ProjectStatus.PROPOSED]
    projects = Project.objects.bulk_create(
        Project(
            code=f"BLK-{first + i:05d}",
            name=f"Projet {i}",
            portfolio=world.p1 if i % 2 else world.p2,
            status=statuses[i % 3],
            business_domain=world.project_a.business_domain,
            project_type=world.project_a.project_type,
            manager=world.users["pm"],
            planned_start=world.project_a.planned_start,
            planned_end=world.project_a.planned_end,
        )
        for i in range(count)
    )
    ObjectiveContribution.objects.bulk_create(
        ObjectiveContribution(project=p, objective=objective, score=2)
        for i, p in enumerate(projects)
        if i % 3
        for objective in (hand.o11, hand.o2)
    )


@pytest.mark.parametrize("role", ["pmo", "executive"])
def test_map_query_count_at_20_and_2000_projects(
    client_for, world, hand, role, django_assert_max_num_queries
):
    client = client_for(role)
    client.get(MAP)

    def count() -> int:
        with django_assert_max_num_queries(20) as captured:
            assert client.get(MAP).status_code == 200
        return len(captured.captured_queries)

    _grow(world, hand, 20)
    small = count()
    _grow(world, hand, 1980)
    assert count() == small
    if role == "pmo":
        # Hand count at 2,000 more: i % 3 == 1 (approved) serve OBJ-1.1 and OBJ-2, i % 3 == 2
        # (proposed) are candidates of both, i % 3 == 0 (active) serve nothing.
        def grown(rest: int) -> int:
            return sum(1 for n in (20, 1980) for i in range(n) if i % 3 == rest)

        assert (grown(0), grown(1), grown(2)) == (667, 667, 666)
        data = coverage_map(user=world.users["pmo"])
        table = _table(data)
        assert table["OBJ-2"]["total"] == 667
        assert table["OBJ-1.1"]["total"] == 2 + 667
        assert table["OBJ-1"]["total"] == 3 + 667
        assert table["OBJ-1"]["candidates"] == 1 + 666
        assert table["OBJ-2"]["candidates"] == 666
        assert data["unserved_count"] == 2 + 667
        assert len(data["unserved_projects"]) == UNSERVED_SHOWN
