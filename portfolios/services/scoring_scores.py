"""Writes of a project's scores (issue 12): entered by the PMO, proposed by the project's
manager, validated or rejected by the PMO (split from portfolios/services/scoring.py).

Scores (``ProjectScore``): ``status`` tells whether ``value`` is validated (only validated
values count); ``proposed_value`` holds a project manager's proposal awaiting the PMO. A
proposal on a criterion never scored creates a row in status *proposed* (its ``value`` is a
placeholder that does not count); a proposal on a validated score keeps the validated value
counting until the PMO decides.

Concurrency: every write locks the project's row first (one writer of its scores at a
time, always in the same order), then its score rows. The pages send the ``version`` of each
score they showed (0: no row); a row that moved since, appeared or went, refuses the whole
save with ``EditConflict`` (nothing written). The proposer of a decided proposal gets one
e-mail through the outbox, keyed on the proposal (row and version), so a retry never sends
it twice.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from pmo_portal.concurrency import EditConflict, check_version, version_of
from pmo_portal.emails import render_email
from pmo_portal.notifications import enqueue
from pmo_portal.tasks import deliver_notifications
from pmo_portal.users import user_label
from pmo_portal.validators import no_control_characters_multiline
from portfolios.models import Project, ProjectScore, ScoreStatus, ScoringCriterion
from portfolios.selectors.scoring import model_index
from portfolios.services.scoring import refresh_priority

VALIDATED_KIND = "score_proposal_validated"
REJECTED_KIND = "score_proposal_rejected"


def _clean_rationale(text: str) -> str:
    text = (text or "").strip()
    no_control_characters_multiline(text)
    return text


def _scored_criteria(project: Project) -> dict[int, ScoringCriterion]:
    """The criteria of the project's applicable model that are scored by hand."""
    index = model_index()
    criteria = index.criteria.get(index.model_id_for(project.portfolio_id), [])
    return {c.pk: c for c in criteria if not c.computed}


def _check_criteria(project: Project, values: Mapping[int, object]) -> dict:
    allowed = _scored_criteria(project)
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValidationError(_("These criteria are not scored by hand in this project's model."))
    for value in values.values():
        if value is not None and not (0 <= int(value) <= 5):
            raise ValidationError(_("A score goes from 0 to 5."))
    return allowed


def _lock_project(project_id: int) -> None:
    """The project's row, locked until the end of the transaction: score writers of one
    project queue behind each other (and a new row cannot be inserted twice)."""
    list(Project.objects.select_for_update(of=("self",)).filter(pk=project_id).values("pk"))


def _lock_scores(
    project: Project, criterion_ids, versions: Mapping[int, int | None] | None
) -> dict[int, ProjectScore]:
    """The project's score rows of ``criterion_ids``, locked; EditConflict (``details``: the
    criterion ids that moved) when one of them is no longer at the version the page showed."""
    _lock_project(project.pk)
    existing = {
        s.criterion_id: s
        for s in ProjectScore.objects.select_for_update().filter(
            project=project, criterion_id__in=list(criterion_ids)
        )
    }
    moved = [
        pk
        for pk, version in (versions or {}).items()
        if version is not None and version_of(existing.get(pk)) != version
    ]
    if moved:
        still_there = [existing[pk] for pk in moved if pk in existing]
        latest = max(still_there, key=lambda s: s.updated_at) if still_there else None
        raise EditConflict(latest, details=moved)
    return existing


