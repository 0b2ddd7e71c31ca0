"""Contributions of projects to objectives (issue 12), on the project's side: the project tab
"Objectives" with its form and the removal of a contribution (from either page); and the
search that suggests projects to the form on an objective's page
(portfolios/selectors/objectives_projects.py). The objective's side of the form is in
portfolios/views/objectives.py, which lists these URLs.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portfolios.forms.objectives import (
    ObjectiveContributionForm,
    ProjectContributionForm,
    RemoveContributionForm,
)
from portfolios.models import StrategicObjective
from portfolios.selectors import get_project_for_user
from portfolios.selectors import objectives as selectors
from portfolios.selectors.objectives_projects import project_suggestions, suggestion
from portfolios.services import objectives as services

MANAGE = "portfolios.manage_objectives"


def saved(request, project, objective) -> None:
    messages.success(
        request,
        _("Contribution of %(project)s to %(objective)s saved.")
        % {"project": project.code, "objective": objective.code},
    )


def _project_page(request, project, *, form=None):
    can_manage = request.user.has_perm(MANAGE, project) and not project.is_archived
    if can_manage and form is None:
        form = ProjectContributionForm()
    return render(
        request,
        "portfolios/objectives/project.html",
        {
            "project": project,
            "contributions": selectors.project_objectives(project),
            "can_manage": can_manage,
            "form": form,
        },
    )


@login_required
@require_GET
def project_objectives(request, pk: int):
    return _project_page(request, get_project_for_user(request.user, pk))


@login_required
@require_POST
def project_contribution_set(request, pk: int):
    project = get_project_for_user(request.user, pk, perm=MANAGE)
    form = ProjectContributionForm(request.POST)
    if form.is_valid():
        objective = form.cleaned_data["objective"]
        try:
            services.set_contribution(
                user=request.user,
                project=project,
                objective=objective,
                score=form.cleaned_data["score"],
                rationale=form.cleaned_data["rationale"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("portfolios:project_objectives", project.pk)
        saved(request, project, objective)
        return redirect("portfolios:project_objectives", project.pk)
    return _project_page(request, project, form=form)


@login_required
@require_POST
def contribution_remove(request, pk: int, objective_pk: int):
    project = get_project_for_user(request.user, pk, perm=MANAGE)
    objective = get_object_or_404(StrategicObjective, pk=objective_pk)
    back = RemoveContributionForm(request.POST)
    to_objective = back.is_valid() and back.cleaned_data["back"] == "objective"
    target = (
        f"{objective.get_absolute_url()}#h-projects"
        if to_objective
        else reverse("portfolios:project_objectives", args=[project.pk])
    )
    try:
        removed = services.remove_contribution(
            user=request.user, project=project, objective=objective
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(target)
    if removed:
        messages.success(
            request,
            _("%(project)s no longer linked to %(objective)s.")
            % {"project": project.code, "objective": objective.code},
        )
    else:
        messages.info(request, _("There was no contribution to remove."))
    return redirect(target)


@login_required
@require_GET
def project_search(request):
    """HTMX: the <datalist> of the projects the user may link whose code or name contains
    ``q`` (or ``project``, the name under which the form's input sends what is typed)."""
    if not request.user.has_perm(MANAGE):
        raise PermissionDenied
    text = request.GET.get("q") or request.GET.get("project") or ""
    projects = project_suggestions(selectors.contribution_projects(request.user), text[:250])
    return render(
        request,
        "portfolios/objectives/_project_options.html",
        {
            "list_id": ObjectiveContributionForm.project_options,
            "options": [suggestion(project) for project in projects],
        },
    )


urlpatterns: list = [
    path("objectives/projects/search/", project_search, name="objective_project_search"),
    path("projects/<int:pk>/objectives/", project_objectives, name="project_objectives"),
    path(
        "projects/<int:pk>/objectives/set/",
        project_contribution_set,
        name="project_contribution_set",
    ),
    path(
        "projects/<int:pk>/objectives/<int:objective_pk>/remove/",
        contribution_remove,
        name="contribution_remove",
    ),
]
