"""Mentorship health: how often each pair meets, who has gone quiet, and what mentees said at the end.

One read path serves the page, its summary and the CSV export, for mentorships and (as a second table)
coaching assignments. For each active pair of a school year it counts the pair's log entries per month of
the school year (September to June) with conditional aggregation, so the whole table is ONE query with a
GROUP BY, whatever the number of pairs or entries:

- ``m_1`` ... ``m_10``   entries logged in September ... June of the school year (every kind counts:
                         meetings, observations, feedback conversations and check-ins are all contact)
- ``total``              entries logged in all
- ``last_contact``       the date of the latest entry (None before the first)
- ``quiet_since``        the last contact, or the start of the pair when nothing is logged yet
- ``feedback_rating``    the mentee's end-of-year rating, when given (mentorships only)

A pair has had **no contact in N weeks** ("stale") when ``quiet_since`` is more than N weeks before the
day of the report: a pair that started last week and has not met yet is not flagged; one that started
two months ago and never met is. N is ``settings.MENTORING_NO_CONTACT_WEEKS`` unless the page asks for
another number.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Max, Q, QuerySet
from django.db.models.functions import Coalesce

from leaderdev.exports import Column
from leaderdev.models import Position, SchoolLevel, SchoolYear

from ..models import CoachAssignment, Mentorship, MentorshipStatus

MONTHS = (9, 10, 11, 12, 1, 2, 3, 4, 5, 6)
MONTH_LABELS = ("Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun")
MONTH_FIELDS = tuple(f"m_{n}" for n in range(1, len(MONTHS) + 1))
MENTORSHIPS, COACHING = "mentorships", "coaching"


@dataclass(frozen=True)
class Month:
    field: str
    label: str
    first: datetime.date
    following: datetime.date  # the first day of the next month

    @property
    def name(self) -> str:
        return f"{self.first:%B %Y}"


def school_months(school_year: SchoolYear) -> list[Month]:
    """September to June of `school_year`, each with its date range."""
    months = []
    for field, label, month in zip(MONTH_FIELDS, MONTH_LABELS, MONTHS, strict=True):
        year = school_year.leadership_year + (0 if month >= 7 else 1)
        first = datetime.date(year, month, 1)
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        months.append(Month(field, label, first, following))
    return months


def cutoff(as_of: datetime.date, weeks: int) -> datetime.date:
    """Contact before this day is more than `weeks` weeks old on `as_of`."""
    return as_of - datetime.timedelta(weeks=weeks)


def stale_q(as_of: datetime.date, weeks: int) -> Q:
    """The pairs (of a health queryset) with no contact in `weeks` weeks on `as_of`."""
    return Q(quiet_since__lt=cutoff(as_of, weeks))


def _with_health(queryset: QuerySet, school_year: SchoolYear) -> QuerySet:
    per_month = {
        month.field: Count(
            "log_entries",
            filter=Q(log_entries__date__gte=month.first, log_entries__date__lt=month.following),
        )
        for month in school_months(school_year)
    }
    return queryset.annotate(
        **per_month,
        total=Count("log_entries"),
        last_contact=Max("log_entries__date"),
        quiet_since=Coalesce(Max("log_entries__date"), F("started_on")),
    )


def mentorship_health(school_year: SchoolYear) -> QuerySet[Mentorship]:
    """The year's active mentorships by mentee, with their monthly counts, last contact and feedback."""
    pairs = Mentorship.objects.filter(school_year=school_year, status=MentorshipStatus.ACTIVE)
    return (
        _with_health(pairs, school_year)
        .annotate(feedback_rating=F("feedback__rating"))
        .select_related("mentee__school__network", "mentor__person")
        .order_by("mentee__last_name", "mentee__first_name", "pk")
    )


def coaching_health(school_year: SchoolYear) -> QuerySet[CoachAssignment]:
    """The year's active coaching assignments by leader, with their monthly counts and last contact."""
    pairs = CoachAssignment.objects.filter(school_year=school_year, status=MentorshipStatus.ACTIVE)
    return (
        _with_health(pairs, school_year)
        .select_related("leader__school__network", "coach__organization")
        .order_by("leader__last_name", "leader__first_name", "pk")
    )


def health(kind: str, school_year: SchoolYear) -> QuerySet:
    return coaching_health(school_year) if kind == COACHING else mentorship_health(school_year)


# --- One pair, as the page shows it ----------------------------------------------------------------------


