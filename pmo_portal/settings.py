"""Settings of PMO Portal, read from the environment (12-factor).

Defaults give a working local demo with no external server: a SQLite file under ``var/``
(WAL mode), a Celery worker and beat fed by kombu's filesystem transport under ``var/``,
e-mails written to ``var/mail/``. Set ``DJANGO_ENV=production`` for a deployment: a secret
key and allowed hosts become mandatory and the HTTPS/security settings switch on.

Every variable is parsed by a typed helper: a bad value stops start-up with an
``ImproperlyConfigured`` error naming the variable.
"""

from __future__ import annotations

import secrets
import zoneinfo
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _str(name: str, default: str | None = None) -> str | None:
    """A string from ``NAME`` or from the file named by ``NAME_FILE`` (Docker secrets)."""
    file_name = env.str(f"{name}_FILE", default="")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {file_name!r} ({exc})") from exc
    return env.str(name, default=default)


def _bool(name: str, default: bool) -> bool:
    raw = env.str(name, default=None)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}: expected true or false, got {raw!r}")


def _int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = env.str(name, default=None)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}: expected a whole number, got {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}: must be at least {minimum}, got {value}")
    return value


def _list(name: str, default: list[str]) -> list[str]:
    raw = env.str(name, default=None)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def _choice(name: str, default: str, choices: set[str]) -> str:
    value = (env.str(name, default=default) or default).strip()
    if value not in choices:
        raise ImproperlyConfigured(
            f"{name}: expected one of {', '.join(sorted(choices))}, got {value!r}"
        )
    return value


DJANGO_ENV = _choice("DJANGO_ENV", "development", {"development", "production", "test"})
PRODUCTION = DJANGO_ENV == "production"

# Working files of the demo (SQLite, broker folders, mail, secret key) live here.
VAR_DIR = Path(_str("PMO_VAR_DIR", str(BASE_DIR / "var"))).resolve()

DEBUG = _bool("DEBUG", default=not PRODUCTION)


def _secret_key() -> str:
    key = _str("SECRET_KEY")
    if key:
        if PRODUCTION and (len(key) < 50 or len(set(key)) < 5):
            raise ImproperlyConfigured(
                "SECRET_KEY: must be at least 50 random characters in production"
            )
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY: required when DJANGO_ENV=production")
    # Demo: generate once and keep it, so sessions survive restarts.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = _list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS: required when DJANGO_ENV=production")
CSRF_TRUSTED_ORIGINS = _list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_celery_beat",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "pmo_portal",
    "portfolios",
    "governance",
    "resources",
    "reporting",
    "lessons",
    "sso",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "pmo_portal.db_router.ReplicaPinMiddleware",  # before anything that may write
    # Content-Security-Policy and Permissions-Policy on every response (static files too).
    "csp.middleware.CSPMiddleware",
    "pmo_portal.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sso.middleware.ProviderSignOutMiddleware",  # form-action: the IdP's sign-out (sso/)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pmo_portal.urls"
WSGI_APPLICATION = "pmo_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pmo_portal.context_processors.portal",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
_default_sqlite = f"sqlite:///{VAR_DIR / 'pmo.sqlite3'}"
_db_scheme = (_str("DATABASE_URL", _default_sqlite) or _default_sqlite).split(":", 1)[0]
if _db_scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
    raise ImproperlyConfigured(
        f"DATABASE_URL: expected a postgres:// or sqlite:// URL, got scheme {_db_scheme!r}"
    )
try:
    _db = environ.Env.db_url_config(_str("DATABASE_URL", _default_sqlite) or _default_sqlite)
except (ImproperlyConfigured, ValueError, KeyError) as exc:
    raise ImproperlyConfigured(f"DATABASE_URL: cannot use this value ({exc})") from None
if not _db.get("ENGINE"):
    raise ImproperlyConfigured("DATABASE_URL: unsupported database scheme")
_conn_max_age = _int("CONN_MAX_AGE", 60)  # seconds; PostgreSQL only
if _db["ENGINE"] == "django.db.backends.sqlite3":
    Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web process read while the worker writes; IMMEDIATE avoids
    # "database is locked" on write upgrades.
    _db.setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )
