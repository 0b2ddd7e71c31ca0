"""pmo_portal.pdf: WeasyPrint only loads the project's static files and data: URLs.

No network (a loopback server proves it receives zero requests), no file:// , no redirects,
no escape from the static directories by ``..``, percent-encoding or symlinks.
"""

import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from pmo_portal import pdf
from pmo_portal.pdf import BASE_URL, UnsafeURLError, safe_html, safe_url_fetcher

PASSWD = "file:///etc/passwd"
# 1x1 transparent PNG.
PNG_DATA_URL = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
STATIC_DIR = Path(__file__).resolve().parents[2] / "static"


@pytest.fixture
def fetched(monkeypatch):
    """Spy on pmo_portal.pdf.safe_url_fetcher: a list of (url, "served" | "refused")."""
    calls = []
    real = pdf.safe_url_fetcher

    def spy(url, *args, **kwargs):
        try:
            response = real(url, *args, **kwargs)
        except UnsafeURLError:
            calls.append((url, "refused"))
            raise
        calls.append((url, "served"))
        return response

    monkeypatch.setattr(pdf, "safe_url_fetcher", spy)
    return calls


@pytest.fixture
def urllib_opened(monkeypatch):
    """Every URL that reaches urllib's opener (WeasyPrint's network/file machinery)."""
    opened = []
    real_open = urllib.request.OpenerDirector.open

    def spy(self, fullurl, *args, **kwargs):
        opened.append(getattr(fullurl, "full_url", fullurl))
        return real_open(self, fullurl, *args, **kwargs)

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", spy)
    return opened


@pytest.fixture
def loopback():
    """A real HTTP server on 127.0.0.1 that records every request it receives.

    ``/redirect-static`` and ``/redirect-file`` answer 302 to a static file and to
    /etc/passwd; everything else answers 200 with a small body.
    """
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            received.append(self.path)
            if self.path.startswith("/redirect-static"):
                self._redirect(BASE_URL + "static/css/portal.css")
            elif self.path.startswith("/redirect-file"):
                self._redirect(PASSWD)
            else:
                body = b"body { color: red }"
                self.send_response(200)
                self.send_header("Content-Type", "text/css")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        def _redirect(self, location):
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", received
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def tmp_static(settings, tmp_path):
    """A temporary STATICFILES_DIRS / STATIC_ROOT, plus an outside directory with secrets."""
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "ok.css").write_text("p { color: blue }")
    root = tmp_path / "static_root"
    (root / "css").mkdir(parents=True)
    (root / "css" / "collected.css").write_text("p { color: green }")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.css").write_text("root:x:0:0 secret")
    settings.STATICFILES_DIRS = [static]
    settings.STATIC_ROOT = root
    return static, root, outside


def render(html):
    return safe_html(html).write_pdf()


def pdf_text(pdf_bytes):
    reader = PdfReader(BytesIO(pdf_bytes))
    return "\n".join(page.extract_text() for page in reader.pages)


def static_url(path):
    return BASE_URL + "static/" + path


# --- What is served -------------------------------------------------------------------------


def test_static_file_served_with_its_type():
    response = safe_url_fetcher(static_url("css/portal.css"))
    assert response.content_type == "text/css"
    assert response.url == static_url("css/portal.css")
    assert response.read() == (STATIC_DIR / "css" / "portal.css").read_bytes()
    assert safe_url_fetcher(static_url("img/favicon.svg")).content_type == "image/svg+xml"


def test_rendering_fetches_static_stylesheet_and_image(fetched, urllib_opened):
    pdf_bytes = render(
        '<link rel="stylesheet" href="/static/css/portal.css">'
        '<img src="/static/img/favicon.svg" alt=""><p>Steering committee</p>'
    )
    assert (static_url("css/portal.css"), "served") in fetched
    assert (static_url("img/favicon.svg"), "served") in fetched
    assert "Steering committee" in pdf_text(pdf_bytes)
    assert urllib_opened == []


