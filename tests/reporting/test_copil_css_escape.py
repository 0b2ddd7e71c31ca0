"""The running header and footer of a pack are CSS strings: no text can end the string or
the rule, whatever characters it holds (issue 10, item 1)."""

import io
import re

from pypdf import PdfReader

from portfolios.models import Project
from reporting.copil import document
from tests.reporting.copil_pack_helpers import PAGE, page_texts, render
from tests.reporting.factories_copil import CopilMeetingFactory

HOSTILE = 'Projet\x0c} @page { size: 30mm 30mm } @top-left { content: "X" } ;\r\n<>&\'\\'
INJECTED = "@page { size: 30mm 30mm }"


def test_css_string_escapes_every_unsafe_character():
    value = document.css_string(HOSTILE)
    assert value.startswith('"')
    assert value.endswith('"')
    inner = value[1:-1]
    assert not re.search(r"[\x00-\x1f\x7f]", inner)
    for char in "\"'{};<>&":
        assert char not in inner, char
    # A backslash only ever starts a six-digit hex escape ended by a space.
    assert re.fullmatch(r"(?:[A-Za-z0-9 .,\-_:/()!?+*=#%@]|\\[0-9A-F]{6} )*", inner)
    assert "\\00000C " in inner
    assert document.css_string("Nord 1") == '"Nord 1"'


def test_a_hostile_project_name_is_printed_not_obeyed(world):
    # Saved around validation, as an old row or an import would be.
    Project.objects.filter(pk=world.project_a.pk).update(name=HOSTILE)
    world.project_a.refresh_from_db()
    meeting = CopilMeetingFactory(project=world.project_a, portfolio=None)
    rendered = render(meeting)
    # (The .notdef glyph of the form feed makes pypdf interleave NULs in some pages' text.)
    texts = [text.replace("\x00", "") for text in page_texts(rendered.pdf)]
    assert len(texts) == rendered.page_count
    # The footer's rule held: every page but the cover says "page X / Y" as usual.
    for index, text in enumerate(texts[1:], start=2):
        assert PAGE.findall(text) == [(str(index), str(rendered.page_count))]
    reader = PdfReader(io.BytesIO(rendered.pdf))
    for page in reader.pages:  # A4 still, not the injected 30 mm pages
        assert round(float(page.mediabox.width)) in (595, 842)
    # The running header shows the name literally, the injected rule included.
    assert any(INJECTED in text for text in texts[1:])
