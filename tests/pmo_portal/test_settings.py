"""Configuration from the environment: bad values stop start-up naming the variable;
production settings pass ``check --deploy``."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = "x7Gq2mVb9LpZr4TkWc8YhNs3Fd6JuQa1Ee5Ro0Ii" + "Pl" * 10


def run_manage(tmp_path, *args, **env):
    prefixes = ("DJANGO", "DATABASE", "REDIS", "CELERY", "EMAIL", "SECRET", "ALLOWED")
    base = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    base.update({"PMO_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "pmo_portal.settings"})
    base.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "maybe"),
        ("DJANGO_ENV", "staging"),
        ("LANGUAGE_CODE", "de"),
        ("TIME_ZONE", "Mars/Olympus"),
        ("DATABASE_URL", "nosuchdb://x"),
        ("CELERY_BROKER_URL", "amqp://guest@localhost//"),
        ("EMAIL_URL", "pigeon://coop"),
        ("AXES_FAILURE_LIMIT", "lots"),
        ("CONN_MAX_AGE", "-3"),
        ("LOG_LEVEL", "LOUD"),
    ],
)
def test_a_bad_value_stops_start_up_and_names_the_variable(tmp_path, variable, value):
    result = run_manage(tmp_path, "check", **{variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{variable}:" in result.stderr


def test_production_requires_a_secret_key(tmp_path):
    result = run_manage(tmp_path, "check", DJANGO_ENV="production", ALLOWED_HOSTS="pmo.example")
    assert result.returncode != 0
    assert "SECRET_KEY: required" in result.stderr


def test_secrets_from_files(tmp_path):
    """Docker secrets: SECRET_KEY_FILE, DATABASE_URL_FILE, EMAIL_URL_FILE."""
    files = {
        "SECRET_KEY_FILE": GOOD_SECRET,
        "DATABASE_URL_FILE": "postgres://pmo:s3cret@db.example:5432/pmo_prod",
        "EMAIL_URL_FILE": "smtp://relay.example:25",
    }
    env = {}
    for name, value in files.items():
        path = tmp_path / name.lower()
        path.write_text(value + "\n")
        env[name] = str(path)
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['NAME'], s.EMAIL_HOST, len(s.SECRET_KEY))"
    )
    result = run_manage(
        tmp_path,
        "shell",
        "--no-imports",
        "-c",
        code,
        DJANGO_ENV="production",
        ALLOWED_HOSTS="pmo.example",
        **env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["pmo_prod", "relay.example", str(len(GOOD_SECRET))]


def test_production_settings_pass_check_deploy(tmp_path):
    result = run_manage(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY=GOOD_SECRET,
        ALLOWED_HOSTS="pmo.example",
        DATABASE_URL="postgres://pmo:secret@db.example:5432/pmo",
        REDIS_URL="redis://redis.example:6379/0",
        EMAIL_URL="smtp://mail.example:25",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_demo_defaults_need_no_server(tmp_path):
    """No variable set: SQLite under var/, filesystem broker, file e-mails, a kept secret."""
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE']);"
        "print(s.CELERY_BROKER_URL);"
        "print(s.EMAIL_BACKEND);"
        "print(s.LANGUAGE_CODE, s.TIME_ZONE)"
    )
    first = run_manage(tmp_path, "shell", "--no-imports", "-c", code)
    assert first.returncode == 0, first.stderr
    assert first.stdout.split() == [
        "django.db.backends.sqlite3",
        "filesystem://",
        "django.core.mail.backends.filebased.EmailBackend",
        "fr",
        "Europe/Paris",
    ]
    key = (tmp_path / "secret_key").read_text()
    run_manage(tmp_path, "check")
    assert (tmp_path / "secret_key").read_text() == key  # kept, so sessions survive restarts
