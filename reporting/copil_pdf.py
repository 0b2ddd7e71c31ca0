"""The COPIL pack as a PDF: ``render_pack`` (data from reporting/selectors/copil_pack.py,
templates under reporting/templates/reporting/copil/pack/, print CSS static/css/copil-pack.css).

Speed and memory. WeasyPrint lays this pack out at 12 to 14 pages/s in one process. The fast
path splits the pack in two halves rendered at the same time on two cores: the first (cover,
contents, executive summary, the first projects) in this process, the second (the other
projects and the appendices) in a forked child that writes its PDFs to a pipe and leaves with
``os._exit`` (``multiprocessing`` cannot start children from Celery's daemonic prefork
workers). Each half is a few documents ("chunks") of at most MAX_CHUNK_PAGES pages rendered
one after the other, because WeasyPrint holds a whole document's layout in memory; the
cyclic garbage collector is off while a chunk renders (its passes over WeasyPrint's millions
of objects cost a fifth of the time). pypdf joins the chunks and adds the bookmarks and the
links of the table of contents. On the 2-core bench machine a 50-project pack (59 pages)
takes about 2.4 s, under 300 MB for both processes together.

Page numbers. Each chunk prints literal numbers: the footer bakes the total in
(``"page " counter(page) " / 61"``), every chunk but the first starts its counter at its first
page (``@page :first { counter-reset: page 32 }``) and the table of contents (in the first
chunk) prints each section's page. These are first *estimated* (one page per project, the
variable parts from the lengths of their texts and tables). After rendering, the real page of
every section is read from each ``Document`` (its pages' anchors); a chunk whose printed
numbers turn out wrong is rendered again with the right ones, at most ``MAX_ROUNDS`` times,
after which one process renders the whole pack with ``counter(pages)`` and
``target-counter()``, right by construction.

``archival=True`` renders one PDF/A-3b document, tagged, in one process (the split and merge
would lose WeasyPrint's structure tags): slower, for archiving.

WeasyPrint is only ever built through ``pmo_portal.pdf.safe_html`` (static files and data:
URLs only). Every render runs under ``timeout``: a forked child is killed when it is over
(this process cannot stop its own layout midway: it raises once its current chunk is done).
"""

from __future__ import annotations

import base64
import contextlib
import functools
import gc
import io
import json
import logging
import math
import os
import re
import resource
import select
import signal
import struct
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from pmo_portal import charts
from pmo_portal.pdf import safe_html
from portfolios.models import Health
from reporting.selectors.copil_pack import PackData, pack_data

logger = logging.getLogger(__name__)

MAX_ROUNDS = 3
# Share of the pages the forked child renders: half, measured best (this process joins the
# PDFs, the child has the appendices' long tables).
CHILD_SHARE = 0.5
# Largest document (estimated pages): WeasyPrint holds a whole layout in memory.
MAX_CHUNK_PAGES = 12
# Below this many (estimated) pages, one document in one process: the split would not pay.
PARALLEL_MIN_PAGES = 12
LOGO_MAX_BYTES = 1024 * 1024
CONTENT_WIDTH_MM = 174  # A4 210 mm − 2 × 18 mm
PX_TO_PT = 0.75  # WeasyPrint's CSS pixel (1/96 in) in PDF points (1/72 in)


class PackRenderError(RuntimeError):
    """The pack could not be rendered."""


class PackRenderTimeout(PackRenderError):
    """Rendering took longer than its time limit (the child process was killed)."""


@dataclass(frozen=True)
class Section:
    key: str  # the anchor of its first element
    title: str
    level: int  # 1, or 2 under "Projects"
    first_page: int  # 1-based


@dataclass
class RenderedPack:
    pdf: bytes
    page_count: int
    snapshot_at: datetime  # aware: when the data was read
    sections: list[Section]
    # How it went: mode ("parallel", "sequential", "single", "archival"), rounds, seconds,
    # peak resident memory (KiB) of this process and of the largest forked child.
    stats: dict = field(default_factory=dict)


