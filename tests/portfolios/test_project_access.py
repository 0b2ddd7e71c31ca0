"""The one access-checked fetch of a project (portfolios.selectors.get_project_for_user)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from portfolios.selectors import get_project_for_user


def test_outside_the_scope_is_404_whatever_the_permission(world):
    pm = world.users["pm"]
    for perm in (None, "reporting.write_project"):
        with pytest.raises(Http404):
            get_project_for_user(pm, world.project_b.pk, perm=perm)
    with pytest.raises(Http404):
        get_project_for_user(pm, 0)
    with pytest.raises(Http404):
        get_project_for_user(world.users["outsider"], world.project_a.pk)


def test_in_scope_without_the_permission_is_403(world):
    executive = world.users["executive"]
    assert get_project_for_user(executive, world.project_a.pk) == world.project_a
    for perm in ("portfolios.change_project", "reporting.write_project", "resources.change_budget"):
        with pytest.raises(PermissionDenied):
            get_project_for_user(executive, world.project_a.pk, perm=perm)


def test_with_the_permission_comes_the_project_and_what_its_pages_read(
    world, django_assert_num_queries
):
    pm = world.users["pm"]
    project = get_project_for_user(pm, world.project_a.pk, perm="reporting.write_project")
    assert project == world.project_a
    assert project.deputy_ids == set()
    with django_assert_num_queries(0):
        related = [project.portfolio, project.manager, project.business_domain]
        related += [project.project_type, project.sponsor, *project.deputies.all()]
    assert all(related[:4])
