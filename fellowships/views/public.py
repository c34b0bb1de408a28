"""Fellowship pages: public."""

urlpatterns = []
