"""The COPIL pack's data: read in a constant number of queries, in the pack's order, texts
in full (the templates fit them to the page), the portfolio's envelope by resources' rule."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pmo_portal import registry
from portfolios.models import PortfolioEnvelope
from reporting.copil.data import pack_data, read_pack
from reporting.templatetags.copil_pack import fit_text
from resources.selectors.budgets import envelope_of
from tests.portfolios.factories import PortfolioFactory
from tests.reporting.copil_pack_helpers import build_projects
from tests.reporting.factories_copil import CopilMeetingFactory


def test_pack_data_reads_in_a_constant_number_of_queries(world, django_assert_max_num_queries):
    """The same bound with 5 and 40 projects (no per-project query), every section's read
    included."""
    today = timezone.localdate()
    small, large = PortfolioFactory(name="Petit"), PortfolioFactory(name="Grand")
    build_projects(small, 5, manager=world.users["pm"], today=today)
    build_projects(large, 40, manager=world.users["pm"], today=today, start=5)
    counts = []
    for portfolio, expected in ((small, 5), (large, 40)):
        meeting = CopilMeetingFactory(portfolio=portfolio)
        with django_assert_max_num_queries(30), CaptureQueriesContext(connection) as queries:
            scope, read = read_pack(meeting, today=today, sections=registry.copil_sections())
        assert len(scope.pack.projects) == len(scope.project_ids) == expected
        assert [section.key for section, _data in read][:3] == ["cover", "toc", "summary"]
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_scope_lists_the_projects_in_the_pack_order(pack_meeting):
    scope, _read = read_pack(
        pack_meeting, today=timezone.localdate(), sections=registry.copil_sections()
    )
    assert scope.project_ids == [s.project.pk for s in scope.pack.projects]
    assert [p.pk for p in scope.projects] == scope.project_ids
    assert scope.language == pack_meeting.language


def test_pack_data_orders_projects_worst_health_first_or_by_priority(pack_meeting):
    data = pack_data(pack_meeting, today=timezone.localdate())
    healths = [s.project.health_overall for s in data.projects]
    assert healths == sorted(healths, key=lambda h: (h is None, -(h or 0)))
    pack_meeting.project_order = "priority"
    data = pack_data(pack_meeting, today=timezone.localdate())
    scores = [s.project.priority_score for s in data.projects if s.project.priority_score]
    assert scores == sorted(scores, reverse=True)


def test_pack_data_gathers_the_summary(pack_meeting, world):
    today = timezone.localdate()
    data = pack_data(pack_meeting, today=today)
    assert len(data.projects) == 6  # project A and five more
    assert {ask.text for ask in data.decisions_requested} == {
        f"Arbitrage demandé pour le projet {index:02d}." for index in (0, 2, 4)
    }
    asking = [s.key for s in data.projects if s.escalations]
    assert [ask.key for ask in data.decisions_requested] == asking  # in the pack's order
    assert [alert.code for alert in data.alerts] == [world.project_a.code]
    assert len(data.follow_ups) == 3
    assert sum(1 for f in data.follow_ups if f.late) == 2  # past due and not done
    assert data.risk_counts == {"open": 11, "critical": 6}  # A's risk is 3 × 4
    total = data.budget_total
    assert total.approved == Decimal("1000000.00")  # 5 projects × 2 lines of 100 k€
    assert sum(data.health_counts.values()) == 6
    assert len(data.trend) == 12


def test_the_selector_returns_texts_in_full(world):
    today = timezone.localdate()
    (project,) = build_projects(world.p2, 1, manager=world.users["pm"], today=today)
    long_text = "mot " * 300
    project.status_reports.update(achievements=long_text, escalations=long_text)
    data = pack_data(CopilMeetingFactory(portfolio=world.p2), today=today)
    section = next(s for s in data.projects if s.project.pk == project.pk)
    assert section.achievements == long_text.strip()
    assert data.decisions_requested[0].text == long_text.strip()


def test_fit_text_cuts_at_a_word_with_an_ellipsis():
    assert fit_text("court", 60, 1) == "court"
    cut = fit_text("mot " * 200, 25, 2)
    assert len(cut) <= 50
    assert cut.endswith(" mot…")  # cut between two words
    assert fit_text("a\nb\nc\nd", 60, 2) == "a\nb…"
    # A long line takes several lines of the box.
    assert fit_text("x" * 30 + "\nsecond\nthird", 20, 3) == "x" * 30 + "\nsecond…"


def test_a_portfolio_envelope_is_its_own_else_its_childrens(world):
    year = timezone.localdate().year
    assert envelope_of(world.company.pk, year) == {
        "capex": Decimal("0.00"),
        "opex": Decimal("0.00"),
    }
    PortfolioEnvelope.objects.create(
        portfolio=world.p1, fiscal_year=year, capex=Decimal("100.00"), opex=Decimal("10.00")
    )
    PortfolioEnvelope.objects.create(
        portfolio=world.p2, fiscal_year=year, capex=Decimal("50.00"), opex=Decimal("5.00")
    )
    assert envelope_of(world.company.pk, year) == {
        "capex": Decimal("150.00"),
        "opex": Decimal("15.00"),
    }
    PortfolioEnvelope.objects.create(
        portfolio=world.north, fiscal_year=year, capex=Decimal("1.00"), opex=Decimal("0.00")
    )
    assert envelope_of(world.company.pk, year)["capex"] == Decimal("51.00")
    meeting = CopilMeetingFactory(
        portfolio=world.north, scheduled_at=timezone.now() + timedelta(days=1)
    )
    assert pack_data(meeting, today=timezone.localdate()).budget_total.envelope == Decimal("1.00")
