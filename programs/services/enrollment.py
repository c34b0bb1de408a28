"""Enrollment: who is in which offering, with capacity, an automatic waitlist and eligibility rules.

The rules, in one place:

- **Eligibility** (``eligibility_problems``, and its SQL twin ``eligible_people``): the person is active;
  their position is one of the offering's ``eligible_positions`` (empty: any school-leader position);
  they are at most in year ``max_year_in_role`` of their role during the offering's school year; their
  school is of the offering's ``school_level``.
- **Places**: statuses in ``PLACE_HOLDING`` (enrolled, completed) count against ``capacity`` (None: no
  limit). Someone who joins a full offering is waitlisted; the waitlist is first come, first served by
  ``status_changed_at``. When a place frees (a withdrawal, a raised capacity) the earliest waitlisted
  eligible people move up in the same transaction.
- **Opt-in offerings** (an affinity space): staff invite, the person chooses. Without ``opted_in=True``
  an enroll() on an opt-in offering invites; ``opted_in=True`` records that the person asked to join
  (they did so themselves, or accepted an invitation), and only then do they take a place or wait.
- **Statuses** move only along ``ENROLLMENT_TRANSITIONS``.

Every write locks the offering row (``select_for_update``) for its transaction, so two people taking
the last place at the same moment are serialised: one is enrolled, the other waitlisted. Changes made
by a user (``by``) are written to the admin's history of each enrollment.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from leaderdev.errors import DomainError
from leaderdev.models import SCHOOL_LEADER_POSITIONS, Person, Position, SchoolLevel

from ..models import (
    ENROLLMENT_TRANSITIONS,
    PLACE_HOLDING,
    Enrollment,
    EnrollmentStatus,
    Offering,
)

POSITION_PLURALS = {
    Position.PRINCIPAL: "principals",
    Position.HEAD_OF_SCHOOL: "heads of school",
    Position.ASSISTANT_PRINCIPAL: "assistant principals",
    Position.ADMIN_TEAM_MEMBER: "admin team members",
    Position.TEACHER_LEADER: "teacher leaders",
    Position.CENTRAL_OFFICE: "central office staff",
}
STATUS_LABELS = dict(EnrollmentStatus.choices)
# What enroll() may be asked to make; the waitlist fills itself when the offering is full.
REQUESTABLE = (EnrollmentStatus.INVITED, EnrollmentStatus.ENROLLED)
# Statuses from which someone may (re)join: an existing row in any other status is a duplicate.
REJOINABLE = (EnrollmentStatus.INVITED, EnrollmentStatus.WITHDRAWN)


# --- Eligibility -------------------------------------------------------------------------------------


def eligible_positions(offering: Offering) -> tuple[str, ...]:
    """The positions that may enroll: the offering's list, or every school-leader position when empty."""
    return tuple(offering.eligible_positions or SCHOOL_LEADER_POSITIONS)


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def years_label(max_year: int) -> str:
    """2 -> "first- and second-year leaders"."""
    if max_year == 1:
        return "first-year leaders"
    if max_year == 2:
        return "first- and second-year leaders"
    return f"leaders in years 1 to {max_year} of their role"


def school_of_level(level: str) -> str:
    """ "elementary" -> "elementary school", "k8" -> "K-8 school"."""
    label = dict(SchoolLevel.choices).get(level, level)
    return f"{label if level == SchoolLevel.K8 else label.lower()} school"


def level_label(level: str) -> str:
    """ "elementary" -> "elementary schools"."""
    return f"{school_of_level(level)}s"


def eligibility_summary(offering: Offering) -> list[str]:
    """Who may join, in words, for pages: ["Principals and assistant principals", "Elementary schools"]."""
    parts = [_join([POSITION_PLURALS.get(p, p) for p in eligible_positions(offering)]).capitalize()]
    if offering.max_year_in_role:
        parts.append(years_label(offering.max_year_in_role).capitalize())
    if offering.school_level:
        parts.append(level_label(offering.school_level).capitalize())
    if offering.is_opt_in:
        parts.append("Opt-in: staff invite, people choose to join")
    return parts


