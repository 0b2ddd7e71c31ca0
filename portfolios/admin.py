from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from portfolios.models import (
    BusinessDomain,
    ObjectiveContribution,
    Portfolio,
    PortfolioEnvelope,
    Project,
    ProjectType,
    StrategicObjective,
)


class ContributionInline(admin.TabularInline):
    model = ObjectiveContribution
    extra = 0
    autocomplete_fields = ["objective"]


class EnvelopeInline(admin.TabularInline):
    model = PortfolioEnvelope
    extra = 0


@admin.register(StrategicObjective)
class StrategicObjectiveAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "parent", "weight", "owner"]
    list_select_related = ["parent", "owner"]
    search_fields = ["code", "title"]
    autocomplete_fields = ["parent", "owner"]


@admin.register(Portfolio)
class PortfolioAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "owner"]
    list_select_related = ["parent", "owner"]
    search_fields = ["name"]
    autocomplete_fields = ["parent", "owner"]
    filter_horizontal = ["members"]
    inlines = [EnvelopeInline]


@admin.register(BusinessDomain, ProjectType)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "portfolio", "status", "manager", "is_archived"]
    list_filter = ["status", "project_type", "business_domain", "is_archived"]
    list_select_related = ["portfolio", "manager"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["portfolio", "manager", "sponsor", "business_domain", "project_type"]
    filter_horizontal = ["deputies"]
    inlines = [ContributionInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Projects are never hard-deleted: archive them instead.
        return False
