"""The portal's "My school team": a person's school teams, their initiative, their own action steps and
the school's Call-to-Action plan at a glance.

Whose teams: the teams the person is on today; a school leader on no team sees their own school's teams.
The section costs at most six queries whatever the number of teams, steps or targets: memberships, the
school's teams (only for a leader on no team), initiatives and their steps, plans and their targets (with
each target's latest check-in annotated).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone

from leaderdev.models import SCHOOL_LEADER_POSITIONS, Person, School, SchoolYear

from ..models import (
    ActionStep,
    CallToActionPlan,
    CheckIn,
    GoalTarget,
    Initiative,
    PlanStatus,
    SchoolTeam,
    TeamMembership,
)
from ..services.cta import PlanHealth, plan_health, plan_percent, target_progress
from ..services.teams import StepRollup, rollup


@dataclass
class MyStep:
    step: ActionStep
    overdue: bool


@dataclass
class MyInitiative:
    initiative: Initiative
    rollup: StepRollup
    my_steps: list[MyStep]


@dataclass
class MyPlan:
    plan: CallToActionPlan | None
    health: PlanHealth
    percent: int | None


@dataclass
class MySchool:
    """One school's block: my memberships there (or its teams), its initiatives and its plan."""

    school: School
    memberships: list[TeamMembership] = field(default_factory=list)
    teams: list[SchoolTeam] = field(default_factory=list)
    initiatives: list[MyInitiative] = field(default_factory=list)
    plan: MyPlan = field(default_factory=lambda: MyPlan(None, PlanHealth.NO_PLAN, None))


def _latest(field_name: str) -> Subquery:
    return Subquery(
        CheckIn.objects.filter(target=OuterRef("pk")).order_by("-checked_on", "-pk").values(field_name)[:1]
    )


def my_school_teams(
    person: Person, school_year: SchoolYear, today: datetime.date | None = None
) -> list[MySchool] | None:
    """`person`'s school teams for `school_year`, one block per school; None when they have no team and
    are not a leader of a school."""
    today = today or timezone.localdate()
    memberships = list(
        TeamMembership.objects.current()
        .filter(person=person, team__school__is_active=True)
        .select_related("team__school")
        .order_by("team__school__name", "team__kind")
    )
    schools: dict[int, MySchool] = {}
    for membership in memberships:
        school = membership.team.school
        block = schools.setdefault(school.pk, MySchool(school))
        block.memberships.append(membership)
        block.teams.append(membership.team)
    if not schools:
        if person.school_id is None or person.position not in SCHOOL_LEADER_POSITIONS:
            return None
        block = schools[person.school_id] = MySchool(person.school)
        block.teams = list(SchoolTeam.objects.filter(school_id=person.school_id).order_by("kind"))

    school_ids = list(schools)
    steps = ActionStep.objects.order_by("due_date", "order", "pk")
    initiatives = (
        Initiative.objects.filter(team__school_id__in=school_ids, school_year=school_year)
        .select_related("team")
        .prefetch_related(Prefetch("steps", queryset=steps))
        .order_by("team__kind")
    )
    for initiative in initiatives:
        all_steps = list(initiative.steps.all())
        mine = [MyStep(s, s.is_overdue(today)) for s in all_steps if s.owner_id == person.pk]
        schools[initiative.team.school_id].initiatives.append(
            MyInitiative(initiative, rollup(all_steps, today), mine)
        )

    plans = {
        plan.school_id: plan
        for plan in CallToActionPlan.objects.filter(school_id__in=school_ids, school_year=school_year)
    }
    adopted = [plan.pk for plan in plans.values() if plan.status != PlanStatus.DRAFT]
    progress: dict[int, list] = {pk: [] for pk in adopted}
    if adopted:
        targets = (
            GoalTarget.objects.filter(goal__plan_id__in=adopted)
            .annotate(latest_value=_latest("value"), latest_on=_latest("checked_on"))
            .values_list("goal__plan_id", "baseline", "target", "due_date", "latest_value", "latest_on")
        )
        for plan_id, baseline, target, due, latest, latest_on in targets:
            progress[plan_id].append(
                target_progress(
                    baseline=baseline,
                    target=target,
                    due_date=due,
                    start=school_year.start_date,
                    latest=latest,
                    latest_on=latest_on,
                    today=today,
                )
            )
    for school_id, plan in plans.items():
        measured = progress.get(plan.pk, [])
        schools[school_id].plan = MyPlan(plan, plan_health(plan.status, measured), plan_percent(measured))
    return list(schools.values())
