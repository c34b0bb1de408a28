"""The fellowship's URLs: each area's view module declares its own patterns; this module joins them."""

from .views import applications, placements, public, residency

app_name = "fellowships"

urlpatterns = [
    *applications.urlpatterns,
    *placements.urlpatterns,
    *residency.urlpatterns,
    *public.urlpatterns,
]
