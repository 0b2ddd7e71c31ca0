"""``render_pack``: the COPIL pack of a meeting as one PDF.

Speed and memory. WeasyPrint lays this pack out at 12 to 14 pages/s in one process. The fast
path cuts the pack in documents ("chunks") of at most MAX_CHUNK_PAGES pages, because
WeasyPrint holds a whole document's layout in memory, and renders them on two cores
(``pmo_portal.pdf.render_parallel``): this process and a forked child each take
the next chunk not taken yet, so neither waits for the other at the end (a split in two
fixed halves left one idle for seconds when the estimate of a half's work was off). pypdf
joins the chunks and adds the bookmarks and the links of the table of contents.

Page numbers. Each chunk prints literal numbers: the footer bakes the total in
(``"page " counter(page) " / 61"``), every chunk but the first starts its counter at its first
page and the table of contents (in the first chunk) prints each part's page. These are first
*estimated* (each section's ``pages``). After rendering, the real first page of every part is
read from its anchor; a chunk whose printed numbers turn out wrong is rendered again with the
right ones, at most ``MAX_ROUNDS`` times, after which one process renders the whole pack with
``counter(pages)`` and ``target-counter()``, right by construction.

``archival=True`` renders one PDF/A-3b document, tagged, in one process (the split and merge
would lose WeasyPrint's structure tags): slower, for archiving.

Every render runs under ``timeout``: a child still rendering at the deadline is killed.
"""

from __future__ import annotations

import functools
import gc
import io
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import translation
from django.utils.translation import gettext as _

from pmo_portal import pdf, registry
from reporting.copil import document
from reporting.copil.data import read_pack
from reporting.copil.document import Pack, Part, Section

logger = logging.getLogger(__name__)

MAX_ROUNDS = 3
# Largest document (estimated pages): WeasyPrint holds a whole layout in memory. Measured
# on the bench's 59-page pack: 12 pages → 307 MB for both processes, 8 → 280 MB, at the
# same speed (6 → 273 MB, 8 % slower).
MAX_CHUNK_PAGES = 8
# Below this many (estimated) pages, one document in one process: the split would not pay.
PARALLEL_MIN_PAGES = 12
PX_TO_PT = 0.75  # WeasyPrint's CSS pixel (1/96 in) in PDF points (1/72 in)
# The processes that render the chunks (0: this one, 1: a forked child): each takes the next
# chunk when it is done with one (pmo_portal.pdf.render_parallel). Two: the machines have two
# cores or more, and this process also joins the PDFs.
CHUNK_PROCESSES = (0, 1)
# Tests set it to False to render without children.
FORK = True


class PackRenderError(RuntimeError):
    """The pack could not be rendered."""


class PackRenderTimeout(PackRenderError):
    """Rendering took longer than its time limit (the child process was killed)."""


@dataclass
class RenderedPack:
    pdf: bytes
    page_count: int
    snapshot_at: datetime  # aware: when the data was read
    sections: list[Section]
    # How it went: mode ("parallel", "sequential", "single", "archival"), rounds, seconds,
    # peak resident memory (KiB) of this process and of the largest child.
    stats: dict = field(default_factory=dict)


def estimate_pages(pack: Pack) -> dict[str, int]:
    """Pages each part will take (part key → pages): each section's estimate."""
    return {part.key: part.pages() for part in pack.parts}


# Parts whose length turns on free text the renderer wraps (the executive summary lists the
# escalations of every project with a page): laid out alone before the chunks rather than
# estimated. One page off there moves the total printed on every page, so every chunk was
# rendered a second time: at 30,270 projects the largest business unit's pack took 29 s
# instead of about 15 (issue 16). Laying out a few pages costs a fraction of a second.
MEASURED_PARTS = ("summary",)


def measured_pages(pack: Pack, pages: dict[str, int]) -> dict[str, int]:
    """``pages`` with the MEASURED_PARTS' real page counts."""
    pages = dict(pages)
    for part in pack.parts:
        if part.key in MEASURED_PARTS:
            laid_out = pdf.safe_html(
                document.html(pack, [part], pages=None, total=None, first_page=None)
            ).render()
            pages[part.key] = max(1, len(laid_out.pages))
            del laid_out
    return pages


