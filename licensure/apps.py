from django.apps import AppConfig


class LicensureConfig(AppConfig):
    name = "licensure"
    verbose_name = "Licensure support"

    def ready(self):
        from . import rules  # noqa: F401  (who may see what in licensure)