def eligibility_problems(offering: Offering, person: Person) -> list[str]:
    """Why `person` may not join `offering`, in words for people; empty when they may.

    Reads ``offering.school_year`` and ``person.school``: select_related them to check many people
    without a query each. ``eligible_people`` is the same rule as a queryset.
    """
    problems = []
    if not person.is_active:
        problems.append("no longer active in the district")
    positions = eligible_positions(offering)
    if person.position not in positions:
        wanted = _join([POSITION_PLURALS.get(p, p) for p in positions])
        problems.append(f"a {person.get_position_display().lower()}; this offering is for {wanted}")
    if offering.max_year_in_role:
        year = person.year_in_role(offering.school_year)
        if year is None:
            problems.append(f"starts in their role only after {offering.school_year} ends")
        elif year > offering.max_year_in_role:
            problems.append(
                f"in year {year} of their role; this offering is for {years_label(offering.max_year_in_role)}"
            )
    if offering.school_level:
        if person.school is None:
            problems.append(f"has no school; this offering is for {level_label(offering.school_level)}")
        elif person.school.level != offering.school_level:
            school = school_of_level(person.school.level)
            article = "an" if school[0] in "aeiou" else "a"
            wanted = level_label(offering.school_level)
            problems.append(f"works at {article} {school}; this offering is for {wanted}")
    return problems


def eligible_people(offering: Offering) -> QuerySet[Person]:
    """Everyone who may join `offering` (whether or not they already have): eligibility_problems in SQL."""
    people = Person.objects.filter(is_active=True, position__in=eligible_positions(offering))
    if offering.school_level:
        people = people.filter(school__level=offering.school_level)
    if offering.max_year_in_role:
        people = people.in_year_of_role(offering.school_year, years=(1, offering.max_year_in_role))
    return people


# --- Places --------------------------------------------------------------------------------------------


def places_held(offering: Offering) -> int:
    return Enrollment.objects.filter(offering=offering, status__in=PLACE_HOLDING).count()


def _free_places(offering: Offering) -> int | None:
    """Places left (never negative: a lowered capacity bumps nobody); None for an unlimited offering."""
    if offering.capacity is None:
        return None
    return max(offering.capacity - places_held(offering), 0)


def _lock(offering: Offering) -> Offering:
    """The offering's row, locked until the transaction ends, with what eligibility and messages read."""
    return (
        Offering.objects.select_for_update(of=("self",))
        .select_related("program", "school_year")
        .get(pk=offering.pk)
    )


def _record(by, enrollments: list[Enrollment], message: str, flag=CHANGE) -> None:
    """Write the change to the admin history of each enrollment, when a user made it."""
    if by is not None and by.pk and enrollments:
        LogEntry.objects.log_actions(by.pk, enrollments, flag, change_message=message)


def _status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status).lower()


# --- Enrolling -----------------------------------------------------------------------------------------


def _placement(
    offering: Offering,
    person: Person,
    existing: Enrollment | None,
    *,
    status: str | None,
    opted_in: bool,
    free_places: int | None,
) -> tuple[str | None, str | None]:
    """(the status `person` joins `offering` with, None) or (None, why they cannot): the rules of joining."""
    if status is not None and status not in REQUESTABLE:
        return None, "ask for invited or enrolled; the waitlist fills itself when the offering is full"
    if existing is not None and existing.status not in REJOINABLE:
        return None, f"already {_status_label(existing.status)}"
    problems = eligibility_problems(offering, person)
    if problems:
        return None, "; ".join(problems)
    if offering.is_opt_in and not opted_in:
        if status == EnrollmentStatus.ENROLLED:
            return None, "the offering is opt-in: invite them, and enroll them when they accept"
        status = EnrollmentStatus.INVITED
    if status is None:
        has_room = free_places is None or free_places > 0
        status = EnrollmentStatus.ENROLLED if has_room else EnrollmentStatus.WAITLISTED
    elif status == EnrollmentStatus.ENROLLED and free_places == 0:
        return None, "the offering is full (join the waitlist, or raise its capacity)"
    if existing is not None and status == existing.status:
        return None, f"already {_status_label(existing.status)}"
    return status, None


