"""Writes of a project's lifecycle: start it, request a gate review, decide it, waive a
deliverable, mark a gate condition done.

Concurrency: every write that depends on where the project stands locks its
``ProjectLifecycle`` row (``select_for_update``) first, then re-reads what it checks. Two
deciders deciding the same review at once: the second waits for the first, then finds the
review decided and gets a ``ValidationError`` saying so. Two requests of a review: the second
gets the first's review back (``created`` False).

Notifications go through the outbox after commit, once each (dedup keys
``gate-requested:<review>:<user>`` to the deciders and ``gate-decided:<review>:<user>`` to the
PM and the sponsor), in ``settings.LANGUAGE_CODE``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from governance.models import (
    Deliverable,
    GateCondition,
    GateDecision,
    GateReview,
    GateStatus,
    Methodology,
    Phase,
    ProjectLifecycle,
    RequiredDeliverable,
    VersionStatus,
)
from governance.services.compliance import refresh_compliance
from pmo_portal.emails import render_email
from pmo_portal.notifications import Message, enqueue_many
from pmo_portal.roles import Role
from pmo_portal.tasks import deliver_notifications
from pmo_portal.users import user_label
from portfolios.models import Portfolio
from portfolios.selectors import pmo_people_by_portfolio

REQUESTED_KIND = "gate_review_requested"
DECIDED_KIND = "gate_review_decided"
ADVANCING = {GateDecision.GO, GateDecision.GO_WITH_CONDITIONS}


@dataclass(frozen=True)
class ConditionInput:
    text: str
    owner: object  # a user
    due_date: date


def methodology_for(project) -> Methodology | None:
    """The methodology of the project's type: the one of its business domain if there is
    one, else the type's general one."""
    candidates = {
        m.business_domain_id: m
        for m in Methodology.objects.filter(project_type_id=project.project_type_id)
    }
    return candidates.get(project.business_domain_id) or candidates.get(None)


def start_lifecycle(*, project, user) -> ProjectLifecycle:
    """The project enters the first phase of the latest published version of its
    methodology."""
    methodology = methodology_for(project)
    if methodology is None:
        raise ValidationError(_("No methodology exists for this project's type yet."))
    version = (
        methodology.versions.filter(status=VersionStatus.PUBLISHED).order_by("-number").first()
    )
    if version is None:
        raise ValidationError(
            _("The methodology %(name)s has no published version yet.") % {"name": methodology.name}
        )
    first = version.phases.order_by("order").first()
    if first is None:
        raise ValidationError(_("This methodology version has no phase."))
    with transaction.atomic():
        if ProjectLifecycle.objects.select_for_update().filter(project=project).exists():
            raise ValidationError(_("The lifecycle of this project has already started."))
        lifecycle = ProjectLifecycle(
            project=project, methodology_version=version, current_phase=first
        )
        lifecycle.full_clean()
        lifecycle.save()
        refresh_compliance([project.pk])
    return lifecycle


def _locked_lifecycle(project) -> ProjectLifecycle:
    lifecycle = (
        ProjectLifecycle.objects.select_for_update(of=("self",))
        .select_related("current_phase")
        .filter(project_id=project.pk)
        .first()
    )
    if lifecycle is None:
        raise ValidationError(_("The lifecycle of this project has not started."))
    return lifecycle


def request_gate_review(
    *, project, user, note: str = "", planned_on: date | None = None
) -> tuple[GateReview, bool]:
    """The PM asks the deciders to review the current phase's gate. Returns (review,
    created): while a review is open, asking again returns it unchanged."""
    with transaction.atomic():
        lifecycle = _locked_lifecycle(project)
        existing = GateReview.objects.filter(
            project_id=project.pk, status=GateStatus.REQUESTED
        ).first()
        if existing is not None:
            return existing, False
        if lifecycle.current_phase is None:
            raise ValidationError(_("This project has passed its last gate."))
        review = GateReview(
            project=project,
            phase=lifecycle.current_phase,
            requested_by=user,
            request_note=note,
            planned_on=planned_on,
        )
        review.full_clean(exclude=["decided_by"])  # null until decided
        review.save()
        _notify_requested(review)
    return review, True


