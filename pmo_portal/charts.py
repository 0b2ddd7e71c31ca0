"""Server-side SVG charts, shared by the dashboards and the COPIL PDF (shared/UI.md).

Every function is pure (no ORM, no request): callers pass plain data and texts already in
the page language, and get back an ``<svg>`` string marked safe, with every text escaped.

Reading rules of UI.md:
- health uses its palette *and* a fill pattern per level (plain, stripes, cross-hatch, dots,
  dashed outline), with the météo shape in the legend, so bars read in greyscale print;
- everything else is one blue (``#1f4e8c``) and greys, told apart by marker shapes and dashes;
- every mark carries a ``<title>`` (hover, screen readers); the ``<svg>`` has ``role="img"``
  and an ``aria-label``. No links inside: an ``img`` is not interactive, so pages put the
  drill-down links in the HTML next to the chart.
- no ``<style>`` and no ``id`` shared between charts: several charts can sit on one page.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Iterable, Mapping
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

BLUE = "#1f4e8c"
INK = "#1f2937"
MUTED = "#4b5563"
GRID = "#d1d5db"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"

# Health levels 1..4 and None (not reported), in stacking and legend order.
HEALTH_LEVELS: tuple[int | None, ...] = (1, 2, 3, 4, None)
# Colour, pattern, shape glyph. The amber is portal.css's deeper one (white text, AA contrast).
HEALTH_STYLE: dict[int | None, tuple[str, str, str]] = {
    1: ("#1b7f3b", "solid", "●"),
    2: ("#a86400", "stripes", "▲"),
    3: ("#b3261e", "crosshatch", "◆"),
    4: ("#6d0f0a", "dots", "■"),
    None: ("#ffffff", "outline", "○"),
}
NOT_REPORTED_STROKE = "#6b7280"

# Series other than health: blue and greys, with a marker shape and a dash each.
SERIES_COLOURS = (BLUE, "#374151", "#6b7280")
SERIES_SHAPES = ("circle", "square", "triangle", "diamond", "cross", "triangle_down")
SERIES_DASHES = ("", "6 3", "2 3")


# --- small helpers ---------------------------------------------------------------------


def _num(value: float) -> str:
    """A coordinate without trailing zeros (short, locale-independent)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _attrs(**attributes) -> str:
    parts = []
    for name, value in attributes.items():
        if value is None or value == "":
            continue
        if isinstance(value, float):
            value = _num(value)
        parts.append(f'{name.rstrip("_").replace("_", "-")}="{escape(value)}"')
    return " ".join(parts)


def _title(text: str) -> str:
    return f"<title>{escape(text)}</title>"


def _text(x: float, y: float, content: str, **attributes) -> str:
    attributes.setdefault("font_size", 11)
    attributes.setdefault("fill", INK)
    return f"<text {_attrs(x=float(x), y=float(y), **attributes)}>{escape(content)}</text>"


def _text_width(content: str, size: float = 11) -> float:
    """A rough width of ``content`` (no font metrics on the server): enough for layout."""
    return len(content) * size * 0.58


def _shorten(content: str, limit: int) -> str:
    return content if len(content) <= limit else content[: limit - 1].rstrip() + "…"


def _chart_id(*parts) -> str:
    """A stable id prefix per chart content, so pattern ids of two charts never clash."""
    return "c" + format(zlib.crc32(repr(parts).encode("utf-8")), "08x")


