"""What the dashboards keep in the cache (issue 16): the filter form's fields, per language and
chosen portfolio, while no choice changes; the health charts, per figures, scope and
language. The reader sees the same page."""

import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pmo_portal import charts
from portfolios import filter_form
from portfolios.models import Project
from tests.portfolios.factories import PortfolioFactory
from tests.reporting import test_dashboard
from tests.reporting.factories import StatusReportFactory

DASH = reverse("reporting:dashboard")


@pytest.fixture(autouse=True)
def cold_cache():
    """Each test starts from an empty cache: an earlier test of the same process may have
    drawn the same charts (the cache is per process, keyed by the figures), as CI found."""
    cache.clear()
    yield
    cache.clear()


portfolio = test_dashboard.portfolio  # the hand-built portfolio of the dashboard's tests


def page(client, params=None, language="en", url=DASH) -> str:
    response = client.get(url, params or {}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def form(html: str) -> str:
    return re.search(r'<form method="get".*?</form>', html, re.DOTALL).group(0)


def figures(html: str) -> list[str]:
    return re.findall(r'<figure class="chart.*?</figure>', html, re.DOTALL)


def queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        page(client, params)
    return len(captured)


def test_the_form_is_read_from_the_cache_once_rendered(client_for, world):
    client = client_for("pmo")
    for params in (None, {"portfolio": world.north.pk}):
        rendered = form(page(client, params))
        warm = queries(client, params)
        assert form(page(client, params)) == rendered
        filter_form.forget()  # as a saved choice does
        # The choice lists (portfolios, types, domains, project managers) are read again.
        assert queries(client, params) == warm + 4


def test_each_portfolio_shows_itself_selected(client_for, world):
    client = client_for("pmo")
    selected = f'<option value="{world.north.pk}" selected>'
    assert selected not in page(client)
    assert selected in page(client, {"portfolio": world.north.pk})
    assert selected not in page(client)
    other = f'<option value="{world.p1.pk}" selected>'
    assert other in page(client, {"portfolio": world.p1.pk})


def test_a_new_portfolio_shows_at_once(client_for, world):
    client = client_for("pmo")
    assert "Portefeuille tout neuf" not in page(client)
    assert "Portefeuille tout neuf" not in page(client, {"portfolio": world.north.pk})
    PortfolioFactory(name="Portefeuille tout neuf", parent=world.north)
    assert "Portefeuille tout neuf" in page(client)
    assert "Portefeuille tout neuf" in page(client, {"portfolio": world.north.pk})


def test_each_language_has_its_form(client_for, world):
    client = client_for("pmo")
    assert "All project managers" in form(page(client, language="en"))
    assert "Tous les chefs de projet" in form(page(client, language="fr"))
    assert "All project managers" in form(page(client, language="en"))


@pytest.mark.parametrize(
    "url", [DASH, reverse("reporting:top_risks"), reverse("reporting:health_worse")]
)
def test_a_filtered_page_shows_its_values_chosen(client_for, world, url):
    client = client_for("pmo")
    page(client, url=url)  # the form without values is cached
    html = form(page(client, {"status": "closed", "health": "3"}, url=url))
    assert re.search(r'<input[^>]*value="closed"[^>]*checked', html)
    assert re.search(r'<input[^>]*value="3"[^>]*checked', html)
    assert not re.search(r"checked", form(page(client, url=url)))


def test_an_invalid_portfolio_shows_its_error(client_for, world):
    client = client_for("pmo")
    page(client)
    html = form(page(client, {"portfolio": "999999"}))
    assert "invalid" in html or "Select a valid choice" in html


def test_the_charts_are_drawn_once_for_the_same_figures(client_for, world, portfolio):
    client = client_for("pmo")
    with mock.patch.object(charts, "health_trend_svg", wraps=charts.health_trend_svg) as drawn:
        first = figures(page(client))
        assert len(first) == 2
        assert figures(page(client)) == first
        assert drawn.call_count == 1
        # Another scope, another language: drawn for them.
        page(client, {"portfolio": world.north.pk})
        french = page(client, language="fr")
        assert drawn.call_count == 3
        assert "Projets par météo" in french
        assert "Projects by overall health:" not in french
        # A report changes a figure: drawn again, with it.
        d = Project.objects.get(code="PRJ-D")
        StatusReportFactory(project=d, period=portfolio["last"], health_overall=4)
        assert figures(page(client)) != first
        assert drawn.call_count == 4
