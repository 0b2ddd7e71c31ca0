"""Pages of strategic alignment: scenarios (issue 12) — the list, create / edit with the grid
of limits, the scenario (solution, binding limits, frontier, ±10 %, today's portfolio,
forcing), its Excel export, the comparison of two to four scenarios, and the commit.

Reading: ``portfolios.view_scenarios`` (the PMO; executives, for the portfolios they read);
everything else: ``portfolios.manage_scenarios`` (the PMO). Writes are POST only. The rules
of the problem: portfolios/selectors/scenarios.py; solving: portfolios/services/scenarios.py;
committing: portfolios/services/scenarios_commit.py; the export: scenarios_export.py."""

from __future__ import annotations

from types import SimpleNamespace

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pmo_portal.charts.frontier import frontier_svg
from pmo_portal.concurrency import (
    EditConflict,
    conflict_context,
    conflict_rows,
    conflict_status,
    display,
    refreshed_data,
)
from pmo_portal.exports import Column, export_table, requested_export
from pmo_portal.registry import MenuEntry
from pmo_portal.users import user_label
from pmo_portal.viewtools import apply_errors, posted, require_perm
from portfolios.forms.scenarios import CompareForm, ForcingForm, ScenarioForm
from portfolios.models import Forcing, LimitKind, ProjectStatus, ScenarioStatus
from portfolios.selectors import scenarios as selectors
from portfolios.selectors import scenarios_commit as commit_changes
from portfolios.selectors import scenarios_pages as pages
from portfolios.selectors.scenarios_copil import COPIL_SECTION
from portfolios.services import scenarios as services
from portfolios.services import scenarios_commit as commit
from portfolios.views.scenarios_export import scenario_export

# Menu entries and project tabs of these pages (portfolios/contributions.py gathers them).
MENU: list = [
    MenuEntry(
        "portfolios",
        "portfolios:scenario_list",
        gettext_lazy("Scenarios"),
        order=60,
        perm="portfolios.view_scenarios",
    )
]
PROJECT_TABS: list = []
# The COPIL pack's "Proposed trade-offs" (portfolios/selectors/scenarios_copil.py).
COPIL_SECTIONS: list = [COPIL_SECTION]

SOLVED = (ScenarioStatus.SOLVED, ScenarioStatus.COMMITTED)


def _amount(value, places: int = 0) -> str:
    return number_format(value or 0, decimal_pos=places, use_l10n=True, force_grouping=True)


def _k_euros(value) -> str:
    return _("%(amount)s k€") % {"amount": _amount((value or 0) / 1000)}


# --- list --------------------------------------------------------------------------------


SCENARIO_COLUMNS = [  # rows: (scenario, its figures)
    Column(gettext_lazy("Name"), lambda row: row[0].name),
    Column(
        gettext_lazy("Scope"),
        lambda row: row[0].portfolio.name if row[0].portfolio else _("Every portfolio"),
    ),
    Column(gettext_lazy("First year"), lambda row: row[0].first_year),
    Column(gettext_lazy("Last year"), lambda row: row[0].last_year),
    Column(gettext_lazy("Status"), lambda row: row[0].get_status_display()),
    Column(gettext_lazy("Projects selected"), lambda row: row[1].get("selected")),
    Column(gettext_lazy("Value"), lambda row: row[1].get("value")),
    Column(gettext_lazy("Created"), lambda row: row[0].created_at),
]


@login_required
@require_GET
def scenario_list(request):
    selectors.require_view(request.user)
    queryset = pages.scenario_list(request.user)
    if export := requested_export(request):
        scenarios = list(queryset)  # a PMO keeps tens of scenarios, not thousands
        figures = pages.summaries(scenarios)
        return export_table(
            export,
            rows=[(s, figures.get(s.pk, {})) for s in scenarios],
            columns=SCENARIO_COLUMNS,
            filename="scenarios",
            sheet_title=_("Scenarios"),
        )
    page = Paginator(queryset, settings.PAGINATE_BY).get_page(request.GET.get("page"))
    figures = pages.summaries(page.object_list)
    rows = [{"scenario": s, **figures.get(s.pk, {})} for s in page.object_list]
    return render(
        request,
        "portfolios/scenarios/list.html",
        {
            "page_obj": page,
            "rows": rows,
            "can_manage": request.user.has_perm("portfolios.manage_scenarios"),
        },
    )