def _validate_decision(decision, reasons, conditions) -> None:
    errors = {}
    if decision not in GateDecision.values:
        errors["decision"] = _("Choose a decision.")
    if decision != GateDecision.GO and not reasons.strip():
        errors["reasons"] = _("Give the reasons for this decision.")
    if decision == GateDecision.GO_WITH_CONDITIONS and not conditions:
        errors["conditions"] = _("A go with conditions needs at least one condition.")
    if errors:
        raise ValidationError(errors)


def decide_gate_review(
    *,
    review: GateReview,
    user,
    decision: str,
    reasons: str = "",
    conditions: list[ConditionInput] | tuple = (),
) -> GateReview:
    """Record the decision of an open review. Go (with conditions or not) moves the project to
    the next phase (after the last one, the lifecycle is completed); no-go and postpone keep
    the phase. ``ValidationError`` when someone decided first or the review is withdrawn."""
    conditions = list(conditions) if decision == GateDecision.GO_WITH_CONDITIONS else []
    _validate_decision(decision, reasons, conditions)
    with transaction.atomic():
        lifecycle = _locked_lifecycle(review.project)
        current = (
            GateReview.objects.select_for_update(of=("self",))
            .select_related("decided_by", "phase", "project")
            .get(pk=review.pk)
        )
        if current.status == GateStatus.DECIDED:
            raise ValidationError(
                _("%(who)s decided this gate review first: %(decision)s.")
                % {
                    "who": _user_label(current.decided_by),
                    "decision": current.get_decision_display(),
                }
            )
        if current.status != GateStatus.REQUESTED:
            raise ValidationError(_("This gate review was withdrawn: nothing to decide."))
        current.status = GateStatus.DECIDED
        current.decision = decision
        current.reasons = reasons.strip()
        current.decided_by = user
        current.decided_at = timezone.now()
        current.full_clean(exclude=["requested_by"])  # null when that user was deleted
        current.save()
        for condition in conditions:
            row = GateCondition(
                review=current,
                text=condition.text,
                owner=condition.owner,
                due_date=condition.due_date,
            )
            row.full_clean()
            row.save()
        if decision in ADVANCING and lifecycle.current_phase_id == current.phase_id:
            following = (
                Phase.objects.filter(
                    version_id=lifecycle.methodology_version_id,
                    order__gt=lifecycle.current_phase.order,
                )
                .order_by("order")
                .first()
            )
            lifecycle.current_phase = following
            if following is None:
                lifecycle.completed_at = timezone.now()
            lifecycle._change_reason = f"gate review {current.pk}: {decision}"
            lifecycle.save()
        refresh_compliance([current.project_id])  # phase moved, deliverables now late
        _notify_decided(current)
    return current


