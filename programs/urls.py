from django.urls import path

from .views import attendance, calendar, coaching, cta, equity, network, offerings, plans, teams

app_name = "programs"

urlpatterns = [
    # Offerings, rosters and enrollment (program staff)
    path("offerings/", offerings.offering_list, name="offering_list"),
    path("offerings/<int:pk>/", offerings.offering_roster, name="offering_roster"),
    path("offerings/<int:pk>/roster.csv", offerings.roster_export, name="roster_export"),
    path("offerings/<int:pk>/enroll/", offerings.bulk_enroll, name="bulk_enroll"),
    # Attendance and feedback
    path("offerings/<int:pk>/attendance/", attendance.attendance_grid, name="attendance_grid"),
    path("offerings/<int:pk>/attendance.csv", attendance.attendance_export, name="attendance_export"),
    path("offerings/<int:pk>/feedback/", attendance.offering_feedback, name="offering_feedback"),
    path("sessions/<int:pk>/sign-in/", attendance.sign_in, name="sign_in"),
    path("sessions/<int:pk>/sign-in-sheet/", attendance.sign_in_sheet, name="sign_in_sheet"),
    path("sessions/<int:pk>/sign-in.csv", attendance.sign_in_export, name="sign_in_export"),
    path("sessions/<int:pk>/feedback/", attendance.session_feedback, name="session_feedback"),
    # The equity rule
    path("equity/", equity.equity_compliance, name="equity_compliance"),
    path("equity.csv", equity.equity_export, name="equity_export"),
    # PD plans
    path("plan/", plans.my_plan, name="my_plan"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    # Calendars
    path("sessions/<int:pk>/calendar.ics", calendar.session_ics, name="session_ics"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
]

# School teams: a school's team page, its Call-to-Action plan, coaching and spotlights, the network overview
urlpatterns += teams.urlpatterns + cta.urlpatterns + coaching.urlpatterns + network.urlpatterns
