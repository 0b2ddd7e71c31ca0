"""Views of resources: budget alerts (the alerts page, one alert, acknowledge, close)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pmo_portal.exports import export_table, requested_export
from pmo_portal.roles import sees_project
from resources.forms.alerts import AcknowledgeForm
from resources.models import AlertStatus
from resources.selectors import alerts as selectors
from resources.services import alerts as services
from resources.views import list_exports


@login_required
@require_GET
def alert_list(request):
    if not request.user.has_perm("resources.view_alert_list"):
        raise PermissionDenied
    form, queryset = selectors.filter_alerts(data=request.GET, user=request.user)
    if export := requested_export(request):
        return export_table(
            export,
            rows=queryset,
            columns=list_exports.ALERT_COLUMNS,
            filename="budget-alerts",
            sheet_title=_("Budget alerts"),
        )
    page = Paginator(queryset, settings.PAGINATE_BY).get_page(request.GET.get("page"))
    now = timezone.now()
    alerts = list(page.object_list)
    for alert in alerts:
        alert.age_days = (now - alert.first_detected_at).days
    return render(
        request,
        "resources/alerts/alert_list.html",
        {
            "filter_form": form,
            "page_obj": page,
            "alerts": alerts,
            "counts": selectors.status_counts(user=request.user),
            "statuses": AlertStatus.choices,
            "current_status": form.data.get("status", ""),
            "filters_active": any(
                value for key, value in request.GET.items() if key not in {"page", "status"}
            ),
        },
    )


def _render_detail(request, alert, form=None, status=200):
    user = request.user
    can_acknowledge = alert.status == AlertStatus.OPEN and user.has_perm(
        "resources.acknowledge_alert", alert
    )
    return render(
        request,
        "resources/alerts/alert_detail.html",
        {
            "alert": alert,
            "project": alert.project,
            "form": form or (AcknowledgeForm() if can_acknowledge else None),
            "can_acknowledge": can_acknowledge,
            "can_close": alert.status != AlertStatus.CLOSED
            and user.has_perm("resources.close_alert", alert),
            "can_list": user.has_perm("resources.view_alert_list"),
            # A sponsor without a role reads the alert escalated to them, not the project.
            "can_open_project": sees_project(user, alert.project),
        },
        status=status,
    )


@login_required
@require_GET
def alert_detail(request, pk: int):
    alert = selectors.get_alert_for_user(request.user, pk)
    return _render_detail(request, alert)


@login_required
@require_POST
def alert_acknowledge(request, pk: int):
    alert = selectors.get_alert_for_user(request.user, pk)
    if not request.user.has_perm("resources.acknowledge_alert", alert):
        raise PermissionDenied
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        try:
            services.acknowledge_alert(
                alert=alert, user=request.user, comment=form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Alert acknowledged."))
            return redirect("resources:alert_detail", alert.pk)
    return _render_detail(request, alert, form=form)


@login_required
@require_POST
def alert_close(request, pk: int):
    alert = selectors.get_alert_for_user(request.user, pk)
    if not request.user.has_perm("resources.close_alert", alert):
        raise PermissionDenied
    try:
        services.close_alert(alert=alert, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Alert closed."))
    return redirect("resources:alert_detail", alert.pk)


urlpatterns = [
    path("alerts/", alert_list, name="alert_list"),
    path("alerts/<int:pk>/", alert_detail, name="alert_detail"),
    path("alerts/<int:pk>/acknowledge/", alert_acknowledge, name="alert_acknowledge"),
    path("alerts/<int:pk>/close/", alert_close, name="alert_close"),
]
