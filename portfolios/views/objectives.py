"""Pages of strategic alignment: objectives (issue 12) — the objective tree with KPIs and
roll-ups, an objective's page, the PMO's edit pages (objectives, KPIs, a project's
contribution) and the coverage map. Definitions: portfolios/selectors/objectives.py. The
project tab "Objectives" and the project search: objectives_contributions.py; the CSV and
Excel exports: objectives_export.py (their URLs are listed here too).

Every role reads objectives and the coverage map (``portfolios.view_alignment``; figures are
narrowed to the projects the reader sees); the PMO edits (``portfolios.manage_objectives``).
A project tab answers 404 outside the reader's scope, like every project page.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pmo_portal.concurrency import (
    EditConflict,
    conflict_context,
    conflict_rows,
    conflict_status,
)
from pmo_portal.db_router import replica_reads
from pmo_portal.exports import export_table, requested_export
from pmo_portal.registry import MenuEntry, ProjectTab
from pmo_portal.viewtools import apply_errors, posted, require_perm
from portfolios.forms.objectives import (
    KPIForm,
    ObjectiveContributionForm,
    ObjectiveForm,
)
from portfolios.models import StrategicObjective
from portfolios.selectors import objectives as selectors
from portfolios.services import objectives as services
from portfolios.services.objectives import KPI_FIELDS, OBJECTIVE_FIELDS, revision_of
from portfolios.views import list_exports, objectives_contributions, objectives_export

# Menu entries and project tabs of these pages (portfolios/contributions.py gathers them).
MENU: list = [
    MenuEntry(
        "portfolios",
        "portfolios:objective_coverage",
        gettext_lazy("Objective coverage map"),
        order=35,
        perm="portfolios.view_alignment",
    ),
]
PROJECT_TABS: list = [
    ProjectTab(
        "portfolios:project_objectives",
        gettext_lazy("Objectives"),
        order=5,
        perm="portfolios.view_project",
    ),
]

READ = "portfolios.view_alignment"
MANAGE = "portfolios.manage_objectives"


def _live_query(**params) -> str:
    """The project list's GET parameters for the live projects (and ``params``)."""
    pairs = [(name, value) for name, value in params.items() if value is not None]
    pairs += [("status", str(status)) for status in selectors.LIVE_STATUSES]
    return urlencode(pairs)


def _year() -> int:
    return timezone.localdate().year


# --- The tree ------------------------------------------------------------------------------


@login_required
@require_GET
@replica_reads
def objective_list(request):
    require_perm(request.user, READ)
    year = _year()
    return render(
        request,
        "portfolios/objectives/tree.html",
        {
            "nodes": selectors.objective_tree(user=request.user, year=year),
            "year": str(year),  # printed as is, never "2,026"
            "live_query": _live_query(),
            "can_manage": request.user.has_perm(MANAGE),
        },
    )


# --- One objective -------------------------------------------------------------------------


def _detail(request, objective: StrategicObjective, *, form=None, status: int = 200):
    user = request.user
    year = _year()
    contributions = selectors.objective_contributions(user=user, objective=objective)
    page = Paginator(contributions, settings.PAGINATE_BY).get_page(request.GET.get("page"))
    can_manage = user.has_perm(MANAGE)
    if can_manage and form is None:
        form = _contribution_form(request)
    return render(
        request,
        "portfolios/objectives/detail.html",
        {
            "objective": objective,
            **selectors.objective_page(user=user, objective=objective, year=year),
            "year": str(year),  # printed as is, never "2,026"
            "page_obj": page,
            "contributions": page.object_list,
            "can_manage": can_manage,
            "form": form,
            "live_query": _live_query(objective=objective.pk),
        },
        status=status,
    )


@login_required
@require_GET
def objective_detail(request, pk: int):
    require_perm(request.user, READ)
    objective = selectors.get_objective(pk)
    if export := requested_export(request):
        return export_table(
            export,
            rows=selectors.objective_contributions(user=request.user, objective=objective),
            columns=list_exports.CONTRIBUTION_COLUMNS,
            filename=f"{objective.code}-contributions",
            sheet_title=_("Projects contributing to this objective"),
        )
    return _detail(request, objective)


