"""Read paths of attendance and session feedback, shared by the pages, the CSV exports and other apps.

The attendance rate
-------------------
One rule, used by the offering's attendance grid, the exports and ``attendance_summary`` (which the
portal and PD plans call)::

    rate = attended / expected
    attended = sessions already held where the person was marked present or late
    expected = sessions already held, minus those where the person was marked excused

"Already held" means the session has started (``starts_at <= now``): an upcoming session counts for
nobody, even when someone was marked early. An excused absence leaves the denominator, so it neither
helps nor hurts. A held session with no mark at all counts as missed (it stays in the denominator and
not in the numerator): a facilitator closes that gap with the sign-in page's "mark everyone not yet
marked as absent", or by recording who came. The rate is None when nothing is expected yet.

Only people taking part in the offering (enrollment status in ``PARTICIPATING``) are expected; marks of
someone who has since withdrawn are kept but counted nowhere.

Every function here costs a fixed number of queries whatever the number of people, sessions or marks.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    F,
    FilteredRelation,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat, TruncDate
from django.utils import timezone

from leaderdev.exports import Column
from leaderdev.models import Person, Position, SchoolYear

from ..models import (
    ATTENDED,
    PARTICIPATING,
    Attendance,
    AttendanceStatus,
    Enrollment,
    Facilitator,
    Offering,
    Session,
    SessionFeedback,
)

STATUS_LABELS = dict(AttendanceStatus.choices)
NOT_MARKED = "not_marked"
RATINGS = (1, 2, 3, 4, 5)
# What each rating of the feedback survey means, as the survey asks it and the results show it.
RATING_LABELS = {1: "Not useful", 2: "A little useful", 3: "Useful", 4: "Very useful", 5: "Essential"}


# --- Rates ---------------------------------------------------------------------------------------------


class AttendanceSummary(NamedTuple):
    """A person's attendance over some sessions, counted by the rule in this module's docstring."""

    attended: int = 0
    expected: int = 0
    excused: int = 0
    held: int = 0

    @property
    def rate(self) -> float | None:
        """attended / expected, from 0 to 1; None when no session is expected yet."""
        return attendance_rate(self.attended, self.expected)

    @property
    def percent(self) -> int | None:
        """The rate as a whole percentage, for pages; None when no session is expected yet."""
        rate = self.rate
        return None if rate is None else round(100 * rate)

    @property
    def missed(self) -> int:
        return self.expected - self.attended


def attendance_rate(attended: int, expected: int) -> float | None:
    return attended / expected if expected else None


def summarise(statuses_of_held_sessions) -> AttendanceSummary:
    """Count one person's marks (None for no mark) at the sessions already held."""
    held = attended = excused = 0
    for status in statuses_of_held_sessions:
        held += 1
        if status in ATTENDED:
            attended += 1
        elif status == AttendanceStatus.EXCUSED:
            excused += 1
    return AttendanceSummary(attended=attended, expected=held - excused, excused=excused, held=held)


def attendance_summaries(
    people: QuerySet[Person], school_year: SchoolYear, now: datetime.datetime | None = None
) -> dict[int, AttendanceSummary]:
    """Each of `people`'s attendance over every offering of `school_year` they take part in.

    ``{person_id: AttendanceSummary}``; people with no session held yet are left out (read them with
    ``.get(pk, AttendanceSummary())``). Two queries, however many people.
    """
    now = now or timezone.now()
    held = (
        Enrollment.objects.filter(
            person__in=people.values("pk"),
            status__in=PARTICIPATING,
            offering__school_year=school_year,
            offering__sessions__starts_at__lte=now,
        )
        .values("person_id")
        .annotate(held=Count("offering__sessions"))
        .order_by()
    )
    marks = (
        Attendance.objects.filter(
            person__in=people.values("pk"),
            session__starts_at__lte=now,
            session__offering__school_year=school_year,
            session__offering__enrollments__person=F("person"),
            session__offering__enrollments__status__in=PARTICIPATING,
        )
        .values("person_id")
        .annotate(
            attended=Count("pk", filter=Q(status__in=ATTENDED)),
            excused=Count("pk", filter=Q(status=AttendanceStatus.EXCUSED)),
        )
        .order_by()
    )
    marks_by_person = {row["person_id"]: row for row in marks}
    summaries = {}
    for row in held:
        person_marks = marks_by_person.get(row["person_id"], {"attended": 0, "excused": 0})
        summaries[row["person_id"]] = AttendanceSummary(
            attended=person_marks["attended"],
            expected=row["held"] - person_marks["excused"],
            excused=person_marks["excused"],
            held=row["held"],
        )
    return summaries


