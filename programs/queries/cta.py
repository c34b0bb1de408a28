"""Read paths of a school's Call-to-Action plan page: the plan with its goals, targets, check-ins and action
plan, loaded in a fixed number of queries, and each target's progress (programs.services.cta decides it)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from leaderdev.models import School, SchoolYear
from leaderdev.permissions import visible_to

from ..models import (
    OPEN_STEP_STATUSES,
    CallToActionPlan,
    CheckIn,
    GoalAction,
    GoalTarget,
    Session,
    StrategicGoal,
)
from ..services.cta import PlanHealth, TargetProgress, plan_health, plan_percent, target_progress
from ..services.teams import StepRollup, rollup
from .teams import school_year_or_404, visible_school_or_404  # noqa: F401  (the pages share them)


def plans() -> QuerySet[CallToActionPlan]:
    """Plans with what their header shows."""
    return CallToActionPlan.objects.select_related(
        "school__network", "school_year", "drafted_at", "reviewed_at"
    )


def plan_of(user, school: School, school_year: SchoolYear | None) -> CallToActionPlan | None:
    """The school's plan for the year, if there is one (and the user may see it)."""
    if school_year is None:
        return None
    return visible_to(user, plans()).filter(school=school, school_year=school_year).first()


def institute_sessions(school_year: SchoolYear, institute: str) -> QuerySet[Session]:
    """The sessions of the year's Summer or Winter Institute, for the plan's "drafted at" / "reviewed at"."""
    return Session.objects.filter(
        offering__school_year=school_year, offering__program__institute=institute
    ).order_by("starts_at")


def year_sessions(school_year: SchoolYear) -> QuerySet[Session]:
    """Sessions of the year, where a check-in may have been measured."""
    return Session.objects.filter(offering__school_year=school_year).order_by("starts_at")


@dataclass
class TargetRow:
    target: GoalTarget
    progress: TargetProgress
    check_ins: list[CheckIn]  # newest first


@dataclass
class GoalRow:
    goal: StrategicGoal
    targets: list[TargetRow]
    actions: list[GoalAction]  # each with .is_overdue
    actions_rollup: StepRollup


@dataclass
class PlanPage:
    plan: CallToActionPlan
    goals: list[GoalRow] = field(default_factory=list)
    health: PlanHealth = PlanHealth.NO_PLAN
    percent: int | None = None

    @property
    def target_count(self) -> int:
        return sum(len(goal.targets) for goal in self.goals)


def goals_of(plan: CallToActionPlan) -> QuerySet[StrategicGoal]:
    """The plan's goals with their targets (and check-ins, oldest first) and action plans: four queries."""
    return (
        StrategicGoal.objects.filter(plan=plan)
        .select_related("system")
        .prefetch_related(
            "targets",
            Prefetch(
                "targets__check_ins",
                queryset=CheckIn.objects.select_related("session").order_by("checked_on", "pk"),
            ),
            Prefetch("actions", queryset=GoalAction.objects.select_related("owner")),
        )
    )


def plan_page(plan: CallToActionPlan, today: datetime.date | None = None) -> PlanPage:
    """Everything the plan page shows, with each target's progress measured from the plan's start."""
    today = today or timezone.localdate()
    start = plan.adopted_on or plan.school_year.start_date
    page = PlanPage(plan=plan)
    for goal in goals_of(plan):
        targets = []
        for target in goal.targets.all():
            check_ins = list(target.check_ins.all())
            latest = check_ins[-1] if check_ins else None
            progress = target_progress(
                baseline=target.baseline,
                target=target.target,
                due_date=target.due_date,
                start=start,
                latest=latest.value if latest else None,
                latest_on=latest.checked_on if latest else None,
                today=today,
            )
            targets.append(TargetRow(target, progress, check_ins[::-1]))
        actions = list(goal.actions.all())
        for action in actions:
            due = action.due_date
            action.is_overdue = action.status in OPEN_STEP_STATUSES and due is not None and due < today
        page.goals.append(GoalRow(goal, targets, actions, rollup(actions, today)))
    progresses = [row.progress for goal in page.goals for row in goal.targets]
    page.health = plan_health(plan.status, progresses)
    page.percent = plan_percent(progresses)
    return page
