"""The optional read replica (``DATABASE_REPLICA_URL``), read by settings.py.

Unset (the default, and the embedded SQLite demo): no "replica" alias at all, so no second
connection can be opened by mistake and the router (pmo_portal/db_router.py) answers
"default" to everything. Set: a "replica" alias configured like default (persistent
connections, health checks, JIT off), which dashboards, lists and exports read from.
"""

from __future__ import annotations

import environ
from django.core.exceptions import ImproperlyConfigured

REPLICA_ALIAS = "replica"
_COPIED_FROM_DEFAULT = ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS")


def add_read_replica(url: str, databases: dict) -> str | None:
    """Add the replica's alias to ``databases`` when ``url`` is set; return the alias (the
    ``READ_REPLICA`` setting) or None."""
    if not url:
        return None
    default = databases["default"]
    if default["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL: a read replica needs DATABASE_URL on PostgreSQL"
        )
    try:
        replica = environ.Env.db_url_config(url)
    except (ImproperlyConfigured, ValueError, KeyError) as exc:
        raise ImproperlyConfigured(f"DATABASE_REPLICA_URL: cannot use this value ({exc})") from None
    if replica.get("ENGINE") != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL: expected a postgres:// URL")
    for key in _COPIED_FROM_DEFAULT:
        if key in default:
            replica[key] = default[key]
    replica["OPTIONS"] = {**default.get("OPTIONS", {}), **replica.get("OPTIONS", {})}
    # A test run reads the replica as default's test database: it creates none of its own.
    replica["TEST"] = {"MIRROR": "default"}
    databases[REPLICA_ALIAS] = replica
    return REPLICA_ALIAS
