"""Read paths of the portal's mentoring sections: a leader's mentor and coach with the shared part of their
logs, and a mentor's or coach's people in short.

Each function costs one query (a relationship, or a few of its latest entries) whatever the size of the
person's data; the latest entries come through queries.logs, so a leader never loads a private note.
"""

from django.db.models import Case, IntegerField, QuerySet, Value, When

from leaderdev.models import Person, SchoolYear

from ..models import CoachAssignment, LogEntry, MenteeProfile, Mentorship, MentorshipStatus
from . import logs

LATEST_ENTRIES = 3


def _active_first(queryset: QuerySet) -> QuerySet:
    """The active relationship first, then the most recently started (an ended one still has a log)."""
    return queryset.annotate(
        ended=Case(
            When(status=MentorshipStatus.ACTIVE, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("ended", "-started_on", "-pk")


def my_mentorship(person: Person, school_year: SchoolYear) -> Mentorship | None:
    """`person`'s mentorship as a mentee in `school_year` (the active one, else the latest), with the
    mentor, their school and any feedback loaded. One query."""
    return _active_first(
        Mentorship.objects.filter(mentee=person, school_year=school_year).select_related(
            "school_year", "mentor__person__school", "feedback"
        )
    ).first()


def has_wishes(person: Person, school_year: SchoolYear) -> bool:
    """Whether `person` has told the Office what they want from a mentor this year. One query."""
    return MenteeProfile.objects.filter(person=person, school_year=school_year).exists()


def my_coaching(person: Person, school_year: SchoolYear) -> CoachAssignment | None:
    """`person`'s coach assignment in `school_year` (the active one, else the latest), with the coach and
    their organisation. One query."""
    return _active_first(
        CoachAssignment.objects.filter(leader=person, school_year=school_year).select_related(
            "school_year", "coach__organization"
        )
    ).first()


def latest_entries(user, relationship, limit: int = LATEST_ENTRIES) -> list[LogEntry]:
    """The `limit` newest entries of `relationship` as `user` may read them (no focus). One query."""
    return logs.log_of(user, relationship, limit=limit, with_focus=False)


def my_people(user, school_year: SchoolYear | None):
    """The people `user` mentors or coaches (queries.logs.my_people): two queries at most."""
    return logs.my_people(user, school_year)
