"""The objective tree and an objective's page: roll-ups equal the hand count of
tests/portfolios/test_objectives_world.py (a project serving several sub-objectives counted
once at their parent), KPIs shown as actual / target in words, the reader's scope, the
empty state, and a query count that does not grow with the projects."""

from __future__ import annotations

from decimal import Decimal

import html5lib
import pytest
import time_machine
from django.urls import reverse
from lxml import html

from portfolios.models import (
    BusinessCaseYear,
    ObjectiveContribution,
    ObjectiveKPI,
    Project,
    ProjectStatus,
)
from portfolios.selectors.objectives import objective_tree
from tests.portfolios.factories import ContributionFactory, ObjectiveFactory
from tests.portfolios.test_objectives_world import TODAY, YEAR, build_hand_world
from tests.security_headers import inline_code

LIST = reverse("portfolios:objective_list")


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def hand(world):
    return build_hand_world(world)


def _figures(node) -> tuple:
    return (node.rollup.projects, node.rollup.capex, node.rollup.opex, node.rollup.fte)


def test_rollup_equals_the_hand_count(world, hand):
    nodes = {n.objective.code: n for n in objective_tree(user=world.users["pmo"], year=YEAR)}
    assert [(code, n.depth) for code, n in nodes.items()] == [
        ("OBJ-1", 0),
        ("OBJ-1.1", 1),
        ("OBJ-1.1.1", 2),
        ("OBJ-1.2", 1),
        ("OBJ-2", 0),
    ]
    d = Decimal
    assert _figures(nodes["OBJ-1"]) == (3, d("160000"), d("25000"), d("4.0"))
    assert nodes["OBJ-1"].rollup.budget == d("185000")
    assert _figures(nodes["OBJ-1.1"]) == (2, d("150000"), d("20000"), d("3.5"))
    assert _figures(nodes["OBJ-1.1.1"]) == (1, d("50000"), d("0"), d("1.0"))
    assert _figures(nodes["OBJ-1.2"]) == (1, d("100000"), d("20000"), d("2.5"))
    assert _figures(nodes["OBJ-2"]) == (0, d("0"), d("0"), d("0"))
    assert not nodes["OBJ-2"].served


def test_rollup_counts_only_what_the_reader_sees(world, hand):
    nodes = {n.objective.code: n for n in objective_tree(user=world.users["pm"], year=YEAR)}
    # The PM reads P1 only: PRJ-B and PRJ-F (P2) are not theirs to see.
    assert _figures(nodes["OBJ-1"]) == (1, Decimal("100000"), Decimal("20000"), Decimal("2.5"))
    assert nodes["OBJ-1.1.1"].rollup.projects == 0


def _rows(response) -> dict[str, dict[str, str]]:
    page = html.fromstring(response.content.decode())
    rows = {}
    for tr in page.xpath('//table[@id="objective-tree"]/tbody/tr'):
        code = tr.xpath("string(./th)").split("—")[0].replace("└", "").strip()
        rows[code] = {
            cell.get("data-figure"): " ".join(cell.text_content().split())
            for cell in tr.xpath("./td[@data-figure]")
        }
    return rows


@time_machine.travel(TODAY, tick=False)
def test_tree_page_shows_the_rollup_and_kpis(client_for, world, hand):
    ObjectiveKPI.objects.create(
        objective=hand.root, name="Part EnR", unit="%", target=40, actual=Decimal("32")
    )
    ObjectiveKPI.objects.create(objective=hand.root, name="Clients raccordés", target=1000)
    response = client_for("pmo").get(LIST)
    assert response.status_code == 200
    rows = _rows(response)
    assert rows["OBJ-1"]["projects"] == "3"
    assert rows["OBJ-1"]["budget"] == "185"  # k€
    assert rows["OBJ-1"]["fte"] == "4.0"
    assert rows["OBJ-1.1"]["budget"] == "170"
    assert rows["OBJ-2"]["projects"] == "0 not served"
    assert "Part EnR — 32 / 40 % · 80 % of target" in rows["OBJ-1"]["kpis"]
    assert "Clients raccordés — not measured / 1,000" in rows["OBJ-1"]["kpis"]
    assert rows["OBJ-2"]["kpis"] == "No indicator"
    assert "Budget 2026 (k€)" in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_a_count_opens_the_same_projects_on_the_project_list(client_for, world, hand):
    """The roll-up and the project list's objective filter agree (subtree, live, once)."""
    client = client_for("pmo")
    page = html.fromstring(client.get(LIST).content.decode())
    link = page.xpath(f'//tr[@id="objective-{hand.root.pk}"]//td[@data-figure="projects"]/a')[0]
    listed = client.get(link.get("href"))
    assert [p.code for p in listed.context["projects"]] == ["PRJ-A", "PRJ-B", "PRJ-F"]


def test_tree_empty_state(client_for, world):
    world.objective.delete()
    response = client_for("pmo").get(LIST)
    assert b"No strategic objective has been defined yet." in response.content
    assert b"Create the first objective" in response.content
    response = client_for("executive").get(LIST)
    assert b"The PMO defines them." in response.content
    assert b"Create the first objective" not in response.content


def _grow(world, objectives, count: int) -> None:
    """``count`` more live projects, each contributing to two objectives, with a business
    case of the year (bulk inserts)."""
    first = Project.objects.count()
    projects = Project.objects.bulk_create(
        Project(
            code=f"BLK-{first + i:05d}",
            name=f"Projet {i}",
            portfolio=world.p1 if i % 2 else world.p2,
            business_domain=world.project_a.business_domain,
            project_type=world.project_a.project_type,
            manager=world.users["pm"],
            status=ProjectStatus.ACTIVE,
            planned_start=TODAY,
            planned_end=TODAY,
        )
        for i in range(count)
    )
    ObjectiveContribution.objects.bulk_create(
        ObjectiveContribution(project=p, objective=objectives[(i + k) % 3], score=1 + k)
        for i, p in enumerate(projects)
        for k in (0, 1)
    )
    BusinessCaseYear.objects.bulk_create(
        BusinessCaseYear(project=p, year=YEAR, capex=1000, opex=100, fte=1) for p in projects
    )


