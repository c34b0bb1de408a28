"""School teams: membership over the years, improvement initiatives and their action steps.

Write workflows take explicit arguments, run in one transaction and raise DomainError on bad input. The
roll-ups (how far an initiative is, per tier) are plain functions over rows a query already loaded, so a
page of 1,500 schools and a single school's page compute them the same way.
"""

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from leaderdev.errors import DomainError
from leaderdev.models import LeadershipTier, Person, School, SchoolYear

from ..models import (
    OPEN_STEP_STATUSES,
    ActionStep,
    Initiative,
    MonitoringKind,
    MonitoringNote,
    SchoolTeam,
    StepStatus,
    TeamKind,
    TeamMembership,
    TeamRole,
)

# --- Teams and members -------------------------------------------------------------------------------


def team_of(school: School, kind: str = TeamKind.PIPELINE) -> SchoolTeam:
    """The school's team of `kind`, created the first time it is asked for."""
    team, _ = SchoolTeam.objects.get_or_create(school=school, kind=kind)
    return team


@transaction.atomic
def add_member(
    team: SchoolTeam,
    person: Person,
    *,
    start_date: datetime.date,
    tier: str = "",
    role: str = TeamRole.MEMBER,
) -> TeamMembership:
    """Put `person` on `team` from `start_date`, in `tier` (their leadership tier when not given).

    Refused when they are on the team already, when the start falls inside an earlier spell on the team
    (history is not rewritten), and when they work at another school.
    """
    tier = tier or person.tier
    if tier not in LeadershipTier.values:
        raise DomainError(f"Choose a leadership tier for {person}: they have none on record.")
    if person.school_id is not None and person.school_id != team.school_id:
        raise DomainError(f"{person} works at {person.school}, not at {team.school}.")
    if not person.is_active:
        raise DomainError(f"{person} has left the district.")
    spells = TeamMembership.objects.select_for_update().filter(team=team, person=person)
    if any(spell.end_date is None for spell in spells):
        raise DomainError(f"{person} is already on the {team.get_kind_display().lower()}.")
    if any(spell.end_date >= start_date for spell in spells):
        raise DomainError(
            f"{person} was on this team until after {start_date:%b %-d, %Y}; start the new spell later."
        )
    return TeamMembership.objects.create(
        team=team, person=person, tier=tier, role=role, start_date=start_date
    )


@transaction.atomic
def end_membership(
    membership: TeamMembership, *, end_date: datetime.date, reason: str = ""
) -> TeamMembership:
    """Take someone off a team on `end_date`; the membership stays as history."""
    membership = TeamMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.end_date is not None:
        raise DomainError(f"{membership.person} left this team on {membership.end_date:%b %-d, %Y}.")
    if end_date < membership.start_date:
        raise DomainError("A membership cannot end before it starts.")
    membership.end_date = end_date
    membership.end_reason = reason.strip()
    membership.save(update_fields=["end_date", "end_reason", "updated_at"])
    return membership


@transaction.atomic
def change_tier(
    membership: TeamMembership, *, tier: str, on_date: datetime.date, role: str | None = None
) -> TeamMembership:
    """Move a member to another tier from `on_date` (a lead learner becoming an emerging leader).

    The old spell ends the day before and a new one starts, so the team's history shows the move.
    """
    membership = TeamMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.end_date is not None:
        raise DomainError(f"{membership.person} is no longer on this team.")
    if tier == membership.tier:
        raise DomainError(f"{membership.person} is already a {membership.get_tier_display().lower()}.")
    if tier not in LeadershipTier.values:
        raise DomainError("Unknown leadership tier.")
    if on_date <= membership.start_date:
        raise DomainError(f"Choose a date after {membership.start_date:%b %-d, %Y}, when this spell began.")
    new_label = LeadershipTier(tier).label.lower()
    membership.end_date = on_date - datetime.timedelta(days=1)
    membership.end_reason = f"Became {'an' if new_label[0] in 'aeiou' else 'a'} {new_label}"
    membership.save(update_fields=["end_date", "end_reason", "updated_at"])
    return TeamMembership.objects.create(
        team=membership.team,
        person=membership.person,
        tier=tier,
        role=role or membership.role,
        start_date=on_date,
    )


