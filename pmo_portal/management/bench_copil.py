"""The COPIL figure of ``manage.py bench``: a 50-project steering-committee pack generated
(rendered and archived, as the ``pdf`` queue does it) in a fresh process
(``manage.py copil_sample``), so that its peak memory is the pack's and not the
benchmark's. A wiring module, like the bench command (shared/DESIGN.md); it runs the
sample command as a subprocess and imports no app.
"""

from __future__ import annotations

from pmo_portal.management import bench_copil_bu, copil_sample_run

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
    folder = copil_sample_run.output_folder(output_dir)
    return copil_sample_run.run(
        [
            f"--projects={COPIL_PROJECTS}",
            "--archive",
            "--repeat=3",
            f"--output={folder / 'copil-sample.pdf'}",
        ]
    )


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
