"""Write workflows of the mentor pool: who is in it each year, how their status moves, and ending pairs.

add_to_pool        put an experienced leader in a school year's pool (nominated or applied), with the
                   first line of their status history (check_can_join says who may join)
move_mentor        move a mentor's status along models.MENTOR_TRANSITIONS, writing the history; a
                   selected mentor keeps their status while they still mentor someone this year
move_mentors       the same for many mentors at once (the pool page's bulk move), one report
check_capacity     refuse a capacity below the mentees a mentor already has
end_mentorship     end an active mentorship (frees the mentor's place)

Every status a mentor ever had is a MentorStatusChange row, the first one included, so the pool's
history is complete whichever way a mentor entered it (the pool page, the admin, the demo data).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from leaderdev.audit import note_change
from leaderdev.errors import DomainError

from ..models import (
    MENTOR_TRANSITIONS,
    Mentor,
    Mentorship,
    MentorshipStatus,
    MentorSource,
    MentorStatus,
    MentorStatusChange,
)

STATUS_LABELS = dict(MentorStatus.choices)
# The status a mentor enters the pool with, by how they came to it.
FIRST_STATUS = {MentorSource.NOMINATED: MentorStatus.NOMINATED, MentorSource.APPLIED: MentorStatus.APPLIED}
# Display order of the moves a page offers (the order a mentor usually travels).
MOVE_ORDER = [
    MentorStatus.SCREENING,
    MentorStatus.SELECTED,
    MentorStatus.NOT_SELECTED,
    MentorStatus.WITHDRAWN,
]


def allowed_moves(status: str) -> list[str]:
    """The statuses a mentor in `status` may move to, in the pool's usual order."""
    allowed = MENTOR_TRANSITIONS.get(status, set())
    return [to for to in MOVE_ORDER if to in allowed]


def _labels(statuses: Iterable[str]) -> str:
    names = [f"“{STATUS_LABELS[s].lower()}”" for s in statuses]
    if not names:
        return "nothing"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" or {names[-1]}"


def _validation_message(error: ValidationError) -> str:
    return " ".join(message for messages in error.message_dict.values() for message in messages)


def active_mentorships(mentor: Mentor):
    """The mentor's active mentorships of their pool year."""
    return Mentorship.objects.filter(
        mentor=mentor, school_year_id=mentor.school_year_id, status=MentorshipStatus.ACTIVE
    )


@transaction.atomic
def add_to_pool(
    person,
    school_year,
    *,
    source: str = MentorSource.NOMINATED,
    nominated_by: str = "",
    capacity: int = 1,
    availability: str = "",
    languages: Iterable[str] = (),
    strengths: Iterable = (),
    notes: str = "",
    user=None,
) -> Mentor:
    """Put `person` in the mentor pool of `school_year`; return the new Mentor.

    They start as nominated or applied (by `source`), and that first status is written to their history.
    Refused for someone who has left the district or is already in that year's pool.
    """
    check_can_join(person, school_year)
    if source not in FIRST_STATUS:
        raise DomainError("A mentor is either nominated or applies.")
    mentor = Mentor(
        person=person,
        school_year=school_year,
        status=FIRST_STATUS[source],
        source=source,
        nominated_by=nominated_by,
        capacity=capacity,
        availability=availability,
        languages=list(languages),
        notes=notes,
    )
    try:
        mentor.full_clean()
    except ValidationError as error:
        raise DomainError(_validation_message(error)) from None
    mentor.save()
    if strengths:
        mentor.strengths.set(strengths)
    reason = f"Nominated by {nominated_by}" if source == MentorSource.NOMINATED and nominated_by else ""
    record_first_status(mentor, user=user, reason=reason or STATUS_LABELS[mentor.status])
    return mentor


def check_can_join(person, school_year) -> None:
    """Refuse someone who has left the district or is already in `school_year`'s pool."""
    if not person.is_active:
        raise DomainError(f"{person} has left the district and cannot join the mentor pool.")
    if Mentor.objects.filter(person=person, school_year=school_year).exists():
        raise DomainError(f"{person} is already in the {school_year} mentor pool.")


