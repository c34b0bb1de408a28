"""Licensure pages: pursuits."""

urlpatterns = []
