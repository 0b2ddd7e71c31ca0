"""Scenarios are solved in the background: asking shows "solving…", the worker stores the
result and the polled box tells the page to reload; a second request while one runs is
refused, a stuck one may be asked again; what changed during a solve is solved again; the
task is idempotent and a failure leaves a message, never a scenario stuck "solving"."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from portfolios import tasks
from portfolios.models import Scenario, ScenarioLimit, ScenarioStatus
from portfolios.services import scenarios as services
from tests.portfolios.test_scenarios_world import (
    YEAR,
    arbitrage_portfolio,
    candidate,
    page,
    scenario,
)

NOW = timezone.make_aware(timezone.datetime(2026, 12, 7, 9, 30))


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def clock():
    """The clock set at NOW (tests travel from there): log in after this fixture."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def plan(world):
    portfolio = arbitrage_portfolio(world)
    candidate(portfolio, "BIG", value=90, capex=70000)
    candidate(portfolio, "SMALL", value=50, capex=30000)
    candidate(portfolio, "OTHER", value=45, capex=30000)
    return scenario(world.users["pmo"], portfolio, limits={(YEAR, "capex"): 90000})


def _text(response, xpath: str) -> str:
    return " ".join(page(response).xpath(f"string({xpath})").split())


def test_asking_shows_solving_then_the_worker_stores_the_result(
    clock, client_for, plan, monkeypatch
):
    sent = []
    monkeypatch.setattr(tasks.solve_scenario, "delay", sent.append)
    client = client_for("pmo")
    response = client.post(reverse("portfolios:scenario_solve", args=[plan.pk]), follow=True)
    assert response.status_code == 200
    assert sent == []  # queued after commit, not before
    plan.refresh_from_db()
    assert plan.solving_since == NOW
    assert "Solving since" in _text(response, '//div[@id="solving"]')
    assert page(response).xpath('//form[contains(@action, "/solve/")]//button[@disabled]')
    # The polled box: still solving, no reload asked.
    status_url = reverse("portfolios:scenario_solving", args=[plan.pk])
    polled = client.get(status_url)
    assert "HX-Refresh" not in polled
    assert "Solving since" in polled.content.decode()

    assert tasks.solve_scenario(plan.pk) == "done"
    plan.refresh_from_db()
    assert plan.status == ScenarioStatus.SOLVED
    assert plan.solving_since is None
    assert plan.result["value"] == 95.0  # SMALL + OTHER (60 k€) beat BIG (70 k€) alone
    polled = client.get(status_url)
    assert polled["HX-Refresh"] == "true"
    response = client.get(reverse("portfolios:scenario_detail", args=[plan.pk]))
    assert not page(response).xpath('//div[@id="solving" and contains(@class, "alert-info")]')
    assert _text(response, '//*[@id="kpi-value"]') == "95"


