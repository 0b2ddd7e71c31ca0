"""The governance demo of each live project: lifecycle, gate reviews and their conditions,
deliverables (with their small PDF files) and monthly compliance snapshots, written with
bulk inserts for a chunk of projects at a time (see governance/demo.py)."""

from __future__ import annotations

import contextlib
import random
import uuid

from django.core.files.base import ContentFile
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from governance import demo_files
from governance.demo_plan import ProjectPlan, at, plan_project, snapshots
from governance.models import (
    ComplianceSnapshot,
    Deliverable,
    GateCondition,
    GateReview,
    Phase,
    ProjectLifecycle,
    TemplateVersion,
)

BATCH = 2000
OWN_FILES = 120  # projects with files of their own; the others share one per deliverable name
NAMESPACE = uuid.UUID("6f1c3f0e-2b9a-4d61-9a55-3c1f0e5a7d42")
WAIVER_REASONS = [
    "Projet réglementaire : le dossier de l'autorité de contrôle tient lieu de ce livrable "
    "(dérogation validée en COPIL).",
    "Périmètre repris d'un projet clos : le livrable de ce projet reste la référence.",
]


def stored(folder: str, key: str, extension: str, build) -> tuple[str, bytes]:
    """Store the file for ``key`` unless already stored; returns (name, content)."""
    storage = TemplateVersion._meta.get_field("file").storage
    name = f"governance/{folder}/{uuid.uuid5(NAMESPACE, key).hex}.{extension}"
    if storage.exists(name):
        with storage.open(name, "rb") as handle:
            return name, handle.read()
    content = build()
    saved = storage.save(name, ContentFile(content))
    return saved, content


@contextlib.contextmanager
def dates_kept(model, field_name: str):
    """Let bulk inserts keep the past dates given to an ``auto_now_add`` field."""
    model_field = model._meta.get_field(field_name)
    model_field.auto_now_add = False
    try:
        yield
    finally:
        model_field.auto_now_add = True


def _plan(project, methods, forced, state, today) -> tuple[ProjectPlan, list[Phase]]:
    entry = methods[project["project_type_id"]]

    def phases_of(number):
        return [(p.decider_role, len(p.needs)) for p in entry["phases"][number]]

    plan = plan_project(
        project, entry["versions"], phases_of, today, gate=forced.get(project["pk"], "")
    )
    plan.version = entry["objects"][plan.version_number]
    phases = entry["phases"][plan.version_number]
    late = [
        d for d in plan.deliverables if d.uploaded_at is None and d.phase_order < plan.current_order
    ]
    chance = random.Random(project["code"]).random()  # noqa: S311 (demo data)
    if late and (state["waived"] < 2 or chance < 0.01):
        waived = late[0]
        waived.waived = True
        waived.waiver_reason = WAIVER_REASONS[state["waived"] % len(WAIVER_REASONS)]
        state["waived"] += 1
    if not state["overdue"]:
        for review in plan.reviews:
            for condition in review.conditions:
                if condition.due < today and not state["overdue"]:
                    condition.done_at = None
                    state["overdue"] = True
    return plan, phases


def _pick_template(deliverable, requirement, templates_by_pk) -> None:
    """The template version the deliverable was made from: the latest published when it was
    uploaded (or an older major one, for a few); a version since superseded is known for
    some deliverables only (made before the library recorded it)."""
    versions = templates_by_pk.get(requirement.template_id)
    if not versions or deliverable.uploaded_at is None:
        return
    uploaded = deliverable.uploaded_at.date()
    available = [v for v in versions if v[2] <= uploaded]
    if not available:
        return
    chosen = available[-1]
    if deliverable.template_pick == "older":
        older = [v for v in available if v[0] < chosen[0]]
        chosen = older[-1] if older else chosen
    newer = [v[2] for v in versions if v[0] > chosen[0]]
    since = min(newer) if newer else None
    if since is not None and deliverable.template_pick == "latest" and not deliverable.keep_old:
        return
    deliverable.template_version_id = chosen[3]
    deliverable.outdated_since = since


def _full_name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _file(project, phase, requirement, deliverable, users, state, shared) -> tuple[str, int, str]:
    """(stored name, size, original name) of the deliverable's PDF."""
    original = f"{slugify(requirement.name)}-{project['code'].lower()}.pdf"
    if state["files"] > OWN_FILES:
        if requirement.name not in shared:
            content = demo_files.pdf(requirement.name, ["Exemple de livrable (données de test)."])
            key = f"deliverable sample {requirement.name}"
            name, content = stored("deliverables", key, "pdf", lambda: content)
            shared[requirement.name] = (name, len(content))
        return (*shared[requirement.name], original)
    lines = [
        f"Projet : {project['name']} ({project['code']})",
        f"Phase : {phase.name} — {phase.gate_name}",
        f"Chef de projet : {_full_name(users.get(project['manager_id']))}",
        f"Version du {deliverable.uploaded_at:%d/%m/%Y}",
        "",
        f"{demo_files.COMPANY} — document de démonstration du portail PMO.",
    ]
    key = f"deliverable {project['code']} {phase.key} {requirement.name}"
    name, content = stored(
        "deliverables", key, "pdf", lambda: demo_files.pdf(requirement.name, lines)
    )
    return name, len(content), original


