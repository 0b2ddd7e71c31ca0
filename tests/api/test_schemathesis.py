"""schemathesis over every operation of /api/v1/, against a live server, with a service token
of the PMO carrying every scope (issue 15): no server error, no answer that breaks the
schema (status code, content type, headers, body), every check schemathesis has.

The operations are the ones the server's own schema lists, so an endpoint added later is
tested without a line here; path parameters are fed real ids from the database half of the
time (tests/api/schemathesis_hooks.py), read generically from each operation's view. The
run's settings are in tests/api/schemathesis.toml. Its summary (cases per operation and
status code) is shown at the end of the pytest output (``terminal_summary`` in
tests/conftest.py).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve

from pmo_portal.api.throttling import TokenRateThrottle
from pmo_portal.models import ApiTokenKind, ApiTokenScope
from reporting.models import RaidKind, RaidStatus
from tests.api.conftest import issue
from tests.portfolios.factories import ProjectFactory
from tests.reporting.factories import MilestoneFactory, RiskFactory, StatusReportFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

HERE = Path(__file__).parent
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


def _add_rows(world) -> None:
    """Rows whose optional fields are empty or set, so that both shapes meet the schema."""
    world.project_a.health_overall, world.project_a.percent_complete = 3, 40
    world.project_a.eac, world.project_a.status_date = Decimal("120000.00"), date(2026, 5, 31)
    world.project_a.save()
    ProjectFactory(code="PRJ-C", portfolio=world.p1, status="proposed", baseline_end=None)
    ProjectFactory(code="PRJ-D", portfolio=world.p2, status="closed", is_archived=True)
    MilestoneFactory(project=world.project_a, actual_date=date(2026, 3, 2), status="achieved")
    for kind in (RaidKind.ISSUE, RaidKind.ACTION, RaidKind.DECISION):
        RiskFactory(
            project=world.project_a,
            kind=kind,
            probability=None,
            impact=None,
            owner=world.users["pm"],
            due_date=date(2026, 6, 30),
            status=RaidStatus.IN_PROGRESS,
        )
    StatusReportFactory(project=world.project_b, draft=True, eac=None, forecast_end=None)


def _view_model(view_class):
    queryset = getattr(view_class, "queryset", None)
    if queryset is not None:
        return queryset.model
    serializer = getattr(view_class, "serializer_class", None)
    return getattr(getattr(serializer, "Meta", None), "model", None)


def real_ids(schema: dict) -> dict[str, dict[str, list[int]]]:
    """For each operation path with parameters, the ids of real rows per parameter: ``id``
    names a row of the view's model, ``<field>_pk`` one of the model's ``<field>``."""
    found = {}
    for path in schema["paths"]:
        names = re.findall(r"{(\w+)}", path)
        if not names:
            continue
        try:
            match = resolve(re.sub(r"{\w+}", "1", path))
        except Resolver404:
            continue
        model = _view_model(getattr(match.func, "cls", None))
        if model is None:
            continue
        ids = {}
        for name in names:
            if name in {"id", "pk"}:
                target = model
            elif name.endswith("_pk"):
                target = model._meta.get_field(name.removesuffix("_pk")).related_model
            else:
                continue
            ids[name] = list(target._default_manager.order_by("pk").values_list("pk", flat=True))
        found[path] = {name: values for name, values in ids.items() if values}
    return found


def _summary(report: dict, tally: dict, seconds: float) -> str:
    lines = [
        f"schemathesis {report['schemathesis_version']}: {report['operations']['tested']} "
        f"operations, {report['test_cases']['generated']} cases generated, "
        f"{sum(failure['count'] for failure in report['failures'])} failures, "
        f"{len(report['errors'])} errors, "
        f"{seconds:.0f} s (service token with every scope, every check)",
        "cases per operation (one request each) and the status codes they got:",
    ]
    width = max((len(label) for label in tally), default=0)
    for label in sorted(tally, key=lambda label: label.split(" ", 1)[::-1]):
        statuses = tally[label]
        codes = "  ".join(f"{code}×{count}" for code, count in sorted(statuses.items()))
        lines.append(f"  {label:<{width}}  {sum(statuses.values()):>4}  {codes}")
    lines.append(f"  {'total':<{width}}  {sum(sum(s.values()) for s in tally.values()):>4}")
    return "\n".join(lines)


def test_every_operation_meets_its_schema(
    live_server, world, tmp_path, monkeypatch, record_property
):
    _add_rows(world)
    # The run sends far more than API_RATE_LIMIT requests a minute with one token: the limit
    # has its own test (test_tokens.py), here it would turn most answers into 429s.
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"api": None})
    _token, secret = issue(
        world.users["pmo"],
        kind=ApiTokenKind.SERVICE,
        scopes=list(ApiTokenScope),
        name="schemathesis",
    )
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    schema = Client().get("/api/v1/schema/", **headers).json()
    report_path, tally_path = tmp_path / "report.json", tmp_path / "tally.json"
    env = {
        **os.environ,
        "PYTHONPATH": str(settings.BASE_DIR),
        "PMO_SCHEMATHESIS_IDS": json.dumps(real_ids(schema)),
        "PMO_SCHEMATHESIS_TALLY": str(tally_path),
    }
    started = time.monotonic()
    run = subprocess.run(
        [
            SCHEMATHESIS,
            "--config-file",
            HERE / "schemathesis.toml",
            "--no-color",
            "run",
            f"{live_server.url}/api/v1/schema/",
            "--header",
            f"Authorization: Bearer {secret}",
            "--checks",
            "all",
            "--report",
            "json",
            "--report-json-path",
            report_path,
        ],
        env=env,
        cwd=tmp_path,  # its caches (.schemathesis/, .hypothesis/) stay out of the checkout
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    seconds = time.monotonic() - started
    returncode, output = run.returncode, run.stdout + run.stderr
    assert report_path.exists(), output
    report = json.loads(report_path.read_text())
    tally = json.loads(tally_path.read_text()) if tally_path.exists() else {}
    record_property("terminal_summary", _summary(report, tally, seconds))

    assert returncode == 0, output
    assert report["failures"] == [], output
    assert report["errors"] == [], output
    operations = {
        f"{method.upper()} {path}"
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "put", "post", "patch", "delete"}
    }
    assert set(tally) == operations, "operations of the schema that schemathesis never called"
    # Each read reached real rows at least once (a detail not only answering 404): a new
    # endpoint that never does needs its rows in _add_rows.
    unreached = [
        label
        for label in sorted(operations)
        if label.startswith("GET ") and not any(code.startswith("2") for code in tally[label])
    ]
    assert unreached == [], "reads that never answered 2xx (no rows for them in _add_rows?)"
