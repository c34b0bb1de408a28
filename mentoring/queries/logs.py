"""Read paths of the logs: a mentor's or coach's people (the phone page), one relationship with its log,
and one entry to correct.

Private notes never leave the database for someone who may not read them: ``entries_for`` asks
mentoring.rules.private_notes_visible, annotates each entry with ``private_visible`` and, where it is
false, loads an empty string in place of ``private_notes`` (the column itself is deferred and the
attribute set, so not even a careless template can lazy-load it).

Every function here costs a fixed number of queries whatever the number of people or entries.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import BooleanField, Case, CharField, Count, F, Max, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from competencies.models import Competency
from leaderdev.models import SchoolYear
from leaderdev.permissions import Role, get_visible_or_404, has_role, visible_to

from ..models import CoachAssignment, LogEntry, Mentorship, MentorshipStatus
from ..rules import private_notes_visible


def quiet_after() -> datetime.timedelta:
    """How long without contact flags a pair: the same threshold as the health page's default."""
    return datetime.timedelta(weeks=settings.MENTORING_NO_CONTACT_WEEKS)


# --- Private notes -----------------------------------------------------------------------------------


def entries_for(user, entries: QuerySet[LogEntry]) -> QuerySet[LogEntry]:
    """`entries` with ``private_visible`` annotated for `user`, and private notes only where it is true.

    Evaluate it with ``list(...)`` through ``hide_private`` (see ``log_of``), which blanks the attribute
    on the rows whose private part `user` may not read.
    """
    verdict = private_notes_visible(user)
    if verdict is True:
        return entries.annotate(private_visible=Value(True, output_field=BooleanField()))
    if verdict is False:
        return entries.defer("private_notes").annotate(
            private_visible=Value(False, output_field=BooleanField()),
            shown_private_notes=Value("", output_field=CharField()),
        )
    return entries.defer("private_notes").annotate(
        private_visible=Case(
            When(verdict, then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
        shown_private_notes=Case(
            When(verdict, then=F("private_notes")), default=Value(""), output_field=CharField()
        ),
    )


def hide_private(entries) -> list[LogEntry]:
    """Evaluate an ``entries_for`` queryset; rows carry ``private_notes`` only where ``private_visible``."""
    rows = list(entries)
    for entry in rows:
        if hasattr(entry, "shown_private_notes"):
            entry.private_notes = entry.shown_private_notes
    return rows


# --- My people (the phone page) ----------------------------------------------------------------------


@dataclass
class MyPeople:
    """The signed-in mentor's active mentorships and coach's active assignments, each annotated with
    ``last_contact`` (date or None), ``days_since_contact``, ``meetings_this_month`` and ``is_quiet``."""

    mentorships: list[Mentorship] = field(default_factory=list)
    coachings: list[CoachAssignment] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.mentorships or self.coachings)

    @property
    def count(self) -> int:
        return len(self.mentorships) + len(self.coachings)


def _contact_stats(queryset: QuerySet, today: datetime.date) -> QuerySet:
    month_start = today.replace(day=1)
    return queryset.annotate(
        last_contact=Max("log_entries__date"),
        meetings_this_month=Count(
            "log_entries", filter=Q(log_entries__date__gte=month_start, log_entries__date__lte=today)
        ),
    )


def _mark_quiet(rows, today: datetime.date) -> list:
    rows = list(rows)
    for row in rows:
        since = row.last_contact or row.started_on
        row.is_quiet = today - since > quiet_after()
        row.days_since_contact = (today - row.last_contact).days if row.last_contact else None
    return rows


def my_people(user, school_year: SchoolYear | None, today: datetime.date | None = None) -> MyPeople:
    """`user`'s active mentees (as their mentor) and coachees (as their coach) in `school_year`, with
    their school and contact statistics. Two queries at most, whatever the number of people or entries."""
    today = today or timezone.localdate()
    people = MyPeople()
    year = {"school_year": school_year} if school_year else {}
    if has_role(user, Role.MENTOR):
        mentorships = visible_to(user, Mentorship.objects.all()).filter(
            mentor__person__user=user, status=MentorshipStatus.ACTIVE, **year
        )
        people.mentorships = _mark_quiet(
            _contact_stats(mentorships, today)
            .select_related("mentee__school", "school_year")
            .order_by("mentee__last_name", "mentee__first_name", "pk"),
            today,
        )
    if has_role(user, Role.COACH):
        coachings = visible_to(user, CoachAssignment.objects.all()).filter(
            coach__user=user, status=MentorshipStatus.ACTIVE, **year
        )
        people.coachings = _mark_quiet(
            _contact_stats(coachings, today)
            .select_related("leader__school", "school_year", "coach__organization")
            .order_by("leader__last_name", "leader__first_name", "pk"),
            today,
        )
    return people


# --- One relationship and its log --------------------------------------------------------------------


def mentorships() -> QuerySet[Mentorship]:
    """Mentorships with what their page shows: both people, their schools, the year and any feedback."""
    return Mentorship.objects.select_related(
        "school_year", "mentor__person__school", "mentee__school", "feedback"
    )


def coachings() -> QuerySet[CoachAssignment]:
    """Coach assignments with what their page shows: the coach and organisation, the leader, the year."""
    return CoachAssignment.objects.select_related("school_year", "coach__organization", "leader__school")


def mentorship_for(user, pk: int) -> Mentorship:
    """One mentorship `user` may see (404 otherwise)."""
    return get_visible_or_404(user, mentorships(), pk=pk)


def coaching_for(user, pk: int) -> CoachAssignment:
    """One coach assignment `user` may see (404 otherwise)."""
    return get_visible_or_404(user, coachings(), pk=pk)


def _relationship_filter(relationship) -> dict:
    if isinstance(relationship, Mentorship):
        return {"mentorship": relationship}
    return {"coaching": relationship}


def log_of(user, relationship, *, limit: int | None = None, with_focus: bool = True) -> list[LogEntry]:
    """The log of `relationship` as `user` may read it, newest first: the entries, who logged each and
    (``with_focus``) their focus competencies; private notes only where `user` may read them.
    Two queries (one without focus)."""
    entries = visible_to(user, LogEntry.objects.filter(**_relationship_filter(relationship)))
    entries = entries.select_related("logged_by").order_by("-date", "-pk")
    if with_focus:
        entries = entries.prefetch_related(
            Prefetch(
                "focus",
                queryset=Competency.objects.select_related("domain").order_by("domain__number", "number"),
            )
        )
    entries = entries_for(user, entries)
    if limit is not None:
        entries = entries[:limit]
    return hide_private(entries)


def entry_for(user, pk: int) -> LogEntry:
    """One log entry `user` may see, with its relationship loaded for the permission checks (404
    otherwise); its private notes are blanked unless `user` may read them."""
    entries = LogEntry.objects.select_related(
        "mentorship__mentor__person",
        "mentorship__mentee",
        "mentorship__school_year",
        "coaching__coach",
        "coaching__leader",
        "coaching__school_year",
    ).prefetch_related("focus")
    entry = get_visible_or_404(user, entries_for(user, entries), pk=pk)
    (entry,) = hide_private([entry])
    return entry