def _objective_form_page(request, form, *, objective=None, conflict=None, status=200):
    return render(
        request,
        "portfolios/objectives/form.html",
        {"form": form, "objective": objective, "conflict": conflict},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def objective_create(request):
    require_perm(request.user, MANAGE)
    initial = {}
    parent_pk = request.GET.get("parent", "")
    if parent_pk.isdigit():
        initial["parent"] = int(parent_pk)
    form = ObjectiveForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            objective = services.create_objective(
                user=request.user, fields=form.model_fields(OBJECTIVE_FIELDS)
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Objective %(code)s created.") % {"code": objective.code})
            return redirect(objective)
    return _objective_form_page(request, form)


def _conflict(form, current, data, *, thing: str):
    """The refused save of ``form``: a new form keeping what the user typed with the revision
    moved to the stored one (saving again is a deliberate choice), and the stored values
    that differ from the typed ones."""
    form.fields.pop("revision", None)  # the hidden field is not a change the user made
    conflict = conflict_context(current, thing=thing, rows=conflict_rows(form, current))
    data = data.copy()
    data["revision"] = str(revision_of(current))
    return type(form)(data, instance=current), conflict


def _edit(request, form, *, save, page, thing: str, gone: tuple, done):
    """The edit flow of an objective or a KPI (optimistic concurrency). On a valid POST,
    ``save(form)`` calls the service with the revision the page was opened at; success:
    ``done(saved)`` gives (message, where to go). A refused save re-renders
    ``page(form, current=…, conflict=…, status=…)`` with the stored values beside the typed
    ones; when the row was deleted meanwhile, ``gone`` is (message, where to go)."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form)
        except EditConflict as exc:
            if exc.current is None:
                messages.error(request, gone[0])
                return redirect(gone[1])
            form, conflict = _conflict(form, exc.current, request.POST, thing=thing)
            return page(
                form, current=exc.current, conflict=conflict, status=conflict_status(request)
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            message, target = done(saved)
            messages.success(request, message)
            return redirect(target)
    return page(form)


@login_required
@require_http_methods(["GET", "POST"])
def objective_update(request, pk: int):
    require_perm(request.user, MANAGE)
    objective = selectors.get_objective(pk)
    return _edit(
        request,
        ObjectiveForm(posted(request), instance=objective),
        save=lambda form: services.update_objective(
            objective=objective,
            user=request.user,
            fields=form.model_fields(OBJECTIVE_FIELDS),
            revision=form.cleaned_data.get("revision"),
        ),
        page=lambda form, current=objective, **context: _objective_form_page(
            request, form, objective=current, **context
        ),
        thing=_("objective"),
        gone=(_("This objective was deleted in the meantime."), "portfolios:objective_list"),
        done=lambda saved: (_("Objective %(code)s saved.") % {"code": saved.code}, saved),
    )


@login_required
@require_http_methods(["GET", "POST"])
def objective_delete(request, pk: int):
    require_perm(request.user, MANAGE)
    objective = selectors.get_objective(pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.delete_objective(objective=objective, user=request.user)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Objective %(code)s deleted.") % {"code": objective.code})
            return redirect("portfolios:objective_list")
    return render(
        request,
        "portfolios/objectives/delete.html",
        {
            "objective": objective,
            "blockers": selectors.deletion_blockers(objective),
            "kpi_count": objective.kpis.count(),
            "errors": errors,
        },
        status=409 if errors else 200,
    )


# --- KPIs ----------------------------------------------------------------------------------


def _kpi_form_page(request, form, *, objective, kpi=None, conflict=None, status=200):
    return render(
        request,
        "portfolios/objectives/kpi_form.html",
        {"form": form, "objective": objective, "kpi": kpi, "conflict": conflict},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def kpi_create(request, pk: int):
    require_perm(request.user, MANAGE)
    objective = selectors.get_objective(pk)
    form = KPIForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            kpi = services.create_kpi(
                user=request.user, objective=objective, fields=form.model_fields(KPI_FIELDS)
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Indicator “%(name)s” added.") % {"name": kpi.name})
            return redirect(objective)
    return _kpi_form_page(request, form, objective=objective)


@login_required
@require_http_methods(["GET", "POST"])
def kpi_update(request, pk: int):
    require_perm(request.user, MANAGE)
    kpi = selectors.get_kpi(pk)
    return _edit(
        request,
        KPIForm(posted(request), instance=kpi),
        save=lambda form: services.update_kpi(
            kpi=kpi,
            user=request.user,
            fields=form.model_fields(KPI_FIELDS),
            revision=form.cleaned_data.get("revision"),
        ),
        page=lambda form, current=kpi, **context: _kpi_form_page(
            request, form, objective=kpi.objective, kpi=current, **context
        ),
        thing=_("indicator"),
        gone=(_("This indicator was deleted in the meantime."), kpi.objective),
        done=lambda saved: (
            _("Indicator “%(name)s” saved.") % {"name": saved.name},
            kpi.objective,
        ),
    )


@login_required
@require_POST
def kpi_delete(request, pk: int):
    require_perm(request.user, MANAGE)
    kpi = selectors.get_kpi(pk)
    services.delete_kpi(kpi=kpi, user=request.user)
    messages.success(request, _("Indicator “%(name)s” removed.") % {"name": kpi.name})
    return redirect(kpi.objective)


# --- Contributions -------------------------------------------------------------------------


def _contribution_form(request, data=None) -> ObjectiveContributionForm:
    return ObjectiveContributionForm(
        data,
        projects=selectors.contribution_projects(request.user),
        search_url=reverse("portfolios:objective_project_search"),
    )


@login_required
@require_POST
def objective_contribution_set(request, pk: int):
    """From the objective's page: set a project's contribution (the page again, with the
    errors, when the form is refused)."""
    require_perm(request.user, MANAGE)
    objective = selectors.get_objective(pk)
    form = _contribution_form(request, request.POST)
    if form.is_valid():
        project = form.cleaned_data["project"]
        try:
            services.set_contribution(
                user=request.user,
                project=project,
                objective=objective,
                score=form.cleaned_data["score"],
                rationale=form.cleaned_data["rationale"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            objectives_contributions.saved(request, project, objective)
            return redirect(f"{objective.get_absolute_url()}#h-projects")
    return _detail(request, objective, form=form)


# --- The coverage map ----------------------------------------------------------------------


@login_required
@require_GET
@replica_reads
def objective_coverage(request):
    require_perm(request.user, READ)
    data = selectors.coverage_map(user=request.user)
    unserved_query = urlencode(
        [("objective", "none"), *(("status", str(s)) for s in selectors.LIVE_STATUSES)]
    )
    return render(
        request,
        "portfolios/objectives/coverage.html",
        {
            **data,
            "live_query": _live_query(),
            "candidate_query": urlencode(
                [("status", str(s)) for s in selectors.CANDIDATE_STATUSES]
            ),
            "unserved_query": unserved_query,
            "can_manage": request.user.has_perm(MANAGE),
        },
    )


urlpatterns: list = [
    path("objectives/", objective_list, name="objective_list"),
    path("objectives/new/", objective_create, name="objective_create"),
    path("objectives/coverage/", objective_coverage, name="objective_coverage"),
    path("objectives/<int:pk>/", objective_detail, name="objective_detail"),
    path("objectives/<int:pk>/edit/", objective_update, name="objective_update"),
    path("objectives/<int:pk>/delete/", objective_delete, name="objective_delete"),
    path("objectives/<int:pk>/kpis/new/", kpi_create, name="objective_kpi_create"),
    path("objectives/kpis/<int:pk>/edit/", kpi_update, name="objective_kpi_update"),
    path("objectives/kpis/<int:pk>/delete/", kpi_delete, name="objective_kpi_delete"),
    path(
        "objectives/<int:pk>/contributions/",
        objective_contribution_set,
        name="objective_contribution_set",
    ),
]
# The project's side of the contributions, the project search and the exports.
urlpatterns += objectives_contributions.urlpatterns + objectives_export.urlpatterns
