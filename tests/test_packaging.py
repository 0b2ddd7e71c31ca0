"""Packaging: the licence is declared as an SPDX expression (no setuptools deprecation
warning on install) and its full text ships as LICENSE; ``make test`` runs against private
PostgreSQL and Redis instances when nothing answers at DATABASE_URL / REDIS_URL."""

import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_license_is_an_spdx_expression():
    project = pyproject()["project"]
    assert project["license"] == "AGPL-3.0-or-later"
    assert project["license-files"] == ["LICENSE"]
    # A licence classifier beside an SPDX expression is refused by setuptools.
    assert not [c for c in project.get("classifiers", []) if c.startswith("License ::")]


def test_the_build_backend_understands_an_spdx_license():
    requires = pyproject()["build-system"]["requires"]
    assert "setuptools>=77" in requires


def test_the_license_file_is_the_agpl_v3():
    lines = (ROOT / "LICENSE").read_text(encoding="utf-8").splitlines()
    assert lines[0].strip() == "GNU AFFERO GENERAL PUBLIC LICENSE"
    assert lines[1].strip() == "Version 3, 19 November 2007"
    assert len(lines) > 600  # the full text, not a notice


def test_the_docker_dependency_layer_has_the_license_file():
    # The image installs from pyproject alone first: its license-files must be there too.
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    before_install = dockerfile.split("pip install .")[0]
    assert "COPY pyproject.toml LICENSE ./" in before_install


# --- make test: private PostgreSQL and Redis when nothing answers (scripts/test_services.py) ---


def load_test_services():
    spec = importlib.util.spec_from_file_location(
        "test_services_script", ROOT / "scripts" / "test_services.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_free_port_is_one_nothing_listens_on():
    services = load_test_services()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        ports = {services.free_port() for _ in range(5)}
    assert taken not in ports
    for port in ports:
        assert services.unreachable(f"redis://127.0.0.1:{port}/0", 6379)
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port))  # free: binding it works


def test_the_debian_packages_are_installed_only_when_missing(monkeypatch):
    services = load_test_services()
    monkeypatch.setattr(services, "postgres_bin", lambda: None)
    monkeypatch.setattr(services.shutil, "which", lambda name: None)
    assert services.missing_packages(True, True) == ["postgresql", "redis-server"]
    assert services.missing_packages(False, True) == ["redis-server"]
    monkeypatch.setattr(services, "postgres_bin", lambda: Path("/usr/lib/postgresql/15/bin"))
    monkeypatch.setattr(services.shutil, "which", lambda name: f"/usr/bin/{name}")
    assert services.missing_packages(True, True) == []


def test_services_that_answer_are_used_as_they_are(tmp_path):
    """The fast path (CI): no private instance, the command gets the URLs unchanged."""
    database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pmo")
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    show = "import os; print(os.environ['DATABASE_URL'], os.environ['REDIS_URL'])"
    result = subprocess.run(
        [sys.executable, "scripts/test_services.py", "--", sys.executable, "-c", show],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [database_url, redis_url]
    assert "test-services:" not in result.stderr


PROBE = """
import os, socket, sys, psycopg
from urllib.parse import urlparse
with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
    assert conn.execute("SELECT current_database()").fetchone()[0] == "pmo_private"
redis = urlparse(os.environ["REDIS_URL"])
with socket.create_connection((redis.hostname, redis.port)) as sock:
    sock.sendall(b"PING\\r\\n")
    assert sock.recv(16) == b"+PONG\\r\\n"
print(urlparse(os.environ["DATABASE_URL"]).port, redis.port, redis.path, flush=True)
"""


def processes_with(port: int) -> list[str]:
    """Command lines of running processes that name ``port`` (postgres -p, redis --port)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if str(port).encode() in args:
            found.append(b" ".join(args).decode(errors="replace"))
    return found


def run_with_private_services(command):
    dead = [free_tcp_port(), free_tcp_port()]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{dead[0]}/pmo_private",
        "REDIS_URL": f"redis://127.0.0.1:{dead[1]}/3",
    }
    return subprocess.Popen(
        [sys.executable, "scripts/test_services.py", "--", *command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def free_tcp_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def assert_stopped_and_removed(process, ports, stderr):
    for port in ports:
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
        assert processes_with(port) == []
    assert "test-services: stopped the private PostgreSQL and Redis" in stderr
    assert not (ROOT / "var" / "test-services" / f"run-{process.pid}").exists()


needs_servers = pytest.mark.skipif(
    not (load_test_services().postgres_bin() and shutil.which("redis-server")),
    reason="PostgreSQL and redis-server binaries are not installed",
)


@needs_servers
def test_private_services_start_for_the_command_and_stop_after_it_fails():
    process = run_with_private_services([sys.executable, "-c", PROBE + "sys.exit(3)"])
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 3, stderr  # the command's own exit status
    db_port, redis_port, redis_db = stdout.split()  # the command's output alone
    assert redis_db == "/3"
    assert "starting a private PostgreSQL" in stderr
    assert_stopped_and_removed(process, [int(db_port), int(redis_port)], stderr)


@needs_servers
def test_private_services_stop_when_the_run_is_terminated():
    command = [sys.executable, "-c", PROBE + "import time; time.sleep(120)"]
    process = run_with_private_services(command)
    ports = process.stdout.readline().split()[:2]  # the services are up
    process.send_signal(signal.SIGTERM)
    _stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM
    assert_stopped_and_removed(process, [int(port) for port in ports], stderr)
