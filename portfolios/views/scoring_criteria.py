"""A scoring model's criteria (issue 12): the model's page lists them with the form that adds
one; a criterion's name and definition are edited on a page of their own, and removing one
asks for the new weights of the others (split from views/scoring.py, which lists the URLs).

Permission: ``portfolios.manage_scoring`` (the PMO), like every page that edits a model.
Writes are POST only; every form carries the model's version (a stale page gets the
conflict box, 409)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pmo_portal.concurrency import (
    EditConflict,
    conflict_context,
    conflict_status,
    refreshed_data,
)
from pmo_portal.viewtools import apply_errors, posted, require_perm
from portfolios.forms.scoring_criteria import (
    CriterionAddForm,
    CriterionEditForm,
    CriterionRemoveForm,
)
from portfolios.models import ScoringCriterion
from portfolios.selectors import scoring as selectors
from portfolios.services import scoring_criteria as services

PERM = "portfolios.manage_scoring"


def _criterion(pk: int) -> ScoringCriterion:
    """A criterion with its model and the model's criteria (for the weights), or 404."""
    criterion = ScoringCriterion.objects.filter(pk=pk).only("pk", "model_id").first()
    if criterion is None:
        raise Http404
    model = selectors.scoring_model(criterion.model_id)
    for candidate in model.criteria.all():
        if candidate.pk == criterion.pk:
            candidate.model = model  # the prefetched model, so no query reads it again
            return candidate
    raise Http404


def _refusal(criterion: ScoringCriterion) -> str:
    """Why this criterion cannot be removed ("" when it can): told on the page before the
    PMO types weights (the service refuses the same)."""
    if len(criterion.model.criteria.all()) <= 1:
        return _("A model needs at least one criterion: this is the last one of %(model)s.") % {
            "model": criterion.model.name
        }
    if criterion.computed:
        return _(
            "Strategic fit ties the ranking to the strategic objectives: it cannot be "
            "removed. Give it a weight of 0 to leave it out of the priority score."
        )
    return ""


def _conflict(exc: EditConflict, rows=()) -> dict:
    return conflict_context(exc.current, thing=_("scoring model"), rows=rows, message=exc.message)


# --- the model's criteria, and a new one -----------------------------------------------------


def _criteria_page(request, model, *, form=None, conflict=None, status=200):
    if form is None:
        form = CriterionAddForm(model=model, kinds=services.available_kinds(model))
    return render(
        request,
        "portfolios/scoring/criteria.html",
        {"model": model, "form": form, "conflict": conflict},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def scoring_model_criteria(request, pk: int):
    require_perm(request.user, PERM)
    model = selectors.scoring_model(pk)
    if request.method == "GET":
        return _criteria_page(request, model)
    form = CriterionAddForm(request.POST, model=model, kinds=services.available_kinds(model))
    if form.is_valid():
        try:
            criterion = services.add_criterion(
                model=model,
                user=request.user,
                kind=form.cleaned_data["kind"],
                name=form.cleaned_data["name"],
                definition=form.cleaned_data["definition"],
                version=form.cleaned_data.get("version"),
            )
        except EditConflict as exc:
            current = selectors.scoring_model(pk)
            form = CriterionAddForm(
                refreshed_data(request.POST, current),
                model=current,
                kinds=services.available_kinds(current),
            )
            form.is_valid()
            return _criteria_page(
                request,
                current,
                form=form,
                conflict=_conflict(exc),
                status=conflict_status(request),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Criterion “%(criterion)s” added with a weight of 0 %%: it counts once you "
                    "give it a weight. Set the weights below."
                )
                % {"criterion": criterion.label},
            )
            return redirect("portfolios:scoring_model_weights", pk=model.pk)
    return _criteria_page(request, model, form=form)


# --- one criterion: its name and definition; its removal -------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def scoring_criterion_edit(request, pk: int):
    require_perm(request.user, PERM)
    criterion = _criterion(pk)
    form = CriterionEditForm(posted(request), criterion=criterion)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_criterion(
                criterion=criterion,
                user=request.user,
                name=form.cleaned_data["name"],
                definition=form.cleaned_data["definition"],
                version=form.cleaned_data.get("version"),
            )
        except EditConflict as exc:
            current = ScoringCriterion.objects.filter(pk=pk).first()
            conflict = _conflict(exc, form.conflict_rows(current))
            if current is None:
                messages.error(request, conflict["message"])
                return redirect("portfolios:scoring_model_criteria", pk=criterion.model_id)
            current = _criterion(pk)
            form = CriterionEditForm(refreshed_data(request.POST, current.model), criterion=current)
            return render(
                request,
                "portfolios/scoring/criterion_edit.html",
                {"criterion": current, "model": current.model, "form": form, "conflict": conflict},
                status=conflict_status(request),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Criterion “%(criterion)s” saved.") % {"criterion": criterion.label},
            )
            return redirect("portfolios:scoring_model_criteria", pk=criterion.model_id)
    return render(
        request,
        "portfolios/scoring/criterion_edit.html",
        {"criterion": criterion, "model": criterion.model, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def scoring_criterion_remove(request, pk: int):
    """The criterion's removal: the page asks for the weights of the criteria left (they
    must total 100), so nothing is re-normalised behind the PMO's back."""
    require_perm(request.user, PERM)
    criterion = _criterion(pk)
    form = CriterionRemoveForm(posted(request), criterion=criterion)
    if request.method == "POST" and form.is_valid():
        try:
            services.remove_criterion(
                criterion=criterion,
                user=request.user,
                weights=form.weights(),
                version=form.cleaned_data.get("version"),
            )
        except EditConflict as exc:
            if not ScoringCriterion.objects.filter(pk=pk).exists():
                messages.error(request, exc.message or _("This criterion was removed meanwhile."))
                return redirect("portfolios:scoring_model_criteria", pk=criterion.model_id)
            current = _criterion(pk)
            conflict = _conflict(exc, form.conflict_rows(current.model))
            form = CriterionRemoveForm(
                refreshed_data(request.POST, current.model), criterion=current
            )
            return _remove_page(
                request, current, form, conflict=conflict, status=conflict_status(request)
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Criterion “%(criterion)s” removed with its scores (kept in the history); "
                    "the priority scores are recomputed."
                )
                % {"criterion": criterion.label},
            )
            return redirect("portfolios:scoring_model_criteria", pk=criterion.model_id)
    return _remove_page(request, criterion, form)


def _remove_page(request, criterion, form, *, conflict=None, status=200):
    return render(
        request,
        "portfolios/scoring/criterion_remove.html",
        {
            "criterion": criterion,
            "model": criterion.model,
            "form": form,
            "conflict": conflict,
            "refusal": _refusal(criterion),
            "scores": criterion.scores.count(),
        },
        status=status,
    )
