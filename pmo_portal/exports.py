"""Helpers shared by the CSV and Excel exports."""


def spreadsheet_safe(value):
    """Neutralise spreadsheet formulas (CSV injection): a text starting with = + - @ (or a
    tab / carriage return) is exported as text."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value
