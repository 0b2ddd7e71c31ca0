"""Health charts: the trend (stacked bars per period) and the distribution (one bar)."""

from __future__ import annotations

import math
from collections.abc import Callable

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from pmo_portal.charts._base import (
    GRID,
    HEALTH_LEVELS,
    HEALTH_STYLE,
    INK,
    MUTED,
    _attrs,
    _chart_id,
    _empty,
    _halo_text,
    _health_defs,
    _health_fill,
    _health_legend,
    _num,
    _svg,
    _text,
    _text_width,
    _title,
    nice_ticks,
)


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
    for_print: bool = False,
) -> SafeString:
    """Stacked bars, one per period: how many projects stood at each health level.

    ``periods`` are the bar labels (oldest first); ``series[i]`` maps a health level (1..4,
    ``None`` = not reported) to a count for ``periods[i]``; ``legend`` maps the same keys to
    their translated names (a level missing from ``legend`` is neither drawn nor listed).
    ``number_format`` writes counts the page's way (thousands separators). ``for_print``:
    SVG that WeasyPrint draws right (the counts' halo as a text of its own).
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
                    _halo_text(
                        bx + bar_w / 2,
                        y + h / 2 + 4,
                        number_format(value),
                        fill=text_colour,
                        halo=colour,
                        for_print=for_print,
                        text_anchor="middle",
                        font_size=10,
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
    for_print: bool = False,
) -> SafeString:
    """One horizontal bar split by health level (1..4, ``None`` = not reported).

    Each segment shows its count (and share when wide enough); the legend lists every level
    of ``legend`` with its count, so a level too thin to label stays readable. A page that
    lists the counts beside the chart (with links) may leave the legend out. ``for_print``:
    SVG that WeasyPrint draws right (the counts' halo as a text of its own).
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
                _halo_text(
                    x + w / 2,
                    2 + bar_h / 2 + 4,
                    text,
                    fill=INK if level is None else "#ffffff",
                    halo=colour,
                    for_print=for_print,
                    text_anchor="middle",
                    aria_hidden="true",
                )
            )
        x += w
    body.extend(legend_items)
    return _svg(width, height, title, body)
