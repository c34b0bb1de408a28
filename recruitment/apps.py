from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = "Recruitment and hiring"

    def ready(self):
        from . import rules  # noqa: F401  (who may see candidates, scorecards and references)
