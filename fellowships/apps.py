from django.apps import AppConfig


class FellowshipsConfig(AppConfig):
    name = "fellowships"
    verbose_name = "Aspiring Principal Fellowship"

    def ready(self):
        from . import rules  # noqa: F401  (who may see what in fellowships)
