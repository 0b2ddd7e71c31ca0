"""Writes of the methods: methodologies, their draft version (phases, gates, required
deliverables), publishing, new drafts, and the PMO's explicit migration of projects.

Rules:
- only a draft version is edited; a published one is frozen (``ValidationError`` otherwise);
- publishing the draft makes it version N (its number was set when the draft was made);
- a new draft copies the latest published version with its phases, deciders and
  deliverables, numbered after the highest number;
- a project keeps the version its ``ProjectLifecycle`` names until ``migrate_projects``
  moves it: its phase is matched by key (or picked by the PMO when the key is gone), its
  deliverables follow requirements of the same phase key and name.
Every function is transactional; history rows (simple_history) carry the request's user.

Concurrent edits of a draft: every change of its phases or deliverables moves the draft's
``version`` counter (``_touch``); the edit forms carry the counter they were opened at and
``lock_version`` refuses a save when the draft moved meanwhile (``EditConflict``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from governance.models import (
    Deliverable,
    GateReview,
    GateStatus,
    Guide,
    Methodology,
    MethodologyVersion,
    Phase,
    ProjectLifecycle,
    RequiredDeliverable,
    VersionStatus,
)
from governance.services.compliance import refresh_compliance
from pmo_portal.concurrency import lock_version

PHASE_FIELDS = ("name", "key", "description", "gate_name", "gate_criteria", "decider_role")
REQUIREMENT_FIELDS = ("name", "description", "template")
_PARKED = 32000  # a free order while two phases swap (unique per version)


def _ensure_draft(version: MethodologyVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(_("A published version cannot be changed: make a new draft."))


def _locked_draft(pk: int, seen: int | None = None) -> MethodologyVersion:
    """The draft ``pk`` locked for this transaction (EditConflict if it moved since ``seen``),
    its counter moved: whoever opened an edit page before this change must reload."""
    version = lock_version(MethodologyVersion, pk=pk, version=seen)
    _ensure_draft(version)
    version.save(update_fields=["version"])
    return version


def create_methodology(*, name: str, project_type, business_domain=None, description="", user):
    """A methodology for ``project_type`` (and ``business_domain``), with its draft v1."""
    with transaction.atomic():
        if Methodology.objects.filter(
            project_type=project_type, business_domain=business_domain
        ).exists():
            raise ValidationError(
                _("A methodology already exists for this project type and business domain.")
            )
        methodology = Methodology(
            name=name,
            description=description,
            project_type=project_type,
            business_domain=business_domain,
            owner=user,
        )
        methodology.full_clean()
        methodology.save()
        MethodologyVersion.objects.create(
            methodology=methodology, number=1, status=VersionStatus.DRAFT
        )
    return methodology


def _unique_key(version, wanted: str, *, exclude_pk=None) -> str:
    taken = set(version.phases.exclude(pk=exclude_pk).values_list("key", flat=True))
    if wanted in taken:
        raise ValidationError({"key": _("Another phase of this version has this key.")})
    return wanted


def add_phase(*, version: MethodologyVersion, deciders=(), **fields) -> Phase:
    """A new last phase of the draft ``version`` (key from the name when not given)."""
    with transaction.atomic():
        version = _locked_draft(version.pk)
        key = fields.get("key") or slugify(fields.get("name", ""))[:40] or "phase"
        fields["key"] = _unique_key(version, key)
        last = version.phases.aggregate(last=Max("order"))["last"] or 0
        phase = Phase(version=version, order=last + 1, **fields)
        phase.full_clean()
        phase.save()
        phase.deciders.set(deciders)
    return phase


def update_phase(*, phase: Phase, draft_version: int | None = None, deciders=(), **fields) -> Phase:
    """Rename / edit the gate of a phase of a draft (``draft_version``: the draft's counter
    the page was opened at)."""
    with transaction.atomic():
        version = _locked_draft(phase.version_id, draft_version)
        current = Phase.objects.select_for_update().get(pk=phase.pk)
        if "key" in fields:
            fields["key"] = _unique_key(
                version, fields["key"] or current.key, exclude_pk=current.pk
            )
        for name, value in fields.items():
            setattr(current, name, value)
        current.full_clean()
        current.save()
        current.deciders.set(deciders)
    return current


def move_phase(*, phase: Phase, up: bool) -> None:
    """Swap ``phase`` with its neighbour (before it when ``up``); nothing at either end."""
    with transaction.atomic():
        version = _locked_draft(phase.version_id)
        phases = list(version.phases.order_by("order"))
        index = next(i for i, p in enumerate(phases) if p.pk == phase.pk)
        other_index = index - 1 if up else index + 1
        if other_index < 0 or other_index >= len(phases):
            return
        mine, other = phases[index], phases[other_index]
        mine_order, other_order = mine.order, other.order
        Phase.objects.filter(pk=mine.pk).update(order=_PARKED)
        Phase.objects.filter(pk=other.pk).update(order=mine_order)
        Phase.objects.filter(pk=mine.pk).update(order=other_order)


def delete_phase(*, phase: Phase) -> None:
    """Delete a phase of a draft; the later ones move up."""
    with transaction.atomic():
        version = _locked_draft(phase.version_id)
        order = Phase.objects.get(pk=phase.pk).order
        Phase.objects.filter(pk=phase.pk).delete()
        for later in version.phases.filter(order__gt=order).order_by("order"):
            Phase.objects.filter(pk=later.pk).update(order=later.order - 1)


def add_requirement(*, phase: Phase, **fields) -> RequiredDeliverable:
    with transaction.atomic():
        _locked_draft(phase.version_id)
        last = phase.deliverables.aggregate(last=Max("order"))["last"]
        requirement = RequiredDeliverable(
            phase=phase, order=(last + 1) if last is not None else 0, **fields
        )
        requirement.full_clean()
        requirement.save()
    return requirement


def update_requirement(
    *, requirement: RequiredDeliverable, draft_version: int | None = None, **fields
) -> RequiredDeliverable:
    with transaction.atomic():
        _locked_draft(requirement.phase.version_id, draft_version)
        for name, value in fields.items():
            setattr(requirement, name, value)
        requirement.full_clean()
        requirement.save()
    return requirement


def delete_requirement(*, requirement: RequiredDeliverable) -> None:
    with transaction.atomic():
        _locked_draft(requirement.phase.version_id)
        requirement.delete()


def publish_version(*, version: MethodologyVersion, change_note: str = "") -> MethodologyVersion:
    """The draft becomes published (read-only) under its number."""
    with transaction.atomic():
        version = lock_version(MethodologyVersion, pk=version.pk, version=None)
        _ensure_draft(version)
        if not version.phases.exists():
            raise ValidationError(_("Add at least one phase before publishing."))
        version.status = VersionStatus.PUBLISHED
        version.published_at = timezone.now()
        if change_note:
            version.change_note = change_note
        version.full_clean()
        version.save()
    return version


def new_draft(*, methodology: Methodology) -> MethodologyVersion:
    """The methodology's draft: the existing one, else a copy of its latest published version
    (phases with their gates and deciders, required deliverables) numbered after the last."""
    with transaction.atomic():
        methodology = Methodology.objects.select_for_update().get(pk=methodology.pk)
        existing = methodology.versions.filter(status=VersionStatus.DRAFT).first()
        if existing is not None:
            return existing
        source = (
            methodology.versions.filter(status=VersionStatus.PUBLISHED).order_by("-number").first()
        )
        last = methodology.versions.aggregate(last=Max("number"))["last"] or 0
        draft = MethodologyVersion.objects.create(
            methodology=methodology, number=last + 1, status=VersionStatus.DRAFT
        )
        if source is None:
            return draft
        phases = source.phases.prefetch_related("deciders", "deliverables").order_by("order")
        for phase in phases:
            copy = Phase.objects.create(
                version=draft,
                order=phase.order,
                **{name: getattr(phase, name) for name in PHASE_FIELDS},
            )
            copy.deciders.set(phase.deciders.all())
            RequiredDeliverable.objects.bulk_create(
                RequiredDeliverable(
                    phase=copy,
                    name=requirement.name,
                    description=requirement.description,
                    template_id=requirement.template_id,
                    order=requirement.order,
                )
                for requirement in phase.deliverables.all()
            )
    return draft


# --- Migration of projects to another version ------------------------------------------------


@dataclass
class MigrationResult:
    migrated: int
    withdrawn_reviews: int
    moved_deliverables: int


def migrate_projects(
    *, target: MethodologyVersion, choices: dict[int, int | None], user
) -> MigrationResult:
    """Move the lifecycles of the projects ``choices`` names (project id → target phase id,
    or None to match the phase by key) to the published version ``target``.

    A project whose phase key does not exist in ``target`` needs a phase picked; a completed
    lifecycle stays completed. An open gate review of the old phase is withdrawn (its gate is
    the old version's). The project's deliverables follow the requirement of the same phase
    key and name in ``target``. All or nothing."""
    if target.status != VersionStatus.PUBLISHED:
        raise ValidationError(_("Projects can only move to a published version."))
    if not choices:
        raise ValidationError(_("Select at least one project to migrate."))
    target_phases = {phase.pk: phase for phase in target.phases.all()}
    by_key = {phase.key: phase for phase in target_phases.values()}
    requirements = {
        (requirement.phase.key, requirement.name): requirement
        for requirement in RequiredDeliverable.objects.filter(phase__version=target).select_related(
            "phase"
        )
    }
    result = MigrationResult(0, 0, 0)
    with transaction.atomic():
        lifecycles = list(
            ProjectLifecycle.objects.select_for_update(of=("self",))
            .filter(project_id__in=list(choices))
            .select_related("methodology_version", "current_phase", "project")
            .order_by("pk")
        )
        if len(lifecycles) != len(choices):
            raise ValidationError(_("A selected project has no lifecycle any more."))
        for lifecycle in lifecycles:
            if lifecycle.methodology_version.methodology_id != target.methodology_id:
                raise ValidationError(_("A selected project follows another methodology."))
            if lifecycle.methodology_version_id == target.pk:
                continue
            phase = None
            if lifecycle.current_phase is not None:
                picked = choices.get(lifecycle.project_id)
                phase = (
                    target_phases.get(picked) if picked else by_key.get(lifecycle.current_phase.key)
                )
                if phase is None:
                    raise ValidationError(
                        _("%(code)s: pick the phase it moves to.")
                        % {"code": lifecycle.project.code}
                    )
            result.withdrawn_reviews += GateReview.objects.filter(
                project_id=lifecycle.project_id, status=GateStatus.REQUESTED
            ).update(status=GateStatus.WITHDRAWN)
            for deliverable in Deliverable.objects.filter(
                project_id=lifecycle.project_id,
                requirement__phase__version_id=lifecycle.methodology_version_id,
            ).select_related("requirement__phase"):
                new = requirements.get(
                    (deliverable.requirement.phase.key, deliverable.requirement.name)
                )
                if new is not None:
                    deliverable.requirement = new
                    deliverable.save()
                    result.moved_deliverables += 1
            lifecycle.methodology_version = target
            lifecycle.current_phase = phase
            lifecycle._change_reason = f"migrated to v{target.number}"
            lifecycle.full_clean()
            lifecycle.save()
            result.migrated += 1
        refresh_compliance([lifecycle.project_id for lifecycle in lifecycles])
    return result


# --- Best-practice guides ---------------------------------------------------------------------

GUIDE_FIELDS = ("title", "body", "project_type", "business_domain", "phase_key")


def save_guide(*, guide: Guide | None = None, **fields) -> Guide:
    """Create (``guide`` None) or edit a guide."""
    with transaction.atomic():
        guide = guide or Guide()
        for name in GUIDE_FIELDS:
            if name in fields:
                setattr(guide, name, fields[name])
        guide.full_clean()
        guide.save()
    return guide


def delete_guide(*, guide: Guide) -> None:
    with transaction.atomic():
        guide.delete()
