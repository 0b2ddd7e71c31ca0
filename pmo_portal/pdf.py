"""The only way the project builds WeasyPrint documents: ``safe_html(html)``.

WeasyPrint fetches every stylesheet, image, font and SVG reference it meets through a URL
fetcher. Its default fetcher speaks ``file://``, ``http(s)://`` and ``ftp://`` and follows
redirects, so HTML built from user text could read local files or reach internal services.
The fetcher here serves only:

* ``data:`` URLs (decoded by WeasyPrint's own fetcher, restricted to the ``data`` scheme);
* the project's static files. The HTML is rendered with the pseudo-origin ``BASE_URL`` as
  base URL, so ``/static/css/portal.css`` resolves to
  ``https://pmo-portal.invalid/static/css/portal.css``; that path is looked up with the
  staticfiles finders (works without ``collectstatic``), then under ``STATIC_ROOT``. The
  resolved real path must lie inside a static directory and have a safe file type.

Everything else raises ``UnsafeURLError`` before any network or filesystem access; WeasyPrint
logs a warning and renders without the resource. Nothing is fetched over the network, so no
redirect can be followed.

Several documents at once: ``render_parallel(jobs, timeout=...)`` renders the jobs in the
processes they name (0: this one, 1…: forked children started with ``billiard``, Celery's
``multiprocessing``, which may start children from a daemonic prefork worker too), all at the
same time, each process taking the next job not taken yet when it is done with one (so none
waits for another given the longer share), and returns one ``Rendered`` (PDF, page count,
where each anchor fell) per job;
a child still working at the deadline is killed and ``RenderTimeout`` raised; a child's
exception is raised again here as ``RenderError``; where no process can be started the jobs
render here in turn. ``merge(pdfs)`` joins PDFs with pypdf.
"""

import contextlib
import gc
import io
import logging
import os
import resource
import signal
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from weasyprint.urls import URLFetcher, URLFetcherResponse

#: Pseudo-origin of the rendered HTML; ``.invalid`` can never resolve (RFC 2606).
BASE_URL = "https://pmo-portal.invalid/"
_SCHEME, _HOST = "https", "pmo-portal.invalid"

#: Static file types a document may use, with the MIME type they are served with.
STATIC_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
}


class UnsafeURLError(ValueError):
    """A URL the PDF renderer refuses to fetch."""