def record_first_status(mentor: Mentor, *, user=None, reason: str = "") -> MentorStatusChange:
    """Write the status a mentor entered the pool with as the first line of their history.

    add_to_pool calls it; so does the admin, which saves its own form's mentor (and its strengths).
    """
    return MentorStatusChange.objects.create(
        mentor=mentor, from_status="", to_status=mentor.status, changed_by=user, reason=reason[:300]
    )


@transaction.atomic
def move_mentor(mentor: Mentor, to_status: str, *, user=None, reason: str = "") -> Mentor:
    """Move `mentor` to `to_status` if MENTOR_TRANSITIONS allows it, and record who, when and why.

    A selected mentor who still has active mentorships this year cannot leave "selected": their mentees
    would be left with a mentor outside the pool. End those mentorships first.
    """
    if to_status not in STATUS_LABELS:
        raise DomainError(f"“{to_status}” is not a mentor status.")
    locked = Mentor.objects.select_for_update().select_related("person").get(pk=mentor.pk)
    name, current = locked.person.full_name, locked.status
    if current == to_status:
        raise DomainError(f"{name} is already {STATUS_LABELS[to_status].lower()}.")
    allowed = allowed_moves(current)
    if to_status not in allowed:
        raise DomainError(
            f"{name} is {STATUS_LABELS[current].lower()}: they can move to {_labels(allowed)}, "
            f"not to “{STATUS_LABELS[to_status].lower()}”."
        )
    if current == MentorStatus.SELECTED:
        mentees = list(active_mentorships(locked).select_related("mentee"))
        if mentees:
            names = ", ".join(m.mentee.full_name for m in mentees)
            raise DomainError(
                f"{name} still mentors {names} this year. End "
                f"{'that mentorship' if len(mentees) == 1 else 'those mentorships'} first, then move them."
            )
    locked.status = to_status
    locked.save(update_fields=["status", "updated_at"])
    MentorStatusChange.objects.create(
        mentor=locked, from_status=current, to_status=to_status, changed_by=user, reason=reason[:300]
    )
    mentor.status = to_status
    return locked


@dataclass
class MoveReport:
    """What move_mentors did: who moved, and who did not and why (one message each)."""

    moved: list[Mentor] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def move_mentors(mentors: Iterable[Mentor], to_status: str, *, user=None, reason: str = "") -> MoveReport:
    """Move each of `mentors` to `to_status` through move_mentor; one refusal does not stop the others."""
    report = MoveReport()
    for mentor in mentors:
        try:
            report.moved.append(move_mentor(mentor, to_status, user=user, reason=reason))
        except DomainError as error:
            report.refused.append(str(error))
    return report


def check_capacity(mentor: Mentor, capacity: int) -> None:
    """Refuse a capacity below the number of mentees `mentor` already has this year."""
    if mentor.pk is None:
        return
    taken = active_mentorships(mentor).count()
    if capacity < taken:
        raise DomainError(
            f"{mentor.person} already mentors {taken} {'person' if taken == 1 else 'people'} this year: "
            f"the capacity cannot be lower than {taken}."
        )


@transaction.atomic
def end_mentorship(
    mentorship: Mentorship, *, ended_on: datetime.date | None = None, reason: str = "", user=None
) -> Mentorship:
    """End an active mentorship on `ended_on` (today by default, never before it started).

    The mentor's place is free again and the mentee can be matched anew; the log stays.
    """
    locked = (
        Mentorship.objects.select_for_update()
        .select_related("mentee", "mentor__person")
        .get(pk=mentorship.pk)
    )
    if locked.status != MentorshipStatus.ACTIVE:
        raise DomainError(f"The mentorship of {locked.mentee} has already ended.")
    ended_on = ended_on or timezone.localdate()
    if ended_on < locked.started_on:
        raise DomainError(
            f"The mentorship of {locked.mentee} started on {locked.started_on:%B %-d, %Y}; "
            "it cannot end before that."
        )
    locked.status = MentorshipStatus.ENDED
    locked.ended_on = ended_on
    locked.end_reason = reason[:300]
    note_change(locked, user=user, reason=reason or "Mentorship ended")
    locked.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
    return locked
