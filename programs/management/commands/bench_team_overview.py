"""bench_team_overview: how the network overview and its CSV export grow with the number of schools.

    python manage.py bench_team_overview                  # build 20 and 1,500 schools, time, roll back
    python manage.py bench_team_overview --sizes 20 500 3000 --repeat 5
    python manage.py bench_team_overview --current        # measure on the database as it is

For each size it builds that many schools in three networks, each with a Call-to-Action plan (adopted,
draft, or none), two targets with check-ins, and a pipeline team's initiative with steps (bulk inserts,
then ANALYZE), inside a transaction it rolls back at the end: nothing it makes is left behind. Then it
runs what the two views run, as program staff, and prints per size the best time of ``--repeat`` runs and
the number of queries of each, and the time ratio to the smallest size. The query counts must not grow
with the size; the times should grow no faster than the number of schools.
"""

import datetime
import itertools
import time
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from leaderdev.exports import export_response
from leaderdev.models import LeadershipTier, Network, School, SchoolLevel, SchoolYear, User
from programs.filters_teams import TeamOverviewFilter
from programs.models import (
    ActionStep,
    CallToActionPlan,
    CheckIn,
    GoalTarget,
    Initiative,
    PlanStatus,
    SchoolTeam,
    StepStatus,
    StrategicGoal,
    TeamKind,
)
from programs.queries import network as queries

BATCH = 2000
# The mix of a real year, roughly: most plans adopted, a few drafts, a few schools with none yet.
PLAN_STATUSES = [PlanStatus.ADOPTED] * 6 + [PlanStatus.DRAFT, None]
STEP_STATUSES = [StepStatus.DONE, StepStatus.IN_PROGRESS, StepStatus.NOT_STARTED, StepStatus.DROPPED]


class Rollback(Exception):
    """Raised to leave the benchmark's transaction without keeping its rows."""


def build_schools(count: int, school_year: SchoolYear, prefix: str = "Bench") -> list[School]:
    """`count` schools in three networks with varied plans, targets, check-ins and initiatives (bulk)."""
    today = timezone.localdate()
    networks = Network.objects.bulk_create(
        [Network(name=f"{prefix} network {n}", code=f"{prefix.lower()}-net-{n}") for n in range(3)]
    )
    levels = itertools.cycle(SchoolLevel.values)
    schools = School.objects.bulk_create(
        [
            School(
                code=f"{prefix[:6]}{n:05d}",
                name=f"{prefix} school {n:05d}",
                level=next(levels),
                network=networks[n % 3],
            )
            for n in range(count)
        ],
        batch_size=BATCH,
    )
    planned = [(school, PLAN_STATUSES[n % len(PLAN_STATUSES)]) for n, school in enumerate(schools)]
    plans = CallToActionPlan.objects.bulk_create(
        [
            CallToActionPlan(
                school=school,
                school_year=school_year,
                status=status,
                adopted_on=school_year.start_date if status == PlanStatus.ADOPTED else None,
            )
            for school, status in planned
            if status is not None
        ],
        batch_size=BATCH,
    )
    goals = StrategicGoal.objects.bulk_create(
        [StrategicGoal(plan=plan, statement="More students read on grade level") for plan in plans],
        batch_size=BATCH,
    )
    targets = GoalTarget.objects.bulk_create(
        [
            GoalTarget(
                goal=goal,
                measure=f"Measure {k}",
                baseline=Decimal(40),
                target=Decimal(60),
                due_date=school_year.end_date,
            )
            for goal in goals
            for k in range(2)
        ],
        batch_size=BATCH,
    )
    CheckIn.objects.bulk_create(
        [
            CheckIn(
                target=target,
                checked_on=school_year.start_date + datetime.timedelta(days=30 * k),
                value=Decimal(40 + (n % 7) * 3 + k),
            )
            for n, target in enumerate(targets)
            if n % 5  # some targets are not measured yet
            for k in range(1 + n % 3)
        ],
        batch_size=BATCH,
    )
    teams = SchoolTeam.objects.bulk_create(
        [SchoolTeam(school=school, kind=TeamKind.PIPELINE) for school in schools], batch_size=BATCH
    )
    initiatives = Initiative.objects.bulk_create(
        [
            Initiative(team=team, school_year=school_year, title=f"Initiative of {team.school.name}")
            for team in teams
        ],
        batch_size=BATCH,
    )
    ActionStep.objects.bulk_create(
        [
            ActionStep(
                initiative=initiative,
                tier=LeadershipTier.values[k % len(LeadershipTier.values)],
                description=f"Step {k}",
                status=(status := STEP_STATUSES[(n + k) % len(STEP_STATUSES)]),
                completed_on=today if status == StepStatus.DONE else None,
                due_date=today + datetime.timedelta(days=(k - 2) * 20),
                order=k,
            )
            for n, initiative in enumerate(initiatives)
            for k in range(4)
        ],
        batch_size=BATCH,
    )
    # Fresh tables have no planner statistics; a real database has them (autovacuum analyses tables).
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE leaderdev_network, leaderdev_school, programs_calltoactionplan,"
                " programs_strategicgoal, programs_goaltarget, programs_checkin, programs_schoolteam,"
                " programs_initiative, programs_actionstep"
            )
    return schools


