"""Views of resources: budgets of projects and portfolios, entry of costs, finance import."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pmo_portal.concurrency import (
    EditConflict,
    conflict_context,
    conflict_status,
    display,
    refreshed_data,
)
from pmo_portal.exports import export_table, requested_export
from pmo_portal.users import user_label
from pmo_portal.viewtools import apply_errors
from portfolios.models import Portfolio
from portfolios.selectors import get_project_for_user
from resources.forms.budgets import (
    ActualCostForm,
    BudgetLineForm,
    CommittedCostForm,
)
from resources.selectors import budgets as selectors
from resources.services import budgets as services
from resources.views import list_exports


@login_required
@require_GET
def project_budget(request, pk: int):
    project = get_project_for_user(request.user, pk, perm="resources.view_budget")
    if export := requested_export(request):
        return _budget_file(export, project, request.GET.get("table"))
    costs = Paginator(selectors.project_actual_costs(project=project), settings.PAGINATE_BY)
    return render(
        request,
        "resources/budgets/project_budget.html",
        {
            "project": project,
            "budget": selectors.project_budget(project=project),
            "page_obj": costs.get_page(request.GET.get("page")),
            "commitments": selectors.open_commitments(project=project)[:20],
            "can_write": request.user.has_perm("resources.change_budget", project),
        },
    )


# The project budget page's three lists, each exported whole (``?export=…&table=…``).
BUDGET_TABLES = {
    "lines": (gettext_lazy("Budget lines"), list_exports.BUDGET_LINE_COLUMNS),
    "actuals": (gettext_lazy("Actual costs"), list_exports.ACTUAL_COST_COLUMNS),
    "commitments": (gettext_lazy("Open commitments"), list_exports.COMMITMENT_COLUMNS),
}


def _budget_file(export: str, project, table: str | None):
    if table not in BUDGET_TABLES:
        raise Http404
    if table == "lines":
        rows = selectors.project_budget(project=project)["lines"]
    elif table == "actuals":
        rows = selectors.project_actual_costs(project=project)
    else:
        rows = selectors.open_commitments(project=project)
    title, columns = BUDGET_TABLES[table]
    return export_table(
        export, rows=rows, columns=columns, filename=f"{project.code}-{table}", sheet_title=title
    )


@login_required
@require_http_methods(["GET", "POST"])
def budget_line_edit(request, pk: int):
    """Approve a budget line or revise an existing one (same nature, category and year)."""
    project = get_project_for_user(request.user, pk, perm="resources.change_budget")
    initial = {
        key: request.GET[key] for key in ("fiscal_year", "nature", "category") if key in request.GET
    }
    form = BudgetLineForm(request.POST or None, initial=initial, project=project)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            _line, created = services.set_budget_line(
                project=project, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        except EditConflict as exc:
            conflict = conflict_context(
                exc.current,
                thing=_("budget line"),
                message=exc.message,
                rows=[
                    {
                        "label": form.fields["amount"].label,
                        "theirs": display(exc.current.approved_amount),
                        "mine": display(form.cleaned_data["amount"]),
                    }
                ],
            )
            form = BudgetLineForm(refreshed_data(request.POST, exc.current), project=project)
        else:
            if created:
                messages.success(request, _("Budget line approved."))
            else:
                messages.success(request, _("Budget line revised."))
            return redirect("resources:project_budget", project.pk)
    return render(
        request,
        "resources/budgets/cost_form.html",
        {
            "project": project,
            "form": form,
            "conflict": conflict,
            "title": _("Approve or revise a budget line"),
            "intro": _(
                "A new line takes the amount as its baseline. For an existing nature, category "
                "and year the approved amount is revised, with a reason kept in its history; "
                "the baseline does not change."
            ),
        },
        status=conflict_status(request) if conflict else 200,
    )


def _cost_view(request, pk: int, form_class, service, title: str, success: str, **extra):
    project = get_project_for_user(request.user, pk, perm="resources.change_budget")
    form = form_class(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            service(project=project, **form.cleaned_data, **extra)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("resources:project_budget", project.pk)
    return render(
        request,
        "resources/budgets/cost_form.html",
        {"project": project, "form": form, "title": title},
    )


@login_required
@require_http_methods(["GET", "POST"])
def actual_cost_create(request, pk: int):
    return _cost_view(
        request,
        pk,
        ActualCostForm,
        services.add_actual_cost,
        _("Add an actual cost"),
        _("Actual cost added."),
        user=request.user,
    )


@login_required
@require_http_methods(["GET", "POST"])
def committed_cost_create(request, pk: int):
    return _cost_view(
        request,
        pk,
        CommittedCostForm,
        services.add_committed_cost,
        _("Add a committed cost"),
        _("Committed cost added."),
    )


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _counted(scope) -> str:
    """What the page counts, in words: the statuses and the other filters in force."""
    cleaned = scope.form.cleaned_data if scope.is_bound and scope.form.is_valid() else {}
    labels = {
        name: {str(key): label for key, label in scope.form.fields[name].choices}
        for name in ("status", "health")
    }
    parts = [
        ", ".join(str(labels["status"][status]) for status in cleaned.get("status") or [])
        or _("every status")
    ]
    if cleaned.get("health"):
        parts.append(", ".join(str(labels["health"][level]) for level in cleaned["health"]))
    for name in ("project_type", "business_domain"):
        if cleaned.get(name) is not None:
            parts.append(str(cleaned[name]))
    if cleaned.get("manager") is not None:
        parts.append(user_label(cleaned["manager"]))
    return " · ".join(parts)


@login_required
@require_GET
def portfolio_budget(request):
    if not request.user.has_perm("portfolios.access"):
        raise PermissionDenied
    year = _year(request.GET.get("year"))
    try:
        portfolio_pk = int(request.GET.get("portfolio", ""))
    except ValueError:
        portfolio_pk = None
    data = selectors.portfolio_budget(
        user=request.user,
        year=year,
        portfolio_pk=portfolio_pk,
        page=request.GET.get("page"),
        data=request.GET,
    )
    if (
        portfolio_pk
        and data["selected"] is None
        and Portfolio.objects.filter(pk=portfolio_pk).exists()
    ):
        raise Http404
    this_year = timezone.localdate().year
    return render(
        request,
        "resources/budgets/portfolio_budget.html",
        {
            **data,
            "page_obj": data["project_page"],
            "years": range(this_year - 2, this_year + 3),
            "counted": _counted(data["scope"]),
            "scope_params": [
                (name, value)
                for name in selectors.SCOPE_PARAMS
                for value in request.GET.getlist(name)
                if name in data["scope"].form.cleaned_data
            ],
        },
    )


@login_required
@require_POST
def labour_costs_derive(request, pk: int):
    """Record a month of internal labour (approved allocations × daily rates) as actuals."""
    project = get_project_for_user(request.user, pk, perm="resources.change_budget")
    raw = (request.POST.get("month") or "").strip()
    try:
        month = datetime.strptime(raw, "%Y-%m").date()  # noqa: DTZ007 - a calendar month
    except ValueError:
        messages.error(request, _("Choose the month to derive (year and month)."))
        return redirect("resources:project_budget", project.pk)
    written = services.derive_labour_costs(project=project, month=month, user=request.user)
    if written:
        messages.success(
            request,
            _("Internal labour of %(month)s recorded: %(count)s allocation(s).")
            % {"month": month.strftime("%m/%Y"), "count": written},
        )
    else:
        messages.info(request, _("No approved allocation that month: nothing recorded."))
    return redirect("resources:project_budget", project.pk)


urlpatterns: list = [
    path("projects/<int:pk>/budget/", project_budget, name="project_budget"),
    path("projects/<int:pk>/budget/lines/", budget_line_edit, name="budget_line_edit"),
    path("projects/<int:pk>/budget/actuals/new/", actual_cost_create, name="actual_cost_create"),
    path("projects/<int:pk>/budget/labour/", labour_costs_derive, name="labour_costs_derive"),
    path(
        "projects/<int:pk>/budget/commitments/new/",
        committed_cost_create,
        name="committed_cost_create",
    ),
    path("budgets/", portfolio_budget, name="portfolio_budget"),
]
