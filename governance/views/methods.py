"""Governance pages: methods (methodologies, their versions, phases, gates and required
deliverables; publishing; migrating projects to another version) and best-practice guides
(governance/views/guides.py, mounted from here).

Everyone with a role reads (``governance.view_referential``); the PMO writes
(``governance.manage_referential``). Thin views: governance.services.methods writes.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance.forms.methods import MethodologyForm, PhaseForm, PublishForm, RequirementForm
from governance.models import Methodology, MethodologyVersion, Phase, RequiredDeliverable
from governance.selectors import methods as selectors
from governance.services import methods as services
from governance.views import guides
from pmo_portal.concurrency import (
    EditConflict,
    conflict_context,
    conflict_status,
    refreshed_data,
)
from pmo_portal.viewtools import apply_errors, posted, require_perm

VIEW, MANAGE = "governance.view_referential", "governance.manage_referential"


@login_required
@require_GET
def methodology_list(request):
    require_perm(request.user, VIEW)
    return render(
        request,
        "governance/methods/list.html",
        {"rows": selectors.methodology_rows(), "can_manage": request.user.has_perm(MANAGE)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def methodology_create(request):
    require_perm(request.user, MANAGE)
    form = MethodologyForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            methodology = services.create_methodology(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Methodology created: describe its phases, then publish."))
            return redirect("governance:method_version", methodology.versions.get().pk)
    return render(
        request,
        "governance/methods/form.html",
        {"form": form, "title": _("New methodology"), "cancel": "governance:methodology_list"},
    )


@login_required
@require_GET
def version_detail(request, pk: int):
    require_perm(request.user, VIEW)
    version = get_object_or_404(
        MethodologyVersion.objects.select_related(
            "methodology__project_type", "methodology__business_domain"
        ),
        pk=pk,
    )
    can_manage = request.user.has_perm(MANAGE)
    return render(
        request,
        "governance/methods/version.html",
        {
            "version": version,
            "methodology": version.methodology,
            "versions": selectors.versions_of(version.methodology),
            "phases": selectors.phases_of(version),
            "can_edit": can_manage and version.status == "draft",
            "can_manage": can_manage,
            "publish_form": PublishForm(),
        },
    )


@login_required
@require_POST
def draft_create(request, pk: int):
    require_perm(request.user, MANAGE)
    methodology = get_object_or_404(Methodology, pk=pk)
    draft = services.new_draft(methodology=methodology)
    messages.success(request, _("Draft version %(n)s ready to edit.") % {"n": draft.number})
    return redirect("governance:method_version", draft.pk)


@login_required
@require_POST
def version_publish(request, pk: int):
    require_perm(request.user, MANAGE)
    version = get_object_or_404(MethodologyVersion, pk=pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("governance:method_version", version.pk)
    try:
        services.publish_version(version=version, change_note=form.cleaned_data["change_note"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Version %(n)s published.") % {"n": version.number})
    return redirect("governance:method_version", version.pk)


def _draft_conflict(request, form, exc, version, *, title, template="phase_form.html", **extra):
    """Someone changed the draft since this page was opened: nothing saved, the form keeps
    what was typed, with the draft's current counter (saving again is a deliberate choice)."""
    conflict = conflict_context(exc.current, thing=_("draft version"))
    form = type(form)(
        refreshed_data(request.POST, exc.current, field="draft_version"),
        instance=form.instance if form.instance.pk else None,
        draft=exc.current,
    )
    return render(
        request,
        f"governance/methods/{template}",
        {"form": form, "version": version, "title": title, "conflict": conflict, **extra},
        status=conflict_status(request),
    )