def check_enroll(
    offering: Offering, person: Person, *, status: str | None = None, opted_in: bool = False
) -> str | None:
    """Why enroll() would refuse `person` right now, or None: for forms, to answer before anything is
    written. enroll() checks again under the offering's lock, so a place taken meanwhile still counts.
    `offering` may be unsaved (the admin's add page), in which case nobody is in it yet.
    """
    if offering.pk is None:
        existing, free = None, offering.capacity
    else:
        existing = Enrollment.objects.filter(offering=offering, person=person).first()
        free = _free_places(offering)
    _, refusal = _placement(offering, person, existing, status=status, opted_in=opted_in, free_places=free)
    return refusal


def enroll(
    offering: Offering,
    person: Person,
    *,
    by=None,
    status: str | None = None,
    opted_in: bool = False,
    note: str = "",
) -> Enrollment:
    """Put `person` in `offering`: enrolled while a place is free, else waitlisted; return the enrollment.

    `status` None places them automatically; INVITED invites; ENROLLED enrolls or refuses when the
    offering is full. On an opt-in offering people are invited unless `opted_in` says they asked to join
    (themselves, or by accepting an invitation). Someone invited or withdrawn earlier is moved along the
    status transitions; anyone else already in the offering is refused, as is anyone ineligible, with a
    DomainError that says why.
    """
    with transaction.atomic():
        offering = _lock(offering)
        existing = (
            Enrollment.objects.select_for_update(of=("self",))
            .filter(offering=offering, person=person)
            .first()
        )
        target, refusal = _placement(
            offering, person, existing, status=status, opted_in=opted_in, free_places=_free_places(offering)
        )
        if refusal:
            raise DomainError(f"{person.full_name} cannot join {offering}: {refusal}.")
        now = timezone.now()
        if existing is None:
            enrollment = Enrollment(
                offering=offering, person=person, status=target, status_changed_at=now, note=note
            )
            _audit(enrollment, by, f"Joined as {_status_label(target)}.").save(force_insert=True)
            _record(by, [enrollment], f"Joined as {_status_label(target)}.", flag=ADDITION)
        else:
            enrollment, old = existing, existing.status
            enrollment.offering, enrollment.person = offering, person
            enrollment.status, enrollment.status_changed_at = target, now
            enrollment.note = note or enrollment.note
            _audit(enrollment, by, note or "Rejoined").save(
                update_fields=["status", "status_changed_at", "note", "updated_at"]
            )
            _record(by, [enrollment], f"Status: {_status_label(old)} → {_status_label(target)}.")
        return enrollment


@dataclass
class Skipped:
    person: Person
    reason: str


@dataclass
class EnrollmentReport:
    """What enroll_many did, person by person, in the order the people were given."""

    enrolled: list[Person] = field(default_factory=list)
    waitlisted: list[Person] = field(default_factory=list)
    invited: list[Person] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def added(self) -> int:
        return len(self.enrolled) + len(self.waitlisted) + len(self.invited)