# --- create / edit -----------------------------------------------------------------------


def _form_page(request, form, scenario, *, conflict=None, status=200):
    return render(
        request,
        "portfolios/scenarios/form.html",
        {"form": form, "scenario": scenario, "conflict": conflict, "kinds": _kind_labels()},
        status=status,
    )


def _kind_labels() -> list[str]:
    return [LimitKind(kind).label for kind in selectors.KINDS]


@login_required
@require_http_methods(["GET", "POST"])
def scenario_create(request):
    selectors.require_view(request.user)
    require_perm(request.user, "portfolios.manage_scenarios")
    form = ScenarioForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            scenario = services.create_scenario(
                user=request.user, fields=form.scenario_fields(), limits=form.limits()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Scenario “%(name)s” created: solve it to see the best selection.")
                % {"name": scenario.name},
            )
            return redirect("portfolios:scenario_detail", pk=scenario.pk)
    return _form_page(request, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def scenario_edit(request, pk: int):
    scenario = selectors.get_scenario_for_user(request.user, pk, manage=True)
    if scenario.status == ScenarioStatus.COMMITTED:
        messages.error(request, _("This scenario was committed: it can no longer be changed."))
        return redirect("portfolios:scenario_detail", pk=scenario.pk)
    form = ScenarioForm(posted(request), instance=scenario)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.update_scenario(
                scenario=scenario,
                user=request.user,
                fields=form.scenario_fields(),
                limits=form.limits(),
                version=form.cleaned_data.get("version"),
            )
        except EditConflict as exc:
            conflict = conflict_context(
                exc.current, thing=_("scenario"), rows=_conflict_rows(form, exc.current)
            )
            form = ScenarioForm(refreshed_data(request.POST, exc.current), instance=exc.current)
            return _form_page(
                request, form, exc.current, conflict=conflict, status=conflict_status(request)
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if saved.status == ScenarioStatus.DRAFT and saved.result.get("value") is not None:
                messages.warning(
                    request,
                    _("Scenario saved. Its result is out of date: solve it again."),
                )
            else:
                messages.success(request, _("Scenario saved."))
            return redirect("portfolios:scenario_detail", pk=saved.pk)
    return _form_page(request, form, scenario)


def _conflict_rows(form: ScenarioForm, current) -> list[dict]:
    """The fields and limits the user typed that differ from the stored scenario."""
    rows = conflict_rows(
        SimpleNamespace(
            fields={name: form.fields[name] for name in ScenarioForm.Meta.fields},
            cleaned_data=form.cleaned_data,
        ),
        current,
    )
    stored = {(limit.year, limit.kind): limit.amount for limit in current.limits.all()}
    for (year, kind), mine in form.limits().items():
        theirs = stored.get((year, kind))
        if theirs != mine:
            rows.append(
                {
                    "label": form.fields[f"limit_{year}_{kind}"].label,
                    "theirs": display(theirs),
                    "mine": display(mine),
                }
            )
    return rows


# --- the scenario ------------------------------------------------------------------------


def _frontier_chart(scenario, figures) -> str | None:
    if figures is None:
        return None
    return frontier_svg(
        points=figures.points,
        title=_("Efficient frontier of “%(name)s”: best value at each CAPEX budget")
        % {"name": scenario.name},
        x_label=_("CAPEX budget over the years (k€)"),
        y_label=_("Value (priority points)"),
        scenario=figures.scenario,
        scenario_label=_("This scenario"),
        today=figures.today,
        today_label=_("Today's portfolio"),
        budget_format=_k_euros,
        value_format=lambda v: _amount(v),
        count_format=lambda n: _amount(n),
    )


@login_required
@require_GET
def scenario_detail(request, pk: int):
    scenario = selectors.get_scenario_for_user(request.user, pk)
    result = scenario.result or {}
    solved = scenario.status in SOLVED
    stale = scenario.status == ScenarioStatus.DRAFT and result.get("value") is not None
    shown = solved or stale
    codes = pages.codes_of(pages.named_keys(result))
    context = {
        "scenario": scenario,
        "result": result,
        "solved": solved,
        "stale": stale,
        "infeasible": scenario.status == ScenarioStatus.INFEASIBLE,
        # Stored in every language by the worker (older results: in the worker's).
        "infeasible_message": (result.get("messages") or {}).get(get_language())
        or scenario.message,
        "solving": scenario.solving_since is not None
        and timezone.now() - scenario.solving_since < services.SOLVE_STUCK_AFTER,
        "limits": pages.limit_rows(scenario, codes),
        "can_manage": request.user.has_perm("portfolios.manage_scenarios", scenario),
        "frozen": scenario.status == ScenarioStatus.COMMITTED,
        "forcing_choices": [("", _("Not forced")), *Forcing.choices],
        "infeasible_projects": [
            codes.get(key, "") for key in (result.get("keys") or [])[: selectors.NAMED]
        ],
    }
    if shown:
        selected = Paginator(pages.line_rows(scenario, selected=True), settings.PAGINATE_BY)
        dropped = Paginator(pages.line_rows(scenario, selected=False), settings.PAGINATE_BY)
        selected_page = selected.get_page(request.GET.get("selected_page"))
        dropped_page = dropped.get_page(request.GET.get("out_page"))
        figures = pages.frontier_figures(result)
        today = result.get("today") or {}
        share = today.get("share")
        context.update(
            {
                "selected_page": selected_page,
                "selected_rows": pages.decorate(selected_page.object_list, scenario),
                "dropped_page": dropped_page,
                "dropped_rows": pages.decorate(dropped_page.object_list, scenario, reasons=True),
                "frontier": figures,
                "frontier_chart": _frontier_chart(scenario, figures),
                "sensitivity": pages.sensitivity_rows(result, codes),
                "today": today,
                "today_share": None if share is None else 100 * share,
                "today_over": [selectors.limit_label(key) for key in today.get("over", [])],
                "years": result.get("years") or [],
                "roadmap": pages.roadmap_rows(result),
            }
        )
    else:
        candidates = Paginator(pages.line_rows(scenario, selected=None), settings.PAGINATE_BY)
        candidate_page = candidates.get_page(request.GET.get("page"))
        context.update(
            {
                "candidate_page": candidate_page,
                "candidate_rows": pages.decorate(candidate_page.object_list, scenario),
            }
        )
    return render(request, "portfolios/scenarios/detail.html", context)


@login_required
@require_POST
def scenario_solve(request, pk: int):
    scenario = selectors.get_scenario_for_user(request.user, pk, manage=True)
    try:
        services.request_solve(scenario=scenario, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.info(
            request, _("Solving: this page shows the best selection as soon as it is ready.")
        )
    return redirect("portfolios:scenario_detail", pk=scenario.pk)


@login_required
@require_GET
def scenario_solving(request, pk: int):
    """The "solving…" box, polled by the scenario's page (htmx, every 2 s); once the solve is
    over, HX-Refresh makes the page reload with the result."""
    scenario = selectors.get_scenario_for_user(request.user, pk)
    response = render(
        request, "portfolios/scenarios/_solving.html", {"scenario": scenario, "polling": True}
    )
    if scenario.solving_since is None:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def scenario_force(request, pk: int):
    scenario = selectors.get_scenario_for_user(request.user, pk, manage=True)
    form = ForcingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose forced in, forced out or neither for a project."))
        return redirect("portfolios:scenario_detail", pk=scenario.pk)
    try:
        line = services.set_forcing(
            scenario=scenario,
            user=request.user,
            project_id=form.cleaned_data["project"],
            forcing=form.cleaned_data["forcing"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(code)s: %(forcing)s. Solve the scenario again to see the effect.")
            % {
                "code": line.project.code,
                "forcing": line.get_forcing_display().lower() if line.forcing else _("not forced"),
            },
        )
    return redirect("portfolios:scenario_detail", pk=scenario.pk)


# --- compare -----------------------------------------------------------------------------


@login_required
@require_GET
def scenario_compare(request):
    selectors.require_view(request.user)
    visible = pages.scenario_list(request.user)
    form = CompareForm(request.GET or None, queryset=visible)
    comparison = None
    if form.is_bound and form.is_valid():
        chosen = list(
            selectors.visible_scenarios(request.user)
            .select_related("portfolio")
            .filter(pk__in=[s.pk for s in form.cleaned_data["scenarios"]])
            .order_by("-created_at", "-pk")
        )
        comparison = pages.compare(chosen)
    return render(
        request,
        "portfolios/scenarios/compare.html",
        {
            "form": form,
            "comparison": comparison,
            "choices": visible[:100],
            "chosen": request.GET.getlist("scenarios"),
        },
    )


# --- commit ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def scenario_commit(request, pk: int):
    """GET: the confirmation page listing the status changes; POST: commit."""
    scenario = selectors.get_scenario_for_user(request.user, pk, manage=True)
    if request.method == "POST":
        try:
            done = commit.commit_scenario(scenario=scenario, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _(
                    "Scenario committed: %(changed)s projects changed status; "
                    "%(messages)s project managers notified."
                )
                % {"changed": _amount(done["changed"]), "messages": _amount(done["messages"])},
            )
        return redirect("portfolios:scenario_detail", pk=scenario.pk)
    can_commit = scenario.status == ScenarioStatus.SOLVED
    # The changes, a page at a time, with their totals (a fixed number of queries).
    page, totals = None, []
    if can_commit:
        lines = Paginator(commit_changes.change_lines(scenario), settings.PAGINATE_BY)
        page = lines.get_page(request.GET.get("page"))
        totals = commit_changes.change_totals(scenario)
    return render(
        request,
        "portfolios/scenarios/commit.html",
        {
            "scenario": scenario,
            "page_obj": page,
            "totals": totals,
            "changes": [
                {
                    "project": line.project,
                    "old_label": ProjectStatus(line.project.status).label,
                    "new_label": ProjectStatus(line.new_status).label,
                    "manager": user_label(line.project.manager),
                }
                for line in (page.object_list if page else [])
            ],
            "can_commit": can_commit,
            "committed_on": (
                date_format(timezone.localtime(scenario.committed_at), "SHORT_DATETIME_FORMAT")
                if scenario.committed_at
                else ""
            ),
            "committed_by": user_label(scenario.committed_by),
        },
    )


urlpatterns: list = [
    path("scenarios/", scenario_list, name="scenario_list"),
    path("scenarios/new/", scenario_create, name="scenario_create"),
    path("scenarios/compare/", scenario_compare, name="scenario_compare"),
    path("scenarios/<int:pk>/", scenario_detail, name="scenario_detail"),
    path("scenarios/<int:pk>/edit/", scenario_edit, name="scenario_edit"),
    path("scenarios/<int:pk>/solve/", scenario_solve, name="scenario_solve"),
    path("scenarios/<int:pk>/solving/", scenario_solving, name="scenario_solving"),
    path("scenarios/<int:pk>/force/", scenario_force, name="scenario_force"),
    path("scenarios/<int:pk>/export.xlsx", scenario_export, name="scenario_export"),
    path("scenarios/<int:pk>/commit/", scenario_commit, name="scenario_commit"),
]
