"""Writes of closure reviews (lessons/models/closure.py): start one on a closed project with
its final figures captured from the other apps, edit it, draft lessons from it, submit it,
validate it.

Decision: validating a review validates the lessons drafted from it that are still drafts
(the PMO read them with the review; one it does not want it archives first from the lesson's
page). Permissions are the views' (lessons/rules_closure.py); the services check the state.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.models import GateDecision, GateReview, GateStatus
from lessons.models import ClosureReview, ClosureStatus, Lesson, LessonStatus
from lessons.services import register
from pmo_portal.concurrency import lock_version
from portfolios.models import Project, ProjectStatus
from resources.models import Nature
from resources.selectors.budgets import project_budget

# What the manager writes on the review's edit page.
REVIEW_FIELDS = ("scope_delivered", "scope_notes", "went_well", "went_badly")
PASSED = (GateDecision.GO, GateDecision.GO_WITH_CONDITIONS)
CENT = Decimal("0.01")


def final_figures(project: Project) -> dict:
    """The figures a review stores, read now: the planned end (the baseline end when there is
    one), the actual end, the budget page's approved, actual and committed amounts of each
    nature (every fiscal year), and the gates decided and passed."""
    budget = project_budget(project=project)
    natures = (Nature.CAPEX, Nature.OPEX)
    by_nature = dict(zip(natures, (f for _l, f in budget["by_nature"]), strict=True))
    decided = GateReview.objects.filter(project=project, status=GateStatus.DECIDED)
    figures = {
        "planned_end": project.baseline_end or project.planned_end,
        "actual_end": project.actual_end,
        "gates_decided": decided.count(),
        "gates_passed": decided.filter(decision__in=PASSED).count(),
    }
    for nature, prefix in ((Nature.CAPEX, "capex"), (Nature.OPEX, "opex")):
        figures[f"{prefix}_approved"] = _cents(by_nature[nature].approved)
        figures[f"{prefix}_actual"] = _cents(by_nature[nature].actual)
        figures[f"{prefix}_committed"] = _cents(by_nature[nature].committed)
    return figures


def _cents(amount) -> Decimal:
    """An amount to the cent: SQLite (the embedded demo) sums money as floats."""
    return Decimal(str(amount or 0)).quantize(CENT)


def start_review(*, project: Project, user) -> ClosureReview:
    """The closure review of ``project`` (a closed project), its figures captured now. A
    second click returns the review already started."""
    existing = ClosureReview.objects.filter(project=project).first()
    if existing is not None:
        return existing
    if project.status != ProjectStatus.CLOSED:
        raise ValidationError(_("Only a closed project has a closure review."))
    review = ClosureReview(
        project=project, created_by=user, captured_at=timezone.now(), **final_figures(project)
    )
    review.full_clean(exclude=["project"])
    review._history_user = user
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError:  # started meanwhile by someone else
        return ClosureReview.objects.get(project=project)
    return review


@transaction.atomic
def recapture_figures(*, review: ClosureReview, user, version: int | None = None):
    """Capture the final figures again (a late invoice), while the review is a draft."""
    review = lock_version(
        ClosureReview.objects.select_related("project"), pk=review.pk, version=version
    )
    if review.status != ClosureStatus.DRAFT:
        raise ValidationError(_("Only a draft review takes its figures again."))
    for name, value in final_figures(review.project).items():
        setattr(review, name, value)
    review.captured_at = timezone.now()
    review._history_user = user
    review.save()
    return review


@transaction.atomic
def update_review(*, review: ClosureReview, user, fields: dict, version: int | None = None):
    """Change what the review says. EditConflict when someone saved it since ``version``;
    PermissionDenied when the user may no longer change it (submitted meanwhile)."""
    review = lock_version(
        ClosureReview.objects.select_related("project"), pk=review.pk, version=version
    )
    if not user.has_perm("lessons.change_closure_review", review):
        raise PermissionDenied
    for name in REVIEW_FIELDS:
        setattr(review, name, fields[name])
    review.full_clean(exclude=["project"])
    review._history_user = user
    review.save()
    return review


@transaction.atomic
def draft_lesson(*, review: ClosureReview, user, fields: dict) -> Lesson:
    """A draft lesson from the review: its source is the project, with the project's domain
    and type."""
    project = review.project
    lesson = register.create_lesson(
        user=user,
        fields={
            **fields,
            "source_project": project,
            "source_project_label": "",
            "business_domain_id": project.business_domain_id,
            "project_type_id": project.project_type_id,
            "date": fields.get("date") or timezone.localdate(),
        },
    )
    review.lessons.add(lesson)
    return lesson


def _locked(review: ClosureReview, allowed: tuple[str, ...], message: str) -> ClosureReview:
    review = ClosureReview.objects.select_for_update().get(pk=review.pk)
    if review.status not in allowed:
        raise ValidationError(message)
    return review


@transaction.atomic
def submit_review(*, review: ClosureReview, user) -> ClosureReview:
    """The manager submits the review to the PMO."""
    review = _locked(review, (ClosureStatus.DRAFT,), _("This review is already submitted."))
    review.status = ClosureStatus.SUBMITTED
    review.submitted_at = timezone.now()
    review._history_user = user
    review.save()
    return review


@transaction.atomic
def return_review(*, review: ClosureReview, user) -> ClosureReview:
    """The PMO sends a submitted review back to its manager (a draft again)."""
    review = _locked(review, (ClosureStatus.SUBMITTED,), _("Only a submitted review goes back."))
    review.status = ClosureStatus.DRAFT
    review._history_user = user
    review.save()
    return review


@transaction.atomic
def validate_review(*, review: ClosureReview, user) -> ClosureReview:
    """The PMO validates a submitted review and the lessons drafted from it still in draft."""
    review = _locked(review, (ClosureStatus.SUBMITTED,), _("Only a submitted review is validated."))
    review.status = ClosureStatus.VALIDATED
    review.validated_by = user
    review.validated_at = timezone.now()
    review._history_user = user
    review.save()
    for lesson in review.lessons.filter(status=LessonStatus.DRAFT):
        register.validate_lesson(lesson=lesson, user=user)
    return review
