"""Read paths of a school's team page: its teams and members by tier (with their history), the year's
improvement initiative with its steps, roll-up and monitoring notes, and the Call-to-Action plan at a glance.

``team_page`` loads everything in a fixed number of queries, whatever the size of the team; the roll-ups
and the plan's health are decided by programs.services, over the rows loaded here.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from competencies.models import Competency
from leaderdev.models import LeadershipTier, Person, School, SchoolYear
from leaderdev.permissions import visible_to

from ..models import (
    ActionStep,
    CallToActionPlan,
    CheckIn,
    GoalTarget,
    Initiative,
    MonitoringNote,
    SchoolTeam,
    TeamKind,
    TeamMembership,
)
from ..rules import _program_staff, school_team_scope
from ..services.cta import PlanHealth, plan_health, plan_percent, target_progress
from ..services.teams import InitiativeRollup, initiative_rollup

_COMPETENCIES = Prefetch(
    "competencies", queryset=Competency.objects.select_related("domain").order_by("domain__number", "number")
)


def visible_school_or_404(user, pk) -> School:
    """The school, if the user may see its teams (its team members, leaders, network and program staff).

    Checked on the school itself, so a leader of another school gets 404 even before it has a team.
    """
    schools = School.objects.select_related("network")
    if not (user.is_superuser or _program_staff(user)):
        schools = schools.filter(school_team_scope(user, ""))
    school = schools.filter(pk=pk).first()
    if school is None:
        raise Http404("No such school, or not one whose teams you may see.")
    return school


def school_year_or_404(year_param: str | None) -> SchoolYear | None:
    """The year asked for with ?year=<pk>, else the current one (None when staff have not marked one)."""
    if not year_param:
        return SchoolYear.objects.current()
    year = SchoolYear.objects.filter(pk=year_param).first() if str(year_param).isdigit() else None
    if year is None:
        raise Http404("No such school year.")
    return year


def team_years(school: School) -> QuerySet[SchoolYear]:
    """The years the year switcher offers: the current one and those with an initiative, a plan or members."""
    members = TeamMembership.objects.filter(team__school=school, start_date__lte=OuterRef("end_date")).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("start_date"))
    )
    return SchoolYear.objects.filter(
        Q(is_current=True)
        | Q(Exists(Initiative.objects.filter(team__school=school, school_year=OuterRef("pk"))))
        | Q(Exists(CallToActionPlan.objects.filter(school=school, school_year=OuterRef("pk"))))
        | Q(Exists(members))
    ).order_by("-start_date")


def as_of(school_year: SchoolYear, today: datetime.date) -> datetime.date:
    """The day the page shows a year's team on: today within the year, else its first or last day."""
    return min(max(today, school_year.start_date), school_year.end_date)


def school_staff(school: School) -> QuerySet[Person]:
    """Whom the member and step-owner pickers offer: the school's active staff, by name."""
    return Person.objects.filter(school=school, is_active=True).order_by("last_name", "first_name")


# --- The page ------------------------------------------------------------------------------------------


@dataclass
class TierMembers:
    tier: str
    label: str
    members: list[TeamMembership]


@dataclass
class TeamBlock:
    team: SchoolTeam
    tiers: list[TierMembers]
    history: list[TeamMembership]

    @property
    def member_count(self) -> int:
        return sum(len(t.members) for t in self.tiers)


@dataclass
class StepGroup:
    tier: str
    label: str
    steps: list[ActionStep]


@dataclass
class PlanSummary:
    plan: CallToActionPlan | None
    health: PlanHealth
    percent: int | None
    targets: int = 0


@dataclass
class TeamPage:
    school: School
    school_year: SchoolYear
    as_of: datetime.date
    teams: list[TeamBlock]
    initiative: Initiative | None = None
    rollup: InitiativeRollup | None = None
    step_groups: list[StepGroup] = field(default_factory=list)
    notes: list[MonitoringNote] = field(default_factory=list)
    plan: PlanSummary | None = None

    @property
    def tier_rollups(self):
        """(label, roll-up) per tier in ladder order, for the roll-up table."""
        return [(label, self.rollup.by_tier[tier]) for tier, label in LeadershipTier.choices]


