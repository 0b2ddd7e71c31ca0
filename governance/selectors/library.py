"""Reads of the template library and of deliverables (issue 11).

The outdated rule, in one place: a deliverable made from a template version whose MAJOR is
below the template's current published major is outdated (a minor or patch behind is not).
``is_outdated`` applies it to one deliverable with the current majors read once
(``current_majors``); ``with_outdated`` annotates a queryset for set-based counts
(compliance).
"""

from __future__ import annotations

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404

from governance.models import (
    Deliverable,
    DocumentTemplate,
    RequiredDeliverable,
    TemplateFormat,
    TemplateVersion,
    VersionStatus,
)


def current_majors(template_ids=None) -> dict[int, int]:
    """The current published major per template id (one query)."""
    rows = TemplateVersion.objects.filter(status=VersionStatus.PUBLISHED)
    if template_ids is not None:
        rows = rows.filter(template_id__in=list(template_ids))
    return dict(
        rows.order_by()
        .values("template_id")
        .annotate(major=Max("major"))
        .values_list("template_id", "major")
    )


def is_outdated(deliverable: Deliverable, current_major_by_template: dict[int, int]) -> bool:
    """Made from an older MAJOR version than the template's current published one.
    ``deliverable.template_version`` should be select_related."""
    version = deliverable.template_version
    if version is None or deliverable.waived:
        return False
    current = current_major_by_template.get(version.template_id)
    return current is not None and version.major < current


def outdated(deliverables) -> list[Deliverable]:
    """The outdated ones among ``deliverables`` (two queries at most)."""
    deliverables = list(deliverables)
    majors = current_majors(
        {d.template_version.template_id for d in deliverables if d.template_version_id}
    )
    return [d for d in deliverables if is_outdated(d, majors)]


def _current_major_of_version_template() -> Subquery:
    return Subquery(
        TemplateVersion.objects.filter(
            template_id=OuterRef("template_version__template_id"),
            status=VersionStatus.PUBLISHED,
        )
        .order_by()
        .values("template_id")
        .annotate(major=Max("major"))
        .values("major"),
        output_field=IntegerField(),
    )


def with_outdated(queryset: QuerySet[Deliverable]) -> QuerySet[Deliverable]:
    """``queryset`` annotated with ``current_major`` and ``is_outdated`` (the same rule as
    ``is_outdated``, in SQL)."""
    return queryset.annotate(current_major=_current_major_of_version_template()).annotate(
        is_outdated=Case(
            When(
                Q(waived=False)
                & Q(template_version__isnull=False)
                & Q(current_major__isnull=False)
                & Q(template_version__major__lt=F("current_major")),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


# --- Library pages ---------------------------------------------------------------------------


def _published_versions() -> QuerySet[TemplateVersion]:
    return TemplateVersion.objects.filter(status=VersionStatus.PUBLISHED).order_by(
        "-major", "-minor", "-patch"
    )


def library(*, user, manage: bool) -> list[DocumentTemplate]:
    """The templates with their applicability and current published version
    (``current``, or None). Readers who do not manage the library see only templates that
    have a published version. Five queries whatever the number of templates."""
    templates = DocumentTemplate.objects.select_related("owner").prefetch_related(
        "project_types",
        "business_domains",
        Prefetch("versions", queryset=_published_versions(), to_attr="published"),
    )
    if not manage:
        templates = templates.filter(
            Exists(TemplateVersion.objects.filter(template=OuterRef("pk"), status="published"))
        )
    result = list(templates)
    for template in result:
        template.current = template.published[0] if template.published else None
    return result


def get_template(pk: int, *, manage: bool) -> DocumentTemplate:
    """A template and its versions (readers: published only); 404 when a reader has nothing
    published to see."""
    versions = TemplateVersion.objects.select_related("uploaded_by").order_by(
        "-major", "-minor", "-patch"
    )
    if not manage:
        versions = versions.filter(status=VersionStatus.PUBLISHED)
    template = (
        DocumentTemplate.objects.select_related("owner")
        .prefetch_related(
            "project_types",
            "business_domains",
            Prefetch("versions", queryset=versions, to_attr="shown_versions"),
        )
        .filter(pk=pk)
        .first()
    )
    if template is None or (not manage and not template.shown_versions):
        raise Http404
    published = [v for v in template.shown_versions if v.status == VersionStatus.PUBLISHED]
    template.current = published[0] if published else None
    return template


def get_version(pk: int, *, manage: bool) -> TemplateVersion:
    """A version a user may download: readers only published ones (404 otherwise)."""
    version = TemplateVersion.objects.select_related("template").filter(pk=pk).first()
    if version is None or (not manage and version.status != VersionStatus.PUBLISHED):
        raise Http404
    return version


def current_version(template_pk: int) -> TemplateVersion | None:
    return _published_versions().filter(template_id=template_pk).select_related("template").first()


def current_docx_version(template_pk: int) -> TemplateVersion:
    """The current published version of a template, for filling: 404 when there is none or
    it is not a .docx."""
    version = current_version(template_pk)
    if version is None or version.format != TemplateFormat.DOCX:
        raise Http404
    return version


def fillable_templates() -> list[TemplateVersion]:
    """The current published version of each template that is a .docx (the "fill for this
    project" offer), one query."""
    latest = _published_versions().filter(template_id=OuterRef("template_id")).values("pk")[:1]
    return list(
        TemplateVersion.objects.filter(pk=Subquery(latest), format=TemplateFormat.DOCX)
        .select_related("template")
        .order_by("template__name")
    )


# --- Deliverables ----------------------------------------------------------------------------


def get_requirement(project, pk: int) -> RequiredDeliverable:
    """A required deliverable of the methodology version ``project`` follows (404 for any
    other, or when the project follows none)."""
    requirement = (
        RequiredDeliverable.objects.select_related("phase", "template")
        .filter(pk=pk, phase__version__lifecycles__project=project)
        .first()
    )
    if requirement is None:
        raise Http404
    return requirement


def template_versions_for(requirement: RequiredDeliverable) -> QuerySet[TemplateVersion]:
    """The versions a deliverable may say it was made from: the published and retired
    versions of the requirement's template (all templates' when it names none)."""
    versions = TemplateVersion.objects.exclude(status=VersionStatus.DRAFT).select_related(
        "template"
    )
    if requirement.template_id:
        versions = versions.filter(template_id=requirement.template_id)
    return versions.order_by("template__name", "-major", "-minor", "-patch")


def project_deliverable(project, requirement) -> Deliverable | None:
    return (
        Deliverable.objects.select_related("template_version__template", "uploaded_by")
        .filter(project=project, requirement=requirement)
        .first()
    )


def get_deliverable(pk: int) -> Deliverable:
    deliverable = Deliverable.objects.select_related("project", "requirement").filter(pk=pk).first()
    if deliverable is None or not deliverable.file:
        raise Http404
    return deliverable
