"""Steering committees (COPIL): meetings, their decision log, and their PDF packs.

A meeting belongs to a portfolio node (its sub-portfolios included) or to one project. The
pack is a row first (``CopilPack``): requested → rendered by a Celery task on the ``pdf``
queue → archived immutably (file, size, pages, SHA-256, the time the data was read).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmo_portal import roles
from pmo_portal.concurrency import VersionedModel
from pmo_portal.validators import no_control_characters, no_control_characters_multiline
from portfolios.models import Portfolio, Project


class MeetingLanguage(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")


class ProjectOrder(models.TextChoices):
    HEALTH = "health", _("By health, worst first")
    PRIORITY = "priority", _("By priority score, highest first")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class CopilMeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Meetings ``user`` may read: the PMO all; others those they attend, those of the
        portfolios they are a member of (sub-portfolios included), and project COPILs of
        the projects they manage, deputise or sponsor."""
        if not user.is_authenticated or not roles.has_any_role(user):
            return self.none()
        if roles.has_role(user, roles.Role.PMO):
            return self
        member_of = list(roles.member_portfolio_ids(user))
        portfolio_ids = Portfolio.objects.subtree_ids(member_of) if member_of else set()
        people = Q(project__manager=user) | Q(project__sponsor=user)
        deputised = Project.deputies.through.objects.filter(user=user).values("project")
        return self.filter(
            Q(
                pk__in=CopilMeeting.attendees.through.objects.filter(user=user).values(
                    "copilmeeting"
                )
            )
            | Q(portfolio_id__in=portfolio_ids)
            | Q(project__portfolio_id__in=portfolio_ids)
            | people
            | Q(project_id__in=deputised)
        )