def safe_url_fetcher(url, *args, **kwargs):
    """Return a ``weasyprint.urls.URLFetcherResponse`` for a ``data:`` URL or a static file
    under ``BASE_URL``; raise ``UnsafeURLError`` for anything else."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "data":
        # WeasyPrint's own fetcher (urllib's DataHandler), limited to the data scheme.
        return URLFetcher(allowed_protocols=("data",), allow_redirects=False).fetch(url)
    if scheme != _SCHEME or parts.netloc.lower() != _HOST:
        raise UnsafeURLError(f"refused (only static files and data: URLs): {url[:200]}")
    relative = _static_relative_path(parts.path)
    mime_type = STATIC_TYPES.get(PurePosixPath(relative).suffix.lower())
    if mime_type is None:
        raise UnsafeURLError(f"refused (file type not allowed): {url[:200]}")
    path = _find_static_file(relative)
    if path is None:
        raise UnsafeURLError(f"refused (no such static file): {url[:200]}")
    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime_type})


class SafeURLFetcher(URLFetcher):
    """The fetcher object WeasyPrint 70 expects (``url_fetcher=`` takes a ``URLFetcher``).

    Every fetch goes through ``safe_url_fetcher``; the inherited urllib machinery is never
    reached, and is configured to refuse every protocol in case it ever were.
    """

    def __init__(self):
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)

    def fetch(self, url, headers=None):
        return safe_url_fetcher(url)


def safe_html(html: str) -> weasyprint.HTML:
    """A ``weasyprint.HTML`` for ``html`` that can only load static files and data: URLs."""
    return weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=SafeURLFetcher())


def _static_relative_path(url_path):
    """The decoded path below ``STATIC_URL``, refusing anything that could walk out of it."""
    prefix = urlsplit(settings.STATIC_URL).path.rstrip("/") + "/"
    if not url_path.startswith(prefix):
        raise UnsafeURLError(f"refused (not under {prefix}): {url_path[:200]}")
    try:
        relative = unquote(url_path[len(prefix) :], errors="strict")
    except UnicodeDecodeError:
        raise UnsafeURLError("refused (undecodable static path)") from None
    segments = relative.split("/")
    if (
        "\\" in relative
        or "\x00" in relative
        or ":" in relative
        or any(segment in {"", ".", ".."} for segment in segments)
    ):
        raise UnsafeURLError(f"refused (unsafe static path): {relative[:200]!r}")
    return relative


def _find_static_file(relative):
    """The real path of a static file, only if it lies inside a static directory."""
    roots = _static_roots()
    candidates = []
    try:
        found = finders.find(relative)
    except (SuspiciousFileOperation, ValueError):
        found = None
    if found:
        candidates.append(Path(found))
    if settings.STATIC_ROOT:
        candidates.append(Path(settings.STATIC_ROOT) / relative)
    for candidate in candidates:
        try:
            real = candidate.resolve(strict=True)
        except (OSError, RuntimeError):
            continue
        if (
            real.is_file()
            and real.suffix.lower() in STATIC_TYPES
            and any(real.is_relative_to(root) for root in roots)
        ):
            return real
    return None


def _static_roots():
    """Resolved directories static files may come from: every location the staticfiles
    finders search (project STATICFILES_DIRS and apps' ``static/``), and STATIC_ROOT."""
    locations = []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                locations.append(location)
    if settings.STATIC_ROOT:
        locations.append(settings.STATIC_ROOT)
    roots = []
    for location in locations:
        try:
            roots.append(Path(location).resolve(strict=True))
        except (OSError, RuntimeError):
            continue
    return roots


# --- several documents at once ------------------------------------------------------------

logger = logging.getLogger(__name__)


class RenderError(RuntimeError):
    """A document could not be rendered (the message carries a child's traceback)."""


class RenderTimeout(RenderError):
    """Rendering took longer than its time limit (the children were killed)."""


@dataclass(frozen=True)
class Job:
    """One document to render: its HTML (or a function writing it, called before the
    children are forked), WeasyPrint's ``render``/``write_pdf`` options, and a process that
    renders (0: this one, 1…: a child). The jobs' processes say which processes take part;
    each takes whichever job is next (``render_parallel``)."""

    html: str | Callable[[], str]
    options: dict = field(default_factory=dict)
    process: int = 0


@dataclass
class Rendered:
    pdf: bytes
    page_count: int
    # anchor (id) → (0-based page index, (x1, y1, x2, y2) in CSS px) of its first occurrence
    anchors: dict[str, tuple[int, tuple[float, float, float, float]]]


@dataclass
class Parallel:
    documents: list[Rendered]  # in the order of the jobs
    processes: int  # processes that rendered (1 when the children could not be started)
    child_rss_kb: int  # peak resident memory of the largest child (0 without a child)


def render_document(html: str, *, options: dict | None = None, collect: bool = True) -> Rendered:
    """Lay out and write one document, here. WeasyPrint makes millions of objects: the
    cyclic garbage collector is off while it renders (its passes cost a fifth of the time),
    then, with ``collect``, one pass frees the layout's reference cycles."""
    options = options or {}
    collecting = gc.isenabled()
    gc.disable()
    try:
        document = safe_html(html).render(**options)
        anchors: dict[str, tuple[int, tuple[float, float, float, float]]] = {}
        for index, page in enumerate(document.pages):
            for name, position in page.anchors.items():
                if name not in anchors:
                    anchors[name] = (index, tuple(float(v) for v in position))
        rendered = Rendered(document.write_pdf(**options), len(document.pages), anchors)
        del document
    finally:
        if collecting:
            gc.enable()
    if collect:
        release_memory()
    return rendered


def release_memory() -> None:
    """Free the reference cycles a layout leaves (one collection), and give the freed heap
    back to the system (glibc keeps it otherwise: the next layout, or a forked child, would
    start from the peak)."""
    gc.collect()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: the memory is reused, not returned
        pass


def peak_rss_kb() -> int:
    """Peak resident memory of this process, in KiB. Linux's ``ru_maxrss`` keeps the peak of
    whatever process image came before an exec; ``VmHWM`` is this image's own peak, so it is
    preferred where /proc has it."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _html(job: Job) -> str:
    return job.html() if callable(job.html) else job.html


def _claimed(documents: list[tuple[str, dict]], counter):
    """(index, html, options) of the documents this process claims, one at a time, from the
    ``counter`` every process shares, until none is left (``render_parallel``)."""
    while True:
        with counter.get_lock():
            index = counter.value
            counter.value += 1
        if index >= len(documents):
            return
        yield (index, *documents[index])


def _render_batch(pairs, connection) -> None:
    """A child's work: render the documents it claims (``_claimed``) in turn, send them (or
    the traceback) back."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # die with the parent
    except Exception:  # not Linux: the child still ends when its render does
        logger.debug("PR_SET_PDEATHSIG unavailable", exc_info=True)
    try:
        done = {index: render_document(html, options=options) for index, html, options in pairs}
        message = ("ok", done, peak_rss_kb())
    except BaseException:
        message = ("error", traceback.format_exc()[-4000:], peak_rss_kb())
    connection.send(message)
    connection.close()


