"""Programs' notifications: session reminders, invitations to newly scheduled sessions, the nudge to
take attendance, and the monthly nudge to start this year's PD plan. Registered with
leaderdev.notifications.kinds; beat runs the reminders daily."""

import datetime

from django.conf import settings
from django.db.models import DateField, Exists, OuterRef, Value

from competencies.reminders import leaders_this_year
from leaderdev.models import SchoolYear
from leaderdev.notifications.kinds import Kind, register

from .models import Attendance, EnrollmentStatus, PlanGoal, Session


def _day_range(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The district-zone start and end of `day`, as aware datetimes (an index-friendly range, not __date)."""
    from django.utils import timezone

    zone = timezone.get_default_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    return start, start + datetime.timedelta(days=1)


def sessions_starting_soon(today: datetime.date):
    """Enrolled people with a login, and the session they have `SESSION_REMINDER_DAYS` days from `today`."""
    day = today + datetime.timedelta(days=settings.SESSION_REMINDER_DAYS)
    start, end = _day_range(day)
    return Session.objects.filter(
        starts_at__gte=start,
        starts_at__lt=end,
        offering__enrollments__status=EnrollmentStatus.ENROLLED,
        offering__enrollments__person__user__is_active=True,
    ).values_list("offering__enrollments__person__user_id", "pk", "starts_at__date")


def attendance_not_taken(today: datetime.date):
    """The facilitators (with a login) of yesterday's sessions that have no attendance recorded yet."""
    start, end = _day_range(today - datetime.timedelta(days=1))
    return (
        Session.objects.filter(
            starts_at__gte=start, starts_at__lt=end, facilitators__person__user__is_active=True
        )
        .exclude(Exists(Attendance.objects.filter(session=OuterRef("pk"))))
        .values_list("facilitators__person__user_id", "pk", "starts_at__date")
    )


def pd_plans_not_started(today: datetime.date):
    """School leaders expected to plan this year (competencies.reminders.leaders_this_year) whose PD plan
    for the current school year has no goal yet (none made, or opened and left empty); due the first
    day of the month, so at most one reminder a month."""
    goals = PlanGoal.objects.filter(plan__person=OuterRef("pk"), plan__school_year=OuterRef("year"))
    return (
        leaders_this_year(today)
        .exclude(Exists(goals))
        .values_list("user_id", "year", Value(today.replace(day=1), output_field=DateField()))
    )


SESSION_REMINDER = register(
    Kind(
        code="session_upcoming",
        label="Upcoming sessions",
        description="A reminder a few days before each session you are enrolled in, with its calendar "
        "invitation.",
        subject_model=Session,
        template="notifications/session_upcoming",
        find_due=sessions_starting_soon,
        attach_session=True,
    )
)
SESSION_INVITATION = register(
    Kind(
        code="session_invitation",
        label="New sessions",
        description="An invitation when a session of a program you are enrolled in is scheduled.",
        subject_model=Session,
        template="notifications/session_invitation",
        attach_session=True,
    )
)
ATTENDANCE_REMINDER = register(
    Kind(
        code="attendance_not_taken",
        label="Attendance to take",
        description="For facilitators: the day after a session you led when its attendance is not yet taken.",
        subject_model=Session,
        template="notifications/attendance_not_taken",
        find_due=attendance_not_taken,
    )
)
PD_PLAN_REMINDER = register(
    Kind(
        code="pd_plan_not_started",
        label="PD plan to start",
        description="For school leaders: at most once a month, while your PD plan for this school year has "
        "no goal yet.",
        subject_model=SchoolYear,
        template="notifications/pd_plan_not_started",
        find_due=pd_plans_not_started,
    )
)