def weeks_since(day: datetime.date | None, as_of: datetime.date) -> int | None:
    """Whole weeks from `day` to `as_of` (None when there is no day)."""
    if day is None:
        return None
    return max((as_of - day).days // 7, 0)


def is_stale(quiet_since: datetime.date, as_of: datetime.date, weeks: int) -> bool:
    return quiet_since < cutoff(as_of, weeks)


@dataclass
class MonthCell:
    count: int | None  # None: a month before the pair started, or still to come
    month: Month


@dataclass
class HealthRow:
    """One pair of the health table: the relationship and what the page says about it."""

    pair: Mentorship | CoachAssignment
    months: list[MonthCell]
    weeks_since: int | None
    stale: bool


def health_rows(pairs, school_year: SchoolYear, as_of: datetime.date, weeks: int) -> list[HealthRow]:
    """The page's rows for `pairs` (a page of a health queryset); no query."""
    months = school_months(school_year)
    rows = []
    for pair in pairs:
        running = [m.first <= as_of and m.following > pair.started_on for m in months]
        cells = [
            MonthCell(getattr(pair, m.field) if on else None, m)
            for m, on in zip(months, running, strict=True)
        ]
        rows.append(
            HealthRow(
                pair=pair,
                months=cells,
                weeks_since=weeks_since(pair.last_contact, as_of),
                stale=is_stale(pair.quiet_since, as_of, weeks),
            )
        )
    return rows


# --- The summary ------------------------------------------------------------------------------------------


@dataclass
class Summary:
    pairs: int
    contacted: int  # pairs with contact within the threshold
    stale: int
    meetings: int
    pair_months: int  # the months each pair has been running, added up
    ratings: list[int]
    weeks: int

    @property
    def contacted_percent(self) -> int | None:
        return round(100 * self.contacted / self.pairs) if self.pairs else None

    @property
    def meetings_per_pair_month(self) -> float | None:
        return round(self.meetings / self.pair_months, 1) if self.pair_months else None

    @property
    def feedback_average(self) -> float | None:
        return round(sum(self.ratings) / len(self.ratings), 1) if self.ratings else None


def months_running(started_on: datetime.date, as_of: datetime.date, months: list[Month]) -> int:
    """How many of the school `months` a pair that started on `started_on` has run by `as_of`, at least 1."""
    return max(sum(1 for m in months if m.first <= as_of and m.following > started_on), 1)


def summary(
    pairs: QuerySet, school_year: SchoolYear, as_of: datetime.date, weeks: int, *, with_feedback: bool
) -> Summary:
    """The numbers at the top of the page for every pair of `pairs` (the filtered queryset): one query."""
    fields = ["total", "last_contact", "quiet_since", "started_on"]
    if with_feedback:
        fields.append("feedback_rating")
    since = cutoff(as_of, weeks)
    months = school_months(school_year)
    result = Summary(pairs=0, contacted=0, stale=0, meetings=0, pair_months=0, ratings=[], weeks=weeks)
    for row in pairs.order_by().values_list(*fields):
        total, last_contact, quiet_since, started_on = row[:4]
        result.pairs += 1
        result.meetings += total
        result.contacted += last_contact is not None and last_contact >= since
        result.stale += quiet_since < since
        result.pair_months += months_running(started_on, as_of, months)
        if with_feedback and row[4] is not None:
            result.ratings.append(row[4])
    return result


# --- The CSV export ----------------------------------------------------------------------------------------


def export_columns(kind: str, school_year: SchoolYear, as_of: datetime.date, weeks: int) -> list[Column]:
    """The health CSV's columns: the pair, its months, last contact, the flag and (mentorships) feedback."""
    person = "leader" if kind == COACHING else "mentee"

    def weeks_cell(row):
        return weeks_since(row["last_contact"], as_of)

    def stale_cell(row):
        return is_stale(row["quiet_since"], as_of, weeks)

    columns = [
        Column(f"{person.title()} last name", f"{person}__last_name"),
        Column(f"{person.title()} first name", f"{person}__first_name"),
        Column(f"{person.title()} e-mail", f"{person}__email"),
        Column("Position", f"{person}__position", choices=Position),
        Column("School", f"{person}__school__name"),
        Column("Network", f"{person}__school__network__name"),
        Column("Level", f"{person}__school__level", choices=SchoolLevel),
    ]
    if kind == COACHING:
        columns += [
            Column("Coach", "coach__full_name"),
            Column("Coach e-mail", "coach__email"),
            Column("Organisation", "coach__organization__name"),
        ]
    else:
        columns += [
            Column(
                "Mentor",
                value=lambda row: f"{row['mentor__person__first_name']} {row['mentor__person__last_name']}",
                uses=["mentor__person__first_name", "mentor__person__last_name"],
            ),
            Column("Mentor e-mail", "mentor__person__email"),
        ]
    columns.append(Column("Started on", "started_on"))
    columns += [Column(f"Meetings {m.label} {m.first.year}", m.field) for m in school_months(school_year)]
    columns += [
        Column("Meetings in all", "total"),
        Column("Last contact", "last_contact"),
        Column("Weeks since last contact", value=weeks_cell, uses=["last_contact"]),
        Column(f"No contact in {weeks} weeks", value=stale_cell, uses=["quiet_since"]),
    ]
    if kind != COACHING:
        columns.append(Column("Feedback rating", "feedback_rating"))
    return columns
