"""The project list made cheaper (issue 16): its filter form comes from the cache while no
choice changes, its rows are built in Python; the reader sees the same page."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pmo_portal.roles import Role
from portfolios import filter_form
from portfolios.models import ProjectType
from tests.portfolios.factories import PortfolioFactory, UserFactory

LIST = reverse("portfolios:project_list")


def page(client, params=None, language="en") -> str:
    response = client.get(LIST, params or {}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        page(client, params)
    return len(captured)


def test_the_filter_form_is_read_from_the_cache_once_rendered(client_for, world):
    client = client_for("pmo")
    first = queries(client)
    again = queries(client)
    # Portfolios, types, domains, project managers and objectives are no longer read.
    assert again == first - 5
    # Leafing through the list or sorting it reads the same form.
    assert queries(client, {"page": "1", "o": "-code"}) == again


def test_a_new_choice_shows_at_once(client_for, world):
    client = client_for("pmo")
    assert "Portefeuille tout neuf" not in page(client)
    PortfolioFactory(name="Portefeuille tout neuf", parent=world.north)
    assert "Portefeuille tout neuf" in page(client)
    ProjectType.objects.filter(pk=world.project_a.project_type_id).update(name="Renamed")
    # A bulk update sends no signal: the form follows after the cache's timeout …
    assert ">Renamed</option>" not in page(client)
    # … or at the next saved choice.
    ProjectType.objects.get(pk=world.project_a.project_type_id).save()
    assert ">Renamed</option>" in page(client)


def test_a_new_project_manager_shows_in_the_manager_filter(client_for, world):
    client = client_for("pmo")
    newcomer = UserFactory(first_name="Zoé", last_name="Nouvelle")
    assert "Zoé Nouvelle" not in page(client)
    newcomer.groups.add(Group.objects.get(name=Role.PROJECT_MANAGER.value))
    assert "Zoé Nouvelle" in page(client)


def test_signing_in_keeps_the_cached_form(client_for, world, rf):
    page(client_for("pmo"))
    key = filter_form.cache_key("project-list", "", "en")
    assert cache.get(key)
    # django.contrib.auth updates last_login on sign-in: no choice changed.
    user_logged_in.send(sender=type(world.users["pm"]), request=rf.get("/"), user=world.users["pm"])
    assert filter_form.cache_key("project-list", "", "en") == key
    assert cache.get(key)


def test_each_language_has_its_form(client_for, world):
    client = client_for("pmo")
    assert "All portfolios" in page(client, language="en")
    assert "Tous les portefeuilles" in page(client, language="fr")
    assert "All portfolios" in page(client, language="en")


def test_a_filtered_list_shows_its_values_selected(client_for, world):
    client = client_for("pmo")
    page(client)  # the empty form is cached
    html = page(client, {"status": "active", "portfolio": world.p1.pk})
    assert f'<option value="{world.p1.pk}" selected>' in html
    assert 'value="active" checked' in html or '<option value="active" selected>' in html
    assert f'<option value="{world.p1.pk}" selected>' not in page(client)


def test_a_portfolios_list_reads_its_own_cached_form(client_for, world):
    """A portfolio's list (from the tree, a dashboard) is cached per portfolio, with that
    portfolio selected; a portfolio the reader may not filter on is rendered, not cached."""
    client = client_for("pmo")
    first = queries(client, {"portfolio": world.p1.pk})
    assert queries(client, {"portfolio": world.p1.pk, "page": "1"}) == first - 5
    assert f'<option value="{world.p1.pk}" selected>' in page(client, {"portfolio": world.p1.pk})
    other = page(client, {"portfolio": world.north.pk})
    assert f'<option value="{world.north.pk}" selected>' in other
    assert f'<option value="{world.p1.pk}" selected>' not in other
    assert queries(client, {"portfolio": "999999"}) == queries(client, {"portfolio": "999999"})


@pytest.mark.parametrize(
    ("language", "end", "cost"),
    [("en", "31 Mar 2027", "1,235"), ("fr", "31/03/2027", "1\u202f235")],
)
def test_rows_show_each_column_as_before(client_for, world, language, end, cost):
    world.project_a.name = "Alpha <script>alert(1)</script>"
    world.project_a.planned_end = date(2027, 3, 31)
    world.project_a.estimated_cost = Decimal("1234567.89")
    world.project_a.health_overall = 3
    world.project_a.is_archived = True
    world.project_a.save()
    html = page(client_for("pmo"), {"archived": "true"}, language)
    url = reverse("portfolios:project_detail", args=[world.project_a.pk])
    assert f'<td class="nowrap"><a href="{url}">PRJ-A</a></td>' in html
    assert "Alpha &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    archived = "archivé" if language == "fr" else "archived"
    assert f' <span class="status">{archived}</span></td>' in html
    assert "<td>Portefeuille Nord 1</td>" in html
    rainy = "Pluvieux" if language == "fr" else "Rainy"
    assert (
        f'<span class="health health-rainy"><span aria-hidden="true">◆</span> {rainy}</span>'
        in (html)
    )
    manager = world.users["pm"].get_full_name()
    assert f"<td>{manager}</td>" in html
    assert f'<td class="nowrap">{end}</td>' in html
    assert f'<td class="num">{cost}</td>' in html