def test_data_url_image_is_rendered(fetched):
    pdf_bytes = render(f'<img src="{PNG_DATA_URL}" style="width:2cm"><p>Logo</p>')
    assert fetched == [(PNG_DATA_URL, "served")]
    assert len(PdfReader(BytesIO(pdf_bytes)).pages[0].images) == 1


def test_file_in_static_root_is_served_without_finders(tmp_static):
    response = safe_url_fetcher(static_url("css/collected.css"))
    assert response.read() == b"p { color: green }"
    assert safe_url_fetcher(static_url("css/ok.css")).read() == b"p { color: blue }"


# --- file:// ---------------------------------------------------------------------------------


def test_file_urls_are_refused_everywhere(fetched, urllib_opened):
    pdf_bytes = render(
        f"""<html><head>
        <link rel="stylesheet" href="{PASSWD}">
        <link rel="attachment" href="{PASSWD}">
        <style>
          @import url("{PASSWD}");
          @font-face {{ font-family: Leak; src: url("{PASSWD}") }}
          body {{ background-image: url("{PASSWD}"); font-family: Leak }}
          p::after {{ content: url("{PASSWD}") }}
        </style></head>
        <body><img src="{PASSWD}" alt="no"><p>Pack</p></body></html>"""
    )
    text = pdf_text(pdf_bytes)
    assert "Pack" in text
    assert "root:" not in text
    assert fetched
    assert all(url == PASSWD and outcome == "refused" for url, outcome in fetched)
    assert urllib_opened == []
    assert PdfReader(BytesIO(pdf_bytes)).attachments == {}


def test_file_url_into_static_dir_is_refused():
    with pytest.raises(UnsafeURLError):
        safe_url_fetcher((STATIC_DIR / "css" / "portal.css").as_uri())


# --- network: zero requests ----------------------------------------------------------------


def test_loopback_server_records_requests(loopback):
    """Control: the server does record a request when something really fetches it."""
    base, received = loopback
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(f"{base}/control", timeout=5) as response:
        assert response.status == 200
    assert received == ["/control"]


def test_http_to_loopback_is_never_requested(loopback, fetched, urllib_opened):
    base, received = loopback
    pdf_bytes = render(
        f"""<html><head>
        <link rel="stylesheet" href="{base}/link.css">
        <style>
          @import url("{base}/import.css");
          @font-face {{ font-family: Remote; src: url("{base}/font.woff2") format("woff2") }}
          body {{ font-family: Remote; background: url("{base}/background.png") }}
        </style></head>
        <body><img src="{base}/img.png" alt=""><p>Pack</p>
        <img src="data:image/svg+xml,&lt;svg xmlns='http://www.w3.org/2000/svg'
          xmlns:xlink='http://www.w3.org/1999/xlink' width='10' height='10'&gt;&lt;image
          width='10' height='10' xlink:href='{base}/svg-image.png'/&gt;&lt;/svg&gt;">
        </body></html>"""
    )
    assert "Pack" in pdf_text(pdf_bytes)
    assert received == []
    refused = {url for url, outcome in fetched if outcome == "refused"}
    assert {
        f"{base}/link.css",
        f"{base}/import.css",
        f"{base}/font.woff2",
        f"{base}/background.png",
        f"{base}/img.png",
        f"{base}/svg-image.png",
    } <= refused
    assert all(url.startswith("data:") for url in urllib_opened)


@pytest.mark.parametrize("path", ["/redirect-static", "/redirect-file"])
def test_redirecting_url_is_never_requested(loopback, fetched, path):
    base, received = loopback
    render(
        f'<link rel="stylesheet" href="{base}{path}.css">'
        f'<style>@import url("{base}{path}-import.css")</style>'
        f'<img src="{base}{path}.png"><p>Pack</p>'
    )
    assert received == []
    assert fetched
    assert all(outcome == "refused" for _, outcome in fetched)


