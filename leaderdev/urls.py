from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views, views_audit
from .forms import EmailAuthenticationForm

admin.site.site_header = "LeaderDev administration"
admin.site.site_title = "LeaderDev"
admin.site.index_title = "Office of Leadership Development"

urlpatterns = [
    path("", views.home, name="home"),
    path("staff/", views.staff_dashboard, name="staff_dashboard"),
    path("staff/people/", views.people, name="people"),
    path("staff/people/export.csv", views.people_export, name="people_export"),
    path("staff/audit/", views_audit.audit_history, name="audit_history"),
    path("portal/", views.portal, name="portal"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=EmailAuthenticationForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("competencies/", include("competencies.urls")),
    path("programs/", include("programs.urls")),
    path("mentoring/", include("mentoring.urls")),
    path("recruitment/", include("recruitment.urls")),
    path("fellowships/", include("fellowships.urls")),
    path("licensure/", include("licensure.urls")),
    path("", include("leaderdev.notifications.urls")),
    path("admin/", admin.site.urls),
]