def enroll_many(offering: Offering, people: Iterable[Person], *, by=None, opted_in: bool = False):
    """Enroll each of `people` as enroll() would, in the order given; skip (with a reason) whoever cannot.

    Places go first come, first served down the list; once the offering is full the rest are waitlisted
    in list order. On an opt-in offering everyone is invited. One transaction, and a fixed number of
    queries however many people: the bulk page enrolls a whole network at once.
    """
    report = EnrollmentReport()
    wanted = list(dict.fromkeys(p.pk for p in people))
    if not wanted:
        return report
    with transaction.atomic():
        offering = _lock(offering)
        person_by_pk = Person.objects.select_related("school").in_bulk(wanted)
        existing_by_person = {
            e.person_id: e
            for e in Enrollment.objects.select_for_update(of=("self",)).filter(
                offering=offering, person_id__in=wanted
            )
        }
        free = _free_places(offering)
        now = timezone.now()
        created, changed = [], []
        for index, pk in enumerate(wanted):
            person = person_by_pk[pk]
            existing = existing_by_person.get(pk)
            target, refusal = _placement(
                offering, person, existing, status=None, opted_in=opted_in, free_places=free
            )
            if refusal:
                report.skipped.append(Skipped(person, refusal))
                continue
            # A microsecond apart, so the waitlist keeps the order of the list.
            stamp = now + datetime.timedelta(microseconds=index)
            if existing is None:
                created.append(
                    Enrollment(offering=offering, person=person, status=target, status_changed_at=stamp)
                )
            else:
                enrollment = existing
                enrollment.offering, enrollment.person = offering, person
                enrollment.status, enrollment.status_changed_at, enrollment.updated_at = target, stamp, now
                changed.append(enrollment)
            if target == EnrollmentStatus.ENROLLED:
                report.enrolled.append(person)
                free = None if free is None else free - 1
            elif target == EnrollmentStatus.WAITLISTED:
                report.waitlisted.append(person)
            else:
                report.invited.append(person)
        # With their audit history, by whoever enrolled them (the request's user when `by` is None).
        bulk_create_with_history(
            created, Enrollment, default_user=_actor(by), default_change_reason="Bulk enroll"
        )
        bulk_update_with_history(
            changed,
            Enrollment,
            ["status", "status_changed_at", "updated_at"],
            default_user=_actor(by),
            default_change_reason="Bulk enroll",
        )
        if by is not None:
            for status in (EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED, EnrollmentStatus.INVITED):
                joined = [e for e in created if e.status == status]
                rejoined = [e for e in changed if e.status == status]
                _record(by, joined, f"Joined as {_status_label(status)} (bulk).", flag=ADDITION)
                _record(by, rejoined, f"Rejoined as {_status_label(status)} (bulk).")
    return report


# --- Changing status -----------------------------------------------------------------------------------


@dataclass
class StatusChange:
    """The enrollment that changed, and whoever moved up from the waitlist into the place it freed."""

    enrollment: Enrollment
    promoted: list[Enrollment] = field(default_factory=list)


def allowed_statuses(status: str) -> list[str]:
    """The statuses an enrollment in `status` may move to, in EnrollmentStatus order."""
    return [s for s in EnrollmentStatus.values if s in ENROLLMENT_TRANSITIONS.get(status, ())]


def change_status(
    enrollment: Enrollment, new_status: str, *, by=None, note: str = "", opted_in: bool = False
) -> StatusChange:
    """Move `enrollment` to `new_status` along ENROLLMENT_TRANSITIONS; fill a freed place from the waitlist.

    Taking a place needs a free one (raise the capacity, or let the waitlist work); (re)joining needs
    the person to be eligible, and on an opt-in offering `opted_in`. A withdrawal of someone holding a
    place promotes the earliest waitlisted people in the same transaction. `note` replaces the note when
    given (e.g. why someone withdrew).
    """
    with transaction.atomic():
        offering = _lock(enrollment.offering)
        enrollment = (
            Enrollment.objects.select_for_update(of=("self",))
            .select_related("person__school")
            .get(pk=enrollment.pk)
        )
        enrollment.offering = offering
        person, old = enrollment.person, enrollment.status
        who = person.full_name
        if new_status not in STATUS_LABELS:
            raise DomainError(f"“{new_status}” is not an enrollment status.")
        if new_status == old:
            raise DomainError(f"{who} is already {_status_label(old)} in {offering}.")
        if new_status not in ENROLLMENT_TRANSITIONS[old]:
            choices = _join([_status_label(s) for s in allowed_statuses(old)])
            raise DomainError(
                f"{who} is {_status_label(old)} in {offering} and cannot become {_status_label(new_status)}: "
                f"a {_status_label(old)} enrollment can only become {choices}."
            )
        holds_place, will_hold = old in PLACE_HOLDING, new_status in PLACE_HOLDING
        if not holds_place and new_status != EnrollmentStatus.WITHDRAWN:
            problems = eligibility_problems(offering, person)
            if problems:
                raise DomainError(f"{who} cannot join {offering}: {'; '.join(problems)}.")
        joining_by_choice = old in REJOINABLE and new_status in (
            EnrollmentStatus.ENROLLED,
            EnrollmentStatus.WAITLISTED,
        )
        if offering.is_opt_in and joining_by_choice and not opted_in:
            raise DomainError(
                f"{offering} is opt-in: {who} joins only when they choose to (record that they accepted)."
            )
        free = _free_places(offering)
        if will_hold and not holds_place and free == 0:
            raise DomainError(
                f"{offering} is full ({offering.capacity} of {offering.capacity} places taken): "
                f"raise its capacity, or wait for a place to free up."
            )
        if new_status == EnrollmentStatus.WAITLISTED and free != 0:
            raise DomainError(f"{offering} has a free place: enroll {who} instead of waitlisting them.")
        enrollment.status, enrollment.status_changed_at = new_status, timezone.now()
        if note:
            enrollment.note = note
        _audit(enrollment, by, note).save(update_fields=["status", "status_changed_at", "note", "updated_at"])
        _record(by, [enrollment], f"Status: {_status_label(old)} → {_status_label(new_status)}.")
        promoted = _promote(offering, by) if holds_place and not will_hold else []
        return StatusChange(enrollment, promoted)