def attendance_summary(
    person: Person, school_year: SchoolYear, now: datetime.datetime | None = None
) -> AttendanceSummary:
    """`person`'s attendance over the sessions of `school_year` held so far (two queries).

    ``summary.attended``, ``summary.expected`` and ``summary.rate`` (None before any session is
    expected); the rule is in this module's docstring.
    """
    people = Person.objects.filter(pk=person.pk)
    return attendance_summaries(people, school_year, now).get(person.pk, AttendanceSummary())


# --- What the pages are about -------------------------------------------------------------------------


def sessions() -> QuerySet[Session]:
    """Sessions as the attendance pages head them: offering, program, year, site and facilitators."""
    return Session.objects.select_related(
        "offering__program", "offering__school_year", "school"
    ).prefetch_related(Prefetch("facilitators", queryset=Facilitator.objects.select_related("person")))


def offerings() -> QuerySet[Offering]:
    """Offerings as the grid and feedback pages head them."""
    return Offering.objects.select_related("program", "school_year")


def participants(offering_id: int) -> QuerySet[Person]:
    """The people taking part in an offering (enrolled or completed), by name, with their school."""
    return (
        Person.objects.filter(enrollments__offering_id=offering_id, enrollments__status__in=PARTICIPATING)
        .select_related("school")
        .order_by("last_name", "first_name", "pk")
    )


def expected_people(session: Session, people: QuerySet[Person] | None = None) -> QuerySet[Person]:
    """Who is expected at `session`, by name, each with ``mark``: their status there, or None.

    `people` narrows the list (a search); by default everyone taking part in the session's offering.
    """
    queryset = participants(session.offering_id)
    if people is not None:
        queryset = queryset.filter(pk__in=people.values("pk"))
    mark = Attendance.objects.filter(session_id=session.pk, person_id=OuterRef("pk")).order_by()
    return queryset.annotate(mark=Subquery(mark.values("status")[:1]))


def search_people(people: QuerySet[Person], text: str) -> QuerySet[Person]:
    """The sign-in page's search: every word in the first name, last name or school name, or the whole
    text in the e-mail address, or the exact employee ID ("ana lop" finds Ana López)."""
    text = text.strip()
    if not text:
        return people
    every_word = Q()
    for word in text.split():
        every_word &= (
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(school__name__icontains=word)
        )
    return people.filter(every_word | Q(email__icontains=text) | Q(employee_id__iexact=text))


def session_counts(session: Session) -> dict[str, int]:
    """How many expected people hold each mark at `session`: a key per status, "not_marked" and "total"."""
    marks = expected_people(session)
    totals = marks.aggregate(
        total=Count("pk"),
        **{status: Count("pk", filter=Q(mark=status)) for status in AttendanceStatus.values},
    )
    totals["not_marked"] = totals["total"] - sum(totals[status] for status in AttendanceStatus.values)
    return totals


# --- The offering's grid --------------------------------------------------------------------------------


@dataclass
class GridSession:
    pk: int
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    is_held: bool
    counts: dict[str, int] = field(default_factory=dict)  # status (and NOT_MARKED) -> people

    @property
    def attended(self) -> int:
        return sum(self.counts.get(status, 0) for status in ATTENDED)


class GridCell(NamedTuple):
    status: str | None  # None: not marked
    is_held: bool


@dataclass
class GridRow:
    person: Person
    cells: list[GridCell]  # one per session, in the grid's session order
    summary: AttendanceSummary

    @property
    def rate(self) -> float | None:
        return self.summary.rate


@dataclass
class AttendanceGrid:
    """People x sessions of one offering, with each person's rate and each session's counts."""

    offering: Offering
    sessions: list[GridSession]
    rows: list[GridRow]
    now: datetime.datetime

    @property
    def held(self) -> int:
        return sum(1 for s in self.sessions if s.is_held)

    @property
    def count_rows(self) -> list[tuple[str, str, list[int]]]:
        """(status, label, people per session) for each status and "not marked": the grid's footer."""
        keys = [*AttendanceStatus.choices, (NOT_MARKED, "Not marked")]
        return [(key, label, [s.counts[key] for s in self.sessions]) for key, label in keys]

    @property
    def total(self) -> AttendanceSummary:
        """Everyone's marks together: the rate of the group the grid shows."""
        attended = sum(r.summary.attended for r in self.rows)
        expected = sum(r.summary.expected for r in self.rows)
        excused = sum(r.summary.excused for r in self.rows)
        return AttendanceSummary(attended, expected, excused, held=self.held * len(self.rows))


