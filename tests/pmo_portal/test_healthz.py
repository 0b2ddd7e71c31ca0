"""/healthz: database, broker and scheduler freshness as JSON; 503 when one is not ok."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pmo_portal.services import record_heartbeat

pytestmark = pytest.mark.django_db
URL = reverse("healthz")


def test_all_fresh_is_200(client):
    record_heartbeat(at=timezone.now() - timedelta(seconds=30))
    response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["broker"]["status"] == "ok"
    assert body["scheduler"]["age_seconds"] in range(29, 40)


def test_stale_heartbeat_is_503(client):
    record_heartbeat(at=timezone.now() - timedelta(minutes=6))
    response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["scheduler"]["status"] == "stale"


def test_no_heartbeat_yet_is_503(client):
    response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["scheduler"]["status"] == "down"


def test_broker_down_is_503(client, monkeypatch):
    from pmo_portal.celery import app

    record_heartbeat()
    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["broker"]["status"] == "down"


def test_heartbeat_task_records_the_time():
    from pmo_portal.models import Heartbeat
    from pmo_portal.tasks import heartbeat

    heartbeat.apply()
    heartbeat.apply()  # idempotent: still one row, a newer time
    assert Heartbeat.objects.count() == 1
    assert timezone.now() - Heartbeat.objects.get().last_seen < timedelta(seconds=5)
