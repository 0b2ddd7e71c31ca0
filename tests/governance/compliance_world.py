"""A small compliance world counted by hand (tests of governance/selectors/compliance.py).

One methodology: Cadrage (R1 "Note de lancement" from template T, R2 "Planning"),
Conception (R3), Réalisation (R4). Template T has published majors 1 and 2.

- A (Portefeuille Nord 1), in Conception, Cadrage gate passed (go):
  expected R1 R2 R3 = 3; R1 from T v1 → outdated; R2 missing, gate passed → late; R3 present.
  present 2, waived 0, missing 1, late 1, outdated 1, compliant 1 → 33.3 %.
- B (Portefeuille Sud 1), in Réalisation, Cadrage go, Conception go with conditions:
  expected R1..R4 = 4; R1 waived; R2 present (no template); R3 missing, gate passed → late;
  R4 a row without file → missing (Réalisation's gate not passed).
  present 1, waived 1, missing 2, late 1, outdated 0, compliant 2 → 50.0 %.
- C (Portefeuille Nord 1), lifecycle completed: every phase expected = 4, R1 from T v2, R2..R4
  present; compliant 4 → 100.0 %. A gate review of Réalisation decided no-go first, then go.
- D (Portefeuille Nord 1): no lifecycle → not under a methodology.
- E (Portefeuille Sud 1): archived (with a lifecycle and nothing delivered) → not counted.

Nodes (ratio over the projects, not an average of averages):
- Portefeuille Nord 1 / BU Nord: 3 projects, 2 under a methodology, expected 7, missing 1,
  late 1, outdated 1, compliant 5 → 71.4 % (the average of 33.3 and 100 would be 66.7).
- Portefeuille Sud 1 / BU Sud: 1 project, expected 4, missing 2, late 1, compliant 2 → 50.0 %.
- Compagnie: 4 projects, 3 under a methodology, expected 11, missing 3, late 2, outdated 1,
  waived 1, compliant 7 → 63.6 %.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone

from governance.models import (
    Deliverable,
    GateDecision,
    GateReview,
    GateStatus,
    ProjectLifecycle,
    RequiredDeliverable,
)
from governance.services.compliance import refresh_compliance
from tests.governance.factories import (
    DocumentTemplateFactory,
    TemplateVersionFactory,
    docx_bytes,
    methodology_with_phases,
)
from tests.portfolios.factories import ProjectFactory

PHASES = [("cadrage", "Cadrage"), ("conception", "Conception"), ("realisation", "Réalisation")]


@dataclass
class Hand:
    version: object
    requirements: dict  # "R1".."R4" → RequiredDeliverable
    v1: object
    v2: object
    a: object
    b: object
    c: object
    d: object
    e: object


def _deliver(project, requirement, *, version=None, waived=False, with_file=True):
    deliverable = Deliverable(project=project, requirement=requirement, template_version=version)
    if waived:
        deliverable.waived = True
        deliverable.waiver_reason = "Projet sans enjeu de cadrage formel"
    elif with_file:
        deliverable.file.save("livrable.docx", ContentFile(docx_bytes("Livrable")), save=False)
        deliverable.original_name = "livrable.docx"
        deliverable.uploaded_at = timezone.now()
    deliverable.save()
    return deliverable


def _decide(project, phase, decision):
    return GateReview.objects.create(
        project=project,
        phase=phase,
        status=GateStatus.DECIDED,
        decision=decision,
        decided_at=timezone.now(),
    )


def build_hand_world(world) -> Hand:
    version = methodology_with_phases(phases=PHASES, deliverables_per_phase=1)
    phases = {phase.key: phase for phase in version.phases.all()}
    template = DocumentTemplateFactory(name="Note de lancement")
    v1 = TemplateVersionFactory(template=template, major=1)
    v2 = TemplateVersionFactory(template=template, major=2)
    r1 = RequiredDeliverable.objects.get(phase=phases["cadrage"])
    r1.name, r1.template = "Note de lancement", template
    r1.save()
    r2 = RequiredDeliverable.objects.create(phase=phases["cadrage"], name="Planning", order=1)
    r3 = RequiredDeliverable.objects.get(phase=phases["conception"])
    r4 = RequiredDeliverable.objects.get(phase=phases["realisation"])

    a, b = world.project_a, world.project_b
    c = ProjectFactory(code="PRJ-C", name="Projet Charlie", portfolio=world.p1)
    d = ProjectFactory(code="PRJ-D", name="Projet Delta", portfolio=world.p1)
    e = ProjectFactory(code="PRJ-E", name="Projet Echo", portfolio=world.p2, is_archived=True)

    ProjectLifecycle.objects.create(
        project=a, methodology_version=version, current_phase=phases["conception"]
    )
    _decide(a, phases["cadrage"], GateDecision.GO)
    _deliver(a, r1, version=v1)
    _deliver(a, r3)

    ProjectLifecycle.objects.create(
        project=b, methodology_version=version, current_phase=phases["realisation"]
    )
    _decide(b, phases["cadrage"], GateDecision.GO)
    _decide(b, phases["conception"], GateDecision.GO_WITH_CONDITIONS)
    _deliver(b, r1, waived=True)
    _deliver(b, r2)
    _deliver(b, r4, with_file=False)

    ProjectLifecycle.objects.create(
        project=c, methodology_version=version, current_phase=None, completed_at=timezone.now()
    )
    for key in ("cadrage", "conception"):
        _decide(c, phases[key], GateDecision.GO)
    _decide(c, phases["realisation"], GateDecision.NO_GO)
    _decide(c, phases["realisation"], GateDecision.GO)
    _deliver(c, r1, version=v2)
    for requirement in (r2, r3, r4):
        _deliver(c, requirement)

    ProjectLifecycle.objects.create(
        project=e, methodology_version=version, current_phase=phases["realisation"]
    )
    # Built through the ORM: refresh the roll-up rows as the services do on each write.
    refresh_compliance([a.pk, b.pk, c.pk, d.pk, e.pk])
    return Hand(version, {"R1": r1, "R2": r2, "R3": r3, "R4": r4}, v1, v2, a, b, c, d, e)