def taking_part(offering: Offering, enrollments: QuerySet[Enrollment] | None = None) -> QuerySet[Enrollment]:
    """The enrollments of the people taking part in `offering`, among `enrollments` (a roster filter's
    queryset) when given."""
    base = Enrollment.objects.all() if enrollments is None else enrollments
    return base.filter(offering=offering, status__in=PARTICIPATING)


def attendance_grid(
    offering: Offering, enrollments: QuerySet[Enrollment] | None = None, now: datetime.datetime | None = None
) -> AttendanceGrid:
    """The attendance grid of `offering`: its participants (among `enrollments`, e.g. the roster
    filter's queryset) by name, its sessions by start, every mark, each person's rate, each session's
    counts.

    Three queries, however many people and sessions.
    """
    now = now or timezone.now()
    grid_sessions = [
        GridSession(pk, title, starts_at, ends_at, is_held=starts_at <= now)
        for pk, title, starts_at, ends_at in Session.objects.filter(offering=offering)
        .order_by("starts_at", "pk")
        .values_list("pk", "title", "starts_at", "ends_at")
    ]
    shown = (
        Person.objects.filter(pk__in=taking_part(offering, enrollments).values("person_id"))
        .select_related("school")
        .order_by("last_name", "first_name", "pk")
    )
    people_list = list(shown)
    marks = {
        (person_id, session_id): status
        for person_id, session_id, status in Attendance.objects.filter(
            session__offering=offering, person__in=shown.values("pk")
        )
        .order_by()
        .values_list("person_id", "session_id", "status")
    }
    rows = []
    for person in people_list:
        cells = [GridCell(marks.get((person.pk, s.pk)), s.is_held) for s in grid_sessions]
        summary = summarise(cell.status for cell in cells if cell.is_held)
        rows.append(GridRow(person=person, cells=cells, summary=summary))
    for index, grid_session in enumerate(grid_sessions):
        counts = Counter(row.cells[index].status or "" for row in rows)
        grid_session.counts = {status: counts.get(status, 0) for status in AttendanceStatus.values}
        grid_session.counts[NOT_MARKED] = counts.get("", 0)
    return AttendanceGrid(offering=offering, sessions=grid_sessions, rows=rows, now=now)


# --- CSV exports ----------------------------------------------------------------------------------------

# The sign-in list of one session: who is expected and their mark (empty when not marked yet).
SIGN_IN_COLUMNS = [
    Column("Last name", "last_name"),
    Column("First name", "first_name"),
    Column("Employee ID", "employee_id"),
    Column("E-mail", "email"),
    Column("Position", "position", choices=Position),
    Column("School", "school__name"),
    Column("Status", "mark", choices=AttendanceStatus),
]

# An offering's attendance in long format: one line per person and session, the mark empty when none.
# The date and the status label come ready from the database (see attendance_lines): the file can run
# to 100,000 lines, and every cell formatted in Python costs time on each of them.
ATTENDANCE_COLUMNS = [
    Column("Person", "person_name"),
    Column("Employee ID", "person__employee_id"),
    Column("School", "person__school__name"),
    Column("Session", "session_title"),
    Column("Date", "session_day"),
    Column("Status", "mark_label"),
]


def status_label(path: str) -> Case:
    """The label of the attendance status at `path` ("Present"), NULL for no mark: in SQL, not per row."""
    whens = [When(**{path: value}, then=Value(str(label))) for value, label in AttendanceStatus.choices]
    return Case(*whens, default=None, output_field=CharField())


def attendance_lines(
    offering: Offering, enrollments: QuerySet[Enrollment] | None = None
) -> QuerySet[Enrollment]:
    """One row per participant (among `enrollments`, as for attendance_grid) and session of `offering`,
    for ATTENDANCE_COLUMNS.

    Participants by name, then sessions by start, like the grid read across. ``mark`` is the status
    or None, ``mark_label`` its label; ``person_name`` reads "Last, First"; ``session_date`` is the
    session's first day in the district's zone and ``session_day`` the same as ISO text. One query,
    built to be streamed (``values_list(...).iterator()``): the enrollment joins its offering's
    sessions, and each line's mark is LEFT JOINed on the (session, person) unique index. The columns
    the export reads need no converter in Python, so Django hands the driver's rows straight through.
    """
    return (
        taking_part(offering, enrollments)
        .annotate(
            # LEFT JOIN attendance ON (session, person): a mark or None for every line.
            line_mark=FilteredRelation(
                "offering__sessions__attendance",
                condition=Q(offering__sessions__attendance__person=F("person")),
            ),
            person_name=Concat(
                "person__last_name", Value(", "), "person__first_name", output_field=CharField()
            ),
            session_id=F("offering__sessions__pk"),
            session_title=F("offering__sessions__title"),
            session_starts_at=F("offering__sessions__starts_at"),
            session_date=TruncDate("offering__sessions__starts_at"),
            session_day=Cast(TruncDate("offering__sessions__starts_at"), CharField()),
            mark=F("line_mark__status"),
            mark_label=status_label("line_mark__status"),
        )
        .exclude(session_id=None)
        .order_by("person__last_name", "person__first_name", "person_id", "session_starts_at", "session_id")
    )


