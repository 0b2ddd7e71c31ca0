"""Cross-cutting models of the foundations layer."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pmo_portal.validators import no_control_characters


class Heartbeat(models.Model):
    """When a periodic task last ran; /healthz reads it to tell the scheduler is alive."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    last_seen = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return self.name


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    """The outbox: every e-mail is a row first, then a delivery task sends it.

    ``dedup_key`` is unique: whoever enqueues the same message twice (a rerun of a scheduled
    task, a retried worker) gets the existing row back, so nothing is sent twice. Delivery
    claims a row with a conditional UPDATE (pending → sending), so two workers never send the
    same row; a failure puts it back to pending with a later ``next_attempt_at`` (backoff).
    """

    dedup_key = models.CharField(_("de-duplication key"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=50)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    to_email = models.EmailField(_("e-mail address"))
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(_("body"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NotificationStatus.choices,
        default=NotificationStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # When delivery was given up (refused by the server, or still undelivered after
    # notifications.MAX_AGE): the PMO's notice and /healthz count the recent ones.
    failed_at = models.DateTimeField(_("given up"), null=True, blank=True)
    # Times the row was found abandoned in "sending" (its worker died): a message that kills
    # its worker is failed after notifications.MAX_LOST_CLAIMS instead of looping.
    lost_claims = models.PositiveSmallIntegerField(_("lost claims"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The delivery task's claim: pending rows whose next attempt is due.
            models.Index(fields=["status", "next_attempt_at"], name="notification_due"),
            # /healthz and the PMO's home notice: failures of the last days.
            models.Index(fields=["status", "failed_at"], name="notification_failed"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to_email}"


class NotificationPreference(models.Model):
    """What a user agrees to receive by e-mail (alerts stay visible in the portal anyway)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    email_reminders = models.BooleanField(_("status report reminders by e-mail"), default=True)
    email_alerts = models.BooleanField(_("alerts by e-mail"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)


class TaskRunStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("task run", "Queued")
    RUNNING = "running", pgettext_lazy("task run", "Running")
    DONE = "done", pgettext_lazy("task run", "Done")
    FAILED = "failed", pgettext_lazy("task run", "Failed")


class TaskRun(models.Model):
    """One delivery of a Celery task that must not wait an hour when its worker dies
    (``pmo_portal.leases.LeasedTask``): claimed by the worker that runs it, kept alive by a
    heartbeat, sent again by the sweeper when the heartbeat stops. ``task_id`` is unique: a
    redelivered message of a finished run does nothing."""

    task_id = models.CharField(_("task id"), max_length=255, unique=True)
    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    queue = models.CharField(_("queue"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=TaskRunStatus.choices, default=TaskRunStatus.RUNNING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("task run")
        verbose_name_plural = _("task runs")
        indexes = [
            # The sweeper: running (or re-queued) runs whose heartbeat is old.
            models.Index(fields=["status", "heartbeat_at"], name="taskrun_stale"),
        ]

    def __str__(self) -> str:
        return f"{self.task} [{self.task_id}]"


class RoleChange(models.Model):
    """A role given to or taken from a user (a role is a group: pmo_portal/roles.py), by whom
    and when. Written by a signal on the users' groups (pmo_portal/audit.py), whatever the
    page that changed them (the admin, a command, the demo)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_changes",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=150)
    given = models.BooleanField(_("given"), help_text=_("False: the role was taken away."))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("role change")
        verbose_name_plural = _("role changes")

    def __str__(self) -> str:
        return f"{self.user} {'+' if self.given else '-'}{self.role}"


class ApiTokenScope(models.TextChoices):
    """What a token may do through the API (on top of what its owner's role allows)."""

    READ = "read", _("Read")
    WRITE_STATUS = "write:status", _("Write status reports")
    WRITE_COSTS = "write:costs", _("Write actual costs")
    WRITE_CAPACITY = "write:capacity", _("Write capacity")


class ApiTokenKind(models.TextChoices):
    PERSONAL = "personal", _("Personal")
    # Held by another system (finance, HR…) rather than a person; created by the PMO.
    SERVICE = "service", _("Service")


class ApiToken(models.Model):
    """A bearer token of the REST API (pmo_portal/api/tokens.py).

    The secret is shown once, when the token is created; only its SHA-256 is stored (a
    random 256-bit secret needs no slow hash), and its first characters (``prefix``) so that
    people can tell their tokens apart. A token acts as its owner, narrowed to its scopes."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100, validators=[no_control_characters])
    kind = models.CharField(
        _("kind"), max_length=10, choices=ApiTokenKind.choices, default=ApiTokenKind.PERSONAL
    )
    scopes = models.JSONField(_("scopes"), default=list)
    prefix = models.CharField(_("prefix"), max_length=8)
    secret_hash = models.CharField(_("secret hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="api_token_expires_after_creation",
            ),
        ]
        indexes = [
            # "My API tokens": a user's tokens, newest first.
            models.Index(fields=["owner", "-created_at"], name="api_token_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (pmo_{self.prefix}…)"

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now

    def get_scopes_display(self) -> list[str]:
        labels = dict(ApiTokenScope.choices)
        return [str(labels.get(scope, scope)) for scope in self.scopes]
