"""The PMO's budget settings in the portal (issue 14; /admin/ stays for support staff):
the company thresholds of the overrun scan, and per portfolio the extra recipients of its
budget alerts (finance controllers...). PMO only: other roles get 403, or 404 for a
portfolio outside their reading scope."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pmo_portal.concurrency import (
    EditConflict,
    conflict_context,
    conflict_rows,
    conflict_status,
    refreshed_data,
)
from pmo_portal.users import user_label
from pmo_portal.viewtools import apply_errors, posted, require_perm
from portfolios.selectors.portfolio_settings import get_portfolio_for_user
from resources.forms.settings import BudgetSettingsForm, RecipientForm
from resources.models import BudgetSettings
from resources.selectors import settings as selectors
from resources.services import settings as services

BUDGET_PERM = "resources.manage_budget_settings"
RECIPIENTS_PERM = "resources.manage_alert_recipients"


@login_required
@require_http_methods(["GET", "POST"])
def budget_settings(request):
    require_perm(request.user, BUDGET_PERM)
    instance = BudgetSettings.current()
    form = BudgetSettingsForm(posted(request), instance=instance)
    conflict = None
    if form.is_bound and form.is_valid():
        try:
            services.save_budget_settings(
                data=form.cleaned_data, version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        except EditConflict:
            instance = BudgetSettings.current()
            current = instance if instance.pk else None
            conflict = conflict_context(
                current, thing=_("budget thresholds"), rows=conflict_rows(form, instance)
            )
            form = BudgetSettingsForm(refreshed_data(request.POST, current), instance=instance)
        else:
            messages.success(request, _("Budget thresholds saved."))
            return redirect("resources:budget_settings")
    return render(
        request,
        "resources/settings/budget.html",
        {"form": form, "conflict": conflict, "changes": selectors.budget_settings_changes()},
        status=conflict_status(request) if conflict else 200,
    )


def _recipients_page(request, portfolio, form, *, conflict=None, status=200):
    return render(
        request,
        "resources/settings/alert_recipients.html",
        {
            "portfolio": portfolio,
            "rows": selectors.recipient_rows(portfolio),
            "form": form,
            "conflict": conflict,
            "changes": selectors.recipient_changes(portfolio),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def alert_recipients(request, pk: int):
    """The recipients of the portfolio's budget alerts, with the form adding one."""
    portfolio = get_portfolio_for_user(request.user, pk, perm=RECIPIENTS_PERM)
    form = RecipientForm(posted(request), choices=selectors.recipient_choices(portfolio))
    if form.is_bound and form.is_valid():
        try:
            recipient = services.add_recipient(
                portfolio=portfolio, user_id=form.cleaned_data["user"], added_by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s will receive the budget alerts of %(portfolio)s.")
                % {"name": user_label(recipient.user), "portfolio": portfolio.name},
            )
            return redirect("resources:alert_recipients", pk=portfolio.pk)
    return _recipients_page(request, portfolio, form)


@login_required
@require_POST
def alert_recipient_remove(request, pk: int, recipient_pk: int):
    portfolio = get_portfolio_for_user(request.user, pk, perm=RECIPIENTS_PERM)
    try:
        services.remove_recipient(portfolio=portfolio, recipient_id=recipient_pk)
    except EditConflict as error:
        form = RecipientForm(choices=selectors.recipient_choices(portfolio))
        conflict = conflict_context(None, thing=_("recipients"), message=error.message)
        return _recipients_page(
            request, portfolio, form, conflict=conflict, status=conflict_status(request)
        )
    messages.success(request, _("Recipient removed."))
    return redirect("resources:alert_recipients", pk=portfolio.pk)


urlpatterns = [
    path("settings/budget/", budget_settings, name="budget_settings"),
    path("portfolios/<int:pk>/alert-recipients/", alert_recipients, name="alert_recipients"),
    path(
        "portfolios/<int:pk>/alert-recipients/<int:recipient_pk>/remove/",
        alert_recipient_remove,
        name="alert_recipient_remove",
    ),
]
