"""The demo company: believable, one user per role, idempotent, scalable."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from lessons.demo_history import COUNT as HISTORY
from lessons.models import LessonRoute, RouteSource, RouteStatus
from pmo_portal.roles import Role
from portfolios.models import ObjectiveContribution, Portfolio, Project, StrategicObjective

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """The demo stores files (governance templates and deliverables): not in var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def snapshot():
    return {
        "users": list(get_user_model().objects.order_by("pk").values_list("username", "password")),
        "portfolios": list(Portfolio.objects.order_by("pk").values_list("name", "parent_id")),
        "projects": list(Project.objects.order_by("pk").values()),
        "contributions": ObjectiveContribution.objects.count(),
        "objectives": StrategicObjective.objects.count(),
        "history": Project.history.count(),
    }


def test_demo_company_shape():
    output = seed()
    # 60 projects of the company demo, the 30 candidates of the strategic-alignment demo
    # and the closed projects of the past-performance history (lessons)
    assert Project.objects.count() == 60 + 30 + HISTORY
    roots = Portfolio.objects.filter(parent=None)
    assert roots.count() == 1
    units = Portfolio.objects.filter(parent=roots.get())
    assert units.count() == 3
    assert Portfolio.objects.filter(parent__in=units).count() >= 6
    assert StrategicObjective.objects.filter(parent=None).count() == 3
    assert len(set(Project.objects.values_list("status", flat=True))) == 6
    for role in Role:
        assert get_user_model().objects.filter(groups__name=role.value).exists()
    # One line per demo account, "role: username / password".
    assert "PMO: pmo / pmo-2026" in output.splitlines()
    assert "Project manager: chef.projet / chef.projet-2026" in output.splitlines()
    # Every live project has its suggested lessons, and the managers' feedback on some of
    # them is the history that re-ranks similar projects' suggestions.
    routes = LessonRoute.objects.all()
    assert routes.filter(status=RouteStatus.SUGGESTED).count() > 300
    applied = routes.filter(status=RouteStatus.APPLIED)
    assert applied.count() >= 20
    assert all(route.decided_by_id == route.project.manager_id for route in applied)
    not_relevant = routes.filter(status=RouteStatus.NOT_RELEVANT)
    assert not_relevant.count() >= 10
    assert not not_relevant.filter(reason="").exists()
    assert routes.filter(source=RouteSource.MANUAL).exists()


def test_demo_users_can_sign_in(client):
    seed("--projects", "5")
    for username in ["pmo", "chef.projet", "direction", "ressources", "finance"]:
        response = client.post(
            reverse("login"), {"username": username, "password": f"{username}-2026"}
        )
        assert response.status_code == 302, username
        client.post(reverse("logout"))


def test_running_it_twice_changes_nothing():
    seed("--projects", "30")
    before = snapshot()
    output = seed("--projects", "30")
    assert "0 projects created" in output
    assert snapshot() == before


def test_if_empty_leaves_existing_data_alone():
    seed("--projects", "3")
    before = Project.objects.count()  # the 3, the 30 candidates and the closed history
    output = seed("--projects", "50", "--if-empty")
    assert Project.objects.count() == before == 3 + 30 + HISTORY
    assert "left as it is" in output


def test_projects_option_scales(django_assert_max_num_queries):
    seed("--projects", "10")
    # Growing to 500 adds only what is missing, with bulk inserts (query count independent
    # of the number of projects per batch; the demo COPIL series adds a fixed few, the
    # governance demo about twenty: reference rows, then a few bulk inserts per chunk; the
    # strategy demo about sixty to find its rows already there and rescore every project;
    # the closure demo writes its at most 12 reviews through the services, about fifty
    # queries each: a fixed cost, whatever the number of projects).
    with django_assert_max_num_queries(900):
        seed("--projects", "500")
    assert Project.objects.count() == 500 + 30 + HISTORY
    assert Project.objects.filter(code="PRJ-0500").exists()


def test_the_demo_shows_its_silent_overrun_alert_right_away(client):
    """The overrun scan runs at the end of seeding: no waiting for the next morning's beat
    (issue 10, item 14). Seeding again (or with --if-empty) adds no alert."""
    from resources.models import Alert, AlertStatus

    output = seed("--projects", "10")
    silent = Alert.objects.filter(status=AlertStatus.OPEN, flagged_by_pm=False)
    assert silent.exists()
    assert Alert.objects.filter(flagged_by_pm=True).exists()
    alert = silent.select_related("project").first()
    assert "Budget alerts:" in output
    client.force_login(get_user_model().objects.get(username="pmo"))
    response = client.get(reverse("resources:alert_list"), headers={"accept-language": "en"})
    assert response.status_code == 200
    assert reverse("resources:alert_detail", args=[alert.pk]) in response.content.decode()
    assert alert.project.code in response.content.decode()
    before = list(Alert.objects.order_by("pk").values_list("pk", "status", "step_notified"))
    seed("--projects", "10")
    seed("--projects", "10", "--if-empty")
    after = list(Alert.objects.order_by("pk").values_list("pk", "status", "step_notified"))
    assert after == before
