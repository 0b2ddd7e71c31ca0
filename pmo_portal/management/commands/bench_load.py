"""``manage.py bench_load``: the load test of issue 16 (pmo_portal/management/bench_load.py).

For each size the bench database is dropped, migrated and seeded as ``manage.py bench`` does
(``--no-reseed``: the database as it is, once); then gunicorn with the production settings is
driven by locust: 50 users for 60 s, and the one-worker throughputs of the HTML and API
project lists. Results go to ``var/bench/load-<timestamp>.json``. A failed request makes the
run print FAILED and exit non-zero.
"""

from __future__ import annotations

import json
import platform
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from pmo_portal.management import bench_load, load_results
from pmo_portal.management.commands.bench import Command as BenchCommand


class Command(BaseCommand):
    help = (
        "Load-test gunicorn with the production settings through locust, at each size "
        "(drops and reseeds the bench database unless --no-reseed; run it through make bench)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sizes", type=int, nargs="+", default=[3000, 30000])
        parser.add_argument("--history", type=int, default=12, help="reporting periods seeded")
        parser.add_argument("--no-reseed", action="store_true", help="the database as it is")
        parser.add_argument("--workers", type=int, default=bench_load.WORKERS)
        parser.add_argument("--run-time", default=bench_load.RUN_TIME, help="mixed run, e.g. 60s")
        parser.add_argument(
            "--throughput-time", default=bench_load.THROUGHPUT_TIME, help="one-worker runs"
        )
        parser.add_argument("--output-dir", help="where the results go (default var/bench)")

    def handle(self, *args, sizes, history, no_reseed, workers, run_time, throughput_time, **o):
        name = str(connection.settings_dict["NAME"])
        if connection.vendor != "postgresql":
            raise CommandError("the load test runs gunicorn on PostgreSQL (DATABASE_URL)")
        if not no_reseed and ("bench" not in name or name.startswith("test_")):
            raise CommandError(
                f"bench_load drops and recreates the database; {name!r} is not a bench "
                "database. Run make bench, or use --no-reseed."
            )
        if not settings.REDIS_URL:
            raise CommandError("the load test runs on Redis (REDIS_URL)")
        folder = Path(o.get("output_dir") or Path(settings.VAR_DIR) / "bench")
        folder.mkdir(parents=True, exist_ok=True)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        results = {
            "created": timezone.localtime().isoformat(timespec="seconds"),
            "python": platform.python_version(),
            "machine": platform.node(),
            "cores": _cores(),
            "sizes": [],
        }
        failed = False
        for size in [None] if no_reseed else sizes:
            seed_seconds = None
            if size is not None:
                seed_seconds = BenchCommand(stdout=self.stdout)._reseed(size, history)
            self.stdout.write("")
            entry = bench_load.run_size(
                folder,
                stamp,
                workers=workers,
                run_time=run_time,
                throughput_time=throughput_time,
                say=self.stdout.write,
            )
            entry["seed_seconds"] = seed_seconds
            results["sizes"].append(entry)
            for line in bench_load.lines(entry):
                style = self.style.ERROR if line.startswith("FAILED") else str
                self.stdout.write(style(line))
            failed |= load_results.failed(entry["mixed"]) or any(
                figures["failures"] or not figures["requests"]
                for figures in entry["one_worker"].values()
            )
            self._write(results, folder, stamp)  # after each size: a later one may fail
        if failed:
            raise CommandError("load test FAILED: see the failed requests above")

    def _write(self, results: dict, folder: Path, stamp: str) -> None:
        target = folder / f"load-{stamp}.json"
        target.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
        self.stdout.write(f"Results written to {target}")


def _cores() -> int:
    import os

    return os.cpu_count() or 0