# --- the document -------------------------------------------------------------------------


@dataclass
class Part:
    """One page-breaking block of the pack: the cover, the contents, the summary, a project,
    an appendix."""

    kind: str
    key: str
    title: str
    level: int = 1
    section: object = None  # the ProjectSection of a project part
    first_project: bool = False


def css_string(value: str) -> str:
    """``value`` as a CSS string literal, safe inside a ``<style>`` element."""
    text = str(value).replace("\r", " ").replace("\n", " ")
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ")
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
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"


# WeasyPrint 70 ignores SVG's paint-order: the coloured halo the charts draw behind their
# in-bar numbers would be painted over them. Each such number becomes two texts: the halo
# (stroked, filled with the halo colour) first, then the number itself.
HALO = re.compile(
    r'<text ([^>]*?)fill="([^"]*)" stroke="([^"]*)" stroke-width="3" paint-order="stroke"'
    r"([^>]*)>([^<]*)</text>"
)


def _halo_first(match: re.Match) -> str:
    attrs, fill, stroke, rest, content = match.groups()
    halo = f'<text {attrs}fill="{stroke}" stroke="{stroke}" stroke-width="3"{rest}>{content}</text>'
    return halo + f'<text {attrs}fill="{fill}"{rest}>{content}</text>'


def _chart(svg: str, *, width: int, height: int) -> dict:
    """A chart of pmo_portal.charts sized to the content width (its wrapper sets the size:
    WeasyPrint does not derive an inline SVG's height from its viewBox)."""
    match = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    if match:
        width, height = float(match.group(1)), float(match.group(2))
    # A string: the template must not localise it (CSS wants "20.5mm", never "20,5mm").
    svg = mark_safe(HALO.sub(_halo_first, svg))  # noqa: S308 (the charts' own, escaped, SVG)
    return {"svg": svg, "height": f"{CONTENT_WIDTH_MM * height / width:.2f}mm"}


def _grouped(value: int) -> str:
    return number_format(value, force_grouping=True)


def _charts(data: PackData) -> dict:
    legend = dict(Health.choices) | {None: _("Not reported")}
    legend = {level: str(label) for level, label in legend.items()}
    distribution = charts.health_distribution_svg(
        counts=data.health_counts,
        title=_("Projects by overall health: %(scope)s") % {"scope": data.scope_name},
        legend=legend,
        number_format=_grouped,
        width=720,
    )
    trend = charts.health_trend_svg(
        periods=[date_format(month, "M y") for month in data.trend_months],
        series=data.trend,
        title=_("Overall health over the last 12 months: %(scope)s") % {"scope": data.scope_name},
        legend=legend,
        y_label=_("Projects"),
        number_format=_grouped,
        width=720,
        height=250,
    )
    return {
        "distribution": _chart(distribution, width=720, height=86),
        "trend": _chart(trend, width=720, height=250),
    }


def build_parts(data: PackData) -> list[Part]:
    parts = [
        Part("cover", "cover", data.meeting.title),
        Part("toc", "toc", _("Contents")),
        Part("summary", "summary", _("Executive summary")),
    ]
    for index, section in enumerate(data.projects):
        parts.append(
            Part(
                "project",
                section.key,
                f"{section.project.code} — {section.project.name}",
                level=2,
                section=section,
                first_project=index == 0,
            )
        )
    parts += [
        Part("budget", "appendix-budget", _("Appendix A — Consolidated budget")),
        Part("calendar", "appendix-calendar", _("Appendix B — Milestone calendar")),
        Part("decisions", "appendix-decisions", _("Appendix C — Follow-up of the decisions")),
    ]
    return parts


