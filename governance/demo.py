"""Demo data of governance (called by ``seed_demo`` after the portfolio demo).

- The PMO's template library (governance/demo_catalogue.py, files made by
  governance/demo_files.py): four templates with two published versions each.
- The two methods: the classic one (cycle en V, versions 1 and 2) for every project type but
  the agile one, the agile one (Scrum à l'échelle) for the agile type.
- For every approved, active or on-hold project: its lifecycle (the version it started with,
  a phase consistent with its progress), its gate history, its deliverables and twelve monthly
  compliance snapshots (planned in governance/demo_plan.py). One active project of the demo
  project manager (chef.projet) waits for a decision on its gate, another has its decision
  postponed; two missing deliverables are waived by the PMO; a condition of a go is overdue.

Deterministic and idempotent like the other demo modules: reference rows are looked up by
their natural keys (template name and version number, project type, version number, phase
key, deliverable name), and a project that already has a lifecycle is left alone. Files are
stored under names that say nothing (``governance/<folder>/<uuid>.<ext>``) derived from what
they hold, so a rerun writes no second copy. Inserts are bulk, by chunks of projects:
thousands of projects take seconds. Beyond the first ``OWN_FILES`` projects, deliverables
share one sample file per deliverable name (benchmark sizes: no hundred thousand files).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from governance import demo_catalogue as catalogue
from governance.demo_plan import at
from governance.demo_projects import dates_kept, seed_chunk, stored
from governance.models import (
    Deliverable,
    DocumentTemplate,
    GateCondition,
    Methodology,
    MethodologyVersion,
    Phase,
    RequiredDeliverable,
    TemplateVersion,
    VersionStatus,
)
from portfolios.models import Project, ProjectStatus, ProjectType

CHUNK = 500
LIVE = (ProjectStatus.APPROVED, ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD)


def _templates(today: date, pmo, counts: Counter) -> dict[str, dict]:
    """{template name: {"pk", "versions": [(major, minor, published on, pk)] oldest first}}."""
    names = [spec.name for spec in catalogue.TEMPLATES]
    templates = {t.name: t for t in DocumentTemplate.objects.filter(name__in=names)}
    versions = {
        (v.template_id, v.major, v.minor, v.patch): v
        for v in TemplateVersion.objects.filter(template__name__in=names)
    }
    result = {}
    for spec in catalogue.TEMPLATES:
        template = templates.get(spec.name)
        if template is None:
            template = DocumentTemplate.objects.create(
                name=spec.name,
                description=spec.description,
                owner=pmo,
                phase_keys=list(spec.phase_keys),
            )
            counts["templates"] += 1
        listed = []
        for vspec in spec.versions:
            version = versions.get((template.pk, vspec.major, vspec.minor, 0))
            if version is None:
                key = f"template {spec.name} {vspec.major}.{vspec.minor}.0"
                built = {}

                def build(spec=spec, vspec=vspec, built=built):
                    built["content"], built["placeholders"] = spec.build(vspec)
                    return built["content"]

                name, content = stored("templates", key, spec.extension, build)
                placeholders = built.get("placeholders")
                if placeholders is None:  # the file was already stored: read its names
                    placeholders = spec.build(vspec)[1]
                published = at(today - timedelta(days=vspec.days_ago), 9)
                version = TemplateVersion(
                    template=template,
                    major=vspec.major,
                    minor=vspec.minor,
                    status=VersionStatus.PUBLISHED,
                    change_note=vspec.change_note,
                    original_name=spec.file_name(vspec),
                    format=spec.format,
                    size=len(content),
                    sha256=hashlib.sha256(content).hexdigest(),
                    placeholders=placeholders,
                    uploaded_by=pmo,
                    published_at=published,
                )
                version.file.name = name
                version.created_at = version._history_date = published
                with dates_kept(TemplateVersion, "created_at"):
                    bulk_create_with_history([version], TemplateVersion, default_user=pmo)
                counts["template_versions"] += 1
            day = timezone.localdate(version.published_at) if version.published_at else date.min
            listed.append((version.major, version.minor, day, version.pk))
        result[spec.name] = {"pk": template.pk, "versions": sorted(listed)}
    return result


def _create_method(spec, project_type, pmo, templates, today, counts) -> None:
    methodology = Methodology.objects.create(
        name=catalogue.method_name(spec, project_type.code, project_type.name),
        description=spec.description,
        project_type=project_type,
        owner=pmo,
    )
    counts["methodologies"] += 1
    for vspec in spec.versions:
        version = MethodologyVersion.objects.create(
            methodology=methodology,
            number=vspec.number,
            status=VersionStatus.PUBLISHED,
            change_note=vspec.change_note,
            published_at=at(today - timedelta(days=vspec.days_ago), 9),
        )
        phases = Phase.objects.bulk_create(
            Phase(
                version=version,
                order=order,
                key=p.key,
                name=p.name,
                description=p.description,
                gate_name=p.gate_name,
                gate_criteria=p.criteria,
                decider_role=p.decider,
            )
            for order, p in enumerate(vspec.phases, start=1)
        )
        if not phases[0].pk:
            phases = list(version.phases.order_by("order"))
        RequiredDeliverable.objects.bulk_create(
            RequiredDeliverable(
                phase=phase,
                name=name,
                template_id=templates[template]["pk"] if template else None,
                order=index,
            )
            for phase, p in zip(phases, vspec.phases, strict=True)
            for index, (name, template) in enumerate(p.deliverables)
        )


def _methods(today: date, pmo, templates, counts: Counter) -> dict[int, dict]:
    """{project type pk: {"versions": [(number, published on)], "phases": {number: [...]}}}
    for every type with a published methodology (not per business domain)."""
    has_method = Methodology.objects.filter(business_domain=None).values("project_type_id")
    for project_type in ProjectType.objects.exclude(pk__in=has_method):
        spec = catalogue.method_for(project_type.code)
        _create_method(spec, project_type, pmo, templates, today, counts)
    result: dict[int, dict] = {}
    versions = MethodologyVersion.objects.filter(
        methodology__business_domain=None, status=VersionStatus.PUBLISHED
    ).select_related("methodology")
    by_pk = {}
    for version in versions.order_by("number"):
        entry = result.setdefault(
            version.methodology.project_type_id, {"versions": [], "phases": {}, "objects": {}}
        )
        day = timezone.localdate(version.published_at) if version.published_at else date.min
        entry["versions"].append((version.number, day))
        entry["objects"][version.number] = version
        entry["phases"][version.number] = []
        by_pk[version.pk] = entry["phases"][version.number]
    phases = {}
    for phase in Phase.objects.filter(version_id__in=by_pk).order_by("order"):
        phase.needs = []
        by_pk[phase.version_id].append(phase)
        phases[phase.pk] = phase
    for requirement in RequiredDeliverable.objects.filter(phase_id__in=phases):
        phases[requirement.phase_id].needs.append(requirement)
    return {type_pk: entry for type_pk, entry in result.items() if entry["versions"]}


def seed_governance(*, today: date | None = None, stdout=None) -> dict[str, int]:
    """Create what is missing of the governance demo; returns counts of created rows."""
    today = today or timezone.localdate()
    counts: Counter = Counter()
    users = {user.pk: user for user in get_user_model().objects.all()}
    by_name = {user.username: user for user in users.values()}
    pmo = by_name.get("pmo")
    templates = _templates(today, pmo, counts)
    methods = _methods(today, pmo, templates, counts)
    templates_by_pk = {t["pk"]: t["versions"] for t in templates.values()}
    projects = list(
        Project.objects.filter(status__in=LIVE, project_type_id__in=methods)
        .order_by("pk")
        .values(
            "pk",
            "code",
            "name",
            "status",
            "manager_id",
            "sponsor_id",
            "planned_start",
            "percent_complete",
            "project_type_id",
            "lifecycle",
        )
    )
    # The demo project manager's first two active projects: one waits for a decision on its
    # gate, the other's decision was postponed.
    chef = by_name.get("chef.projet")
    mine = [
        p["pk"]
        for p in projects
        if chef is not None and p["manager_id"] == chef.pk and p["status"] == ProjectStatus.ACTIVE
    ]
    forced = dict(zip(mine[:2], ("open", "postpone"), strict=False))
    projects = [p for p in projects if p["lifecycle"] is None]
    if projects:
        state = {
            "waived": Deliverable.objects.filter(waived=True).count(),
            "overdue": GateCondition.objects.filter(
                done_at=None, due_date__lt=today, review__project__status__in=LIVE
            ).exists(),
            "files": 0,
        }
    for offset in range(0, len(projects), CHUNK):
        chunk = projects[offset : offset + CHUNK]
        seed_chunk(chunk, methods, templates_by_pk, users, pmo, forced, state, today, counts)
        if stdout is not None and len(projects) > CHUNK:
            done = min(offset + CHUNK, len(projects))
            stdout.write(f"  governance: {done}/{len(projects)} projects")
    names = ("templates", "template_versions", "methodologies", "lifecycles", "reviews")
    return {name: counts[name] for name in (*names, "conditions", "deliverables", "snapshots")}
