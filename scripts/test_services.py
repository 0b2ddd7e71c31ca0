"""Run a command (the test suite) against PostgreSQL and Redis, starting private ones if needed.

    DATABASE_URL=... REDIS_URL=... python scripts/test_services.py -- pytest -x

When something answers at ``DATABASE_URL`` and at ``REDIS_URL``, the command simply replaces
this process (the database is created first if missing): nothing else happens. For each one
that does not answer, a private instance is started for the run instead: Debian's
``postgresql`` / ``redis-server`` package is installed first when missing (apt-get, through
sudo when not root), the instance listens on a free port of 127.0.0.1 with its files under
``var/test-services/``, the command gets its URL, and afterwards the instance is stopped and its
files removed, whether the command passed, failed or was interrupted. PostgreSQL refuses to run
as root: as root, it runs as the ``postgres`` user that the Debian package creates.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_services import ensure_database, unreachable

ROOT = Path(__file__).resolve().parents[1]
RUN_DIR = ROOT / "var" / "test-services"
PG_USER = "postgres"  # created by Debian's postgresql package
START_TIMEOUT = 60  # seconds


def say(message: str) -> None:
    print(f"test-services: {message}", file=sys.stderr, flush=True)


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port of ``host`` that nothing listens on (the kernel's choice)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def postgres_bin() -> Path | None:
    """The folder of initdb and pg_ctl: Debian's newest version, else the PATH's."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def missing_packages(need_postgres: bool, need_redis: bool) -> list[str]:
    """The Debian packages to install before the private instances can start."""
    missing = []
    if need_postgres and postgres_bin() is None:
        missing.append("postgresql")
    if need_redis and shutil.which("redis-server") is None:
        missing.append("redis-server")
    return missing