@transaction.atomic
def enter_scores(
    *,
    project: Project,
    user,
    values: Mapping[int, int | None],
    rationales: Mapping[int, str] | None = None,
    versions: Mapping[int, int | None] | None = None,
) -> int:
    """The PMO's scores of ``project`` (criterion id → 0–5, None to clear): validated at once.
    A new value settles a pending proposal on its criterion; an unchanged one leaves it for
    the PMO to decide on the proposals page. ``versions``: criterion id → the version of its
    score the page showed (0: none), EditConflict when one moved. Returns how many rows
    changed; the priority score is recomputed."""
    _check_criteria(project, values)
    rationales = {pk: _clean_rationale(text) for pk, text in (rationales or {}).items()}
    existing = _lock_scores(project, set(values) | set(versions or {}), versions)
    changed = 0
    for criterion_id, value in values.items():
        score = existing.get(criterion_id)
        rationale = rationales.get(criterion_id)
        if value is None:
            # Nothing validated to clear: a pending proposal stays for the PMO to decide.
            if score is None or score.status != ScoreStatus.VALIDATED:
                continue
            score._history_user = user
            score._change_reason = "cleared by the PMO"
            if score.proposed_value is None:
                score.delete()
            else:  # the validated value goes; the proposal stays pending
                score.status, score.value, score.validated_by = ScoreStatus.PROPOSED, 0, None
                score.save()
            changed += 1
            continue
        same_value = (
            score is not None and score.status == ScoreStatus.VALIDATED and score.value == value
        )
        same_rationale = rationale is None or (score is not None and rationale == score.rationale)
        if same_value and same_rationale:
            continue
        if score is None:
            score = ProjectScore(project=project, criterion_id=criterion_id)
        if not same_value:
            score.value = int(value)
            score.status = ScoreStatus.VALIDATED
            score.validated_by = user
            score.proposed_value = None  # the PMO's score settles a pending proposal
        if rationale is not None:
            score.rationale = rationale
        score.full_clean()
        score._history_user = user
        score._change_reason = "entered by the PMO"
        score.save()
        changed += 1
    if changed:
        refresh_priority(project_ids=[project.pk])
    return changed


@transaction.atomic
def propose_scores(
    *,
    project: Project,
    user,
    values: Mapping[int, int | None],
    rationales: Mapping[int, str] | None = None,
    versions: Mapping[int, int | None] | None = None,
) -> int:
    """The project manager's proposals (criterion id → 0–5; None: no proposal). They do not
    count until the PMO validates them; the priority score does not move. A proposal equal
    to the validated score withdraws a pending one. ``versions`` as for ``enter_scores``.
    Returns how many rows changed."""
    _check_criteria(project, values)
    rationales = {pk: _clean_rationale(text) for pk, text in (rationales or {}).items()}
    existing = _lock_scores(project, set(values) | set(versions or {}), versions)
    changed = 0
    for criterion_id, value in values.items():
        if value is None:
            continue
        value = int(value)
        score = existing.get(criterion_id)
        rationale = rationales.get(criterion_id)
        same_rationale = rationale is None or rationale == (score.rationale if score else "")
        if score is None:
            score = ProjectScore(
                project=project,
                criterion_id=criterion_id,
                value=0,  # a placeholder: a score in status "proposed" does not count
                status=ScoreStatus.PROPOSED,
                proposed_value=value,
            )
        elif score.status == ScoreStatus.VALIDATED and score.value == value:
            if score.proposed_value is None:
                continue  # the validated score as it is: nothing to propose
            score.proposed_value = None  # back to the validated value: withdrawn
            rationale = None
        elif score.proposed_value == value and same_rationale:
            continue
        else:
            score.proposed_value = value
        if score.proposed_value is not None:
            score.proposed_by = user
        if rationale is not None:
            score.rationale = rationale
        score.full_clean()
        score._history_user = user
        score._change_reason = "proposed by the project manager"
        score.save()
        changed += 1
    return changed


# --- the PMO's decision on a proposal -----------------------------------------------------


def _pending(score: ProjectScore) -> bool:
    return score.proposed_value is not None or score.status == ScoreStatus.PROPOSED


