"""Who gave or took which role (issue 14, audit): every change of a user's groups is a
RoleChange row naming the user who made it, whatever the page (here the admin)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from pmo_portal.models import RoleChange
from pmo_portal.roles import Role
from tests.portfolios.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_role_given_then_taken_in_the_admin_is_recorded_with_its_author(admin_client, admin_user):
    client, support = admin_client, admin_user
    person = UserFactory(username="new_pm", roles=[])
    url = reverse("admin:auth_user_change", args=[person.pk])
    assert client.get(url).status_code == 200
    pm_group = Group.objects.get(name=Role.PROJECT_MANAGER.value)
    data = {
        "username": person.username,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "is_active": "on",
        "groups": [pm_group.pk],
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
        "last_login_0": "",
        "last_login_1": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    given = RoleChange.objects.get(user=person)
    assert (given.role, given.given) == (Role.PROJECT_MANAGER.value, True)
    assert given.changed_by == support

    data["groups"] = []
    assert client.post(url, data).status_code == 302
    taken = RoleChange.objects.filter(user=person, given=False).get()
    assert (taken.role, taken.changed_by) == (Role.PROJECT_MANAGER.value, support)


def test_roles_changed_outside_a_request_are_recorded_without_an_author():
    person = UserFactory(username="scripted", roles=[])
    group = Group.objects.get(name=Role.EXECUTIVE.value)
    person.groups.add(group)
    group.user_set.remove(person)
    person.groups.add(group)
    person.groups.clear()
    changes = list(
        RoleChange.objects.filter(user=person).order_by("pk").values_list("given", "changed_by")
    )
    assert changes == [(True, None), (False, None), (True, None), (False, None)]