def _starts(parts: list[Part], pages: dict[str, int], first: int = 1) -> dict[str, int]:
    starts, page = {}, first
    for part in parts:
        starts[part.key] = page
        page += pages[part.key]
    return starts


@dataclass
class ChunkPlan:
    """One document of the fast path."""

    parts: list[Part]

    @property
    def keys(self) -> list[str]:
        return [part.key for part in self.parts]


def plan_chunks(parts: list[Part], pages: dict[str, int]) -> list[ChunkPlan]:
    """The pack cut in documents of at most MAX_CHUNK_PAGES (estimated) pages (a part is never
    cut): smaller documents rendered one after the other keep each process small."""
    chunks = []
    current: list[Part] = []
    size = 0
    for part in parts:
        if current and size + pages[part.key] > MAX_CHUNK_PAGES:
            chunks.append(ChunkPlan(current))
            current, size = [], 0
        current.append(part)
        size += pages[part.key]
    if current:
        chunks.append(ChunkPlan(current))
    return chunks


def _timeout_error(timeout: float) -> PackRenderTimeout:
    return PackRenderTimeout(
        _("The COPIL pack took longer than %(seconds)s s to render: stopped.")
        % {"seconds": int(timeout)}
    )


def _render(jobs: list[pdf.Job], deadline: float, timeout: float, fork: bool) -> pdf.Parallel:
    try:
        return pdf.render_parallel(
            jobs, timeout=max(0.0, deadline - time.monotonic()), fork=fork and FORK
        )
    except pdf.RenderTimeout as exc:
        raise _timeout_error(timeout) from exc
    except pdf.RenderError as exc:
        raise PackRenderError(str(exc)) from exc


def _merge(pack: Pack, chunks: list[pdf.Rendered], outline: list[Section]) -> tuple[bytes, int]:
    """Join the chunks' PDFs, then add the outline and the links of the table of contents
    (the contents are in the first chunk)."""
    from pypdf.annotations import Link
    from pypdf.generic import NameObject, TextStringObject

    writer = pdf.merge([chunk.pdf for chunk in chunks])
    page_of = {section.key: section.first_page - 1 for section in outline}
    parent = None
    for section in outline:
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
        located = chunks[0].anchors.get(row["anchor"])
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


def render_pack(
    *, meeting, settings, today, timeout: float = 240, archival: bool = False
) -> RenderedPack:
    """The PDF of ``meeting``'s pack in the meeting's language, with PMO ``settings``
    (CopilSettings: organisation, logo, confidentiality mention), every registered section
    (``pmo_portal.registry.copil_sections()``) that has something to show.

    Raises PackRenderTimeout after ``timeout`` seconds, PackRenderError if rendering fails.
    ``archival``: one PDF/A-3b tagged document (slower; see the module docstring).
    """
    started = time.monotonic()
    deadline = started + timeout
    # The objects alive now (Django, the app) are frozen: left out of the collections run
    # between documents, and untouched by a forked child's (no copy-on-write of this
    # process's memory). One full collection at the end.
    collecting = gc.isenabled()
    gc.disable()
    gc.freeze()
    try:
        with translation.override(meeting.language):
            scope, read = read_pack(
                meeting,
                today=today,
                sections=registry.copil_sections(),
                exceptions_over=getattr(settings, "exceptions_over", None),
            )
            pack = document.prepare(scope, read, settings)
            prepared = time.monotonic()
            if archival:
                options = {"pdf_variant": "pdf/a-3b", "pdf_tags": True}
                result = _single(pack, options, deadline, timeout, mode="archival")
            else:
                result = _fast(pack, deadline, timeout)
    finally:
        gc.unfreeze()
        if collecting:
            gc.enable()
        pdf.release_memory()
    result.stats.update(
        seconds=round(time.monotonic() - started, 3),
        data_seconds=round(prepared - started, 3),
        parent_rss_kb=pdf.peak_rss_kb(),
    )
    return result