def _toc_rows(data: PackData, parts: list[Part]) -> list[dict]:
    first_project = next((p.key for p in parts if p.kind == "project"), None)
    rows = [{"level": 1, "label": _("Executive summary"), "key": "summary"}]
    rows.append({"level": 1, "label": _("Projects"), "key": first_project})
    for part in parts:
        if part.kind == "project":
            section = part.section
            rows.append(
                {
                    "level": 2,
                    "label": f"{section.project.code}  {section.project.name}",
                    "health": section.project.health_overall,
                    "key": part.key,
                }
            )
    rows.append({"level": 1, "label": _("Appendices"), "key": None})
    for part in parts:
        if part.kind in ("budget", "calendar", "decisions"):
            rows.append({"level": 3, "label": part.title, "key": part.key})
    for index, row in enumerate(rows):
        row["anchor"] = f"toc-{index}"
    return rows


@dataclass
class Pack:
    """What every chunk of one pack shares: the data and the template context."""

    data: PackData
    parts: list[Part]
    context: dict
    toc: list[dict]


def _prepare(data: PackData, copil_settings) -> Pack:
    parts = build_parts(data)
    organisation = getattr(copil_settings, "organisation", "") or ""
    confidentiality = (getattr(copil_settings, "confidentiality", "") or "").strip() or _(
        "Confidential — restricted distribution"
    )
    day = date_format(data.scheduled_at, "SHORT_DATE_FORMAT")
    snapshot = timezone.localtime(data.snapshot_at)
    capacity = data.capacity[:6]
    previous_day = timezone.localtime(data.previous.scheduled_at).date() if data.previous else None
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
        "charts": _charts(data),
        "summary": {
            "capacity": capacity,
            "capacity_more": len(data.capacity) - len(capacity),
            "not_reported": data.health_counts.get(None, 0),
            "in_difficulty_fewer": abs(data.in_difficulty_change or 0),
        },
        "appendix": {
            "bac": sum((s.bac for s in data.projects), 0),
            "eac": sum((s.eac for s in data.projects if s.eac is not None), 0),
            "calendar_last": data.calendar_end - timedelta(days=1),
            "previous_day": previous_day,
        },
    }
    return Pack(data=data, parts=parts, context=context, toc=_toc_rows(data, parts))


def _html(
    pack: Pack,
    parts: list[Part],
    *,
    pages: dict[str, int] | None,
    total: int | None,
    first_page: int | None,
) -> str:
    """One document (chunk) of ``parts``. With ``pages`` (section key → page) and ``total``,
    page numbers are literal; without, WeasyPrint counts (counter(pages), target-counter)."""
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
                cover=bool(parts) and parts[0].kind == "cover",
            )
        ),
    )
    context["parts"] = parts
    context["toc"] = toc
    return render_to_string("reporting/copil/pack/document.html", context)


# --- page estimates -----------------------------------------------------------------------

# Millimetres of the print CSS (static/css/copil-pack.css), measured on rendered packs.
PAGE_MM = 261.0  # A4 297 mm − 2 × 18 mm
TITLE_MM = 21.0  # kicker + title + rule
NOTE_MM = 6.0
TOC_ROW_MM = 6.15
TOC_GROUP_MM = 7.4
TABLE_HEAD_MM = 6.5
FIXED_ROW_MM = 6.05
LINE_MM = 3.72  # one line of 7.8 pt text in a table
ROW_PADDING_MM = 2.1


def _lines(text: str, chars_per_line: int) -> int:
    return sum(max(1, math.ceil(len(line) / chars_per_line)) for line in text.split("\n"))


def _paginate(heights: list[float], *, first_mm: float, repeat_mm: float = 0.0) -> int:
    """Pages needed by rows of ``heights`` (mm) that never split, after ``first_mm`` of
    headings on the first page; ``repeat_mm`` is repeated on every page (a table header)."""
    pages, used = 1, first_mm + repeat_mm
    for height in heights:
        if used + height > PAGE_MM and used > first_mm + repeat_mm:
            pages, used = pages + 1, repeat_mm
        used += height
    return pages


