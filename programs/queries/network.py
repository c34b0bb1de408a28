"""The network overview: every school's Call-to-Action plan and improvement initiatives at a glance.

Who sees which schools is decided here, once: program staff see every active school, network staff the
schools of the networks they support (leaderdev.models.NetworkSupportMember). The page and its CSV export
read the same rows, built in a fixed number of queries whatever the number of schools:

    1. the filtered schools with their network;
    2. their plans for the year;
    3. the plans' targets, each annotated with its latest check-in (two correlated subqueries);
    4. their teams' initiatives for the year, with their steps counted per status and overdue.

Statuses are then computed in Python by the services (programs.services.cta for targets and plans,
programs.services.teams.StepRollup for steps), so this page and a school's own pages always agree.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from leaderdev.exports import Column
from leaderdev.models import NetworkSupportMember, School, SchoolLevel, SchoolYear
from leaderdev.permissions import Role, has_role

from ..filters_teams import WITH_OVERDUE, WITHOUT_OVERDUE, TeamOverviewFilter
from ..models import (
    OPEN_STEP_STATUSES,
    CallToActionPlan,
    CheckIn,
    GoalTarget,
    Initiative,
    PlanStatus,
    StepStatus,
)
from ..services.cta import (
    PlanHealth,
    TargetProgress,
    TargetStatus,
    plan_health,
    plan_percent,
    target_progress,
)
from ..services.teams import StepRollup

PER_PAGE = 50


def overview_schools(user) -> QuerySet[School]:
    """The active schools `user` may see on the overview: all for program staff, their networks' otherwise."""
    schools = School.objects.filter(is_active=True)
    if not has_role(user, Role.PROGRAM_STAFF):
        schools = schools.filter(
            Exists(NetworkSupportMember.objects.filter(network=OuterRef("network"), person__user=user))
        )
    return schools.select_related("network").order_by("name", "pk")


# --- One school's row -----------------------------------------------------------------------------------


@dataclass
class SchoolRow:
    """A school's plan and initiatives for the year, as the overview shows them."""

    school: School
    plan_id: int | None = None
    plan_status: str | None = None
    targets: list[TargetProgress] = field(default_factory=list)
    initiative_titles: list[str] = field(default_factory=list)
    steps: StepRollup = field(default_factory=StepRollup)

    @property
    def health(self) -> PlanHealth:
        return plan_health(self.plan_status, self.targets)

    @property
    def percent(self) -> int | None:
        return plan_percent(self.targets)

    @property
    def targets_on_track(self) -> int:
        """Targets met or on track."""
        return sum(t.status in (TargetStatus.MET, TargetStatus.ON_TRACK) for t in self.targets)

    @property
    def last_check_in(self) -> datetime.date | None:
        return max((t.latest_on for t in self.targets if t.latest_on), default=None)

    @property
    def initiative(self) -> str:
        return "; ".join(self.initiative_titles)

    @property
    def has_initiative(self) -> bool:
        return bool(self.initiative_titles)


def _step_rollup(initiative) -> StepRollup:
    """A StepRollup from an initiative's step counts (the same rule as services.teams.rollup: dropped steps
    leave the total)."""
    return StepRollup(
        total=initiative.done + initiative.in_progress + initiative.not_started,
        done=initiative.done,
        in_progress=initiative.in_progress,
        not_started=initiative.not_started,
        dropped=initiative.dropped,
        overdue=initiative.overdue,
    )


def _add(total: StepRollup, more: StepRollup) -> None:
    for name in ("total", "done", "in_progress", "not_started", "dropped", "overdue"):
        setattr(total, name, getattr(total, name) + getattr(more, name))


def school_rows(
    schools: QuerySet[School], school_year: SchoolYear, today: datetime.date | None = None
) -> list[SchoolRow]:
    """One row per school of `schools` (in its order) for `school_year`, in four queries."""
    today = today or timezone.localdate()
    rows = {school.pk: SchoolRow(school) for school in schools}
    if not rows:
        return []
    chosen = schools.values("pk")
    plans = CallToActionPlan.objects.filter(school_year=school_year, school__in=chosen).values_list(
        "pk", "school_id", "status"
    )
    row_of_plan = {}
    for plan_id, school_id, status in plans:
        row = rows[school_id]
        row.plan_id, row.plan_status = plan_id, status
        row_of_plan[plan_id] = row

    latest = CheckIn.objects.filter(target=OuterRef("pk")).order_by("-checked_on", "-pk")
    targets = (
        GoalTarget.objects.filter(goal__plan__school_year=school_year, goal__plan__school__in=chosen)
        .annotate(
            latest=Subquery(latest.values("value")[:1]), latest_on=Subquery(latest.values("checked_on")[:1])
        )
        .values_list("goal__plan_id", "baseline", "target", "due_date", "latest", "latest_on")
        .order_by("goal__plan_id", "pk")
    )
    for plan_id, baseline, target, due_date, value, value_on in targets:
        row_of_plan[plan_id].targets.append(
            target_progress(
                baseline=baseline,
                target=target,
                due_date=due_date,
                start=school_year.start_date,
                latest=value,
                latest_on=value_on,
                today=today,
            )
        )

    def steps(**condition):
        return Count("steps", filter=Q(**condition))

    initiatives = (
        Initiative.objects.filter(school_year=school_year, team__school__in=chosen)
        .annotate(
            done=steps(steps__status=StepStatus.DONE),
            in_progress=steps(steps__status=StepStatus.IN_PROGRESS),
            not_started=steps(steps__status=StepStatus.NOT_STARTED),
            dropped=steps(steps__status=StepStatus.DROPPED),
            overdue=steps(steps__status__in=OPEN_STEP_STATUSES, steps__due_date__lt=today),
        )
        .only("title", "team__school_id")
        .select_related("team")
        .order_by("team__school_id", "team__kind", "pk")
    )
    for initiative in initiatives:
        row = rows[initiative.team.school_id]
        row.initiative_titles.append(initiative.title)
        _add(row.steps, _step_rollup(initiative))
    return list(rows.values())


