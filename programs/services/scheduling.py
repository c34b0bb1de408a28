"""Convening scheduling: the dates a session series' rule gives in a school year, and the sessions it makes.

The dates (pure, no database):

- **Monthly** (``MONTHLY_NTH_WEEKDAY``): occurrence k is the series' nth weekday of the kth month from
  ``first_month`` to ``last_month`` (September to June is 10 occurrences). A month without that day (no
  fifth Tuesday) has no occurrence; neither has a day outside the school year.
- **Spread** (``SPREAD``): the months from ``first_month`` to ``last_month`` (clipped to the school year)
  are cut into ``times_per_year`` equal parts; occurrence k is the series' weekday on or after the middle
  of the kth part. Four a year from September to June lands in October, late December, March and May.
- **School days only.** A date on a weekend or inside one of the year's blackouts moves to the *next
  school day* (the next weekday outside every blackout), not to the next same weekday: "the second Tuesday"
  that falls in an MCAS window becomes the first day after the window, which keeps the meeting close to
  when people expect it and inside its month. It never leaves its month (monthly) or its part of the year
  (spread), so two occurrences never collide; when no school day is left there the occurrence is skipped,
  and ``Occurrences.skipped`` says why.

Occurrence numbers are stable: a skipped month keeps its number, so October is always occurrence 2 of a
September-to-June series, and the session generated for it is found again on the next run.

The sessions (``generate_sessions``, one transaction, the series row locked): every occurrence the rule
gives gets one session (``Session.series`` + ``Session.occurrence``, unique together), titled, timed and
placed as the rule says, hosted by the series' host schools in rotation (occurrence k by host
(k - 1) mod n). Only the future is written: sessions on or before ``today`` and sessions anyone has
recorded attendance or feedback for are never changed or deleted. A future session whose occurrence the
rule no longer gives is deleted when it has no attendance, otherwise reported and kept. Running it again
with nothing changed writes nothing.
"""

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from leaderdev.errors import DomainError
from leaderdev.models import SchoolYear

from ..models import (
    Attendance,
    BlackoutDate,
    Enrollment,
    EnrollmentStatus,
    Offering,
    SeriesPattern,
    Session,
    SessionFeedback,
    SessionSeries,
)
from ..models.scheduling import school_year_month_order

ONE_DAY = datetime.timedelta(days=1)


class Blackout(Protocol):
    """What the date logic needs of a blackout (a BlackoutDate row, or anything shaped like one)."""

    start_date: datetime.date
    end_date: datetime.date
    reason: str


# --- Dates ---------------------------------------------------------------------------------------------


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> datetime.date | None:
    """The `nth` (1-5, or -1 for the last) `weekday` (0 = Monday) of a month, or None if it has none."""
    days = [week[weekday] for week in calendar.monthcalendar(year, month) if week[weekday]]
    try:
        return datetime.date(year, month, days[nth - 1 if nth > 0 else nth])
    except IndexError:
        return None


def closure(day: datetime.date, blackouts: Iterable[Blackout]) -> str | None:
    """Why nothing may be scheduled on `day` ("a weekend", or the blackout's reason), or None."""
    if day.weekday() >= 5:
        return "a weekend"
    for blackout in blackouts:
        if blackout.start_date <= day <= blackout.end_date:
            return blackout.reason
    return None


def next_school_day(
    day: datetime.date, blackouts: Iterable[Blackout], *, last: datetime.date
) -> datetime.date | None:
    """`day` itself if sessions may be held on it, else the next weekday outside every blackout, up to
    and including `last`; None when there is none."""
    blackouts = list(blackouts)
    while day <= last:
        if closure(day, blackouts) is None:
            return day
        day += ONE_DAY
    return None


def _fmt(day: datetime.date) -> str:
    return f"{day:%a %b} {day.day}, {day.year}"


@dataclass(frozen=True)
class Skipped:
    """An occurrence (or an existing session of one) that was not scheduled or not changed, and why."""

    occurrence: int
    day: datetime.date | None
    reason: str

    def __str__(self):
        when = f" ({_fmt(self.day)})" if self.day else ""
        return f"Occurrence {self.occurrence}{when}: {self.reason}"


@dataclass(frozen=True)
class Moved:
    """An occurrence moved off a weekend or blackout: from the day the rule gave to the day it is held."""

    occurrence: int
    planned: datetime.date
    day: datetime.date
    reason: str


