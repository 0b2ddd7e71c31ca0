"""Say which service is unreachable and how to start it (``make bench`` runs this first;
``make test`` starts private instances instead, see scripts/test_services.py)."""

import os
import socket
import sys
from urllib.parse import urlparse

SERVICES = [
    (
        "PostgreSQL",
        "DATABASE_URL",
        5432,
        "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    ),
    (
        "Redis",
        "REDIS_URL",
        6379,
        'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
    ),
]


def address(url: str, default_port: int) -> tuple[str, int]:
    """The host and port a service URL names (127.0.0.1 and the default port when absent)."""
    parsed = urlparse(url)
    return parsed.hostname or "127.0.0.1", parsed.port or default_port


def unreachable(url: str, default_port: int) -> str:
    """Why nothing answers at ``url``; empty when something does."""
    host, port = address(url, default_port)
    try:
        socket.create_connection((host, port), timeout=3).close()
    except OSError as exc:
        return f"{host}:{port} ({exc})"
    return ""


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database named in ``url`` if it does not exist yet."""
    import psycopg
    from psycopg import sql

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin_url = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created PostgreSQL database {name!r}.", file=sys.stderr)


def main() -> int:
    failed = False
    for name, variable, default_port, how in SERVICES:
        why = unreachable(os.environ.get(variable, ""), default_port)
        if why:
            failed = True
            print(f"{name} is unreachable at {why}.", file=sys.stderr)
            print(f"  Start it with: {how}", file=sys.stderr)
            print(f"  or point {variable} elsewhere.", file=sys.stderr)
    if not failed:
        ensure_database(os.environ["DATABASE_URL"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
