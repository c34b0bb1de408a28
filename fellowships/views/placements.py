"""Fellowship pages: placements."""

urlpatterns = []
