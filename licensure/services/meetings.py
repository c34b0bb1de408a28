"""Write workflows of the monthly licensure support groups.

create_group        a school year's group with its facilitators (experienced district leaders)
add_member          someone pursuing a license joins a group
remove_member       they leave it (their past attendance and next steps stay)
schedule_meeting    one meeting of a group, inside its school year
schedule_monthly    the year's meetings on the nth weekday of each month, September to June
record_attendance   who came to a meeting and the next steps agreed with each, saved in one go
save_notes          what the group worked on at a meeting

Who may run a group (the licensure team, or the group's facilitators this year) is checked by the views
with ``may_run``; the two services a facilitator uses at the meeting itself check it again, since they
take the user anyway. Every service takes explicit arguments, works in one transaction and raises a
DomainError, with a message for people, for what the office's rules forbid.
"""

import calendar
import datetime
from collections.abc import Iterable, Mapping

from django.db import IntegrityError, transaction
from django.utils import timezone

from leaderdev.errors import DomainError
from leaderdev.models import Person, SchoolYear
from programs.models import BlackoutDate
from programs.services.scheduling import next_school_day, nth_weekday

from ..models import (
    AttendanceStatus,
    GroupMembership,
    MeetingAttendance,
    SupportGroup,
    SupportMeeting,
)
from ..rules import facilitates, is_licensure_team

#: Months of the school year in which groups meet, in order: September to June.
MEETING_MONTHS = (9, 10, 11, 12, 1, 2, 3, 4, 5, 6)
MAX_NOTES = 10_000
MAX_NEXT_STEPS = 2_000


def may_run(user, group: SupportGroup) -> bool:
    """Whether `user` may change `group`: its members, schedule, attendance and notes."""
    return is_licensure_team(user) or facilitates(user, group)


def _person_id(person) -> int:
    return int(getattr(person, "pk", person))


def create_group(
    school_year: SchoolYear, name: str, facilitators: Iterable[Person], usual_time: str = ""
) -> SupportGroup:
    """Start a support group of `school_year` run by `facilitators` (at least one).

    The name is unique within the year ("Principal licensure, Tuesday"); `usual_time` is free text for
    people ("Second Wednesday, 4:00-5:30 pm, Bolling Building").
    """
    name = name.strip()
    facilitators = list(facilitators)
    if not name:
        raise DomainError("Give the group a name.")
    if not facilitators:
        raise DomainError("A group needs at least one facilitator to run its meetings.")
    with transaction.atomic():
        if SupportGroup.objects.filter(school_year=school_year, name__iexact=name).exists():
            raise DomainError(f"{school_year} already has a group called “{name}”.")
        group = SupportGroup.objects.create(school_year=school_year, name=name, usual_time=usual_time.strip())
        group.facilitators.set(facilitators)
    return group


def add_member(
    group: SupportGroup, person: Person, joined_on: datetime.date | None = None
) -> GroupMembership:
    """Add `person` to `group` (joining today unless `joined_on` says otherwise).

    Refuses a facilitator of the group (they run it; they are not one of its participants) and someone
    already in it.
    """
    joined_on = joined_on or timezone.localdate()
    with transaction.atomic():
        if group.facilitators.filter(pk=person.pk).exists():
            raise DomainError(f"{person.full_name} facilitates {group.name}; a facilitator is not a member.")
        if GroupMembership.objects.filter(group=group, person=person).exists():
            raise DomainError(f"{person.full_name} is already in {group.name}.")
        try:
            with transaction.atomic():
                return GroupMembership.objects.create(group=group, person=person, joined_on=joined_on)
        except IntegrityError:  # added by someone else a moment ago
            raise DomainError(f"{person.full_name} is already in {group.name}.") from None


def remove_member(group: SupportGroup, person: Person) -> None:
    """Take `person` out of `group`. Their attendance and next steps of past meetings are kept."""
    deleted, _ = GroupMembership.objects.filter(group=group, person=person).delete()
    if not deleted:
        raise DomainError(f"{person.full_name} is not in {group.name}.")


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def schedule_meeting(
    group: SupportGroup,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    location: str = "",
    agenda: str = "",
) -> SupportMeeting:
    """Schedule one meeting of `group`.

    Refuses a meeting that ends before it starts, one outside the group's school year (in the district's
    zone) and a second meeting of the group at the same time.
    """
    if ends_at <= starts_at:
        raise DomainError("A meeting must end after it starts.")
    year = group.school_year
    day = _local_date(starts_at)
    if not year.start_date <= day <= year.end_date:
        raise DomainError(
            f"{day:%B} {day.day}, {day.year} is outside {year} "
            f"({year.start_date:%B} {year.start_date.day}, {year.start_date.year} to "
            f"{year.end_date:%B} {year.end_date.day}, {year.end_date.year})."
        )
    taken = DomainError(f"{group.name} already meets at that time.")
    with transaction.atomic():
        if SupportMeeting.objects.filter(group=group, starts_at=starts_at).exists():
            raise taken
        try:
            with transaction.atomic():
                return SupportMeeting.objects.create(
                    group=group,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    location=location.strip(),
                    agenda=agenda.strip(),
                )
        except IntegrityError:
            raise taken from None


