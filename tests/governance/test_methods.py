"""Methods: create a methodology, edit its draft, publish, new drafts, read-only published
versions, and the explicit migration of projects from one version to another."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance.models import (
    Deliverable,
    GateReview,
    GateStatus,
    Methodology,
    MethodologyVersion,
    Phase,
    ProjectLifecycle,
    RequiredDeliverable,
    VersionStatus,
)
from governance.services import methods as services
from tests.governance.factories import methodology_with_phases, start_lifecycle
from tests.portfolios.factories import ProjectFactory, ProjectTypeFactory

pytestmark = pytest.mark.usefixtures("english")


def _phase_names(version) -> list[str]:
    return list(version.phases.order_by("order").values_list("name", flat=True))


def test_the_pmo_builds_and_publishes_a_methodology(world, client_for):
    client = client_for("pmo")
    project_type = ProjectTypeFactory(name="Infrastructure")
    response = client.post(
        reverse("governance:methodology_create"),
        {"name": "Méthode classique", "project_type": project_type.pk},
    )
    draft = MethodologyVersion.objects.get(methodology__name="Méthode classique")
    assert response.url == reverse("governance:method_version", args=[draft.pk])
    assert (draft.number, draft.status) == (1, VersionStatus.DRAFT)
    for name in ["Cadrage", "Conception", "Recette"]:
        response = client.post(
            reverse("governance:phase_create", args=[draft.pk]),
            {"name": name, "gate_name": f"Jalon {name}", "decider_role": "pmo"},
        )
        assert response.status_code == 302
    assert _phase_names(draft) == ["Cadrage", "Conception", "Recette"]
    assert draft.phases.get(name="Cadrage").key == "cadrage"
    conception = draft.phases.get(name="Conception")
    client.post(reverse("governance:phase_move", args=[conception.pk]), {"direction": "up"})
    assert _phase_names(draft) == ["Conception", "Cadrage", "Recette"]
    client.post(reverse("governance:phase_delete", args=[conception.pk]))
    assert _phase_names(draft) == ["Cadrage", "Recette"]
    assert list(draft.phases.order_by("order").values_list("order", flat=True)) == [1, 2]
    cadrage = draft.phases.get(name="Cadrage")
    response = client.post(
        reverse("governance:requirement_create", args=[cadrage.pk]),
        {"name": "Note de lancement", "description": "Signée du sponsor"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    response = client.post(
        reverse("governance:phase_edit", args=[cadrage.pk]),
        {
            "name": "Cadrage du projet",
            "key": "cadrage",
            "gate_name": "Go cadrage",
            "gate_criteria": "Budget validé",
            "decider_role": "sponsor",
            "draft_version": draft.version,
        },
    )
    assert response.status_code == 302
    cadrage.refresh_from_db()
    assert (cadrage.name, cadrage.decider_role) == ("Cadrage du projet", "sponsor")
    response = client.post(
        reverse("governance:method_publish", args=[draft.pk]), {"change_note": "Première"}
    )
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    assert draft.published_at is not None
    page = client_for("finance").get(reverse("governance:methodology_list"))
    assert "Méthode classique" in page.content.decode()


def test_a_stale_phase_form_is_refused(world, client_for):
    methodology = Methodology.objects.create(name="M", project_type=world.project_a.project_type)
    draft = MethodologyVersion.objects.create(methodology=methodology, number=1)
    phase = services.add_phase(version=draft, name="Cadrage")
    draft.refresh_from_db()
    opened_at = draft.version
    services.add_phase(version=draft, name="Recette")  # someone else changes the draft
    response = client_for("pmo").post(
        reverse("governance:phase_edit", args=[phase.pk]),
        {"name": "Autre", "key": "cadrage", "decider_role": "pmo", "draft_version": opened_at},
    )
    assert response.status_code == 409
    phase.refresh_from_db()
    assert phase.name == "Cadrage"


def test_a_published_version_is_read_only(world, client_for):
    version = methodology_with_phases(world.project_a.project_type)
    phase = version.phases.first()
    with pytest.raises(ValidationError):
        services.add_phase(version=version, name="En plus")
    with pytest.raises(ValidationError):
        services.update_phase(phase=phase, name="Renommée")
    client_for("pmo").post(reverse("governance:phase_delete", args=[phase.pk]))
    assert Phase.objects.filter(pk=phase.pk).exists()
    response = client_for("pmo").post(
        reverse("governance:requirement_create", args=[phase.pk]), {"name": "X"}
    )
    assert "A published version cannot be changed" in response.content.decode()
    page = client_for("pmo").get(reverse("governance:method_version", args=[version.pk]))
    assert reverse("governance:phase_edit", args=[phase.pk]) not in page.content.decode()


def test_a_new_draft_copies_the_latest_published_version(world, client_for):
    version = methodology_with_phases(world.project_a.project_type, deliverables_per_phase=2)
    first = version.phases.get(order=1)
    first.deciders.set([world.users["executive"]])
    response = client_for("pmo").post(
        reverse("governance:method_draft", args=[version.methodology_id])
    )
    draft = MethodologyVersion.objects.get(status=VersionStatus.DRAFT)
    assert response.url == reverse("governance:method_version", args=[draft.pk])
    assert draft.number == 2
    assert _phase_names(draft) == _phase_names(version)
    assert list(draft.phases.get(order=1).deciders.all()) == [world.users["executive"]]
    assert RequiredDeliverable.objects.filter(phase__version=draft).count() == 12
    # A second click gives the same draft.
    client_for("pmo").post(reverse("governance:method_draft", args=[version.methodology_id]))
    assert MethodologyVersion.objects.filter(status=VersionStatus.DRAFT).count() == 1
    # The published version did not change.
    assert RequiredDeliverable.objects.filter(phase__version=version).count() == 12


def test_only_the_pmo_edits_methods(world, client_for):
    version = methodology_with_phases(world.project_a.project_type)
    assert client_for("pm").get(reverse("governance:methodology_list")).status_code == 200
    response = client_for("pm").post(
        reverse("governance:method_draft", args=[version.methodology_id])
    )
    assert response.status_code == 403
    assert not MethodologyVersion.objects.filter(status=VersionStatus.DRAFT).exists()


# --- Migration --------------------------------------------------------------------------------


@pytest.fixture
def two_versions(world):
    """v1: cadrage, conception, realisation; v2: cadrage (other deliverables), realisation;
    "conception" is gone in v2."""
    v1 = methodology_with_phases(
        world.project_a.project_type,
        phases=[("cadrage", "Cadrage"), ("conception", "Conception"), ("realisation", "Réal")],
    )
    v2 = services.new_draft(methodology=v1.methodology)
    services.delete_phase(phase=v2.phases.get(key="conception"))
    cadrage2 = v2.phases.get(key="cadrage")
    RequiredDeliverable.objects.filter(phase=cadrage2).delete()
    services.add_requirement(phase=cadrage2, name="Livrable Cadrage 1")
    services.add_requirement(phase=cadrage2, name="Analyse de risques")
    services.publish_version(version=v2)
    return v1, v2


def test_migration_preview_shows_what_changes(world, client_for, two_versions):
    v1, v2 = two_versions
    start_lifecycle(world.project_a, v1, phase_order=1)
    # A key above 999: printed in a form field, it must not get a thousands separator.
    other = ProjectFactory(pk=12345, code="PRJ-C", project_type=world.project_a.project_type)
    start_lifecycle(other, v1, phase_order=2)
    page = client_for("pmo").get(reverse("governance:method_migrate", args=[v2.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Analyse de risques" in html  # becomes required for PRJ-A in cadrage
    assert "Its phase key no longer exists." in html  # PRJ-C is in conception
    assert 'name="phase_12345"' in html
    assert 'value="12345"' in html


def test_migration_moves_the_selected_projects(world, client_for, two_versions):
    v1, v2 = two_versions
    lifecycle_a = start_lifecycle(world.project_a, v1, phase_order=1)
    other = ProjectFactory(code="PRJ-C", project_type=world.project_a.project_type)
    lifecycle_c = start_lifecycle(other, v1, phase_order=2)
    untouched = start_lifecycle(
        ProjectFactory(project_type=world.project_a.project_type), v1, phase_order=1
    )
    old_requirement = RequiredDeliverable.objects.get(phase__version=v1, phase__key="cadrage")
    Deliverable.objects.create(project=world.project_a, requirement=old_requirement, waived=True)
    GateReview.objects.create(project=world.project_a, phase=lifecycle_a.current_phase)
    url = reverse("governance:method_migrate", args=[v2.pk])
    # PRJ-C's phase is gone: without a pick nothing moves.
    response = client_for("pmo").post(url, {"project": [world.project_a.pk, other.pk]})
    assert "pick the phase it moves to" in response.content.decode()
    lifecycle_a.refresh_from_db()
    assert lifecycle_a.methodology_version == v1
    realisation = v2.phases.get(key="realisation")
    response = client_for("pmo").post(
        url,
        {"project": [world.project_a.pk, other.pk], f"phase_{other.pk}": realisation.pk},
    )
    assert response.status_code == 302
    lifecycle_a.refresh_from_db()
    lifecycle_c.refresh_from_db()
    untouched.refresh_from_db()
    assert (lifecycle_a.methodology_version, lifecycle_a.current_phase.key) == (v2, "cadrage")
    assert (lifecycle_c.methodology_version, lifecycle_c.current_phase) == (v2, realisation)
    assert untouched.methodology_version == v1
    # The deliverable follows the requirement of the same phase key and name.
    assert Deliverable.objects.get().requirement.phase.version == v2
    assert GateReview.objects.get().status == GateStatus.WITHDRAWN
    assert lifecycle_a.history.first().history_user == world.users["pmo"]
    assert ProjectLifecycle.objects.filter(methodology_version=v2).count() == 2
