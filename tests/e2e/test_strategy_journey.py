"""The strategic-alignment journey in the browser, in French (issue 12, done when 3).

The PMO sets the default model's weights by pairwise comparison and reads the consistency
ratio, sees the backlog ranked with each score explained, creates a scenario with a CAPEX
limit, solves it (a real Celery worker in a thread solves it in the background while the
page polls, then reloads with the result), forces a project in, solves again, creates a
second scenario with less CAPEX, compares the two and commits the first: statuses change and
the project manager of a dropped project gets one e-mail (one notification row) whatever the
number of their dropped projects. axe-core runs on every page of the journey; screenshots go
to /tmp/e2e-shots/strategy-*.png."""

from __future__ import annotations

from decimal import Decimal

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from pmo_portal.celery import app
from pmo_portal.models import Notification
from pmo_portal.roles import Role
from portfolios.models import (
    BusinessCaseYear,
    ObjectiveContribution,
    Project,
    ProjectScore,
    ProjectStatus,
    Scenario,
    ScenarioStatus,
    ScoreStatus,
    ScoringCriterion,
    ScoringModel,
)
from portfolios.services.scoring import refresh_priority
from tests.e2e.conftest import BLOCKING_IMPACTS, SHOTS_DIR, format_violations, run_axe
from tests.portfolios.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.e2e

# code, CAPEX of next year (k€), value, risk, urgency, contribution to the objective (0–3)
CANDIDATES = [
    ("CAND-A", 400, 5, 1, 4, 3),
    ("CAND-B", 300, 4, 2, 3, 2),
    ("CAND-C", 250, 2, 3, 2, 1),
    ("CAND-D", 200, 3, 1, 1, 0),
    ("CAND-E", 150, 1, 4, 1, 0),
]


class Journey:
    def __init__(self, page):
        self.page = page
        SHOTS_DIR.mkdir(parents=True, exist_ok=True)

    def check(self, name: str) -> None:
        self.page.screenshot(path=str(SHOTS_DIR / f"strategy-{name}.png"), full_page=True)
        violations = run_axe(self.page)
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        assert blocking == [], f"{name}:\n{format_violations(blocking)}"


def _candidates(world, year: int) -> dict[str, Project]:
    """Five proposed projects of portfolio P1 with a business case for ``year`` and validated
    scores; CAND-A to C are managed by the world's PM, D and E by another one."""
    other_pm = UserFactory(username="pm_other", roles=[Role.PROJECT_MANAGER])
    criteria = {c.kind: c for c in ScoringCriterion.objects.filter(model__is_default=True)}
    projects = {}
    for index, (code, capex, value, risk, urgency, fit) in enumerate(CANDIDATES):
        project = ProjectFactory(
            code=code,
            name=f"Projet candidat {code[-1]}",
            portfolio=world.p1,
            status=ProjectStatus.PROPOSED,
            manager=world.users["pm"] if index < 3 else other_pm,
        )
        BusinessCaseYear.objects.create(
            project=project, year=year, capex=Decimal(capex) * 1000, fte=Decimal("1.5")
        )
        for kind, score in (("value", value), ("risk", risk), ("urgency", urgency)):
            ProjectScore.objects.create(
                project=project,
                criterion=criteria[kind],
                value=score,
                status=ScoreStatus.VALIDATED,
            )
        if fit:
            ObjectiveContribution.objects.create(
                project=project, objective=world.objective, score=fit, rationale="Contribue."
            )
        projects[code] = project
    refresh_priority(project_ids=[p.pk for p in projects.values()])
    return projects


def _create_scenario(page, live_server, *, name: str, portfolio: str, year: int, capex: int):
    page.goto(live_server.url + reverse("portfolios:scenario_create"))
    page.locator("#id_name").fill(name)
    page.locator("#id_portfolio").select_option(label=portfolio)
    page.locator(f"[name=limit_{year}_capex]").fill(str(capex))
    page.get_by_role("button", name="Créer le scénario").click()
    expect(page.locator("h1")).to_contain_text(name)
    return Scenario.objects.get(name=name)


def _solve(page) -> None:
    """Ask for a solve: "solving…" shows, then the page reloads by itself with the result."""
    page.locator("form[action$='/solve/'] button[type=submit]").click()
    expect(page.locator("#solving")).to_contain_text("Résolution en cours")
    expect(page.locator("#scenario-status")).to_have_text("Calculé", timeout=60_000)
    expect(page.locator("#kpi-value")).to_be_visible()


@pytest.fixture
def solver_worker():
    """A real worker on the queue of long work, for the length of the test."""
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=30, queues=["pdf"]
        ):
            yield
    finally:
        # "-Q pdf" selects the app's queues for good: later in-process workers of the suite
        # must consume every queue again.
        app.amqp.queues._consume_from = None


