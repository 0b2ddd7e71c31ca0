"""Smoke test of the zero-config demo: SQLite + kombu filesystem broker, no external server.

Runs ``make run`` itself (all but its install step) in a scratch ``PMO_VAR_DIR``: migrate, seed,
collectstatic, then the web server, workers and beat of the Procfile. Checks what a newcomer
sees with DEBUG off: the portal's own 404 page in the browser's language, the static files
served by whitenoise; then signs in, loads the project list, waits for /healthz to report a
fresh beat heartbeat, and has the PMO generate and download a COPIL pack (rendered by the
worker). Ctrl-C (SIGINT) stops every process ``make run`` started.
"""

import contextlib
import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def demo_env(var_dir: Path) -> dict:
    drop = ("DJANGO", "DATABASE", "REDIS", "CELERY", "EMAIL", "SECRET", "ALLOWED", "DEBUG")
    drop += ("MAKE", "MFLAGS")  # when the suite itself runs under make
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    env.update({"PMO_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "pmo_portal.settings"})
    return env


def get(opener, url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def processes_of(var_dir: Path) -> list[int]:
    """The processes running with this PMO_VAR_DIR: everything ``make run`` started."""
    marker = f"PMO_VAR_DIR={var_dir}".encode()
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if marker in (proc / "environ").read_bytes().split(b"\0"):
                found.append(int(proc.name))
        except OSError:
            pass
    return found


def main_text(page: str) -> str:
    main = re.search(r"<main\b.*?</main>", page, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def check_not_found_pages(base: str) -> None:
    """DEBUG off: an unknown URL gets the portal's page in the browser's language."""
    opener = urllib.request.build_opener()
    status, page = get(opener, f"{base}/no-such-page/", {"Accept-Language": "fr-FR,fr;q=0.9"})
    assert status == 404
    assert '<html lang="fr">' in page
    assert "<title>Page introuvable · Portail PMO</title>" in page
    assert main_text(page) == (
        "Accueil Page introuvable Cette page n'existe pas, ou elle se trouve hors des "
        "portefeuilles que vous voyez. Retour à l'accueil"
    )
    assert "Page not found" not in page
    assert "URLconf" not in page  # Django's technical 404 (DEBUG on)

    status, page = get(opener, f"{base}/no-such-page/", {"Accept-Language": "en-GB,en;q=0.9"})
    assert status == 404
    assert '<html lang="en">' in page
    assert main_text(page) == (
        "Home Page not found This page does not exist, or it is outside the portfolios you "
        "can see. Back to the home page"
    )

    # The page's style sheet, collected and served by whitenoise.
    css = re.search(r'<link rel="stylesheet" href="(/static/css/portal[^"]*\.css)"', page)
    request = urllib.request.Request(f"{base}{css.group(1)}")
    with opener.open(request, timeout=10) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/css")
        assert b".portal-header" in response.read()


def sign_in(opener, base: str, username: str, password: str) -> None:
    _status, page = get(opener, f"{base}/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": password}
    ).encode()
    request = urllib.request.Request(f"{base}/accounts/login/", data=form)
    with opener.open(request, timeout=10) as response:
        assert response.url == f"{base}/"


@pytest.mark.slow
def test_make_run_serves_runs_tasks_and_signs_in(tmp_path):
    env = demo_env(tmp_path)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(tmp_path / "make-run.log", "w")  # noqa: SIM115
    # `-o install`: the suite's own environment is installed already (BIN: this interpreter's).
    make_run = subprocess.Popen(
        ["make", "--no-print-directory", "-o", "install", "run", f"PORT={port}", f"BIN={BIN}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        # Install is skipped, but migrating and seeding the demo on SQLite take 60–90 s on a
        # quiet 2-core machine and twice that on a loaded one: a generous bound, not a target.
        deadline = time.monotonic() + 360
        health = None
        while time.monotonic() < deadline and make_run.poll() is None:
            try:
                status, body = get(opener, f"{base}/healthz")
                health = (status, json.loads(body))
                if status == 200:
                    break
            except (urllib.error.URLError, ConnectionError, json.JSONDecodeError):
                pass
            time.sleep(1)
        assert health is not None, (tmp_path / "make-run.log").read_text()[-3000:]
        assert health[0] == 200, health
        assert health[1]["database"]["vendor"] == "sqlite"
        assert health[1]["broker"]["transport"] == "filesystem"
        assert health[1]["scheduler"]["status"] == "ok"

        check_not_found_pages(base)

        sign_in(opener, base, "chef.projet", "chef.projet-2026")
        # Searched: the demo's candidate projects (CAND-…) come first in the list's order.
        status, page = get(opener, f"{base}/projects/?q=PRJ-0001")
        assert status == 200
        assert "PRJ-0001" in page
        assert '<html lang="fr">' in page

        # The PMO generates a COPIL pack: the worker renders it on the filesystem broker.
        pmo = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        sign_in(pmo, base, "pmo", "pmo-2026")
        status, page = get(pmo, f"{base}/reporting/copil/")
        meeting = re.search(r'href="/reporting/copil/(\d+)/"', page).group(1)
        status, page = get(pmo, f"{base}/reporting/copil/{meeting}/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        request = urllib.request.Request(
            f"{base}/reporting/copil/{meeting}/generate/",
            data=urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode(),
        )
        with pmo.open(request, timeout=10) as response:
            assert response.status == 200
        download = None
        # Install is skipped, but migrating and seeding the demo on SQLite take 60–90 s on a
        # quiet 2-core machine and twice that on a loaded one: a generous bound, not a target.
        deadline = time.monotonic() + 360
        while download is None and time.monotonic() < deadline:
            status, page = get(pmo, f"{base}/reporting/copil/{meeting}/")
            found = re.search(r'href="(/reporting/copil/packs/\d+/download/)"', page)
            download = found and found.group(1)
            time.sleep(1)
        assert download, (tmp_path / "make-run.log").read_text()[-3000:]
        with pmo.open(f"{base}{download}", timeout=10) as response:
            assert response.headers["Content-Type"] == "application/pdf"
            assert response.read(5) == b"%PDF-"
    finally:
        # Ctrl-C in the terminal: SIGINT to make's process group.
        if make_run.poll() is None:
            os.killpg(make_run.pid, signal.SIGINT)
        try:
            make_run.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(make_run.pid, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while processes_of(tmp_path) and time.monotonic() < deadline:
            time.sleep(0.5)
        left = processes_of(tmp_path)
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        log.close()
    assert not left, f"still running after Ctrl-C: {left}"
