"""School teams: teams pages (being built)."""

urlpatterns = []
