"""The median trend chart: a median per period with its interquartile band (past
performance: cost variance or delay of the projects closed each year)."""

from __future__ import annotations

import math
from collections.abc import Callable

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from pmo_portal.charts._base import (
    BLUE,
    GRID,
    MUTED,
    _attrs,
    _empty,
    _num,
    _svg,
    _text,
    _title,
)


def signed_ticks(low: float, high: float, *, count: int = 5) -> list[float]:
    """Round ticks covering ``low``..``high`` and always 0 (values may be negative)."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high - low <= 0:
        return [0.0, 1.0]
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    ticks, tick = [], first
    while tick <= high + step * 1e-9:
        ticks.append(round(tick, 10))
        tick += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def median_trend_svg(
    *,
    labels: list[str],
    medians: list[float | None],
    q1: list[float | None],
    q3: list[float | None],
    counts: list[int],
    title: str,
    value_format: Callable[[float], str],
    empty_text: str | None = None,
    width: int = 640,
    height: int = 280,
) -> SafeString:
    """x = periods (``labels``), y = the value: the median as a blue line with round
    markers, the first-to-third quartile band in grey behind it, a dashed zero line.
    ``value_format`` writes a value in the page language ("+18 %", "2,1 mois"); periods
    without a value (None) break the line."""
    points = [
        (i, m, a, b)
        for i, (m, a, b) in enumerate(zip(medians, q1, q3, strict=True))
        if m is not None
    ]
    if not labels or not points:
        return _empty(width, min(height, 120), title, empty_text or _("No closed project yet."))
    values = [v for _i, m, a, b in points for v in (m, a, b) if v is not None]
    ticks = signed_ticks(min(values), max(values))
    low, high = ticks[0], ticks[-1]
    # The left margin fits the longest tick label ("+5,0 mois", "−10.0 months"): about
    # 6.5 px a character at the axis' font size, and the 6 px gap.
    longest = max(len(str(value_format(tick))) for tick in ticks)
    left, right, top, bottom = max(40, round(6.5 * longest) + 12), 16, 14, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    slot = plot_w / len(labels)

    def x_of(index: int) -> float:
        return left + slot * index + slot / 2

    def y_of(value: float) -> float:
        return top + plot_h - (value - low) / (high - low) * plot_h

    body = []
    for tick in ticks:
        ty = y_of(tick)
        body.append(
            f"<line {_attrs(x1=float(left), x2=float(left + plot_w), y1=ty, y2=ty)} "
            f'stroke="{GRID}" stroke-width="1"'
            + (' stroke-dasharray="4 3"' if tick == 0 else "")
            + "/>"
        )
        body.append(_text(left - 6, ty + 4, value_format(tick), text_anchor="end", fill=MUTED))
    for index, label in enumerate(labels):
        body.append(_text(x_of(index), top + plot_h + 18, label, text_anchor="middle", fill=MUTED))
    band = [(i, a, b) for i, _m, a, b in points if a is not None and b is not None]
    if len(band) >= 2:
        upper = " L".join(f"{_num(x_of(i))},{_num(y_of(b))}" for i, _a, b in band)
        lower = " L".join(f"{_num(x_of(i))},{_num(y_of(a))}" for i, a, _b in reversed(band))
        body.append(
            f'<path d="M{upper} L{lower} Z" fill="#9ca3af" fill-opacity="0.35" stroke="none">'
            f"{_title(_('First to third quartile'))}</path>"
        )
    segments: list[list[tuple[float, float]]] = [[]]
    previous = None
    for i, m, _a, _b in points:
        if previous is not None and i != previous + 1:
            segments.append([])
        segments[-1].append((x_of(i), y_of(m)))
        previous = i
    for segment in segments:
        if len(segment) >= 2:
            d = "M" + " L".join(f"{_num(px)},{_num(py)}" for px, py in segment)
            body.append(f'<path d="{d}" fill="none" stroke="{BLUE}" stroke-width="2"/>')
    for i, m, a, b in points:
        text = f"{labels[i]}: " + _("median %(median)s (n = %(n)d)") % {
            "median": value_format(m),
            "n": counts[i],
        }
        if a is not None and b is not None:
            text += ", " + _("quartiles %(q1)s to %(q3)s") % {
                "q1": value_format(a),
                "q3": value_format(b),
            }
        body.append(
            f'<circle class="mark" {_attrs(cx=x_of(i), cy=y_of(m), r=4.5)} fill="{BLUE}" '
            f'stroke="#ffffff" stroke-width="1">{_title(text)}</circle>'
        )
    return _svg(width, height, title, body)
