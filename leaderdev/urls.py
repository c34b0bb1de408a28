from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = "LeaderDev administration"
admin.site.site_title = "LeaderDev"
admin.site.index_title = "Office of Leadership Development"

urlpatterns = [
    path("", views.home, name="home"),
    path("staff/", views.staff_dashboard, name="staff_dashboard"),
    path("staff/people/", views.people, name="people"),
    path("portal/", views.portal, name="portal"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
