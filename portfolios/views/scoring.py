"""Pages of strategic alignment: scoring (issue 12) — the scoring models (weights set
directly or by pairwise comparison; their criteria: views/scoring_criteria.py), a project's
prioritisation tab and the proposals awaiting the PMO (views/scoring_scores.py), and the
prioritised backlog with its CSV / Excel exports (views/scoring_backlog.py). This module
lists the URLs of all of them.

Reading the models and the backlog: ``portfolios.view_alignment``; editing models:
``portfolios.manage_scoring``; the tab: ``portfolios.view_project``; scores:
``portfolios.propose_score`` (the PMO's are validated at once, ``portfolios.validate_score``);
deciding proposals: ``portfolios.validate_score``. Writes are POST only. Definitions of the
figures: portfolios/selectors/scoring.py (also on the pages)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pmo_portal.concurrency import (
    EditConflict,
    conflict_context,
    conflict_status,
    refreshed_data,
)
from pmo_portal.registry import MenuEntry, ProjectTab
from pmo_portal.viewtools import apply_errors, posted, require_perm
from portfolios import ahp
from portfolios.forms.scoring import PairwiseForm, PortfolioModelForm, WeightsForm
from portfolios.selectors import scoring as selectors
from portfolios.services import scoring as services
from portfolios.views.scoring_backlog import backlog, backlog_export_csv, backlog_export_xlsx
from portfolios.views.scoring_criteria import (
    scoring_criterion_edit,
    scoring_criterion_remove,
    scoring_model_criteria,
)
from portfolios.views.scoring_scores import (
    scoring_project,
    scoring_project_scores,
    scoring_proposal_reject,
    scoring_proposal_validate,
    scoring_proposals,
)

# Menu entries and project tabs of these pages (portfolios/contributions.py gathers them).
MENU: list = [
    MenuEntry(
        "portfolios",
        "portfolios:backlog",
        gettext_lazy("Prioritised backlog"),
        order=40,
        perm="portfolios.view_alignment",
    ),
    MenuEntry(
        "portfolios",
        "portfolios:scoring_models",
        gettext_lazy("Prioritisation criteria"),
        order=42,
        perm="portfolios.view_alignment",
    ),
    MenuEntry(
        "portfolios",
        "portfolios:scoring_proposals",
        gettext_lazy("Scores to validate"),
        order=44,
        perm="portfolios.validate_score",
    ),
]
PROJECT_TABS: list = [
    ProjectTab(
        "portfolios:scoring_project",
        gettext_lazy("Prioritisation"),
        order=34,
        perm="portfolios.view_project",
    )
]


# --- scoring models ---------------------------------------------------------------------


def _models_page(request, *, create_form=None, status=200):
    can_manage = request.user.has_perm("portfolios.manage_scoring")
    if can_manage and create_form is None:
        create_form = PortfolioModelForm(portfolios=selectors.portfolios_without_model())
    return render(
        request,
        "portfolios/scoring/models.html",
        {
            "models": selectors.scoring_models(),
            "can_manage": can_manage,
            "create_form": create_form,
            "threshold": ahp.CR_THRESHOLD,
        },
        status=status,
    )


@login_required
@require_GET
def scoring_models(request):
    require_perm(request.user, "portfolios.view_alignment")
    return _models_page(request)


@login_required
@require_POST
def scoring_model_create(request):
    require_perm(request.user, "portfolios.manage_scoring")
    form = PortfolioModelForm(request.POST, portfolios=selectors.portfolios_without_model())
    if form.is_valid():
        try:
            model = services.create_portfolio_model(
                portfolio=form.cleaned_data["portfolio"], user=request.user
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Portfolio %(name)s now has its own scoring model, a copy of the default.")
                % {"name": model.portfolio.name},
            )
            return redirect("portfolios:scoring_model_weights", pk=model.pk)
    return _models_page(request, create_form=form)


@login_required
@require_POST
def scoring_model_delete(request, pk: int):
    require_perm(request.user, "portfolios.manage_scoring")
    model = selectors.scoring_model(pk)
    try:
        services.delete_portfolio_model(model=model, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The model of %(name)s was removed: its projects follow the inherited model.")
            % {"name": model.portfolio.name if model.portfolio else model.name},
        )
    return redirect("portfolios:scoring_models")


def _conflict(exc: EditConflict, form, current):
    return conflict_context(
        current, thing=_("scoring model"), rows=form.conflict_rows(current) if current else ()
    )


@login_required
@require_http_methods(["GET", "POST"])
def scoring_model_weights(request, pk: int):
    require_perm(request.user, "portfolios.manage_scoring")
    model = selectors.scoring_model(pk)
    form = WeightsForm(posted(request), model=model)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_weights(
                model=model,
                user=request.user,
                weights=form.weights(),
                definitions=form.definitions(),
                version=form.cleaned_data.get("version"),
            )
        except EditConflict as exc:
            current = selectors.scoring_model(pk) if exc.current is not None else None
            conflict = _conflict(exc, form, current)
            form = WeightsForm(refreshed_data(request.POST, current), model=current or model)
            return render(
                request,
                "portfolios/scoring/weights.html",
                {"model": current or model, "form": form, "conflict": conflict},
                status=conflict_status(request),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Weights saved; the priority scores are recomputed."))
            return redirect("portfolios:scoring_models")
    return render(request, "portfolios/scoring/weights.html", {"model": model, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def scoring_model_pairwise(request, pk: int):
    """Pairwise comparison: "Preview" shows the weights and consistency ratio the judgements
    give without saving; "Save" stores them (inconsistent ones too, with a warning)."""
    require_perm(request.user, "portfolios.manage_scoring")
    model = selectors.scoring_model(pk)
    form = PairwiseForm(posted(request), model=model)
    preview = None
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "preview":
            result, weights = services.pairwise_weights(
                keys=[c.key for c in form.criteria], judgements=form.judgements()
            )
            preview = {"result": result, "weights": weights}
        else:
            try:
                outcome = services.set_pairwise(
                    model=model,
                    user=request.user,
                    judgements=form.judgements(),
                    version=form.cleaned_data.get("version"),
                )
            except EditConflict as exc:
                current = selectors.scoring_model(pk) if exc.current is not None else None
                conflict = _conflict(exc, form, current)
                form = PairwiseForm(refreshed_data(request.POST, current), model=current or model)
                return render(
                    request,
                    "portfolios/scoring/pairwise.html",
                    {**_pairwise_context(current or model), "form": form, "conflict": conflict},
                    status=conflict_status(request),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                if outcome.result.consistent:
                    messages.success(
                        request, _("Weights derived from the pairwise comparison and saved.")
                    )
                else:
                    messages.warning(
                        request,
                        _(
                            "Weights saved, but the judgements are inconsistent (consistency "
                            "ratio above 0.10): revise them."
                        ),
                    )
                return redirect("portfolios:scoring_model_pairwise", pk=model.pk)
    return render(
        request,
        "portfolios/scoring/pairwise.html",
        {**_pairwise_context(model), "form": form, "preview": _preview_rows(form, preview)},
    )


def _pairwise_context(model) -> dict:
    return {"model": model, "threshold": ahp.CR_THRESHOLD}


def _preview_rows(form, preview):
    if preview is None:
        return None
    return {
        "ratio": preview["result"].consistency_ratio,
        "consistent": preview["result"].consistent,
        "rows": [(c, preview["weights"].get(c.key)) for c in form.criteria],
    }


urlpatterns: list = [
    path("prioritisation/backlog/", backlog, name="backlog"),
    path("prioritisation/backlog/export.csv", backlog_export_csv, name="backlog_export_csv"),
    path("prioritisation/backlog/export.xlsx", backlog_export_xlsx, name="backlog_export_xlsx"),
    path("prioritisation/models/", scoring_models, name="scoring_models"),
    path("prioritisation/models/new/", scoring_model_create, name="scoring_model_create"),
    path(
        "prioritisation/models/<int:pk>/weights/",
        scoring_model_weights,
        name="scoring_model_weights",
    ),
    path(
        "prioritisation/models/<int:pk>/pairwise/",
        scoring_model_pairwise,
        name="scoring_model_pairwise",
    ),
    path(
        "prioritisation/models/<int:pk>/delete/",
        scoring_model_delete,
        name="scoring_model_delete",
    ),
    path(
        "prioritisation/models/<int:pk>/criteria/",
        scoring_model_criteria,
        name="scoring_model_criteria",
    ),
    path(
        "prioritisation/criteria/<int:pk>/edit/",
        scoring_criterion_edit,
        name="scoring_criterion_edit",
    ),
    path(
        "prioritisation/criteria/<int:pk>/remove/",
        scoring_criterion_remove,
        name="scoring_criterion_remove",
    ),
    path("projects/<int:pk>/prioritisation/", scoring_project, name="scoring_project"),
    path(
        "projects/<int:pk>/prioritisation/scores/",
        scoring_project_scores,
        name="scoring_project_scores",
    ),
    path("prioritisation/proposals/", scoring_proposals, name="scoring_proposals"),
    path(
        "prioritisation/proposals/<int:pk>/validate/",
        scoring_proposal_validate,
        name="scoring_proposal_validate",
    ),
    path(
        "prioritisation/proposals/<int:pk>/reject/",
        scoring_proposal_reject,
        name="scoring_proposal_reject",
    ),
]
