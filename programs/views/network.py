"""School teams: network pages (being built)."""

urlpatterns = []
