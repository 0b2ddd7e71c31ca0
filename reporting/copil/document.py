"""A pack as HTML: its parts (one page-breaking block each), its table of contents, the
template context every document (chunk) of the pack shares, and the page CSS that prints the
running header, footer and page numbers."""

from __future__ import annotations

import base64
import io
import logging
import string
import warnings
from dataclasses import dataclass, replace
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from pmo_portal.registry import CopilScope, CopilSection
from reporting.copil.sections.contents import KEY as CONTENTS

logger = logging.getLogger(__name__)

LOGO_MAX_BYTES = 1024 * 1024
# A logo has at most this many pixels: a few KB of PNG can say 196 megapixels (an image bomb),
# which costs gigabytes once decoded. The settings form refuses more; this guards older logos.
LOGO_MAX_PIXELS = 25_000_000


@dataclass(frozen=True)
class Part:
    """One page-breaking block of the pack: a section, or one item of a section of several
    (a project). ``group``: the section's title, on the first item of such a section."""

    key: str  # its anchor (id)
    title: str
    level: int  # 1, or 2 for an item
    template: str
    data: Any
    section: CopilSection
    group: str | None = None

    def pages(self) -> int:
        return max(1, int(self.section.pages(self.data)))


@dataclass(frozen=True)
class Section:
    """A line of the PDF's outline, and where it starts."""

    key: str  # the anchor of its first element
    title: str
    level: int  # 1, or 2 under a section of several parts
    first_page: int  # 1-based


@dataclass
class Pack:
    """What every document (chunk) of one pack shares."""

    scope: CopilScope
    parts: list[Part]
    context: dict
    toc: list[dict]

    @property
    def data(self):
        return self.scope.pack


# Characters written as themselves in a CSS string; every other one (quotes, backslash,
# braces, semicolons, "<", "&", control and non-ASCII characters…) becomes a hex escape.
CSS_SAFE = frozenset(string.ascii_letters + string.digits + " .,-_:/()!?+*=#%@")


def css_string(value: str) -> str:
    """``value`` as a CSS string literal, safe inside a ``<style>`` element: every character
    but letters, digits, space and a few harmless signs is a CSS escape (``\\HHHHHH ``, six
    hex digits then the space that ends it), so no text can close the string or the rule."""
    text = "".join(char if char in CSS_SAFE else f"\\{ord(char):06X} " for char in str(value))
    return f'"{text}"'


def page_css(
    *,
    header_left: str,
    header_right: str,
    footer: str,
    total: int | None,
    first_page: int | None,
    cover: bool,
) -> str:
    """The running header and footer of a document (chunk).

    ``total``: the page count printed as a literal (None: ``counter(pages)``).
    ``cover``: the document starts with the cover, which has no header nor footer;
    otherwise ``first_page`` numbers its first page (the later chunks of the fast path).
    """
    if total is None:
        number = 'counter(page) " / " counter(pages)'
    else:
        number = f'counter(page) " / {int(total)}"'
    header = css_string(f"{header_left} · {header_right}")
    footer_text = css_string(f"{footer} · {_('page')} ")
    css = (
        f"@page {{ @top-left {{ content: {header} }} "
        f"@bottom-right {{ content: {footer_text} {number} }} }}"
    )
    if cover:
        css += " @page :first { @top-left { content: none } @bottom-right { content: none } }"
    elif first_page:
        css += f" @page :first {{ counter-reset: page {int(first_page)} }}"
    return css


def logo_data_url(copil_settings) -> str | None:
    """The PMO's logo as a data: URL (PNG or JPEG read from storage), or None."""
    logo = getattr(copil_settings, "logo", None)
    if not logo:
        return None
    try:
        with logo.open("rb") as handle:
            content = handle.read(LOGO_MAX_BYTES + 1)
    except Exception:  # a missing file must not cost the pack: render without the logo
        logger.warning("COPIL logo %s unreadable", logo.name, exc_info=True)
        return None
    if len(content) > LOGO_MAX_BYTES:
        logger.warning("COPIL logo %s larger than 1 MB: left out", logo.name)
        return None
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        mime = "image/png"
    elif content.startswith(b"\xff\xd8\xff"):
        mime = "image/jpeg"
    else:
        logger.warning("COPIL logo %s is neither PNG nor JPEG: left out", logo.name)
        return None
    if not _few_enough_pixels(content):
        logger.warning("COPIL logo %s has too many pixels (image bomb?): left out", logo.name)
        return None
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"


