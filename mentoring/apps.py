from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = "Mentoring and coaching"

    def ready(self):
        from . import rules  # noqa: F401  (who may see what in mentoring; mentors' and coaches' reach)
