"""Smoke test of the zero-config demo: SQLite + kombu filesystem broker, no external server.

Starts the web server, a worker and beat exactly as ``make run`` does (Procfile), then signs
in, loads the project list, waits for /healthz to report a fresh beat heartbeat, and has the
PMO generate and download a COPIL pack (rendered by the worker).
"""

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
    drop = ("DJANGO", "DATABASE", "REDIS", "CELERY", "EMAIL", "SECRET", "ALLOWED")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    env.update({"PMO_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "pmo_portal.settings"})
    return env


def get(opener, url):
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


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
def test_embedded_demo_serves_runs_tasks_and_signs_in(tmp_path):
    env = demo_env(tmp_path)
    manage = [sys.executable, "manage.py"]
    for args in (["migrate", "--noinput"], ["seed_demo", "--projects", "12"]):
        subprocess.run(manage + args, cwd=ROOT, env=env, check=True, capture_output=True)
    assert (tmp_path / "pmo.sqlite3").exists()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    logs = {name: open(tmp_path / f"{name}.log", "w") for name in ("web", "worker", "beat")}  # noqa: SIM115
    commands = {
        "web": [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        "worker": [
            str(BIN / "celery"),
            "-A",
            "pmo_portal",
            "worker",
            "-Q",
            "default,pdf",
            "--concurrency",
            "1",
            "-l",
            "info",
        ],
        "beat": [
            str(BIN / "celery"),
            "-A",
            "pmo_portal",
            "beat",
            "-l",
            "info",
            "-s",
            str(tmp_path / "beat-state"),
        ],
    }
    processes = {
        name: subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=logs[name],
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for name, command in commands.items()
    }
    try:
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        deadline = time.monotonic() + 120
        health = None
        while time.monotonic() < deadline:
            try:
                status, body = get(opener, f"{base}/healthz")
                health = (status, json.loads(body))
                if status == 200:
                    break
            except (urllib.error.URLError, ConnectionError, json.JSONDecodeError):
                pass
            time.sleep(1)
        assert health is not None, "the web server did not start"
        assert health[0] == 200, health
        assert health[1]["database"]["vendor"] == "sqlite"
        assert health[1]["broker"]["transport"] == "filesystem"
        assert health[1]["scheduler"]["status"] == "ok"

        sign_in(opener, base, "chef.projet", "chef.projet-2026")
        status, page = get(opener, f"{base}/projects/")
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
        deadline = time.monotonic() + 120
        while download is None and time.monotonic() < deadline:
            status, page = get(pmo, f"{base}/reporting/copil/{meeting}/")
            found = re.search(r'href="(/reporting/copil/packs/\d+/download/)"', page)
            download = found and found.group(1)
            time.sleep(1)
        assert download, (tmp_path / "worker.log").read_text()[-3000:]
        with pmo.open(f"{base}{download}", timeout=10) as response:
            assert response.headers["Content-Type"] == "application/pdf"
            assert response.read(5) == b"%PDF-"
    finally:
        for process in processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        for log in logs.values():
            log.close()