def test_the_solve_is_queued_once_the_request_is_committed(
    client_for, plan, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(tasks.solve_scenario, "delay", sent.append)
    with django_capture_on_commit_callbacks(execute=True):
        client_for("pmo").post(reverse("portfolios:scenario_solve", args=[plan.pk]))
    assert sent == [plan.pk]


def test_a_second_request_while_solving_is_refused_unless_the_first_is_stuck(
    clock, client_for, plan, monkeypatch
):
    monkeypatch.setattr(tasks.solve_scenario, "delay", lambda pk: None)
    client = client_for("pmo")
    url = reverse("portfolios:scenario_solve", args=[plan.pk])
    client.post(url)
    clock.shift(timedelta(minutes=2))
    response = client.post(url, follow=True)
    assert "being solved already (since 09:30)" in _text(response, '//*[@role="alert"]')
    plan.refresh_from_db()
    assert plan.solving_since == NOW
    clock.shift(services.SOLVE_STUCK_AFTER)
    response = client.get(reverse("portfolios:scenario_detail", args=[plan.pk]))
    assert not page(response).xpath('//form[contains(@action, "/solve/")]//button[@disabled]')
    client.post(url)
    plan.refresh_from_db()
    assert plan.solving_since == NOW + timedelta(minutes=2) + services.SOLVE_STUCK_AFTER


def test_a_limit_changed_during_the_solve_is_solved_again(plan, monkeypatch):
    """The result stored is that of the limits as they are when it is stored."""
    real = services._outcome
    calls = []

    def changing(data, problem):
        calls.append(1)
        if len(calls) == 1:  # someone lowers the CAPEX limit while the optimiser works
            ScenarioLimit.objects.filter(scenario=plan).update(amount=40000)
        return real(data, problem)

    monkeypatch.setattr(services, "_outcome", changing)
    Scenario.objects.filter(pk=plan.pk).update(solving_since=NOW)
    assert tasks.solve_scenario(plan.pk) == "done"
    plan.refresh_from_db()
    assert len(calls) == 2
    assert plan.result["value"] == 50.0  # SMALL alone within 40 k€
    assert plan.solving_since is None


def test_the_task_is_idempotent_and_leaves_a_committed_scenario_alone(plan, monkeypatch):
    assert tasks.solve_scenario(plan.pk) == "skipped"  # nobody asked
    Scenario.objects.filter(pk=plan.pk).update(solving_since=NOW)
    assert tasks.solve_scenario(plan.pk) == "done"
    solved_at = Scenario.objects.get(pk=plan.pk).solved_at
    assert tasks.solve_scenario(plan.pk) == "skipped"  # the message delivered twice
    assert Scenario.objects.get(pk=plan.pk).solved_at == solved_at
    Scenario.objects.filter(pk=plan.pk).update(solving_since=NOW, status=ScenarioStatus.COMMITTED)
    assert tasks.solve_scenario(plan.pk) == "skipped"
    assert Scenario.objects.get(pk=plan.pk).solving_since is None
    assert tasks.solve_scenario(10**9) == "skipped"  # deleted since


def test_a_failed_solve_says_so_and_is_no_longer_solving(client_for, plan, monkeypatch):
    def broken(data, problem):
        raise RuntimeError("HiGHS failed")

    monkeypatch.setattr(services, "_outcome", broken)
    Scenario.objects.filter(pk=plan.pk).update(solving_since=NOW)
    with pytest.raises(RuntimeError):
        tasks.solve_scenario(plan.pk)
    plan.refresh_from_db()
    assert plan.solving_since is None
    assert plan.status == ScenarioStatus.DRAFT
    response = client_for("pmo").get(reverse("portfolios:scenario_detail", args=[plan.pk]))
    assert "The last solve failed" in _text(response, '//div[@id="solve-failed"]')


def test_the_task_runs_on_the_long_work_queue_with_a_time_limit():
    assert tasks.solve_scenario.queue == "pdf"
    assert tasks.solve_scenario.acks_late is True
    assert tasks.solve_scenario.reject_on_worker_lost is True
    limits = (
        services.SOLVE_SECONDS
        + services.FRONTIER_SECONDS
        + 3 * services.SENSITIVITY_SECONDS
        + services.EVALUATE_SECONDS
    )
    assert tasks.solve_scenario.soft_time_limit > limits


def test_an_infeasible_message_reads_in_the_readers_language(client_for, world):
    """The worker stores the cause in every language: a French and an English reader each
    read it in theirs, amounts localised (1 234 567 in French)."""
    portfolio = arbitrage_portfolio(world)
    candidate(portfolio, "LAW", value=10, capex=1234567, mandatory=True)
    plan = scenario(world.users["pmo"], portfolio, limits={(YEAR, "capex"): 1000})
    Scenario.objects.filter(pk=plan.pk).update(solving_since=NOW)
    tasks.solve_scenario(plan.pk)
    plan.refresh_from_db()
    assert plan.status == ScenarioStatus.INFEASIBLE
    client = client_for("pmo")
    url = reverse("portfolios:scenario_detail", args=[plan.pk])
    english = _text(client.get(url, HTTP_ACCEPT_LANGUAGE="en"), '//div[@id="infeasible"]')
    assert "above the limit of 1,000" in english
    assert "LAW" in english
    french = _text(client.get(url, HTTP_ACCEPT_LANGUAGE="fr"), '//div[@id="infeasible"]')
    assert "au-delà de la limite de 1 000" in french.replace("\u202f", " ").replace("\xa0", " ")
    assert "1 234 567" in french.replace("\u202f", " ").replace("\xa0", " ")


def test_the_roadmap_lists_the_selection_by_its_first_year(client_for, world):
    portfolio = arbitrage_portfolio(world)
    candidate(portfolio, "NOW-A", value=50, capex=1000)
    candidate(portfolio, "NOW-B", value=40, capex=1000)
    candidate(portfolio, "LATER", value=30, capex=1000, year=YEAR + 1)
    candidate(portfolio, "TOO-BIG", value=90, capex=10**7)
    plan = scenario(world.users["pmo"], portfolio, limits={(YEAR, "capex"): 5000}, last=YEAR + 1)
    services.solve_scenario(scenario=plan, user=world.users["pmo"])
    response = client_for("pmo").get(reverse("portfolios:scenario_detail", args=[plan.pk]))
    rows = {
        row.get("data-year"): [" ".join(cell.text_content().split()) for cell in row]
        for row in page(response).xpath('//section[@id="roadmap"]//tbody/tr')
    }
    assert rows[str(YEAR)] == [str(YEAR), "2", "NOW-A, NOW-B"]  # by code; TOO-BIG left out
    assert rows[str(YEAR + 1)] == [str(YEAR + 1), "1", "LATER"]
