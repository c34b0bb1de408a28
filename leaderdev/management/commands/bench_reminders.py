"""bench_reminders: what fanning out a reminder costs as the number of enrollments grows.

    python manage.py bench_reminders                     # 1,000 and 10,000 enrollments, then roll back
    python manage.py bench_reminders --sizes 1000 10000 30000

For each size it enrolls that many people (each with a login) in an offering with a session two days
from now, inside a transaction it rolls back at the end (nothing is left behind and nothing is sent: the
delivery tasks are queued only after a commit that never comes). Then it runs
``notifications.services.plan("session_upcoming")``, the beat task's body, and prints the time, the
number of queries, the notifications made and the delivery batches queued. The queries must grow only with
the batches (one INSERT per thousand notifications), never one per reminder.
"""

import datetime
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from leaderdev.models import Person, Position, SchoolYear, User
from leaderdev.notifications import services
from programs.models import Enrollment, EnrollmentStatus, Offering, Program, ProgramKind, Session

KIND = "session_upcoming"


class Rollback(Exception):
    """Raised to leave the benchmark's transaction without keeping its rows."""


def build(count: int) -> Session:
    """An offering with a session in SESSION_REMINDER_DAYS days and `count` enrolled people with logins."""
    stamp = time.monotonic_ns()
    year = SchoolYear.objects.create(
        name=f"B{stamp % 10**8}",
        start_date=datetime.date(1900, 1, 1) + datetime.timedelta(days=stamp % 50000),
        end_date=datetime.date(2999, 1, 1),
    )
    kind = ProgramKind.objects.create(name=f"Bench kind {stamp}", order=99)
    program = Program.objects.create(kind=kind, name=f"Bench program {stamp}")
    offering = Offering.objects.create(program=program, school_year=year)
    starts = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    starts += datetime.timedelta(days=settings.SESSION_REMINDER_DAYS)
    session = Session.objects.create(
        offering=offering,
        title="Bench session",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )
    users = User.objects.bulk_create(
        [User(email=f"bench-{stamp}-{n}@bench.test") for n in range(count)], batch_size=2000
    )
    people = Person.objects.bulk_create(
        [
            Person(
                employee_id=f"B{stamp % 10**9}-{n}",
                first_name="Bench",
                email=f"bench-{stamp}-{n}@bench.test",
                last_name=str(n),
                position=Position.CENTRAL_OFFICE,
                role_start_date=datetime.date(2024, 7, 1),
                user=user,
            )
            for n, user in enumerate(users)
        ],
        batch_size=2000,
    )
    now = timezone.now()
    Enrollment.objects.bulk_create(
        [
            Enrollment(offering=offering, person=p, status=EnrollmentStatus.ENROLLED, status_changed_at=now)
            for p in people
        ],
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return session


@dataclass(frozen=True)
class FanOut:
    """One fan-out measured: its size, seconds, queries, notifications made and delivery batches queued."""

    enrollments: int
    seconds: float
    queries: int
    created: int
    batches: int


def measure(size: int) -> FanOut:
    """Build `size` enrollments, time ``services.plan(KIND)`` on them, and roll everything back."""
    try:
        with transaction.atomic():
            build(size)
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                result = services.plan(KIND)
                seconds = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    return FanOut(size, seconds, len(queries), result.created, result.batches)


class Command(BaseCommand):
    help = "Time fanning out a reminder at several numbers of enrollments (rolled back)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--sizes", type=int, nargs="+", default=[1000, 10000], help="Enrollments to build."
        )

    def handle(self, *args, sizes, **options):
        self.stdout.write(f"{'enrollments':>12} {'seconds':>8} {'queries':>8} {'made':>7} {'batches':>8}")
        for size in sizes:
            run = measure(size)
            self.stdout.write(
                f"{size:>12,} {run.seconds:>8.2f} {run.queries:>8} {run.created:>7,} {run.batches:>8}"
            )
