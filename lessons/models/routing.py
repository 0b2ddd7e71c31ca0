"""Lessons routed to live projects (issue 13): one row per (lesson, project), suggested by
the ranking engine (lessons/routing/engine.py) or routed by hand by the PMO, then marked
applied or not relevant by the project's manager or the PMO. The nightly refresh
(lessons/services/routing.py) rewrites the automatic suggestions and keeps manual routes and
every decision.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmo_portal.concurrency import VersionedModel
from pmo_portal.validators import no_control_characters_multiline


class RouteSource(models.TextChoices):
    AUTOMATIC = "automatic", _("Automatic")
    MANUAL = "manual", _("Routed by the PMO")


class RouteStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    APPLIED = "applied", _("Applied")
    NOT_RELEVANT = "not_relevant", _("Not relevant")


class LessonRoute(VersionedModel):
    lesson = models.ForeignKey(
        "lessons.Lesson", on_delete=models.CASCADE, related_name="routes", verbose_name=_("lesson")
    )
    project = models.ForeignKey(
        "portfolios.Project",
        on_delete=models.CASCADE,
        related_name="lesson_routes",
        verbose_name=_("project"),
    )
    source = models.CharField(
        _("source"), max_length=10, choices=RouteSource.choices, default=RouteSource.AUTOMATIC
    )
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("routed by"),
    )
    score = models.FloatField(_("score"), default=0.0)
    # The engine's reasons as data ([{"kind": "domain"}, ...]), rendered in the reader's
    # language (lessons/routing/reasons.py).
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RouteStatus.choices, default=RouteStatus.SUGGESTED
    )
    reason = models.TextField(_("reason"), blank=True, validators=[no_control_characters_multiline])
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-score", "lesson_id"]
        verbose_name = _("routed lesson")
        verbose_name_plural = _("routed lessons")
        constraints = [
            models.UniqueConstraint(fields=["lesson", "project"], name="lesson_route_unique"),
            models.CheckConstraint(
                condition=~Q(status="not_relevant") | ~Q(reason=""),
                name="lesson_route_not_relevant_has_reason",
            ),
        ]
        indexes = [
            # The project tab: a project's routes by score.
            models.Index(fields=["project", "status", "-score"], name="lesson_route_project"),
            # The coverage page and the feedback of similar projects: a lesson's routes.
            models.Index(fields=["lesson", "status"], name="lesson_route_lesson"),
        ]

    def __str__(self) -> str:
        return f"{self.lesson_id} → {self.project_id}"
