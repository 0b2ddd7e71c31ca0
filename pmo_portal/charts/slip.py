"""The slip chart (milestone trend): x = successive reports, y = forecast date."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from pmo_portal.charts._base import (
    GRID,
    MUTED,
    SERIES_COLOURS,
    SERIES_DASHES,
    SERIES_SHAPES,
    _attrs,
    _empty,
    _num,
    _shorten,
    _svg,
    _text,
    _text_width,
    _title,
)
from pmo_portal.dates import add_months, month_start, next_month


def _date_ticks(low: date, high: date) -> list[date]:
    """First days of months between ``low`` and ``high``, at most ~8 of them."""
    first = month_start(low)
    span = (high.year - first.year) * 12 + high.month - first.month + 1
    step = next((s for s in (1, 2, 3, 6, 12, 24) if span / s <= 8), 60)
    first = date(first.year, ((first.month - 1) // step) * step + 1, 1) if step <= 12 else first
    ticks, tick = [], first
    while tick <= high:
        if tick >= low:
            ticks.append(tick)
        tick = add_months(tick, step)
    return ticks


def _marker(
    shape: str,
    x: float,
    y: float,
    colour: str,
    title: str,
    *,
    hollow: bool = False,
    size: float = 1.0,
) -> str:
    """A series marker (shapes tell series apart in greyscale) with its hover title."""
    fill = "#ffffff" if hollow else colour
    common = f'class="mark" fill="{fill}" stroke="{colour}" stroke-width="1.5"'
    r = 4.5 * size
    if shape == "circle":
        return f"<circle {_attrs(cx=x, cy=y, r=r)} {common}>{_title(title)}</circle>"
    if shape == "square":
        box = _attrs(x=x - r, y=y - r, width=2 * r, height=2 * r)
        return f"<rect {box} {common}>{_title(title)}</rect>"
    if shape == "cross":
        d = (
            f"M{_num(x - r)},{_num(y - r)} L{_num(x + r)},{_num(y + r)} "
            f"M{_num(x - r)},{_num(y + r)} L{_num(x + r)},{_num(y - r)}"
        )
        return (
            f'<path class="mark" d="{d}" fill="none" stroke="{colour}" stroke-width="2.2">'
            f"{_title(title)}</path>"
        )
    points = {
        "triangle": [(x, y - r - 1), (x + r + 0.5, y + r), (x - r - 0.5, y + r)],
        "triangle_down": [(x, y + r + 1), (x + r + 0.5, y - r), (x - r - 0.5, y - r)],
        "diamond": [(x, y - r - 1), (x + r + 1, y), (x, y + r + 1), (x - r - 1, y)],
    }[shape]
    coords = " ".join(f"{_num(px)},{_num(py)}" for px, py in points)
    return f'<polygon points="{coords}" {common}>{_title(title)}</polygon>'


def slip_chart_svg(
    *,
    report_labels: list[str],
    milestones: list[dict],
    title: str,
    date_format: Callable[[date], str],
    empty_text: str | None = None,
    width: int = 720,
    height: int = 340,
) -> SafeString:
    """The milestone trend ("slip chart"): x = successive reports, y = forecast date.

    ``milestones``: ``{"name": str, "baseline": date, "points": [date | None, ...]}`` with
    one point per report label (``None`` where that report did not state the milestone), and
    optionally ``earlier_baselines``: the dates its baseline had before it was changed, drawn
    as small hollow markers joined to the current baseline. A line climbing to the right is a
    milestone slipping; a flat line is a milestone held. The baseline is drawn as a hollow
    marker in a first "baseline" column. ``date_format`` turns a date into text in the page
    language (axis ticks and hover titles).
    """
    baseline_word = _("Baseline")
    earlier_word = _("Earlier baseline")
    rows = [
        {
            "name": str(m.get("name") or ""),
            "baseline": m.get("baseline"),
            "points": list(m.get("points") or [])[: len(report_labels)],
            "earlier": [d for d in m.get("earlier_baselines") or [] if d],
        }
        for m in milestones
    ]
    rows = [row for row in rows if row["baseline"] or any(row["points"])]
    if not report_labels or not rows:
        message = empty_text or _("No milestone forecast reported yet.")
        return _empty(width, min(height, 120), title, message)
    dates = [d for row in rows for d in [row["baseline"], *row["points"], *row["earlier"]] if d]
    low, high = min(dates), max(dates)
    low, high = month_start(low), next_month(high)
    left, top, bottom = 78, 14, 30
    right = min(170, 24 + int(_text_width(max((r["name"] for r in rows), key=len)[:24])))
    plot_w, plot_h = width - left - right, height - top - bottom
    span = max(1, (high - low).days)

    def y_of(day: date) -> float:
        return top + plot_h - (day - low).days / span * plot_h

    columns = [baseline_word, *report_labels]
    slot = plot_w / len(columns)

    def x_of(column: int) -> float:
        return left + slot * column + slot / 2

    body = []
    for tick in _date_ticks(low, high):
        ty = y_of(tick)
        body.append(
            f"<line {_attrs(x1=float(left), x2=float(left + plot_w), y1=ty, y2=ty)} "
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(_text(left - 6, ty + 4, date_format(tick), text_anchor="end", fill=MUTED))
    label_every = max(1, math.ceil(_text_width(max(columns, key=len)) / max(1.0, slot - 4)))
    for column, label in enumerate(columns):
        if column == 0 or column % label_every == 0 or column == len(columns) - 1:
            body.append(
                _text(x_of(column), top + plot_h + 16, label, text_anchor="middle", fill=MUTED)
            )
    body.append(
        f"<line {_attrs(x1=left + slot, x2=left + slot, y1=float(top), y2=float(top + plot_h))} "
        f'stroke="{GRID}" stroke-width="1" stroke-dasharray="2 2"/>'
    )
    body.append(
        f"<line {_attrs(x1=float(left), x2=float(left + plot_w), y1=float(top + plot_h))} "
        f'{_attrs(y2=float(top + plot_h))} stroke="{MUTED}" stroke-width="1"/>'
    )
    label_slots: list[float] = []
    for index, row in enumerate(rows):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        shape = SERIES_SHAPES[index % len(SERIES_SHAPES)]
        dash = SERIES_DASHES[(index // len(SERIES_COLOURS)) % len(SERIES_DASHES)]
        name, baseline = row["name"], row["baseline"]
        group = [f'<g class="series">{_title(name)}']
        segments: list[list[tuple[float, float]]] = [[]]
        if baseline:
            bx, by = x_of(0), y_of(baseline)
            text = f"{name} — {baseline_word}: {date_format(baseline)}"
            group.append(_marker(shape, bx, by, colour, text, hollow=True))
            for earlier in row["earlier"]:  # a rebaselined milestone: where its baseline was
                ey = y_of(earlier)
                group.append(
                    f'<path class="mark" d="M{_num(bx)},{_num(ey)} L{_num(bx)},{_num(by)}" '
                    f'fill="none" stroke="{colour}" stroke-width="1" stroke-dasharray="1 2"/>'
                )
                text = f"{name} — {earlier_word}: {date_format(earlier)}"
                group.append(_marker(shape, bx, ey, colour, text, hollow=True, size=0.6))
        last_point = None
        for column, point in enumerate(row["points"], start=1):
            if point is None:
                segments.append([])
                continue
            px, py = x_of(column), y_of(point)
            segments[-1].append((px, py))
            last_point = (px, py)
            text = f"{name} — {columns[column]}: {date_format(point)}"
            if baseline:
                slip = (point - baseline).days
                text += " (" + _("slip: %(days)+d days") % {"days": slip} + ")"
            group.append(_marker(shape, px, py, colour, text))
        first = next((s[0] for s in segments if s), None)
        if baseline and first:
            group.insert(
                1,
                f'<path class="mark" d="M{_num(x_of(0))},{_num(y_of(baseline))} '
                f'L{_num(first[0])},{_num(first[1])}" fill="none" stroke="{colour}" '
                f'stroke-width="1" stroke-dasharray="1 3">{_title(name)}</path>',
            )
        for segment in segments:
            if len(segment) < 2:
                continue
            d = "M" + " L".join(f"{_num(px)},{_num(py)}" for px, py in segment)
            group.insert(
                1,
                f'<path class="mark" d="{d}" fill="none" stroke="{colour}" stroke-width="2" '
                f"{_attrs(stroke_dasharray=dash)}>{_title(name)}</path>",
            )
        anchor = last_point or ((x_of(0), y_of(baseline)) if baseline else None)
        if anchor:
            ly = anchor[1] + 4
            for taken in sorted(label_slots):  # keep end labels from overlapping
                if abs(taken - ly) < 12:
                    ly = taken + 12
            label_slots.append(ly)
            group.append(
                _text(left + plot_w + 6, ly, _shorten(name, 24), fill=colour, aria_hidden="true")
            )
        group.append("</g>")
        body.append("".join(group))
    return _svg(width, height, title, body)
