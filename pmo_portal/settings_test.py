"""Test settings: the suite runs against real PostgreSQL and Redis (see Makefile).

``DATABASE_URL`` and ``REDIS_URL`` default to the local services; everything else is the
normal settings with a fast password hasher and e-mails kept in memory.
"""

import os

os.environ.setdefault("DJANGO_ENV", "test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pmo")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")


def _worker_redis_url(url: str, worker: str) -> str:
    """The Redis database of one pytest-xdist worker: ``gw0`` keeps the given database, ``gwN``
    the Nth one below it (wrapping at 0 to 15), so two workers never flush or read each other's
    broker queues. The given URL is kept in ``PMO_TEST_REDIS_URL``: the processes a test starts
    inherit the environment and must land on the same database, not shift again."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if not worker.startswith("gw") or not worker[2:].isdigit():
        return url
    base = int(parts.path.lstrip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(base - int(worker[2:])) % 16}"))


os.environ.setdefault("PMO_TEST_REDIS_URL", os.environ["REDIS_URL"])
os.environ["REDIS_URL"] = _worker_redis_url(
    os.environ["PMO_TEST_REDIS_URL"], os.environ.get("PYTEST_XDIST_WORKER", "")
)

from pmo_portal.settings import *  # noqa: E402, F403 (reads the environment set above)

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
AXES_FAILURE_LIMIT = 5
# A "replica" alias that reads default's test database (Django's TEST MIRROR), for the router
# tests (tests/scale/), which turn READ_REPLICA on; every other test reads and writes default.
if "replica" not in DATABASES:  # noqa: F405
    DATABASES["replica"] = {  # noqa: F405
        **DATABASES["default"],  # noqa: F405
        "TEST": {"MIRROR": "default"},
    }
# Dashboards read the source tables: tests build rows with factories, past the services
# that keep the roll-ups (tests/portfolios/test_rollups*.py turn them on).
PMO_ROLLUPS_READ = False
