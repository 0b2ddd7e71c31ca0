"""``manage.py bench``: server time and SQL queries of the main pages at several data sizes.

A wiring module (shared/DESIGN.md): it may import every app. ``make bench`` runs it against
a database of its own (``pmo_bench``): for each size the database is dropped, recreated,
migrated and seeded with ``seed_demo --projects N --history H``, then every measurement of
MEASUREMENTS is requested through the in-process test client, signed in as the demo PMO.
Each page's median is printed as a ratio to a bare view that renders an empty page through
the same middleware (the ceiling any page can reach on this machine). Results go to
``var/bench/bench-<timestamp>.json`` and ``var/bench/latest.json``. The COPIL figure times
the generation of a 50-project steering-committee pack (render and archive, as the ``pdf``
queue does it) in a fresh process (pmo_portal/management/bench_copil.py); ``--copil-only``
measures that figure alone. To add a figure, add one entry to MEASUREMENTS (issue 16's
targets: each dashboard figure under 50 ms).
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import math
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import django
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.http import HttpResponse
from django.template import engines
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone

from governance import bench_seed as governance_bench
from pmo_portal.management import bench_api, bench_copil, bench_db, bench_lessons, bench_optimiser
from pmo_portal.roles import SIGN_IN_BACKEND
from portfolios.models import Portfolio, Project, ProjectStatus
from portfolios.services.rollups import reconcile as reconcile_rollups
from reporting.models import Milestone, MilestoneStatus, ReportStatus, StatusReport
from reporting.periods import Frequency, period_containing
from reporting.selectors.policies import frequency_by_portfolio
from reporting.services.reports import REPORT_FIELDS, open_report

DEFAULT_SIZES = [200, 2000, 20000]
BENCH_USER = "pmo"  # the demo PMO: reads every project, may submit any report
# The business unit whose dashboard is measured (the first one if the demo changes).
BUSINESS_UNIT = "Direction des Systèmes d'Information"


# --- The bare view: an empty page through the full middleware stack -----------------------
EMPTY_PAGE = (
    '<!DOCTYPE html><html lang="fr"><head><title>{{ title }}</title></head><body></body></html>'
)


@login_required
def empty_page(request):
    """Signed in like every measured page, so the ceiling includes the session and user
    lookups that every page pays."""
    template = engines["django"].from_string(EMPTY_PAGE)
    return HttpResponse(template.render({"title": "bench"}))


# The budget-overrun scan is not a page: its detection pass and the bare SQL aggregate it is
# compared with (one GROUP BY of budgets and of actuals, joined; issue 5: within 3 × that)
# are timed through two bench-only views.
OVERRUN_AGGREGATE_SQL = """
SELECT b.project_id, b.nature, b.budget, a.actual FROM (
  SELECT project_id, nature, SUM(approved_amount) AS budget FROM resources_budgetline
  WHERE fiscal_year = %s GROUP BY project_id, nature) b
LEFT JOIN (
  SELECT project_id, nature, SUM(amount) AS actual FROM resources_actualcost
  WHERE date BETWEEN %s AND %s GROUP BY project_id, nature) a USING (project_id, nature)