@dataclass
class Occurrences:
    """The dates a rule gives in a year: ``dates`` as (occurrence, day), in order, and what was skipped
    and moved (with reasons)."""

    dates: list[tuple[int, datetime.date]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    moved: list[Moved] = field(default_factory=list)

    def place(self, occurrence: int, planned: datetime.date, blackouts, last: datetime.date, where: str):
        """Hold `occurrence` on `planned`, or the next school day up to `last` (the end of `where`)."""
        reason = closure(planned, blackouts)
        if reason is None:
            self.dates.append((occurrence, planned))
            return
        day = next_school_day(planned, blackouts, last=last)
        if day is None:
            self.skipped.append(
                Skipped(occurrence, planned, f"{reason}, and no school day is left in {where}")
            )
            return
        self.dates.append((occurrence, day))
        self.moved.append(Moved(occurrence, planned, day, reason))


def _months(series: SessionSeries, school_year: SchoolYear) -> list[tuple[int, int]]:
    """(calendar year, month) of each month from the series' first to its last, in school-year order."""
    count = (school_year_month_order(series.last_month) - school_year_month_order(series.first_month)) % 12
    first_year = school_year.leadership_year
    months = []
    for step in range(count + 1):
        month = (series.first_month - 1 + step) % 12 + 1
        months.append((first_year if month >= settings.SCHOOL_YEAR_START_MONTH else first_year + 1, month))
    return months


def _last_of_month(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def occurrence_dates(
    series: SessionSeries, school_year: SchoolYear, blackouts: Iterable[Blackout]
) -> Occurrences:
    """The days `series`' rule gives in `school_year`, off weekends and `blackouts` (see the module
    docstring for the rules). Pure: reads only its arguments."""
    blackouts = list(blackouts)
    result = Occurrences()
    months = _months(series, school_year)
    if series.pattern == SeriesPattern.MONTHLY_NTH_WEEKDAY:
        for occurrence, (year, month) in enumerate(months, start=1):
            planned = nth_weekday(year, month, series.weekday, series.nth)
            month_name = f"{calendar.month_name[month]} {year}"
            if planned is None:
                result.skipped.append(Skipped(occurrence, None, f"{month_name} has no such day"))
            elif not school_year.start_date <= planned <= school_year.end_date:
                result.skipped.append(Skipped(occurrence, planned, f"outside {school_year}"))
            else:
                last = min(_last_of_month(year, month), school_year.end_date)
                result.place(occurrence, planned, blackouts, last, month_name)
        return result

    span_start = max(datetime.date(*months[0], 1), school_year.start_date)
    span_end = min(_last_of_month(*months[-1]), school_year.end_date)
    length = (span_end - span_start).days + 1
    parts = series.times_per_year or 0
    for occurrence in range(1, parts + 1):
        part_start = span_start + datetime.timedelta(days=(occurrence - 1) * length // parts)
        part_end = span_start + datetime.timedelta(days=occurrence * length // parts - 1)
        middle = part_start + datetime.timedelta(days=(part_end - part_start).days // 2)
        planned = middle + datetime.timedelta(days=(series.weekday - middle.weekday()) % 7)
        where = f"{_fmt(part_start)} to {_fmt(part_end)}"
        if length <= 0 or planned > part_end:
            result.skipped.append(
                Skipped(occurrence, None, f"no {calendar.day_name[series.weekday]} in {where}")
            )
        else:
            result.place(occurrence, planned, blackouts, part_end, f"its part of the year ({where})")
    return result


# --- Sessions ------------------------------------------------------------------------------------------


@dataclass
class GenerationResult:
    """What generate_sessions did. ``created``, ``updated`` and ``unchanged`` are sessions; ``removed``
    describes the sessions it deleted; ``skipped`` lists occurrences it left alone, with reasons."""

    created: list[Session] = field(default_factory=list)
    updated: list[Session] = field(default_factory=list)
    unchanged: list[Session] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def created_ids(self) -> list[int]:
        return [session.pk for session in self.created]

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated or self.removed)

    def __str__(self):
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
            f"{len(self.removed)} removed, {len(self.skipped)} skipped"
        )


# The fields of a session the rule decides; everything else (description, facilitators, competencies,
# materials) is staff's and never touched.
RULED_FIELDS = ["offering", "title", "starts_at", "ends_at", "location", "school"]


def _ruled_values(session: Session) -> tuple:
    return tuple(
        getattr(session, f"{name}_id" if name in ("offering", "school") else name) for name in RULED_FIELDS
    )


def generate_sessions(series: SessionSeries, *, today: datetime.date | None = None) -> GenerationResult:
    """Make the sessions of `series` match its rule for its offering's school year; return what it did.

    Creates the missing future occurrences (in one bulk insert), updates future sessions the rule now
    puts elsewhere (day, time, place, host, title), deletes future sessions of occurrences the rule no
    longer gives, and leaves alone: every session on or before `today` (default: today in the district's
    zone; a session later today is not moved while people may be on their way), every session with
    attendance or feedback (reported in ``skipped`` when the rule wants it changed or gone), and sessions
    not generated from this series. Locks the series for the transaction, so two runs at once are
    serialised and the second finds the first's sessions; the unique (series, occurrence) constraint
    backs this up. Raises DomainError for an inactive series.
    """
    today = today or timezone.localdate()
    zone = timezone.get_default_timezone()
    result = GenerationResult()
    with transaction.atomic():
        series = (
            SessionSeries.objects.select_for_update(of=("self",))
            .select_related("offering__school_year")
            .get(pk=series.pk)
        )
        if not series.is_active:
            raise DomainError(f"“{series.title}” is not active: turn it on to generate its sessions.")
        school_year = series.offering.school_year
        blackouts = list(BlackoutDate.objects.filter(school_year=school_year))
        hosts = [host.school_id for host in series.hosts.order_by("position", "pk")]
        plan = occurrence_dates(series, school_year, blackouts)
        result.skipped.extend(plan.skipped)

        existing = {
            session.occurrence: session
            for session in Session.objects.filter(series=series).annotate(
                has_records=Exists(Attendance.objects.filter(session=OuterRef("pk")))
                | Exists(SessionFeedback.objects.filter(session=OuterRef("pk")))
            )
        }

        def is_past(day: datetime.date) -> bool:
            return day <= today

        def held_in_past(session: Session) -> bool:
            return is_past(timezone.localtime(session.starts_at, zone).date())

        to_create, to_update = [], []
        for occurrence, day in plan.dates:
            starts_at = timezone.make_aware(datetime.datetime.combine(day, series.start_time), zone)
            wanted = Session(
                offering_id=series.offering_id,
                series=series,
                occurrence=occurrence,
                title=series.title,
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(minutes=series.minutes),
                location=series.location,
                school_id=hosts[(occurrence - 1) % len(hosts)] if hosts else None,
            )
            session = existing.pop(occurrence, None)
            if session is None:
                if is_past(day):
                    result.skipped.append(Skipped(occurrence, day, "in the past: not created"))
                else:
                    to_create.append(wanted)
            elif _ruled_values(session) == _ruled_values(wanted) or held_in_past(session):
                result.unchanged.append(session)
            elif session.has_records:
                result.unchanged.append(session)
                result.skipped.append(Skipped(occurrence, day, f"has attendance: left as it is ({session})"))
            elif is_past(day):
                result.unchanged.append(session)
                result.skipped.append(
                    Skipped(occurrence, day, f"the rule now gives a past day: left as it is ({session})")
                )
            else:
                for name in RULED_FIELDS:
                    attname = f"{name}_id" if name in ("offering", "school") else name
                    setattr(session, attname, getattr(wanted, attname))
                to_update.append(session)

        # What is left are occurrences the rule no longer gives (fewer a year, a month now blacked out).
        to_delete = []
        for occurrence, session in sorted(existing.items()):
            if held_in_past(session):
                result.unchanged.append(session)
            elif session.has_records:
                result.unchanged.append(session)
                result.skipped.append(
                    Skipped(occurrence, None, f"no longer in the rule but has attendance: kept ({session})")
                )
            else:
                to_delete.append(session)

        if to_create:
            result.created = Session.objects.bulk_create(to_create)
        if to_update:
            now = timezone.now()
            for session in to_update:
                session.updated_at = now
            Session.objects.bulk_update(to_update, [*RULED_FIELDS, "updated_at"])
            result.updated = to_update
        if to_delete:
            result.removed = [str(session) for session in to_delete]
            Session.objects.filter(pk__in=[session.pk for session in to_delete]).delete()
        if result.created:
            _copy_facilitators(series.offering_id, result.created)
        invite(series.offering_id, [*result.created, *result.updated])
    return result


def _copy_facilitators(offering_id: int, sessions: list[Session]) -> None:
    """New sessions are led by the offering's facilitators (staff can change each session afterwards)."""
    through = Session.facilitators.through
    facilitator_ids = list(
        Offering.facilitators.through.objects.filter(offering_id=offering_id).values_list(
            "facilitator_id", flat=True
        )
    )
    through.objects.bulk_create(
        [through(session_id=s.pk, facilitator_id=f) for s in sessions for f in facilitator_ids],
        ignore_conflicts=True,
    )


def invite(offering_id: int, sessions: list[Session]) -> int:
    """E-mail the offering's enrolled people an invitation (with the .ics) to each of `sessions`, once per
    session and day: a session moved to another day is sent again, so calendars follow; a re-run sends
    nothing. Delivery is queued for after the commit. Returns the number of invitations recorded."""
    from leaderdev.notifications import services as notifications

    if not sessions:
        return 0
    people = list(
        Enrollment.objects.filter(
            offering_id=offering_id, status=EnrollmentStatus.ENROLLED, person__user__is_active=True
        ).values_list("person__user_id", flat=True)
    )
    if not people:
        return 0
    return sum(
        notifications.notify("session_invitation", people, session, timezone.localdate(session.starts_at))
        for session in sessions
    )
