"""School teams: coaching pages (being built)."""

urlpatterns = []
