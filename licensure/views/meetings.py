"""Licensure pages: meetings."""

urlpatterns = []
