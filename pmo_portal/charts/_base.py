"""Shared pieces of the charts: palette, SVG writing helpers, health fills and legend."""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Iterable, Mapping

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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
        f'font-family="{escape(FONT)}" class="chart">'
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


def _halo_text(
    x: float, y: float, content: str, *, fill: str, halo: str, for_print: bool, **attributes
) -> str:
    """A number written on a coloured mark, with a halo of the mark's colour around its
    glyphs. On screen one ``<text>`` whose stroke is painted first (``paint-order``).
    ``for_print``: WeasyPrint ignores ``paint-order`` (the stroke would cover the glyphs),
    so the halo is a first text, stroked, and the number a second one drawn over it."""
    if not for_print:
        return _text(
            x,
            y,
            content,
            fill=fill,
            stroke=halo,
            stroke_width=3,
            paint_order="stroke",
            **attributes,
        )
    return _text(x, y, content, fill=halo, stroke=halo, stroke_width=3, **attributes) + _text(
        x, y, content, fill=fill, **attributes
    )


VIEWBOX = re.compile(r'viewBox="0 0 ([\d.]+) ([\d.]+)"')


def size_of(svg: str) -> tuple[float, float]:
    """Width and height (user units) of a chart of this package, from its viewBox."""
    match = VIEWBOX.search(svg)
    if match is None:
        raise ValueError("not a chart of pmo_portal.charts")
    return float(match.group(1)), float(match.group(2))
