"""The REST API's figures of ``manage.py bench``, at each size: the project list (first page
of 50, a service token of the demo PMO, as a BI tool reads it) and a night's push of 10,000
actual costs in one batch, then the same batch again (idempotent: nothing created). The push
runs in a transaction rolled back afterwards, so the bench database is left as seeded.

A wiring module (shared/DESIGN.md): it may import every app.
"""

from __future__ import annotations

import json
import statistics
import time
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pmo_portal.api import tokens
from pmo_portal.models import ApiTokenScope
from portfolios.models import Project

PUSH_ROWS = 10_000
PUSH_TARGET_S = 10
LIST_URL = "/api/v1/projects/"


class _Rollback(Exception):
    pass


def _client(user) -> Client:
    _token, secret = tokens.issue_token(
        owner=user,
        name="bench",
        kind="service",
        scopes=[scope.value for scope in ApiTokenScope],
        expires_on=timezone.localdate() + timedelta(days=1),
        created_by=user,
    )
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def _rows() -> list[dict]:
    codes = list(Project.objects.order_by("pk").values_list("code", flat=True)[:200])
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    return [
        {
            "reference": f"BENCH-{stamp}-{n:05d}",
            "project": codes[n % len(codes)],
            "date": "2026-11-30",
            "amount": f"{n % 997}.{n % 100:02d}",
            "nature": "CAPEX" if n % 3 else "OPEX",
            "supplier": "Fournisseur de banc",
            "description": "Banc d'essai",
        }
        for n in range(PUSH_ROWS)
    ]


def measure(user, requests: int) -> dict:
    """The list's median, p95 and queries, and the push's two times (seconds)."""
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    with override_settings(ALLOWED_HOSTS=hosts, API_RATE_LIMIT=100_000):
        try:
            with transaction.atomic():
                client = _client(user)
                figures = {"list": _list(client, requests), "push": _push(client)}
                raise _Rollback
        except _Rollback:
            pass
    return figures


def _list(client: Client, requests: int) -> dict:
    client.get(LIST_URL)  # warm-up
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(LIST_URL)
        times.append(time.perf_counter() - started)
        if response.status_code != 200:
            return {"available": False, "note": f"GET {LIST_URL} answered {response.status_code}"}
    with CaptureQueriesContext(connection) as queries:
        rows = len(client.get(LIST_URL).json()["results"])
    ordered = sorted(times)
    return {
        "available": True,
        "rows": rows,
        "median_ms": round(statistics.median(times) * 1000, 2),
        "p95_ms": round(ordered[max(int(0.95 * len(ordered)) - 1, 0)] * 1000, 2),
        "queries": len(queries),
    }


def _push(client: Client) -> dict:
    rows = _rows()
    body = json.dumps({"batch": "bench", "rows": rows})
    seconds, created = [], []
    for _ in range(2):
        started = time.perf_counter()
        response = client.post(
            "/api/v1/imports/actual-costs/", body, content_type="application/json"
        )
        seconds.append(round(time.perf_counter() - started, 2))
        if response.status_code != 200:
            return {"available": False, "note": response.content.decode()[:300]}
        created.append(response.json()["created"])
    return {
        "available": True,
        "rows": PUSH_ROWS,
        "first_s": seconds[0],
        "second_s": seconds[1],
        "created": created,
        "target_s": PUSH_TARGET_S,
    }


def lines(figures: dict) -> list[str]:
    listed, push = figures["list"], figures["push"]
    out = []
    if listed["available"]:
        out.append(
            f"{'API project list (' + str(listed['rows']) + ' rows)':<38} "
            f"{listed['median_ms']:>10.1f} {listed['p95_ms']:>9.1f} {listed['queries']:>8}"
        )
    else:
        out.append(f"{'API project list':<38} {'n/a':>10}   {listed['note']}")
    if push["available"]:
        met = push["first_s"] < PUSH_TARGET_S
        out.append(
            f"API push of {push['rows']:,} actual costs: {push['first_s']:.2f} s "
            f"(created {push['created'][0]:,}), again {push['second_s']:.2f} s "
            f"(created {push['created'][1]:,}); target < {PUSH_TARGET_S} s: "
            f"{'met' if met else 'MISSED'}"
        )
    else:
        out.append(f"API push: n/a   {push['note']}")
    return out
