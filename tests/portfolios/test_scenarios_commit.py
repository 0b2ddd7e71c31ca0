"""Committing a scenario: statuses change through the service (history with the user and the
scenario named), one e-mail per project manager concerned, a second commit is refused; the
comparison page and the Excel export show the figures of the solutions."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pmo_portal.models import Notification
from pmo_portal.roles import Role
from portfolios.models import ObjectiveContribution, Project, ProjectStatus, ScenarioStatus
from portfolios.services import scenarios as services
from portfolios.services import scenarios_commit as commit
from tests.portfolios.factories import ObjectiveFactory, UserFactory
from tests.portfolios.test_scenarios_world import (
    YEAR,
    arbitrage_portfolio,
    candidate,
    page,
    scenario,
)


@pytest.fixture(autouse=True)
def english(settings):
    """The assertions read the English UI (the portal defaults to French)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def story(world):
    """Five candidates under a 100 k€ CAPEX limit. Ms Durand manages the two proposed ones
    that will be dropped (one e-mail for both); Mr Petit the active one put on hold and the
    proposed one approved."""
    pmo = world.users["pmo"]
    portfolio = arbitrage_portfolio(world)
    durand = UserFactory(username="durand", roles=[Role.PROJECT_MANAGER])
    petit = UserFactory(username="petit", roles=[Role.PROJECT_MANAGER])
    projects = {
        "WIN": candidate(portfolio, "WIN", value=90, capex=60000, manager=petit),
        "KEEP": candidate(
            portfolio, "KEEP", value=50, capex=40000, status=ProjectStatus.APPROVED, manager=petit
        ),
        "DROP-1": candidate(portfolio, "DROP-1", value=20, capex=50000, manager=durand),
        "DROP-2": candidate(
            portfolio,
            "DROP-2",
            value=15,
            capex=45000,
            status=ProjectStatus.APPROVED,
            manager=durand,
        ),
        "PAUSE": candidate(
            portfolio, "PAUSE", value=5, capex=70000, status=ProjectStatus.ACTIVE, manager=petit
        ),
    }
    plan = scenario(pmo, portfolio, limits={(YEAR, "capex"): 100000})
    services.solve_scenario(scenario=plan, user=pmo)
    return {
        "pmo": pmo,
        "portfolio": portfolio,
        "projects": projects,
        "plan": plan,
        "durand": durand,
        "petit": petit,
    }


def _status(code: str) -> str:
    return Project.objects.get(code=code).status


def test_commit_changes_statuses_with_history_and_one_email_per_manager(client_for, story):
    plan = story["plan"]
    client = client_for("pmo")
    confirm = client.get(reverse("portfolios:scenario_commit", args=[plan.pk]))
    assert confirm.status_code == 200
    rows = {tr.get("data-project") for tr in page(confirm).xpath('//table[@id="changes"]/tbody/tr')}
    assert rows == {"WIN", "DROP-1", "DROP-2", "PAUSE"}  # KEEP stays approved
    assert _status("WIN") == ProjectStatus.PROPOSED  # the confirmation page changes nothing

    response = client.post(reverse("portfolios:scenario_commit", args=[plan.pk]))
    assert response.status_code == 302

    assert _status("WIN") == ProjectStatus.APPROVED
    assert _status("KEEP") == ProjectStatus.APPROVED
    assert _status("DROP-1") == ProjectStatus.REJECTED
    assert _status("DROP-2") == ProjectStatus.REJECTED
    assert _status("PAUSE") == ProjectStatus.ON_HOLD
    record = Project.objects.get(code="DROP-1").history.order_by("-history_date").first()
    assert record.history_user == story["pmo"]
    assert plan.name in record.history_change_reason
    assert record.status == ProjectStatus.REJECTED

    plan.refresh_from_db()
    assert plan.status == ScenarioStatus.COMMITTED
    assert plan.committed_by == story["pmo"]
    assert plan.committed_at is not None

    mails = Notification.objects.filter(kind=commit.COMMIT_KIND)
    assert sorted(m.recipient.username for m in mails) == ["durand", "petit"]
    to_durand = mails.get(recipient=story["durand"])
    assert "DROP-1" in to_durand.body
    assert "DROP-2" in to_durand.body
    assert "WIN" not in to_durand.body
    assert to_durand.dedup_key == f"scenario-commit:{plan.pk}:{story['durand'].pk}"
    to_petit = mails.get(recipient=story["petit"])
    assert "WIN" in to_petit.body
    assert "PAUSE" in to_petit.body


