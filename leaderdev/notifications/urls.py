from django.urls import path

from . import views

urlpatterns = [
    path("notifications/mine/", views.preferences, name="notification_preferences"),
    path("staff/notifications/", views.notification_list, name="notification_list"),
    path("staff/notifications/<int:pk>/resend/", views.notification_resend, name="notification_resend"),
]
