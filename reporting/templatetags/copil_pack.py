"""Template filters of the COPIL pack (reporting/templates/reporting/copil/pack/).

Amounts go through Django's localisation (``number_format``): ``1 234`` in French (narrow
no-break space), ``1,234`` in English. The pack prints amounts in k€, the unit written once
in each column header.

Texts are fitted to the printed page here, not by the selectors (which read them in full):
``fit`` cuts a free text to the characters and lines its box shows (``FITS``, matching the
boxes of static/css/copil-pack.css, whose ``max-height``/``overflow`` clip whatever a long
word still pushes out), with an ellipsis when something was cut; one-line names go through
Django's ``truncatechars``. The page estimates (reporting/copil/estimate.py) count the lines
of the fitted texts, through ``fit_text``.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html

from pmo_portal.templatetags.pmo import HEALTH, NOT_REPORTED

register = template.Library()

MINUS = "\u2212"  # a real minus sign: as wide as the plus, reads better than a hyphen
# name → (characters per line, lines) of a text's box in the print CSS, a little under what
# the box holds (lines wrap at word boundaries), measured on rendered packs.
FITS = {
    "text": (38, 6),  # achievements, next steps (two columns of a project page)
    "escalation": (66, 5),  # decisions requested (full width of a project page)
    "summary_escalation": (70, 4),  # the same, listed in the executive summary
    "risk": (44, 2),  # a risk's response
    "decision": (30, 4),  # a decision of the previous COPIL (appendix C)
    "follow_up": (28, 4),  # its follow-up
    "agenda": (80, 10),  # the cover's agenda
}


def fit_text(text: str | None, width: int, max_lines: int) -> str:
    """``text`` cut to what a box of ``max_lines`` lines of about ``width`` characters
    shows (each line of the text takes one box line per ``width`` characters), at a word
    boundary, with an ellipsis when something was cut; blank lines and trailing spaces
    dropped."""
    lines = [line.strip() for line in (text or "").strip().splitlines()]
    kept, room, cut = [], max_lines, False
    for line in (line for line in lines if line):
        needed = max(1, math.ceil(len(line) / width))
        if needed <= room:
            kept.append(line)
            room -= needed
            continue
        cut = True
        if room > 0:
            limit = room * width - 1
            part = line[:limit]
            space = part.rfind(" ")
            kept.append(part[:space] if space > limit * 0.7 else part)
        break
    result = "\n".join(kept)
    if cut:
        result = re.sub(r"[\s,;:.\-–—]+$", "", result) + "…"
    return result


@register.filter
def fit(text, box: str) -> str:
    """``{{ text|fit:"text" }}``: ``text`` fitted to the box named in FITS."""
    return fit_text(str(text or ""), *FITS[box])


def _signed(text: str, value) -> str:
    if text.startswith("-"):
        return MINUS + text[1:]
    return ("+" + text) if value > 0 else text


@register.filter
def keur(amount) -> str:
    """An amount in euros, written in thousands (k€), no decimals."""
    if amount is None or amount == "":
        return "–"
    value = (Decimal(amount) / 1000).quantize(Decimal("1"))
    if value == 0:
        value = Decimal("0")  # no "-0"
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True).replace(
        "-", MINUS
    )


@register.filter
def signed_keur(amount) -> str:
    """A variance in k€ with its sign: ``+120``, ``−35``, ``0``."""
    if amount is None or amount == "":
        return "–"
    value = (Decimal(amount) / 1000).quantize(Decimal("1"))
    if value == 0:
        return "0"
    return _signed(number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True), value)


@register.filter
def signed_percent(value) -> str:
    """``+12 %``, ``−3 %`` (empty when there is no base to compare with)."""
    if value is None or value == "":
        return ""
    value = Decimal(value).quantize(Decimal("1"))
    text = number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)
    return _signed(text, value) + "\u00a0%"


@register.filter
def signed_days(value) -> str:
    """A slip in days with its sign: ``+12``, ``−3``, ``0``."""
    if value is None or value == "":
        return "–"
    return _signed(number_format(value, use_l10n=True, force_grouping=True), value)


@register.filter
def fte(value) -> str:
    """FTE with one decimal (``2,5`` in French)."""
    if value is None or value == "":
        return "–"
    return number_format(Decimal(value), decimal_pos=1, use_l10n=True)


@register.filter
def positive(value) -> bool:
    return value is not None and value != "" and value > 0


@register.simple_tag
def health(level, *, short: bool = False):
    """A météo badge: shape and label on the level's colour (UI.md); ``short``: the shape
    alone, coloured, for dense tables whose header names the column."""
    key, shape, label = HEALTH.get(level, NOT_REPORTED)
    if short:
        return format_html('<span class="hs hs-{}">{}</span>', key, shape)
    return format_html('<span class="hb hb-{}">{} {}</span>', key, shape, label)


@register.filter
def health_key(level) -> str:
    """``sunny``…``stormy``, ``none``: the CSS class suffix of a health level."""
    return HEALTH.get(level, NOT_REPORTED)[0]


@register.filter
def health_shape(level) -> str:
    return HEALTH.get(level, NOT_REPORTED)[1]
