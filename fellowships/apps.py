from django.apps import AppConfig


class FellowshipsConfig(AppConfig):
    name = "fellowships"
    verbose_name = "Aspiring Principal Fellowship"
