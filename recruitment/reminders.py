"""Recruitment's notifications: reference checks left open too long, and interview scorecards not yet
submitted. Registered with leaderdev.notifications.kinds; beat runs them daily."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import DateField, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.utils import timezone

from leaderdev.notifications.kinds import Kind, register

from .models import CLOSED_STAGES, ContactAttempt, ReferenceCheck, ReferenceStatus, Scorecard

# Days a reference check may stay open (not contacted yet, or being contacted) before it is overdue.
# A candidate for a setting (RECRUITMENT_REFERENCE_DAYS) next to RECRUITMENT_REQUIRED_REFERENCES.
REFERENCE_CHECK_DAYS = 7


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in the district's zone (an index-friendly bound, not __date)."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_default_timezone())


def references_overdue(today: datetime.date):
    """Open reference checks of open applications, added ``REFERENCE_CHECK_DAYS`` or more days ago; due
    that many days after the check was added (so each check is reminded about once).

    A check names no owner, so the staff member responsible is, in this order: whoever recorded its
    answers (``checked_by``), whoever last tried to reach the referee, whoever added it (its audit
    history's first record). A check none of them is known for (added by a script) goes to no one.
    """
    wait = datetime.timedelta(days=REFERENCE_CHECK_DAYS)
    last_caller = (
        ContactAttempt.objects.filter(reference=OuterRef("pk"), by__isnull=False)
        .order_by("-at", "-pk")
        .values("by")[:1]
    )
    added_by = (
        ReferenceCheck.history.filter(id=OuterRef("pk"), history_type="+", history_user__isnull=False)
        .order_by("history_date")
        .values("history_user")[:1]
    )
    active_logins = get_user_model().objects.filter(pk=OuterRef("responsible"), is_active=True)
    return (
        ReferenceCheck.objects.filter(
            status__in=(ReferenceStatus.PENDING, ReferenceStatus.IN_PROGRESS),
            created_at__lt=_start_of(today - wait + datetime.timedelta(days=1)),
        )
        .exclude(application__stage__in=CLOSED_STAGES)
        .annotate(
            responsible=Coalesce(
                "checked_by", Subquery(last_caller), Subquery(added_by), output_field=IntegerField()
            )
        )
        .filter(Exists(active_logins))
        .annotate(overdue_on=Cast(TruncDate("created_at") + wait, DateField()))
        .values_list("responsible", "pk", "overdue_on")
    )


def scorecards_not_submitted(today: datetime.date):
    """Panelists (with a login) of interviews held before today whose scorecard is not submitted, while
    the application is still open; due the day after the interview (so each scorecard is reminded about
    once)."""
    return (
        Scorecard.objects.filter(
            submitted_at__isnull=True,
            panelist__is_active=True,
            interview__scheduled_at__lt=_start_of(today),
        )
        .exclude(interview__application__stage__in=CLOSED_STAGES)
        .annotate(
            day_after=Cast(TruncDate("interview__scheduled_at") + datetime.timedelta(days=1), DateField())
        )
        .values_list("panelist_id", "pk", "day_after")
    )


REFERENCE_OVERDUE = register(
    Kind(
        code="reference_check_overdue",
        label="Overdue reference checks",
        description=f"For recruitment staff: a reference check you added, contacted or recorded is still "
        f"open {REFERENCE_CHECK_DAYS} days after it was added.",
        subject_model=ReferenceCheck,
        template="notifications/reference_check_overdue",
        find_due=references_overdue,
    )
)
SCORECARD_REMINDER = register(
    Kind(
        code="scorecard_not_submitted",
        label="Interview scorecards to submit",
        description="For panelists: the day after an interview, when your scorecard is not submitted yet.",
        subject_model=Scorecard,
        template="notifications/scorecard_not_submitted",
        find_due=scorecards_not_submitted,
    )
)
