"""Portfolio tree with consolidated counts; objectives and the projects that contribute."""

from django.urls import reverse

from portfolios.models import ProjectStatus
from tests.portfolios.factories import ContributionFactory, ProjectFactory

TREE = reverse("portfolios:tree")


def rows_by_name(response):
    return {row.node.name: row for row in response.context["rows"]}


def test_tree_consolidates_sub_portfolios(client_for, world):
    ProjectFactory(portfolio=world.p1, status=ProjectStatus.PROPOSED)
    ProjectFactory(portfolio=world.north, status=ProjectStatus.ACTIVE)  # directly on the BU
    ProjectFactory(portfolio=world.p2, is_archived=True)  # archived: not counted
    rows = rows_by_name(client_for("pmo").get(TREE))
    assert rows["Portefeuille Nord 1"].total == 2
    assert rows["BU Nord"].total == 3
    assert rows["BU Nord"].own == 1
    assert rows["BU Nord"].by_status == {"active": 2, "proposed": 1}
    assert rows["BU Sud"].total == 1
    assert rows["Compagnie"].total == 4
    assert [row.depth for row in rows.values()] == [0, 1, 2, 1, 2]


def test_tree_counts_only_what_the_reader_sees(client_for, world):
    rows = rows_by_name(client_for("executive").get(TREE))
    assert rows["Compagnie"].total == 1  # project B is outside the executive's scope
    assert "BU Sud" not in rows


def test_tree_numbers_drill_down_to_the_project_list(client_for, world):
    response = client_for("pmo").get(TREE)
    link = f"{reverse('portfolios:project_list')}?portfolio={world.north.pk}&amp;status=active"
    assert link.encode() in response.content


def test_objective_detail_lists_contributing_projects_in_scope(client_for, world):
    ContributionFactory(project=world.project_a, objective=world.objective, score=2)
    ContributionFactory(project=world.project_b, objective=world.objective, score=3)
    url = reverse("portfolios:objective_detail", args=[world.objective.pk])
    pmo = client_for("pmo").get(url)
    assert [c.project.code for c in pmo.context["contributions"]] == ["PRJ-B", "PRJ-A"]
    pm = client_for("pm").get(url)
    assert [c.project.code for c in pm.context["contributions"]] == ["PRJ-A"]
    assert b"Projet Bravo" not in pm.content


def test_unknown_objective_is_404(client_for, world):
    response = client_for("pmo").get(reverse("portfolios:objective_detail", args=[999999]))
    assert response.status_code == 404


def test_objective_pages_query_count(client_for, world, django_assert_max_num_queries):
    for project in ProjectFactory.create_batch(40, portfolio=world.p1):
        ContributionFactory(project=project, objective=world.objective)
    client = client_for("pm")
    client.get(reverse("portfolios:objective_list"))
    with django_assert_max_num_queries(10):
        client.get(reverse("portfolios:objective_list"))
    with django_assert_max_num_queries(12):
        client.get(reverse("portfolios:objective_detail", args=[world.objective.pk]))


def test_tree_columns_add_up_to_the_total(client_for, world):
    """Issue 10 item 12: "Total 60" while the columns summed to 54 (closed and cancelled
    projects were in the total but had no column)."""
    for status in ProjectStatus:
        ProjectFactory(portfolio=world.p1, status=status)
    response = client_for("pmo").get(TREE)
    html = response.content.decode()
    for row in response.context["rows"]:
        assert sum(n for _status, _label, n in row.cells) == row.total
    company = rows_by_name(response)["Compagnie"]
    assert company.total == len(ProjectStatus) + 2  # the world's projects A and B too
    for status in (ProjectStatus.CLOSED, ProjectStatus.CANCELLED):
        assert f"?portfolio={world.p1.pk}&amp;status={status.value}" in html
        assert f">{status.label}</th>" in html