# --- Feedback -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackSummary:
    """Answers to one session's (or several sessions') survey: how many, the average, the spread."""

    count: int
    average: float | None
    distribution: dict[int, int]  # rating 1..5 -> answers, every rating listed

    def percent(self, rating: int) -> int:
        return round(100 * self.distribution.get(rating, 0) / self.count) if self.count else 0

    @property
    def bars(self) -> list[tuple[int, str, int, int]]:
        """(rating, its label, answers, percent of answers), 5 first: the result tables and bars."""
        return [(r, RATING_LABELS[r], self.distribution[r], self.percent(r)) for r in reversed(RATINGS)]


class FeedbackComment(NamedTuple):
    session_id: int
    rating: int
    comment: str
    created_at: datetime.datetime


def _feedback_aggregates(prefix: str = "") -> dict:
    ratings = {
        f"rated_{r}": Count(f"{prefix}pk", filter=Q(**{f"{prefix}rating": r}), distinct=bool(prefix))
        for r in RATINGS
    }
    return {
        "answers": Count(f"{prefix}pk", distinct=bool(prefix)),
        "average": Avg(f"{prefix}rating"),
        **ratings,
    }


def _summary(row) -> FeedbackSummary:
    """A FeedbackSummary from the aggregates of _feedback_aggregates (a dict or an annotated object)."""
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    average = get("average")
    return FeedbackSummary(
        count=get("answers") or 0,
        average=float(average) if average is not None else None,
        distribution={r: get(f"rated_{r}") or 0 for r in RATINGS},
    )


def _comments(feedback: QuerySet[SessionFeedback]) -> list[FeedbackComment]:
    """Written comments, newest first; unattributed, so leaders can be candid."""
    return [
        FeedbackComment(*row)
        for row in feedback.exclude(comment="")
        .order_by("session__starts_at", "session_id", "-created_at", "-pk")
        .values_list("session_id", "rating", "comment", "created_at")
    ]


@dataclass
class SessionFeedbackResults:
    session: Session
    summary: FeedbackSummary
    comments: list[FeedbackComment]


def session_feedback_results(session: Session) -> SessionFeedbackResults:
    """The survey answers of one session: count, average, spread over 1-5, comments (two queries)."""
    answers = SessionFeedback.objects.filter(session=session)
    summary = _summary(answers.aggregate(**_feedback_aggregates()))
    return SessionFeedbackResults(session=session, summary=summary, comments=_comments(answers))


@dataclass
class OfferingFeedbackResults:
    offering: Offering
    sessions: list[SessionFeedbackResults]  # every session, by start, answered or not
    overall: FeedbackSummary

    @property
    def comments(self) -> int:
        return sum(len(s.comments) for s in self.sessions)


def offering_feedback_results(offering: Offering) -> OfferingFeedbackResults:
    """Per-session survey results of `offering` and the offering's overall result (three queries)."""
    session_rows = list(
        Session.objects.filter(offering=offering)
        .annotate(**_feedback_aggregates("feedback__"))
        .order_by("starts_at", "pk")
    )
    answers = SessionFeedback.objects.filter(session__offering=offering)
    overall = _summary(answers.aggregate(**_feedback_aggregates()))
    comments_by_session: dict[int, list[FeedbackComment]] = {}
    for comment in _comments(answers):
        comments_by_session.setdefault(comment.session_id, []).append(comment)
    return OfferingFeedbackResults(
        offering=offering,
        sessions=[
            SessionFeedbackResults(
                session=row, summary=_summary(row), comments=comments_by_session.get(row.pk, [])
            )
            for row in session_rows
        ],
        overall=overall,
    )


def own_feedback(session: Session, person: Person | None) -> SessionFeedback | None:
    """`person`'s answer about `session`, if they gave one."""
    if person is None:
        return None
    return SessionFeedback.objects.filter(session=session, person=person).first()


def own_mark(session: Session, person: Person | None) -> str | None:
    """`person`'s attendance status at `session`, or None."""
    if person is None:
        return None
    return Attendance.objects.filter(session=session, person=person).values_list("status", flat=True).first()
