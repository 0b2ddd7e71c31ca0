"""Compliance writes and warnings, run daily by beat (governance/tasks.py).

- ``snapshot_compliance``: upserts the current month's ``ComplianceSnapshot`` of every project
  under a methodology (the trend of the compliance page reads them). Idempotent: a rerun the
  same month overwrites the month's row with the figures of the day.
- ``warn_missing_deliverables``: for each project whose current phase has a gate review
  requested and planned within ``WARNING_DAYS`` days (today included), while a required
  deliverable of that phase is missing (no file and not waived), e-mails the project manager
  and the deputies once (outbox key ``gate-deliverables-missing:{review}:{user}``).

Both run a fixed number of queries whatever the number of projects.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.http import urlencode

from governance.models import (
    ComplianceSnapshot,
    CurrentCompliance,
    Deliverable,
    GateReview,
    GateStatus,
    RequiredDeliverable,
)
from governance.selectors.compliance import figures_by_project, month_start
from pmo_portal.emails import render_email
from pmo_portal.notifications import Message, enqueue_many, wants
from pmo_portal.tasks import deliver_notifications
from pmo_portal.users import user_label
from portfolios.models import Project

WARNING_DAYS = 5
WARNING_KIND = "gate_deliverables_missing"
PREFERENCE = "email_reminders"


COUNTS = ("expected", "present", "waived", "missing", "late", "outdated")


def _write_current(figures: dict, project_ids=None) -> None:
    """Upsert the ``CurrentCompliance`` rows of ``figures`` ({project id: Figures}); the rows
    of ``project_ids`` (all rows when None) that are not in ``figures`` (no lifecycle any
    more) are deleted."""
    stale = CurrentCompliance.objects.exclude(project_id__in=list(figures))
    if project_ids is not None:
        stale = stale.filter(project_id__in=project_ids)
    stale.delete()
    CurrentCompliance.objects.bulk_create(
        [
            CurrentCompliance(project_id=pk, **{name: getattr(f, name) for name in COUNTS})
            for pk, f in figures.items()
        ],
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["project"],
        update_fields=[*COUNTS, "refreshed_at"],
    )


def refresh_compliance(project_ids) -> None:
    """Recompute the current compliance of ``project_ids`` (the live definition of
    governance/selectors/compliance.py) and rewrite their ``CurrentCompliance`` rows: the
    services that change an input (lifecycle, gate, deliverable, waiver, migration, template
    versions) call it inside their transaction. Three queries whatever the number."""
    ids = sorted({int(pk) for pk in project_ids})
    if not ids:
        return
    with transaction.atomic():
        figures = figures_by_project(projects=Project.objects.filter(pk__in=ids))
        _write_current(figures, ids)


def refresh_compliance_of_templates(template_ids) -> None:
    """Refresh the projects holding a deliverable made from a version of ``template_ids``
    (publishing or retiring a version changes which of them are outdated)."""
    refresh_compliance(
        Deliverable.objects.filter(template_version__template_id__in=list(template_ids))
        .values_list("project_id", flat=True)
        .distinct()
    )


def snapshot_compliance(*, today: date | None = None) -> int:
    """Write this month's snapshot of every project under a methodology and reconcile every
    project's ``CurrentCompliance`` row; returns how many snapshots."""
    month = month_start(today or timezone.localdate())
    figures = figures_by_project(projects=Project.objects.all())
    rows = [
        ComplianceSnapshot(
            project_id=project_id,
            month=month,
            expected=f.expected,
            present=f.present,
            missing=f.missing,
            late=f.late,
            outdated=f.outdated,
        )
        for project_id, f in figures.items()
    ]
    with transaction.atomic():
        ComplianceSnapshot.objects.bulk_create(
            rows,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["project", "month"],
            update_fields=["expected", "present", "missing", "late", "outdated"],
        )
        _write_current(figures)
    return len(rows)


def _base_url() -> str:
    return str(getattr(settings, "PORTAL_BASE_URL", "http://127.0.0.1:8000")).rstrip("/")


def due_reviews(*, today: date) -> list[GateReview]:
    """Open gate reviews of the project's current phase planned from ``today`` to
    ``today + WARNING_DAYS``, with their project, manager and phase: one query."""
    return list(
        GateReview.objects.filter(
            status=GateStatus.REQUESTED,
            planned_on__gte=today,
            planned_on__lte=today + timedelta(days=WARNING_DAYS),
            project__is_archived=False,
            project__lifecycle__current_phase=F("phase"),
        ).select_related("project__manager__notification_preference", "phase")
    )


def missing_by_review(reviews: list[GateReview]) -> dict[int, list[str]]:
    """{review pk: names of the required deliverables of its phase still missing}: two
    queries."""
    if not reviews:
        return {}
    phase_ids = {review.phase_id for review in reviews}
    required = defaultdict(list)
    for requirement in RequiredDeliverable.objects.filter(phase_id__in=phase_ids).order_by(
        "order", "name", "pk"
    ):
        required[requirement.phase_id].append(requirement)
    done = set(
        Deliverable.objects.filter(
            project_id__in={review.project_id for review in reviews},
            requirement__phase_id__in=phase_ids,
        )
        .filter(Q(waived=True) | ~Q(file=""))
        .values_list("project_id", "requirement_id")
    )
    return {
        review.pk: [
            r.name for r in required[review.phase_id] if (review.project_id, r.pk) not in done
        ]
        for review in reviews
    }


def warn_missing_deliverables(*, today: date | None = None) -> dict:
    """E-mail the PM and deputies of each project whose planned gate is near while
    deliverables of the phase are missing (see the module docstring). Idempotent."""
    today = today or timezone.localdate()
    reviews = due_reviews(today=today)
    missing = missing_by_review(reviews)
    reviews = [review for review in reviews if missing.get(review.pk)]
    deputies = defaultdict(list)
    if reviews:
        through = Project.deputies.through.objects.filter(
            project_id__in={review.project_id for review in reviews}
        ).select_related("user__notification_preference")
        for link in through:
            deputies[link.project_id].append(link.user)
    messages: list[Message] = []
    with translation.override(settings.LANGUAGE_CODE):
        for review in reviews:
            project = review.project
            seen = set()
            for user in [project.manager, *deputies[project.pk]]:
                if user.pk in seen or not user.is_active or not wants(user, PREFERENCE):
                    continue
                seen.add(user.pk)
                context = {
                    "recipient": user_label(user),
                    "code": project.code,
                    "name": project.name,
                    "phase": review.phase.name,
                    "gate": review.phase.gate_name or review.phase.name,
                    "planned_on": date_format(review.planned_on, "SHORT_DATE_FORMAT"),
                    "days": (review.planned_on - today).days,
                    "deliverables": missing[review.pk],
                    "url": _base_url()
                    + reverse("governance:compliance_deliverables")
                    + "?"
                    + urlencode({"q": project.code, "state": "missing"}),
                }
                subject, body = render_email("governance/email/deliverables_missing", context)
                messages.append(
                    Message(
                        dedup_key=f"gate-deliverables-missing:{review.pk}:{user.pk}",
                        kind=WARNING_KIND,
                        recipient=user,
                        subject=subject,
                        body=body,
                    )
                )
    with transaction.atomic():
        created = enqueue_many(messages)
        if created:
            transaction.on_commit(lambda: deliver_notifications.delay(), robust=True)
    return {"reviews": len(reviews), "messages": len(created)}
