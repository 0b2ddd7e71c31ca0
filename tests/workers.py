"""What the tests that start real Celery workers share: the test database's URL for the
worker, and stopping a worker whatever state it is in."""

from __future__ import annotations

import signal
import subprocess

from django.db import connection


def database_url() -> str:
    """The URL of the test database this process uses (pytest-django's ``test_…``)."""
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{db['NAME']}"


def stop(process: subprocess.Popen, sig=signal.SIGTERM, timeout: float = 20) -> None:
    """Send ``sig``, wait, kill if needed, close the process's log file."""
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    process.log.close()
