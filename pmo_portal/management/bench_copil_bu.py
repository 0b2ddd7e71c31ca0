"""The bench's "COPIL pack, largest business unit" figure (issue 16): the pack of the
business unit with the most live projects — above the PMO's threshold, an exceptions pack
(reporting/copil/exceptions.py) — read and rendered in a fresh process
(``manage.py copil_sample --largest-business-unit``), like bench_copil.py's figure. A wiring
module: it runs the sample command as a subprocess and imports no app.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from pmo_portal.management import bench_db

TARGET_SECONDS = 15  # read and rendered, at 30,000 projects (issue 16)
LABEL = "COPIL pack, largest business unit"


def measure(output_dir: str | None) -> dict:
    """Read and render the largest business unit's pack twice in a fresh process: the first
    run (what a just-started worker pays) and the second."""
    folder = Path(output_dir) if output_dir else Path(settings.VAR_DIR) / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        str(Path(settings.BASE_DIR) / "manage.py"),
        "copil_sample",
        "--largest-business-unit",
        "--repeat=2",
        "--json",
        f"--output={folder / 'copil-business-unit.pdf'}",
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


def line(figures: dict) -> str:
    if not figures["available"]:
        return f"{LABEL:<38} {'n/a':>10}   {figures.get('note', '')}"
    unit = figures.get("business_unit") or {}
    met = figures["seconds"] < TARGET_SECONDS
    return (
        f"{LABEL:<38} {unit.get('projects', 0):,} projects ({unit.get('name', '?')}): "
        f"{figures['pages']} pages read and rendered in {figures['seconds']:.2f} s "
        f"(data read {figures['data_seconds']:.2f} s; first run {figures['first_seconds']:.2f} s), "
        f"{figures['rounds']} round(s); peak memory {figures['peak_mb']:.0f} MB   "
        f"target < {TARGET_SECONDS} s: {'met' if met else 'MISSED'}"
    )
