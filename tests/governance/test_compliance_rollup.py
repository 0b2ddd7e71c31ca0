"""The compliance overview sums each project's ``CurrentCompliance`` row: every governance
service that changes an input rewrites it in its transaction, so the page moves at once, with
no task run (hand world: tests/governance/compliance_world.py, Compagnie 7 / 11)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from governance.models import CurrentCompliance, GateDecision
from governance.selectors import compliance as selectors
from governance.services import library, lifecycle, methods
from governance.services.compliance import snapshot_compliance
from portfolios.models import Project
from tests.governance.compliance_world import build_hand_world
from tests.governance.factories import TemplateVersionFactory, docx_bytes
from tests.governance.test_compliance import _kpi


def _figures(client) -> dict[str, str]:
    response = client.get(reverse("governance:compliance"))
    assert response.status_code == 200
    return {key: _kpi(response, key) for key in ("score", "missing", "waived")} | {
        "outdated": str(response.context["figures"].outdated),
        "expected": str(response.context["figures"].expected),
        "governed": str(response.context["figures"].governed),
    }


def test_upload_through_the_page_moves_the_overview(client_for, world):
    hand = build_hand_world(world)
    before = _figures(client_for("pmo"))
    assert (before["score"], before["missing"]) == ("63,6 %", "3")
    # A's Planning (R2) is late: the PM uploads it on the deliverable page.
    response = client_for("pm").post(
        reverse("governance:deliverable_upload", args=[hand.a.pk, hand.requirements["R2"].pk]),
        {"file": SimpleUploadedFile("planning.docx", docx_bytes("Planning")), "version": "0"},
    )
    assert response.status_code == 302
    after = _figures(client_for("pmo"))
    assert (after["score"], after["missing"]) == ("72,7 %", "2")  # 8 / 11


def test_waiver_through_the_page_moves_the_overview(client_for, world):
    hand = build_hand_world(world)
    url = reverse("governance:deliverable_waive", args=[hand.b.pk, hand.requirements["R3"].pk])
    assert client_for("pmo").post(url, {"reason": "Sans objet"}).status_code == 302
    after = _figures(client_for("pmo"))
    assert (after["score"], after["missing"], after["waived"]) == ("72,7 %", "2", "2")


def test_template_publish_and_retire_move_outdated(client_for, world):
    hand = build_hand_world(world)
    pmo = client_for("pmo")
    v3 = TemplateVersionFactory(template=hand.v1.template, major=3, status="draft")
    library.publish_version(version=v3, user=world.users["pmo"])
    assert _figures(pmo)["outdated"] == "2"  # C's note (v2) is now outdated too
    library.retire_version(version=v3, user=world.users["pmo"])
    assert _figures(pmo)["outdated"] == "1"


def test_gate_decision_and_lifecycle_start_move_the_overview(client_for, world):
    hand = build_hand_world(world)
    pmo = client_for("pmo")
    review, _created = lifecycle.request_gate_review(project=hand.a, user=world.users["pm"])
    lifecycle.decide_gate_review(review=review, user=world.users["pmo"], decision=GateDecision.GO)
    # A enters Réalisation: R4 expected (missing, not late) → 12 expected.
    assert _figures(pmo)["expected"] == "12"
    hand.d.project_type = hand.version.methodology.project_type
    hand.d.save()
    lifecycle.start_lifecycle(project=hand.d, user=world.users["pm"])
    after = _figures(pmo)
    assert (after["governed"], after["expected"]) == ("4", "14")  # D: Cadrage R1 R2


def test_migration_refreshes_the_migrated_projects(world):
    hand = build_hand_world(world)
    draft = methods.new_draft(methodology=hand.version.methodology)
    target = methods.publish_version(version=draft)
    methods.migrate_projects(target=target, choices={hand.a.pk: None}, user=world.users["pmo"])
    row = CurrentCompliance.objects.get(project=hand.a)
    assert (row.expected, row.missing, row.late) == (3, 1, 1)  # same figures, new version
    live = selectors.figures_by_project(projects=Project.objects.filter(pk=hand.a.pk))
    assert row.expected == live[hand.a.pk].expected


def test_nightly_task_reconciles_the_rows(world):
    hand = build_hand_world(world)
    CurrentCompliance.objects.filter(project=hand.a).update(expected=99)
    CurrentCompliance.objects.create(project=hand.d, expected=5)  # no lifecycle
    snapshot_compliance()
    assert CurrentCompliance.objects.get(project=hand.a).expected == 3
    assert not CurrentCompliance.objects.filter(project=hand.d).exists()
