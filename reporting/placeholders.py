"""The project's latest declared status a document template may name (``{{ health_overall }}``,
``{{ achievements }}``…), contributed to ``registry.placeholders()`` from contributions.py.

Health, completion and status date are the declared status written down onto the project
when a report is submitted; the texts come from the latest submitted report (read once per
rendering, kept on the project object)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from pmo_portal.registry import Placeholder
from pmo_portal.text_values import text_date, text_percent
from portfolios.models import Health
from reporting.models import ReportStatus, StatusReport

_CACHE = "_latest_submitted_report"


def latest_submitted(project) -> StatusReport | None:
    if not hasattr(project, _CACHE):
        report = (
            StatusReport.objects.filter(project=project, status=ReportStatus.SUBMITTED)
            .order_by("-period_start", "-pk")
            .first()
        )
        setattr(project, _CACHE, report)
    return getattr(project, _CACHE)


def _health(level) -> str:
    return str(Health(level).label) if level else str(_("Not reported"))


def _report_text(field: str):
    def read(project) -> str:
        report = latest_submitted(project)
        return getattr(report, field) if report is not None else ""

    return read


PLACEHOLDERS = [
    Placeholder(
        "health_overall",
        _("Overall health (météo)"),
        "Nuageux",
        30,
        lambda p: _health(p.health_overall),
    ),
    Placeholder(
        "percent_complete",
        _("Completion"),
        "45 %",
        31,
        lambda p: text_percent(p.percent_complete),
    ),
    Placeholder(
        "status_date",
        _("Date of the last report"),
        "31/03/2026",
        32,
        lambda p: text_date(p.status_date),
    ),
    Placeholder(
        "forecast_end", _("Forecast end"), "15/12/2026", 33, lambda p: text_date(p.forecast_end)
    ),
    Placeholder(
        "achievements",
        _("Achievements of the last submitted report"),
        "Cahier des charges validé",
        34,
        _report_text("achievements"),
    ),
    Placeholder(
        "next_steps",
        _("Next steps of the last submitted report"),
        "Lancer l'appel d'offres",
        35,
        _report_text("next_steps"),
    ),
    Placeholder(
        "escalations",
        _("Escalations of the last submitted report"),
        "Arbitrage sur le périmètre du lot 2",
        36,
        _report_text("escalations"),
    ),
]