def _phase_page(request, form, version, *, title, conflict=None, status=200):
    return render(
        request,
        "governance/methods/phase_form.html",
        {"form": form, "version": version, "title": title, "conflict": conflict},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def phase_create(request, pk: int):
    require_perm(request.user, MANAGE)
    version = get_object_or_404(MethodologyVersion.objects.select_related("methodology"), pk=pk)
    form = PhaseForm(posted(request), draft=version)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("draft_version", None)
        try:
            services.add_phase(version=version, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Phase added."))
            return redirect("governance:method_version", version.pk)
    return _phase_page(request, form, version, title=_("New phase"))


@login_required
@require_http_methods(["GET", "POST"])
def phase_edit(request, pk: int):
    require_perm(request.user, MANAGE)
    phase = get_object_or_404(Phase.objects.select_related("version__methodology"), pk=pk)
    form = PhaseForm(posted(request), instance=phase, draft=phase.version)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        seen = data.pop("draft_version", None)
        try:
            services.update_phase(phase=phase, draft_version=seen, **data)
        except EditConflict as exc:
            return _draft_conflict(request, form, exc, phase.version, title=phase.name)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Phase saved."))
            return redirect("governance:method_version", phase.version_id)
    return _phase_page(request, form, phase.version, title=phase.name)


@login_required
@require_POST
def phase_move(request, pk: int):
    require_perm(request.user, MANAGE)
    phase = get_object_or_404(Phase, pk=pk)
    try:
        services.move_phase(phase=phase, up=request.POST.get("direction") == "up")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("governance:method_version", phase.version_id)


@login_required
@require_POST
def phase_delete(request, pk: int):
    require_perm(request.user, MANAGE)
    phase = get_object_or_404(Phase, pk=pk)
    try:
        services.delete_phase(phase=phase)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Phase deleted."))
    return redirect("governance:method_version", phase.version_id)


@login_required
@require_http_methods(["GET", "POST"])
def requirement_create(request, pk: int):
    require_perm(request.user, MANAGE)
    phase = get_object_or_404(Phase.objects.select_related("version__methodology"), pk=pk)
    return _requirement_page(request, phase, None)


@login_required
@require_http_methods(["GET", "POST"])
def requirement_edit(request, pk: int):
    require_perm(request.user, MANAGE)
    requirement = get_object_or_404(
        RequiredDeliverable.objects.select_related("phase__version__methodology"), pk=pk
    )
    return _requirement_page(request, requirement.phase, requirement)


def _requirement_page(request, phase, requirement):
    form = RequirementForm(posted(request), instance=requirement, draft=phase.version)
    title = requirement.name if requirement else _("New required deliverable")
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        seen = data.pop("draft_version", None)
        try:
            if requirement is None:
                services.add_requirement(phase=phase, **data)
            else:
                services.update_requirement(requirement=requirement, draft_version=seen, **data)
        except EditConflict as exc:
            return _draft_conflict(
                request,
                form,
                exc,
                phase.version,
                title=title,
                template="requirement_form.html",
                phase=phase,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Required deliverable saved."))
            return redirect("governance:method_version", phase.version_id)
    return render(
        request,
        "governance/methods/requirement_form.html",
        {
            "form": form,
            "phase": phase,
            "version": phase.version,
            "title": title,
        },
    )


@login_required
@require_POST
def requirement_delete(request, pk: int):
    require_perm(request.user, MANAGE)
    requirement = get_object_or_404(RequiredDeliverable.objects.select_related("phase"), pk=pk)
    try:
        services.delete_requirement(requirement=requirement)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Required deliverable deleted."))
    return redirect("governance:method_version", requirement.phase.version_id)


@login_required
@require_http_methods(["GET", "POST"])
def version_migrate(request, pk: int):
    """Preview and confirm moving projects of other versions to this published version."""
    require_perm(request.user, MANAGE)
    target = get_object_or_404(MethodologyVersion.objects.select_related("methodology"), pk=pk)
    lines = selectors.migration_preview(target)
    phases = selectors.target_phases(target)
    errors = []
    if request.method == "POST":
        selected = {int(v) for v in request.POST.getlist("project") if v.isdigit()}
        choices = {}
        valid_phases = {phase.pk for phase in phases}
        for line in lines:
            project_id = line.lifecycle.project_id
            if project_id not in selected:
                continue
            picked = request.POST.get(f"phase_{project_id}", "")
            choices[project_id] = int(picked) if picked.isdigit() else None
            if choices[project_id] is not None and choices[project_id] not in valid_phases:
                choices[project_id] = None
        try:
            result = services.migrate_projects(target=target, choices=choices, user=request.user)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("%(n)s project(s) now follow version %(v)s.")
                % {"n": result.migrated, "v": target.number},
            )
            return redirect("governance:method_version", target.pk)
    return render(
        request,
        "governance/methods/migrate.html",
        {
            "version": target,
            "methodology": target.methodology,
            "lines": lines,
            "phases": phases,
            "errors": errors,
            "published": target.status == "published",
        },
    )


urlpatterns = [
    path("methods/", methodology_list, name="methodology_list"),
    path("methods/new/", methodology_create, name="methodology_create"),
    path("methods/<int:pk>/draft/", draft_create, name="method_draft"),
    path("methods/versions/<int:pk>/", version_detail, name="method_version"),
    path("methods/versions/<int:pk>/publish/", version_publish, name="method_publish"),
    path("methods/versions/<int:pk>/migrate/", version_migrate, name="method_migrate"),
    path("methods/versions/<int:pk>/phases/new/", phase_create, name="phase_create"),
    path("methods/phases/<int:pk>/", phase_edit, name="phase_edit"),
    path("methods/phases/<int:pk>/move/", phase_move, name="phase_move"),
    path("methods/phases/<int:pk>/delete/", phase_delete, name="phase_delete"),
    path(
        "methods/phases/<int:pk>/deliverables/new/",
        requirement_create,
        name="requirement_create",
    ),
    path("methods/deliverables/<int:pk>/", requirement_edit, name="requirement_edit"),
    path("methods/deliverables/<int:pk>/delete/", requirement_delete, name="requirement_delete"),
    *guides.urlpatterns,
]
