"""Django's admin for support: the mappings (with their history) and the identities, to see
who is linked to whom at the provider, or to unlink an account (its next sign-in links it
again, or creates it)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sso.models import SsoGroupMapping, SsoIdentity


@admin.register(SsoGroupMapping)
class SsoGroupMappingAdmin(SimpleHistoryAdmin):
    list_display = ("group", "role", "portfolio")
    list_filter = ("role",)
    search_fields = ("group",)


@admin.register(SsoIdentity)
class SsoIdentityAdmin(admin.ModelAdmin):
    list_display = ("user", "subject", "issuer", "last_login_at")
    search_fields = ("user__username", "subject")
    readonly_fields = (
        "user",
        "issuer",
        "subject",
        "granted_roles",
        "granted_portfolios",
        "first_login_at",
        "last_login_at",
    )

    def has_add_permission(self, request) -> bool:
        return False
