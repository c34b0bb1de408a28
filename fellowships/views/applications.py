"""Fellowship pages: applications."""

urlpatterns = []