def estimate_pages(pack: Pack) -> dict[str, int]:
    """Pages each part will take (part key → pages), from the print CSS's sizes."""
    data = pack.data
    toc_heights = [TOC_GROUP_MM if row["level"] == 1 else TOC_ROW_MM for row in pack.toc]
    summary_second = [9.0]  # heading
    for ask in data.decisions_requested:
        summary_second.append(max(2, _lines(ask.text, 92)) * LINE_MM + ROW_PADDING_MM + 0.8)
    summary_second.append(9.0)
    if data.alerts:
        summary_second.append(TABLE_HEAD_MM)
        summary_second += [2 * LINE_MM + ROW_PADDING_MM] * len(data.alerts)
    else:
        summary_second.append(8.0)
    budget_rows = [FIXED_ROW_MM] * (len(data.projects) + 1) + [NOTE_MM]
    calendar_rows = [FIXED_ROW_MM] * (len(data.calendar) + max(1, data.calendar_count))
    calendar_rows += [FIXED_ROW_MM] * sum(1 for _month, rows in data.calendar if not rows)
    decision_rows = [
        max(_lines(f.text, 38), _lines(f.follow_up or "–", 27), 1) * LINE_MM + ROW_PADDING_MM
        for f in data.follow_ups
    ] + [NOTE_MM]
    pages = {
        "cover": 1,
        "toc": _paginate(toc_heights, first_mm=TITLE_MM - 2),
        "summary": 1 + _paginate(summary_second, first_mm=0),
        "appendix-budget": _paginate(
            budget_rows, first_mm=TITLE_MM + NOTE_MM, repeat_mm=TABLE_HEAD_MM
        ),
        "appendix-calendar": _paginate(
            calendar_rows, first_mm=TITLE_MM + NOTE_MM, repeat_mm=TABLE_HEAD_MM
        ),
        "appendix-decisions": _paginate(
            decision_rows, first_mm=TITLE_MM + NOTE_MM, repeat_mm=TABLE_HEAD_MM
        ),
    }
    for part in pack.parts:
        pages.setdefault(part.key, 1)
    return pages


def _starts(parts: list[Part], pages: dict[str, int], first: int = 1) -> dict[str, int]:
    starts, page = {}, first
    for part in parts:
        starts[part.key] = page
        page += pages[part.key]
    return starts


def _split(parts: list[Part], pages: dict[str, int]) -> int:
    """Index of the first part of the child's half: the cut between two projects closest to
    ``CHILD_SHARE`` of the pages. The appendices stay in the child's half."""
    total = sum(pages[part.key] for part in parts)
    target = total * (1 - CHILD_SHARE)
    best, best_gap, before = None, None, 0
    for index, part in enumerate(parts):
        if part.kind == "project" and index > 0 and parts[index - 1].kind == "project":
            gap = abs(target - before)
            if best_gap is None or gap < best_gap:
                best, best_gap = index, gap
        before += pages[part.key]
    if best is None:  # fewer than two projects: the appendices make the child's half
        best = next(i for i, part in enumerate(parts) if part.kind == "budget")
    return best


@dataclass
class ChunkPlan:
    """One document of the fast path, rendered by ``worker`` (0: this process, 1: the
    forked child)."""

    parts: list[Part]
    worker: int

    @property
    def keys(self) -> list[str]:
        return [part.key for part in self.parts]


def plan_chunks(parts: list[Part], pages: dict[str, int]) -> list[ChunkPlan]:
    """Two halves, one per process, each cut in documents of at most MAX_CHUNK_PAGES
    (estimated) pages: WeasyPrint holds a whole document's layout in memory, so smaller
    documents rendered one after the other keep each process small."""
    cut = _split(parts, pages)
    chunks = []
    for worker, half in enumerate((parts[:cut], parts[cut:])):
        current: list[Part] = []
        size = 0
        for part in half:
            if current and size + pages[part.key] > MAX_CHUNK_PAGES:
                chunks.append(ChunkPlan(current, worker))
                current, size = [], 0
            current.append(part)
            size += pages[part.key]
        if current:
            chunks.append(ChunkPlan(current, worker))
    return chunks


# --- rendering ----------------------------------------------------------------------------


