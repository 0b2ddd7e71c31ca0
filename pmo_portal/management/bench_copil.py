"""The COPIL figure of ``manage.py bench``: a 50-project steering-committee pack generated
(rendered and archived, as the ``pdf`` queue does it) in a fresh process
(``manage.py copil_sample``), so that its peak memory is the pack's and not the
benchmark's. A wiring module, like the bench command (shared/DESIGN.md); it runs the
sample command as a subprocess and imports no app.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from pmo_portal.management import bench_copil_bu, bench_db

# The pack's size and the targets of the issue.
COPIL_PROJECTS = 50
COPIL_TARGET_PAGES_PER_SECOND = 25
COPIL_TARGET_PEAK_MB = 300
LABEL = f"COPIL pack, {COPIL_PROJECTS} projects"


def measure(output_dir: str | None) -> dict:
    """The 50-project figure, and the largest business unit's pack (bench_copil_bu.py)."""
    figures = _sample(output_dir)
    figures["largest_business_unit"] = bench_copil_bu.measure(output_dir)
    return figures


def _sample(output_dir: str | None) -> dict:
    """Render and archive a pack of COPIL_PROJECTS projects in a fresh process, three times:
    the first run (what a just-started worker pays) and the best of the others."""
    folder = Path(output_dir) if output_dir else Path(settings.VAR_DIR) / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        str(Path(settings.BASE_DIR) / "manage.py"),
        "copil_sample",
        f"--projects={COPIL_PROJECTS}",
        "--archive",
        "--repeat=3",
        "--json",
        f"--output={folder / 'copil-sample.pdf'}",
    ]
    # The same database as this process (a test run's one included).
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


def line(copil: dict) -> str:
    """The figures as the bench's table prints them, with the targets."""
    business_unit = copil.get("largest_business_unit")
    text = _line(copil)
    return f"{text}\n{bench_copil_bu.line(business_unit)}" if business_unit else text


def _line(copil: dict) -> str:
    if not copil["available"]:
        return f"{LABEL:<38} {'n/a':>10}   {copil.get('note', '')}"
    met = (
        copil["pages_per_second"] >= COPIL_TARGET_PAGES_PER_SECOND
        and copil["peak_mb"] < COPIL_TARGET_PEAK_MB
    )
    return (
        f"{LABEL:<38} {copil['pages']} pages rendered and archived in "
        f"{copil['seconds']:.2f} s = {copil['pages_per_second']:.1f} pages/s (first run "
        f"{copil['first_seconds']:.2f} s); peak memory {copil['peak_mb']:.0f} MB "
        f"({copil['parent_mb']:.0f} MB + renderer {copil['child_mb']:.0f} MB)   "
        f"target >= {COPIL_TARGET_PAGES_PER_SECOND} pages/s and < "
        f"{COPIL_TARGET_PEAK_MB} MB: {'met' if met else 'MISSED'}"
    )
