"""Pages of lesson routing (issue 13): the project tab "Lessons for your project" with its
applied / not relevant buttons, the PMO's manual routing of a lesson, the PMO's coverage page
(and its CSV export).

Who may do what (lessons/rules_routing.py): every reader of a project reads its tab (404
outside their scope, like every project page); the project's manager, a deputy and the PMO
mark a lesson (403 otherwise); only the PMO routes by hand and reads the coverage.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lessons.models import Lesson, LessonStatus, RouteStatus
from lessons.panels_routing import my_lessons_panel
from lessons.routing.reasons import reason_texts
from lessons.selectors import get_lesson_for_user
from lessons.selectors_routing import coverage, coverage_rows, coverage_totals
from lessons.services import routing as services
from pmo_portal.exports import Column, export_table, requested_export
from pmo_portal.registry import MenuEntry, Panel, ProjectTab
from pmo_portal.viewtools import require_perm
from portfolios.selectors import get_project_for_user

TAB = "lessons.view_project_lessons"
DECIDE = "lessons.decide_route"
ROUTE = "lessons.route_lessons"
TOP = 10

MENU: list = [
    MenuEntry("lessons", "lessons:routing_coverage", gettext_lazy("Lesson coverage"), 30, ROUTE),
]
PROJECT_TABS: list = [
    ProjectTab("lessons:project_lessons", gettext_lazy("Lessons for your project"), 70, TAB),
]
HOME_PANELS: list = [
    Panel("lessons-for-my-projects", 30, "lessons/routing/panel.html", my_lessons_panel),
]


class DecideForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (RouteStatus.APPLIED, gettext_lazy("Applied")),
            (RouteStatus.NOT_RELEVANT, gettext_lazy("Not relevant")),
        ]
    )
    reason = forms.CharField(
        label=gettext_lazy("Why is it not relevant?"), required=False, max_length=1000
    )


class RouteForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Project code"),
        max_length=20,
        help_text=gettext_lazy("A live project, for example PRJ-0042."),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        project = services.live_projects().filter(code__iexact=code).first()
        if project is None:
            raise ValidationError(_("No live project has this code."))
        return project


@login_required
@require_GET
def project_lessons(request, pk: int):
    project = get_project_for_user(request.user, pk, perm=TAB)
    items = services.ranked_lessons(project, top=TOP)
    for item in items:
        item["reason_texts"] = reason_texts(item["reasons"])
    return render(
        request,
        "lessons/routing/project.html",
        {
            "project": project,
            "items": items,
            "can_decide": request.user.has_perm(DECIDE, project) and not project.is_archived,
            "applied": RouteStatus.APPLIED,
            "not_relevant": RouteStatus.NOT_RELEVANT,
        },
    )


@login_required
@require_POST
def project_lesson_decide(request, pk: int, lesson_pk: int):
    project = get_project_for_user(request.user, pk, perm=DECIDE)
    lesson = get_lesson_for_user(request.user, lesson_pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose applied or not relevant."))
        return redirect("lessons:project_lessons", project.pk)
    try:
        services.decide_route(
            project=project,
            lesson=lesson,
            user=request.user,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Lesson marked: “%(title)s”.") % {"title": lesson.title})
    return redirect("lessons:project_lessons", project.pk)


@login_required
@require_http_methods(["GET", "POST"])
def lesson_route(request, pk: int):
    require_perm(request.user, ROUTE)
    lesson = get_lesson_for_user(request.user, pk)
    form = RouteForm(request.POST if request.method == "POST" else None)
    if lesson.status != LessonStatus.VALIDATED:
        form = None
    elif request.method == "POST" and form.is_valid():
        project = form.cleaned_data["code"]
        try:
            services.route_lesson(lesson=lesson, project=project, user=request.user)
        except ValidationError as error:
            form.add_error("code", error)
        else:
            messages.success(
                request,
                _("Lesson routed to %(project)s.") % {"project": project.code},
            )
            return redirect("lessons:lesson_route", lesson.pk)
    return render(
        request,
        "lessons/routing/route.html",
        {"lesson": lesson, "form": form, "routes": coverage_rows([lesson.pk]).get(lesson.pk, [])},
    )


@login_required
@require_GET
def routing_coverage(request):
    require_perm(request.user, ROUTE)
    unreached = request.GET.get("unreached") == "1"
    if export := requested_export(request):
        return _coverage_export(export, unreached=unreached)
    page = Paginator(coverage(unreached=unreached), settings.PAGINATE_BY).get_page(
        request.GET.get("page")
    )
    reached = coverage_rows([lesson.pk for lesson in page.object_list])
    rows = [{"lesson": lesson, "routes": reached.get(lesson.pk, [])} for lesson in page]
    return render(
        request,
        "lessons/routing/coverage.html",
        {
            "page_obj": page,
            "rows": rows,
            "unreached": unreached,
            "query": "unreached=1" if unreached else "",
            "totals": coverage_totals(),
        },
    )


@login_required
@require_GET
def routing_coverage_csv(request):
    """The file the page's CSV button used to point at, kept for saved links."""
    require_perm(request.user, ROUTE)
    return _coverage_export("csv", unreached=request.GET.get("unreached") == "1")


def _coverage_rows(unreached: bool):
    """(lesson, the projects it reached) for every lesson of the page's filter, the routes
    read a thousand lessons at a time."""
    lessons = list(coverage(unreached=unreached))
    for start in range(0, len(lessons), 1000):
        chunk: list[Lesson] = lessons[start : start + 1000]
        reached = coverage_rows([lesson.pk for lesson in chunk])
        for lesson in chunk:
            yield lesson, reached.get(lesson.pk, [])


COVERAGE_COLUMNS = [
    Column(gettext_lazy("Lesson"), lambda row: row[0].title),
    Column(gettext_lazy("Routed to"), lambda row: row[0].routed),
    Column(gettext_lazy("Applied"), lambda row: row[0].applied),
    Column(gettext_lazy("Not relevant"), lambda row: row[0].not_relevant),
    Column(
        gettext_lazy("Projects"),
        lambda row: ", ".join(f"{route['code']} ({route['status_label']})" for route in row[1]),
    ),
]


def _coverage_export(export: str, *, unreached: bool):
    return export_table(
        export,
        rows=_coverage_rows(unreached),
        columns=COVERAGE_COLUMNS,
        filename="lesson-coverage",
        sheet_title=_("Lesson coverage"),
    )


urlpatterns = [
    path("projects/<int:pk>/routed/", project_lessons, name="project_lessons"),
    path(
        "projects/<int:pk>/lessons/<int:lesson_pk>/decide/",
        project_lesson_decide,
        name="project_lesson_decide",
    ),
    path("<int:pk>/route/", lesson_route, name="lesson_route"),
    path("coverage/", routing_coverage, name="routing_coverage"),
    path("coverage.csv", routing_coverage_csv, name="routing_coverage_csv"),
]
