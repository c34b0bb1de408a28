"""Mentoring's URLs: each area's view module declares its own patterns; this module joins them."""

from .views import health, logs, profile, rounds

app_name = "mentoring"

urlpatterns = [*rounds.urlpatterns, *logs.urlpatterns, *health.urlpatterns, *profile.urlpatterns]
