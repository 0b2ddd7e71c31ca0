"""Governance data at scale for ``manage.py bench`` (not the demo: pmo_portal's bench seeds
the demo first, then calls ``seed_lifecycles``). Fast: bulk inserts, no history rows.

Every project without a lifecycle gets one on its type's methodology (a six-phase "Bench"
methodology is created for the types that have none): a current phase spread over the
phases (or completed), the gates before it passed, and its expected deliverables present,
outdated, waived or missing in fixed proportions (decided by the ids, so a reseed gives the
same data); the last twelve monthly compliance snapshots are written.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from governance.models import (
    ComplianceSnapshot,
    Deliverable,
    DocumentTemplate,
    GateDecision,
    GateReview,
    GateStatus,
    Methodology,
    MethodologyVersion,
    Phase,
    ProjectLifecycle,
    RequiredDeliverable,
    TemplateFormat,
    TemplateVersion,
    VersionStatus,
)
from governance.selectors.compliance import month_start
from governance.services.compliance import snapshot_compliance
from portfolios.models import Project, ProjectType

PHASES = [
    ("cadrage", "Cadrage"),
    ("conception", "Conception"),
    ("realisation", "Réalisation"),
    ("recette", "Recette"),
    ("deploiement", "Déploiement"),
    ("cloture", "Clôture"),
]
BATCH = 5000


def _template() -> tuple[DocumentTemplate, TemplateVersion, TemplateVersion]:
    template = DocumentTemplate.objects.create(name="Bench — note de lancement")
    versions = [
        TemplateVersion.objects.create(
            template=template,
            major=major,
            status=VersionStatus.PUBLISHED,
            file=f"governance/templates/bench-v{major}.docx",
            original_name="bench.docx",
            format=TemplateFormat.DOCX,
            size=0,
            sha256="0" * 64,
        )
        for major in (1, 2)
    ]
    return template, versions[0], versions[1]


def _methodology(project_type, template) -> MethodologyVersion:
    methodology = Methodology.objects.create(
        name=f"Bench {project_type}", project_type=project_type
    )
    version = MethodologyVersion.objects.create(
        methodology=methodology, number=1, status=VersionStatus.PUBLISHED
    )
    for order, (key, name) in enumerate(PHASES, start=1):
        phase = Phase.objects.create(
            version=version, order=order, key=key, name=name, gate_name=f"Fin de {name}"
        )
        RequiredDeliverable.objects.create(
            phase=phase, name=f"Dossier de {name}", template=template, order=0
        )
        RequiredDeliverable.objects.create(phase=phase, name=f"Compte rendu de {name}", order=1)
    return version


def seed_lifecycles() -> dict:
    """Lifecycles, gate reviews, deliverables and snapshots for the projects without a
    lifecycle; returns counts."""
    with transaction.atomic():
        template, old, current = _template()
        versions = {}
        for methodology in Methodology.objects.filter(business_domain__isnull=True):
            version = methodology.versions.filter(status=VersionStatus.PUBLISHED).first()
            if version is not None:
                versions[methodology.project_type_id] = version
        for project_type in ProjectType.objects.exclude(pk__in=list(versions)):
            versions[project_type.pk] = _methodology(project_type, template)
        phases = {
            version.pk: list(version.phases.order_by("order").prefetch_related("deliverables"))
            for version in versions.values()
        }
        projects = list(
            Project.objects.filter(lifecycle__isnull=True).values_list("pk", "project_type_id")
        )
        now = timezone.now()
        lifecycles, reviews, deliverables = [], [], []
        for pk, type_id in projects:
            version = versions[type_id]
            ordered = phases[version.pk]
            at = pk % (len(ordered) + 1)  # len(ordered): completed
            completed = at == len(ordered)
            lifecycles.append(
                ProjectLifecycle(
                    project_id=pk,
                    methodology_version=version,
                    current_phase=None if completed else ordered[at],
                    completed_at=now if completed else None,
                )
            )
            for index, phase in enumerate(ordered[: at + 1]):
                if index < at:
                    reviews.append(
                        GateReview(
                            project_id=pk,
                            phase=phase,
                            status=GateStatus.DECIDED,
                            decision=GateDecision.GO,
                            decided_at=now,
                        )
                    )
                for requirement in phase.deliverables.all():
                    kind = (pk + requirement.pk) % 10
                    if kind >= 8:
                        continue  # missing
                    made_from = old if kind == 6 else current
                    deliverables.append(
                        Deliverable(
                            project_id=pk,
                            requirement=requirement,
                            waived=kind == 7,
                            file="" if kind == 7 else "governance/deliverables/bench.docx",
                            template_version=made_from if requirement.template_id else None,
                            uploaded_at=None if kind == 7 else now,
                        )
                    )
        ProjectLifecycle.objects.bulk_create(lifecycles, batch_size=BATCH)
        GateReview.objects.bulk_create(reviews, batch_size=BATCH)
        Deliverable.objects.bulk_create(deliverables, batch_size=BATCH)
    snapshots = snapshot_compliance()
    _past_snapshots()
    return {
        "lifecycles": len(lifecycles),
        "gate_reviews": len(reviews),
        "deliverables": len(deliverables),
        "snapshots": snapshots,
    }


def _past_snapshots() -> None:
    """Eleven earlier months, copied from this month's with fewer deliverables present the
    further back (a trend that improves)."""
    this_month = month_start(timezone.localdate())
    current = list(ComplianceSnapshot.objects.filter(month=this_month))
    rows = []
    for back in range(1, 12):
        month = month_start(this_month, back)
        for snap in current:
            shift = min(snap.present - snap.outdated, (back * snap.expected) // 24)
            rows.append(
                ComplianceSnapshot(
                    project_id=snap.project_id,
                    month=month,
                    expected=snap.expected,
                    present=snap.present - shift,
                    missing=snap.missing + shift,
                    late=snap.late,
                    outdated=snap.outdated,
                )
            )
    ComplianceSnapshot.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
