"""Validators shared by every app: one rule for the text users type."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CONTROL_CHARACTERS_MESSAGE = _(
    "Remove the control characters (such as tabs from a copy-paste, or invisible characters) "
    "from this text."
)

# Line breaks and tabs are legitimate in a multi-line text (a TextField, a textarea).
MULTILINE_ALLOWED = frozenset("\n\r\t")


def _check(value, allowed=frozenset()) -> None:
    if not isinstance(value, str):
        return
    for char in value:
        if char not in allowed and unicodedata.category(char) in ("Cc", "Cf"):
            raise ValidationError(CONTROL_CHARACTERS_MESSAGE, code="control_characters")


def no_control_characters(value) -> None:
    """For single-line texts: refuse every control (Cc) or format (Cf) character, including
    tabs and line breaks."""
    _check(value)


def no_control_characters_multiline(value) -> None:
    """For multi-line texts: refuse control (Cc) and format (Cf) characters, except line
    breaks and tabs."""
    _check(value, MULTILINE_ALLOWED)
