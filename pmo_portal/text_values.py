"""Values written as text in the active language, as the pages write them (shared/UI.md):
what a document template's placeholders put into a .docx (each app's placeholders.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.formats import date_format, number_format


def text_date(value: date | None) -> str:
    """25/11/2026 in French, 25 Nov 2026 in English; "" for no date."""
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def text_amount(value: Decimal | int | None) -> str:
    """1 234,56 € in French, 1,234.56 € in English; "" for no amount."""
    if value is None:
        return ""
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True) + "\xa0€"


def text_percent(value: Decimal | int | None) -> str:
    """42 % (French and English alike write the sign after a space here); "" for none."""
    if value is None:
        return ""
    return number_format(value, use_l10n=True, force_grouping=True) + "\xa0%"