def install(packages: list[str]) -> None:
    say(f"installing Debian packages: {' '.join(packages)}")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    # Fixed commands; the package names come from missing_packages().
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env)  # noqa: S603
    subprocess.run(  # noqa: S603
        [*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def wait_until_answers(host: str, port: int, alive=lambda: True) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline and alive():
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=1):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing answers at {host}:{port}")


class PrivateRedis:
    """redis-server on a free port, no persistence, files in ``folder``."""

    name = "Redis"

    def __init__(self, folder: Path, database: str):
        self.folder, self.database = folder, database
        self.port = 0
        self.process: subprocess.Popen | None = None

    def start(self) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        command = [shutil.which("redis-server") or "redis-server"]
        command += ["--bind", "127.0.0.1", "--port", str(self.port), "--dir", str(self.folder)]
        command += ["--save", "", "--appendonly", "no", "--daemonize", "no"]
        command += ["--logfile", str(self.folder / "redis.log")]
        # A session of its own: Ctrl-C in the terminal reaches the tests, not the service.
        self.process = subprocess.Popen(  # noqa: S603
            command,
            start_new_session=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until_answers("127.0.0.1", self.port, lambda: self.process.poll() is None)
        return f"redis://127.0.0.1:{self.port}/{self.database}"

    def pids(self) -> list[int]:
        return [self.process.pid] if self.process and self.process.poll() is None else []

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class PrivatePostgres:
    """A throw-away PostgreSQL cluster (trust authentication, no fsync) on a free port."""

    name = "PostgreSQL"

    def __init__(self, folder: Path, database: str):
        self.folder, self.database = folder, database
        self.data = folder / "data"
        self.port = 0
        self.bin = postgres_bin()
        # PostgreSQL refuses to run as root.
        self.as_user = PG_USER if os.geteuid() == 0 else None

    def run(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_user:
            command = ["runuser", "-u", self.as_user, "--", *command]
        # A session of its own: Ctrl-C in the terminal reaches the tests, not the postmaster.
        return subprocess.run(command, start_new_session=True, check=True, **kwargs)  # noqa: S603

    def prepare_folder(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if not self.as_user:
            return
        try:
            account = pwd.getpwnam(self.as_user)
        except KeyError:
            raise RuntimeError(
                f"running as root, PostgreSQL needs the {self.as_user!r} system user "
                "(Debian's postgresql package creates it)"
            ) from None
        os.chown(self.folder, account.pw_uid, account.pw_gid)
        probe = ["runuser", "-u", self.as_user, "--", "test", "-w", str(self.folder)]
        reachable = subprocess.run(probe, check=False)  # noqa: S603
        if reachable.returncode != 0:
            # The checkout is not reachable by that user (e.g. under /root): use /tmp instead.
            self.folder = Path(tempfile.mkdtemp(prefix="pmo-test-postgres-"))
            self.data = self.folder / "data"
            os.chown(self.folder, account.pw_uid, account.pw_gid)

    def start(self) -> str:
        self.prepare_folder()
        self.run(
            "initdb",
            *("-D", str(self.data), "-U", "postgres", "--auth=trust"),
            *("-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"),
            stdout=subprocess.DEVNULL,
        )
        self.port = free_port()
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        log = self.folder / "postgres.log"
        self.run(
            "pg_ctl",
            *("-D", str(self.data), "-l", str(log), "-o", options),
            *("-w", "-t", str(START_TIMEOUT), "start"),
            stdout=subprocess.DEVNULL,
        )
        url = f"postgres://postgres@127.0.0.1:{self.port}/{self.database}"
        with contextlib.redirect_stdout(sys.stderr):  # the command's output stays its own
            ensure_database(url)
        return url

    def pids(self) -> list[int]:
        """The postmaster's process id, while it runs."""
        with contextlib.suppress(OSError, ValueError, IndexError):
            pid = int((self.data / "postmaster.pid").read_text().splitlines()[0])
            os.kill(pid, 0)
            return [pid]
        return []

    def stop(self) -> None:
        if not self.pids():
            return
        try:
            self.run(
                "pg_ctl",
                "-D",
                str(self.data),
                "-m",
                "fast",
                "-w",
                "stop",
                stdout=subprocess.DEVNULL,
            )
        except subprocess.CalledProcessError:
            for pid in self.pids():
                os.kill(pid, signal.SIGQUIT)  # immediate shutdown


class Signals:
    """Ctrl-C, SIGTERM and SIGHUP end the run, with its cleanup. While a service starts or
    stops they are held back, so that no process is left untracked."""

    def __init__(self):
        self.holding = True
        self.pending: int | None = None
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, self.handle)

    @staticmethod
    def interrupt(signum: int):
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise SystemExit(128 + signum)

    def handle(self, signum, _frame):
        if self.holding:
            self.pending = self.pending or signum
        else:
            self.interrupt(signum)

    def hold(self) -> None:
        self.holding = True

    def release(self) -> None:
        self.holding = False
        if self.pending:
            self.interrupt(self.pending)


def run_command(command: list[str], env: dict) -> int:
    process = subprocess.Popen(command, env=env)  # noqa: S603
    try:
        return process.wait()
    except BaseException as exc:
        # Interrupted: the command ends before its services go away. Ctrl-C reached it too
        # (same process group): let it print its summary; a SIGTERM is passed on.
        if process.poll() is None:
            if not isinstance(exc, KeyboardInterrupt):
                process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        raise


def main(argv: list[str]) -> int:
    command = argv[1:] if argv[:1] == ["--"] else argv
    if not command:
        say("usage: test_services.py -- COMMAND [ARG...]")
        return 2
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    pg_down = unreachable(database_url, 5432)
    redis_down = unreachable(redis_url, 6379)
    if not pg_down and not redis_down:
        ensure_database(database_url)
        os.execvp(command[0], command)  # noqa: S606 (the caller's own command)

    missing = missing_packages(bool(pg_down), bool(redis_down))
    if missing:
        install(missing)
    folder = RUN_DIR / f"run-{os.getpid()}"
    services = []
    if pg_down:
        name = urlparse(database_url).path.lstrip("/") or "pmo"
        services.append(("DATABASE_URL", pg_down, PrivatePostgres(folder / "postgres", name)))
    if redis_down:
        number = urlparse(redis_url).path.lstrip("/") or "0"
        services.append(("REDIS_URL", redis_down, PrivateRedis(folder / "redis", number)))

    signals = Signals()
    env = dict(os.environ)
    started = []
    try:
        for variable, why, service in services:
            say(f"nothing answers at {why}: starting a private {service.name}")
            started.append(service)
            try:
                env[variable] = service.start()
            except (OSError, RuntimeError, subprocess.CalledProcessError) as exc:
                say(f"could not start the private {service.name} ({exc}); see {service.folder}")
                return 1
            say(f"{service.name} for this run: {env[variable]}")
        signals.release()
        return run_command(command, env)
    except KeyboardInterrupt:
        return 130
    finally:
        signals.hold()
        for service in reversed(started):
            service.stop()
        shutil.rmtree(folder, ignore_errors=True)
        for service in started:
            if service.folder.is_relative_to(Path(tempfile.gettempdir())):
                shutil.rmtree(service.folder, ignore_errors=True)
        if started:
            say("stopped the private " + " and ".join(s.name for s in started))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
