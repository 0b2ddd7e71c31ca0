"""Scenarios solved from the database: the selection is the optimiser's on the same problem,
and the page shows it (value, selected projects, binding limits, frontier, ±10 %, today's
portfolio); infeasible input shows its cause; forcing changes the result; the scope, the
remaining need of active projects and dependencies on projects outside the candidates count
as the rules say; the pages' query counts do not grow with the candidates."""

from __future__ import annotations

import random
from decimal import Decimal

import html5lib
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portfolios import optimiser
from portfolios.models import (
    BusinessCaseYear,
    DependencyKind,
    Forcing,
    Project,
    ProjectStatus,
    Scenario,
    ScenarioProject,
    ScenarioStatus,
)
from portfolios.services import scenarios as services
from portfolios.services import scenarios_commit as commit
from tests.portfolios.test_scenarios_world import (
    YEAR,
    arbitrage_portfolio,
    candidate,
    codes_in,
    depends,
    page,
    scenario,
)


@pytest.fixture(autouse=True)
def english(settings):
    """The assertions read the English UI (the portal defaults to French)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def pmo(world):
    return world.users["pmo"]


@pytest.fixture
def portfolio(world):
    return arbitrage_portfolio(world)


def _solve(scenario_, user):
    return services.solve_scenario(scenario=scenario_, user=user)


def _detail(client, scenario_):
    return client.get(reverse("portfolios:scenario_detail", args=[scenario_.pk]))


def test_selection_is_the_optimisers_on_the_same_problem(client_for, world, pmo, portfolio):
    """Twelve candidates with random values and needs over two years, a dependency of each
    kind, CAPEX and FTE limits: the stored selection and value are those of the optimiser
    on the problem written by hand from the same figures, and the page shows them."""
    rng = random.Random(12)
    figures = {}
    projects = []
    for index in range(12):
        value = rng.randint(5, 95)
        needs = {
            YEAR: (rng.randint(10, 90) * 1000, rng.randint(0, 20) * 1000, rng.randint(1, 6)),
            YEAR + 1: (rng.randint(0, 60) * 1000, rng.randint(0, 20) * 1000, rng.randint(0, 4)),
        }
        project = candidate(portfolio, f"SC-{index:02d}", value=value, capex=needs)
        figures[project.pk] = (value, needs)
        projects.append(project)
    depends(projects[3], projects[7])  # 3 requires 7
    depends(projects[1], projects[2], DependencyKind.EXCLUDES)
    limits = {(YEAR, "capex"): 250000, (YEAR + 1, "capex"): 160000, (YEAR, "fte"): 18}
    plan = scenario(pmo, portfolio, limits=limits, last=YEAR + 1)

    solved = _solve(plan, pmo)

    expected = optimiser.solve(
        optimiser.Problem(
            items=[
                optimiser.Item(
                    key=pk,
                    value=float(value),
                    costs={
                        (year, kind): float(amount)
                        for year, triple in needs.items()
                        for kind, amount in zip(("capex", "opex", "fte"), triple, strict=True)
                        if amount
                    },
                    label=f"P{pk}",
                )
                for pk, (value, needs) in figures.items()
            ],
            limits={key: float(amount) for key, amount in limits.items()},
            requires=[(projects[3].pk, projects[7].pk)],
            excludes=[(projects[1].pk, projects[2].pk)],
        )
    )
    assert solved.status == ScenarioStatus.SOLVED
    assert sorted(solved.result["selected"]) == sorted(expected.selected)
    assert solved.result["value"] == pytest.approx(expected.value)
    assert set(
        ScenarioProject.objects.filter(scenario=plan, selected=True).values_list(
            "project_id", flat=True
        )
    ) == set(expected.selected)

    response = _detail(client_for("pmo"), plan)
    assert response.status_code == 200
    codes = {p.pk: p.code for p in projects}
    shown = codes_in(response, "selected-projects")
    assert sorted(shown) == sorted(codes[pk] for pk in expected.selected)
    assert sorted(codes_in(response, "dropped-projects")) == sorted(
        codes[pk] for pk in figures if pk not in expected.selected
    )
    values = [
        Decimal(td.get("data-value"))
        for td in page(response).xpath('//table[@id="selected-projects"]//td[@data-value]')
    ]
    assert float(sum(values)) == pytest.approx(expected.value)
    # Limits with usage; the frontier chart and its table; ±10 %; today's portfolio.
    tree = page(response)
    assert tree.xpath('//tr[@data-limit="2027|capex"]')
    assert tree.xpath('//figure[@class="chart mb-2"]/*[local-name()="svg"]')
    assert len(tree.xpath('//table[@id="frontier-table"]/tbody/tr')) >= 20
    assert tree.xpath('//table[@id="sensitivity"]/tbody/tr[@data-side="minus"]')
    assert tree.xpath('//p[@id="today"]')


def test_binding_limit_named_with_the_project_it_keeps_out(client_for, pmo, portfolio):
    candidate(portfolio, "BIG-1", value=50, capex=80000)
    candidate(portfolio, "BIG-2", value=40, capex=70000)
    candidate(portfolio, "SMALL", value=5, capex=10000)
    plan = scenario(pmo, portfolio, limits={(YEAR, "capex"): 100000})
    solved = _solve(plan, pmo)
    assert sorted(solved.result["selected"]) == sorted(
        Project.objects.filter(code__in=["BIG-1", "SMALL"]).values_list("pk", flat=True)
    )
    response = _detail(client_for("pmo"), plan)
    row = page(response).xpath('//tr[@data-limit="2027|capex"]')[0]
    words = " ".join(row.text_content().split())
    assert "Binds" in words
    assert "BIG-2" in words
    dropped = page(response).xpath(
        '//table[@id="dropped-projects"]/tbody/tr[@data-project="BIG-2"]'
    )
    assert "2027" in dropped[0].text_content()


def test_scope_status_and_archive_make_the_candidates(world, pmo, portfolio):
    inside = candidate(portfolio, "IN-1", value=10, capex=1000)
    sub = arbitrage_portfolio(world, name="Sous-portefeuille")
    sub.parent = portfolio
    sub.save()
    below = candidate(sub, "IN-SUB", value=10, capex=1000, status=ProjectStatus.ON_HOLD)
    candidate(portfolio, "CLOSED", value=10, capex=1000, status=ProjectStatus.CLOSED)
    candidate(portfolio, "ARCH", value=10, capex=1000, is_archived=True)
    candidate(world.p2, "ELSEWHERE", value=10, capex=1000)
    plan = scenario(pmo, portfolio, limits={})
    solved = _solve(plan, pmo)
    assert sorted(solved.result["selected"]) == sorted([inside.pk, below.pk])
    assert solved.result["candidates"] == 2


def test_an_active_project_counts_its_remaining_need(pmo, portfolio):
    """The business case says 90 k€, resources wrote that 20 k€ remain: it fits in 30 k€."""
    running = candidate(portfolio, "RUN", value=10, capex=90000, status=ProjectStatus.ACTIVE)
    BusinessCaseYear.objects.filter(project=running).update(remaining_capex=Decimal("20000"))
    proposed = candidate(portfolio, "NEW", value=10, capex=90000)
    BusinessCaseYear.objects.filter(project=proposed).update(remaining_capex=Decimal("1"))
    plan = scenario(pmo, portfolio, limits={(YEAR, "capex"): 30000})
    solved = _solve(plan, pmo)
    assert solved.result["selected"] == [running.pk]
    assert solved.result["usage"]["2027|capex"] == pytest.approx(20000)


def test_dependencies_on_projects_outside_the_candidates(client_for, world, pmo, portfolio):
    """Requiring an active project elsewhere is satisfied; requiring a proposed one elsewhere
    keeps the project out, with the reason on the page; excluding an active one too."""
    needs_active = candidate(portfolio, "REQ-OK", value=10, capex=1000)
    depends(needs_active, world.project_b)  # active, in P2
    elsewhere = candidate(world.p2, "IDEA-P2", value=10, capex=1000)
    needs_idea = candidate(portfolio, "REQ-KO", value=10, capex=1000)
    depends(needs_idea, elsewhere)
    rival = candidate(portfolio, "RIVAL", value=10, capex=1000)
    depends(world.project_b, rival, DependencyKind.EXCLUDES)
    plan = scenario(pmo, portfolio, limits={})
    solved = _solve(plan, pmo)
    assert solved.result["selected"] == [needs_active.pk]
    response = _detail(client_for("pmo"), plan)
    tree = page(response)
    reason = " ".join(
        tree.xpath(
            'string(//table[@id="dropped-projects"]/tbody/tr[@data-project="REQ-KO"])'
        ).split()
    )
    assert "IDEA-P2" in reason
    reason = " ".join(
        tree.xpath(
            'string(//table[@id="dropped-projects"]/tbody/tr[@data-project="RIVAL"])'
        ).split()
    )
    assert "PRJ-B" in reason


def test_mandatory_projects_over_the_budget_name_the_year_and_kind(client_for, pmo, portfolio):
    candidate(portfolio, "LAW-1", value=5, capex=70000, mandatory=True)
    candidate(portfolio, "LAW-2", value=5, capex=60000, mandatory=True)
    candidate(portfolio, "NICE", value=90, capex=1000)
    plan = scenario(pmo, portfolio, limits={(YEAR, "capex"): 100000})
    solved = _solve(plan, pmo)
    assert solved.status == ScenarioStatus.INFEASIBLE
    assert solved.result["limit"] == "2027|capex"
    response = _detail(client_for("pmo"), plan)
    assert response.status_code == 200
    alert = " ".join(page(response).xpath('string(//div[@id="infeasible"])').split())
    assert "2027" in alert
    assert "CAPEX" in alert.upper()
    assert ScenarioProject.objects.filter(scenario=plan, selected__isnull=False).count() == 0


def test_a_dependency_cycle_names_its_projects(client_for, pmo, portfolio, worker):
    a = candidate(portfolio, "CYC-A", value=5, capex=1000)
    b = candidate(portfolio, "CYC-B", value=5, capex=1000)
    c = candidate(portfolio, "CYC-C", value=5, capex=1000)
    depends(a, b)
    depends(b, c)
    depends(c, a)
    plan = scenario(pmo, portfolio, limits={})
    client = client_for("pmo")
    with worker():
        response = client.post(reverse("portfolios:scenario_solve", args=[plan.pk]))
    assert response.status_code == 302
    response = _detail(client, plan)
    alert = " ".join(page(response).xpath('string(//div[@id="infeasible"])').split())
    for code in ("CYC-A", "CYC-B", "CYC-C"):
        assert code in alert


def test_a_mandatory_project_needing_an_idea_elsewhere_is_infeasible(world, pmo, portfolio):
    idea = candidate(world.p2, "IDEA", value=1, capex=1)
    law = candidate(portfolio, "LAW", value=1, capex=1, mandatory=True)
    depends(law, idea)
    solved = _solve(scenario(pmo, portfolio, limits={}), pmo)
    assert solved.status == ScenarioStatus.INFEASIBLE
    assert "LAW" in solved.message
    assert "IDEA" in solved.message


def test_forcing_in_and_out_changes_the_result(client_for, pmo, portfolio, worker):
    best = candidate(portfolio, "BEST", value=90, capex=60000)
    good = candidate(portfolio, "GOOD", value=50, capex=40000)
    low = candidate(portfolio, "LOW", value=10, capex=60000)
    plan = scenario(pmo, portfolio, limits={(YEAR, "capex"): 100000})
    assert sorted(_solve(plan, pmo).result["selected"]) == sorted([best.pk, good.pk])

    client = client_for("pmo")
    url = reverse("portfolios:scenario_force", args=[plan.pk])
    response = client.post(url, {"project": low.pk, "forcing": Forcing.IN}, follow=True)
    assert response.status_code == 200
    plan.refresh_from_db()
    assert plan.status == ScenarioStatus.DRAFT  # the result is stale until solved again
    assert page(response).xpath('//div[@id="stale"]')

    with worker():
        client.post(reverse("portfolios:scenario_solve", args=[plan.pk]))
    plan.refresh_from_db()
    assert sorted(plan.result["selected"]) == sorted([low.pk, good.pk])

    client.post(url, {"project": low.pk, "forcing": ""})
    client.post(url, {"project": best.pk, "forcing": Forcing.OUT})
    with worker():
        client.post(reverse("portfolios:scenario_solve", args=[plan.pk]))
    plan.refresh_from_db()
    assert sorted(plan.result["selected"]) == sorted([good.pk, low.pk])  # BEST out, room for LOW
    response = _detail(client, plan)
    reason = page(response).xpath(
        'string(//table[@id="dropped-projects"]/tbody/tr[@data-project="BEST"])'
    )
    assert "PMO" in reason


def test_changing_the_limits_makes_the_result_stale(client_for, pmo, portfolio):
    candidate(portfolio, "ONE", value=10, capex=1000)
    plan = scenario(pmo, portfolio, limits={(YEAR, "capex"): 5000})
    _solve(plan, pmo)
    plan.refresh_from_db()
    client = client_for("pmo")
    response = client.post(
        reverse("portfolios:scenario_edit", args=[plan.pk]),
        {
            "name": plan.name,
            "description": "",
            "portfolio": plan.portfolio_id,
            "first_year": YEAR,
            "last_year": YEAR,
            "grid": f"{YEAR}-{YEAR}",
            "version": plan.version,
            f"limit_{YEAR}_capex": "500",
        },
        follow=True,
    )
    assert response.status_code == 200
    plan.refresh_from_db()
    assert plan.status == ScenarioStatus.DRAFT
    assert page(response).xpath('//div[@id="stale"]')


def test_create_form_saves_the_grid_and_refuses_bad_input(client_for, world, portfolio):
    client = client_for("pmo")
    url = reverse("portfolios:scenario_create")
    base = {
        "name": "Plan\x07 2027",
        "description": "",
        "portfolio": portfolio.pk,
        "first_year": YEAR,
        "last_year": YEAR + 1,
        "grid": f"{YEAR}-{YEAR + 1}",
        f"limit_{YEAR}_capex": "100000",
        f"limit_{YEAR + 1}_fte": "-1",
    }
    response = client.post(url, base)
    assert response.status_code == 200  # re-rendered with its errors
    assert page(response).xpath('//div[@id="form-errors"]')
    assert Scenario.objects.count() == 0
    # The years changed: the grid follows and asks again.
    response = client.post(
        url, {**base, "name": "Plan 2027", f"limit_{YEAR + 1}_fte": "", "last_year": YEAR + 2}
    )
    assert response.status_code == 200
    assert len(page(response).xpath('//table[@id="limit-grid"]/tbody/tr')) == 3
    assert Scenario.objects.count() == 0
    response = client.post(
        url,
        {**base, "name": "Plan 2027", f"limit_{YEAR + 1}_fte": "12.5"},
    )
    assert response.status_code == 302
    plan = Scenario.objects.get()
    assert {(limit.year, limit.kind, limit.amount) for limit in plan.limits.all()} == {
        (YEAR, "capex", Decimal("100000.00")),
        (YEAR + 1, "fte", Decimal("12.50")),
    }


def test_concurrent_edits_conflict(client_for, pmo, portfolio):
    plan = scenario(pmo, portfolio, limits={})
    client = client_for("pmo")
    data = {
        "name": "Plan A",
        "description": "",
        "portfolio": portfolio.pk,
        "first_year": YEAR,
        "last_year": YEAR,
        "grid": f"{YEAR}-{YEAR}",
        "version": plan.version,
    }
    url = reverse("portfolios:scenario_edit", args=[plan.pk])
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "name": "Plan B"})
    assert response.status_code == 409
    plan.refresh_from_db()
    assert plan.name == "Plan A"


def _bulk(portfolio, template, start: int, count: int) -> None:
    """``count`` more proposed candidates with a one-year business case (bulk)."""
    Project.objects.bulk_create(
        [
            Project(
                code=f"BULK-{index:05d}",
                name=f"Projet en masse {index}",
                portfolio=portfolio,
                business_domain_id=template.business_domain_id,
                project_type_id=template.project_type_id,
                manager_id=template.manager_id,
                status=ProjectStatus.PROPOSED,
                planned_start=template.planned_start,
                planned_end=template.planned_end,
                priority_score=Decimal(index % 97),
                priority_explanation=[
                    {"key": "value", "kind": "value", "points": index % 97, "scored": True}
                ],
            )
            for index in range(start, start + count)
        ]
    )
    new = Project.objects.filter(code__startswith="BULK-", business_case__isnull=True)
    BusinessCaseYear.objects.bulk_create(
        [
            BusinessCaseYear(
                project_id=pk, year=YEAR, capex=Decimal(1000 + pk % 50 * 100), fte=Decimal(1)
            )
            for pk in new.values_list("pk", flat=True)
        ]
    )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_list_and_detail_query_counts_do_not_grow(client_for, pmo, portfolio):
    """The same number of queries at 20 and at 2,000 candidates (and about a dozen)."""
    seed = candidate(portfolio, "SEED", value=1, capex=1)
    client = client_for("pmo")
    counts = []
    for start, count in ((0, 19), (19, 1981)):
        _bulk(portfolio, seed, start, count)
        plan = scenario(
            pmo,
            portfolio,
            limits={(YEAR, "capex"): 30 * count + 30000, (YEAR, "fte"): count // 2 + 5},
            name=f"Plan {count}",
        )
        _solve(plan, pmo)
        client.get(reverse("portfolios:scenario_list"))  # a first visit warms the session
        detail = reverse("portfolios:scenario_detail", args=[plan.pk])
        counts.append(
            (_queries(client, reverse("portfolios:scenario_list")), _queries(client, detail))
        )
        response = client.get(detail)
        plan.refresh_from_db()
        selected = len(plan.result["selected"])
        assert len(codes_in(response, "selected-projects")) == min(25, selected)
        assert len(codes_in(response, "dropped-projects")) == min(25, count + 1 - selected)
    assert counts[0] == counts[1]
    assert counts[0][0] <= 10
    assert counts[0][1] <= 14


def _valid_html(response) -> None:
    assert response.status_code == 200
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    parser.parse(response.content)
    assert b"{{" not in response.content
    assert b"{%" not in response.content


def test_pages_are_valid_html_in_every_state(client_for, pmo, portfolio):
    """Draft (the candidates), infeasible, solved, stale, committed: the scenario page, its
    form and its confirmation page are valid HTML5 for the PMO and the executive."""
    law = candidate(portfolio, "LAW", value=5, capex=90000, mandatory=True)
    nice = candidate(portfolio, "NICE", value=50, capex=30000)
    plan = scenario(pmo, portfolio, limits={(YEAR, "capex"): 50000})
    pmo_client = client_for("pmo")
    urls = [
        reverse("portfolios:scenario_detail", args=[plan.pk]),
        reverse("portfolios:scenario_edit", args=[plan.pk]),
        reverse("portfolios:scenario_commit", args=[plan.pk]),
    ]
    for url in urls:  # draft
        _valid_html(pmo_client.get(url))
    assert codes_in(pmo_client.get(urls[0]), "candidate-projects") == ["NICE", "LAW"]
    _solve(plan, pmo)  # infeasible: LAW alone needs 90 k€ of 50 k€
    for url in urls:
        _valid_html(pmo_client.get(url))
    Project.objects.filter(pk=law.pk).update(is_mandatory=False)
    _solve(plan, pmo)
    for url in urls:  # solved
        _valid_html(pmo_client.get(url))
    pmo_client.post(
        reverse("portfolios:scenario_force", args=[plan.pk]), {"project": nice.pk, "forcing": "out"}
    )
    _valid_html(pmo_client.get(urls[0]))  # stale
    _solve(plan, pmo)
    commit.commit_scenario(scenario=plan, user=pmo)
    for url in (urls[0], urls[2]):  # committed
        _valid_html(pmo_client.get(url))
    _valid_html(client_for("executive").get(urls[0]))
