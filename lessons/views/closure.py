"""Pages of closure reviews (bilan de clôture): the project's "Closure review" tab, its edit
page, the lessons drafted from it, and the PMO's list of reviews by status.

Who may do what (lessons/rules_closure.py):
- every role reads the review of a project it reads (404 otherwise); the cost figures only
  with ``resources.view_budget`` on the project, like its budget page;
- the project's manager (or a deputy) and the PMO start the review of a closed project, edit
  it while it is a draft (the PMO also once submitted), draft lessons from it and submit it
  (403 otherwise);
- only the PMO validates a submitted review (and its draft lessons) or sends it back, and
  lists every review with the closed projects that have none.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lessons.forms_closure import ClosureLessonForm, ClosureReviewForm
from lessons.models import ClosureStatus
from lessons.selectors_closure import (
    closed_without_review,
    get_review_for_user,
    review_counts,
    review_lessons,
    review_of,
    reviews,
)
from lessons.services import closure as services
from pmo_portal.concurrency import (
    EditConflict,
    conflict_context,
    conflict_rows,
    conflict_status,
    refreshed_data,
)
from pmo_portal.exports import Column, export_table, requested_export
from pmo_portal.registry import MenuEntry, ProjectTab
from pmo_portal.users import user_label
from pmo_portal.viewtools import apply_errors, posted, require_perm
from portfolios.models import ProjectStatus
from portfolios.selectors import get_project_for_user

READ = "lessons.view_register"
CHANGE = "lessons.change_closure_review"
VALIDATE = "lessons.validate_closure_review"
LIST = "lessons.list_closure_reviews"

MENU: list = [
    MenuEntry("lessons", "lessons:closure_list", gettext_lazy("Closure reviews"), 20, LIST),
]
PROJECT_TABS: list = [
    ProjectTab("lessons:closure_review", gettext_lazy("Closure review"), 80, READ),
]


@login_required
@require_GET
def closure_review(request, pk: int):
    """The project's tab: its review, or the button that starts it once the project closed."""
    require_perm(request.user, READ)
    project = get_project_for_user(request.user, pk)
    user = request.user
    review = review_of(project)
    context = {
        "project": project,
        "review": review,
        "closed": project.status == ProjectStatus.CLOSED,
        "can_start": review is None
        and project.status == ProjectStatus.CLOSED
        and user.has_perm("lessons.start_closure_review", project),
        "sees_costs": user.has_perm("resources.view_budget", project),
    }
    if review is not None:
        review.project = project
        context.update(
            lessons=review_lessons(review=review, user=user),
            started_by=user_label(review.created_by),
            validated_by=user_label(review.validated_by),
            can_edit=user.has_perm(CHANGE, review),
            can_submit=user.has_perm("lessons.submit_closure_review", review),
            can_validate=user.has_perm(VALIDATE, review)
            and review.status == ClosureStatus.SUBMITTED,
        )
    return render(request, "lessons/closure/review.html", context)


