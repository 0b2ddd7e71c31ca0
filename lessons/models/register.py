"""The lessons register (retours d'expérience): what past projects taught, written so that a
live project can use it (issue 13).

A lesson is drafted by a project manager or the PMO, validated by the PMO (only validated
lessons are read beyond their author and the PMO), and archived when it no longer applies.
Its ``search_vector`` is written by the services (lessons/services/register.py) in the
lesson's language, French or English, and searched with PostgreSQL full-text search; on the
embedded SQLite demo the column stays empty and the search falls back to plain matching.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Index, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmo_portal.concurrency import VersionedModel
from pmo_portal.validators import no_control_characters, no_control_characters_multiline


class Category(models.TextChoices):
    PLANNING = "planning", _("Planning")
    SUPPLIERS = "suppliers", _("Suppliers")
    CHANGE_MANAGEMENT = "change_management", _("Change management")
    TECHNICAL = "technical", _("Technical")
    SECURITY = "security", _("Security")
    GOVERNANCE = "governance", _("Governance")
    RESOURCES = "resources", _("Resources")
    BUDGET = "budget", _("Budget")
    QUALITY = "quality", _("Quality")
    COMMUNICATION = "communication", _("Communication")
    OTHER = "other", _("Other")


class Impact(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Language(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")


class LessonStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    VALIDATED = "validated", _("Validated")
    ARCHIVED = "archived", _("Archived")


# The PostgreSQL text-search configuration of each language.
SEARCH_CONFIGS = {Language.FRENCH: "french", Language.ENGLISH: "english"}


class PortableGinIndex(GinIndex):
    """A GIN index on PostgreSQL; a plain index on SQLite (the embedded demo), which has no
    GIN and never fills the column anyway."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return Index.create_sql(self, model, schema_editor, using=using, **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def check_supported(self, schema_editor):
        return None


class Lesson(VersionedModel):
    title = models.CharField(_("title"), max_length=200, validators=[no_control_characters])
    context = models.TextField(_("context"), validators=[no_control_characters_multiline])
    what_happened = models.TextField(
        _("what happened"), blank=True, validators=[no_control_characters_multiline]
    )
    recommendation = models.TextField(
        _("recommendation"), validators=[no_control_characters_multiline]
    )
    category = models.CharField(
        _("category"), max_length=30, choices=Category.choices, default=Category.OTHER
    )
    # The phase by name, as registers and methods name it ("Recette", "Build"…): phases belong
    # to each methodology of governance, and an imported lesson names one of a past method.
    phase = models.CharField(
        _("phase"), max_length=100, blank=True, validators=[no_control_characters]
    )
    business_domain = models.ForeignKey(
        "portfolios.BusinessDomain",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("business domain"),
    )
    project_type = models.ForeignKey(
        "portfolios.ProjectType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("project type"),
    )
    # Comma-separated, normalised by the services ("données de test, RGPD"): portable (no
    # ArrayField) and searched with the text.
    tags = models.CharField(
        _("tags"), max_length=500, blank=True, validators=[no_control_characters]
    )
    impact = models.CharField(
        _("impact"), max_length=10, choices=Impact.choices, default=Impact.MEDIUM
    )
    source_project = models.ForeignKey(
        "portfolios.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("source project"),
    )
    # A past project that is not in the portal (imported registers name them).
    source_project_label = models.CharField(
        _("source project (not in the portal)"),
        max_length=200,
        blank=True,
        validators=[no_control_characters],
    )
    date = models.DateField(_("date"), null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FRENCH
    )
    status = models.CharField(
        _("status"), max_length=10, choices=LessonStatus.choices, default=LessonStatus.DRAFT
    )
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validated by"),
    )
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    # Normalised title, source and date: how an import recognises a lesson already in the
    # register (lessons/services/lesson_import.py).
    fingerprint = models.CharField(max_length=64, editable=False, db_index=True)
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_vector", "fingerprint"])

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="validated") | Q(validated_at__isnull=False),
                name="lesson_validated_has_date",
            ),
        ]
        indexes = [
            # The full-text search of the register (lessons/selectors.py, search()).
            PortableGinIndex(fields=["search_vector"], name="lesson_search_gin"),
            # The register filtered by status (every reader but the PMO sees validated ones).
            models.Index(fields=["status", "date"], name="lesson_status_date"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("lessons:lesson_detail", args=[self.pk])

    @property
    def tag_list(self) -> list[str]:
        return [tag for tag in (part.strip() for part in self.tags.split(",")) if tag]

    @property
    def source_label(self) -> str:
        """The source project as shown: its code and name, or the past project's label."""
        if self.source_project_id:
            return str(self.source_project)
        return self.source_project_label