class CopilMeeting(VersionedModel):
    title = models.CharField(_("title"), max_length=200, validators=[no_control_characters])
    portfolio = models.ForeignKey(
        Portfolio,
        verbose_name=_("portfolio"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="copil_meetings",
        help_text=_("A portfolio COPIL covers its sub-portfolios too."),
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="copil_meetings",
        help_text=_("For a project COPIL, instead of a portfolio."),
    )
    scheduled_at = models.DateTimeField(_("date and time"))
    location = models.CharField(
        _("location"), max_length=200, blank=True, validators=[no_control_characters]
    )
    agenda = models.TextField(_("agenda"), blank=True, validators=[no_control_characters_multiline])
    minutes = models.TextField(
        _("minutes"), blank=True, validators=[no_control_characters_multiline]
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendees"),
        blank=True,
        related_name="copil_meetings",
    )
    language = models.CharField(
        _("language of the pack"),
        max_length=2,
        choices=MeetingLanguage.choices,
        default=MeetingLanguage.FRENCH,
    )
    project_order = models.CharField(
        _("order of the projects in the pack"),
        max_length=10,
        choices=ProjectOrder.choices,
        default=ProjectOrder.HEALTH,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    series = models.UUIDField(
        _("series"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Meetings planned together as one recurring series."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CopilMeetingQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        ordering = ["scheduled_at", "pk"]
        verbose_name = _("steering committee")
        verbose_name_plural = _("steering committees")
        constraints = [
            models.CheckConstraint(
                condition=Q(portfolio__isnull=False, project__isnull=True)
                | Q(portfolio__isnull=True, project__isnull=False),
                name="copil_portfolio_xor_project",
            ),
            models.UniqueConstraint(
                fields=["portfolio", "scheduled_at"],
                condition=Q(portfolio__isnull=False),
                name="copil_one_per_portfolio_time",
            ),
            models.UniqueConstraint(
                fields=["project", "scheduled_at"],
                condition=Q(project__isnull=False),
                name="copil_one_per_project_time",
            ),
        ]
        indexes = [
            # The scheduled pack task: planned meetings of the next few days.
            models.Index(fields=["status", "scheduled_at"], name="copil_upcoming"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reporting:copil_detail", args=[self.pk])

    @property
    def scope_label(self) -> str:
        return str(self.portfolio or self.project)

    def clean(self) -> None:
        super().clean()
        if bool(self.portfolio_id) == bool(self.project_id):
            raise ValidationError(
                {"portfolio": _("Choose either a portfolio or a project, not both.")}
            )


class DecisionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class CopilDecision(VersionedModel):
    """One line of a meeting's decision log (relevé de décisions); followed up at the next."""

    meeting = models.ForeignKey(
        CopilMeeting,
        verbose_name=_("steering committee"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    text = models.TextField(_("decision"), validators=[no_control_characters_multiline])
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copil_decisions",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=DecisionStatus.choices, default=DecisionStatus.OPEN
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copil_decisions",
    )
    follow_up = models.TextField(
        _("follow-up"), blank=True, validators=[no_control_characters_multiline]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("COPIL decision")
        verbose_name_plural = _("COPIL decisions")

    def __str__(self) -> str:
        return self.text[:80]


class PackStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Generating")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class PackTrigger(models.TextChoices):
    ON_DEMAND = "on_demand", _("On demand")
    SCHEDULED = "scheduled", _("Scheduled")


ACTIVE_PACK_STATUSES = (PackStatus.PENDING, PackStatus.RUNNING)


def pack_upload_to(pack: CopilPack, filename: str) -> str:
    return f"copil/packs/{pack.meeting_id}/{filename}"


class CopilPack(models.Model):
    """One generation of a meeting's pack. Once done, nothing about it changes: its file,
    size, page count and SHA-256 stay as archived, and it stays downloadable."""

    meeting = models.ForeignKey(
        CopilMeeting,
        verbose_name=_("steering committee"),
        on_delete=models.PROTECT,
        related_name="packs",
    )
    trigger = models.CharField(
        _("trigger"), max_length=10, choices=PackTrigger.choices, default=PackTrigger.ON_DEMAND
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PackStatus.choices, default=PackStatus.PENDING
    )
    language = models.CharField(_("language"), max_length=2, choices=MeetingLanguage.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    # Written every few seconds while a worker renders, and when the sweeper queues the pack
    # again: a running pack without a recent one lost its worker (services.copil.STALE_AFTER).
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), upload_to=pack_upload_to, blank=True, max_length=300)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    snapshot_at = models.DateTimeField(_("data as of"), null=True, blank=True)
    render_seconds = models.FloatField(_("rendering time (s)"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("COPIL pack")
        verbose_name_plural = _("COPIL packs")
        constraints = [
            # A second click while one is waiting or generating does not start another.
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(status__in=["pending", "running"]),
                name="copil_pack_one_active",
            ),
            # Two beat ticks for the same meeting make one scheduled pack.
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(trigger="scheduled"),
                name="copil_pack_one_scheduled",
            ),
            models.CheckConstraint(
                condition=~Q(status="done")
                | (Q(page_count__isnull=False, size__isnull=False) & ~Q(sha256="")),
                name="copil_pack_done_is_archived",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_PACK_STATUSES


class CopilSettings(VersionedModel):
    """The PMO's settings for COPIL packs (a single row)."""

    organisation = models.CharField(
        _("organisation name"),
        max_length=150,
        blank=True,
        help_text=_("Shown on the cover."),
        validators=[no_control_characters],
    )
    logo = models.FileField(
        _("logo"),
        upload_to="copil/logo/",
        blank=True,
        help_text=_("PNG or JPEG, at most 1 MB. Shown on the cover of every pack."),
    )
    confidentiality = models.CharField(
        _("confidentiality mention"),
        max_length=200,
        blank=True,
        help_text=_(
            "Printed on the cover and at the foot of every page. Empty: "
            "“Confidential — restricted distribution”, in the language of the pack."
        ),
        validators=[no_control_characters],
    )
    days_before = models.PositiveSmallIntegerField(
        _("generate the pack this many days before the meeting"),
        default=2,
        validators=[MinValueValidator(0), MaxValueValidator(30)],
    )
    exceptions_over = models.PositiveIntegerField(
        _("exceptions pack above this many projects"),
        default=40,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
        help_text=_(
            "A pack whose scope holds more projects shows one page only for each project "
            "that needs the committee, and lists the others in one appendix table."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("COPIL settings")
        verbose_name_plural = _("COPIL settings")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> CopilSettings:
        return cls.objects.first() or cls()