def test_a_second_commit_is_refused(client_for, story):
    plan = story["plan"]
    client = client_for("pmo")
    client.post(reverse("portfolios:scenario_commit", args=[plan.pk]))
    Project.objects.filter(code="WIN").update(status=ProjectStatus.PROPOSED)
    response = client.post(reverse("portfolios:scenario_commit", args=[plan.pk]), follow=True)
    assert response.status_code == 200
    assert _status("WIN") == ProjectStatus.PROPOSED  # nothing applied twice
    messages = [str(m) for m in response.context["messages"]]
    assert any("already committed" in m for m in messages), messages
    assert Notification.objects.filter(kind=commit.COMMIT_KIND).count() == 2
    with pytest.raises(services.ScenarioFrozen):
        services.solve_scenario(scenario=plan, user=story["pmo"])


def test_other_scenarios_of_the_scope_are_untouched(story):
    pmo = story["pmo"]
    other = scenario(pmo, story["portfolio"], limits={(YEAR, "capex"): 50000}, name="Plan B")
    services.solve_scenario(scenario=other, user=pmo)
    commit.commit_scenario(scenario=story["plan"], user=pmo)
    other.refresh_from_db()
    assert other.status == ScenarioStatus.SOLVED


def test_a_draft_cannot_be_committed(client_for, story):
    pmo = story["pmo"]
    draft = scenario(pmo, story["portfolio"], limits={}, name="Brouillon")
    response = client_for("pmo").post(reverse("portfolios:scenario_commit", args=[draft.pk]))
    assert response.status_code == 302
    assert _status("DROP-1") == ProjectStatus.PROPOSED
    draft.refresh_from_db()
    assert draft.status == ScenarioStatus.DRAFT


def test_compare_page_figures(client_for, story):
    """Plan 2027 (100 k€: WIN + KEEP) against a 60 k€ cut (WIN only): values, CAPEX of the
    selection, objectives covered and the projects only one of them selects."""
    pmo = story["pmo"]
    objective_a, objective_b = ObjectiveFactory(code="OBJ-A"), ObjectiveFactory(code="OBJ-B")
    projects = story["projects"]
    ObjectiveContribution.objects.create(project=projects["WIN"], objective=objective_a, score=3)
    ObjectiveContribution.objects.create(project=projects["KEEP"], objective=objective_b, score=1)
    ObjectiveContribution.objects.create(project=projects["DROP-1"], objective=objective_b, score=0)
    cut = scenario(pmo, story["portfolio"], limits={(YEAR, "capex"): 60000}, name="Coupe")
    services.solve_scenario(scenario=cut, user=pmo)
    plan = story["plan"]
    response = client_for("executive").get(
        reverse("portfolios:scenario_compare"), {"scenarios": [plan.pk, cut.pk]}
    )
    assert response.status_code == 200
    tree = page(response)

    def cells(figure):
        row = tree.xpath(f'//table[@id="comparison"]/tbody/tr[@data-figure="{figure}"]')[0]
        return [" ".join(td.text_content().split()) for td in row.xpath("./td")]

    # Newest first: the cut, then the plan.
    assert cells("value") == ["90", "140"]
    assert cells("objectives") == ["1", "2"]
    capex = [re.sub(r"\D", "", c) for c in cells("2027|capex")]
    assert capex == ["60000", "100000"]
    only_plan = tree.xpath(f'//div[@data-only="{plan.pk}"]//li')
    assert [" ".join(li.text_content().split())[:4] for li in only_plan] == ["KEEP"]
    assert not tree.xpath(f'//div[@data-only="{cut.pk}"]//li')


def test_compare_needs_two_to_four(client_for, story):
    response = client_for("pmo").get(
        reverse("portfolios:scenario_compare"), {"scenarios": [story["plan"].pk]}
    )
    assert response.status_code == 200
    assert page(response).xpath('//div[@id="form-errors"]')


def test_export_rows(client_for, story):
    plan = story["plan"]
    response = client_for("executive").get(reverse("portfolios:scenario_export", args=[plan.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header, body = rows[0], rows[1:]
    projects = [row for row in body if row and row[1] and str(row[1]).isupper()]
    by_code = {row[1]: row for row in projects}
    assert set(by_code) == {"WIN", "KEEP", "DROP-1", "DROP-2", "PAUSE"}
    capex_column = next(i for i, h in enumerate(header) if "CAPEX" in str(h) and "2027" in str(h))
    assert by_code["WIN"][capex_column] == 60000
    assert by_code["WIN"][0] != by_code["DROP-1"][0]  # selected / not selected
    assert by_code["WIN"][6] == 90
    limit_rows = [row for row in body if row and row[1] == YEAR]
    assert len(limit_rows) == 1
    assert limit_rows[0][3] == 100000
    assert limit_rows[0][4] == 100000  # WIN + KEEP use all of it
