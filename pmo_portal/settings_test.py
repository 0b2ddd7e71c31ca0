"""Test settings: the suite runs against real PostgreSQL and Redis (see Makefile).

``DATABASE_URL`` and ``REDIS_URL`` default to the local services; everything else is the
normal settings with a fast password hasher and e-mails kept in memory.
"""

import os

os.environ.setdefault("DJANGO_ENV", "test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pmo")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")

from pmo_portal.settings import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
AXES_FAILURE_LIMIT = 5
