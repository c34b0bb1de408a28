from django.apps import AppConfig


class CompetenciesConfig(AppConfig):
    name = "competencies"
    verbose_name = "Competencies"

    def ready(self):
        from . import rules  # noqa: F401  (registers who may see and record assessments)
