"""Fellowship pages: residency."""

urlpatterns = []
