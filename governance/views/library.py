"""Governance pages: the template library, templates filled for a project, deliverable files.

Every role reads the published versions; the PMO manages the library (drafts, publishing,
retiring). Files are always served as attachments with the type of what they ARE (checked
at upload), ``nosniff``, and a file name safe in any browser (ASCII fallback + RFC 5987).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance.forms.library import DeliverableUploadForm, TemplateForm, VersionUploadForm
from governance.models import TemplateFormat
from governance.selectors import library as selectors
from governance.services import deliverables as deliverable_services
from governance.services import library as services
from governance.uploads import CONTENT_TYPES, UploadRefused, limits_text, read_upload
from pmo_portal import registry
from pmo_portal.concurrency import EditConflict, conflict_context, conflict_status, refreshed_data
from pmo_portal.viewtools import require_perm
from portfolios.selectors import get_project_for_user

VIEW = "governance.view_referential"
SAMPLE = "{{ project_name }}"
LOOP_SAMPLE = (
    "{% for line in budget_lines %}{{ line.year }} {{ line.nature }} {{ line.approved }}"
    "{% endfor %}"
)
MANAGE = "governance.manage_referential"


def _braces(text: str) -> str:
    """Template syntax shown as text: braces written as character references (a page never
    holds a raw ``{{`` or ``{%``, which would read as a template leaking)."""
    return mark_safe(escape(text).replace("{", "&#123;").replace("}", "&#125;"))  # noqa: S308


def ascii_fallback(filename: str) -> str:
    """A file name any browser accepts in ``filename="…"``: accents folded, anything else
    that is not a plain character replaced."""
    folded = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    safe = re.sub(r"[^A-Za-z0-9._ ()-]+", "_", folded).strip(" ._") or "document"
    return safe[:150]


def attachment(data: bytes, *, filename: str, fmt: str) -> HttpResponse:
    """``data`` as a download of format ``fmt`` (never rendered inline)."""
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    fallback = ascii_fallback(filename)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    response["Content-Length"] = str(len(data))
    return response


def _read(field_file) -> bytes:
    try:
        with field_file.open("rb") as handle:
            return handle.read()
    except FileNotFoundError as missing:
        raise Http404 from missing


# --- Library -----------------------------------------------------------------------------


@login_required
@require_GET
def library(request):
    require_perm(request.user, VIEW)
    manage = request.user.has_perm(MANAGE)
    templates = selectors.library(user=request.user, manage=manage)
    return render(
        request,
        "governance/library/list.html",
        {"templates": templates, "manage": manage},
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_create(request):
    require_perm(request.user, MANAGE)
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            template = services.create_template(
                user=request.user,
                name=data["name"],
                description=data["description"],
                owner=data["owner"],
                project_types=data["project_types"],
                business_domains=data["business_domains"],
                phase_keys=data["phase_keys"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Template created: upload its first version."))
            return redirect("governance:version_upload", template.pk)
    return render(request, "governance/library/template_form.html", {"form": form})


@login_required
@require_GET
def template_detail(request, pk: int):
    require_perm(request.user, VIEW)
    manage = request.user.has_perm(MANAGE)
    template = selectors.get_template(pk, manage=manage)
    return render(
        request,
        "governance/library/detail.html",
        {"template": template, "manage": manage, "versions": template.shown_versions},
    )


@login_required
@require_http_methods(["GET", "POST"])
def version_upload(request, pk: int):
    require_perm(request.user, MANAGE)
    template = selectors.get_template(pk, manage=True)
    form = VersionUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            name, data = read_upload(form.cleaned_data["file"])
            version = services.upload_version(
                template=template,
                user=request.user,
                name=name,
                data=data,
                bump=form.cleaned_data["bump"],
                change_note=form.cleaned_data["change_note"],
            )
        except UploadRefused as refused:
            form.add_error("file", refused.message)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Version %(label)s uploaded as a draft: publish it when it is ready.")
                % {"label": version.label},
            )
            return redirect("governance:template_detail", template.pk)
    return render(
        request,
        "governance/library/version_form.html",
        {
            "template": template,
            "form": form,
            "first": not template.shown_versions,
            "limits": limits_text,
            "sample": _braces(SAMPLE),
        },
    )


@login_required
@require_POST
def version_publish(request, pk: int):
    require_perm(request.user, MANAGE)
    version = selectors.get_version(pk, manage=True)
    version = services.publish_version(version=version, user=request.user)
    messages.success(request, _("Version %(label)s published.") % {"label": version.label})
    return redirect("governance:template_detail", version.template_id)


@login_required
@require_POST
def version_retire(request, pk: int):
    require_perm(request.user, MANAGE)
    version = selectors.get_version(pk, manage=True)
    try:
        version = services.retire_version(version=version, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Version %(label)s retired.") % {"label": version.label})
    return redirect("governance:template_detail", version.template_id)


@login_required
@require_GET
def version_download(request, pk: int):
    require_perm(request.user, VIEW)
    version = selectors.get_version(pk, manage=request.user.has_perm(MANAGE))
    stem = version.template.name
    filename = f"{stem} {version.label}.{version.format}"
    return attachment(_read(version.file), filename=filename, fmt=version.format)


@login_required
@require_GET
def placeholder_list(request):
    require_perm(request.user, VIEW)
    return render(
        request,
        "governance/library/placeholders.html",
        {
            "placeholders": [
                {"tag": _braces(f"{{{{ {p.name} }}}}"), "label": p.label, "example": p.example}
                for p in registry.placeholders()
            ],
            "sample": _braces(SAMPLE),
            "loop_sample": _braces(LOOP_SAMPLE),
        },
    )


@login_required
@require_GET
def template_fill(request, pk: int, project_pk: int):
    """The current published .docx of template ``pk`` filled with project ``project_pk``'s
    values, in the language of the request."""
    require_perm(request.user, VIEW)
    project = get_project_for_user(request.user, project_pk)
    version = selectors.current_docx_version(pk)
    data = services.fill(version=version, project=project, user=request.user)
    filename = f"{version.template.name} - {project.code}.docx"
    return attachment(data, filename=filename, fmt=TemplateFormat.DOCX)


# --- Deliverables ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def deliverable_upload(request, project_pk: int, requirement_pk: int):
    project = get_project_for_user(request.user, project_pk, perm="governance.upload_deliverable")
    requirement = selectors.get_requirement(project, requirement_pk)
    current = selectors.project_deliverable(project, requirement)
    versions = selectors.template_versions_for(requirement)
    form = DeliverableUploadForm(
        request.POST or None, request.FILES or None, versions=versions, current=current
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            name, data = read_upload(form.cleaned_data["file"])
            deliverable_services.upload_deliverable(
                project=project,
                requirement=requirement,
                user=request.user,
                name=name,
                data=data,
                template_version=form.cleaned_data["template_version"],
                version_choices=versions,
                version=form.cleaned_data.get("version"),
            )
        except UploadRefused as refused:
            form.add_error("file", refused.message)
        except EditConflict as clash:
            current = clash.current
            conflict = conflict_context(current, thing=str(requirement))
            form = DeliverableUploadForm(
                refreshed_data(request.POST, current),
                versions=versions,
                current=current,
            )
        else:
            messages.success(
                request, _("The file of “%(name)s” is saved.") % {"name": requirement.name}
            )
            return redirect(_back_to_project(project))
    status = 200
    if conflict:
        status = conflict_status(request)
    return render(
        request,
        "governance/library/deliverable_form.html",
        {
            "project": project,
            "requirement": requirement,
            "current": current,
            "form": form,
            "conflict": conflict,
            "outdated": bool(current and selectors.outdated([current])),
        },
        status=status,
    )


def _back_to_project(project) -> str:
    """The project's governance tab when the lifecycle pages exist, else its overview."""
    try:
        return reverse("governance:project_lifecycle", args=[project.pk])
    except NoReverseMatch:
        return project.get_absolute_url()


@login_required
@require_GET
def deliverable_download(request, pk: int):
    deliverable = selectors.get_deliverable(pk)
    get_project_for_user(request.user, deliverable.project_id)
    # Stored as <random>.<format checked at upload> (services/deliverables.py).
    fmt = deliverable.file.name.rsplit(".", 1)[-1].lower()
    if fmt not in CONTENT_TYPES:
        raise Http404
    name = deliverable.original_name or f"{deliverable.requirement.name}.{fmt}"
    return attachment(_read(deliverable.file), filename=name, fmt=fmt)


urlpatterns = [
    path("library/", library, name="library"),
    path("library/new/", template_create, name="template_create"),
    path("library/placeholders/", placeholder_list, name="placeholders"),
    path("library/<int:pk>/", template_detail, name="template_detail"),
    path("library/<int:pk>/upload/", version_upload, name="version_upload"),
    path("library/<int:pk>/fill/<int:project_pk>/", template_fill, name="template_fill"),
    path("library/versions/<int:pk>/publish/", version_publish, name="version_publish"),
    path("library/versions/<int:pk>/retire/", version_retire, name="version_retire"),
    path("library/versions/<int:pk>/download/", version_download, name="version_download"),
    path(
        "projects/<int:project_pk>/deliverables/<int:requirement_pk>/upload/",
        deliverable_upload,
        name="deliverable_upload",
    ),
    path("deliverables/<int:pk>/download/", deliverable_download, name="deliverable_download"),
]