@dataclass
class Chunk:
    pdf: bytes
    page_count: int
    starts: dict[str, int]  # part key → 0-based page index within the chunk
    toc_rects: dict[str, tuple[int, list[float]]]  # toc anchor → (page index, x1 y1 x2 y2 px)


@dataclass
class Job:
    index: int
    worker: int
    keys: list[str]
    html: Callable[[], str]


def _render_chunk(html: str, keys: list[str], options: dict, *, last: bool = False) -> Chunk:
    """Lay out and write one document; where its parts and contents rows fall. ``last``: no
    other document follows in this process (the collection is left to the caller)."""
    # WeasyPrint makes millions of objects: with the cyclic garbage collector running, its
    # passes over them cost a fifth of the time. Off while rendering, then one pass.
    collecting = gc.isenabled()
    gc.disable()
    try:
        document = safe_html(html).render(**options)
        wanted = set(keys)
        starts: dict[str, int] = {}
        toc_rects: dict[str, tuple[int, list[float]]] = {}
        for index, page in enumerate(document.pages):
            for name, position in page.anchors.items():
                if name in wanted and name not in starts:
                    starts[name] = index
                elif name.startswith("toc-") and name not in toc_rects:
                    toc_rects[name] = (index, [float(v) for v in position])
        chunk = Chunk(document.write_pdf(**options), len(document.pages), starts, toc_rects)
        del document
    finally:
        if collecting:
            gc.enable()
    if not last:
        gc.collect()  # the layout holds reference cycles: free it before the next document
    return chunk


def _can_fork() -> bool:
    return hasattr(os, "fork") and hasattr(os, "wait4")


