"""The PMO's référentiel: methodologies, phases, required deliverables, templates, guides
(see governance.models)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmo_portal.concurrency import VersionedModel
from pmo_portal.validators import no_control_characters, no_control_characters_multiline
from portfolios.models import BusinessDomain, ProjectType

KEY = RegexValidator(r"^[a-z0-9][a-z0-9_-]*$", _("Lower-case letters, digits, - and _ only."))


def _random_name(folder: str, filename: str) -> str:
    """A stored name that says nothing and cannot be chosen: ``<folder>/<uuid>.<ext>``."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    if not extension.isalnum() or len(extension) > 5:
        extension = "bin"
    return f"governance/{folder}/{uuid.uuid4().hex}.{extension}"


def template_upload_to(instance, filename: str) -> str:
    return _random_name("templates", filename)


def deliverable_upload_to(instance, filename: str) -> str:
    return _random_name("deliverables", filename)


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class DeciderRole(models.TextChoices):
    """Who decides a gate when no one is named: a role of the project or of the portal."""

    PMO = "pmo", _("The PMO")
    SPONSOR = "sponsor", _("The project's sponsor")
    EXECUTIVE = "executive", _("An executive of the portfolio")


class Methodology(models.Model):
    name = models.CharField(_("name"), max_length=120, validators=[no_control_characters])
    description = models.TextField(
        _("description"), blank=True, validators=[no_control_characters_multiline]
    )
    project_type = models.ForeignKey(
        ProjectType,
        on_delete=models.PROTECT,
        related_name="methodologies",
        verbose_name=_("project type"),
    )
    business_domain = models.ForeignKey(
        BusinessDomain,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="methodologies",
        verbose_name=_("business domain"),
        help_text=_("Empty: every business domain of the project type."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("methodology")
        verbose_name_plural = _("methodologies")
        constraints = [
            models.UniqueConstraint(
                fields=["project_type", "business_domain"],
                name="governance_one_methodology_per_type_and_domain",
            ),
            models.UniqueConstraint(
                fields=["project_type"],
                condition=Q(business_domain__isnull=True),
                name="governance_one_methodology_per_type",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MethodologyVersion(VersionedModel):
    methodology = models.ForeignKey(Methodology, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version number"), validators=[MinValueValidator(1)])
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    change_note = models.TextField(
        _("what changes"), blank=True, validators=[no_control_characters_multiline]
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["methodology", "-number"]
        verbose_name = _("methodology version")
        verbose_name_plural = _("methodology versions")
        constraints = [
            models.UniqueConstraint(
                fields=["methodology", "number"], name="governance_version_number_unique"
            ),
            models.UniqueConstraint(
                fields=["methodology"],
                condition=Q(status="draft"),
                name="governance_one_draft_per_methodology",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.methodology} v{self.number}"


class Phase(models.Model):
    # Not a VersionedModel: its ``version`` is the methodology version it belongs to. Edits
    # of a draft are checked on the draft (governance/services/methods.py).
    version = models.ForeignKey(MethodologyVersion, on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField(_("order"))
    key = models.SlugField(_("key"), max_length=40, validators=[KEY])
    name = models.CharField(_("name"), max_length=80, validators=[no_control_characters])
    description = models.TextField(
        _("description"), blank=True, validators=[no_control_characters_multiline]
    )
    gate_name = models.CharField(
        _("gate"), max_length=120, blank=True, validators=[no_control_characters]
    )
    gate_criteria = models.TextField(
        _("gate criteria"), blank=True, validators=[no_control_characters_multiline]
    )
    decider_role = models.CharField(
        _("decided by"), max_length=12, choices=DeciderRole.choices, default=DeciderRole.PMO
    )
    deciders = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("named deciders"),
        help_text=_("When named, they decide the gate instead of the role."),
    )

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="governance_phase_order"),
            models.UniqueConstraint(fields=["version", "key"], name="governance_phase_key"),
        ]

    def __str__(self) -> str:
        return self.name


class DocumentTemplate(models.Model):
    """A document of the PMO's library (note de lancement, COPIL report…): its versions hold
    the files."""

    name = models.CharField(_("name"), max_length=120, validators=[no_control_characters])
    description = models.TextField(
        _("description"), blank=True, validators=[no_control_characters_multiline]
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    project_types = models.ManyToManyField(
        ProjectType, blank=True, related_name="+", verbose_name=_("project types")
    )
    business_domains = models.ManyToManyField(
        BusinessDomain, blank=True, related_name="+", verbose_name=_("business domains")
    )
    phase_keys = models.JSONField(
        _("phases"), default=list, blank=True, help_text=_("Phase keys; empty: every phase.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")

    def __str__(self) -> str:
        return self.name


class TemplateFormat(models.TextChoices):
    DOCX = "docx", "Word (.docx)"
    XLSX = "xlsx", "Excel (.xlsx)"
    PPTX = "pptx", "PowerPoint (.pptx)"
    ODT = "odt", "OpenDocument (.odt)"
    PDF = "pdf", "PDF"


class TemplateVersion(models.Model):
    template = models.ForeignKey(
        DocumentTemplate, on_delete=models.CASCADE, related_name="versions"
    )
    major = models.PositiveSmallIntegerField(_("major"))
    minor = models.PositiveSmallIntegerField(_("minor"), default=0)
    patch = models.PositiveSmallIntegerField(_("patch"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    change_note = models.TextField(
        _("change note"), blank=True, validators=[no_control_characters_multiline]
    )
    file = models.FileField(_("file"), upload_to=template_upload_to, max_length=200)
    original_name = models.CharField(
        _("file name"), max_length=200, validators=[no_control_characters]
    )
    format = models.CharField(_("format"), max_length=5, choices=TemplateFormat.choices)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField("SHA-256", max_length=64)
    placeholders = models.JSONField(_("placeholders"), default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["template", "-major", "-minor", "-patch"]
        verbose_name = _("template version")
        verbose_name_plural = _("template versions")
        constraints = [
            models.UniqueConstraint(
                fields=["template", "major", "minor", "patch"],
                name="governance_template_version_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.template} {self.label}"

    @property
    def label(self) -> str:
        return f"v{self.major}.{self.minor}.{self.patch}"


class RequiredDeliverable(models.Model):
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="deliverables")
    name = models.CharField(_("name"), max_length=120, validators=[no_control_characters])
    description = models.TextField(
        _("description"), blank=True, validators=[no_control_characters_multiline]
    )
    template = models.ForeignKey(
        DocumentTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="required_by",
        verbose_name=_("template"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["phase", "order", "name"]
        verbose_name = _("required deliverable")
        verbose_name_plural = _("required deliverables")

    def __str__(self) -> str:
        return self.name


class Guide(models.Model):
    """Best practice in Markdown (rendered through nh3: no raw HTML), shown on the project
    page for the matching type, domain and phase ("what is expected now")."""

    title = models.CharField(_("title"), max_length=150, validators=[no_control_characters])
    body = models.TextField(_("text (Markdown)"), validators=[no_control_characters_multiline])
    project_type = models.ForeignKey(
        ProjectType,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project type"),
    )
    business_domain = models.ForeignKey(
        BusinessDomain,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("business domain"),
    )
    phase_key = models.CharField(_("phase"), max_length=40, blank=True, validators=[KEY])
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("best-practice guide")
        verbose_name_plural = _("best-practice guides")

    def __str__(self) -> str:
        return self.title
