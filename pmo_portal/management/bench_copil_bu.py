"""The bench's "COPIL pack, largest business unit" figure (issue 16): the pack of the
business unit with the most live projects — above the PMO's threshold, an exceptions pack
(reporting/copil/exceptions.py) — read and rendered in a fresh process
(``manage.py copil_sample --largest-business-unit``), like bench_copil.py's figure. A wiring
module: it runs the sample command as a subprocess and imports no app.
"""

from __future__ import annotations

from pmo_portal.management import copil_sample_run

TARGET_SECONDS = 15  # read and rendered, at 30,000 projects (issue 16)
LABEL = "COPIL pack, largest business unit"


def measure(output_dir: str | None) -> dict:
    """Read and render the largest business unit's pack twice in a fresh process: the first
    run (what a just-started worker pays) and the second."""
    folder = copil_sample_run.output_folder(output_dir)
    return copil_sample_run.run(
        [
            "--largest-business-unit",
            "--repeat=2",
            f"--output={folder / 'copil-business-unit.pdf'}",
        ]
    )


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
