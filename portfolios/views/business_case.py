"""Pages of strategic alignment: a project's business case (issue 12) — the year grid
(CAPEX, OPEX, FTE, expected benefits, and the remaining need resources writes for active
projects), the PMO's mandatory flag, the dependencies between projects.

Reading: ``portfolios.view_project``. Writing (POST only): the grid with
``portfolios.change_business_case`` (PMO, the project's manager and deputies), the mandatory
flag with ``portfolios.change_project_governance`` (PMO), dependencies with
``portfolios.manage_dependencies`` (PMO)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from pmo_portal.concurrency import (
    CONFLICT_HELP,
    CONFLICT_MESSAGE,
    EditConflict,
    conflict_status,
    display,
)
from pmo_portal.registry import ProjectTab
from portfolios.forms.business_case import (
    DependencyForm,
    GridStateForm,
    MandatoryForm,
    business_case_formset,
)
from portfolios.models import BusinessCaseYear
from portfolios.selectors import business_case as selectors
from portfolios.selectors import get_project_for_user
from portfolios.services import business_case as services

MENU: list = []
PROJECT_TABS: list = [
    ProjectTab(
        "portfolios:business_case",
        gettext_lazy("Business case"),
        order=36,
        perm="portfolios.view_project",
    )
]


def _render(
    request,
    project,
    *,
    formset=None,
    state=None,
    dependency_form=None,
    conflict=None,
    grid_errors=(),
    status=200,
):
    user = request.user
    case = selectors.business_case(project)
    can_edit = user.has_perm("portfolios.change_business_case", project)
    can_depend = user.has_perm("portfolios.manage_dependencies", project)
    if can_edit and formset is None:
        formset = business_case_formset(rows=case.rows)
        state = GridStateForm(initial={"digest": case.digest})
    if can_depend and dependency_form is None:
        dependency_form = DependencyForm(
            projects=selectors.linkable_projects(user=user, project=project)
        )
    return render(
        request,
        "portfolios/business_case/page.html",
        {
            "project": project,
            "case": case,
            "dependencies": selectors.project_dependencies(user=user, project=project),
            "can_edit": can_edit,
            "can_flag": user.has_perm("portfolios.change_project_governance", project),
            "can_depend": can_depend,
            "formset": formset,
            "state": state,
            "dependency_form": dependency_form,
            "conflict": conflict,
            "grid_errors": list(grid_errors),
        },
        status=status,
    )


@login_required
@require_GET
def business_case(request, pk: int):
    project = get_project_for_user(request.user, pk)
    return _render(request, project)


def _conflict(project, stored: list[BusinessCaseYear], formset) -> dict:
    """What includes/edit_conflict.html shows: who saved last, and per year and column the
    stored value beside the one typed."""
    mine = {line.year: line for line in formset.year_inputs()}
    theirs = {row.year: row for row in stored}
    rows = []
    for year in sorted(set(mine) | set(theirs)):
        for name in selectors.EDITED:
            stored_value = getattr(theirs[year], name) if year in theirs else None
            typed = getattr(mine[year], name) if year in mine else None
            if stored_value != typed:
                label = capfirst(BusinessCaseYear._meta.get_field(name).verbose_name)
                rows.append(
                    {
                        "label": f"{year} · {label}",
                        "theirs": display(stored_value),
                        "mine": display(typed),
                    }
                )
    by, at = selectors.last_change(project)
    return {
        "message": CONFLICT_MESSAGE % {"thing": _("Business case")},
        "by": by,
        "at": at,
        "rows": rows,
        "help": CONFLICT_HELP,
    }


@login_required
@require_POST
def business_case_save(request, pk: int):
    project = get_project_for_user(request.user, pk, perm="portfolios.change_business_case")
    formset = business_case_formset(request.POST)
    state = GridStateForm(request.POST)
    if not formset.is_valid():
        return _render(request, project, formset=formset, state=state)
    try:
        counts = services.save_business_case(
            project=project,
            user=request.user,
            years=formset.year_inputs(),
            digest=state.digest_value(),
        )
    except ValidationError as error:
        return _render(request, project, formset=formset, state=state, grid_errors=error.messages)
    except EditConflict as exc:
        conflict = _conflict(project, exc.details, formset)
        # The user's entries stay; the digest moves to the stored grid, so saving again is a
        # deliberate choice.
        state = GridStateForm(initial={"digest": selectors.grid_digest(exc.details)})
        return _render(
            request,
            project,
            formset=formset,
            state=state,
            conflict=conflict,
            status=conflict_status(request),
        )
    if any(counts.values()):
        messages.success(request, _("Business case saved."))
    else:
        messages.info(request, _("Nothing changed in the business case."))
    return redirect("portfolios:business_case", project.pk)


@login_required
@require_POST
def business_case_mandatory(request, pk: int):
    project = get_project_for_user(request.user, pk, perm="portfolios.change_project_governance")
    form = MandatoryForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether the project is mandatory."))
    elif services.set_mandatory(
        project=project, user=request.user, mandatory=form.cleaned_data["mandatory"]
    ):
        if project.is_mandatory:
            messages.success(
                request,
                _("%(code)s is now mandatory: every scenario selects it.") % {"code": project.code},
            )
        else:
            messages.success(
                request, _("%(code)s is no longer mandatory.") % {"code": project.code}
            )
    else:
        messages.info(request, _("Nothing changed: the flag already had that value."))
    return redirect("portfolios:business_case", project.pk)


@login_required
@require_POST
def business_case_dependency_add(request, pk: int):
    project = get_project_for_user(request.user, pk, perm="portfolios.manage_dependencies")
    form = DependencyForm(
        request.POST, projects=selectors.linkable_projects(user=request.user, project=project)
    )
    if form.is_valid():
        try:
            services.add_dependency(
                project=project,
                other=form.cleaned_data["other"],
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
                user=request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("Dependency recorded."))
            return redirect("portfolios:business_case", project.pk)
    return _render(request, project, dependency_form=form)


@login_required
@require_POST
def business_case_dependency_remove(request, pk: int):
    dependency = selectors.get_dependency_for_user(request.user, pk)
    if dependency is None:
        raise Http404
    if not request.user.has_perm("portfolios.manage_dependencies", dependency.project):
        raise PermissionDenied
    back = dependency.project_id
    if request.POST.get("back") == str(dependency.other_id):
        back = dependency.other_id
    services.remove_dependency(dependency=dependency, user=request.user)
    messages.success(request, _("Dependency removed."))
    return redirect("portfolios:business_case", back)


urlpatterns: list = [
    path("projects/<int:pk>/business-case/", business_case, name="business_case"),
    path("projects/<int:pk>/business-case/save/", business_case_save, name="business_case_save"),
    path(
        "projects/<int:pk>/business-case/mandatory/",
        business_case_mandatory,
        name="business_case_mandatory",
    ),
    path(
        "projects/<int:pk>/business-case/dependencies/",
        business_case_dependency_add,
        name="business_case_dependency_add",
    ),
    path(
        "projects/dependencies/<int:pk>/remove/",
        business_case_dependency_remove,
        name="business_case_dependency_remove",
    ),
]
