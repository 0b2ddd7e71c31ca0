"""The PMO's table of single sign-on group mappings: add, change, delete, refused
duplicates, the audit trail. (Who may open the pages: tests/permission_rows/sso.py.)"""

from __future__ import annotations

import pytest
from django.urls import reverse

from pmo_portal.roles import Role
from sso.models import SsoGroupMapping

pytestmark = pytest.mark.django_db


@pytest.fixture
def pmo(client_for):
    return client_for("pmo")


def test_the_pmo_adds_a_mapping_and_sees_it_in_the_table(pmo, world):
    response = pmo.post(
        reverse("sso:mapping_create"),
        {"group": "  /pmo-nord ", "role": Role.EXECUTIVE, "portfolio": world.north.pk},
    )

    assert response.status_code == 302
    mapping = SsoGroupMapping.objects.get()
    assert (mapping.group, mapping.role, mapping.portfolio) == (
        "/pmo-nord",
        Role.EXECUTIVE,
        world.north,
    )
    page = pmo.get(reverse("sso:mapping_list")).content.decode()
    assert "/pmo-nord" in page
    assert "BU Nord" in page
    assert mapping.history.get().history_user == world.users["pmo"]


@pytest.mark.parametrize("portfolio", [None, "north"])
def test_a_duplicate_mapping_is_refused_with_a_message(pmo, world, portfolio):
    target = getattr(world, portfolio) if portfolio else None
    SsoGroupMapping.objects.create(group="execs", role=Role.EXECUTIVE, portfolio=target)

    response = pmo.post(
        reverse("sso:mapping_create"),
        {"group": "execs", "role": Role.EXECUTIVE, "portfolio": target.pk if target else ""},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert "This group already gives this role" in response.content.decode()
    assert SsoGroupMapping.objects.count() == 1


def test_bad_input_is_refused_and_nothing_saved(pmo):
    response = pmo.post(reverse("sso:mapping_create"), {"group": "bad\tgroup", "role": "Wizard"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"group", "role"}
    assert not SsoGroupMapping.objects.exists()


def test_the_pmo_changes_then_deletes_a_mapping(pmo, world):
    mapping = SsoGroupMapping.objects.create(group="finance", role=Role.FINANCE)

    pmo.post(
        reverse("sso:mapping_update", args=[mapping.pk]),
        {"group": "finance-fr", "role": Role.FINANCE, "portfolio": world.p1.pk},
    )
    mapping.refresh_from_db()
    assert (mapping.group, mapping.portfolio) == ("finance-fr", world.p1)

    confirm = pmo.get(reverse("sso:mapping_delete", args=[mapping.pk]))
    assert "finance-fr" in confirm.content.decode()
    assert SsoGroupMapping.objects.exists()  # a GET deletes nothing
    response = pmo.post(reverse("sso:mapping_delete", args=[mapping.pk]))

    assert response["Location"] == reverse("sso:mapping_list")
    assert not SsoGroupMapping.objects.exists()
    assert mapping.history.count() == 3  # created, changed, deleted


def test_the_menu_leads_the_pmo_to_the_table(pmo, client_for):
    assert reverse("sso:mapping_list") in pmo.get(reverse("home")).content.decode()
