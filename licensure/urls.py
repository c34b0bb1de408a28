"""Licensure's URLs: each area's view module declares its own patterns; this module joins them."""

from .views import meetings, pursuits

app_name = "licensure"

urlpatterns = [*pursuits.urlpatterns, *meetings.urlpatterns]
