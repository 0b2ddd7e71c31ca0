"""The project's "Team needs" tab (issue 12): the FTE it plans to need from each team each
year, which scenarios limited per team read (resources/selectors/team_needs.py).

Reading: every reader of the project (``portfolios.view_project``). Saving (POST only):
whoever edits the project's business case (``portfolios.change_business_case``: the PMO, the
project's manager and deputies)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pmo_portal.concurrency import (
    CONFLICT_HELP,
    CONFLICT_MESSAGE,
    EditConflict,
    conflict_status,
    display,
)
from portfolios.selectors import get_project_for_user
from resources.forms.team_needs import TeamNeedsForm
from resources.selectors.team_needs import needs_digest, team_needs_grid
from resources.services.team_needs import save_planned_team_needs

EDIT_PERM = "portfolios.change_business_case"


def _render(request, project, *, grid=None, form=None, conflict=None, errors=(), status=200):
    grid = grid or team_needs_grid(project)
    can_edit = request.user.has_perm(EDIT_PERM, project)
    if can_edit and form is None:
        form = TeamNeedsForm(grid=grid)
    rows = [
        (team, [grid.stored.get((team.pk, year)) for year in grid.years]) for team in grid.teams
    ]
    return render(
        request,
        "resources/team_needs/page.html",
        {
            "project": project,
            "grid": grid,
            "rows": rows,
            "form": form,
            "can_edit": can_edit,
            "conflict": conflict,
            "errors": list(errors),
        },
        status=status,
    )


@login_required
@require_GET
def project_team_needs(request, pk: int):
    project = get_project_for_user(request.user, pk)
    return _render(request, project)


def _conflict(form: TeamNeedsForm, stored) -> dict:
    theirs = {(row.team_id, row.year): row.fte for row in stored}
    rows = []
    for team, cells in form.rows:
        for year, field in zip(form.grid.years, cells, strict=True):
            mine = form.cleaned_data.get(field.name)
            if (theirs.get((team.pk, year)) or None) != (mine or None):
                rows.append(
                    {
                        "label": field.label,
                        "theirs": display(theirs.get((team.pk, year))),
                        "mine": display(mine),
                    }
                )
    return {
        "message": CONFLICT_MESSAGE % {"thing": _("Team needs")},
        "by": None,
        "at": None,
        "rows": rows,
        "help": CONFLICT_HELP,
    }


@login_required
@require_POST
def project_team_needs_save(request, pk: int):
    project = get_project_for_user(request.user, pk, perm=EDIT_PERM)
    grid = team_needs_grid(project)
    form = TeamNeedsForm(request.POST, grid=grid)
    if not form.is_valid():
        return _render(request, project, grid=grid, form=form)
    try:
        counts = save_planned_team_needs(
            project=project,
            user=request.user,
            values=form.values(),
            digest=form.digest_value(),
        )
    except ValidationError as error:
        return _render(request, project, grid=grid, form=form, errors=error.messages)
    except EditConflict as exc:
        conflict = _conflict(form, exc.details)
        # The user's entries stay; the digest moves to the stored needs, so saving again is a
        # deliberate choice.
        data = request.POST.copy()
        data["digest"] = needs_digest(exc.details)
        form = TeamNeedsForm(data, grid=grid)
        form.is_valid()
        return _render(
            request,
            project,
            grid=grid,
            form=form,
            conflict=conflict,
            status=conflict_status(request),
        )
    if any(counts.values()):
        messages.success(request, _("Team needs saved."))
    else:
        messages.info(request, _("Nothing changed in the team needs."))
    return redirect("resources:project_team_needs", project.pk)


urlpatterns: list = [
    path("projects/<int:pk>/team-needs/", project_team_needs, name="project_team_needs"),
    path(
        "projects/<int:pk>/team-needs/save/",
        project_team_needs_save,
        name="project_team_needs_save",
    ),
]