def _in_child() -> None:
    """First steps of a forked renderer: die with the parent (Linux), and forget the
    parent's database connections without closing them (they are the parent's sockets;
    the child never queries, and would open its own connection if it did)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # not Linux: the child still ends when its render does
        logger.debug("PR_SET_PDEATHSIG unavailable", exc_info=True)
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.connection = None


@dataclass
class _Child:
    pid: int
    fd: int


def _fork(jobs: list[tuple[int, str, list[str]]], options: dict) -> _Child:
    """Render ``jobs`` ((index, html, keys), in turn) in a forked child; the chunks come
    back through a pipe: a length-prefixed JSON header, then the PDFs one after another."""
    read_fd, write_fd = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: render, write, leave without running any cleanup
        status = 0
        try:
            os.close(read_fd)
            _in_child()
            described, pdfs = [], []
            for position, (index, html, keys) in enumerate(jobs):
                chunk = _render_chunk(html, keys, options, last=position == len(jobs) - 1)
                described.append(
                    {
                        "index": index,
                        "page_count": chunk.page_count,
                        "starts": chunk.starts,
                        "toc_rects": chunk.toc_rects,
                        "size": len(chunk.pdf),
                    }
                )
                pdfs.append(chunk.pdf)
            header = json.dumps({"ok": True, "chunks": described}).encode()
            payload = [struct.pack(">Q", len(header)), header, *pdfs]
        except BaseException:
            status = 1
            header = json.dumps({"ok": False, "error": traceback.format_exc()[-4000:]}).encode()
            payload = [struct.pack(">Q", len(header)), header]
        try:
            with os.fdopen(write_fd, "wb") as pipe:
                for piece in payload:
                    pipe.write(piece)
        finally:
            os._exit(status)
    os.close(write_fd)
    return _Child(pid, read_fd)


def _kill(child: _Child) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(child.pid, signal.SIGKILL)


def _reap(child: _Child) -> int:
    """Close the pipe, wait for the child; its peak resident memory (KiB)."""
    with contextlib.suppress(OSError):
        os.close(child.fd)
    try:
        _pid, _status, usage = os.wait4(child.pid, 0)
    except ChildProcessError:  # reaped by a SIGCHLD handler of the host process
        return 0
    return usage.ru_maxrss


def _timeout_error(timeout: float) -> PackRenderTimeout:
    return PackRenderTimeout(
        _("The COPIL pack took longer than %(seconds)s s to render: stopped.")
        % {"seconds": int(timeout)}
    )


def _collect(
    child: _Child, deadline: float, timeout: float, watchdog: threading.Timer | None = None
) -> tuple[dict[int, Chunk], int]:
    """The child's chunks and its peak memory (KiB); kills it when ``deadline`` passes. The
    ``watchdog`` that may kill it meanwhile is stopped before the child is reaped (never a
    signal to a pid the system may have reused)."""
    received = []
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([child.fd], [], [], remaining)[0]:
                _kill(child)
                raise _timeout_error(timeout)
            block = os.read(child.fd, 1 << 20)
            if not block:
                break
            received.append(block)
    finally:
        _stop(watchdog)
        max_rss = _reap(child)
    try:
        return _parse(b"".join(received)), max_rss
    except PackRenderError:
        raise
    except Exception as exc:  # cut short: killed at the deadline, or died
        if time.monotonic() >= deadline:
            raise _timeout_error(timeout) from exc
        raise PackRenderError("the PDF rendering process ended without a result") from exc


def _parse(payload: bytes) -> dict[int, Chunk]:
    (size,) = struct.unpack(">Q", payload[:8])
    header = json.loads(payload[8 : 8 + size])
    if not header["ok"]:
        raise PackRenderError("PDF rendering failed:\n" + header["error"])
    chunks, offset = {}, 8 + size
    for item in header["chunks"]:
        chunks[item["index"]] = Chunk(
            pdf=payload[offset : offset + item["size"]],
            page_count=item["page_count"],
            starts=item["starts"],
            toc_rects={k: (v[0], v[1]) for k, v in item["toc_rects"].items()},
        )
        offset += item["size"]
    if offset != len(payload):
        raise ValueError("truncated result")
    return chunks


def _stop(watchdog: threading.Timer | None) -> None:
    if watchdog is not None:
        watchdog.cancel()
        watchdog.join()


def _check(deadline: float, timeout: float) -> None:
    if time.monotonic() > deadline:
        raise _timeout_error(timeout)


def _run(jobs: list[Job], options: dict, deadline: float, timeout: float) -> tuple[dict, int]:
    """Render the jobs: the child's share in a forked child (its HTML is written before the
    fork, so that it starts at once), this process's share here, at the same time. Without
    fork (or with one share empty), here in turn. Returns the chunks by index and the
    child's peak memory (KiB, 0 without a child)."""
    forked = [job for job in jobs if job.worker == 1]
    local = [job for job in jobs if job.worker == 0]
    if not (forked and local and _can_fork()):
        chunks = {}
        for job in jobs:
            chunks[job.index] = _render_chunk(job.html(), job.keys, options, last=job is jobs[-1])
            _check(deadline, timeout)
        return chunks, 0
    child = _fork([(job.index, job.html(), job.keys) for job in forked], options)
    # This process cannot stop its own layout midway, but the child dies at the deadline
    # whatever this process is doing; this process then raises after its document.
    watchdog = threading.Timer(max(0.0, deadline - time.monotonic()), _kill, [child])
    watchdog.daemon = True
    watchdog.start()
    try:
        chunks = {}
        for job in local:
            chunks[job.index] = _render_chunk(job.html(), job.keys, options, last=job is local[-1])
            _check(deadline, timeout)
    except BaseException:
        _stop(watchdog)
        _kill(child)
        _reap(child)
        raise
    theirs, max_rss = _collect(child, deadline, timeout, watchdog)
    chunks.update(theirs)
    return chunks, max_rss


def _render_alone(html: str, keys: list[str], options: dict, deadline, timeout) -> tuple:
    """One whole document: in a forked child when possible, so that the time limit can stop
    it (this process only waits), else here. Returns the chunk and the child's memory."""
    if not _can_fork():
        chunk = _render_chunk(html, keys, options, last=True)
        _check(deadline, timeout)
        return chunk, 0
    chunks, max_rss = _collect(_fork([(0, html, keys)], options), deadline, timeout)
    return chunks[0], max_rss


# --- merging ------------------------------------------------------------------------------


