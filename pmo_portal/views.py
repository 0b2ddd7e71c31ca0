"""Views of the foundations: home page, health check, password reset and notification
preferences (the sign-in page is sso.views.SignInView)."""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from pmo_portal import password_reset, registry, roles
from pmo_portal.models import Heartbeat, NotificationPreference
from pmo_portal.notifications import outbox_health, set_preferences
from pmo_portal.services import SCHEDULER_HEARTBEAT


@login_required
@require_GET
def home(request):
    """Home page: the panels the installed apps contribute that the user may see (first the
    counts of their role's cockpit, then the PM's reports due, …), then the areas of the
    menu."""
    has_role = roles.has_any_role(request.user)
    panels = registry.render_panels(registry.home_panels(), request) if has_role else []
    # The cockpit's count cards (pmo_portal/cockpit.py) come first, side by side.
    cards = [item for item in panels if item.get("panel", {}).get("card")]
    panels = [item for item in panels if item not in cards]
    # The PMO hears here of e-mails the outbox could not deliver (SMTP may still be down).
    outbox = outbox_health() if roles.is_pmo(request.user) else None
    if outbox is not None and outbox["status"] == "ok":
        outbox = None
    return render(
        request,
        "home.html",
        {"has_role": has_role, "cards": cards, "panels": panels, "outbox": outbox},
    )


def _check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:
        return {"status": "down", "error": exc.__class__.__name__}
    return {"status": "ok", "vendor": connection.vendor}


def _check_broker() -> dict:
    from pmo_portal.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
            transport = conn.transport_cls
    except Exception as exc:
        return {"status": "down", "error": exc.__class__.__name__}
    return {"status": "ok", "transport": str(transport)}


def _check_scheduler(database_ok: bool) -> dict:
    if not database_ok:
        return {"status": "unknown"}
    beat = Heartbeat.objects.filter(name=SCHEDULER_HEARTBEAT).first()
    if beat is None:
        return {"status": "down", "last_heartbeat": None}
    age = timezone.now() - beat.last_seen
    fresh = age <= settings.HEARTBEAT_MAX_AGE
    return {
        "status": "ok" if fresh else "stale",
        "last_heartbeat": beat.last_seen.isoformat(),
        "age_seconds": int(age.total_seconds()),
        "max_age_seconds": int(settings.HEARTBEAT_MAX_AGE.total_seconds()),
    }


@never_cache
@require_GET
def healthz(request):
    """Database, broker and scheduler freshness as JSON; 503 when one of them is not ok.

    ``email`` (counts only, no address: the URL is public) is "degraded" when messages are
    overdue or were given up recently; the top-level status then says "degraded" but the
    answer stays 200: the container healthcheck and load balancers read the code, and
    restarting or unrouting the web server would not bring SMTP back. Monitoring reads the
    body."""
    database = _check_database()
    checks = {
        "database": database,
        "broker": _check_broker(),
        "scheduler": _check_scheduler(database["status"] == "ok"),
    }
    healthy = all(check["status"] == "ok" for check in checks.values())
    email = outbox_health() if database["status"] == "ok" else {"status": "unknown"}
    status = "down" if not healthy else ("degraded" if email["status"] != "ok" else "ok")
    return JsonResponse(
        {"status": status, **checks, "email": email}, status=200 if healthy else 503
    )


class PasswordResetView(auth_views.PasswordResetView):
    """ "Forgot your password?": the same answer, as fast, for any address (see
    pmo_portal.password_reset); the e-mail speaks the language of the page."""

    def form_valid(self, form):
        password_reset.request_password_reset(
            email=form.cleaned_data["email"],
            ip=get_client_ip_address(self.request),
            language=get_language(),
        )
        return redirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The new password, checked by AUTH_PASSWORD_VALIDATORS; a reset ends the lockout."""

    def form_valid(self, form):
        response = super().form_valid(form)
        password_reset.password_was_reset(user=self.user)
        return response


class NotificationPreferenceForm(forms.Form):
    """Two yes/no questions; radio buttons so that "no" is an explicit answer."""

    CHOICES = [
        ("yes", gettext_lazy("Yes, send me these e-mails")),
        ("no", gettext_lazy("No, I follow them in the portal")),
    ]

    email_reminders = forms.TypedChoiceField(
        label=gettext_lazy("Status report reminders"),
        help_text=gettext_lazy(
            "Before a reporting period closes, for your projects whose report is not "
            "submitted; for the PMO, when a report is late."
        ),
        choices=CHOICES,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    email_alerts = forms.TypedChoiceField(
        label=gettext_lazy("Alerts"),
        help_text=gettext_lazy("Budget overruns and other alerts about your projects."),
        choices=CHOICES,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )

    @classmethod
    def initial_for(cls, preference: NotificationPreference | None) -> dict:
        if preference is None:
            return {"email_reminders": "yes", "email_alerts": "yes"}
        return {
            name: "yes" if getattr(preference, name) else "no"
            for name in ("email_reminders", "email_alerts")
        }


@login_required
@require_http_methods(["GET", "POST"])
def notification_preferences(request):
    """Which e-mails the signed-in user receives (any signed-in user, role or not)."""
    if request.method == "POST":
        form = NotificationPreferenceForm(request.POST)
        if form.is_valid():
            set_preferences(user=request.user, **form.cleaned_data)
            messages.success(request, _("Your notification preferences are saved."))
            return redirect("notification_preferences")
    else:
        preference = NotificationPreference.objects.filter(user=request.user).first()
        form = NotificationPreferenceForm(
            initial=NotificationPreferenceForm.initial_for(preference)
        )
    return render(request, "registration/notification_preferences.html", {"form": form})