def apply_computed_filters(rows: list[SchoolRow], health: str, overdue: str) -> list[SchoolRow]:
    """The rows whose plan status at a glance and overdue steps match the filter's choices."""
    if health:
        rows = [row for row in rows if row.health == health]
    if overdue == WITH_OVERDUE:
        rows = [row for row in rows if row.steps.overdue]
    elif overdue == WITHOUT_OVERDUE:
        rows = [row for row in rows if not row.steps.overdue]
    return rows


# --- The summary ----------------------------------------------------------------------------------------


@dataclass
class Totals:
    """Counts over a set of rows: the summary cards, and each line of the per-network table."""

    schools: int = 0
    adopted: int = 0
    drafts: int = 0
    no_plan: int = 0
    behind: int = 0
    targets: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TargetStatus.values, 0))
    steps: StepRollup = field(default_factory=StepRollup)

    def add(self, row: SchoolRow) -> None:
        self.schools += 1
        if row.plan_status is None:
            self.no_plan += 1
        elif row.plan_status == PlanStatus.DRAFT:
            self.drafts += 1
        else:  # adopted, or closed at the end of the year: either way it was adopted
            self.adopted += 1
        if row.health == PlanHealth.BEHIND:
            self.behind += 1
        for target in row.targets:
            self.targets[target.status] += 1
        _add(self.steps, row.steps)

    @property
    def target_counts(self) -> list[tuple[str, int]]:
        return [(status.label, self.targets[status]) for status in TargetStatus]


@dataclass
class NetworkTotals:
    name: str
    totals: Totals


@dataclass
class Overview:
    school_year: SchoolYear | None
    rows: list[SchoolRow]
    totals: Totals
    networks: list[NetworkTotals]


def summarise(rows: list[SchoolRow]) -> tuple[Totals, list[NetworkTotals]]:
    totals = Totals()
    by_network: dict[str, Totals] = defaultdict(Totals)
    for row in rows:
        totals.add(row)
        by_network[row.school.network.name].add(row)
    return totals, [NetworkTotals(name, by_network[name]) for name in sorted(by_network)]


def team_overview(overview_filter: TeamOverviewFilter, today: datetime.date | None = None) -> Overview:
    """The overview page: the rows matching every filter, their totals and the per-network table."""
    school_year = overview_filter.chosen_year
    if school_year is None:
        return Overview(None, [], Totals(), [])
    rows = school_rows(overview_filter.qs, school_year, today)
    rows = apply_computed_filters(rows, overview_filter.chosen_health, overview_filter.chosen_overdue)
    totals, networks = summarise(rows)
    return Overview(school_year, rows, totals, networks)


# --- The export -----------------------------------------------------------------------------------------


def export_schools(overview_filter: TeamOverviewFilter, today: datetime.date | None = None):
    """The schools to export (a queryset, streamed by leaderdev.exports) and their columns.

    The computed cells come from the rows built once beforehand: the columns close over them and never
    query the database.
    """
    school_year = overview_filter.chosen_year
    schools = overview_filter.qs
    if school_year is None:
        return schools.none(), export_columns({})
    rows = school_rows(schools, school_year, today)
    matching = apply_computed_filters(rows, overview_filter.chosen_health, overview_filter.chosen_overdue)
    if len(matching) != len(rows):
        schools = schools.filter(pk__in=[row.school.pk for row in matching])
    return schools, export_columns({row.school.pk: row for row in matching})


def export_columns(rows: dict[int, SchoolRow]) -> list[Column]:
    def computed(header, read):
        return Column(header, value=lambda values: read(rows[values["pk"]]), uses=["pk"])

    return [
        Column("School code", "code"),
        Column("School", "name"),
        Column("Network", "network__name"),
        Column("Level", "level", choices=SchoolLevel),
        computed("Plan status", lambda row: row.health.label),
        computed("Plan", lambda row: PlanStatus(row.plan_status).label if row.plan_status else None),
        computed("Plan progress (%)", lambda row: row.percent),
        computed("Targets on track or met", lambda row: row.targets_on_track),
        computed("Targets", lambda row: len(row.targets)),
        computed("Last check-in", lambda row: row.last_check_in),
        computed("Initiative", lambda row: row.initiative or None),
        computed("Steps done", lambda row: row.steps.done),
        computed("Steps", lambda row: row.steps.total),
        computed("Steps done (%)", lambda row: row.steps.percent_done),
        computed("Overdue steps", lambda row: row.steps.overdue),
    ]
