"""Pages of improvement actions: the list (filters, pages, CSV and Excel files, overdue ones),
an action's page, the PMO's create and edit forms, "mark done", and the governance changes
the actions led to (the other direction of the trace: governance never reads lessons).

Who may do what (lessons/rules_closure.py): every role reads the actions; only the PMO
creates and edits them (403 otherwise); the PMO or the action's owner marks one done. An
action's lesson is linked only for a reader who reads the lesson.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lessons.forms_closure import ImprovementActionForm
from lessons.models import PENDING
from lessons.selectors import visible_lessons
from lessons.selectors_closure import (
    actions,
    changes_by_governance_item,
    get_action,
    lesson_for_action,
    overdue_count,
)
from lessons.services import actions as services
from pmo_portal.concurrency import (
    EditConflict,
    conflict_context,
    conflict_rows,
    conflict_status,
    refreshed_data,
)
from pmo_portal.exports import Column, export_table, requested_export
from pmo_portal.registry import MenuEntry
from pmo_portal.users import user_label
from pmo_portal.viewtools import apply_errors, posted, require_perm

READ = "lessons.view_actions"
CHANGE = "lessons.change_action"

MENU: list = [
    MenuEntry("lessons", "lessons:action_list", gettext_lazy("Improvement actions"), 30, READ),
]


@login_required
@require_GET
def action_list(request):
    require_perm(request.user, READ)
    action_filter, queryset = actions(data=request.GET)
    if export := requested_export(request):
        return _export(export, queryset)
    page = Paginator(queryset, settings.PAGINATE_BY).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "lessons/actions/list.html",
        {
            "filter": action_filter,
            "page_obj": page,
            "actions": page.object_list,
            "query": query.urlencode(),
            "filters_active": any(value for key, value in request.GET.items() if key != "page"),
            "overdue": overdue_count(),
            "today": timezone.localdate(),
            "can_add": request.user.has_perm(CHANGE),
        },
    )


@login_required
@require_GET
def action_export_csv(request):
    """The file the list's CSV button used to point at, kept for saved links: the same as
    the list's ``?export=csv``."""
    require_perm(request.user, READ)
    _filter, queryset = actions(data=request.GET)
    return _export("csv", queryset)


def _export(export: str, queryset):
    """The filtered list, every row, with the columns of the screen and more."""
    today = timezone.localdate()
    columns = [
        Column(gettext_lazy("Title"), lambda a: a.title),
        Column(gettext_lazy("Description"), lambda a: a.description),
        Column(gettext_lazy("From the lesson"), lambda a: a.lesson.title if a.lesson else ""),
        Column(gettext_lazy("From the analytic"), lambda a: a.analytic_reference),
        Column(gettext_lazy("Owner"), lambda a: user_label(a.owner)),
        Column(gettext_lazy("Due date"), lambda a: a.due_date),
        Column(gettext_lazy("Status"), lambda a: a.get_status_display()),
        Column(gettext_lazy("Overdue"), lambda a: a.status in PENDING and a.due_date < today),
        Column(gettext_lazy("Governance change"), lambda a: str(a.governance_change or "")),
    ]
    return export_table(
        export,
        rows=queryset,
        columns=columns,
        filename="improvement-actions",
        sheet_title=_("Improvement actions"),
    )


@login_required
@require_GET
def action_detail(request, pk: int):
    require_perm(request.user, READ)
    action = get_action(pk)
    user = request.user
    return render(
        request,
        "lessons/actions/detail.html",
        {
            "action": action,
            "lesson": lesson_for_action(user, action),
            "owner": user_label(action.owner),
            "created_by": user_label(action.created_by),
            "can_edit": user.has_perm(CHANGE, action),
            "can_complete": user.has_perm("lessons.complete_action", action)
            and action.status in PENDING,
        },
    )


def _form_page(request, form, action=None, *, conflict=None, status: int = 200):
    return render(
        request,
        "lessons/actions/form.html",
        {"form": form, "action": action, "conflict": conflict},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request):
    require_perm(request.user, READ)
    require_perm(request.user, CHANGE)
    initial = {"owner": request.user.pk}
    lesson_pk = request.GET.get("lesson", "")
    if lesson_pk.isdigit() and visible_lessons(request.user).filter(pk=lesson_pk).exists():
        initial["lesson"] = int(lesson_pk)
    form = ImprovementActionForm(posted(request), initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.create_action(user=request.user, fields=form.action_fields())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Improvement action created."))
            return redirect(action)
    return _form_page(request, form)


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request, pk: int):
    require_perm(request.user, READ)
    action = get_action(pk)
    require_perm(request.user, CHANGE, action)
    form = ImprovementActionForm(posted(request), instance=action, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.update_action(
                action=action,
                user=request.user,
                fields=form.action_fields(),
                version=form.cleaned_data.get("version"),
            )
        except EditConflict:
            current = get_action(pk)
            conflict = conflict_context(
                current, thing=_("improvement action"), rows=conflict_rows(form, current)
            )
            form = ImprovementActionForm(
                refreshed_data(request.POST, current), instance=current, user=request.user
            )
            return _form_page(
                request, form, current, conflict=conflict, status=conflict_status(request)
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Improvement action saved."))
            return redirect(saved)
    return _form_page(request, form, action)


@login_required
@require_POST
def action_done(request, pk: int):
    require_perm(request.user, READ)
    action = get_action(pk)
    require_perm(request.user, "lessons.complete_action", action)
    try:
        services.mark_done(action=action, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Improvement action done."))
    return redirect(action)


@login_required
@require_GET
def governance_changes(request):
    """For each methodology or template version, the improvement actions that introduced it."""
    require_perm(request.user, READ)
    return render(
        request,
        "lessons/actions/governance.html",
        {"groups": changes_by_governance_item()},
    )


urlpatterns = [
    path("actions/", action_list, name="action_list"),
    path("actions/export.csv", action_export_csv, name="action_export_csv"),
    path("actions/new/", action_create, name="action_create"),
    path("actions/governance/", governance_changes, name="action_governance"),
    path("actions/<int:pk>/", action_detail, name="action_detail"),
    path("actions/<int:pk>/edit/", action_edit, name="action_edit"),
    path("actions/<int:pk>/done/", action_done, name="action_done"),
]
