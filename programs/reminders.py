"""Programs' notifications: session reminders, invitations to newly scheduled sessions, and the nudge to
take attendance. Registered with leaderdev.notifications.kinds; beat runs the reminders daily."""

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef

from leaderdev.notifications.kinds import Kind, register

from .models import Attendance, EnrollmentStatus, Session


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