def _merge(pack: Pack, chunks: list[Chunk], sections: list[Section]) -> tuple[bytes, int]:
    """Join the chunks' PDFs, then add the outline and the links of the table of contents
    (the contents are in the first chunk)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Link
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter()
    for chunk in chunks:
        writer.append(PdfReader(io.BytesIO(chunk.pdf)), import_outline=False)
    page_of = {section.key: section.first_page - 1 for section in sections}
    parent = None
    for section in sections:
        if section.level == 1:
            parent = writer.add_outline_item(
                title=section.title, page_number=section.first_page - 1
            )
        else:
            writer.add_outline_item(
                title=section.title, page_number=section.first_page - 1, parent=parent
            )
    for row in pack.toc:
        target = page_of.get(row["key"]) if row["key"] else None
        located = chunks[0].toc_rects.get(row["anchor"])
        if target is None or located is None:
            continue
        index, (x1, y1, x2, y2) = located
        height = float(writer.pages[index].mediabox.height)
        rect = (x1 * PX_TO_PT, height - y2 * PX_TO_PT, x2 * PX_TO_PT, height - y1 * PX_TO_PT)
        writer.add_annotation(index, Link(rect=rect, target_page_index=target))
    doc = pack.context["doc"]
    writer.add_metadata(
        {
            "/Title": doc["title"],
            "/Author": doc["organisation"] or "PMO",
            "/Creator": "PMO Portal",
        }
    )
    writer.root_object[NameObject("/Lang")] = TextStringObject(doc["language"])
    writer.page_mode = "/UseOutlines"
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue(), len(writer.pages)


def _sections(parts: list[Part], starts: dict[str, int]) -> list[Section]:
    sections = []
    for part in parts:
        if part.kind == "project" and part.first_project:
            sections.append(Section("projects", _("Projects"), 1, starts[part.key]))
        sections.append(Section(part.key, part.title, part.level, starts[part.key]))
    return sections


def _max_rss_kb() -> int:
    """Peak resident memory of this process, in KiB. Linux's ``ru_maxrss`` keeps the peak of
    whatever process image came before an exec (a big parent that started this command);
    ``VmHWM`` is this image's own peak, so it is preferred where /proc has it."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# --- the entry point ----------------------------------------------------------------------


def render_pack(
    *, meeting, settings, today, timeout: float = 240, archival: bool = False
) -> RenderedPack:
    """The PDF of ``meeting``'s pack in the meeting's language, with PMO ``settings``
    (CopilSettings: organisation, logo, confidentiality mention).

    Raises PackRenderTimeout after ``timeout`` seconds, PackRenderError if rendering fails.
    ``archival``: one PDF/A-3b tagged document (slower; see the module docstring).
    """
    started = time.monotonic()
    deadline = started + timeout
    # The garbage collector only runs when asked, between documents (see _render_chunk),
    # and never over the objects alive now (Django, the app): frozen, they are left out of
    # those collections and untouched by a forked child's (no copy-on-write of this
    # process's memory). One full collection at the end, so that nothing frozen meanwhile
    # outlives its pack.
    collecting = gc.isenabled()
    gc.disable()
    gc.freeze()
    try:
        result = _render(meeting, settings, today, archival, deadline, timeout, started)
    finally:
        gc.unfreeze()
        if collecting:
            gc.enable()
        gc.collect()
    result.stats.update(seconds=round(time.monotonic() - started, 3), parent_rss_kb=_max_rss_kb())
    return result


def _render(meeting, settings, today, archival, deadline, timeout, started) -> RenderedPack:
    with translation.override(meeting.language):
        data = pack_data(meeting, today=today)
        pack = _prepare(data, settings)
        prepared = time.monotonic()
        if archival:
            options = {"pdf_variant": "pdf/a-3b", "pdf_tags": True}
            result = _single(pack, options, deadline, timeout, mode="archival")
        else:
            result = _fast(pack, deadline, timeout)
    result.stats["data_seconds"] = round(prepared - started, 3)
    return result


