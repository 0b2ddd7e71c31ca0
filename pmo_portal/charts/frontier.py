"""The efficient frontier of a portfolio scenario: the best value reachable at each budget
level, with the scenario's own point and today's portfolio marked."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pmo_portal.charts._base import (
    BLUE,
    GRID,
    INK,
    MUTED,
    _attrs,
    _empty,
    _num,
    _svg,
    _text,
    _text_width,
    _title,
    nice_ticks,
)

TODAY_COLOUR = "#374151"


def _scale(maximum: float) -> tuple[list[int], float]:
    """Ticks from 0 to at least ``maximum`` and the top of the axis."""
    ticks = nice_ticks(max(maximum, 0.0))
    return ticks, float(ticks[-1]) or 1.0


def _diamond(x: float, y: float, r: float, attributes: str, title: str) -> str:
    points = (
        f"{_num(x)},{_num(y - r)} {_num(x + r)},{_num(y)} "
        f"{_num(x)},{_num(y + r)} {_num(x - r)},{_num(y)}"
    )
    return f'<polygon class="mark" points="{points}" {attributes}>{_title(title)}</polygon>'


def _square(x: float, y: float, r: float, attributes: str, title: str) -> str:
    box = _attrs(x=x - r, y=y - r, width=2 * r, height=2 * r)
    return f'<rect class="mark" {box} {attributes}>{_title(title)}</rect>'


def frontier_svg(
    *,
    points: list[tuple[float, float, int]],
    title: str,
    x_label: str,
    y_label: str,
    scenario: tuple[float, float] | None = None,
    scenario_label: str = "",
    today: tuple[float, float] | None = None,
    today_label: str = "",
    budget_format: Callable[[float], str] = str,
    value_format: Callable[[float], str] = str,
    count_format: Callable[[int], str] = str,
    empty_text: str | None = None,
    width: int = 720,
    height: int = 320,
) -> SafeString:
    """The frontier as a staircase: from each budget level ``(budget, value, projects)`` the
    best value holds until the next level. The scenario (a blue diamond) sits on it; today's
    portfolio (a hollow grey square) below it shows what the same money could buy. Every
    mark has a ``<title>``; the legend says what the shapes mean."""
    levels = sorted((float(b), float(v), int(n)) for b, v, n in points)
    if not levels:
        return _empty(width, min(height, 120), title, empty_text or _("No frontier to draw yet."))
    marks: list[tuple[float, float]] = []
    for point in (scenario, today):
        if point is not None:
            marks.append((float(point[0]), float(point[1])))
    x_ticks, x_top = _scale(max([b for b, _v, _n in levels] + [b for b, _v in marks]))
    y_ticks, y_top = _scale(max([v for _b, v, _n in levels] + [v for _b, v in marks]))
    tick_width = max(_text_width(value_format(tick)) for tick in y_ticks)
    # The last budget label is centred on the right end of the axis: room for its half.
    right = max(16, int(_text_width(budget_format(x_ticks[-1])) / 2) + 6)
    left, top = int(tick_width) + 34, 12
    legend_height = 22
    bottom = 44 + legend_height
    plot_w, plot_h = width - left - right, height - top - bottom

    def x_of(budget: float) -> float:
        return left + plot_w * budget / x_top

    def y_of(value: float) -> float:
        return top + plot_h - plot_h * value / y_top

    body = []
    for tick in y_ticks:
        ty = y_of(tick)
        body.append(
            f"<line {_attrs(x1=float(left), x2=float(left + plot_w), y1=ty, y2=ty)} "
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(_text(left - 6, ty + 4, value_format(tick), text_anchor="end", fill=MUTED))
    label_every = max(
        1,
        int(
            (max(_text_width(budget_format(t)) for t in x_ticks) + 8)
            // max(1.0, plot_w / max(1, len(x_ticks) - 1))
        )
        + 1,
    )
    for index, tick in enumerate(x_ticks):
        tx = x_of(tick)
        body.append(
            f"<line {_attrs(x1=tx, x2=tx, y1=float(top + plot_h), y2=float(top + plot_h + 4))} "
            f'stroke="{MUTED}" stroke-width="1"/>'
        )
        if index % label_every == 0:
            body.append(
                _text(tx, top + plot_h + 16, budget_format(tick), text_anchor="middle", fill=MUTED)
            )
    body.append(
        _text(left + plot_w / 2, top + plot_h + 34, x_label, text_anchor="middle", fill=MUTED)
    )
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
    body.append(
        f"<line {_attrs(x1=float(left), x2=float(left + plot_w), y1=float(top + plot_h))} "
        f'{_attrs(y2=float(top + plot_h))} stroke="{MUTED}" stroke-width="1"/>'
    )
    # The staircase: the value of a level holds until the next level.
    path = [f"M{_num(x_of(levels[0][0]))},{_num(y_of(levels[0][1]))}"]
    for (_b, value, _n), (next_budget, next_value, _m) in pairwise(levels):
        path.append(f"L{_num(x_of(next_budget))},{_num(y_of(value))}")
        path.append(f"L{_num(x_of(next_budget))},{_num(y_of(next_value))}")
    frontier_name = _("Best value at each budget level")
    group = [
        f'<g class="series">{_title(frontier_name)}',
        f'<path class="mark" d="{" ".join(path)}" fill="none" stroke="{BLUE}" '
        f'stroke-width="2">{_title(frontier_name)}</path>',
    ]
    for budget, value, count in levels:
        text = ngettext(
            "Budget %(budget)s: best value %(value)s (%(count)s project)",
            "Budget %(budget)s: best value %(value)s (%(count)s projects)",
            count,
        ) % {
            "budget": budget_format(budget),
            "value": value_format(value),
            "count": count_format(count),
        }
        group.append(
            f'<circle class="mark" {_attrs(cx=x_of(budget), cy=y_of(value), r=3.5)} '
            f'fill="{BLUE}">{_title(text)}</circle>'
        )
    group.append("</g>")
    body.append("".join(group))
    if today is not None:
        text = _("%(label)s: budget %(budget)s, value %(value)s") % {
            "label": today_label,
            "budget": budget_format(today[0]),
            "value": value_format(today[1]),
        }
        body.append(
            _square(
                x_of(today[0]),
                y_of(today[1]),
                5.5,
                f'fill="#ffffff" stroke="{TODAY_COLOUR}" stroke-width="2"',
                text,
            )
        )
    if scenario is not None:
        text = _("%(label)s: budget %(budget)s, value %(value)s") % {
            "label": scenario_label,
            "budget": budget_format(scenario[0]),
            "value": value_format(scenario[1]),
        }
        body.append(
            _diamond(
                x_of(scenario[0]),
                y_of(scenario[1]),
                7.5,
                f'fill="{BLUE}" stroke="#ffffff" stroke-width="1.5"',
                text,
            )
        )
    # Legend: the shapes, each with its words.
    ly = height - legend_height + 4
    cx = float(left)
    legend = [
        (
            f'<line {_attrs(x1=cx, x2=cx + 18, y1=ly + 6, y2=ly + 6)} stroke="{BLUE}" '
            f'stroke-width="2"/><circle {_attrs(cx=cx + 9, cy=ly + 6, r=3.5)} fill="{BLUE}"/>',
            frontier_name,
        )
    ]
    if scenario is not None:
        diamond = (
            f'<polygon points="{_num(cx + 9)},{_num(ly)} {_num(cx + 15)},{_num(ly + 6)} '
            f'{_num(cx + 9)},{_num(ly + 12)} {_num(cx + 3)},{_num(ly + 6)}" fill="{BLUE}"/>'
        )
        legend.append((diamond, scenario_label))
    if today is not None:
        legend.append(
            (
                f'<rect {_attrs(x=cx + 4, y=float(ly + 1), width=10, height=10)} fill="#ffffff" '
                f'stroke="{TODAY_COLOUR}" stroke-width="2"/>',
                today_label,
            )
        )
    items = []
    offset = 0.0
    for swatch, label in legend:
        items.append(
            f'<g class="legend" transform="translate({_num(offset)} 0)">{_title(label)}{swatch}'
            + _text(cx + 24, ly + 10, label, fill=INK)
            + "</g>"
        )
        offset += 24 + _text_width(label) + 18
    body.extend(items)
    return _svg(width, height, title, body)