def _single(pack: Pack, options, deadline, timeout, *, mode: str) -> RenderedPack:
    """The whole pack in one document, in a child (so that the time limit can stop it);
    WeasyPrint counts the pages and adds the outline."""
    html = document.html(pack, pack.parts, pages=None, total=None, first_page=None)
    done = _render([pdf.Job(html, options, process=1)], deadline, timeout, fork=True)
    (chunk,) = done.documents
    starts = {part.key: chunk.anchors[part.key][0] + 1 for part in pack.parts}
    return RenderedPack(
        pdf=chunk.pdf,
        page_count=chunk.page_count,
        snapshot_at=pack.data.snapshot_at,
        sections=document.sections(pack.parts, starts),
        stats={"mode": mode, "rounds": 1, "chunks": 1, "child_rss_kb": done.child_rss_kb},
    )


def _fast(pack: Pack, deadline: float, timeout: float) -> RenderedPack:
    parts = pack.parts
    pages = estimate_pages(pack)
    if sum(pages.values()) < PARALLEL_MIN_PAGES:
        return _single(pack, {}, deadline, timeout, mode="single")
    pages = measured_pages(pack, pages)
    plans = plan_chunks(parts, pages)
    chunks: dict[int, pdf.Rendered] = {}
    printed: dict[int, tuple] = {}
    child_rss, processes = 0, 1
    for round_number in range(1, MAX_ROUNDS + 1):
        starts = _starts(parts, pages)
        total = sum(pages.values())
        wanted = [  # what each chunk prints: the first every part's page, all the total
            (tuple(sorted(starts.items())), total) if index == 0 else (starts[plan.keys[0]], total)
            for index, plan in enumerate(plans)
        ]
        todo = [index for index in range(len(plans)) if printed.get(index) != wanted[index]]
        jobs = [
            pdf.Job(
                functools.partial(
                    document.html,
                    pack,
                    plans[index].parts,
                    pages=starts,
                    total=total,
                    first_page=None if index == 0 else starts[plans[index].keys[0]],
                ),
                process=CHUNK_PROCESSES[position % len(CHUNK_PROCESSES)],
            )
            for position, index in enumerate(todo)
        ]
        done = _render(jobs, deadline, timeout, fork=True)
        child_rss = max(child_rss, done.child_rss_kb)
        processes = max(processes, done.processes)
        for index, rendered in zip(todo, done.documents, strict=True):
            chunks[index], printed[index] = rendered, wanted[index]
        real = {}  # the pages each part really takes, from where the next one starts
        for index, plan in enumerate(plans):
            chunk = chunks[index]
            first = [chunk.anchors.get(key, (0,))[0] for key in plan.keys]
            ends = [chunk.anchors.get(key, (chunk.page_count,))[0] for key in plan.keys[1:]]
            for key, start, end in zip(plan.keys, first, [*ends, chunk.page_count], strict=True):
                real[key] = max(1, end - start)
        if real == pages:  # every chunk prints the numbers its layout gives
            outline = document.sections(parts, starts)
            merging = time.monotonic()
            pdf_bytes, page_count = _merge(pack, [chunks[i] for i in range(len(plans))], outline)
            return RenderedPack(
                pdf=pdf_bytes,
                page_count=page_count,
                snapshot_at=pack.data.snapshot_at,
                sections=outline,
                stats={
                    "mode": "parallel" if processes > 1 else "sequential",
                    "rounds": round_number,
                    "chunks": len(plans),
                    "child_rss_kb": child_rss,
                    "merge_seconds": round(time.monotonic() - merging, 3),
                },
            )
        logger.info(
            "COPIL pack %s: page estimate corrected in round %s (part: estimated, real) %s",
            pack.data.meeting.pk,
            round_number,
            {key: (pages.get(key), real[key]) for key in real if pages.get(key) != real[key]},
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
