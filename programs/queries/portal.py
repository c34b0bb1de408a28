"""Read paths of a leader's own view of programs: the portal's sections and the calendars they link.

Everything here is about one person (the signed-in leader, or the owner of a calendar feed), and each
function costs one query whatever the number of that person's offerings, sessions or goals. The portal's
attendance comes from programs.queries.attendance.attendance_summary, the office's one attendance rule.

"Taking part" means an enrollment whose status is in ``PARTICIPATING`` (enrolled or completed): invited,
waitlisted and withdrawn people are not expected at sessions and get no calendar entries.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from competencies.models import AssessmentKind
from competencies.queries.growth import assessments_of
from leaderdev.models import Person, SchoolYear
from leaderdev.permissions import get_visible_or_404, visible_to

from ..models import PARTICIPATING, Enrollment, PlanGoal, Session
from . import equity

UPCOMING_LIMIT = 5
# How far back a personal calendar feed reaches, so last month's sessions stay in people's calendars.
FEED_PAST_DAYS = 60


def _takes_part(person: Person, offering_ref: str = "offering") -> Exists:
    """Whether `person` takes part in the offering at `offering_ref` of the outer query."""
    return Exists(
        Enrollment.objects.filter(offering=OuterRef(offering_ref), person=person, status__in=PARTICIPATING)
    )


def sessions_of(person: Person) -> QuerySet[Session]:
    """Every session of the offerings `person` takes part in, with what a listing or a calendar shows."""
    return (
        Session.objects.filter(_takes_part(person))
        .select_related("offering__program", "offering__school_year", "school")
        .order_by("starts_at", "pk")
    )


# --- My PD plan -----------------------------------------------------------------------------------------


def plan_goals(person: Person, school_year: SchoolYear) -> list[PlanGoal]:
    """The goals of `person`'s plan for `school_year`, oldest first, with their competency codes."""
    return list(
        PlanGoal.objects.filter(plan__person=person, plan__school_year=school_year)
        .select_related("competency__domain")
        .order_by("created_at", "pk")
    )


# --- My upcoming sessions -------------------------------------------------------------------------------


def upcoming_sessions(person: Person, *, now=None, limit: int = UPCOMING_LIMIT) -> list[Session]:
    """The next `limit` sessions `person` is expected at, including one under way (not yet ended)."""
    now = now or timezone.now()
    return list(sessions_of(person).filter(ends_at__gte=now)[:limit])


# --- My equity track ------------------------------------------------------------------------------------


def equity_enrollments(person: Person, school_year: SchoolYear) -> list[Enrollment]:
    """`person`'s enrollments of any status in `school_year`'s racial-equity offerings."""
    return list(
        equity.equity_enrollments(school_year)
        .filter(person=person)
        .select_related("offering__program")
        .order_by("offering__program__name", "offering__cohort", "pk")
    )


# --- My competency growth -------------------------------------------------------------------------------


@dataclass(frozen=True)
class GrowthSummary:
    assessments: int
    last_assessed_on: datetime.date | None
    last_self_assessed_on: datetime.date | None


def growth_summary(user, person: Person) -> GrowthSummary:
    """How many assessments of `person` `user` may see, and the dates of the latest (and latest self-)."""
    totals = visible_to(user, assessments_of(person)).aggregate(
        assessments=Count("pk"),
        last_assessed_on=Max("assessed_on"),
        last_self_assessed_on=Max("assessed_on", filter=Q(kind=AssessmentKind.SELF)),
    )
    return GrowthSummary(**totals)


# --- Calendars ------------------------------------------------------------------------------------------


def feed_sessions(person: Person, *, now=None) -> QuerySet[Session]:
    """The sessions of `person`'s calendar feed: those that ended in the last 60 days or are still to come."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=FEED_PAST_DAYS)
    return sessions_of(person).filter(ends_at__gte=since).prefetch_related("materials")


def calendar_session(user, pk: int) -> Session:
    """One session `user` may see, ready for its .ics (404 for one they may not see)."""
    return get_visible_or_404(
        user,
        Session.objects.select_related(
            "offering__program", "offering__school_year", "school"
        ).prefetch_related("materials"),
        pk=pk,
    )
