"""The project's "Team needs" tab and what resources gives scenarios through
``pmo_portal.registry.TeamNeeds``: the planned FTE per team and year, saved by whoever edits
the business case (a stale page is refused), read-only for other readers; the needs of
active projects come from their allocations, split by team; a fixed number of queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import html5lib
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html

from pmo_portal import registry
from portfolios.models import BusinessCaseYear, ProjectStatus
from resources.models import AllocationStatus, PlannedTeamNeed
from resources.selectors import team_needs as selectors
from tests.portfolios.factories import ProjectFactory
from tests.resources.factories_capacity import AllocationFactory, ResourceFactory, TeamFactory

YEAR = 2027
TODAY = date(2027, 3, 15)


@pytest.fixture
def teams(db):
    return TeamFactory(name="Data"), TeamFactory(name="Infra")


def _tree(response):
    return html.fromstring(response.content.decode())


def _url(project, name="resources:project_team_needs"):
    return reverse(name, args=[project.pk])


def test_the_manager_plans_needs_per_team_and_year(client_for, world, teams):
    data, infra = teams
    project = world.project_a
    BusinessCaseYear.objects.create(project=project, year=YEAR)
    BusinessCaseYear.objects.create(project=project, year=YEAR + 1)
    client = client_for("pm")
    response = client.get(_url(project))
    assert response.status_code == 200
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(response.content)
    tree = _tree(response)
    assert tree.xpath('//table[@id="team-needs"]/thead//th/text()')[1:] == ["2027", "2028"]
    digest = tree.xpath('//input[@name="digest"]/@value')[0]
    label = tree.xpath(f'//label[@for="id_need_{data.pk}_{YEAR}"]')[0].text_content()
    assert label == f"FTE of Data in {YEAR}"
    # The tab is offered on the project's pages.
    assert "resources:project_team_needs" in [tab.url_name for tab in registry.project_tabs()]

    response = client.post(
        _url(project, "resources:project_team_needs_save"),
        {"digest": digest, f"need_{data.pk}_{YEAR}": "1.5", f"need_{infra.pk}_{YEAR + 1}": "2"},
    )
    assert response.status_code == 302
    stored = {
        (row.team_id, row.year): row.fte for row in PlannedTeamNeed.objects.filter(project=project)
    }
    assert stored == {(data.pk, YEAR): Decimal("1.50"), (infra.pk, YEAR + 1): Decimal("2.00")}

    # Emptying a cell removes it; a negative FTE saves nothing.
    digest = _tree(client.get(_url(project))).xpath('//input[@name="digest"]/@value')[0]
    response = client.post(
        _url(project, "resources:project_team_needs_save"),
        {"digest": digest, f"need_{data.pk}_{YEAR}": "-1", f"need_{infra.pk}_{YEAR + 1}": ""},
    )
    assert response.status_code == 200
    assert _tree(response).xpath('//div[@id="form-errors"]')
    assert PlannedTeamNeed.objects.filter(project=project).count() == 2
    response = client.post(
        _url(project, "resources:project_team_needs_save"),
        {"digest": digest, f"need_{data.pk}_{YEAR}": "1.5", f"need_{infra.pk}_{YEAR + 1}": ""},
    )
    assert response.status_code == 302
    assert list(PlannedTeamNeed.objects.filter(project=project).values_list("team_id")) == [
        (data.pk,)
    ]


def test_a_save_from_a_stale_page_is_refused(client_for, world, teams):
    data, _infra = teams
    project = world.project_a
    client = client_for("pm")
    field = f"need_{data.pk}_{TODAY.year}"
    stale = _tree(client.get(_url(project))).xpath('//input[@name="digest"]/@value')[0]
    PlannedTeamNeed.objects.create(project=project, team=data, year=TODAY.year, fte=3)
    response = client.post(
        _url(project, "resources:project_team_needs_save"), {"digest": stale, field: "1"}
    )
    assert response.status_code == 409
    tree = _tree(response)
    assert tree.xpath('//div[@id="conflict"]')
    assert tree.xpath(f'//input[@name="{field}"]/@value') == ["1"]  # the user's entry stays
    assert PlannedTeamNeed.objects.get(project=project).fte == Decimal("3.00")
    fresh = tree.xpath('//input[@name="digest"]/@value')[0]
    response = client.post(
        _url(project, "resources:project_team_needs_save"), {"digest": fresh, field: "1"}
    )
    assert response.status_code == 302
    assert PlannedTeamNeed.objects.get(project=project).fte == Decimal("1.00")


def test_other_readers_see_the_needs_without_a_form(client_for, world, teams):
    data, _infra = teams
    PlannedTeamNeed.objects.create(project=world.project_a, team=data, year=TODAY.year, fte=2)
    response = client_for("executive").get(_url(world.project_a))
    assert response.status_code == 200
    tree = _tree(response)
    assert not tree.xpath('//form[@id="team-needs-form"]')
    row = tree.xpath('//tr[@data-team="Data"]')[0]
    assert "2" in row.text_content()


def test_needs_split_allocations_by_team_for_active_projects(teams):
    data, infra = teams
    active = ProjectFactory(status=ProjectStatus.ACTIVE)
    spare = ProjectFactory(status=ProjectStatus.ACTIVE)
    idea = ProjectFactory(status=ProjectStatus.PROPOSED)
    analyst, admin = ResourceFactory(team=data), ResourceFactory(team=infra)
    loner = ResourceFactory(team=None)
    for month in range(1, 13):
        AllocationFactory(resource=analyst, project=active, month=date(YEAR, month, 1), fte=1)
    AllocationFactory(resource=admin, project=active, month=date(YEAR, 6, 1), fte=6)
    AllocationFactory(
        resource=admin,
        project=active,
        month=date(YEAR, 7, 1),
        fte=6,
        status=AllocationStatus.REJECTED,
    )
    AllocationFactory(resource=loner, project=spare, month=date(YEAR, 6, 1), fte=2)
    PlannedTeamNeed.objects.create(project=active, team=infra, year=YEAR, fte=9)  # allocated
    PlannedTeamNeed.objects.create(project=active, team=infra, year=YEAR + 1, fte=4)
    PlannedTeamNeed.objects.create(project=spare, team=data, year=YEAR, fte=7)  # allocated
    PlannedTeamNeed.objects.create(project=idea, team=data, year=YEAR, fte=Decimal("1.25"))
    PlannedTeamNeed.objects.create(project=idea, team=data, year=YEAR + 5, fte=3)  # not asked

    with CaptureQueriesContext(connection) as queries:
        found = selectors.needs(
            project_ids=[active.pk, spare.pk, idea.pk],
            active_ids={active.pk, spare.pk},
            years=[YEAR, YEAR + 1],
            today=TODAY,
        )
    assert len(queries) == 2
    # Jan and Feb are before TODAY's month: 10 months of 1 FTE; June's 6 FTE of Infra.
    assert found == {
        (active.pk, YEAR, data.pk): Decimal("0.83"),
        (active.pk, YEAR, infra.pk): Decimal("0.50"),
        (active.pk, YEAR + 1, infra.pk): Decimal("4.00"),
        (idea.pk, YEAR, data.pk): Decimal("1.25"),
    }
    assert selectors.teams() == [(data.pk, "Data"), (infra.pk, "Infra")]
    assert registry.team_needs().needs is selectors.needs
