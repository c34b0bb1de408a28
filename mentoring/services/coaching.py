"""Write workflows of partner coaching: assigning a coach to a school leader for a year, and ending it.

assign_coach       one active coach per leader per school year; the coach (and their organisation) must
                   be active, the leader an active school leader
end_assignment     end an active coaching assignment (its log stays)

Who *should* have a coach (the coverage page's population) is a read question: see
mentoring.queries.pool.COACHED_POSITIONS.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from leaderdev.errors import DomainError

from ..models import CoachAssignment, MentorshipStatus


def default_start(school_year) -> datetime.date:
    """Today, or the first day of `school_year` when it has not started yet."""
    return max(timezone.localdate(), school_year.start_date)


def check_assignment(coach, leader, school_year, started_on: datetime.date) -> None:
    """Raise DomainError when `coach` may not start coaching `leader` in `school_year` on `started_on`
    (the rules of assign_coach; the admin's form asks before it saves)."""
    if not coach.is_active or not coach.organization.is_active:
        raise DomainError(f"{coach.full_name} is not an active coach; choose another.")
    if not leader.is_active:
        raise DomainError(f"{leader} has left the district.")
    if not leader.is_school_leader:
        raise DomainError(f"{leader} is not a school leader; partner coaches work with school leaders.")
    if not school_year.start_date <= started_on <= school_year.end_date:
        raise DomainError(
            f"The coaching must start within {school_year} "
            f"({school_year.start_date:%B %-d, %Y} to {school_year.end_date:%B %-d, %Y})."
        )
    current = (
        CoachAssignment.objects.filter(leader=leader, school_year=school_year, status=MentorshipStatus.ACTIVE)
        .select_related("coach")
        .first()
    )
    if current is not None:
        if current.coach_id == coach.pk:
            raise DomainError(f"{coach.full_name} already coaches {leader} in {school_year}.")
        raise DomainError(
            f"{leader} already has a coach for {school_year}: {current.coach.full_name}. "
            "End that assignment first to change coach."
        )


def assign_coach(coach, leader, school_year, *, started_on: datetime.date | None = None) -> CoachAssignment:
    """Assign `coach` to `leader` for `school_year`, starting on `started_on` (see default_start).

    Refused when the leader already has an active coach that year (end that assignment first), when the
    coach or their organisation is no longer active, or when the leader has left the district or is not
    a school leader.
    """
    started_on = started_on or default_start(school_year)
    check_assignment(coach, leader, school_year, started_on)
    try:
        with transaction.atomic():
            return CoachAssignment.objects.create(
                coach=coach, leader=leader, school_year=school_year, started_on=started_on
            )
    except IntegrityError:  # someone assigned a coach at the same moment
        raise DomainError(f"{leader} was just given a coach for {school_year}; reload the page.") from None


@transaction.atomic
def end_assignment(assignment: CoachAssignment, *, ended_on: datetime.date | None = None) -> CoachAssignment:
    """End an active coaching assignment on `ended_on` (today by default, never before it started)."""
    locked = CoachAssignment.objects.select_for_update().select_related("leader").get(pk=assignment.pk)
    if locked.status != MentorshipStatus.ACTIVE:
        raise DomainError(f"The coaching of {locked.leader} has already ended.")
    ended_on = ended_on or timezone.localdate()
    if ended_on < locked.started_on:
        raise DomainError(
            f"The coaching of {locked.leader} started on {locked.started_on:%B %-d, %Y}; "
            "it cannot end before that."
        )
    locked.status = MentorshipStatus.ENDED
    locked.ended_on = ended_on
    locked.save(update_fields=["status", "ended_on", "updated_at"])
    return locked