@dataclass
class _Child:
    process: object
    connection: object


def _start(pairs) -> _Child | None:
    """A forked child rendering ``pairs``; None when no process can be started."""
    try:
        import billiard

        context = billiard.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_render_batch, args=(pairs, sender), daemon=True)
        process.start()
    except Exception:  # no fork here (or no resources left): the caller renders in turn
        logger.warning("PDF rendering: cannot start a process; rendering in turn", exc_info=True)
        return None
    sender.close()
    return _Child(process, receiver)


def _kill(child: _Child) -> None:
    """SIGKILL (a layout cannot be interrupted more gently); never after the child is
    reaped (its pid could be another process's by then)."""
    if child.process.exitcode is None and child.process.pid:
        with contextlib.suppress(ProcessLookupError):
            os.kill(child.process.pid, signal.SIGKILL)


def _end(child: _Child) -> None:
    with contextlib.suppress(Exception):
        child.connection.close()
    child.process.join(5)
    if child.process.is_alive():  # pragma: no cover (killed above, or done)
        _kill(child)
        child.process.join()


def _timeout(timeout: float) -> RenderTimeout:
    return RenderTimeout(f"PDF rendering took longer than {timeout:g} s: stopped")


def _receive(child: _Child, deadline: float, timeout: float) -> tuple[dict, int]:
    try:
        ready = child.connection.poll(max(0.0, deadline - time.monotonic()))
        if not ready:
            raise _timeout(timeout)
        try:
            status, payload, rss = child.connection.recv()
        except (EOFError, OSError) as exc:  # killed at the deadline, or died
            if time.monotonic() >= deadline:
                raise _timeout(timeout) from exc
            raise RenderError("the PDF rendering process ended without a result") from exc
    except BaseException:
        _kill(child)
        raise
    finally:
        _end(child)
    if status != "ok":
        raise RenderError("PDF rendering failed:\n" + payload)
    return payload, rss


def render_parallel(jobs: Sequence[Job], *, timeout: float, fork: bool = True) -> Parallel:
    """Render ``jobs`` (see the module docstring): one forked child per process the jobs name
    besides this one; every HTML is written first, then each process takes the next job not
    taken yet when it is done with one, while a watchdog kills the children at the deadline
    (this process cannot stop its own layout midway: it raises once its current document is
    done). This process takes part when a job names it, or when no child could start: jobs
    that must stay stoppable at the deadline name a child only. ``fork``: False renders
    everything here, in turn.
    """
    import billiard

    deadline = time.monotonic() + timeout
    processes = {job.process if fork else 0 for job in jobs}
    prepared = [(_html(job), job.options) for job in jobs]
    counter = billiard.get_context("fork").Value("i", 0)
    children: list[_Child] = []
    for _process in sorted(processes - {0}):
        child = _start(_claimed(prepared, counter))
        if child is not None:
            children.append(child)
    local = _claimed(prepared, counter) if 0 in processes or not children else iter(())
    started = len(children)
    watchdog = None
    if children:
        watchdog = threading.Timer(
            max(0.0, deadline - time.monotonic()), lambda: [_kill(c) for c in children]
        )
        watchdog.daemon = True
        watchdog.start()
    documents: dict[int, Rendered] = {}
    child_rss = 0
    try:
        for index, html, options in local:
            documents[index] = render_document(html, options=options)
            if time.monotonic() > deadline:
                raise _timeout(timeout)
        if watchdog is not None:  # stopped before any child is reaped
            watchdog.cancel()
            watchdog.join()
        for child in list(children):
            done, rss = _receive(child, deadline, timeout)
            children.remove(child)
            documents.update(done)
            child_rss = max(child_rss, rss)
    finally:
        if watchdog is not None:
            watchdog.cancel()
            watchdog.join()
        for child in children:  # an error here or in another child: stop the others
            _kill(child)
            _end(child)
    return Parallel(
        [documents[index] for index in range(len(jobs))],
        processes=1 + started,
        child_rss_kb=child_rss,
    )


def merge(pdfs: Sequence[bytes]):
    """A ``pypdf.PdfWriter`` holding ``pdfs`` one after the other (outlines left out), for
    the caller to add its outline, links and metadata before ``writer.write``."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for content in pdfs:
        writer.append(PdfReader(io.BytesIO(content)), import_outline=False)
    return writer
