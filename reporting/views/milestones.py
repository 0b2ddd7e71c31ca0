"""Views of reporting: the milestone page of a project.

Everyone who reads the project reads its milestones (404 outside their scope); its manager,
deputies and the PMO add milestones and change baseline, forecast, actual date and status
(``reporting.write_project``, 403 otherwise). Writes are POST only.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from pmo_portal.concurrency import EditConflict, conflict_context, conflict_status
from pmo_portal.exports import export_table, requested_export
from portfolios.selectors import get_project_for_user
from reporting.forms.milestones import MilestoneForm, MilestoneRows
from reporting.models import Milestone, MilestoneStatus
from reporting.services.milestones import create_milestone, update_milestones
from reporting.views import list_exports


def slip_label(milestone: Milestone) -> tuple[str, bool]:
    """(text, late) of a milestone's slip against its baseline: "+12 d" when late."""
    if milestone.status == MilestoneStatus.CANCELLED:
        return _("cancelled"), False
    days = milestone.slip_days
    if days > 0:
        return ngettext("+%(days)s d", "+%(days)s d", days) % {"days": days}, True
    if days < 0:
        return ngettext("−%(days)s d", "−%(days)s d", -days) % {"days": -days}, False
    return _("no slip"), False


def _milestones(project) -> list[Milestone]:
    milestones = list(project.milestones.all())
    # Computed before any form writes posted values onto the instances: the page shows the
    # slip that is saved, not the one being typed.
    for milestone in milestones:
        milestone.slip_text, milestone.is_late = slip_label(milestone)
    return milestones


def _render(request, project, milestones, *, can_write, rows=None, add_form=None, conflict=None):
    if can_write:
        rows = rows if rows is not None else MilestoneRows(milestones=milestones)
        add_form = add_form or MilestoneForm()
    has_errors = not conflict and bool(
        (rows is not None and rows.is_bound and not rows.is_valid())
        or (add_form is not None and add_form.errors)
    )
    return render(
        request,
        "reporting/milestones/project_milestones.html",
        {
            "project": project,
            "milestones": milestones,
            "late_count": sum(1 for m in milestones if m.is_late),
            "can_write": can_write,
            "rows": rows,
            "add_form": add_form,
            "has_errors": has_errors,
            "conflict": conflict,
        },
        status=conflict_status(request) if conflict else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_milestones(request, pk: int):
    """GET: the milestone table. POST: save the changed rows (all of them or none)."""
    write = "reporting.write_project" if request.method == "POST" else None
    project = get_project_for_user(request.user, pk, perm=write)
    can_write = request.user.has_perm("reporting.write_project", project)
    milestones = _milestones(project)
    if request.method != "POST":
        if export := requested_export(request):
            return export_table(
                export,
                rows=milestones,
                columns=list_exports.PROJECT_MILESTONE_COLUMNS,
                filename=f"{project.code}-milestones",
                sheet_title=_("Milestones"),
            )
        return _render(request, project, milestones, can_write=can_write)

    rows = MilestoneRows(request.POST, milestones=milestones)
    if rows.is_valid():
        changes = rows.changes()
        try:
            update_milestones(project=project, user=request.user, changes=changes)
        except ValidationError as error:
            _errors_to_rows(rows, error)
        except EditConflict as exc:
            return _conflict(request, project, exc)
        else:
            if changes:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s milestone saved.", "%(count)s milestones saved.", len(changes)
                    )
                    % {"count": len(changes)},
                )
            else:
                messages.info(request, _("Nothing changed: no milestone was saved."))
            return redirect("reporting:project_milestones", pk=project.pk)
    return _render(request, project, milestones, can_write=True, rows=rows)


def _conflict(request, project, exc: EditConflict):
    """The rows as stored now, with the user's entries typed over them; the rows someone
    else changed say so (saving again keeps the user's values)."""
    milestones = _milestones(project)
    rows = MilestoneRows(request.POST, milestones=milestones)
    rows.is_valid()
    stale = {milestone.pk: milestone for milestone in exc.details}
    for form in rows.forms:
        if form.instance.pk in stale:
            form.add_conflict(stale[form.instance.pk])
    conflict = conflict_context(None, thing=_("milestones"))
    return _render(request, project, milestones, can_write=True, rows=rows, conflict=conflict)


def _errors_to_rows(rows, error: ValidationError) -> None:
    """Put the service's errors (keyed by milestone pk) back on the rows."""
    by_pk = {form.instance.pk: form for form in rows.forms}
    if not hasattr(error, "error_dict"):
        rows._non_form_errors = rows.error_class(error.messages)
        return
    for pk, errors in error.error_dict.items():
        form = by_pk.get(pk)
        for item in errors:
            if form is not None:
                form.add_error(None, item)


@login_required
@require_POST
def milestone_create(request, pk: int):
    project = get_project_for_user(request.user, pk, perm="reporting.write_project")
    form = MilestoneForm(request.POST, instance=Milestone(project=project))
    if form.is_valid():
        try:
            milestone = create_milestone(project=project, user=request.user, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Milestone “%(name)s” added.") % {"name": milestone.name})
            return redirect("reporting:project_milestones", pk=project.pk)
    return _render(request, project, _milestones(project), can_write=True, add_form=form)


urlpatterns = [
    path("projects/<int:pk>/milestones/", project_milestones, name="project_milestones"),
    path("projects/<int:pk>/milestones/new/", milestone_create, name="milestone_create"),
]
