"""School teams: cta pages (being built)."""

urlpatterns = []
