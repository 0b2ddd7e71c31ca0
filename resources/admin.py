from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from resources.models import (
    ActualCost,
    Alert,
    Allocation,
    Availability,
    BudgetLine,
    BudgetSettings,
    CommittedCost,
    ImportRun,
    Resource,
    Skill,
    Team,
)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "manager"]
    list_select_related = ["manager"]
    search_fields = ["name"]
    autocomplete_fields = ["manager"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


class AvailabilityInline(admin.TabularInline):
    model = Availability
    extra = 0


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "team", "default_fte", "cost_rate_per_day", "is_active"]
    list_filter = ["kind", "team", "is_active"]
    list_select_related = ["team"]
    search_fields = ["name", "user__username", "user__last_name"]
    autocomplete_fields = ["user", "team"]
    filter_horizontal = ["skills"]
    inlines = [AvailabilityInline]


@admin.register(Allocation)
class AllocationAdmin(SimpleHistoryAdmin):
    list_display = ["project", "resource", "month", "fte", "status", "decided_by"]
    list_filter = ["status", "month"]
    list_select_related = ["project", "resource", "decided_by"]
    search_fields = ["project__code", "resource__name"]
    autocomplete_fields = ["project", "resource", "requested_by", "decided_by"]
    date_hierarchy = "month"


@admin.register(BudgetLine)
class BudgetLineAdmin(SimpleHistoryAdmin):
    list_display = [
        "project",
        "fiscal_year",
        "nature",
        "category",
        "baseline_amount",
        "approved_amount",
        "updated_at",
    ]
    list_filter = ["fiscal_year", "nature", "category"]
    list_select_related = ["project"]
    search_fields = ["project__code", "project__name"]
    autocomplete_fields = ["project"]
    # The baseline is the first approved amount: revisions go through the budget page.

    def get_readonly_fields(self, request, obj=None):
        return ["baseline_amount"] if obj is not None else []


@admin.register(ActualCost)
class ActualCostAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "project",
        "date",
        "nature",
        "category",
        "amount",
        "supplier",
        "source",
    ]
    list_filter = ["source", "nature", "category"]
    list_select_related = ["project"]
    search_fields = ["reference", "project__code", "supplier", "description"]
    autocomplete_fields = ["project", "created_by"]
    date_hierarchy = "date"


@admin.register(CommittedCost)
class CommittedCostAdmin(admin.ModelAdmin):
    list_display = ["reference", "project", "date", "nature", "category", "amount", "status"]
    list_filter = ["status", "nature", "category"]
    list_select_related = ["project"]
    search_fields = ["reference", "project__code", "supplier"]
    autocomplete_fields = ["project"]
    date_hierarchy = "date"


@admin.register(BudgetSettings)
class BudgetSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "eac_tolerance_percent", "alert_step_percent", "escalation_days"]

    def has_add_permission(self, request):
        # A single row: BudgetSettings.current() reads the first one.
        return super().has_add_permission(request) and not BudgetSettings.objects.exists()


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = [
        "project",
        "nature",
        "kind",
        "period",
        "status",
        "overrun_percent",
        "flagged_by_pm",
        "first_detected_at",
    ]
    list_filter = ["status", "kind", "nature", "flagged_by_pm"]
    list_select_related = ["project"]
    search_fields = ["project__code", "project__name"]
    autocomplete_fields = ["project", "acknowledged_by", "closed_by"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """The import log, read-only: the import services write it."""

    list_display = ["started_at", "kind", "file_name", "user", "outcome", "rows_imported"]
    list_filter = ["kind", "outcome"]
    list_select_related = ["user"]
    search_fields = ["file_name", "message"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