@login_required
@require_POST
def closure_start(request, pk: int):
    require_perm(request.user, READ)
    project = get_project_for_user(request.user, pk, perm="lessons.start_closure_review")
    try:
        services.start_review(project=project, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Closure review started: the final figures are captured."))
    return redirect("lessons:closure_review", project.pk)


def _review(request, pk: int, perm: str | None = None):
    require_perm(request.user, READ)
    review = get_review_for_user(request.user, pk)
    if perm is not None and not request.user.has_perm(perm, review):
        raise PermissionDenied
    return review


def _form_page(request, form, review, *, conflict=None, status: int = 200):
    return render(
        request,
        "lessons/closure/form.html",
        {"form": form, "review": review, "project": review.project, "conflict": conflict},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def closure_edit(request, pk: int):
    review = _review(request, pk, CHANGE)
    form = ClosureReviewForm(posted(request), instance=review)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.update_review(
                review=review,
                user=request.user,
                fields=form.review_fields(),
                version=form.cleaned_data.get("version"),
            )
        except EditConflict:
            current = get_review_for_user(request.user, pk)
            conflict = conflict_context(
                current, thing=_("closure review"), rows=conflict_rows(form, current)
            )
            form = ClosureReviewForm(refreshed_data(request.POST, current), instance=current)
            return _form_page(
                request, form, current, conflict=conflict, status=conflict_status(request)
            )
        except PermissionDenied:
            messages.error(
                request, _("This review was submitted meanwhile: your changes were not saved.")
            )
            return redirect("lessons:closure_review", review.project_id)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Closure review saved."))
            return redirect("lessons:closure_review", saved.project_id)
    return _form_page(request, form, review)


@login_required
@require_http_methods(["GET", "POST"])
def closure_lesson(request, pk: int):
    """Draft a lesson from the review (its project is the lesson's source)."""
    review = _review(request, pk, CHANGE)
    require_perm(request.user, "lessons.add_lesson")
    initial = {"language": request.LANGUAGE_CODE[:2]}
    form = ClosureLessonForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_lesson(review=review, user=request.user, fields=form.lesson_fields())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Lesson drafted from the closure review."))
            return redirect("lessons:closure_review", review.project_id)
    return render(
        request,
        "lessons/closure/lesson_form.html",
        {"form": form, "review": review, "project": review.project},
    )


def _transition(request, pk: int, perm: str, action, done: str):
    review = _review(request, pk, perm)
    try:
        action(review=review, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("lessons:closure_review", review.project_id)


@login_required
@require_POST
def closure_recapture(request, pk: int):
    review = _review(request, pk, CHANGE)
    try:
        services.recapture_figures(review=review, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Final figures captured again."))
    return redirect("lessons:closure_review", review.project_id)


@login_required
@require_POST
def closure_submit(request, pk: int):
    return _transition(
        request,
        pk,
        "lessons.submit_closure_review",
        services.submit_review,
        _("Closure review submitted to the PMO."),
    )


@login_required
@require_POST
def closure_validate(request, pk: int):
    return _transition(
        request,
        pk,
        VALIDATE,
        services.validate_review,
        _("Closure review validated, with the lessons drafted from it."),
    )


@login_required
@require_POST
def closure_return(request, pk: int):
    return _transition(
        request,
        pk,
        VALIDATE,
        services.return_review,
        _("Closure review sent back to the project manager."),
    )


REVIEW_COLUMNS = [
    Column(gettext_lazy("Code"), lambda review: review.project.code),
    Column(gettext_lazy("Project"), lambda review: review.project.name),
    Column(gettext_lazy("Project manager"), lambda review: user_label(review.project.manager)),
    Column(gettext_lazy("Started"), lambda review: review.created_at),
    Column(gettext_lazy("Status"), lambda review: review.get_status_display()),
]


@login_required
@require_GET
def closure_list(request):
    """The PMO's list: reviews by status, and the closed projects without one."""
    require_perm(request.user, LIST)
    status = request.GET.get("status", "")
    if export := requested_export(request):
        return export_table(
            export,
            rows=reviews(status=status),
            columns=REVIEW_COLUMNS,
            filename="closure-reviews",
            sheet_title=_("Closure reviews"),
        )
    page = Paginator(reviews(status=status), settings.PAGINATE_BY).get_page(request.GET.get("page"))
    missing = closed_without_review()
    counts = review_counts()
    return render(
        request,
        "lessons/closure/list.html",
        {
            "page_obj": page,
            "reviews": page.object_list,
            "status": status if status in ClosureStatus.values else "",
            "statuses": [(value, label, counts[value]) for value, label in ClosureStatus.choices],
            "missing": missing[:50],
            "missing_count": missing.count(),
            "query": f"status={status}" if status in ClosureStatus.values else "",
        },
    )


urlpatterns = [
    path("closure/", closure_list, name="closure_list"),
    path("projects/<int:pk>/closure/", closure_review, name="closure_review"),
    path("projects/<int:pk>/closure/start/", closure_start, name="closure_start"),
    path("closure/<int:pk>/edit/", closure_edit, name="closure_edit"),
    path("closure/<int:pk>/lessons/new/", closure_lesson, name="closure_lesson"),
    path("closure/<int:pk>/recapture/", closure_recapture, name="closure_recapture"),
    path("closure/<int:pk>/submit/", closure_submit, name="closure_submit"),
    path("closure/<int:pk>/validate/", closure_validate, name="closure_validate"),
    path("closure/<int:pk>/return/", closure_return, name="closure_return"),
]
