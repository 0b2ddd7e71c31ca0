"""Past-performance figures (lessons/selectors_analytics.py) and their pages: the PMO's
analytics page and CSV export, the project tab "Outlook" with its comparables."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import html5lib
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from lessons import selectors_analytics as selectors
from lessons.views.analytics import comparables_sentence
from portfolios.models import ProjectStatus
from resources.models import ActualCost, BudgetLine
from tests.portfolios.factories import BusinessDomainFactory, ProjectFactory, ProjectTypeFactory

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
TODAY = date(2026, 3, 1)


def closed(*, project_type, domain, budget="100000", spent="118000", late_days=64, end=None,
           manager=None, code=None):  # fmt: skip
    """A closed project: baseline of one year, ``late_days`` late, ``spent`` on ``budget``."""
    end = end or date(2024, 6, 30)
    baseline_end = end - timedelta(days=late_days)
    extra = {"manager": manager} if manager else {}
    project = ProjectFactory(
        **({"code": code} if code else {}),
        status=ProjectStatus.CLOSED,
        project_type=project_type,
        business_domain=domain,
        planned_start=baseline_end - timedelta(days=365),
        planned_end=baseline_end,
        baseline_start=baseline_end - timedelta(days=365),
        baseline_end=baseline_end,
        actual_end=end,
        **extra,
    )
    BudgetLine.objects.create(
        project=project,
        nature="capex",
        category="hardware",
        fiscal_year=baseline_end.year - 1,
        approved_amount=Decimal(budget),
        baseline_amount=Decimal(budget),
    )
    ActualCost.objects.create(
        project=project, date=end, nature="capex", category="hardware", amount=Decimal(spent)
    )
    return project


def test_final_figures_of_a_closed_project(world):
    kind, domain = ProjectTypeFactory(), BusinessDomainFactory()
    project = closed(project_type=kind, domain=domain, late_days=61)
    # A budget line of a year after the project closed is not part of what it was given.
    BudgetLine.objects.create(
        project=project,
        nature="opex",
        category="other",
        fiscal_year=2026,
        approved_amount=Decimal("50000"),
        baseline_amount=Decimal("50000"),
    )
    (outcome,) = [o for o in selectors.closed_outcomes(today=TODAY) if o.project_id == project.pk]
    assert outcome.cost_variance == pytest.approx(0.18)
    assert outcome.slip_days == 61
    assert outcome.slip_months == pytest.approx(61 / 30.44)
    assert outcome.year == 2024
    assert outcome.size_band == "s"


def test_spread_and_distribution(world):
    assert selectors.spread([]).median is None
    assert selectors.spread([0.2]).median == 0.2
    assert selectors.spread([1.0, 2.0, 3.0, 4.0, 5.0]) == selectors.Spread(5, 3.0, 2.0, 4.0)
    kind, domain = ProjectTypeFactory(), BusinessDomainFactory()
    for year, spent in ((2022, "110000"), (2023, "90000"), (2023, "130000")):
        closed(project_type=kind, domain=domain, spent=spent, end=date(year, 5, 1))
    outcomes = selectors.closed_outcomes(today=TODAY)
    years = selectors.distribution(outcomes, "year")
    assert [(g.label, g.n) for g in years] == [("2022", 1), ("2023", 2)]
    assert years[1].cost.median == pytest.approx(0.10)


def test_comparables_same_type_and_domain_else_same_type_never_itself(world):
    kind, domain, other_domain = (
        ProjectTypeFactory(),
        BusinessDomainFactory(),
        BusinessDomainFactory(),
    )
    live = world.project_a
    live.project_type, live.business_domain = kind, domain
    live.save()
    assert selectors.comparables(live, today=TODAY) is None  # nobody to compare with
    for _i in range(4):
        closed(project_type=kind, domain=domain, spent="118000", late_days=64)
    assert selectors.comparables(live, today=TODAY) is None  # 4 < 5: not shown
    closed(project_type=kind, domain=other_domain, spent="150000", late_days=10)
    found = selectors.comparables(live, today=TODAY)
    assert (found.basis, found.n) == ("type", 5)  # too few in the domain: same type
    first = closed(project_type=kind, domain=domain, spent="118000", late_days=64)
    found = selectors.comparables(live, today=TODAY)
    assert (found.basis, found.n) == ("type_domain", 5)
    assert found.cost_median == pytest.approx(0.18)
    assert found.slip_months_median == pytest.approx(64 / 30.44)
    with translation.override("en"):
        sentence = comparables_sentence(found)
    assert sentence == (
        "Comparable projects finished on median 18\u00a0% over budget and 2.1 months late (n = 5)."
    )
    # A closed project is never its own comparable.
    mine = selectors.comparables(first, today=TODAY)
    assert mine.n == 5
    assert mine.basis == "type"


def test_project_tab_shows_the_sentence_only_from_five(client_for, world):
    kind, domain = ProjectTypeFactory(), BusinessDomainFactory()
    live = world.project_a
    live.project_type, live.business_domain = kind, domain
    live.save()
    client = client_for("pm")
    url = reverse("lessons:project_outlook", args=[live.pk])
    response = client.get(url, **EN)
    assert response.status_code == 200
    assert response.context["comparables"] is None
    assert b"Fewer than 5 closed projects" in response.content
    assert b"No prediction" in response.content
    for _i in range(5):
        closed(project_type=kind, domain=domain, end=timezone.localdate() - timedelta(days=200))
    response = client.get(url, **EN)
    assert "18\u00a0% over budget" in response.content.decode()
    assert "(n = 5)" in response.content.decode()


def test_analytics_page_and_csv(client_for, world):
    kind, domain = ProjectTypeFactory(name="Projet de R&D"), BusinessDomainFactory()
    for year in (2023, 2024, 2025, 2025, 2025, 2025, 2025):
        closed(project_type=kind, domain=domain, end=date(year, 4, 1))
    client = client_for("pmo")
    response = client.get(reverse("lessons:analytics"), **EN)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<svg" in body
    # 2025 (five closures) is a point of the trend; 2023 and 2024 (one each) are no trend:
    # left out of the charts, said under them, still in the table by year.
    assert "median +18\u00a0% (n = 5)" in body
    assert "(n = 1)" not in body
    note = response.context["thin_years"]
    assert [(g.label, g.n) for g in note] == [("2023", 1), ("2024", 1)]
    assert "Left out of the charts (fewer than 5 closed projects): 2023, 1 project ; " in body
    assert [t["key"] for t in response.context["tables"]] == list(selectors.DIMENSIONS)
    assert "Projet de R&amp;D" in body
    html5lib.HTMLParser(strict=True).parse(body)  # valid HTML5, the charts included
    export = client.get(reverse("lessons:analytics_csv"), **EN)
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode()), delimiter=";"))
    assert rows[0][0].lstrip("\ufeff") == "Code"
    assert len(rows) == 8
    assert rows[1][9] == "18.0"
    assert rows[1][5] == "2025"


@pytest.mark.parametrize("size", [6, 30])
def test_analytics_queries_do_not_grow(client_for, world, django_assert_max_num_queries, size):
    kind, domain = ProjectTypeFactory(), BusinessDomainFactory()
    for index in range(size):
        closed(project_type=kind, domain=domain, end=date(2021 + index % 5, 3, 1))
    client = client_for("pmo")
    client.get(reverse("lessons:analytics"))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("lessons:analytics"))
    assert response.context["count"] == size
    live = world.project_a
    live.project_type, live.business_domain = kind, domain
    live.save()
    with django_assert_max_num_queries(14):
        response = client.get(reverse("lessons:project_outlook", args=[live.pk]))
    assert response.context["comparables"].n == size
