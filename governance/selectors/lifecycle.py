"""Reads of a project's governance tab: its methodology version and phase, what is expected
now (guides, gate criteria, required deliverables and their state), the gate history.

``project_governance`` makes the same number of queries whatever the number of reviews,
conditions, deliverables and guides (tests/governance/test_lifecycle.py counts them).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.urls import NoReverseMatch, reverse

from governance.markdown import render_markdown
from governance.models import (
    Deliverable,
    GateCondition,
    GateReview,
    GateStatus,
    Guide,
    ProjectLifecycle,
    RequiredDeliverable,
    TemplateFormat,
    TemplateVersion,
    VersionStatus,
)

UPLOAD_URL = "governance:deliverable_upload"  # helper g2's page (may not exist)


@dataclass
class RequirementState:
    requirement: RequiredDeliverable
    deliverable: Deliverable | None
    state: str  # "provided", "waived", "missing"
    upload_url: str | None
    fill_url: str | None = None  # the template's current .docx, filled for the project


def _upload_url(project_pk: int, requirement_pk: int) -> str | None:
    try:
        return reverse(UPLOAD_URL, args=[project_pk, requirement_pk])
    except NoReverseMatch:
        return None


def fillable_template_ids(template_ids) -> set[int]:
    """Those of ``template_ids`` whose current published version is a .docx (one query)."""
    if not template_ids:
        return set()
    current = (
        TemplateVersion.objects.filter(
            template_id=OuterRef("template_id"), status=VersionStatus.PUBLISHED
        )
        .order_by("-major", "-minor", "-patch")
        .values("pk")[:1]
    )
    return set(
        TemplateVersion.objects.filter(
            template_id__in=template_ids, pk=Subquery(current), format=TemplateFormat.DOCX
        ).values_list("template_id", flat=True)
    )


def lifecycle_of(project) -> ProjectLifecycle | None:
    return (
        ProjectLifecycle.objects.select_related("methodology_version__methodology", "current_phase")
        .filter(project_id=project.pk)
        .first()
    )


def guides_for(project, phase_key: str | None) -> list[dict]:
    """Guides matching the project's type, domain and phase key (an empty field matches
    everything), rendered."""
    guides = Guide.objects.filter(
        Q(project_type__isnull=True) | Q(project_type_id=project.project_type_id),
        Q(business_domain__isnull=True) | Q(business_domain_id=project.business_domain_id),
        Q(phase_key="") | Q(phase_key=phase_key or ""),
    ).order_by("title")
    return [{"guide": guide, "html": render_markdown(guide.body)} for guide in guides]


def requirement_states(project, phase) -> list[RequirementState]:
    """The required deliverables of ``phase`` and their state for ``project``: provided (a
    file), waived, missing; with the link to their template filled for the project when its
    current version is a .docx. Three queries at most."""
    if phase is None:
        return []
    requirements = list(
        RequiredDeliverable.objects.filter(phase=phase)
        .select_related("template")
        .order_by("order", "name")
    )
    delivered = {
        d.requirement_id: d
        for d in Deliverable.objects.filter(
            project_id=project.pk, requirement__in=requirements
        ).select_related("template_version", "uploaded_by")
    }
    fillable = fillable_template_ids({r.template_id for r in requirements if r.template_id})
    states = []
    for requirement in requirements:
        deliverable = delivered.get(requirement.pk)
        if deliverable is not None and deliverable.waived:
            state = "waived"
        elif deliverable is not None and deliverable.file:
            state = "provided"
        else:
            state = "missing"
        fill_url = None
        if requirement.template_id in fillable:
            fill_url = reverse(
                "governance:template_fill", args=[requirement.template_id, project.pk]
            )
        states.append(
            RequirementState(
                requirement, deliverable, state, _upload_url(project.pk, requirement.pk), fill_url
            )
        )
    return states


def gate_history(project) -> list[GateReview]:
    """Every gate review of the project, newest first, with phase, people and conditions.
    Two queries."""
    return list(
        GateReview.objects.filter(project_id=project.pk)
        .select_related("phase", "requested_by", "decided_by")
        .prefetch_related(
            Prefetch(
                "conditions",
                queryset=GateCondition.objects.select_related("owner").order_by("due_date", "pk"),
            )
        )
        .order_by("-requested_at", "-pk")
    )


def open_review(history: list[GateReview]) -> GateReview | None:
    return next((r for r in history if r.status == GateStatus.REQUESTED), None)


def project_governance(project) -> dict:
    """Everything the governance tab of ``project`` shows (constant number of queries)."""
    lifecycle = lifecycle_of(project)
    phase = lifecycle.current_phase if lifecycle else None
    history = gate_history(project) if lifecycle else []
    if phase is not None:
        phase.decider_ids = set(phase.deciders.values_list("pk", flat=True))
    pending = open_review(history)
    if pending is not None and phase is not None and pending.phase_id == phase.pk:
        pending.phase = phase  # the decider rule reads decider_ids without a query
    return {
        "lifecycle": lifecycle,
        "phase": phase,
        "guides": guides_for(project, phase.key if phase else None) if lifecycle else [],
        "requirements": requirement_states(project, phase),
        "history": history,
        "open_review": pending,
    }
