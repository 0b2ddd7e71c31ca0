"""PMO Portal project package: settings, URLs, the Celery app and the shared foundations."""

from .celery import app as celery_app

__all__ = ("celery_app",)
