"""Licensure's notifications: a reminder to each member of a support group a few days before its
meeting. Registered with leaderdev.notifications.kinds; beat runs it daily."""

import datetime

from django.utils import timezone

from leaderdev.notifications.kinds import Kind, register

from .models import SupportMeeting

# How many days ahead members hear of a meeting. A candidate for a setting, like SESSION_REMINDER_DAYS.
MEETING_REMINDER_DAYS = 3


def support_meetings_soon(today: datetime.date):
    """Members (with a login) of the groups meeting between today and ``MEETING_REMINDER_DAYS`` days
    from now; due on the meeting's day, so each member hears of each meeting once (and again if it
    moves to another day).

    A window rather than one exact day, so a meeting scheduled at short notice, or a day beat missed,
    still gets its reminder.
    """
    zone = timezone.get_default_timezone()
    start = datetime.datetime.combine(today, datetime.time.min, tzinfo=zone)
    end = start + datetime.timedelta(days=MEETING_REMINDER_DAYS + 1)
    return SupportMeeting.objects.filter(
        starts_at__gte=start,
        starts_at__lt=end,
        group__memberships__person__is_active=True,
        group__memberships__person__user__is_active=True,
    ).values_list("group__memberships__person__user_id", "pk", "starts_at__date")


MEETING_REMINDER = register(
    Kind(
        code="support_meeting_upcoming",
        label="Upcoming licensure support meetings",
        description=f"For members of a licensure support group: a reminder up to {MEETING_REMINDER_DAYS} "
        "days before each of its meetings.",
        subject_model=SupportMeeting,
        template="notifications/support_meeting_upcoming",
        find_due=support_meetings_soon,
    )
)
