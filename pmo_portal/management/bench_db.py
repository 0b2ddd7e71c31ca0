"""The bench's database (a wiring module of ``manage.py bench``): dropped and recreated
before each size, and its URL handed to the subprocesses that must use the same."""

from __future__ import annotations

from urllib.parse import quote

from django.db import connection, connections


def database_url() -> str:
    """The URL of the database this process uses (for a subprocess to use the same)."""
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{params['NAME']}"
    user = quote(params.get("USER") or "", safe="")
    password = quote(params.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    port = f":{params['PORT']}" if params.get("PORT") else ""
    return f"postgres://{credentials}{params.get('HOST') or ''}{port}/{params['NAME']}"


def recreate_database() -> None:
    """Drop and recreate the configured PostgreSQL database (the bench one)."""
    import psycopg
    from psycopg import sql

    params = connection.settings_dict
    name = params["NAME"]
    connections.close_all()
    admin = {
        "dbname": "postgres",
        "user": params.get("USER") or None,
        "password": params.get("PASSWORD") or None,
        "host": params.get("HOST") or None,
        "port": params.get("PORT") or None,
    }
    with psycopg.connect(**{k: v for k, v in admin.items() if v}, autocommit=True) as admin_db:
        admin_db.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        admin_db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