class Command(BaseCommand):
    help = "Time the network overview and its CSV export at several numbers of schools (rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", type=int, nargs="+", default=[20, 1500], help="Schools to build.")
        parser.add_argument("--repeat", type=int, default=3, help="Runs of each; the best counts (3).")
        parser.add_argument("--current", action="store_true", help="Measure the database as it is.")

    def handle(self, *args, sizes, repeat, current, **options):
        if repeat < 1 or any(size < 1 for size in sizes):
            raise CommandError("--sizes and --repeat must be at least 1.")
        results = []
        if current:
            school_year = SchoolYear.objects.current()
            if school_year is None:
                raise CommandError("No current school year: nothing to measure.")
            results.append(self.measure(School.objects.filter(is_active=True).count(), school_year, repeat))
        else:
            for size in sizes:
                try:
                    with transaction.atomic():
                        school_year = SchoolYear.objects.current() or SchoolYear.objects.create(
                            name="Bench 2090",
                            start_date=datetime.date(2090, 8, 28),
                            end_date=datetime.date(2091, 6, 25),
                            is_current=True,
                        )
                        started = time.perf_counter()
                        build_schools(size, school_year)
                        self.stdout.write(f"Built {size:,} schools in {time.perf_counter() - started:.1f} s.")
                        results.append(self.measure(size, school_year, repeat))
                        raise Rollback
                except Rollback:
                    pass
        smallest = results[0]
        self.stdout.write(
            f"{'schools':>8} {'page_s':>8} {'page_q':>6} {'csv_s':>8} {'csv_q':>5} {'ratio':>6}"
        )
        for schools, page_s, page_q, csv_s, csv_q in results:
            ratio = page_s / smallest[1] if smallest[1] else 0
            self.stdout.write(
                f"{schools:>8,} {page_s:>8.3f} {page_q:>6} {csv_s:>8.3f} {csv_q:>5} {ratio:>5.1f}x"
            )

    def measure(self, schools: int, school_year: SchoolYear, repeat: int):
        """Best time and query count of the page's work and of the streamed export, as program staff."""
        staff = User(is_superuser=True, is_active=True)  # never saved: a superuser holds every role
        data = QueryDict(mutable=True)
        data["year"] = str(school_year.pk)

        def page():
            overview_filter = TeamOverviewFilter(data, queryset=queries.overview_schools(staff), request=None)
            overview = queries.team_overview(overview_filter)
            list(overview.rows[: queries.PER_PAGE])
            list(overview_filter.form["network"])  # the network choices, as the page renders them

        def export():
            overview_filter = TeamOverviewFilter(data, queryset=queries.overview_schools(staff), request=None)
            school_rows, columns = queries.export_schools(overview_filter)
            for _ in export_response(school_rows, columns, "bench").streaming_content:
                pass

        return (schools, *self.best(page, repeat), *self.best(export, repeat))

    def best(self, run, repeat: int) -> tuple[float, int]:
        times = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries_run:
                started = time.perf_counter()
                run()
                times.append(time.perf_counter() - started)
        return min(times), len(queries_run.captured_queries)
