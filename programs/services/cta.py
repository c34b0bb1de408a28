"""Call-to-Action plans: drafting, adopting, reviewing, check-ins, and how far a plan has come.

Progress is computed, never stored. A target's progress is where its latest check-in stands on the way from
baseline to target (a target may point down: chronic absence from 18% to 12%). Whether it is on track
compares that with how much of the way the calendar has gone since the plan's start, with some slack:

    met        the latest value reached the target
    on track   progress >= expected share of the year - ON_TRACK_SLACK
    behind     otherwise
    no data    no check-in yet

A plan's status at a glance is the worst of its targets' (behind > no data > on track > met), and "draft"
for a plan not adopted yet. The functions take rows a query already loaded, so the network overview and a
school's page agree.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import models, transaction
from django.utils import timezone

from leaderdev.errors import DomainError
from leaderdev.models import School, SchoolYear

from ..models import (
    CallToActionPlan,
    CheckIn,
    GoalAction,
    GoalTarget,
    Institute,
    PlanStatus,
    Session,
    StepStatus,
    StrategicGoal,
)

# How far behind the calendar a target may be and still count as on track (a share of the way).
ON_TRACK_SLACK = 0.15


class TargetStatus(models.TextChoices):
    MET = "met", "Met"
    ON_TRACK = "on_track", "On track"
    BEHIND = "behind", "Behind"
    NO_DATA = "no_data", "No check-in yet"


class PlanHealth(models.TextChoices):
    """A plan's status at a glance, best first."""

    MET = "met", "Targets met"
    ON_TRACK = "on_track", "On track"
    NO_DATA = "no_data", "Awaiting check-ins"
    BEHIND = "behind", "Behind"
    DRAFT = "draft", "Draft"
    NO_PLAN = "no_plan", "No plan"


@dataclass(frozen=True)
class TargetProgress:
    progress: float | None  # 0..1 of the way from baseline to target; None without a check-in
    expected: float  # 0..1 of the way the calendar has gone
    status: TargetStatus
    latest: Decimal | None
    latest_on: datetime.date | None

    @property
    def percent(self) -> int | None:
        return None if self.progress is None else round(100 * self.progress)

    @property
    def expected_percent(self) -> int:
        return round(100 * self.expected)


def expected_share(start: datetime.date, due: datetime.date, today: datetime.date) -> float:
    """The share of the way from `start` to `due` the calendar has gone by `today` (0..1)."""
    if due <= start:
        return 1.0
    return min(1.0, max(0.0, (today - start).days / (due - start).days))