@pytest.mark.parametrize("role", ["pmo", "pm", "executive"])
@time_machine.travel(TODAY, tick=False)
def test_pages_query_count_does_not_grow(
    client_for, world, hand, role, django_assert_max_num_queries
):
    objectives = [hand.o11, hand.o12, hand.o2]
    ObjectiveKPI.objects.create(objective=hand.o11, name="KPI", target=10, actual=5)
    client = client_for(role)
    urls = [LIST, hand.root.get_absolute_url(), hand.o11.get_absolute_url()]
    client.get(LIST)  # the session

    def counts():
        found = []
        for url in urls:
            with django_assert_max_num_queries(25) as captured:
                assert client.get(url).status_code == 200
            found.append(len(captured.captured_queries))
        return found

    _grow(world, objectives, 5)
    small = counts()
    _grow(world, objectives, 45)
    assert counts() == small
    # The PMO's view of OBJ-1 after growing: 3 + 50 projects (each serving OBJ-1 below it).
    if role == "pmo":
        node = next(n for n in objective_tree(user=world.users["pmo"], year=YEAR) if n.depth == 0)
        assert node.rollup.projects == 3 + 50


# --- An objective's page ---------------------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_objective_page_rollup_children_and_contributions(client_for, world, hand):
    response = client_for("pmo").get(hand.root.get_absolute_url())
    assert response.status_code == 200
    page = html.fromstring(response.content.decode())

    def text(xpath):
        return " ".join(page.xpath(f"string({xpath})").split())

    assert text('//a[@id="rollup-projects"]/span[1]') == "3"
    assert text('//*[@id="rollup-budget"]') == "185,000 €"
    assert text('//*[@id="rollup-fte"]') == "4.0"
    children = [
        " ".join(tr.text_content().split()) for tr in page.xpath('//table[@id="children"]/tbody/tr')
    ]
    assert children == [
        "OBJ-1.1 — Sous-objectif un 1 2 170,000 3.5",
        "OBJ-1.2 — Sous-objectif deux 1 1 120,000 2.5",
    ]
    # Contributions to OBJ-1 itself: PRJ-F only (the others contribute to sub-objectives).
    assert [c.project.code for c in response.context["contributions"]] == ["PRJ-F"]


def test_objective_page_lists_contributions_in_the_readers_scope(client_for, world):
    ContributionFactory(project=world.project_a, objective=world.objective, score=2)
    ContributionFactory(project=world.project_b, objective=world.objective, score=3)
    url = world.objective.get_absolute_url()
    pmo = client_for("pmo").get(url)
    assert [c.project.code for c in pmo.context["contributions"]] == ["PRJ-B", "PRJ-A"]
    pm = client_for("pm").get(url)
    assert [c.project.code for c in pm.context["contributions"]] == ["PRJ-A"]
    assert b"Projet Bravo" not in pm.content
    assert b"Set a project&#x27;s contribution" not in pm.content  # the PMO's form only


def test_unknown_objective_is_404(client_for, world):
    response = client_for("pmo").get(reverse("portfolios:objective_detail", args=[999999]))
    assert response.status_code == 404


def test_sub_objective_page_links_to_its_parent(client_for, world):
    child = ObjectiveFactory(code="OBJ-1.9", title="Enfant", parent=world.objective)
    response = client_for("executive").get(child.get_absolute_url())
    assert world.objective.get_absolute_url().encode() in response.content
    assert b"not served" in response.content


@pytest.mark.parametrize("language", ["en", "fr"])
@time_machine.travel(TODAY, tick=False)
def test_populated_pages_are_valid_html(client_for, world, hand, settings, language):
    """The permission matrix checks the pages of a bare world; these carry every part
    (KPIs, roll-ups, sub-objectives, contributions, the PMO's forms with their errors)."""
    settings.LANGUAGE_CODE = language
    ObjectiveKPI.objects.create(objective=hand.root, name="Part EnR", target=40, actual=32)
    client = client_for("pmo")
    pages = [
        client.get(LIST),
        client.get(hand.root.get_absolute_url()),
        client.get(hand.o111.get_absolute_url()),
        client.get(reverse("portfolios:objective_coverage")),
        client.get(reverse("portfolios:project_objectives", args=[world.project_a.pk])),
        client.get(reverse("portfolios:objective_update", args=[hand.root.pk])),
        client.get(reverse("portfolios:objective_delete", args=[hand.root.pk])),
        client.post(
            reverse("portfolios:objective_contribution_set", args=[hand.root.pk]),
            {"project": world.project_a.code, "score": "2", "rationale": ""},
        ),
        client.post(
            reverse("portfolios:project_contribution_set", args=[world.project_a.pk]),
            {"objective": hand.root.pk, "score": "9"},
        ),
    ]
    for response in pages:
        assert response.status_code == 200, response.request["PATH_INFO"]
        tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(response.content)
        assert inline_code(tree) == []
        for marker in (b"{#", b"{%", b"{{", b"#}", b"%}", b"}}"):
            assert marker not in response.content, marker
        headings = [el.tag for el in tree.iter() if el.tag in ("h1", "h2", "h3")]
        assert headings[0] == "h1"
        assert headings.count("h1") == 1
