"""Template filters of the COPIL pack (reporting/templates/reporting/copil/pack/).

Amounts go through Django's localisation (``number_format``): ``1 234`` in French (narrow
no-break space), ``1,234`` in English. The pack prints amounts in k€, the unit written once
in each column header.
"""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html

from pmo_portal.templatetags.pmo import HEALTH, NOT_REPORTED

register = template.Library()

MINUS = "\u2212"  # a real minus sign: as wide as the plus, reads better than a hyphen


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
