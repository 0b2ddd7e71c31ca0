from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from pmo_portal.models import Heartbeat, Notification, NotificationPreference, RoleChange, TaskRun
from pmo_portal.notifications import retry_now


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "last_seen"]
    readonly_fields = ["name", "last_seen"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The outbox, read-only: rows are written by the services that enqueue them and moved
    by the delivery task. The PMO can only look, and put failed messages back in the queue."""

    list_display = [
        "subject",
        "to_email",
        "kind",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "created_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["to_email", "subject", "dedup_key"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient"]
    actions = ["retry_now"]
    readonly_fields = [
        "dedup_key",
        "kind",
        "recipient",
        "to_email",
        "subject",
        "body",
        "status",
        "attempts",
        "next_attempt_at",
        "claimed_at",
        "last_error",
        "created_at",
        "sent_at",
        "failed_at",
        "lost_claims",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # A deleted row frees its de-duplication key: the message could be sent again.
        return False

    @admin.action(description=_("Retry now (failed or pending messages)"))
    def retry_now(self, request, queryset):
        count = retry_now(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d message put back in the queue.",
                "%(count)d messages put back in the queue.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    """Read-only: users choose for themselves on their preferences page."""

    list_display = ["user", "email_reminders", "email_alerts"]
    list_filter = ["email_reminders", "email_alerts"]
    search_fields = ["user__username", "user__email", "user__last_name"]
    list_select_related = ["user"]
    readonly_fields = ["user", "email_reminders", "email_alerts"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TaskRun)
class TaskRunAdmin(admin.ModelAdmin):
    """Runs of leased tasks (pmo_portal.leases), read-only: written by workers and the
    sweeper; the PMO looks here when a scan failed after its worker died."""

    list_display = ["task", "status", "attempts", "heartbeat_at", "created_at", "finished_at"]
    list_filter = ["status", "task"]
    search_fields = ["task", "task_id"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RoleChange)
class RoleChangeAdmin(admin.ModelAdmin):
    """Who gave or took which role: read only (written by pmo_portal/audit.py)."""

    list_display = ("changed_at", "user", "role", "given", "changed_by")
    list_filter = ("given", "role")
    search_fields = ("user__username", "user__last_name", "role")
    date_hierarchy = "changed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