def _few_enough_pixels(content: bytes) -> bool:
    """At most LOGO_MAX_PIXELS, read from the header only: nothing is decoded."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                return image.width * image.height <= LOGO_MAX_PIXELS
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return False
    except Exception:  # unreadable header: let WeasyPrint decide, as before
        return True


def build_parts(read: list[tuple[CopilSection, Any]]) -> list[Part]:
    """The parts of the sections (in their order) that have something to show."""
    parts = []
    for section, data in read:
        title = str(section.title_of(data) if section.title_of else section.title)
        if section.items is None:
            parts.append(Part(section.key, title, 1, section.template, data, section))
            continue
        for index, (key, item_title, item) in enumerate(section.items(data)):
            group = title if index == 0 else None
            parts.append(Part(key, str(item_title), 2, section.template, item, section, group))
    return parts


def contents_rows(read: list[tuple[CopilSection, Any]], parts: list[Part]) -> list[dict]:
    """The table of contents: each listed section (level 1), the items of a section of
    several under it (level 2), the appendices under one "Appendices" heading (level 3)."""
    rows: list[dict] = []
    appendices = False
    for section, _data in read:
        if not section.in_contents:
            continue
        own = [part for part in parts if part.section is section]
        if section.appendix:
            if not appendices:
                rows.append({"level": 1, "label": _("Appendices"), "key": None})
                appendices = True
            rows += [{"level": 3, "label": part.title, "key": part.key} for part in own]
        elif section.items is not None:
            title = str(section.title_of(_data) if section.title_of else section.title)
            rows.append({"level": 1, "label": title, "key": own[0].key if own else None})
            rows += [
                {"level": 2, "label": part.title, "key": part.key, "data": part.data}
                for part in own
            ]
        else:
            rows += [{"level": 1, "label": part.title, "key": part.key} for part in own]
    for index, row in enumerate(rows):
        row["anchor"] = f"toc-{index}"
    return rows


def prepare(scope: CopilScope, read: list[tuple[CopilSection, Any]], copil_settings) -> Pack:
    """The parts, contents and shared context of ``scope``'s pack (in the active language)."""
    data = scope.pack
    parts = build_parts(read)
    toc = contents_rows(read, parts)
    parts = [replace(part, data=toc) if part.key == CONTENTS else part for part in parts]
    organisation = getattr(copil_settings, "organisation", "") or ""
    confidentiality = (getattr(copil_settings, "confidentiality", "") or "").strip() or _(
        "Confidential — restricted distribution"
    )
    day = date_format(data.scheduled_at, "SHORT_DATE_FORMAT")
    snapshot = timezone.localtime(data.snapshot_at)
    context = {
        "d": data,
        "doc": {
            "language": translation.get_language(),
            "title": f"{data.meeting.title} — {day}",
            "organisation": organisation,
            "confidentiality": confidentiality,
            "logo": logo_data_url(copil_settings),
            "snapshot_label": date_format(snapshot, "SHORT_DATETIME_FORMAT"),
            "header_left": data.scope_name,
            "header_right": _("COPIL of %(date)s") % {"date": day},
        },
    }
    return Pack(scope=scope, parts=parts, context=context, toc=toc)


def html(
    pack: Pack,
    parts: list[Part],
    *,
    pages: dict[str, int] | None,
    total: int | None,
    first_page: int | None,
) -> str:
    """One document (chunk) of ``parts``. With ``pages`` (anchor → page) and ``total``, page
    numbers are literal; without, WeasyPrint counts (counter(pages), target-counter)."""
    doc = pack.context["doc"]
    toc = [dict(row, page=(pages or {}).get(row["key"], "")) for row in pack.toc]
    context = dict(pack.context)
    context["doc"] = dict(
        doc,
        toc_links=pages is None,
        page_css=mark_safe(  # noqa: S308 (every text in it goes through css_string)
            page_css(
                header_left=doc["header_left"],
                header_right=doc["header_right"],
                footer=doc["confidentiality"],
                total=total,
                first_page=first_page,
                cover=bool(parts) and parts[0].key == pack.parts[0].key,
            )
        ),
    )
    context["parts"] = [replace(p, data=toc) if p.key == CONTENTS else p for p in parts]
    return render_to_string("reporting/copil/pack/document.html", context)


def sections(parts: list[Part], starts: dict[str, int]) -> list[Section]:
    """The outline: every part, and the title of a section of several before its first."""
    outline = []
    for part in parts:
        if part.group:
            outline.append(Section(part.section.key, part.group, 1, starts[part.key]))
        outline.append(Section(part.key, part.title, part.level, starts[part.key]))
    return outline
