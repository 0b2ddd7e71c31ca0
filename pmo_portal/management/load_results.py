"""Locust's CSV results, read and printed for ``manage.py bench_load`` (issue 16).

Locust writes ``<prefix>_stats.csv`` (one row per request name, then "Aggregated") and
``<prefix>_failures.csv`` (one row per distinct error). This module turns them into rows of
plain figures and into the table the command prints. No Django, no locust: the tests read a
small CSV of their own.
"""

from __future__ import annotations

import csv
from pathlib import Path

AGGREGATED = "Aggregated"
PERCENTILES = {"p50_ms": "50%", "p95_ms": "95%", "p99_ms": "99%"}


def _number(text: str | None) -> float | None:
    """Locust writes "N/A" for a percentile of no request."""
    try:
        return float(text) if text not in (None, "", "N/A") else None
    except ValueError:
        return None


def read_stats(path: Path | str) -> list[dict]:
    """One dict per request name (the "Aggregated" row last): requests, failures, req/s,
    p50/p95/p99 in milliseconds (None when locust has no figure)."""
    rows = []
    with open(path, newline="", encoding="utf-8") as stats:
        for line in csv.DictReader(stats):
            row = {
                "name": line["Name"],
                "method": line.get("Type", ""),
                "requests": int(line["Request Count"]),
                "failures": int(line["Failure Count"]),
                "rps": _number(line["Requests/s"]) or 0.0,
            }
            row.update({key: _number(line.get(column)) for key, column in PERCENTILES.items()})
            rows.append(row)
    return rows


def read_failures(path: Path | str) -> list[dict]:
    """The distinct errors: method, name, error text, occurrences (an empty list when the
    file is missing, as locust leaves it when nothing failed in some versions)."""
    path = Path(path)
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8") as failures:
        return [
            {
                "method": line["Method"],
                "name": line["Name"],
                "error": line["Error"],
                "occurrences": int(line["Occurrences"]),
            }
            for line in csv.DictReader(failures)
        ]


def total(rows: list[dict]) -> dict | None:
    return next((row for row in rows if row["name"] == AGGREGATED), None)


def failed(rows: list[dict]) -> bool:
    return any(row["failures"] for row in rows)


def _ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"


def table(rows: list[dict]) -> list[str]:
    """The lines of the per-page table: pages in locust's order, the total last."""
    header = (
        f"{'page':<44} {'requests':>8} {'failures':>8} {'req/s':>7} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
    )
    lines = [header, "-" * len(header)]
    pages = [row for row in rows if row["name"] != AGGREGATED]
    every = total(rows)
    for row in [*pages, *([every] if every else [])]:
        label = "All requests" if row["name"] == AGGREGATED else row["name"]
        lines.append(
            f"{label[:44]:<44} {row['requests']:>8} {row['failures']:>8} {row['rps']:>7.1f} "
            f"{_ms(row['p50_ms']):>7} {_ms(row['p95_ms']):>7} {_ms(row['p99_ms']):>7}"
        )
    return lines


def verdict(rows: list[dict], failures: list[dict]) -> list[str]:
    """'Errors: none.' or a visible FAILED line, then each distinct error."""
    if not failed(rows):
        return ["Errors: none."]
    count = sum(row["failures"] for row in rows if row["name"] != AGGREGATED)
    lines = [f"FAILED: {count} failed request(s)."]
    for failure in failures:
        lines.append(
            f"  {failure['occurrences']} × {failure['method']} {failure['name']}: "
            f"{failure['error'][:200]}"
        )
    return lines


def throughput(rows: list[dict], name: str) -> dict:
    """The figures of one request name in a throughput run (zero when it never ran)."""
    row = next((row for row in rows if row["name"] == name), None)
    if row is None:
        return {"requests": 0, "failures": 0, "rps": 0.0, "p50_ms": None, "p95_ms": None}
    return {key: row[key] for key in ("requests", "failures", "rps", "p50_ms", "p95_ms")}