def _team_blocks(school: School, school_year: SchoolYear, day: datetime.date) -> list[TeamBlock]:
    memberships = (
        TeamMembership.objects.filter(team__school=school, start_date__lte=school_year.end_date)
        .select_related("person")
        .order_by("start_date", "person__last_name", "person__first_name", "pk")
    )
    teams = {team.pk: team for team in SchoolTeam.objects.filter(school=school)}
    blocks = []
    for kind in (TeamKind.ILT, TeamKind.PIPELINE):
        team = next((t for t in teams.values() if t.kind == kind), None)
        if team is not None:
            blocks.append(TeamBlock(team, [TierMembers(v, lab, []) for v, lab in LeadershipTier.choices], []))
    by_team = {block.team.pk: block for block in blocks}
    for membership in memberships:
        block = by_team[membership.team_id]
        membership.team = block.team
        if membership.start_date <= day and (membership.end_date is None or membership.end_date >= day):
            tier = next(t for t in block.tiers if t.tier == membership.tier)
            tier.members.append(membership)
        elif membership.end_date is not None and membership.end_date < day:
            block.history.append(membership)
    for block in blocks:
        block.history.sort(key=lambda m: (m.end_date, m.person.last_name), reverse=True)
        for tier in block.tiers:
            tier.members.sort(key=lambda m: (m.role != "lead", m.person.last_name, m.person.first_name))
    return blocks


def initiative_of(school: School, school_year: SchoolYear) -> Initiative | None:
    """The year's initiative of the pipeline team, or of the ILT when the pipeline team has none."""
    initiatives = (
        Initiative.objects.filter(team__school=school, school_year=school_year)
        .select_related("team__school", "school_year")
        .prefetch_related(_COMPETENCIES)
    )
    by_kind = {i.team.kind: i for i in initiatives}
    return by_kind.get(TeamKind.PIPELINE) or by_kind.get(TeamKind.ILT)


def _plan_summary(school: School, school_year: SchoolYear, today: datetime.date) -> PlanSummary:
    plan = CallToActionPlan.objects.filter(school=school, school_year=school_year).first()
    if plan is None:
        return PlanSummary(None, plan_health(None, []), None)
    latest = CheckIn.objects.filter(target=OuterRef("pk")).order_by("-checked_on", "-pk")
    targets = GoalTarget.objects.filter(goal__plan=plan).annotate(
        latest=latest.values("value")[:1], latest_on=latest.values("checked_on")[:1]
    )
    progress = [
        target_progress(
            baseline=t.baseline,
            target=t.target,
            due_date=t.due_date,
            start=school_year.start_date,
            latest=t.latest,
            latest_on=t.latest_on,
            today=today,
        )
        for t in targets
    ]
    return PlanSummary(plan, plan_health(plan.status, progress), plan_percent(progress), len(progress))


def team_page(school: School, school_year: SchoolYear, today: datetime.date | None = None) -> TeamPage:
    """Everything the school's team page shows for `school_year`, in a fixed number of queries."""
    today = today or timezone.localdate()
    day = as_of(school_year, today)
    page = TeamPage(school, school_year, day, _team_blocks(school, school_year, day))
    page.initiative = initiative_of(school, school_year)
    if page.initiative is not None:
        steps = list(
            page.initiative.steps.select_related("owner")
            .prefetch_related(_COMPETENCIES)
            .order_by("order", "due_date", "pk")
        )
        for step in steps:
            step.initiative = page.initiative
            step.overdue = step.is_overdue(today)
        page.rollup = initiative_rollup(steps, today)
        page.step_groups = [
            StepGroup(tier, label, [s for s in steps if s.tier == tier])
            for tier, label in LeadershipTier.choices
        ]
        page.notes = list(
            page.initiative.notes.select_related("author", "step").order_by("-written_on", "-created_at")
        )
    page.plan = _plan_summary(school, school_year, today)
    return page


# --- Objects of the write pages ------------------------------------------------------------------------


def memberships() -> QuerySet[TeamMembership]:
    return TeamMembership.objects.select_related("person", "team__school__network")


def initiatives() -> QuerySet[Initiative]:
    return Initiative.objects.select_related("team__school__network", "school_year")


def steps() -> QuerySet[ActionStep]:
    return ActionStep.objects.select_related(
        "owner", "initiative__team__school__network", "initiative__school_year"
    )


def step_for_status_or_404(user, pk) -> ActionStep:
    """A step the user may see, or one they own (owners update their own steps)."""
    queryset = steps()
    step = (visible_to(user, queryset) | queryset.filter(owner__user=user)).filter(pk=pk).first()
    if step is None:
        raise Http404("No such action step.")
    return step