def _lock_proposal(score: ProjectScore, version: int | None) -> ProjectScore:
    """The proposal's row, locked and at ``version`` (EditConflict otherwise, also when it
    was decided and removed meanwhile); ValidationError when nothing awaits a decision."""
    _lock_project(score.project_id)
    current = (
        ProjectScore.objects.select_for_update(of=("self",))
        .select_related("project", "criterion", "proposed_by")
        .filter(pk=score.pk)
        .first()
    )
    if current is None:
        raise EditConflict(None, message=_("This proposal was decided meanwhile."))
    check_version(current, version)
    if not _pending(current):
        raise ValidationError(_("This score has no proposal awaiting validation."))
    return current


def _proposed(score: ProjectScore) -> int:
    return score.proposed_value if score.proposed_value is not None else score.value


def _decision_key(score: ProjectScore) -> str:
    """The outbox key of the decision on the proposal a locked row holds: the row at its
    version before the decision (a new proposal moves the version, and gets its own mail)."""
    return f"score-proposal:{score.pk}:{score.version}"


def _notify(*, score: ProjectScore, key: str, user, validated: bool, proposed, decided, reason):
    """One e-mail to the proposer (none when they decided themselves, left or have no
    address), in the portal's language like every e-mail of the portal; sent after commit."""
    proposer = score.proposed_by
    if proposer is None or not proposer.is_active or proposer.pk == getattr(user, "pk", None):
        return
    project = score.project
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "recipient": user_label(proposer),
            "decider": user_label(user),
            "project": f"{project.code} {project.name}",
            "criterion": str(score.criterion.label),
            "proposed": proposed,
            "decided": decided,
            "reason": reason,
            "url": settings.PORTAL_BASE_URL.rstrip("/")
            + reverse("portfolios:scoring_project", args=[project.pk]),
        }
        name = "validated" if validated else "rejected"
        subject, body = render_email(f"portfolios/scoring/email/proposal_{name}", context)
    _row, created = enqueue(
        dedup_key=f"{key}:{name}",
        kind=VALIDATED_KIND if validated else REJECTED_KIND,
        recipient=proposer,
        subject=subject,
        body=body,
    )
    if created:
        transaction.on_commit(lambda: deliver_notifications.delay(), robust=True)


@transaction.atomic
def validate_proposal(*, score: ProjectScore, user, version: int | None = None) -> ProjectScore:
    """The PMO accepts a proposal: it becomes the validated score and counts from now on.
    ``version``: the version of the score the page showed (EditConflict if it moved). The
    proposer is told by e-mail."""
    score = _lock_proposal(score, version)
    key, proposed = _decision_key(score), _proposed(score)
    score.value = proposed
    score.proposed_value = None
    score.status = ScoreStatus.VALIDATED
    score.validated_by = user
    score.full_clean()
    score._history_user = user
    score._change_reason = "proposal validated"
    score.save()
    refresh_priority(project_ids=[score.project_id])
    _notify(
        score=score,
        key=key,
        user=user,
        validated=True,
        proposed=proposed,
        decided=proposed,
        reason="",
    )
    return score


@transaction.atomic
def reject_proposal(
    *, score: ProjectScore, user, reason: str, version: int | None = None
) -> ProjectScore | None:
    """The PMO refuses a proposal, saying why (kept in the score's history and sent to the
    proposer). A validated score stays as it was; a criterion that had no validated score is
    left unscored. Returns the remaining row (None when the criterion is unscored again)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the proposal is rejected.")})
    no_control_characters_multiline(reason)
    score = _lock_proposal(score, version)
    key, proposed = _decision_key(score), _proposed(score)
    score._history_user = user
    score._change_reason = f"proposal rejected: {reason}"[:100]
    if score.status == ScoreStatus.PROPOSED:
        score.delete()
        remaining, decided = None, None
    else:
        score.proposed_value = None
        score.full_clean()
        score.save()
        remaining, decided = score, score.value
    _notify(
        score=score,
        key=key,
        user=user,
        validated=False,
        proposed=proposed,
        decided=decided,
        reason=reason,
    )
    return remaining
