from django.apps import AppConfig


class LicensureConfig(AppConfig):
    name = "licensure"
    verbose_name = "Licensure support"
