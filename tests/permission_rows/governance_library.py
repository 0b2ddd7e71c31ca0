"""Rows of the template library, templates filled for a project and deliverable files
(issue 11).

Every role reads the library and its published versions; the PMO alone manages it (a draft
answers 404 to the others: its existence is not revealed). A template is filled for a
project its reader sees (404 outside the scope). Deliverables are uploaded by the project's
manager (and the PMO): other readers of the project get 403, non-readers 404; every reader
of the project downloads them.
"""

from tests.permission_rows import ON_DEMAND, UrlArgs, row, world_object


def _library(world):
    """A template with a published v1.0.0 (.docx with a placeholder) and a draft v1.1.0."""
    from tests.governance.factories import TemplateVersionFactory

    published = TemplateVersionFactory(template__name="Note de lancement")
    draft = TemplateVersionFactory(template=published.template, minor=1, status="draft")
    world.library_published = published
    world.library_draft = draft
    return published.template


def _version(attribute: str):
    def build(world):
        world_object(world, "library_template")
        return getattr(world, attribute)

    return build


def _fill(project_attribute: str):
    def build(world):
        template = world_object(world, "library_template")
        return UrlArgs((template.pk, getattr(world, project_attribute).pk))

    return build


def _requirement(world, project):
    """A required deliverable of the methodology ``project`` follows: its lifecycle is
    started when it has none (on its type's methodology, made when there is none). The
    sweep builds every row's objects in one world, so this reuses what is there."""
    from governance.models import MethodologyVersion, ProjectLifecycle, RequiredDeliverable
    from tests.governance.factories import methodology_with_phases, start_lifecycle

    lifecycle = ProjectLifecycle.objects.filter(project=project).first()
    if lifecycle is not None:
        version = lifecycle.methodology_version
    else:
        version = MethodologyVersion.objects.filter(
            methodology__project_type=project.project_type, status="published"
        ).first() or methodology_with_phases(project.project_type)
        start_lifecycle(project, version)
    requirement = (
        RequiredDeliverable.objects.filter(phase__version=version)
        .order_by("phase__order", "order", "pk")
        .first()
    )
    if requirement is None:
        requirement = RequiredDeliverable.objects.create(
            phase=version.phases.order_by("order").first(), name="Note de lancement"
        )
    return requirement


def _slot(project_attribute: str):
    def build(world):
        project = getattr(world, project_attribute)
        return UrlArgs((project.pk, _requirement(world, project).pk))

    return build


def _deliverable(project_attribute: str):
    def build(world):
        from django.core.files.base import ContentFile

        from governance.models import Deliverable

        project = getattr(world, project_attribute)
        deliverable, _created = Deliverable.objects.get_or_create(
            project=project, requirement=_requirement(world, project)
        )
        deliverable.original_name = "note de lancement.pdf"
        deliverable.size = 9
        deliverable.file.save("x.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
        return deliverable

    return build


ON_DEMAND.update(
    {
        "library_template": _library,
        "library_published": _version("library_published"),
        "library_draft": _version("library_draft"),
        "fill_a": _fill("project_a"),
        "fill_b": _fill("project_b"),
        "deliverable_slot_a": _slot("project_a"),
        "deliverable_slot_b": _slot("project_b"),
        "deliverable_a": _deliverable("project_a"),
        "deliverable_b": _deliverable("project_b"),
    }
)

#                                                                   anon out pmo pm  exe rm  fin
ROWS = {
    ("governance:library", None, "get"): row("                      L 403 200 200 200 200 200"),
    ("governance:library", None, "post"): row("                     L 405 405 405 405 405 405"),
    ("governance:placeholders", None, "get"): row("                 L 403 200 200 200 200 200"),
    ("governance:template_create", None, "get"): row("              L 403 200 403 403 403 403"),
    ("governance:template_create", None, "post"): row("             L 403 200 403 403 403 403"),
    ("governance:template_detail", "library_template", "get"): row("L 403 200 200 200 200 200"),
    ("governance:version_upload", "library_template", "get"): row(" L 403 200 403 403 403 403"),
    ("governance:version_upload", "library_template", "post"): row("L 403 200 403 403 403 403"),
    ("governance:version_publish", "library_draft", "post"): row("  L 403 302 403 403 403 403"),
    ("governance:version_publish", "library_draft", "get"): row("   L 405 405 405 405 405 405"),
    ("governance:version_retire", "library_published", "post"): row("L 403 302 403 403 403 403"),
    ("governance:version_retire", "library_published", "get"): row(" L 405 405 405 405 405 405"),
    ("governance:version_download", "library_published", "get"): row(
        "                                                              L 403 200 200 200 200 200"
    ),
    ("governance:version_download", "library_draft", "get"): row(
        "                                                              L 403 200 404 404 404 404"
    ),
    ("governance:version_download", "library_published", "post"): row(
        "                                                              L 405 405 405 405 405 405"
    ),
    ("governance:template_fill", "fill_a", "get"): row("            L 403 200 200 200 200 200"),
    ("governance:template_fill", "fill_b", "get"): row("            L 403 200 404 404 200 200"),
    ("governance:template_fill", "fill_a", "post"): row("           L 405 405 405 405 405 405"),
    ("governance:deliverable_upload", "deliverable_slot_a", "get"): row(
        "                                                              L 404 200 200 403 403 403"
    ),
    ("governance:deliverable_upload", "deliverable_slot_a", "post"): row(
        "                                                              L 404 200 200 403 403 403"
    ),
    ("governance:deliverable_upload", "deliverable_slot_b", "get"): row(
        "                                                              L 404 200 404 404 403 403"
    ),
    ("governance:deliverable_download", "deliverable_a", "get"): row(
        "                                                              L 404 200 200 200 200 200"
    ),
    ("governance:deliverable_download", "deliverable_b", "get"): row(
        "                                                              L 404 200 404 404 200 200"
    ),
    ("governance:deliverable_download", "deliverable_a", "post"): row(
        "                                                              L 405 405 405 405 405 405"
    ),
}