def _single(pack: Pack, options, deadline, timeout, *, mode: str) -> RenderedPack:
    """The whole pack in one document; WeasyPrint counts the pages and adds the outline."""
    html = _html(pack, pack.parts, pages=None, total=None, first_page=None)
    keys = [part.key for part in pack.parts]
    chunk, child_rss = _render_alone(html, keys, options, deadline, timeout)
    starts = {key: index + 1 for key, index in chunk.starts.items()}
    return RenderedPack(
        pdf=chunk.pdf,
        page_count=chunk.page_count,
        snapshot_at=pack.data.snapshot_at,
        sections=_sections(pack.parts, starts),
        stats={"mode": mode, "rounds": 1, "chunks": 1, "child_rss_kb": child_rss},
    )


def _numbers(plans: list[ChunkPlan], parts: list[Part], pages: dict[str, int]) -> list[tuple]:
    """What each chunk prints: the first every section's page (its contents), the others
    their first page; all the total."""
    starts = _starts(parts, pages)
    total = sum(pages.values())
    return [
        (tuple(sorted(starts.items())), total) if index == 0 else (starts[plan.keys[0]], total)
        for index, plan in enumerate(plans)
    ]


def _fast(pack: Pack, deadline: float, timeout: float) -> RenderedPack:
    parts = pack.parts
    pages = estimate_pages(pack)
    if sum(pages.values()) < PARALLEL_MIN_PAGES:
        return _single(pack, {}, deadline, timeout, mode="single")
    plans = plan_chunks(parts, pages)
    mode = "parallel" if _can_fork() else "sequential"
    chunks: dict[int, Chunk] = {}
    printed: dict[int, tuple] = {}
    child_rss = 0
    for round_number in range(1, MAX_ROUNDS + 1):
        wanted = _numbers(plans, parts, pages)
        starts = _starts(parts, pages)
        total = sum(pages.values())
        jobs = [
            Job(
                index,
                plan.worker,
                plan.keys,
                functools.partial(
                    _html,
                    pack,
                    plan.parts,
                    pages=starts,
                    total=total,
                    first_page=None if index == 0 else starts[plan.keys[0]],
                ),
            )
            for index, plan in enumerate(plans)
            if printed.get(index) != wanted[index]
        ]
        done, rss = _run(jobs, {}, deadline, timeout)
        child_rss = max(child_rss, rss)
        for job in jobs:
            chunks[job.index], printed[job.index] = done[job.index], wanted[job.index]
        real = {}  # the pages each part really takes, from where the next one starts
        for index, plan in enumerate(plans):
            chunk = chunks[index]
            ends = [chunk.starts.get(key, chunk.page_count) for key in plan.keys[1:]]
            for key, end in zip(plan.keys, [*ends, chunk.page_count], strict=True):
                real[key] = max(1, end - chunk.starts.get(key, 0))
        if real == pages:  # every chunk prints the numbers its layout gives
            sections = _sections(parts, starts)
            ordered = [chunks[index] for index in range(len(plans))]
            merging = time.monotonic()
            pdf, page_count = _merge(pack, ordered, sections)
            return RenderedPack(
                pdf=pdf,
                page_count=page_count,
                snapshot_at=pack.data.snapshot_at,
                sections=sections,
                stats={
                    "mode": mode,
                    "rounds": round_number,
                    "chunks": len(plans),
                    "child_rss_kb": child_rss,
                    "merge_seconds": round(time.monotonic() - merging, 3),
                },
            )
        logger.info(
            "COPIL pack %s: page estimate corrected in round %s", pack.data.meeting.pk, round_number
        )
        pages = real
    logger.warning(
        "COPIL pack %s: page numbers still moving after %s rounds; one-process render",
        pack.data.meeting.pk,
        MAX_ROUNDS,
    )
    result = _single(pack, {}, deadline, timeout, mode="single")
    result.stats["child_rss_kb"] = max(child_rss, result.stats["child_rss_kb"])
    result.stats["rounds"] = MAX_ROUNDS + 1
    return result
