"""Running ``manage.py copil_sample`` in a fresh process for the bench's COPIL figures
(bench_copil.py, bench_copil_bu.py), so that a pack's peak memory is its own and not the
benchmark's. A wiring module: it imports no app."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from pmo_portal.management import bench_db


def output_folder(output_dir: str | None) -> Path:
    folder = Path(output_dir) if output_dir else Path(settings.VAR_DIR) / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def run(arguments: list[str]) -> dict:
    """``copil_sample --json`` with ``arguments``, on this process's database (a test run's
    one included): its figures, or ``available: False`` with the reason."""
    command = [
        sys.executable,
        str(Path(settings.BASE_DIR) / "manage.py"),
        "copil_sample",
        *arguments,
        "--json",
    ]
    env = {**os.environ, "DATABASE_URL": bench_db.database_url(), "DEBUG": str(settings.DEBUG)}
    try:
        done = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
            command,
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"available": False, "note": "copil_sample took more than 15 minutes"}
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines() or ["no output"]
        return {"available": False, "note": lines[-1][:300]}
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return {"available": True, **figures}