def _selected_codes(scenario: Scenario) -> set[str]:
    return set(scenario.lines.filter(selected=True).values_list("project__code", flat=True))


def test_weights_ranking_scenarios_compare_and_commit(
    page, live_server, e2e_world, sign_in, french, solver_worker
):
    world = e2e_world
    year = timezone.localdate().year + 1
    projects = _candidates(world, year)
    journey = Journey(page)
    page.set_default_timeout(15_000)
    sign_in("pmo")

    # --- Weights by pairwise comparison; the consistency ratio is shown. -----------------
    model = ScoringModel.objects.get(is_default=True)
    page.goto(live_server.url + reverse("portfolios:scoring_models"))
    journey.check("models")
    page.locator(
        f"a[href='{reverse('portfolios:scoring_model_pairwise', args=[model.pk])}']"
    ).click()
    fit, value = (model.criteria.get(kind=kind) for kind in ("fit", "value"))
    page.locator(f"[name=pair_{fit.pk}_{value.pk}]").select_option("3")
    journey.check("pairwise")
    page.locator("button[name=action][value=save]").click()
    model.refresh_from_db()
    assert model.consistency_ratio is not None
    page.goto(live_server.url + reverse("portfolios:scoring_models"))
    ratio = f"{model.consistency_ratio:.3f}".replace(".", ",")
    expect(page.locator("main")).to_contain_text(ratio)

    # --- The backlog ranks the candidates and explains each score. -----------------------
    page.goto(live_server.url + reverse("portfolios:backlog"))
    journey.check("backlog")
    first = page.locator("tbody tr[data-project]").first
    expect(first).to_contain_text("CAND-A")  # the best value, urgency and fit
    expect(first).to_contain_text("pts")

    # --- A scenario under a CAPEX limit, solved, then one project forced in. -------------
    plan = _create_scenario(
        page, live_server, name="Plan de test", portfolio=world.p1.name, year=year, capex=700_000
    )
    journey.check("scenario-new")
    _solve(page)
    plan.refresh_from_db()
    assert plan.status == ScenarioStatus.SOLVED
    selected = _selected_codes(plan)
    assert "CAND-A" in selected
    assert "CAND-E" not in selected
    journey.check("scenario-solved")
    pk = projects["CAND-E"].pk
    page.locator(f"#forcing-{pk}").select_option("in")
    page.locator(f"#forcing-{pk}").locator("xpath=..").get_by_role("button").click()
    _solve(page)
    plan.refresh_from_db()
    assert "CAND-E" in _selected_codes(plan)
    expect(page.locator("tr[data-project='CAND-E']")).to_contain_text("Forcé")

    # --- A second scenario with less CAPEX, then the two side by side. -------------------
    cut = _create_scenario(
        page, live_server, name="Plan réduit", portfolio=world.p1.name, year=year, capex=400_000
    )
    _solve(page)
    cut.refresh_from_db()
    assert cut.status == ScenarioStatus.SOLVED
    page.goto(live_server.url + reverse("portfolios:scenario_list"))
    journey.check("scenario-list")
    page.locator(f"#compare-{plan.pk}").check()
    page.locator(f"#compare-{cut.pk}").check()
    page.get_by_role("button", name="Comparer les scénarios cochés").click()
    expect(page.locator("main")).to_contain_text("Plan de test")
    expect(page.locator("main")).to_contain_text("Plan réduit")
    journey.check("compare")

    # --- Commit the first: statuses change, one e-mail per PM of a dropped project. ------
    dropped = {code for code in projects if code not in _selected_codes(plan)}
    assert dropped  # the limit leaves someone out
    page.goto(live_server.url + reverse("portfolios:scenario_commit", args=[plan.pk]))
    journey.check("commit")
    page.get_by_role("button", name="Arbitrer le scénario").click()
    expect(page.locator(".messages")).to_be_visible()
    plan.refresh_from_db()
    assert plan.status == ScenarioStatus.COMMITTED
    statuses = dict(Project.objects.filter(code__in=projects).values_list("code", "status"))
    for code in projects:
        expected = ProjectStatus.REJECTED if code in dropped else ProjectStatus.APPROVED
        assert statuses[code] == expected, code
    # Each manager of a dropped project gets exactly one e-mail, however many of their
    # projects the scenario drops (other projects of P1 whose status changed notify their
    # own managers too).
    notes = list(
        Notification.objects.filter(kind="scenario_commit").values_list("recipient_id", flat=True)
    )
    for manager in {projects[code].manager_id for code in dropped}:
        assert notes.count(manager) == 1, manager