# --- refused URLs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        PASSWD,
        "file://localhost/etc/passwd",
        "http://127.0.0.1:9/static/css/portal.css",
        "https://example.com/static/css/portal.css",
        "ftp://127.0.0.1/static/css/portal.css",
        "http://pmo-portal.invalid/static/css/portal.css",
        "https://pmo-portal.invalid:8443/static/css/portal.css",
        "https://user@pmo-portal.invalid/static/css/portal.css",
        "https://pmo-portal.invalid.example.com/static/css/portal.css",
        "//pmo-portal.invalid/static/css/portal.css",
        "/static/css/portal.css",
        "static/css/portal.css",
        "https://pmo-portal.invalid/static/../../../etc/passwd",
        "https://pmo-portal.invalid/static/css/../../../../etc/passwd",
        "https://pmo-portal.invalid/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "https://pmo-portal.invalid/static/%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "https://pmo-portal.invalid/static/css/..%2f..%2f..%2fpmo_portal%2fsettings.py",
        "https://pmo-portal.invalid/static/%2fetc%2fpasswd",
        "https://pmo-portal.invalid/static//etc/passwd",
        "https://pmo-portal.invalid/static/css%5c..%5c..%5cetc%5cpasswd",
        "https://pmo-portal.invalid/static/css/portal.css%00.png",
        "https://pmo-portal.invalid/static/./css/portal.css",
        "https://pmo-portal.invalid/static/css/missing.css",
        "https://pmo-portal.invalid/static/vendor/README.md",
        "https://pmo-portal.invalid/staticx/css/portal.css",
        "https://pmo-portal.invalid/etc/passwd",
        "https://pmo-portal.invalid/media/uploads/logo.png",
    ],
)
def test_unsafe_url_is_refused(url):
    with pytest.raises(UnsafeURLError):
        safe_url_fetcher(url)


def test_traversal_from_html_reaches_nothing(fetched, urllib_opened):
    pdf_bytes = render(
        '<link rel="stylesheet" href="/static/../../../etc/passwd">'
        '<link rel="stylesheet" href="/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd">'
        '<img src="../../../../etc/passwd"><img src="/static/css/../../../etc/passwd.png">'
        "<p>Pack</p>"
    )
    assert "root:" not in pdf_text(pdf_bytes)
    assert fetched
    assert all(outcome == "refused" for _, outcome in fetched)
    assert urllib_opened == []


def test_symlink_out_of_static_is_refused(tmp_static):
    static, root, outside = tmp_static
    (static / "css" / "secret.css").symlink_to(outside / "secret.css")
    (static / "css" / "passwd.css").symlink_to("/etc/passwd")
    (static / "linked").symlink_to(outside, target_is_directory=True)
    (root / "css" / "secret-root.css").symlink_to(outside / "secret.css")
    assert safe_url_fetcher(static_url("css/ok.css")).read() == b"p { color: blue }"
    for path in ["css/secret.css", "css/passwd.css", "linked/secret.css", "css/secret-root.css"]:
        with pytest.raises(UnsafeURLError):
            safe_url_fetcher(static_url(path))


def test_symlinked_stylesheet_is_not_loaded_into_pdf(tmp_static, fetched):
    static, _root, outside = tmp_static
    (outside / "leak.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        "<text>root:x:0:0</text></svg>"
    )
    (static / "leak.svg").symlink_to(outside / "leak.svg")
    pdf_bytes = render('<img src="/static/leak.svg"><p>Pack</p>')
    assert "root:" not in pdf_text(pdf_bytes)
    assert fetched == [(static_url("leak.svg"), "refused")]


def test_media_files_are_not_static(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    for url in [BASE_URL + "media/logo.png", "/media/logo.png", (tmp_path / "logo.png").as_uri()]:
        with pytest.raises(UnsafeURLError):
            safe_url_fetcher(url)


def test_safe_html_uses_the_safe_fetcher():
    document = safe_html("<p>x</p>")
    assert isinstance(document.url_fetcher, pdf.SafeURLFetcher)
    assert document.base_url == BASE_URL
