"""Mentoring's notifications: the nudge to a mentor when a mentorship has gone quiet. Registered with
leaderdev.notifications.kinds; beat runs it daily."""

import datetime

from django.conf import settings
from django.db.models import DateField, F, Max
from django.db.models.functions import Cast, Coalesce

from leaderdev.notifications.kinds import Kind, register

from .models import Mentorship, MentorshipStatus


def mentorships_gone_quiet(today: datetime.date):
    """Mentors (with a login) of this year's active mentorships with nothing logged for
    ``MENTORING_NO_CONTACT_WEEKS`` weeks; due on the day the gap reached that length, so each gap is
    reminded about once, and the next meeting logged starts a new one.

    Any log entry ends a gap (a meeting, an observation, a feedback conversation, a check-in), as on
    the health page: they are all contact. Before the first entry the gap runs from the pair's start.
    """
    gap = datetime.timedelta(weeks=settings.MENTORING_NO_CONTACT_WEEKS)
    return (
        Mentorship.objects.filter(
            status=MentorshipStatus.ACTIVE,
            school_year__is_current=True,
            school_year__end_date__gte=today,
            started_on__lte=today - gap,
            mentor__person__user__is_active=True,
        )
        .annotate(quiet_since=Coalesce(Max("log_entries__date"), F("started_on")))
        .filter(quiet_since__lte=today - gap)
        .annotate(gap_reached=Cast(F("quiet_since") + gap, DateField()))
        .values_list("mentor__person__user_id", "pk", "gap_reached")
    )


MENTORSHIP_QUIET = register(
    Kind(
        code="mentorship_no_meeting",
        label="Mentees you have not met lately",
        description="For mentors: when nothing has been logged with a mentee for several weeks, once per "
        "gap, so you can plan your next meeting.",
        subject_model=Mentorship,
        template="notifications/mentorship_no_meeting",
        find_due=mentorships_gone_quiet,
    )
)
