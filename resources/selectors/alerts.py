"""Reads of the budget alerts: the alerts page (all of them for the PMO and Finance, a project
manager's own) and one alert for its reader."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from portfolios.models import Portfolio, Project
from resources.models import Alert, AlertStatus

LIST_RELATED = ("project__portfolio", "project__manager", "acknowledged_by", "closed_by")


def managed_projects(user) -> QuerySet[Project]:
    """The projects ``user`` manages or deputises (whatever their roles)."""
    deputised = Project.deputies.through.objects.filter(user=user).values("project")
    return Project.objects.filter(Q(manager=user) | Q(pk__in=deputised))


def alerts_for(user) -> QuerySet[Alert]:
    """The alerts the alerts page shows ``user``: all of them for the PMO and Finance
    (resources.view_alerts), else those of the projects they manage or deputise."""
    if user.has_perm("resources.view_alerts"):
        return Alert.objects.all()
    return Alert.objects.filter(project__in=managed_projects(user).values("pk"))


def filter_alerts(*, data, user) -> tuple[object, QuerySet]:
    """The alerts page: the filter form and the matching alerts ``user`` reads (oldest open
    first within a status, i.e. the ones waiting longest). Filters: status (default open;
    ``active``: open or acknowledged), portfolio (and its sub-portfolios), nature, kind,
    fiscal year, flagged, mine (the projects the user manages or deputises). A constant
    number of queries."""
    from resources.forms.alerts import ACTIVE, AlertFilterForm

    params = data.copy()
    if "status" not in params:
        params["status"] = AlertStatus.OPEN
    form = AlertFilterForm(params)
    queryset = alerts_for(user).select_related(*LIST_RELATED)
    if form.is_valid():
        values = form.cleaned_data
        if values["status"] == ACTIVE:
            queryset = queryset.exclude(status=AlertStatus.CLOSED)
        elif values["status"]:
            queryset = queryset.filter(status=values["status"])
        if values["period"]:
            queryset = queryset.filter(period=values["period"])
        if values["mine"]:
            queryset = queryset.filter(project__in=managed_projects(user).values("pk"))
        if values["portfolio"]:
            ids = Portfolio.objects.subtree_ids([values["portfolio"].pk])
            queryset = queryset.filter(project__portfolio_id__in=ids)
        if values["nature"]:
            queryset = queryset.filter(nature=values["nature"])
        if values["kind"]:
            queryset = queryset.filter(kind=values["kind"])
        if values["flagged"]:
            queryset = queryset.filter(flagged_by_pm=values["flagged"] == "yes")
    else:
        queryset = queryset.none()
    return form, queryset.order_by("first_detected_at", "pk")


def status_counts(*, user) -> dict[str, int]:
    """Number of alerts ``user`` reads per status (one query), for the tabs."""
    from django.db.models import Count

    counts = dict.fromkeys(AlertStatus.values, 0)
    for row in alerts_for(user).values("status").annotate(n=Count("pk")).order_by():
        counts[row["status"]] = row["n"]
    return counts


def get_alert_for_user(user, pk: int) -> Alert:
    """The alert ``pk`` if ``user`` may read it (resources.view_alert): the PMO, its
    project's sponsor (escalated to them, whatever their roles), or a reader of its project
    who may acknowledge it (its PM and deputies). Else 404."""
    alert = Alert.objects.select_related(*LIST_RELATED, "project__sponsor").filter(pk=pk).first()
    if alert is None or not user.has_perm("resources.view_alert", alert):
        raise Http404
    if user.has_perm("resources.view_alerts") or alert.project.sponsor_id == user.pk:
        return alert
    if not Project.objects.visible_to(user).filter(pk=alert.project_id).exists():
        raise Http404
    return alert


def unflagged_alerts(*, projects: QuerySet[Project]) -> QuerySet[Alert]:
    """Budget alerts of ``projects`` not closed and not flagged by the project manager (the
    latest report did not show the overrun): what a steering committee must hear about.
    Worst overrun first."""
    return (
        Alert.objects.filter(project__in=projects.order_by().values("pk"), flagged_by_pm=False)
        .exclude(status=AlertStatus.CLOSED)
        .select_related("project")
        .order_by("-overrun_percent", "project__code", "pk")
    )