def seed_chunk(chunk, methods, templates_by_pk, users, pmo, forced, state, today, counts):
    plans = []
    for project in chunk:
        plan, phases = _plan(project, methods, forced, state, today)
        for deliverable in plan.deliverables:
            requirement = phases[deliverable.phase_order - 1].needs[deliverable.index]
            _pick_template(deliverable, requirement, templates_by_pk)
        plans.append((project, plan, phases))

    lifecycles = []
    for project, plan, phases in plans:
        lifecycle = ProjectLifecycle(
            project_id=project["pk"],
            methodology_version=plan.version,
            current_phase=phases[plan.current_order - 1],
            started_at=at(plan.started_on, 8),
        )
        lifecycle._history_date = lifecycle.started_at
        lifecycle._history_user = users.get(project["manager_id"])
        lifecycles.append(lifecycle)
    with dates_kept(ProjectLifecycle, "started_at"):
        bulk_create_with_history(lifecycles, ProjectLifecycle, batch_size=BATCH)
    counts["lifecycles"] += len(lifecycles)

    reviews, planned_conditions = [], []
    for project, plan, phases in plans:
        manager = users.get(project["manager_id"])
        for planned in plan.reviews:
            phase = phases[planned.phase_order - 1]
            decider = None
            if planned.status == "decided":
                decider = pmo
                if planned.decider == "sponsor":
                    decider = users.get(project["sponsor_id"]) or pmo
            review = GateReview(
                project_id=project["pk"],
                phase=phase,
                status=planned.status,
                planned_on=planned.planned_on,
                requested_by=manager,
                requested_at=planned.requested_at,
                request_note=planned.request_note or f"Demande de {phase.gate_name.lower()}.",
                decision=planned.decision,
                reasons=planned.reasons,
                decided_by=decider,
                decided_at=planned.decided_at,
            )
            review._history_date = planned.decided_at or planned.requested_at
            review._history_user = decider or manager
            reviews.append(review)
            planned_conditions.append((planned.conditions, manager))
    with dates_kept(GateReview, "requested_at"):
        reviews = bulk_create_with_history(reviews, GateReview, batch_size=BATCH)
    counts["reviews"] += len(reviews)
    conditions = []
    for review, (planned, manager) in zip(reviews, planned_conditions, strict=True):
        for item in planned:
            condition = GateCondition(
                review=review,
                text=item.text,
                owner=manager or pmo,
                due_date=item.due,
                done_at=item.done_at,
            )
            condition._history_date = review.decided_at
            condition._history_user = review.decided_by
            conditions.append(condition)
    bulk_create_with_history(conditions, GateCondition, batch_size=BATCH)
    counts["conditions"] += len(conditions)

    deliverables, rows, shared = [], [], {}
    for project, plan, phases in plans:
        state["files"] += 1
        for planned in plan.deliverables:
            phase = phases[planned.phase_order - 1]
            requirement = phase.needs[planned.index]
            deliverable = Deliverable(project_id=project["pk"], requirement=requirement)
            if planned.waived:
                deliverable.waived = True
                deliverable.waiver_reason = planned.waiver_reason
                deliverable.waived_by = pmo
                deliverable._history_user = pmo
            elif planned.uploaded_at is not None:
                name, size, original = _file(
                    project, phase, requirement, planned, users, state, shared
                )
                deliverable.file.name = name
                deliverable.size, deliverable.original_name = size, original
                deliverable.uploaded_at = deliverable._history_date = planned.uploaded_at
                deliverable.uploaded_by_id = project["manager_id"]
                deliverable.template_version_id = planned.template_version_id
                deliverable._history_user = users.get(project["manager_id"])
            else:
                continue  # missing
            deliverables.append(deliverable)
        needed = [len(phase.needs) for phase in phases]
        for month, figures in snapshots(plan, needed, today).items():
            rows.append(
                ComplianceSnapshot(project_id=project["pk"], month=month, **figures.__dict__)
            )
    bulk_create_with_history(deliverables, Deliverable, batch_size=BATCH)
    ComplianceSnapshot.objects.bulk_create(rows, batch_size=BATCH)
    counts["deliverables"] += len(deliverables)
    counts["snapshots"] += len(rows)