def target_progress(
    *,
    baseline: Decimal,
    target: Decimal,
    due_date: datetime.date,
    start: datetime.date,
    latest: Decimal | None,
    latest_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> TargetProgress:
    """Where a target stands (see the module docstring). `start` is when the plan's year began."""
    today = today or timezone.localdate()
    expected = expected_share(start, due_date, today)
    if latest is None:
        return TargetProgress(None, expected, TargetStatus.NO_DATA, None, None)
    raw = float((latest - baseline) / (target - baseline))
    progress = min(1.0, max(0.0, raw))
    if raw >= 1:
        status = TargetStatus.MET
    elif progress >= expected - ON_TRACK_SLACK:
        status = TargetStatus.ON_TRACK
    else:
        status = TargetStatus.BEHIND
    return TargetProgress(progress, expected, status, latest, latest_on)


_WORST_FIRST = [PlanHealth.BEHIND, PlanHealth.NO_DATA, PlanHealth.ON_TRACK, PlanHealth.MET]


def plan_health(plan_status: str | None, targets: list[TargetProgress]) -> PlanHealth:
    """A plan's status at a glance from its status and its targets' progress."""
    if plan_status is None:
        return PlanHealth.NO_PLAN
    if plan_status == PlanStatus.DRAFT:
        return PlanHealth.DRAFT
    if not targets:
        return PlanHealth.NO_DATA
    present = {PlanHealth(t.status.value) for t in targets}
    return next(health for health in _WORST_FIRST if health in present)


def plan_percent(targets: list[TargetProgress]) -> int | None:
    """The mean progress of the measured targets, in percent; None when none is measured."""
    measured = [t.progress for t in targets if t.progress is not None]
    return round(100 * sum(measured) / len(measured)) if measured else None


# --- Writes -------------------------------------------------------------------------------------------


def _check_institute(session: Session | None, institute: str) -> None:
    if session is not None and session.offering.program.institute != institute:
        raise DomainError(f"Choose a {Institute(institute).label} session.")


@transaction.atomic
def draft_plan(
    school: School, school_year: SchoolYear, *, vision: str = "", drafted_at: Session | None = None
) -> CallToActionPlan:
    """Start the school's plan for `school_year` (one per school and year), at a Summer Institute session."""
    _check_institute(drafted_at, Institute.SUMMER)
    if CallToActionPlan.objects.filter(school=school, school_year=school_year).exists():
        raise DomainError(f"{school} already has a Call-to-Action plan for {school_year}.")
    return CallToActionPlan.objects.create(
        school=school, school_year=school_year, vision=vision, drafted_at=drafted_at
    )


@transaction.atomic
def adopt_plan(plan: CallToActionPlan, *, on_date: datetime.date | None = None) -> CallToActionPlan:
    """Adopt a draft: from now on it is monitored. It needs at least one goal with a measurable target."""
    plan = CallToActionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.DRAFT:
        raise DomainError(f"This plan is {plan.get_status_display().lower()}, not a draft.")
    if not GoalTarget.objects.filter(goal__plan=plan).exists():
        raise DomainError("Give the plan at least one goal with a measurable target before adopting it.")
    plan.status = PlanStatus.ADOPTED
    plan.adopted_on = on_date or timezone.localdate()
    plan.save(update_fields=["status", "adopted_on", "updated_at"])
    return plan


@transaction.atomic
def review_plan(
    plan: CallToActionPlan,
    *,
    notes: str,
    reviewed_at: Session | None = None,
    on_date: datetime.date | None = None,
) -> CallToActionPlan:
    """Record the Winter Institute review: when, at which session, and what the ILT found and changed."""
    _check_institute(reviewed_at, Institute.WINTER)
    plan = CallToActionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.ADOPTED:
        raise DomainError("Only an adopted plan is reviewed.")
    if not notes.strip():
        raise DomainError("Say what the review found.")
    plan.reviewed_at = reviewed_at
    plan.reviewed_on = on_date or (
        timezone.localdate(reviewed_at.starts_at) if reviewed_at else timezone.localdate()
    )
    plan.review_notes = notes.strip()
    plan.save(update_fields=["reviewed_at", "reviewed_on", "review_notes", "updated_at"])
    return plan


@transaction.atomic
def record_check_in(
    target: GoalTarget,
    *,
    value: Decimal,
    checked_on: datetime.date,
    note: str = "",
    session: Session | None = None,
    by=None,
) -> CheckIn:
    """Record a measurement of `target`. One per target and day: a second one that day corrects the first."""
    plan = CallToActionPlan.objects.select_for_update(of=("self",)).get(goals__targets=target)
    if plan.status != PlanStatus.ADOPTED:
        raise DomainError("Check-ins are recorded on an adopted plan.")
    if checked_on > timezone.localdate():
        raise DomainError("A check-in cannot be in the future.")
    check_in, _ = CheckIn.objects.update_or_create(
        target=target,
        checked_on=checked_on,
        defaults={"value": value, "note": note.strip(), "session": session, "recorded_by": by},
    )
    return check_in


@transaction.atomic
def close_plan(plan: CallToActionPlan) -> CallToActionPlan:
    """Close an adopted plan at the end of its year: it stays as the record and takes no more changes."""
    plan = CallToActionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.ADOPTED:
        raise DomainError("Only an adopted plan is closed.")
    plan.status = PlanStatus.CLOSED
    plan.save(update_fields=["status", "updated_at"])
    return plan


# --- Editing a plan's goals, targets and actions (while it is a draft or adopted) ----------------------


def _check_open(plan: CallToActionPlan) -> None:
    if plan.status == PlanStatus.CLOSED:
        raise DomainError("This plan is closed: it is the record of its year and takes no more changes.")


def _plan_of(obj) -> CallToActionPlan:
    """The plan an edited row belongs to, re-read under a lock so a concurrent close is seen."""
    if isinstance(obj, CallToActionPlan):
        pk = obj.pk
    elif isinstance(obj, StrategicGoal):
        pk = obj.plan_id
    else:
        pk = obj.goal.plan_id
    return CallToActionPlan.objects.select_for_update().get(pk=pk)


@transaction.atomic
def save_vision(plan: CallToActionPlan, vision: str) -> CallToActionPlan:
    """Rewrite the plan's vision."""
    locked = _plan_of(plan)
    _check_open(locked)
    locked.vision = vision.strip()
    locked.save(update_fields=["vision", "updated_at"])
    return locked


@transaction.atomic
def save_part(obj, **fields):
    """Add or change a goal, target or action of a plan (a StrategicGoal, GoalTarget or GoalAction row,
    new or loaded) with `fields`, refused once the plan is closed. Returns the saved row."""
    _check_open(_plan_of(obj))
    for name, value in fields.items():
        setattr(obj, name, value)
    if isinstance(obj, GoalTarget) and obj.target == obj.baseline:
        raise DomainError("A target must differ from its baseline.")
    obj.save()
    return obj


@transaction.atomic
def remove_part(obj) -> None:
    """Remove a goal (with its targets, check-ins and actions), a target (with its check-ins) or an action.

    Refused once the plan is closed, and for the last target of an adopted plan: an adopted plan is
    monitored, so it keeps at least one measurable target.
    """
    plan = _plan_of(obj)
    _check_open(plan)
    if plan.status == PlanStatus.ADOPTED and isinstance(obj, StrategicGoal | GoalTarget):
        remaining = GoalTarget.objects.filter(goal__plan=plan)
        if isinstance(obj, StrategicGoal):
            remaining = remaining.exclude(goal=obj)
        else:
            remaining = remaining.exclude(pk=obj.pk)
        if not remaining.exists():
            raise DomainError("An adopted plan keeps at least one measurable target.")
    obj.delete()


@transaction.atomic
def set_action_status(action: GoalAction, status: str, *, on_date: datetime.date | None = None) -> GoalAction:
    """Move a line of the action plan to `status`; done records the day."""
    if status not in StepStatus.values:
        raise DomainError("Unknown status.")
    action = GoalAction.objects.select_for_update().get(pk=action.pk)
    _check_open(_plan_of(action))
    if action.status != status:
        action.status = status
        action.completed_on = (on_date or timezone.localdate()) if status == StepStatus.DONE else None
        action.save(update_fields=["status", "completed_on", "updated_at"])
    return action
