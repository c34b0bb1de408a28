"""LeaderDev project package: settings, the shared schema of the district, and the one permission layer."""

from .celery import app as celery_app

__all__ = ("celery_app",)