def _svg(width: int, height: int, label: str, body: Iterable[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" {_attrs(viewBox=f"0 0 {width} {height}")} '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}" '
        f'font-family="{escape(FONT)}" class="chart" style="max-width:100%;height:auto">'
    )
    return mark_safe(head + _title(label) + "".join(body) + "</svg>")  # noqa: S308 (escaped)


def _empty(width: int, height: int, title: str, message: str) -> SafeString:
    body = [
        f'<rect {_attrs(x=0.5, y=0.5, width=width - 1, height=height - 1)} fill="#f9fafb" '
        f'stroke="{GRID}" stroke-dasharray="4 3" rx="6">{_title(message)}</rect>',
        _text(width / 2, height / 2, message, text_anchor="middle", font_size=13, fill=MUTED),
    ]
    return _svg(width, height, f"{title}: {message}", body)


def nice_ticks(maximum: float, *, count: int = 5) -> list[int]:
    """Round tick values from 0 to at least ``maximum`` (integers, at most ~``count``+1)."""
    if maximum <= 0:
        return [0, 1]
    raw = maximum / count
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next((m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw), 10 * magnitude)
    step = max(1, math.ceil(step))
    top = math.ceil(maximum / step) * step
    return list(range(0, top + 1, step))


def _health_defs(prefix: str) -> str:
    """Fill patterns of the health levels (patterns make levels differ in greyscale)."""
    defs = []
    for level in (2, 3, 4):
        colour, pattern, _shape = HEALTH_STYLE[level]
        pid = f"{prefix}-h{level}"
        if pattern == "stripes":
            inner = (
                f'<rect width="6" height="6" fill="{colour}"/>'
                '<path d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2" stroke="#ffffff" '
                'stroke-opacity="0.55" stroke-width="1.4"/>'
            )
        elif pattern == "crosshatch":
            inner = (
                f'<rect width="6" height="6" fill="{colour}"/>'
                '<path d="M0,0 l6,6 M6,0 l-6,6" stroke="#ffffff" stroke-opacity="0.45" '
                'stroke-width="1"/>'
            )
        else:  # dots
            inner = (
                f'<rect width="6" height="6" fill="{colour}"/>'
                '<circle cx="3" cy="3" r="1.1" fill="#ffffff" fill-opacity="0.6"/>'
            )
        defs.append(
            f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse">'
            f"{inner}</pattern>"
        )
    return "<defs>" + "".join(defs) + "</defs>"


def _health_fill(prefix: str, level: int | None) -> str:
    colour, pattern, _shape = HEALTH_STYLE[level]
    if pattern == "outline":
        return (
            f'fill="{colour}" stroke="{NOT_REPORTED_STROKE}" stroke-width="1" '
            'stroke-dasharray="3 2"'
        )
    if pattern == "solid":
        return f'fill="{colour}"'
    return f'fill="url(#{prefix}-h{level})"'


def _health_legend(
    prefix: str, legend: Mapping[int | None, str], *, x: float, y: float, width: float
) -> tuple[list[str], float]:
    """Legend items (swatch + shape + label) laid out in rows; returns the height used."""
    items, cx, cy = [], x, y
    for level in HEALTH_LEVELS:
        if level not in legend:
            continue
        _colour, _pattern, shape = HEALTH_STYLE[level]
        label = f"{shape} {legend[level]}"
        item_width = 18 + _text_width(label) + 16
        if cx + item_width > x + width and cx > x:
            cx, cy = x, cy + 18
        items.append(
            f'<g class="legend">{_title(legend[level])}'
            f"<rect {_attrs(x=float(cx), y=float(cy), width=12, height=12)} "
            f"{_health_fill(prefix, level)}/>" + _text(cx + 17, cy + 10, label) + "</g>"
        )
        cx += item_width
    return items, (cy - y) + 18 if items else 0


def _total(counts: Mapping[int | None, int]) -> int:
    return sum(max(0, int(counts.get(level) or 0)) for level in HEALTH_LEVELS)


# --- health trend: stacked bars per period ----------------------------------------------


def health_trend_svg(
    *,
    periods: list[str],
    series: list[dict[int | None, int]],
    title: str,
    legend: dict[int | None, str],
    y_label: str = "",
    empty_text: str | None = None,
    number_format: Callable[[int], str] = str,
    width: int = 720,
    height: int = 300,
) -> SafeString:
    """Stacked bars, one per period: how many projects stood at each health level.

    ``periods`` are the bar labels (oldest first); ``series[i]`` maps a health level (1..4,
    ``None`` = not reported) to a count for ``periods[i]``; ``legend`` maps the same keys to
    their translated names (a level missing from ``legend`` is neither drawn nor listed).
    ``number_format`` writes counts the page's way (thousands separators).
    """
    bars = [
        {level: max(0, int(counts.get(level) or 0)) for level in HEALTH_LEVELS if level in legend}
        for counts in series[: len(periods)]
    ]
    if not periods or not any(sum(bar.values()) for bar in bars):
        return _empty(
            width, min(height, 120), title, empty_text or _("No status report to chart yet.")
        )
    prefix = _chart_id("trend", periods, bars, title)
    ticks = nice_ticks(max(sum(bar.values()) for bar in bars))
    tick_width = max(_text_width(number_format(tick)) for tick in ticks)
    left, right, top = int(tick_width) + 12 + (18 if y_label else 0), 12, 12
    legend_items, legend_height = _health_legend(
        prefix, legend, x=left, y=0, width=width - left - right
    )
    bottom = 26 + legend_height + 10
    plot_w, plot_h = width - left - right, height - top - bottom
    scale = plot_h / ticks[-1]
    body = [_health_defs(prefix)]
    for tick in ticks:
        ty = top + plot_h - tick * scale
        body.append(
            f"<line {_attrs(x1=float(left), x2=float(left + plot_w), y1=ty, y2=ty)} "
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(_text(left - 6, ty + 4, number_format(tick), text_anchor="end", fill=MUTED))
    if y_label:
        body.append(
            _text(
                12,
                top + plot_h / 2,
                y_label,
                text_anchor="middle",
                fill=MUTED,
                transform=f"rotate(-90 12 {_num(top + plot_h / 2)})",
            )
        )
    slot = plot_w / len(periods)
    bar_w = min(48.0, slot * 0.7)
    label_every = max(1, math.ceil(_text_width(max(periods, key=len)) / (slot - 4)))
    for index, (period, bar) in enumerate(zip(periods, bars, strict=False)):
        bx = left + slot * index + (slot - bar_w) / 2
        y = top + plot_h
        total = sum(bar.values())
        for level in HEALTH_LEVELS:
            value = bar.get(level, 0)
            if not value:
                continue
            h = value * scale
            y -= h
            label = f"{period} — {legend[level]}: {number_format(value)} / {number_format(total)}"
            body.append(
                f'<rect class="mark" {_attrs(x=bx, y=y, width=bar_w, height=h)} '
                f"{_health_fill(prefix, level)}>{_title(label)}</rect>"
            )
            if h >= 14 and bar_w >= 18:
                colour = HEALTH_STYLE[level][0]
                text_colour = INK if level is None else "#ffffff"
                body.append(
                    _text(
                        bx + bar_w / 2,
                        y + h / 2 + 4,
                        number_format(value),
                        text_anchor="middle",
                        font_size=10,
                        fill=text_colour,
                        stroke=colour,
                        stroke_width=3,
                        paint_order="stroke",
                        aria_hidden="true",
                    )
                )
        if index % label_every == 0 or index == len(periods) - 1:
            body.append(
                _text(bx + bar_w / 2, top + plot_h + 16, period, text_anchor="middle", fill=MUTED)
            )
    body.append(
        f"<line {_attrs(x1=float(left), x2=float(left + plot_w), y1=float(top + plot_h))} "
        f'{_attrs(y2=float(top + plot_h))} stroke="{MUTED}" stroke-width="1"/>'
    )
    body.append(f'<g transform="translate(0 {_num(height - legend_height)})">')
    body.extend(legend_items)
    body.append("</g>")
    return _svg(width, height, title, body)


# --- health distribution: one horizontal stacked bar ------------------------------------


def health_distribution_svg(
    *,
    counts: dict[int | None, int],
    title: str,
    legend: dict[int | None, str],
    empty_text: str | None = None,
    show_legend: bool = True,
    number_format: Callable[[int], str] = str,
    width: int = 720,
    height: int = 86,
) -> SafeString:
    """One horizontal bar split by health level (1..4, ``None`` = not reported).

    Each segment shows its count (and share when wide enough); the legend lists every level
    of ``legend`` with its count, so a level too thin to label stays readable. A page that
    lists the counts beside the chart (with links) may leave the legend out.
    """
    values = {
        level: max(0, int(counts.get(level) or 0)) for level in HEALTH_LEVELS if level in legend
    }
    total = sum(values.values())
    if not total:
        return _empty(width, height, title, empty_text or _("No project to chart."))
    prefix = _chart_id("distribution", values, title)
    left, right, bar_h = 2, 2, 30
    legend_items, legend_height = [], 0
    if show_legend:
        labels = {level: f"{legend[level]} ({number_format(values[level])})" for level in values}
        legend_items, legend_height = _health_legend(
            prefix, labels, x=left, y=bar_h + 12, width=width - left - right
        )
        height = max(height, bar_h + 12 + int(legend_height) + 4)
    else:
        height = bar_h + 4
    plot_w = width - left - right
    body = [_health_defs(prefix)]
    x = float(left)
    for level, value in values.items():
        if not value:
            continue
        w = plot_w * value / total
        share = round(100 * value / total)
        count, of = number_format(value), number_format(total)
        label = f"{legend[level]}: {count} / {of} ({share} %)"
        body.append(
            f'<rect class="mark" {_attrs(x=x, y=2.0, width=w, height=bar_h)} '
            f"{_health_fill(prefix, level)}>{_title(label)}</rect>"
        )
        text = f"{count} · {share} %"
        if w < _text_width(text) + 8:
            text = count if w >= _text_width(count) + 6 else None
        if text:
            colour = HEALTH_STYLE[level][0]
            body.append(
                _text(
                    x + w / 2,
                    2 + bar_h / 2 + 4,
                    text,
                    text_anchor="middle",
                    fill=INK if level is None else "#ffffff",
                    stroke=colour,
                    stroke_width=3,
                    paint_order="stroke",
                    aria_hidden="true",
                )
            )
        x += w
    body.extend(legend_items)
    return _svg(width, height, title, body)


# --- slip chart (milestone trend) --------------------------------------------------------


def _month_floor(day: date) -> date:
    return day.replace(day=1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _date_ticks(low: date, high: date) -> list[date]:
    """First days of months between ``low`` and ``high``, at most ~8 of them."""
    first = _month_floor(low)
    span = (high.year - first.year) * 12 + high.month - first.month + 1
    step = next((s for s in (1, 2, 3, 6, 12, 24) if span / s <= 8), 60)
    first = date(first.year, ((first.month - 1) // step) * step + 1, 1) if step <= 12 else first
    ticks, tick = [], first
    while tick <= high:
        if tick >= low:
            ticks.append(tick)
        tick = _add_months(tick, step)
    return ticks


def _marker(
    shape: str, x: float, y: float, colour: str, title: str, *, hollow: bool = False
) -> str:
    """A series marker (shapes tell series apart in greyscale) with its hover title."""
    fill = "#ffffff" if hollow else colour
    common = f'class="mark" fill="{fill}" stroke="{colour}" stroke-width="1.5"'
    r = 4.5
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
    one point per report label (``None`` where that report did not state the milestone). A
    line climbing to the right is a milestone slipping; a flat line is a milestone held. The
    baseline is drawn as a hollow marker in a first "baseline" column. ``date_format`` turns a
    date into text in the page language (axis ticks and hover titles).
    """
    baseline_word = _("Baseline")
    rows = [
        {
            "name": str(m.get("name") or ""),
            "baseline": m.get("baseline"),
            "points": list(m.get("points") or [])[: len(report_labels)],
        }
        for m in milestones
    ]
    rows = [row for row in rows if row["baseline"] or any(row["points"])]
    if not report_labels or not rows:
        message = empty_text or _("No milestone forecast reported yet.")
        return _empty(width, min(height, 120), title, message)
    dates = [d for row in rows for d in [row["baseline"], *row["points"]] if d]
    low, high = min(dates), max(dates)
    low, high = _month_floor(low), _add_months(high, 1)
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