else:
    _db["CONN_MAX_AGE"] = _conn_max_age
    _db["CONN_HEALTH_CHECKS"] = True
    # The dashboards' aggregates cross PostgreSQL's JIT cost threshold, and compiling them
    # costs more (~60 ms) than running them (~30 ms at 20,000 projects): turn JIT off.
    _db.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DATABASES = {"default": _db}
# Optional read replica for dashboards, lists and exports (pmo_portal/db_router.py); a browser
# that has just written reads from default for READ_REPLICA_PIN_SECONDS (replication lag).
from pmo_portal.settings_db import add_read_replica  # noqa: E402

READ_REPLICA = add_read_replica(_str("DATABASE_REPLICA_URL", "") or "", DATABASES)
READ_REPLICA_PIN_SECONDS = _int("READ_REPLICA_PIN_SECONDS", 10, minimum=1)
DATABASE_ROUTERS = ["pmo_portal.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Optional on-premise LLM (issue 13: rewrite of the drafted COPIL summary) ------------
# An OpenAI-compatible endpoint (vLLM, Ollama…): without LLM_URL and LLM_MODEL the feature is
# off and the extractive draft is used. LLM_API_KEY_FILE names a file holding the bearer key.
LLM_URL = (_str("LLM_URL", "") or "").rstrip("/")
LLM_MODEL = _str("LLM_MODEL", "") or ""
LLM_API_KEY_FILE = env.str("LLM_API_KEY_FILE", default="")
LLM_TIMEOUT = _int("LLM_TIMEOUT", 20, minimum=1)  # seconds

# --- Redis, cache, Celery -----------------------------------------------------------------
REDIS_URL = _str("REDIS_URL", "")
CELERY_BROKER_URL = _str("CELERY_BROKER_URL", "") or REDIS_URL or "filesystem://"
if not CELERY_BROKER_URL.startswith(("redis://", "rediss://", "filesystem://", "memory://")):
    raise ImproperlyConfigured(
        "CELERY_BROKER_URL: expected a redis://, rediss:// or filesystem:// URL"
    )
CELERY_BROKER_TRANSPORT_OPTIONS: dict = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    for sub in ("queue", "processed", "control"):
        (_broker_dir / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
else:
    # Longer than the longest task time limit, so an unacknowledged task is not redelivered
    # while it still runs (acks_late).
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
# Long renders have a queue of their own so that they never delay alerts and e-mails.
CELERY_TASK_ROUTES = {"reporting.tasks.render_copil_pack": {"queue": "pdf"}}
# django-celery-beat's scheduler behind a Redis lock: a second beat sends nothing (beat_lock.py).
CELERY_BEAT_SCHEDULER = "pmo_portal.beat_lock:LockedDatabaseScheduler"
CELERY_TIMEZONE = None  # set below from TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions are read from Redis and written through to the database: a query less on every
# page. Not with a per-process memory cache: a session ended in one worker would live on in
# another's.
SESSION_ENGINE = f"django.contrib.sessions.backends.{'cached_db' if REDIS_URL else 'db'}"

# How old the scheduler heartbeat may be before /healthz answers 503.
HEARTBEAT_MAX_AGE = timedelta(minutes=5)

# --- E-mail -------------------------------------------------------------------------------
_email_url = _str("EMAIL_URL", "")
if _email_url:
    try:
        _email = environ.Env.email_url_config(_email_url)
    except (ImproperlyConfigured, ValueError, KeyError) as exc:
        raise ImproperlyConfigured(f"EMAIL_URL: cannot use this value ({exc})") from None
    if not _email.get("EMAIL_BACKEND"):
        raise ImproperlyConfigured("EMAIL_URL: unsupported e-mail scheme")
    globals().update(_email)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = _str("DEFAULT_FROM_EMAIL", "PMO Portal <pmo@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Authentication -----------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses locked-out credentials before any other backend.
    "axes.backends.AxesStandaloneBackend",
    "pmo_portal.roles.PMOBackend",
    "rules.permissions.ObjectPermissionBackend",
    "pmo_portal.roles.PasswordBackend",
    "sso.backends.SsoBackend",  # the identity provider's callback only, when SSO is on
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Single sign-on (sso/, docs/sso.md): OIDC_* and LOCAL_LOGIN_ENABLED, read by their module.
from pmo_portal.settings_sso import read_sso_settings  # noqa: E402

globals().update(read_sso_settings(_str, _bool, _int, _list, _choice, production=PRODUCTION))

AXES_FAILURE_LIMIT = _int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Self-service password reset (pmo_portal/password_reset.py): requests per hour before the
# form stops sending (it still answers the same), and how long a link works, in seconds.
PASSWORD_RESET_LIMIT_PER_ADDRESS = _int("PASSWORD_RESET_LIMIT_PER_ADDRESS", 5, minimum=1)
# Higher: several colleagues may share one office address.
PASSWORD_RESET_LIMIT_PER_IP = _int("PASSWORD_RESET_LIMIT_PER_IP", 20, minimum=1)
PASSWORD_RESET_TIMEOUT = 2 * 60 * 60

# --- Internationalisation -----------------------------------------------------------------
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LANGUAGE_CODE = _choice("LANGUAGE_CODE", "fr", {code for code, _name in LANGUAGES})
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Paris")
try:
    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(f"TIME_ZONE: unknown time zone {TIME_ZONE!r}") from None
CELERY_TIMEZONE = TIME_ZONE
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["pmo_portal.formats"]

# --- Static and media files ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it to exist
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Flash messages travel in a signed cookie (the session only when one is too long): showing
# "Report submitted" must not cost a session write on every form post.
MESSAGE_STORAGE = "django.contrib.messages.storage.fallback.FallbackStorage"
SESSION_COOKIE_AGE = 60 * 60 * 10  # a working day
SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

# Lists are paginated; exports stream every matching row.
PAGINATE_BY = 25

# Status reports: a reminder goes to the PM this many days before the period closes; a report
# still missing this many days after its period closed is late (the PMO is told).
REPORT_REMINDER_DAYS = _int("REPORT_REMINDER_DAYS", 3)
REPORT_GRACE_DAYS = _int("REPORT_GRACE_DAYS", 2)
# The portal's public address, for links in e-mails.
PORTAL_BASE_URL = (_str("PORTAL_BASE_URL", "http://127.0.0.1:8000") or "").rstrip("/")

# --- REST API (/api/v1/, pmo_portal/api/) ----------------------------------------------------
# Requests per minute of one token (or one signed-in user), over every endpoint.
API_RATE_LIMIT = _int("API_RATE_LIMIT", 600, minimum=1)
# The longest life of an API token, in days.
API_TOKEN_MAX_DAYS = 365
# A request body read in memory: Django's 2.5 MB is too little for the API's largest batch
# (10 000 actual costs, about 2.5 MB of JSON); uploads of files stream to disk past it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 8 * 1024 * 1024
# DRF and drf-spectacular (pmo_portal/settings_api.py).
from pmo_portal.settings_api import SPECTACULAR_SETTINGS, rest_framework  # noqa: E402, F401

REST_FRAMEWORK = rest_framework(rate_limit=API_RATE_LIMIT)

# --- Security -----------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# A strict policy: scripts and styles come from our own static files only (no inline script,
# no style attribute, no eval: HTMX is told so in base.html's htmx-config); Bootstrap's CSS
# draws its icons with data: images. Django's admin needs no exception.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Browser features the portal never uses, denied to it and to anything it could embed
# (pmo_portal.middleware.PermissionsPolicyMiddleware): feature -> allowed origins.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = _bool("SECURE_SSL_REDIRECT", True)
    # Container health checks call /healthz over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = _int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if _bool("USE_X_FORWARDED_PROTO", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": _choice("LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}),
    },
    # WeasyPrint says every rendering step at INFO; its refusals (URL fetcher) are warnings.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}
