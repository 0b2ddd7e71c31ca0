"""Pages of the lessons register (retours d'expérience): the list with its search, filters
and exports, a lesson's page, the draft/edit form, and the PMO's validate/archive actions.

Who may do what (lessons/rules.py, lessons/selectors.py ``visible_lessons``):
- every role reads the register (``lessons.view_register``): validated lessons, plus the
  drafts they wrote; the PMO reads every lesson, drafts and archived ones included. A lesson
  outside what the reader reads answers 404; exports hold what the list shows.
- the PMO and project managers draft lessons (``lessons.add_lesson``); a project manager
  edits only their own drafts, the PMO any lesson (``lessons.change_lesson``: 403 otherwise).
- only the PMO validates (or restores an archived lesson) and archives
  (``lessons.validate_lesson``); executives, resource managers and finance read validated
  lessons only.
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

from lessons.forms import LessonForm
from lessons.models import LessonStatus
from lessons.selectors import get_lesson_for_user, register
from lessons.services import register as services
from pmo_portal.concurrency import (
    EditConflict,
    conflict_context,
    conflict_rows,
    conflict_status,
    refreshed_data,
)
from pmo_portal.db_router import replica_reads
from pmo_portal.exports import csv_response, xlsx_response
from pmo_portal.registry import MenuEntry
from pmo_portal.users import user_label
from pmo_portal.viewtools import apply_errors, posted, require_perm
from portfolios.models import Project

READ = "lessons.view_register"
ADD = "lessons.add_lesson"
VALIDATE = "lessons.validate_lesson"

MENU: list = [
    MenuEntry("lessons", "lessons:lesson_list", gettext_lazy("Lessons learned"), 10, READ),
]


# --- The register ----------------------------------------------------------------------------


@login_required
@require_GET
@replica_reads
def lesson_list(request):
    require_perm(request.user, READ)
    lesson_filter, queryset = register(user=request.user, data=request.GET)
    page = Paginator(queryset, settings.PAGINATE_BY).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "lessons/list.html",
        {
            "filter": lesson_filter,
            "page_obj": page,
            "lessons": page.object_list,
            "query": query.urlencode(),
            "filters_active": any(value for key, value in request.GET.items() if key != "page"),
            "can_add": request.user.has_perm(ADD),
            "can_import": request.user.has_perm("lessons.import_lessons"),
        },
    )


def _export_headers() -> list[str]:
    return [
        _("Title"),
        _("Context"),
        _("What happened"),
        _("Recommendation"),
        _("Category"),
        _("Phase"),
        _("Business domain"),
        _("Project type"),
        _("Tags"),
        _("Impact"),
        _("Source project"),
        _("Date"),
        _("Language"),
        _("Status"),
    ]


def _export_rows(queryset):
    for lesson in queryset.iterator(chunk_size=2000):
        yield [
            lesson.title,
            lesson.context,
            lesson.what_happened,
            lesson.recommendation,
            lesson.get_category_display(),
            lesson.phase,
            lesson.business_domain.name if lesson.business_domain else "",
            lesson.project_type.name if lesson.project_type else "",
            lesson.tags,
            lesson.get_impact_display(),
            lesson.source_project.code if lesson.source_project else lesson.source_project_label,
            lesson.date or "",
            lesson.language,
            lesson.get_status_display(),
        ]


def _export_name(extension: str) -> str:
    return f"lessons-learned-{timezone.localdate():%Y-%m-%d}.{extension}"


@login_required
@require_GET
@replica_reads
def lesson_export_csv(request):
    """The filtered register, every row, in the page's order; its columns are the import's
    (French or English headers, by the reader's language), so an export imports back."""
    require_perm(request.user, READ)
    _filter, queryset = register(user=request.user, data=request.GET)
    return csv_response(
        filename=_export_name("csv"), headers=_export_headers(), rows=_export_rows(queryset)
    )


@login_required
@require_GET
@replica_reads
def lesson_export_xlsx(request):
    require_perm(request.user, READ)
    _filter, queryset = register(user=request.user, data=request.GET)
    return xlsx_response(
        filename=_export_name("xlsx"),
        headers=_export_headers(),
        rows=_export_rows(queryset),
        sheet_title=_("Lessons learned"),
    )


# --- One lesson ----------------------------------------------------------------------------


@login_required
@require_GET
def lesson_detail(request, pk: int):
    require_perm(request.user, READ)
    lesson = get_lesson_for_user(request.user, pk)
    user = request.user
    source_visible = bool(
        lesson.source_project_id
        and Project.objects.visible_to(user).filter(pk=lesson.source_project_id).exists()
    )
    return render(
        request,
        "lessons/detail.html",
        {
            "lesson": lesson,
            "source_visible": source_visible,
            "validated_by": user_label(lesson.validated_by),
            "created_by": user_label(lesson.created_by),
            "can_edit": user.has_perm("lessons.change_lesson", lesson),
            "can_validate": user.has_perm(VALIDATE, lesson)
            and lesson.status != LessonStatus.VALIDATED,
            "can_archive": user.has_perm(VALIDATE, lesson)
            and lesson.status != LessonStatus.ARCHIVED,
            # The two ways on from a validated lesson (the PMO's): route it to a project by
            # hand, start an improvement action from it.
            "can_route": user.has_perm("lessons.route_lessons")
            and lesson.status == LessonStatus.VALIDATED,
            "can_add_action": user.has_perm("lessons.change_action")
            and lesson.status == LessonStatus.VALIDATED,
        },
    )


def _form_page(request, form, lesson=None, *, conflict=None, status: int = 200):
    return render(
        request,
        "lessons/form.html",
        {"form": form, "lesson": lesson, "conflict": conflict},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def lesson_create(request):
    require_perm(request.user, READ)
    require_perm(request.user, ADD)
    initial = {"date": timezone.localdate(), "language": request.LANGUAGE_CODE[:2]}
    form = LessonForm(posted(request), initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            lesson = services.create_lesson(user=request.user, fields=form.lesson_fields())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Lesson drafted: the PMO validates it before it is shared.")
            )
            return redirect(lesson)
    return _form_page(request, form)


@login_required
@require_http_methods(["GET", "POST"])
def lesson_edit(request, pk: int):
    require_perm(request.user, READ)
    lesson = get_lesson_for_user(request.user, pk, write=True)
    form = LessonForm(posted(request), instance=lesson, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.update_lesson(
                lesson=lesson,
                user=request.user,
                fields=form.lesson_fields(),
                version=form.cleaned_data.get("version"),
            )
        except EditConflict:
            current = get_lesson_for_user(request.user, pk)
            if not request.user.has_perm("lessons.change_lesson", current):
                messages.error(
                    request,
                    _(
                        "This lesson was validated meanwhile: only the PMO changes it now. "
                        "Your changes were not saved."
                    ),
                )
                return redirect(current)
            conflict = conflict_context(
                current, thing=_("lesson"), rows=conflict_rows(form, current)
            )
            form = LessonForm(
                refreshed_data(request.POST, current), instance=current, user=request.user
            )
            return _form_page(
                request, form, current, conflict=conflict, status=conflict_status(request)
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Lesson saved."))
            return redirect(saved)
    return _form_page(request, form, lesson)


def _transition(request, pk: int, action, done: str):
    require_perm(request.user, READ)
    lesson = get_lesson_for_user(request.user, pk)
    require_perm(request.user, VALIDATE, lesson)
    try:
        action(lesson=lesson, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(lesson)


@login_required
@require_POST
def lesson_validate(request, pk: int):
    return _transition(
        request, pk, services.validate_lesson, _("Lesson validated: every role reads it now.")
    )


@login_required
@require_POST
def lesson_archive(request, pk: int):
    return _transition(
        request, pk, services.archive_lesson, _("Lesson archived: only the PMO reads it now.")
    )


urlpatterns = [
    path("", lesson_list, name="lesson_list"),
    path("export.csv", lesson_export_csv, name="lesson_export_csv"),
    path("export.xlsx", lesson_export_xlsx, name="lesson_export_xlsx"),
    path("new/", lesson_create, name="lesson_create"),
    path("<int:pk>/", lesson_detail, name="lesson_detail"),
    path("<int:pk>/edit/", lesson_edit, name="lesson_edit"),
    path("<int:pk>/validate/", lesson_validate, name="lesson_validate"),
    path("<int:pk>/archive/", lesson_archive, name="lesson_archive"),
]
