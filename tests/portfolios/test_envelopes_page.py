"""A portfolio's yearly CAPEX/OPEX envelopes, set by the PMO in the portal (issue 14)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from portfolios.models import PortfolioEnvelope
from portfolios.services.envelopes import save_envelope
from tests.portfolios.factories import PortfolioFactory


def _url(portfolio):
    return reverse("portfolios:portfolio_envelopes", args=[portfolio.pk])


def _edit_url(envelope):
    return reverse("portfolios:envelope_edit", args=[envelope.portfolio_id, envelope.pk])


def test_pmo_adds_a_year_and_the_history_says_who(client_for, world):
    client = client_for("pmo")
    response = client.post(
        _url(world.p1), {"fiscal_year": "2026", "capex": "150000", "opex": "20000.50"}
    )
    assert response.status_code == 302
    envelope = PortfolioEnvelope.objects.get(portfolio=world.p1)
    assert (envelope.fiscal_year, envelope.capex, envelope.opex) == (
        2026,
        Decimal("150000.00"),
        Decimal("20000.50"),
    )
    assert envelope.history.get().history_user == world.users["pmo"]
    page = client.get(_url(world.p1)).content.decode()
    assert "2026" in page
    assert world.users["pmo"].get_full_name() in page


def test_pmo_edits_a_year(client_for, world):
    envelope = save_envelope(
        portfolio=world.p1, data={"fiscal_year": 2026, "capex": Decimal("1"), "opex": Decimal("2")}
    )
    response = client_for("pmo").post(
        _edit_url(envelope),
        {"fiscal_year": "2026", "capex": "300", "opex": "2", "version": envelope.version},
    )
    assert response.status_code == 302
    envelope.refresh_from_db()
    assert envelope.capex == Decimal("300.00")
    page = client_for("pmo").get(_url(world.p1)).content.decode()
    assert "1,00 → 300,00" in page or "1.00 → 300.00" in page


def test_a_second_envelope_for_the_same_year_is_refused(client_for, world):
    save_envelope(portfolio=world.p1, data={"fiscal_year": 2026, "capex": 1, "opex": 1})
    response = client_for("pmo").post(
        _url(world.p1), {"fiscal_year": "2026", "capex": "5", "opex": "5"}
    )
    assert response.status_code == 200
    assert "2026" in str(response.context["form"].errors["fiscal_year"])
    assert PortfolioEnvelope.objects.filter(portfolio=world.p1).count() == 1
    # Another portfolio may have its own 2026.
    response = client_for("pmo").post(
        _url(world.p2), {"fiscal_year": "2026", "capex": "5", "opex": "5"}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "values",
    [
        {"fiscal_year": "2026", "capex": "-1", "opex": "0"},
        {"fiscal_year": "2026", "capex": "0", "opex": "-0.01"},
        {"fiscal_year": "1999", "capex": "0", "opex": "0"},
        {"fiscal_year": "", "capex": "0", "opex": "0"},
    ],
)
def test_wrong_amounts_or_years_are_refused_and_nothing_is_saved(client_for, world, values):
    response = client_for("pmo").post(_url(world.p1), values)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not PortfolioEnvelope.objects.exists()


def test_a_concurrent_edit_is_not_overwritten(client_for, world):
    envelope = save_envelope(portfolio=world.p1, data={"fiscal_year": 2026, "capex": 1, "opex": 1})
    opened_at = envelope.version
    save_envelope(
        portfolio=world.p1, envelope=envelope, data={"capex": 99}, version=opened_at
    )  # someone else
    response = client_for("pmo").post(
        _edit_url(envelope),
        {"fiscal_year": "2026", "capex": "5", "opex": "1", "version": opened_at},
    )
    assert response.status_code == 409
    envelope.refresh_from_db()
    assert envelope.capex == Decimal("99.00")


def test_other_roles_get_403_in_scope_and_404_outside(client_for, world):
    assert client_for("executive").get(_url(world.p1)).status_code == 403
    assert client_for("executive").get(_url(world.p2)).status_code == 404
    assert (
        client_for("finance")
        .post(_url(world.p1), {"fiscal_year": "2026", "capex": "5", "opex": "5"})
        .status_code
        == 403
    )
    assert not PortfolioEnvelope.objects.exists()


def test_tabs_link_the_settings_pages_of_the_portfolio(client_for, world):
    page = client_for("pmo").get(_url(world.p1)).content.decode()
    assert reverse("reporting:portfolio_policy", args=[world.p1.pk]) in page
    assert reverse("resources:alert_recipients", args=[world.p1.pk]) in page
    tree = client_for("pmo").get(reverse("portfolios:tree")).content.decode()
    assert _url(world.p1) in tree
    executive_tree = client_for("executive").get(reverse("portfolios:tree"))
    assert _url(world.p1) not in executive_tree.content.decode()


def test_the_page_costs_the_same_with_many_years(client_for, world, django_assert_max_num_queries):
    client = client_for("pmo")
    portfolio = PortfolioFactory(name="Mesure", parent=world.north)
    for year in (2020, 2021):
        envelope = save_envelope(
            portfolio=portfolio, data={"fiscal_year": year, "capex": 1, "opex": 1}
        )
        save_envelope(portfolio=portfolio, envelope=envelope, data={"capex": 2})
    client.get(_url(portfolio))
    with django_assert_max_num_queries(14) as small:
        client.get(_url(portfolio))
    for year in range(2022, 2060):
        envelope = save_envelope(
            portfolio=portfolio, data={"fiscal_year": year, "capex": 1, "opex": 1}
        )
        save_envelope(portfolio=portfolio, envelope=envelope, data={"capex": 2})
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(_url(portfolio))
