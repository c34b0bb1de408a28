"""The project's admin and the licensure meeting pages, without the pursuit pages: what the licensure
admin meets before ``licensure:evidence_download`` exists (test_licensure_admin uses it)."""

from django.contrib import admin
from django.urls import include, path

from licensure.views import meetings

urlpatterns = [
    path("licensure/", include((meetings.urlpatterns, "licensure"))),
    path("admin/", admin.site.urls),
]
