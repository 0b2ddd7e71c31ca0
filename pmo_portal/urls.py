"""Root URLs: wires the apps together (a wiring module, see shared/DESIGN.md)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from pmo_portal import views
from pmo_portal.api import pages as api_pages
from sso import views as sso_views

handler404 = "pmo_portal.api.errors.page_not_found"

admin.site.site_header = _("PMO Portal administration")
admin.site.site_title = _("PMO Portal")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # With the single sign-on button, and the sign-out at the identity provider (sso/).
    path("accounts/login/", sso_views.SignInView.as_view(), name="login"),
    path("accounts/logout/", sso_views.LogoutView.as_view(), name="logout"),
    path("accounts/sso/", include("sso.urls")),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "accounts/notifications/",
        views.notification_preferences,
        name="notification_preferences",
    ),
    path("accounts/api-tokens/", api_pages.token_list, name="api_tokens"),
    path("accounts/api-tokens/new/", api_pages.token_create, name="api_token_create"),
    path("accounts/api-tokens/<int:pk>/revoke/", api_pages.token_revoke, name="api_token_revoke"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("pmo_portal.api.urls")),
    path("", include("portfolios.urls")),
    path("reporting/", include("reporting.urls")),
    path("resources/", include("resources.urls")),
    path("governance/", include("governance.urls")),
    path("lessons/", include("lessons.urls")),
]
