"""The risk matrix of a project: open risks counted per probability × impact cell."""

import html5lib
import pytest
from django.urls import reverse

from reporting.models import RaidItem, RaidKind
from reporting.selectors.raid import CELL_LIMIT
from tests.reporting.factories import RiskFactory


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def matrix_url(project):
    return reverse("reporting:risk_matrix", args=[project.pk])


def counts(response) -> dict[tuple[int, int], int]:
    return {
        (cell.probability, cell.impact): cell.count
        for row in response.context["rows"]
        for cell in row.cells
    }


def test_open_risks_are_counted_per_cell(client_for, world):
    project = world.project_a  # risk_a: probability 3, impact 4
    RiskFactory.create_batch(2, project=project, probability=4, impact=4)
    RiskFactory(project=project, probability=1, impact=2)
    RiskFactory(project=project, probability=2, impact=2, status="in_progress")
    RiskFactory(project=project, probability=4, impact=4, status="closed")  # not counted
    RaidItem.objects.create(project=project, kind=RaidKind.ISSUE, title="Panne")  # not a risk
    RiskFactory(project=world.project_b, probability=4, impact=4)  # another project
    response = client_for("executive").get(matrix_url(project))
    assert response.status_code == 200
    found = counts(response)
    assert len(found) == 16
    assert {cell: n for cell, n in found.items() if n} == {
        (4, 4): 2,
        (3, 4): 1,
        (1, 2): 1,
        (2, 2): 1,
    }
    assert response.context["total"] == 5
    assert "5 open risks" in response.content.decode()


def test_grid_reads_top_down_with_headers_and_exposure_labels(client_for, world):
    response = client_for("pm").get(matrix_url(world.project_a))
    rows = response.context["rows"]
    assert [row.probability for row in rows] == [4, 3, 2, 1]
    assert [cell.impact for cell in rows[0].cells] == [1, 2, 3, 4]
    content = response.content.decode()
    document = html5lib.parse(content, namespaceHTMLElements=False)
    table = document.find(".//table")
    assert table.find("caption") is not None
    col_headers = [th.text for th in table.findall("thead/tr/th[@scope='col']")]
    assert col_headers == ["Probability", "1 — Minor", "2 — Moderate", "3 — Major", "4 — Critical"]
    row_headers = [th.text for th in table.findall("tbody/tr/th[@scope='row']")]
    assert row_headers == ["4 — Almost certain", "3 — Likely", "2 — Possible", "1 — Unlikely"]
    # Each cell states its exposure as a number and a word, not only as a colour.
    for label in ("16 · Critical", "12 · Critical", "9 · High", "6 · Medium", "1 · Low"):
        assert label in content


def test_each_cell_lists_and_links_its_risks(client_for, world):
    project = world.project_a
    extra = RiskFactory.create_batch(CELL_LIMIT + 2, project=project, probability=3, impact=4)
    client = client_for("pm")
    response = client.get(matrix_url(project))
    cell = response.context["rows"][1].cells[3]  # probability 3, impact 4
    assert (cell.probability, cell.impact, cell.count) == (3, 4, CELL_LIMIT + 3)
    assert len(cell.risks) == CELL_LIMIT
    assert cell.more == 3
    content = response.content.decode()
    assert "and 3 more" in content
    assert reverse("reporting:raid_edit", args=[cell.risks[0]["pk"]]) in content
    # The count drills down to the list behind it.
    listing = client.get(cell.url)
    assert sorted(item.pk for item in listing.context["page_obj"].object_list) == sorted(
        [world.risk_a.pk, *(risk.pk for risk in extra)]
    )


def test_readers_see_titles_without_edit_links(client_for, world):
    content = client_for("executive").get(matrix_url(world.project_a)).content.decode()
    assert "Risque Alpha" in content
    assert reverse("reporting:raid_edit", args=[world.risk_a.pk]) not in content
    assert reverse("reporting:raid_create", args=[world.project_a.pk]) not in content


def test_no_open_risk_offers_to_record_one(client_for, world):
    world.risk_a.status = "closed"
    world.risk_a.save()
    response = client_for("pm").get(matrix_url(world.project_a))
    content = response.content.decode()
    assert response.context["total"] == 0
    assert "No open risk recorded for this project" in content
    assert reverse("reporting:raid_create", args=[world.project_a.pk]) + "?kind=risk" in content


def test_pm_of_another_project_gets_404(client_for, world):
    assert client_for("pm").get(matrix_url(world.project_b)).status_code == 404
