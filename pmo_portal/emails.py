"""Plain-text e-mails written as templates: ``<name>_subject.txt`` and ``<name>.txt``.

The templates translate their text with ``{% translate %}`` / ``{% blocktranslate %}`` and turn
autoescaping off (a plain-text e-mail must show "R&D", not "R&amp;D"). The caller picks the
language (``translation.override``) and hands in values already formatted (dates, amounts).
"""

from __future__ import annotations

import re

from django.template.loader import render_to_string

_BLANK_LINES = re.compile(r"\n{3,}")


def render_email(name: str, context: dict) -> tuple[str, str]:
    """The subject and body of the e-mail ``name`` (e.g. ``"reporting/email/report_late"``)
    in the active language. The subject is one line. The body's template may put its tags on
    lines of their own: trailing blanks go, runs of blank lines fold into one, and the body
    ends with exactly one newline."""
    subject = " ".join(render_to_string(f"{name}_subject.txt", context).split())
    body = render_to_string(f"{name}.txt", context)
    body = "\n".join(line.rstrip() for line in body.splitlines())
    return subject, _BLANK_LINES.sub("\n\n", body).strip("\n") + "\n"
