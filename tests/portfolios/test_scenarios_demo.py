"""The demo scenarios (portfolios/demo_scenarios.py): two solved scenarios where a CAPEX cut
drops the project with the best strategic fit; nothing without candidates; idempotent."""

from __future__ import annotations

import pytest

from portfolios.demo import seed_portfolios
from portfolios.demo_scenarios import CUT, PLAN, seed_scenarios
from portfolios.demo_strategy import seed_strategy
from portfolios.models import Project, Scenario, ScenarioStatus

pytestmark = pytest.mark.django_db


def test_no_candidates_no_scenario():
    seed_portfolios(projects=0)
    assert seed_scenarios()["scenarios"] == 0
    assert not Scenario.objects.exists()


def test_the_cut_drops_the_project_everyone_liked():
    seed_portfolios(projects=0)
    seed_strategy()
    first = seed_scenarios()
    assert first["scenarios"] == 2
    plan, cut = Scenario.objects.get(name=PLAN), Scenario.objects.get(name=CUT)
    assert plan.status == cut.status == ScenarioStatus.SOLVED
    liked = Project.objects.get(code=first["liked"])
    fits = {
        p.code: sum(r["points"] for r in p.priority_explanation if r.get("kind") == "fit")
        for p in Project.objects.filter(business_case__year=2027).distinct()
    }
    assert fits[liked.code] == max(fits.values())  # the best strategic fit
    assert liked.pk in plan.result["selected"]
    assert liked.pk not in cut.result["selected"]
    assert first["dropped"] is True
    assert liked.code in cut.description
    capex = float(plan.limits.get(kind="capex").amount)
    assert float(cut.limits.get(kind="capex").amount) == pytest.approx(capex * 0.85, abs=1)
    assert seed_scenarios()["scenarios"] == 0  # idempotent
    assert Scenario.objects.count() == 2


def test_a_bench_sized_scope_is_solved_without_searching_for_the_story(monkeypatch):
    """Past STORY_SEARCH_MAX candidates (bench seeds of thousands of projects), the two
    scenarios are solved under the envelope, in two solves, and their texts claim no story."""
    from portfolios import demo_scenarios, optimiser

    seed_portfolios(projects=0)
    seed_strategy()
    monkeypatch.setattr(demo_scenarios, "STORY_SEARCH_MAX", 5)
    solves = []
    solve = optimiser.solve
    monkeypatch.setattr(optimiser, "solve", lambda *a, **k: solves.append(1) or solve(*a, **k))
    counts = seed_scenarios()
    assert counts["scenarios"] == 2
    assert counts["source"] == "none"
    assert len(solves) == 2  # one per scenario, no search
    cut = Scenario.objects.get(name=CUT)
    assert cut.status == ScenarioStatus.SOLVED
    assert "ne passe plus" not in cut.description