# --- Initiatives and action steps --------------------------------------------------------------------


@transaction.atomic
def start_initiative(
    team: SchoolTeam,
    school_year: SchoolYear,
    *,
    title: str,
    focus: str = "",
    success_measure: str = "",
    competencies: Iterable = (),
) -> Initiative:
    """The team's improvement initiative for `school_year`; one per team and year."""
    if not title.strip():
        raise DomainError("Give the initiative a title.")
    if Initiative.objects.filter(team=team, school_year=school_year).exists():
        raise DomainError(
            f"The {team.get_kind_display().lower()} already has an initiative for {school_year}."
        )
    initiative = Initiative.objects.create(
        team=team,
        school_year=school_year,
        title=title.strip(),
        focus=focus.strip(),
        success_measure=success_measure.strip(),
    )
    initiative.competencies.set(competencies)
    return initiative


@transaction.atomic
def edit_initiative(
    initiative: Initiative,
    *,
    title: str,
    focus: str = "",
    success_measure: str = "",
    competencies: Iterable = (),
) -> Initiative:
    """Change what the initiative is about: its title, focus, success measure and competencies."""
    if not title.strip():
        raise DomainError("Give the initiative a title.")
    initiative.title = title.strip()
    initiative.focus = focus.strip()
    initiative.success_measure = success_measure.strip()
    initiative.save(update_fields=["title", "focus", "success_measure", "updated_at"])
    initiative.competencies.set(competencies)
    return initiative


def _check_owner(initiative: Initiative, owner: Person | None) -> None:
    if owner is None:
        return
    if owner.school_id != initiative.team.school_id or not owner.is_active:
        raise DomainError(f"{owner} is not on the staff of {initiative.team.school}.")


@transaction.atomic
def add_step(
    initiative: Initiative,
    *,
    tier: str,
    description: str,
    owner: Person | None = None,
    due_date: datetime.date | None = None,
    competencies: Iterable = (),
) -> ActionStep:
    """Add an action step for one tier to the initiative, after its other steps."""
    if tier not in LeadershipTier.values:
        raise DomainError("Choose the leadership tier that carries the step.")
    if not description.strip():
        raise DomainError("Say what the step is.")
    _check_owner(initiative, owner)
    last = initiative.steps.order_by("-order").values_list("order", flat=True).first()
    step = ActionStep.objects.create(
        initiative=initiative,
        tier=tier,
        description=description.strip(),
        owner=owner,
        due_date=due_date,
        order=(last or 0) + 1,
    )
    step.competencies.set(competencies)
    return step


def add_note(
    initiative: Initiative,
    text: str,
    *,
    by=None,
    step: ActionStep | None = None,
    written_on: datetime.date | None = None,
) -> MonitoringNote:
    """Write what the team saw on the initiative (an observation), optionally about one of its steps."""
    if not text.strip():
        raise DomainError("Write the note.")
    if step is not None and step.initiative_id != initiative.pk:
        raise DomainError("That step belongs to another initiative.")
    return MonitoringNote.objects.create(
        initiative=initiative,
        step=step,
        kind=MonitoringKind.OBSERVATION,
        written_on=written_on or timezone.localdate(),
        text=text.strip(),
        author=by,
    )


def set_step_status(
    step: ActionStep, status: str, *, by=None, on_date: datetime.date | None = None, note: str = ""
) -> ActionStep:
    """Move a step to `status`; done records the day. Dropping a step is an adjustment and needs a note."""
    if status not in StepStatus.values:
        raise DomainError("Unknown status.")
    note = note.strip()
    if status == StepStatus.DROPPED and not note:
        raise DomainError("Say why the step is dropped: the note is the team's record of the adjustment.")
    today = on_date or timezone.localdate()
    with transaction.atomic():
        step = ActionStep.objects.select_for_update().get(pk=step.pk)
        if step.status == status:
            return step
        old = step.get_status_display()
        step.status = status
        step.completed_on = today if status == StepStatus.DONE else None
        step.save(update_fields=["status", "completed_on", "updated_at"])
        if note:
            MonitoringNote.objects.create(
                initiative_id=step.initiative_id,
                step=step,
                kind=MonitoringKind.ADJUSTMENT
                if status == StepStatus.DROPPED
                else MonitoringKind.OBSERVATION,
                written_on=today,
                text=f"{old} → {step.get_status_display()}: {note}",
                author=by,
            )
    return step


