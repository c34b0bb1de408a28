from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LeaderDevConfig(AppConfig):
    name = "leaderdev"
    verbose_name = "District"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from . import (
            rules,  # noqa: F401  (registers the shared schema's object rules and admin grants)
            security,  # noqa: F401  (starts a sign-in's clocks on user_logged_in, before any request)
        )

        autodiscover_modules("reminders")  # each app's notification kinds (leaderdev.notifications.kinds)
        from .permissions import sync_role_permissions

        post_migrate.connect(sync_role_permissions, dispatch_uid="leaderdev.sync_role_permissions")
        post_migrate.connect(_ensure_schedules, sender=self, dispatch_uid="leaderdev.ensure_schedules")


def _ensure_schedules(using=None, **kwargs):
    """After migrate: beat's periodic tasks (leaderdev.notifications.schedules), on the default database."""
    from .notifications.schedules import ensure_schedules

    if using in (None, "default"):
        ensure_schedules()
