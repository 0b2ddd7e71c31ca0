"""The project picker of the contribution form on an objective's page (issue 12): a text
input for the project's code with suggestions from a search (at most 20, scoped, never
archived), validated on the server, working without JavaScript; a page that does not grow
with the number of projects; one include for the forms of both pages."""

from __future__ import annotations

import pytest
from django.urls import reverse
from lxml import html

from portfolios.forms.objectives import ObjectiveContributionForm
from portfolios.models import ObjectiveContribution, Project
from portfolios.selectors.objectives import contribution_projects
from portfolios.selectors.objectives_projects import SUGGESTIONS, find_project
from tests.portfolios.factories import ProjectFactory

SEARCH = reverse("portfolios:objective_project_search")


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def _set(client, objective, project: str):
    return client.post(
        reverse("portfolios:objective_contribution_set", args=[objective.pk]),
        {"project": project, "score": "2", "rationale": "Bien"},
    )


def _options(response) -> list[str]:
    tree = html.fragment_fromstring(response.content.decode())
    assert tree.tag == "datalist"
    assert tree.get("id") == "project-options"
    return [option.get("value") for option in tree.xpath("./option")]


def _bulk(world, count: int, start: int = 0) -> None:
    reference = world.project_a
    Project.objects.bulk_create(
        Project(
            code=f"BULK-{i:05d}",
            name=f"Lot {i}",
            portfolio=world.p1,
            business_domain=reference.business_domain,
            project_type=reference.project_type,
            manager=reference.manager,
            planned_start=reference.planned_start,
            planned_end=reference.planned_end,
        )
        for i in range(start, start + count)
    )


def test_the_form_has_a_text_input_with_suggestions_not_a_select(client_for, world):
    response = client_for("pmo").get(world.objective.get_absolute_url())
    page = html.fromstring(response.content.decode())
    assert not page.xpath('//select[@name="project"]')
    field = page.xpath('//input[@name="project"]')[0]
    assert field.get("type") == "text"
    assert field.get("list") == "project-options"
    assert field.get("data-hx-get") == SEARCH
    assert page.xpath('//datalist[@id="project-options"]')
    label = page.xpath(f'//label[@for="{field.get("id")}"]')[0]
    assert label.text_content().strip().startswith("Project")


@pytest.mark.parametrize(
    "typed", ["PRJ-A", "prj-a", " PRJ-A ", "PRJ-A — Projet A", "PRJ-A — any name"]
)
def test_typing_the_code_or_picking_a_suggestion_sets_the_contribution(client_for, world, typed):
    response = _set(client_for("pmo"), world.objective, typed)
    assert response.status_code == 302
    assert ObjectiveContribution.objects.get().project == world.project_a


@pytest.mark.parametrize("typed", ["PRJ-NOPE", "", "Projet A"])
def test_an_unknown_code_is_refused_with_a_clear_message(client_for, world, typed):
    response = _set(client_for("pmo"), world.objective, typed)
    assert response.status_code == 200
    content = response.content.decode()
    if typed:
        assert f"No project you can link has the code “{typed}”." in content
    else:
        assert "This field is required." in content
    page = html.fromstring(content)
    assert page.xpath('//input[@name="project"]')[0].get("value", "") == typed
    assert not ObjectiveContribution.objects.exists()


def test_a_project_outside_the_scope_reads_as_unknown(world):
    """The PMO alone uses the form today; the form still checks the user's scope."""
    pm = world.users["pm"]
    form = ObjectiveContributionForm(
        {"project": world.project_b.code, "score": "1", "rationale": "x"},
        projects=contribution_projects(pm),
        search_url=SEARCH,
    )
    assert not form.is_valid()
    assert form.errors["project"] == [
        "No project you can link has the code “PRJ-B”. Check the code; archived projects "
        "and projects outside your scope cannot be linked."
    ]
    assert find_project(contribution_projects(pm), "prj-a") == world.project_a


def test_search_suggests_at_most_20_by_code_or_name(client_for, world):
    _bulk(world, 30)
    ProjectFactory(code="ARC-1", name="Lot archivé", portfolio=world.p1, is_archived=True)
    client = client_for("pmo")
    options = _options(client.get(SEARCH, {"q": "lot"}))
    assert len(options) == SUGGESTIONS
    assert options[0] == "BULK-00000 — Lot 0"
    assert _options(client.get(SEARCH, {"project": "bulk-0002"})) == [
        f"BULK-{i:05d} — Lot {i}" for i in range(20, 30)
    ]
    assert _options(client.get(SEARCH, {"q": "projet b"})) == ["PRJ-B — Projet Bravo"]
    assert _options(client.get(SEARCH, {"q": "arc-1"})) == []  # archived
    assert _options(client.get(SEARCH, {"q": ""})) == []


def test_search_escapes_names(client_for, world):
    ProjectFactory(code="XSS-1", name='<img src=x onerror="alert(1)">', portfolio=world.p1)
    response = client_for("pmo").get(SEARCH, {"q": "xss"})
    assert b"<img" not in response.content
    assert _options(response) == ['XSS-1 — <img src=x onerror="alert(1)">']


def test_the_objective_page_does_not_grow_with_the_projects(
    client_for, world, django_assert_max_num_queries
):
    client = client_for("pmo")
    url = world.objective.get_absolute_url()
    client.get(url)
    _bulk(world, 20)
    small = client.get(url)
    _bulk(world, 1980, start=20)
    with django_assert_max_num_queries(25):
        large = client.get(url)
    assert b"BULK-" not in large.content
    assert abs(len(large.content) - len(small.content)) < 100  # the projects' count aside
    with django_assert_max_num_queries(8):
        assert len(_options(client.get(SEARCH, {"q": "bulk"}))) == SUGGESTIONS


def test_both_pages_render_the_same_form_include(client_for, world):
    client = client_for("pmo")
    pages = [
        client.get(world.objective.get_absolute_url()),
        client.get(reverse("portfolios:project_objectives", args=[world.project_a.pk])),
    ]
    for response in pages:
        assert "portfolios/objectives/_contribution_form.html" in [
            t.name for t in response.templates
        ]
        page = html.fromstring(response.content.decode())
        section = page.xpath('//section[@aria-labelledby="h-set"]')[0]
        assert section.xpath('.//form[@method="post"]//button[@type="submit"]')[0].text == (
            "Save the contribution"
        )
    # The project's page keeps a select of the objectives (they are few).
    project_page = html.fromstring(pages[1].content.decode())
    assert project_page.xpath('//select[@name="objective"]')
    assert not project_page.xpath("//datalist")
