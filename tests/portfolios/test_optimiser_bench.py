"""The optimiser's figures of ``manage.py bench`` (issue 12, "done when" 2), at a tiny size:
the shape of what is measured and printed, not the timings."""

import io

from django.core.management import call_command

from pmo_portal.management import bench_optimiser
from portfolios import optimiser


def test_the_sample_portfolio_has_every_constraint_family():
    problem = bench_optimiser.sample_problem(200)
    assert len(problem.items) == 200
    assert len(problem.limits) == 15
    assert {kind for _year, kind in problem.limits} == set(optimiser.KINDS)
    assert len(problem.requires) + len(problem.excludes) == 50
    assert sum(item.mandatory for item in problem.items) == 10
    assert {item.forcing for item in problem.items} == {"", "in", "out"}
    optimiser.validate(problem)
    # The same portfolio every run.
    assert bench_optimiser.sample_problem(200) == problem


def test_measure_returns_the_figures():
    figures = bench_optimiser.measure(40, instances=3, points=4)
    assert figures["available"]
    assert (figures["items"], figures["limits"], figures["dependencies"]) == (40, 15, 50)
    assert figures["solves"] == 3
    assert len(figures["solve_seconds"]) == 3
    assert 0 < figures["solve_median_seconds"] <= figures["solve_max_seconds"]
    assert figures["solve_proven"] == 3
    assert figures["frontier_points"] == figures["frontier_proven"] == 4
    assert figures["frontier_seconds"] > 0
    assert figures["selected"] > 0
    text = bench_optimiser.line(figures)
    assert text.startswith("Optimiser, 40 projects")
    assert "3/3 proven optimal" in text
    assert "target < 2 s and < 10 s" in text


def test_the_bench_command_measures_the_optimiser_alone_without_a_database():
    out = io.StringIO()
    call_command("bench", optimiser_only=True, optimiser_size=30, stdout=out)
    assert out.getvalue().startswith("Optimiser, 30 projects")
    assert "proven optimal" in out.getvalue()


def test_a_failing_measure_prints_why(monkeypatch):
    def broken(size):
        raise RuntimeError("no solver")

    monkeypatch.setattr(bench_optimiser, "measure", broken)
    out = io.StringIO()
    figures = bench_optimiser.report(out, {"optimiser_size": 10})
    assert not figures["available"]
    assert "n/a" in out.getvalue()
    assert "no solver" in out.getvalue()