# The fields of a step whose change is an adjustment of the plan, recorded in a monitoring note.
ADJUSTABLE = {"description": "What", "tier": "Tier", "owner": "Owner", "due_date": "Due"}


def _shown(step: ActionStep, name: str) -> str:
    value = getattr(step, name)
    if value is None or value == "":
        return "none"
    if name == "tier":
        return step.get_tier_display()
    if isinstance(value, datetime.date):
        return f"{value:%b %-d, %Y}"
    return str(value)


@transaction.atomic
def adjust_step(
    step: ActionStep, *, reason: str, by=None, **changes
) -> tuple[ActionStep, MonitoringNote | None]:
    """Change a step's description, tier, owner or due date, and record the adjustment with `reason`.

    Returns the step and the monitoring note (None when nothing changed). A reason is required: the note
    is how the team sees later what it changed and why.
    """
    unknown = set(changes) - set(ADJUSTABLE)
    if unknown:
        raise DomainError(f"These cannot be adjusted: {', '.join(sorted(unknown))}.")
    if "tier" in changes and changes["tier"] not in LeadershipTier.values:
        raise DomainError("Unknown leadership tier.")
    if "description" in changes and not (changes["description"] or "").strip():
        raise DomainError("Say what the step is.")
    step = (
        ActionStep.objects.select_related("initiative__team").select_for_update(of=("self",)).get(pk=step.pk)
    )
    if "owner" in changes:
        _check_owner(step.initiative, changes["owner"])
    before = {name: _shown(step, name) for name in changes}
    for name, value in changes.items():
        setattr(step, name, value)
    after = {name: _shown(step, name) for name in changes}
    changed = [name for name in changes if before[name] != after[name]]
    if not changed:
        return step, None
    if not reason.strip():
        raise DomainError("Say why the step changes: the note is the team's record of the adjustment.")
    step.save(update_fields=[*changed, "updated_at"])
    what = "; ".join(f"{ADJUSTABLE[name]}: {before[name]} → {after[name]}" for name in changed)
    note = MonitoringNote.objects.create(
        initiative_id=step.initiative_id,
        step=step,
        kind=MonitoringKind.ADJUSTMENT,
        written_on=timezone.localdate(),
        text=f"{what}. {reason.strip()}",
        author=by,
    )
    return step, note


# --- Roll-ups -----------------------------------------------------------------------------------------


@dataclass
class StepRollup:
    """How far a set of action steps is: counts by status, overdue, and the share done.

    Dropped steps are left out of the total: the team adjusted them away.
    """

    total: int = 0
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    dropped: int = 0
    overdue: int = 0

    @property
    def percent_done(self) -> int | None:
        return round(100 * self.done / self.total) if self.total else None

    @property
    def open(self) -> int:
        return self.in_progress + self.not_started


@dataclass
class InitiativeRollup:
    overall: StepRollup
    by_tier: dict[str, StepRollup] = field(default_factory=dict)


def rollup(steps: Iterable, today: datetime.date | None = None) -> StepRollup:
    """Roll up steps (ActionStep or GoalAction rows, or anything with status and due_date)."""
    today = today or timezone.localdate()
    counts = Counter()
    overdue = 0
    for step in steps:
        counts[step.status] += 1
        if step.status in OPEN_STEP_STATUSES and step.due_date is not None and step.due_date < today:
            overdue += 1
    return StepRollup(
        total=sum(n for status, n in counts.items() if status != StepStatus.DROPPED),
        done=counts[StepStatus.DONE],
        in_progress=counts[StepStatus.IN_PROGRESS],
        not_started=counts[StepStatus.NOT_STARTED],
        dropped=counts[StepStatus.DROPPED],
        overdue=overdue,
    )


def initiative_rollup(steps: Iterable[ActionStep], today: datetime.date | None = None) -> InitiativeRollup:
    """The initiative's roll-up overall and per tier (every tier listed, in ladder order)."""
    steps = list(steps)
    return InitiativeRollup(
        overall=rollup(steps, today),
        by_tier={tier: rollup((s for s in steps if s.tier == tier), today) for tier in LeadershipTier.values},
    )
