"""A portfolio's reporting policy: how often its projects report and how many days after
the end of a period the report is due. The PMO sets or clears each value (empty: inherited
from the parent portfolio, or the company default). Other roles: 403 on a portfolio they
read, 404 outside their scope."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pmo_portal.concurrency import (
    EditConflict,
    conflict_context,
    conflict_rows,
    conflict_status,
    refreshed_data,
)
from pmo_portal.history import recent_changes
from pmo_portal.viewtools import apply_errors, posted
from portfolios.selectors.portfolio_settings import get_portfolio_for_user
from reporting.forms.policies import PolicyForm
from reporting.models import ReportingPolicy
from reporting.selectors.policies import policy_page
from reporting.services.policies import save_policy

PERM = "reporting.manage_policies"


def _changes(portfolio):
    records = ReportingPolicy.history.filter(portfolio_id=portfolio.pk)
    return recent_changes(records, label=lambda record: str(ReportingPolicy._meta.verbose_name))


@login_required
@require_http_methods(["GET", "POST"])
def portfolio_policy(request, pk: int):
    portfolio = get_portfolio_for_user(request.user, pk, perm=PERM)
    page = policy_page(portfolio)
    form = PolicyForm(posted(request), instance=page.policy, inherited=page)
    conflict = None
    if form.is_bound and form.is_valid():
        try:
            save_policy(
                portfolio=portfolio, data=form.cleaned_data, version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        except EditConflict:
            page = policy_page(portfolio)
            current = page.policy if page.policy.pk else None
            conflict = conflict_context(
                current,
                thing=_("reporting policy"),
                rows=conflict_rows(form, page.policy),
            )
            form = PolicyForm(
                refreshed_data(request.POST, current), instance=page.policy, inherited=page
            )
        else:
            messages.success(request, _("Reporting policy saved."))
            return redirect("reporting:portfolio_policy", pk=portfolio.pk)
    return render(
        request,
        "reporting/policies/portfolio_policy.html",
        {
            "portfolio": portfolio,
            "page": page,
            "form": form,
            "conflict": conflict,
            "changes": _changes(portfolio),
        },
        status=conflict_status(request) if conflict else 200,
    )


urlpatterns = [
    path("portfolios/<int:pk>/policy/", portfolio_policy, name="portfolio_policy"),
]
