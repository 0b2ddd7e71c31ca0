"""Reads of the methods pages: the list of methodologies, a version's phases, the migration
preview, guides. Query counts do not depend on the number of rows (each function says how
many it makes)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch

from governance.models import (
    Guide,
    Methodology,
    MethodologyVersion,
    Phase,
    ProjectLifecycle,
    RequiredDeliverable,
    VersionStatus,
)


def methodology_rows() -> list[dict]:
    """Every methodology with its versions (number, status, projects on it) and its current
    published version. Two queries."""
    methodologies = list(
        Methodology.objects.select_related("project_type", "business_domain").order_by(
            "project_type__name", "business_domain__name", "name"
        )
    )
    versions = defaultdict(list)
    for version in MethodologyVersion.objects.annotate(projects=Count("lifecycles")).order_by(
        "-number"
    ):
        versions[version.methodology_id].append(version)
    rows = []
    for methodology in methodologies:
        mine = versions[methodology.pk]
        published = [v for v in mine if v.status == VersionStatus.PUBLISHED]
        rows.append(
            {
                "methodology": methodology,
                "versions": mine,
                "current": published[0] if published else None,
                "draft": next((v for v in mine if v.status == VersionStatus.DRAFT), None),
                "projects": sum(v.projects for v in mine),
            }
        )
    return rows


def versions_of(methodology: Methodology) -> list[MethodologyVersion]:
    """The versions of ``methodology``, newest first, with their number of projects."""
    return list(methodology.versions.annotate(projects=Count("lifecycles")).order_by("-number"))


def phases_of(version: MethodologyVersion) -> list[Phase]:
    """The phases of ``version`` in order, with their deciders and required deliverables
    (and their templates). Three queries."""
    return list(
        version.phases.order_by("order").prefetch_related(
            "deciders",
            Prefetch(
                "deliverables",
                queryset=RequiredDeliverable.objects.select_related("template").order_by(
                    "order", "name"
                ),
            ),
        )
    )


# --- Migration preview -------------------------------------------------------------------------


@dataclass
class MigrationLine:
    lifecycle: ProjectLifecycle
    current_phase: Phase | None
    target_phase: Phase | None  # by key; None: the PMO picks (unless completed)
    needs_pick: bool
    newly_required: list[str] = field(default_factory=list)
    no_longer_required: list[str] = field(default_factory=list)


def migration_preview(target: MethodologyVersion, *, project_ids=None) -> list[MigrationLine]:
    """What moving to ``target`` changes for each project on another version of the same
    methodology: its phase now and where it lands (matched by key), the deliverables of that
    phase that become required or are no longer required (matched by name). Three queries."""
    lifecycles = (
        ProjectLifecycle.objects.filter(methodology_version__methodology_id=target.methodology_id)
        .exclude(methodology_version=target)
        .select_related("project", "methodology_version", "current_phase")
        .order_by("project__code")
    )
    if project_ids is not None:
        lifecycles = lifecycles.filter(project_id__in=project_ids)
    lifecycles = list(lifecycles)
    versions = {lc.methodology_version_id for lc in lifecycles} | {target.pk}
    names: dict[int, list[str]] = defaultdict(list)  # phase pk → required deliverable names
    for phase_id, name in RequiredDeliverable.objects.filter(
        phase__version_id__in=versions
    ).values_list("phase_id", "name"):
        names[phase_id].append(name)
    by_key = {phase.key: phase for phase in target.phases.all()}
    lines = []
    for lifecycle in lifecycles:
        current = lifecycle.current_phase
        landing = by_key.get(current.key) if current else None
        before = set(names[current.pk]) if current else set()
        after = set(names[landing.pk]) if landing else set()
        lines.append(
            MigrationLine(
                lifecycle=lifecycle,
                current_phase=current,
                target_phase=landing,
                needs_pick=current is not None and landing is None,
                newly_required=sorted(after - before) if landing else [],
                no_longer_required=sorted(before - after) if landing else [],
            )
        )
    return lines


def target_phases(target: MethodologyVersion) -> list[Phase]:
    return list(target.phases.order_by("order"))


def guide_list() -> list[Guide]:
    return list(Guide.objects.select_related("project_type", "business_domain").order_by("title"))
