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
"""

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
