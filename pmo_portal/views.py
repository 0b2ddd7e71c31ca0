"""Views of the foundations: health check and sign-in."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from pmo_portal.models import Heartbeat
from pmo_portal.services import SCHEDULER_HEARTBEAT


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
    """Database, broker and scheduler freshness as JSON; 503 when one of them is not ok."""
    database = _check_database()
    checks = {
        "database": database,
        "broker": _check_broker(),
        "scheduler": _check_scheduler(database["status"] == "ok"),
    }
    healthy = all(check["status"] == "ok" for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "down", **checks}, status=200 if healthy else 503
    )


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True
