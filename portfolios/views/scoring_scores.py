"""A project's prioritisation tab (scores entered by the PMO, proposed by the project's
manager) and the proposals awaiting the PMO (split from views/scoring.py, which lists their
URLs).

The tab: ``portfolios.view_project``; scores: ``portfolios.propose_score`` (the PMO's are
validated at once, ``portfolios.validate_score``); deciding proposals:
``portfolios.validate_score``. Writes are POST only. A save or a decision made from a stale
page is refused with the conflict box (409) and the values stored now."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pmo_portal.concurrency import EditConflict, conflict_context, conflict_status, version_of
from pmo_portal.exports import export_table, requested_export
from pmo_portal.users import user_label
from pmo_portal.viewtools import apply_errors, require_perm
from portfolios.forms.scoring import RejectForm, ScoresForm
from portfolios.models import ScoreStatus
from portfolios.selectors import get_project_for_user
from portfolios.selectors import scoring as selectors
from portfolios.services import scoring_scores as services
from portfolios.views import list_exports

# --- a project's prioritisation -----------------------------------------------------------


def _project_page(request, project, *, form=None, conflict=None, status=200):
    user = request.user
    priority = selectors.project_priority(project=project, user=user)
    can_score = user.has_perm("portfolios.propose_score", project)
    validates = user.has_perm("portfolios.validate_score", project)
    if can_score and form is None and priority.rows:
        form = ScoresForm(rows=priority.rows, propose=not validates)
    return render(
        request,
        "portfolios/scoring/project.html",
        {
            "project": project,
            "priority": priority,
            "form": form if can_score else None,
            "validates": validates,
            "conflict": conflict,
            "backlog_query": f"portfolio={project.portfolio_id}",
        },
        status=status,
    )


@login_required
@require_GET
def scoring_project(request, pk: int):
    project = get_project_for_user(request.user, pk, perm="portfolios.view_project")
    return _project_page(request, project)


def _scores_conflict(request, project, form, exc: EditConflict, *, propose: bool):
    """The tab again, the form holding what was typed and the versions stored now (saving
    again is a deliberate choice), the stored scores beside the typed ones."""
    rows = selectors.project_priority(project=project, user=request.user).rows
    conflict = conflict_context(exc.current, thing=_("scores"), rows=form.conflict_rows(rows))
    data = request.POST.copy()
    for row in rows:
        data[f"version_{row.criterion.pk}"] = str(version_of(row.score))
    form = ScoresForm(data, rows=rows, propose=propose)
    form.is_valid()
    return _project_page(
        request, project, form=form, conflict=conflict, status=conflict_status(request)
    )


@login_required
@require_POST
def scoring_project_scores(request, pk: int):
    """The PMO's scores (validated at once) or the project manager's proposals."""
    project = get_project_for_user(request.user, pk, perm="portfolios.propose_score")
    validates = request.user.has_perm("portfolios.validate_score", project)
    priority = selectors.project_priority(project=project, user=request.user)
    form = ScoresForm(request.POST, rows=priority.rows, propose=not validates)
    if form.is_valid():
        write = services.enter_scores if validates else services.propose_scores
        try:
            changed = write(
                project=project,
                user=request.user,
                values=form.values(),
                rationales=form.rationales(),
                versions=form.versions(),
            )
        except EditConflict as exc:
            return _scores_conflict(request, project, form, exc, propose=not validates)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if not changed:
                messages.info(request, _("Nothing changed."))
            elif validates:
                messages.success(request, _("Scores saved; the priority score is recomputed."))
            else:
                messages.success(
                    request,
                    _(
                        "Scores proposed. They will count once the PMO validates them; "
                        "the priority score does not change until then."
                    ),
                )
            return redirect("portfolios:scoring_project", pk=project.pk)
    return _project_page(request, project, form=form)


# --- proposals awaiting the PMO -------------------------------------------------------------


def _proposals_page(request, *, failed=None, conflict=None, status=200):
    proposals = selectors.pending_proposals(user=request.user)
    page = Paginator(proposals, settings.PAGINATE_BY).get_page(request.GET.get("page"))
    rows = []
    for score in page.object_list:
        if failed is not None and failed[0] == score.pk:
            form = failed[1]
        else:
            form = RejectForm(prefix=f"reject-{score.pk}", initial={"version": score.version})
        rows.append({"score": score, "form": form})
    return render(
        request,
        "portfolios/scoring/proposals.html",
        {"page_obj": page, "rows": rows, "conflict": conflict},
        status=status,
    )


@login_required
@require_GET
def scoring_proposals(request):
    require_perm(request.user, "portfolios.validate_score")
    if export := requested_export(request):
        return export_table(
            export,
            rows=selectors.pending_proposals(user=request.user),
            columns=list_exports.PROPOSAL_COLUMNS,
            filename="score-proposals",
            sheet_title=_("Scores to validate"),
        )
    return _proposals_page(request)


def _proposal(request, pk: int):
    score = selectors.proposal_for_user(user=request.user, pk=pk)
    require_perm(request.user, "portfolios.validate_score", score.project)
    return score


def _posted_version(request) -> int | None:
    """The hidden version of a decision button (None: not sent, no check)."""
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


def _proposal_text(score) -> str:
    value = score.proposed_value if score.proposed_value is not None else score.value
    return str(value)


def _proposal_rows(score, current) -> list[dict]:
    """The proposal as the page showed it (the score's history at the version sent) beside
    the row stored now, where they differ."""
    shown = score.history.filter(version=score.shown_version).first() if score.pk else None
    if shown is None:
        return []
    pending = current is not None and (
        current.proposed_value is not None or current.status == ScoreStatus.PROPOSED
    )
    fields = [
        (
            _("Proposed score"),
            _proposal_text(current) if pending else _("no proposal"),
            _proposal_text(shown),
        ),
        (
            _("Validated score"),
            str(current.value)
            if current is not None and current.status == ScoreStatus.VALIDATED
            else _("not scored"),
            str(shown.value) if shown.status == ScoreStatus.VALIDATED else _("not scored"),
        ),
        (_("Rationale"), (current.rationale if current else "") or "—", shown.rationale or "—"),
        (
            _("Proposed by"),
            user_label(current.proposed_by) if current else "—",
            user_label(shown.proposed_by) if shown.proposed_by_id else "—",
        ),
    ]
    return [
        {"label": label, "theirs": theirs, "mine": mine}
        for label, theirs, mine in fields
        if theirs != mine
    ]


def _decision_conflict(request, score, version, exc: EditConflict, *, failed=None):
    """The page the decision came from again, with the proposal as it stands now."""
    score.shown_version = version
    conflict = conflict_context(
        exc.current,
        thing=_("score proposal"),
        rows=_proposal_rows(score, exc.current),
        message=exc.message,
    )
    if failed is not None:  # the reject form keeps its reason, at the stored version
        data = failed.data.copy()
        data[failed.add_prefix("version")] = str(version_of(exc.current))
        failed = RejectForm(data, prefix=failed.prefix)
        failed.is_valid()
        failed = (score.pk, failed)
    status = conflict_status(request)
    project = _next_project(request)
    if project is not None and failed is None:
        project = get_project_for_user(request.user, project, perm="portfolios.view_project")
        return _project_page(request, project, conflict=conflict, status=status)
    return _proposals_page(request, failed=failed, conflict=conflict, status=status)


@login_required
@require_POST
def scoring_proposal_validate(request, pk: int):
    score = _proposal(request, pk)
    version = _posted_version(request)
    try:
        services.validate_proposal(score=score, user=request.user, version=version)
    except EditConflict as exc:
        return _decision_conflict(request, score, version, exc)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Proposal validated: %(project)s, %(criterion)s. The priority score is recomputed.")
            % {"project": score.project.code, "criterion": score.criterion.label},
        )
    return redirect(_back(request))


@login_required
@require_POST
def scoring_proposal_reject(request, pk: int):
    score = _proposal(request, pk)
    form = RejectForm(request.POST, prefix=f"reject-{score.pk}")
    if form.is_valid():
        version = form.cleaned_data.get("version")
        try:
            services.reject_proposal(
                score=score, user=request.user, reason=form.cleaned_data["reason"], version=version
            )
        except EditConflict as exc:
            return _decision_conflict(request, score, version, exc, failed=form)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Proposal rejected: %(project)s, %(criterion)s.")
                % {"project": score.project.code, "criterion": score.criterion.label},
            )
            return redirect(_back(request))
    return _proposals_page(request, failed=(score.pk, form))


def _next_project(request) -> int | None:
    project = request.POST.get("next_project", "")
    return int(project) if project.isdigit() else None


def _back(request) -> str:
    """Back to the proposals list, or to the project's tab when the decision came from it."""
    project = _next_project(request)
    if project is not None:
        return reverse("portfolios:scoring_project", args=[project])
    return reverse("portfolios:scoring_proposals")
