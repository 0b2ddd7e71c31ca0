"""A portfolio's yearly CAPEX/OPEX envelopes: the PMO lists, adds and edits them (one per
year). Other roles: 403 on a portfolio they read, 404 outside their scope."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
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
from pmo_portal.viewtools import apply_errors, posted
from portfolios.forms.envelopes import EnvelopeForm
from portfolios.selectors import portfolio_settings as selectors
from portfolios.services.envelopes import save_envelope

PERM = "portfolios.manage_envelopes"


def _page(request, portfolio, form, *, envelope=None, conflict=None, status=200):
    return render(
        request,
        "portfolios/settings/envelopes.html",
        {
            "portfolio": portfolio,
            "envelopes": selectors.portfolio_envelopes(portfolio),
            "changes": selectors.envelope_changes(portfolio),
            "form": form,
            "envelope": envelope,
            "conflict": conflict,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def portfolio_envelopes(request, pk: int):
    """The list of envelopes, with the form adding a year."""
    portfolio = selectors.get_portfolio_for_user(request.user, pk, perm=PERM)
    form = EnvelopeForm(posted(request))
    if form.is_bound and form.is_valid():
        try:
            saved = save_envelope(portfolio=portfolio, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Envelope %(year)s saved.") % {"year": saved.fiscal_year})
            return redirect("portfolios:portfolio_envelopes", pk=portfolio.pk)
    return _page(request, portfolio, form)


@login_required
@require_http_methods(["GET", "POST"])
def envelope_edit(request, pk: int, envelope_pk: int):
    portfolio = selectors.get_portfolio_for_user(request.user, pk, perm=PERM)
    envelope = portfolio.envelopes.filter(pk=envelope_pk).first()
    if envelope is None:
        raise Http404
    form = EnvelopeForm(posted(request), instance=envelope)
    conflict = None
    if form.is_bound and form.is_valid():
        try:
            saved = save_envelope(
                portfolio=portfolio,
                envelope=envelope,
                data=form.cleaned_data,
                version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            apply_errors(form, error)
        except EditConflict:
            current = portfolio.envelopes.filter(pk=envelope.pk).first()
            if current is None:
                raise Http404 from None
            conflict = conflict_context(
                current, thing=_("envelope"), rows=conflict_rows(form, current)
            )
            form = EnvelopeForm(refreshed_data(request.POST, current), instance=current)
        else:
            messages.success(request, _("Envelope %(year)s saved.") % {"year": saved.fiscal_year})
            return redirect("portfolios:portfolio_envelopes", pk=portfolio.pk)
    status = conflict_status(request) if conflict else 200
    return _page(request, portfolio, form, envelope=envelope, conflict=conflict, status=status)


urlpatterns = [
    path("portfolios/<int:pk>/envelopes/", portfolio_envelopes, name="portfolio_envelopes"),
    path(
        "portfolios/<int:pk>/envelopes/<int:envelope_pk>/edit/",
        envelope_edit,
        name="envelope_edit",
    ),
]
