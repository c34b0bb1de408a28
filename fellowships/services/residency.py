"""The residency plan: weekly hours, milestones, the host's sign-off and the fellow's reflections.

log_hours            the fellow records (or corrects) a week's hours, activities and competencies;
                     a week the host signed off is closed to changes
sign_off_hours       the host (or staff) signs off weeks of hours
complete_milestone   the fellow marks a milestone done with a note (or undoes it before sign-off)
sign_off_milestone   the host (or staff) signs off a completed milestone
add_reflection       the fellow writes a reflection (shared with the host or not)

Totals are never stored: queries.residency sums the hours when a page asks.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from leaderdev.errors import DomainError

from ..models import MAX_WEEKLY_HOURS, FellowStatus, HoursEntry, Milestone, Reflection, Residency


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _check_open(residency: Residency):
    if residency.fellow.status == FellowStatus.WITHDRAWN:
        raise DomainError("This residency has ended; its plan can no longer change.")


def log_hours(
    residency: Residency, *, week_of, hours, activities: str, competencies=(), today=None
) -> HoursEntry:
    """Record the hours of the week containing `week_of`, replacing that week's entry unless signed off."""
    _check_open(residency)
    today = today or timezone.localdate()
    week = monday_of(week_of)
    cohort = residency.fellow.cohort
    if week > today:
        raise DomainError("Log hours for a week that has started, not a future one.")
    if week + datetime.timedelta(days=6) < cohort.residency_starts_on or week > cohort.residency_ends_on:
        raise DomainError(
            f"The residency runs from {cohort.residency_starts_on:%Y-%m-%d} "
            f"to {cohort.residency_ends_on:%Y-%m-%d}."
        )
    if not 0 < hours <= MAX_WEEKLY_HOURS:
        raise DomainError(f"A week's hours must be more than 0 and at most {MAX_WEEKLY_HOURS}.")
    with transaction.atomic():
        entry = HoursEntry.objects.select_for_update().filter(residency=residency, week_of=week).first()
        if entry is not None and entry.is_signed_off:
            raise DomainError(
                f"The week of {week:%B} {week.day} is signed off by your host; ask them to reopen it."
            )
        if entry is None:
            entry = HoursEntry(residency=residency, week_of=week)
        entry.hours = hours
        entry.activities = activities
        try:
            entry.full_clean()
        except ValidationError as error:
            raise DomainError(" ".join(error.messages)) from error
        entry.save()
        entry.competencies.set(competencies)
    return entry


def sign_off_hours(entries, *, user) -> int:
    """Sign off the given hours entries (those not signed off yet); returns how many were signed."""
    ids = [entry.pk for entry in entries]
    return HoursEntry.objects.filter(pk__in=ids, signed_off_at__isnull=True).update(
        signed_off_at=timezone.now(), signed_off_by=user, updated_at=timezone.now()
    )


def reopen_hours(entry: HoursEntry) -> HoursEntry:
    """Undo a sign-off so the fellow can correct the week."""
    entry.signed_off_at = None
    entry.signed_off_by = None
    entry.save(update_fields=["signed_off_at", "signed_off_by", "updated_at"])
    return entry


def complete_milestone(milestone: Milestone, *, completed_on, evidence_note: str = "") -> Milestone:
    _check_open(milestone.residency)
    if milestone.signed_off_at:
        raise DomainError("This milestone is signed off; ask your host to reopen it to change it.")
    if completed_on > timezone.localdate():
        raise DomainError("A milestone cannot be completed in the future.")
    milestone.completed_on = completed_on
    milestone.evidence_note = evidence_note
    milestone.save(update_fields=["completed_on", "evidence_note", "updated_at"])
    return milestone


def undo_milestone(milestone: Milestone) -> Milestone:
    if milestone.signed_off_at:
        raise DomainError("This milestone is signed off; ask your host to reopen it to change it.")
    milestone.completed_on = None
    milestone.save(update_fields=["completed_on", "updated_at"])
    return milestone


def sign_off_milestone(milestone: Milestone, *, user, reopen: bool = False) -> Milestone:
    """The host signs off a completed milestone (or reopens a signed-off one)."""
    if reopen:
        milestone.signed_off_at, milestone.signed_off_by = None, None
    else:
        if milestone.completed_on is None:
            raise DomainError("The fellow has not marked this milestone complete yet.")
        milestone.signed_off_at, milestone.signed_off_by = timezone.now(), user
    milestone.save(update_fields=["signed_off_at", "signed_off_by", "updated_at"])
    return milestone


def add_reflection(
    residency: Residency, *, title: str, body: str, written_on=None, shared_with_host=True, competencies=()
) -> Reflection:
    _check_open(residency)
    reflection = Reflection.objects.create(
        residency=residency,
        title=title,
        body=body,
        written_on=written_on or timezone.localdate(),
        shared_with_host=shared_with_host,
    )
    reflection.competencies.set(competencies)
    return reflection