def schedule_monthly(
    group: SupportGroup,
    *,
    weekday: int,
    nth: int,
    start_time: datetime.time,
    minutes: int,
    location: str = "",
) -> list[SupportMeeting]:
    """Schedule the year's meetings of `group` on the `nth` `weekday` of each month, September to June.

    `weekday` is 0 for Monday ... 6 for Sunday; `nth` is 1 to 4, or -1 for the last of the month. Each
    meeting starts at `start_time` in the district's zone and lasts `minutes`. A month that already has a
    meeting of the group (scheduled by hand, or by an earlier run) is skipped, so running it twice adds
    nothing; so is a day outside the school year. Returns the meetings it added, in order.

    A day on a weekend or inside one of the school year's blackout dates (holidays, vacation weeks,
    testing windows) moves to the next school day of the same month; a month with no school day left
    after it has no meeting. The dates follow the same rules as convening series
    (programs.services.scheduling).
    """
    if not 0 <= weekday <= 6:
        raise DomainError("Choose a day of the week.")
    if nth not in (1, 2, 3, 4, -1):
        raise DomainError("Choose the first, second, third, fourth or last of the month.")
    if minutes <= 0:
        raise DomainError("A meeting must last at least a minute.")
    year = group.school_year
    first_calendar_year = year.leadership_year
    zone = timezone.get_current_timezone()
    with transaction.atomic():
        # Lock the group: two people scheduling the year at once must not both add October.
        SupportGroup.objects.select_for_update().filter(pk=group.pk).first()
        blackouts = list(BlackoutDate.objects.filter(school_year=year))
        taken_months = {
            (local.year, local.month)
            for local in (
                timezone.localtime(moment)
                for moment in SupportMeeting.objects.filter(group=group).values_list("starts_at", flat=True)
            )
        }
        new = []
        for month in MEETING_MONTHS:
            calendar_year = first_calendar_year if month >= MEETING_MONTHS[0] else first_calendar_year + 1
            if (calendar_year, month) in taken_months:
                continue
            day = nth_weekday(calendar_year, month, weekday, nth)
            if day is None or not year.start_date <= day <= year.end_date:
                continue
            last = min(
                year.end_date,
                datetime.date(calendar_year, month, calendar.monthrange(calendar_year, month)[1]),
            )
            day = next_school_day(day, blackouts, last=last)
            if day is None:
                continue
            starts_at = timezone.make_aware(datetime.datetime.combine(day, start_time), zone)
            new.append(
                SupportMeeting(
                    group=group,
                    starts_at=starts_at,
                    ends_at=starts_at + datetime.timedelta(minutes=minutes),
                    location=location.strip(),
                )
            )
        return SupportMeeting.objects.bulk_create(new)


def attendance_is_open(meeting: SupportMeeting, today: datetime.date | None = None) -> bool:
    """Whether a meeting's attendance may be taken: from its day on (in the district's zone)."""
    return _local_date(meeting.starts_at) <= (today or timezone.localdate())


def record_attendance(
    meeting: SupportMeeting, rows: Mapping[Person | int, tuple[str, str]], user
) -> list[MeetingAttendance]:
    """Save who came to `meeting` and the next steps agreed with each: ``{person: (status, next_steps)}``.

    Only the group's members may be marked; anyone else, an unknown status, or a meeting that has not
    started yet (in the district's zone, the same day is fine) refuses the whole sheet and saves
    nothing. Rows are upserted in one statement: a person marked again keeps one row with the new
    status and next steps. People left out of `rows` keep what they had. `user` must be the licensure
    team or one of the group's facilitators. Returns the rows saved.
    """
    group = meeting.group
    if not may_run(user, group):
        raise DomainError("Only the licensure team and the group's facilitators take its attendance.")
    if not attendance_is_open(meeting):
        raise DomainError("This meeting has not happened yet: take its attendance on the day.")
    wanted = {_person_id(person): value for person, value in rows.items()}
    unknown = sorted({status for status, _ in wanted.values()} - set(AttendanceStatus.values))
    if unknown:
        raise DomainError(f"Unknown attendance status: {', '.join(map(str, unknown))}.")
    too_long = [pid for pid, (_, steps) in wanted.items() if len(steps or "") > MAX_NEXT_STEPS]
    if too_long:
        raise DomainError(f"Next steps are limited to {MAX_NEXT_STEPS} characters each.")
    with transaction.atomic():
        members = set(
            GroupMembership.objects.filter(group=group, person_id__in=wanted).values_list(
                "person_id", flat=True
            )
        )
        strangers = set(wanted) - members
        if strangers:
            people = Person.objects.filter(pk__in=strangers).order_by("last_name", "first_name")
            names = ", ".join(person.full_name for person in people)
            raise DomainError(f"Not members of {group.name}: {names or 'unknown people'}.")
        rows_to_save = [
            MeetingAttendance(meeting=meeting, person_id=pid, status=status, next_steps=(steps or "").strip())
            for pid, (status, steps) in sorted(wanted.items())
        ]
        return MeetingAttendance.objects.bulk_create(
            rows_to_save,
            update_conflicts=True,
            unique_fields=["meeting", "person"],
            update_fields=["status", "next_steps", "updated_at"],
        )


def save_notes(meeting: SupportMeeting, notes: str, user) -> SupportMeeting:
    """Save what the group worked on at `meeting` (every member reads it). `user` must be the licensure
    team or one of the group's facilitators."""
    if not may_run(user, meeting.group):
        raise DomainError("Only the licensure team and the group's facilitators write its notes.")
    notes = notes.strip()
    if len(notes) > MAX_NOTES:
        raise DomainError(f"Meeting notes are limited to {MAX_NOTES} characters.")
    meeting.notes = notes
    meeting.save(update_fields=["notes", "updated_at"])
    return meeting
