"""Two people editing the same project (issue 10, item 4): the second stale save is refused,
nothing is overwritten, and saving again from the refreshed page is a deliberate choice."""

import html
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from pmo_portal.concurrency import EditConflict
from portfolios import services
from portfolios.models import Project
from tests.concurrency import CONFLICT_EN, CONFLICT_FR, client_as, form_data, two_stale_saves
from tests.portfolios.factories import PortfolioFactory, ProjectFactory, UserFactory


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def test_second_stale_save_gets_a_conflict_and_overwrites_nothing(world, english):
    url = reverse("portfolios:project_update", args=[world.project_a.pk])
    pmo, pm = client_as(world.users["pmo"]), client_as(world.users["pm"])

    saved, stale = two_stale_saves(
        pmo, pm, url, {"estimated_cost": "111111.00"}, {"estimated_cost": "222222.00"}
    )

    assert saved.status_code == 302
    assert stale.status_code == 409
    content = stale.content.decode()
    assert 'role="alert" id="conflict"' in content
    assert "Project: " + CONFLICT_EN in content
    assert "111" in content
    assert "222" in content
    project = Project.objects.get(pk=world.project_a.pk)
    assert project.estimated_cost == 111111
    # The page keeps what the PM typed and now carries the stored version: saving again wins.
    form = stale.context["form"]
    assert form["estimated_cost"].value() == "222222.00"
    again = pm.post(url, form_data(form))
    assert again.status_code == 302
    project.refresh_from_db()
    assert project.estimated_cost == 222222


def test_the_conflict_speaks_french(world, settings):
    settings.LANGUAGE_CODE = "fr"
    url = reverse("portfolios:project_update", args=[world.project_a.pk])
    pmo, pm = client_as(world.users["pmo"]), client_as(world.users["pm"])
    _saved, stale = two_stale_saves(pmo, pm, url, {"name": "Un"}, {"name": "Deux"})
    assert stale.status_code == 409
    assert CONFLICT_FR in html.unescape(stale.content.decode())
    assert Project.objects.get(pk=world.project_a.pk).name == "Un"


def test_an_htmx_post_sees_the_conflict(world, english):
    """htmx swaps only 2xx answers: an HX request gets 200 with the message."""
    url = reverse("portfolios:project_update", args=[world.project_a.pk])
    pmo, pm = client_as(world.users["pmo"]), client_as(world.users["pm"])
    page = pm.get(url)
    pmo.post(url, {**form_data(pmo.get(url).context["form"]), "name": "Un"})
    stale = pm.post(
        url, {**form_data(page.context["form"]), "name": "Deux"}, HTTP_HX_REQUEST="true"
    )
    assert stale.status_code == 200
    assert CONFLICT_EN in stale.content.decode()
    assert Project.objects.get(pk=world.project_a.pk).name == "Un"


def test_declared_status_written_by_a_report_does_not_block_the_edit(world, english):
    """The declared status is no field of the edit page: writing it moves no version."""
    url = reverse("portfolios:project_update", args=[world.project_a.pk])
    pm = client_as(world.users["pm"])
    page = pm.get(url)
    services.record_declared_status(project=world.project_a, user=None, percent_complete=40)
    response = pm.post(url, {**form_data(page.context["form"]), "name": "Renommé"})
    assert response.status_code == 302


@pytest.mark.django_db(transaction=True)
def test_two_saves_racing_on_the_same_version_only_one_wins():
    manager = UserFactory(username="pm_race_edit")
    project = ProjectFactory(
        code="RACE-E", portfolio=PortfolioFactory(name="Race"), manager=manager
    )
    version = project.version
    barrier = threading.Barrier(2, timeout=10)
    real_lock = services.lock_version
    outcomes = []

    def lock_together(*args, **kwargs):
        barrier.wait()  # both requests read the same version, then race for the row lock
        return real_lock(*args, **kwargs)

    def save(name):
        try:
            services.update_project(
                project=Project.objects.get(pk=project.pk),
                user=manager,
                fields={"name": name},
                version=version,
            )
            outcomes.append(("saved", name))
        except EditConflict:
            outcomes.append(("conflict", name))
        finally:
            connection.close()

    services.lock_version = lock_together
    try:
        threads = [threading.Thread(target=save, args=(name,)) for name in ("Un", "Deux")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        services.lock_version = real_lock
    assert sorted(kind for kind, _name in outcomes) == ["conflict", "saved"]
    winner = next(name for kind, name in outcomes if kind == "saved")
    project.refresh_from_db()
    assert project.name == winner
    assert project.version == version + 1
