"""Recruitment's URLs: each area's view module declares its own patterns; this module joins them."""

from .views import imports, interviews, pipeline, reports

app_name = "recruitment"

urlpatterns = [*pipeline.urlpatterns, *interviews.urlpatterns, *reports.urlpatterns, *imports.urlpatterns]