def waive_deliverable(
    *, project, requirement: RequiredDeliverable, user, reason: str
) -> Deliverable:
    """The PMO exempts the project from a required deliverable of its methodology version."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why this deliverable is waived.")})
    with transaction.atomic():
        lifecycle = _locked_lifecycle(project)
        if requirement.phase.version_id != lifecycle.methodology_version_id:
            raise ValidationError(_("This deliverable is not one of the project's methodology."))
        deliverable, _created = Deliverable.objects.select_for_update().get_or_create(
            project=project, requirement=requirement
        )
        deliverable.waived = True
        deliverable.waiver_reason = reason.strip()
        deliverable.waived_by = user
        deliverable.full_clean(exclude=["uploaded_by"])  # null for a waiver without a file
        deliverable.save()
        refresh_compliance([project.pk])
    return deliverable


def complete_condition(*, condition: GateCondition, user) -> GateCondition:
    """Mark a gate condition done (once: doing it again changes nothing)."""
    with transaction.atomic():
        current = GateCondition.objects.select_for_update().get(pk=condition.pk)
        if current.done_at is None:
            current.done_at = timezone.now()
            current.save()
    return current


# --- Deciders and notifications ----------------------------------------------------------------


def _user_label(user) -> str:
    return user_label(user) or _("someone")


def deciders_of(review: GateReview) -> list:
    """Who decides ``review``: the phase's named deciders, else by its role (every PMO person
    looking after the project's portfolio; its sponsor; the executives who read it)."""
    phase, project = review.phase, review.project
    named = [user for user in phase.deciders.all() if user.is_active]
    if named:
        return named
    if phase.decider_role == "sponsor":
        return [project.sponsor] if project.sponsor and project.sponsor.is_active else []
    if phase.decider_role == "executive":
        parents = Portfolio.objects.parent_map()
        chain, node = set(), project.portfolio_id
        while node is not None and node not in chain:
            chain.add(node)
            node = parents.get(node)
        users = get_user_model().objects.filter(
            groups__name=Role.EXECUTIVE.value, is_active=True, portfolios__in=chain
        )
        found = list(users.distinct().order_by("pk"))
        sponsor = project.sponsor
        if (
            sponsor is not None
            and sponsor.is_active
            and sponsor.pk not in {u.pk for u in found}
            and sponsor.groups.filter(name=Role.EXECUTIVE.value).exists()
        ):
            found.append(sponsor)
        return found
    return pmo_people_by_portfolio([project.portfolio_id]).get(project.portfolio_id, [])


def _base_url() -> str:
    return str(getattr(settings, "PORTAL_BASE_URL", "http://127.0.0.1:8000")).rstrip("/")


def _context(review: GateReview) -> dict:
    project = review.project
    return {
        "code": project.code,
        "name": project.name,
        "phase": review.phase.name,
        "gate": review.phase.gate_name or review.phase.name,
        "note": review.request_note,
        "planned_on": formats.date_format(review.planned_on, "SHORT_DATE_FORMAT")
        if review.planned_on
        else "",
        "requested_by": _user_label(review.requested_by),
        "url": _base_url() + reverse("governance:project_lifecycle", args=[project.pk]),
    }


def _send(review: GateReview, recipients, *, name: str, kind: str, prefix: str, extra=None):
    messages, seen = [], set()
    with translation.override(settings.LANGUAGE_CODE):
        base = _context(review) | (extra() if extra else {})
        for user in recipients:
            if user is None or user.pk in seen or not user.is_active:
                continue
            seen.add(user.pk)
            subject, body = render_email(name, base | {"recipient": user_label(user)})
            messages.append(
                Message(
                    dedup_key=f"{prefix}:{review.pk}:{user.pk}",
                    kind=kind,
                    recipient=user,
                    subject=subject,
                    body=body,
                )
            )
    if enqueue_many(messages):
        transaction.on_commit(lambda: deliver_notifications.delay(), robust=True)


def _notify_requested(review: GateReview) -> None:
    _send(
        review,
        deciders_of(review),
        name="governance/email/gate_requested",
        kind=REQUESTED_KIND,
        prefix="gate-requested",
    )


def _notify_decided(review: GateReview) -> None:
    project = review.project

    def extra():
        conditions = [
            {
                "text": c.text,
                "owner": _user_label(c.owner),
                "due": formats.date_format(c.due_date, "SHORT_DATE_FORMAT"),
            }
            for c in review.conditions.select_related("owner")
        ]
        return {
            "decision": GateDecision(review.decision).label,
            "reasons": review.reasons,
            "decided_by": _user_label(review.decided_by),
            "conditions": conditions,
        }

    _send(
        review,
        [project.manager, project.sponsor],
        name="governance/email/gate_decided",
        kind=DECIDED_KIND,
        prefix="gate-decided",
        extra=extra,
    )