"""


@login_required
def overrun_aggregate(request):
    year = timezone.localdate().year
    with connection.cursor() as cursor:
        cursor.execute(OVERRUN_AGGREGATE_SQL, [year, date(year, 1, 1), date(year, 12, 31)])
        rows = cursor.fetchall()
    return HttpResponse(str(len(rows)))


@login_required
def overrun_detection(request):
    """The scan's detection (resources.services.alerts.detect_breaches): no writes, no
    e-mails."""
    from resources.models import BudgetSettings
    from resources.services.alerts import detect_breaches

    today = timezone.localdate()
    tolerance = BudgetSettings.current().eac_tolerance_percent
    found = detect_breaches(year=today.year, today=today, eac_tolerance=tolerance)
    return HttpResponse(str(len(found)))


# This module is the URLconf of the bare views (override_settings(ROOT_URLCONF=__name__)).
urlpatterns = [
    path("bench/empty/", empty_page, name="bench_empty"),
    path("bench/overrun-aggregate/", overrun_aggregate, name="bench_overrun_aggregate"),
    path("bench/overrun-detection/", overrun_detection, name="bench_overrun_detection"),
]


# --- Measurements -------------------------------------------------------------------------
class Unavailable(Exception):
    """The page does not exist (yet): its row prints n/a."""


@dataclass(frozen=True)
class Request:
    method: str  # "get" or "post"
    url: str
    data: dict | None = None


@dataclass
class Context:
    user: object
    business_unit: Portfolio | None


@dataclass(frozen=True)
class Measurement:
    """``prepare(context)`` returns a function giving the next request to time (untimed work,
    such as opening a fresh draft, happens in it); it raises Unavailable for n/a."""

    key: str
    label: str
    prepare: Callable[[Context], Callable[[], Request]]
    expected_status: int = 200
    urlconf: str | None = None
    target_ms: float | None = None  # a target from the issue, shown beside the figure


def _reverse(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch as exc:
        raise Unavailable(f"{name} does not exist yet") from exc


def _bare(context: Context) -> Callable[[], Request]:
    url = reverse("bench_empty", urlconf=__name__)
    return lambda: Request("get", url)


def _page(name: str, **params: Callable[[Context], object]):
    def prepare(context: Context) -> Callable[[], Request]:
        url = _reverse(name)
        data = {key: str(value(context)) for key, value in params.items()}
        return lambda: Request("get", url, data or None)

    return prepare


def _business_unit(context: Context) -> int:
    if context.business_unit is None:
        raise Unavailable("no business unit in the database")
    return context.business_unit.pk


def _draft_slots():
    """(project, period) pairs without a submitted report: this period's drafts and missing
    reports first, then the following periods, so that each submit is a real one."""
    projects = list(Project.objects.filter(status=ProjectStatus.ACTIVE).order_by("pk")[:500])
    frequencies = frequency_by_portfolio()
    today = timezone.localdate()
    periods = {
        project.pk: period_containing(
            today, frequencies.get(project.portfolio_id, Frequency.MONTHLY)
        )
        for project in projects
    }
    for _round in range(24):
        taken = set(
            StatusReport.objects.filter(
                project__in=projects,
                period_start__in={p.start for p in periods.values()},
                status=ReportStatus.SUBMITTED,
            ).values_list("project_id", "period_start")
        )
        for project in projects:
            period = periods[project.pk]
            if (project.pk, period.start) not in taken:
                yield project, period
        periods = {pk: period.following() for pk, period in periods.items()}


def _report_submit(context: Context) -> Callable[[], Request]:
    _reverse("reporting:report_edit", 0)
    slots = _draft_slots()

    def next_request() -> Request:
        try:
            project, period = next(slots)
        except StopIteration:
            raise Unavailable("no project left to open a fresh draft on") from None
        report = open_report(project=project, user=context.user, period=period)
        data = {name: _form_value(getattr(report, name)) for name in REPORT_FIELDS}
        data.update(version=str(report.version), action="submit")
        milestones = list(
            Milestone.objects.filter(project=project)
            .exclude(status=MilestoneStatus.CANCELLED)
            .order_by("baseline_date", "pk")
        )
        data.update(
            {
                "milestones-TOTAL_FORMS": str(len(milestones)),
                "milestones-INITIAL_FORMS": str(len(milestones)),
                "milestones-MIN_NUM_FORMS": "0",
                "milestones-MAX_NUM_FORMS": "1000",
            }
        )
        for index, milestone in enumerate(milestones):
            prefix = f"milestones-{index}-"
            data.update(
                {
                    f"{prefix}id": str(milestone.pk),
                    f"{prefix}forecast_date": _form_value(milestone.forecast_date),
                    f"{prefix}actual_date": _form_value(milestone.actual_date),
                    f"{prefix}status": milestone.status,
                }
            )
        return Request("post", reverse("reporting:report_edit", args=[report.pk]), data)

    return next_request


def _form_value(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


MEASUREMENTS: list[Measurement] = [
    Measurement("bare", "Bare view (ceiling)", _bare, urlconf=__name__),
    Measurement(
        "company_dashboard", "Company dashboard", _page("reporting:dashboard"), target_ms=50
    ),
    Measurement(
        "portfolio_dashboard",
        "Portfolio dashboard (business unit)",
        _page("reporting:dashboard", portfolio=_business_unit),
        target_ms=50,
    ),
    Measurement(
        "dashboard_budget",
        "Dashboard budget block (HTMX, after page)",
        _page("reporting:dashboard_budget"),
        target_ms=50,
    ),
    Measurement("project_list", "Project list", _page("portfolios:project_list")),
    Measurement(
        "compliance", "Compliance (governance)", _page("governance:compliance"), target_ms=150
    ),
    Measurement("compliance_heatmap", "Compliance heatmap", _page("governance:compliance_heatmap")),
    Measurement("report_submit", "Status report submit", _report_submit, expected_status=302),
    Measurement(
        "overrun_aggregate",
        "Overrun: bare SQL aggregate",
        _page("bench_overrun_aggregate"),
        urlconf=__name__,
    ),
    Measurement(
        "overrun_detection",
        "Overrun scan: detection",
        _page("bench_overrun_detection"),
        urlconf=__name__,
    ),
]


def _percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def _measure(measurement: Measurement, context: Context, client: Client, requests: int) -> dict:
    row = {"key": measurement.key, "label": measurement.label, "available": False}
    if measurement.target_ms is not None:
        row["target_ms"] = measurement.target_ms
    urlconf = measurement.urlconf or settings.ROOT_URLCONF
    try:
        with override_settings(ROOT_URLCONF=urlconf):
            next_request = measurement.prepare(context)

            def issue(queries=None) -> float:
                request = next_request()  # untimed and uncounted preparation
                started = time.perf_counter()
                with contextlib.nullcontext() if queries is None else queries:
                    response = getattr(client, request.method)(request.url, request.data)
                elapsed = time.perf_counter() - started
                if response.status_code != measurement.expected_status:
                    raise Unavailable(
                        f"{request.method.upper()} {request.url} answered "
                        f"{response.status_code}, expected {measurement.expected_status}"
                    )
                return elapsed

            issue()  # warm-up, not counted
            times = [issue() for _ in range(requests)]
            # One more request, its queries counted (not its preparation, e.g. a new draft).
            issue(queries := CaptureQueriesContext(connection))
    except Unavailable as exc:
        row["note"] = str(exc)
        return row
    except Exception as exc:  # a broken page must not stop the benchmark: its row says why
        row["note"] = f"error: {type(exc).__name__}: {exc}"
        return row
    row.update(
        available=True,
        requests=requests,
        median_ms=round(statistics.median(times) * 1000, 2),
        p95_ms=round(_percentile(times, 0.95) * 1000, 2),
        queries=len(queries),
    )
    return row


class Command(BaseCommand):
    help = (
        "Benchmark the main pages at several data sizes (drops and reseeds the database; "
        "run it through make bench)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sizes",
            type=int,
            nargs="+",
            default=DEFAULT_SIZES,
            help="numbers of projects to seed and measure (default 200 2000 20000)",
        )
        parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
        parser.add_argument("--history", type=int, default=12, help="reporting periods seeded")
        parser.add_argument(
            "--no-reseed",
            action="store_true",
            help="measure the database as it is, once (--sizes is ignored)",
        )
        parser.add_argument(
            "--copil-only",
            action="store_true",
            help="measure the COPIL pack alone (no page is timed)",
        )
        parser.add_argument("--output-dir", help="where the JSON results go (default var/bench)")
        bench_lessons.add_arguments(parser)  # and the optimiser's

    def handle(
        self, *args, sizes, requests, history, no_reseed, output_dir, copil_only=False, **options
    ):
        if options.get("optimiser_only") or options.get("lessons_only"):  # alone, no reseed
            alone = bench_lessons if options.get("lessons_only") else bench_optimiser
            alone.report(self.stdout, options)
            return
        if requests < 1:
            raise CommandError("--requests must be at least 1")
        if any(size < 1 for size in sizes):
            raise CommandError("--sizes must be positive")
        name = str(connection.settings_dict["NAME"])
        meant_for_bench = "bench" in name and not name.startswith("test_")
        if not no_reseed and (connection.vendor != "postgresql" or not meant_for_bench):
            raise CommandError(
                f"bench drops and recreates the database; {name!r} is not a PostgreSQL "
                "database whose name contains 'bench'. Run make bench, or use --no-reseed."
            )
        if settings.DEBUG:
            self.stdout.write(
                self.style.WARNING("DEBUG is on: timings include template debugging.")
            )
        results = {
            "created": timezone.localtime().isoformat(timespec="seconds"),
            "requests": requests,
            "history": history,
            "database": connection.vendor,
            "debug": settings.DEBUG,
            "python": platform.python_version(),
            "django": django.get_version(),
            "machine": platform.node(),
            "sizes": [],
        }
        for size in [None] if no_reseed else sizes:
            entry = {}
            if size is not None:
                entry["seed_seconds"] = self._reseed(size, history)
            entry["projects"] = Project.objects.count()
            entry["status_reports"] = StatusReport.objects.count()
            entry["results"] = [] if copil_only else self._run(requests)
            if not copil_only:  # the REST API: its project list and a 10,000-row push
                pmo = get_user_model().objects.get(username=BENCH_USER)
                entry["api"] = bench_api.measure(pmo, requests)
            entry["copil"] = bench_copil.measure(output_dir)
            results["sizes"].append(entry)
            self._print(entry)
        results.update(bench_lessons.after_pages(self.stdout, options, copil_only=copil_only))
        self._write(results, output_dir)

    def _reseed(self, size: int, history: int) -> float:
        self.stdout.write(f"Seeding {size:,} projects ({history} periods of history)…")
        started = time.perf_counter()
        bench_db.recreate_database()
        call_command("migrate", interactive=False, verbosity=0)
        ContentType.objects.clear_cache()
        seeded = time.perf_counter()
        call_command(
            "seed_demo", projects=size, history=history, if_empty=False, stdout=io.StringIO()
        )
        # Lifecycles, gates and deliverables of every project (the compliance pages).
        self.stdout.write(f"  governance: {governance_bench.seed_lifecycles()}")
        seconds = time.perf_counter() - seeded
        with connection.cursor() as cursor:
            # Statistics and visibility map (index-only scans), as autovacuum would give.
            cursor.execute("VACUUM ANALYZE")
        self.stdout.write(f"  migrated in {seeded - started:.1f} s, seeded in {seconds:.1f} s")
        self.stdout.write(f"  roll-up reconciliation after the seed: {reconcile_rollups()}")
        return round(seconds, 1)

    def _run(self, requests: int) -> list[dict]:
        user = get_user_model().objects.filter(username=BENCH_USER).first()
        if user is None:
            raise CommandError(f"no user {BENCH_USER!r}: seed the demo data first (seed_demo)")
        business_unit = (
            Portfolio.objects.filter(name=BUSINESS_UNIT).first()
            or Portfolio.objects.filter(parent__isnull=False, parent__parent__isnull=True)
            .order_by("name")
            .first()
        )
        context = Context(user=user, business_unit=business_unit)
        client = Client()
        client.force_login(user, backend=SIGN_IN_BACKEND)
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        # A failing page is reported in its row; its traceback would bury the table.
        request_log = logging.getLogger("django.request")
        level = request_log.level
        request_log.setLevel(logging.CRITICAL)
        try:
            with override_settings(ALLOWED_HOSTS=hosts):
                rows = [_measure(m, context, client, requests) for m in MEASUREMENTS]
        finally:
            request_log.setLevel(level)
        bare = next((r for r in rows if r["key"] == "bare" and r["available"]), None)
        for row in rows:
            if row["available"] and bare:
                row["ratio"] = round(row["median_ms"] / bare["median_ms"], 1)
        return rows

    def _print(self, entry: dict) -> None:
        title = f"{entry['projects']:,} projects, {entry['status_reports']:,} status reports"
        if "seed_seconds" in entry:
            title += f" (seeded in {entry['seed_seconds']:.1f} s)"
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING(title))
        header = f"{'page':<38} {'median ms':>10} {'p95 ms':>9} {'queries':>8} {'× bare':>7}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for row in entry["results"]:
            if not row["available"]:
                self.stdout.write(f"{row['label']:<38} {'n/a':>10}   {row.get('note', '')}")
                continue
            line = (
                f"{row['label']:<38} {row['median_ms']:>10.1f} {row['p95_ms']:>9.1f} "
                f"{row['queries']:>8} {row.get('ratio', 0):>7.1f}"
            )
            if row.get("target_ms"):
                met = row["median_ms"] < row["target_ms"]
                line += f"   target < {row['target_ms']:g} ms: {'met' if met else 'MISSED'}"
            self.stdout.write(line)
        for line in bench_api.lines(entry["api"]) if entry.get("api") else []:
            self.stdout.write(line)
        copil = entry.get("copil")
        if copil is not None:
            self.stdout.write(bench_copil.line(copil))

    def _write(self, results: dict, output_dir: str | None) -> None:
        folder = Path(output_dir) if output_dir else Path(settings.VAR_DIR) / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        text = json.dumps(results, indent=2, ensure_ascii=False)
        target = folder / f"bench-{stamp}.json"
        target.write_text(text, encoding="utf-8")
        (folder / "latest.json").write_text(text, encoding="utf-8")
        self.stdout.write("")
        self.stdout.write(f"Results written to {target}")