def withdraw(enrollment: Enrollment, *, by=None, note: str = "") -> StatusChange:
    """Withdraw someone (invited, waitlisted or enrolled); a freed place goes to the waitlist."""
    return change_status(enrollment, EnrollmentStatus.WITHDRAWN, by=by, note=note)


def complete(enrollment: Enrollment, *, by=None) -> StatusChange:
    """Mark an enrolled person as having completed the offering (they keep their place)."""
    return change_status(enrollment, EnrollmentStatus.COMPLETED, by=by)


# --- The waitlist --------------------------------------------------------------------------------------


def _promote(offering: Offering, by) -> list[Enrollment]:
    """Move the earliest eligible waitlisted people into the free places of the (locked) offering."""
    free = _free_places(offering)
    if free == 0:
        return []
    waiting = Enrollment.objects.filter(offering=offering, status=EnrollmentStatus.WAITLISTED)
    chosen = []
    for enrollment in waiting.select_related("person__school").order_by("status_changed_at", "pk"):
        if free is not None and len(chosen) >= free:
            break
        if eligibility_problems(offering, enrollment.person):
            continue  # e.g. left the district while waiting: they keep their line, staff decide
        enrollment.offering = offering
        chosen.append(enrollment)
    now = timezone.now()
    for enrollment in chosen:
        enrollment.status, enrollment.status_changed_at, enrollment.updated_at = (
            EnrollmentStatus.ENROLLED,
            now,
            now,
        )
    bulk_update_with_history(
        chosen,
        Enrollment,
        ["status", "status_changed_at", "updated_at"],
        default_user=_actor(by),
        default_change_reason="Moved up from the waitlist",
    )
    _record(by, chosen, "Status: waitlisted → enrolled (moved up from the waitlist).")
    return chosen


def _audit(enrollment: Enrollment, by, reason: str) -> Enrollment:
    """Tell the audit history who made the next save of `enrollment` (when known) and why."""
    if _actor(by) is not None:
        enrollment._history_user = by
    if reason:
        enrollment._change_reason = reason[:100]
    return enrollment


def _actor(by):
    """`by` when it is a saved user; None lets the audit history take the request's user."""
    return by if by is not None and getattr(by, "pk", None) else None


def promote_waitlist(offering: Offering, *, by=None) -> list[Enrollment]:
    """Fill the free places of `offering` with its earliest waitlisted eligible people; return them.

    Called by the workflows that free places; staff may also run it from the admin (after lowering
    and raising a capacity by hand, say). Someone no longer eligible keeps their line and is passed over.
    """
    with transaction.atomic():
        return _promote(_lock(offering), by)


def set_capacity(offering: Offering, capacity: int | None, *, by=None) -> list[Enrollment]:
    """Change how many people `offering` takes (None: no limit) and promote into new places; return them.

    Lowering the capacity below the places already held bumps nobody: no one else joins until enough
    people leave.
    """
    if capacity is not None and capacity < 0:
        raise DomainError("A capacity cannot be negative; leave it empty for no limit.")
    with transaction.atomic():
        locked = _lock(offering)
        locked.capacity = capacity
        locked.save(update_fields=["capacity", "updated_at"])
        offering.capacity = capacity
        return _promote(locked, by)
