"""bench: the district-scale benchmark behind ``make bench``; prints one table and fails on a missed target.

    python manage.py bench                      # seed the large scale if absent, measure, load run
    python manage.py bench --no-load            # everything but the load run
    python manage.py bench --no-fail            # report only: exit 0 even when a target is missed

Postgres only (the export is compared with Postgres COPY, and the load run needs a database gunicorn
can share). The rows and their targets are described in ``leaderdev.bench.suite``; the README's
"Benchmarks" section explains each one.
"""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from leaderdev.bench import suite
from leaderdev.bench.load import cpus
from leaderdev.models import Person, School

# What the large scale makes (leaderdev.demo): 1,500 schools (codes S0001...) and about 10,000 people
# (employee ids E000001...). Fewer means the large scale was never seeded here. The benchmarks' own rows
# (codes BENCH and BM..., employee ids BENCH-...) do not count.
LARGE_SCHOOLS = 1_500
LARGE_PEOPLE = 10_000


def large_scale_present() -> bool:
    schools = School.objects.filter(code__startswith="S").count()
    people = Person.objects.filter(employee_id__startswith="E").count()
    return schools >= LARGE_SCHOOLS and people >= LARGE_PEOPLE


def database_url() -> str:
    db = settings.DATABASES["default"]
    auth = db.get("USER") or ""
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{db['NAME']}"


class Command(BaseCommand):
    help = (
        "Benchmark the busiest pages (as ratios to a trivial page, with query counts), the CSV export vs "
        "COPY, a matching round vs its solver, reminder fan-out and a locust load run; one table."
    )

    def add_arguments(self, parser):
        parser.add_argument("--iterations", type=int, default=30, help="Timed requests per page (30).")
        parser.add_argument("--warmup", type=int, default=3, help="Untimed requests per page first (3).")
        parser.add_argument("--export-rows", type=int, default=100_000, help="Attendance rows (100000).")
        parser.add_argument("--mentees", type=int, default=2_000, help="Matching: mentees (2000).")
        parser.add_argument("--mentors", type=int, default=1_000, help="Matching: mentors x 2 (1000).")
        parser.add_argument(
            "--reminders",
            type=int,
            nargs=2,
            default=list(suite.REMINDER_SIZES),
            metavar=("SMALL", "BIG"),
            help="Fan-out sizes compared (1000 10000).",
        )
        parser.add_argument(
            "--repeat", type=int, default=5, help="Runs of export and matching; best counts (5)."
        )
        parser.add_argument("--no-load", action="store_true", help="Skip the load run.")
        parser.add_argument("--users", type=int, default=50, help="Load run: concurrent users (50).")
        parser.add_argument("--spawn-rate", type=float, default=10, help="Load run: users started/s (10).")
        parser.add_argument("--load-seconds", type=int, default=60, help="Load run: duration (60).")
        parser.add_argument("--no-seed", action="store_true", help="Measure the data as it is.")
        parser.add_argument("--no-fail", action="store_true", help="Exit 0 even when a target is missed.")

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                f"bench runs on Postgres only (it compares the export with COPY and serves gunicorn on the "
                f"same database); this database is {connection.vendor}. Set DATABASE_URL=postgres://..."
            )
        for name in ("iterations", "export_rows", "mentees", "mentors", "repeat", "users", "load_seconds"):
            if options[name] < 1:
                raise CommandError(f"--{name.replace('_', '-')} must be at least 1.")
        small, big = options["reminders"]
        if not 1 <= small < big:
            raise CommandError("--reminders needs two sizes, the small one first.")

        started = time.perf_counter()
        if not options["no_seed"] and not large_scale_present():
            self.stdout.write("The large demo scale is absent: seeding it (about a minute) ...")
            call_command("seed_demo", scale="large", allow_production=True, stdout=self.stdout)

        plan = suite.Plan(
            iterations=options["iterations"],
            warmup=options["warmup"],
            export_rows=options["export_rows"],
            export_repeat=options["repeat"],
            mentees=options["mentees"],
            mentors=options["mentors"],
            matching_repeat=options["repeat"],
            reminder_sizes=(small, big),
            load=not options["no_load"],
            users=options["users"],
            spawn_rate=options["spawn_rate"],
            load_seconds=options["load_seconds"],
            database_url=database_url(),
        )
        rows = suite.run(plan, log=self.stdout.write)
        major, minor = divmod(connection.pg_version, 10000)
        self.stdout.write("")
        self.stdout.write(
            f"LeaderDev benchmark: Postgres {major}.{minor}, {cpus()} CPUs, "
            f"{School.objects.count():,} schools, {Person.objects.count():,} people; "
            f"{time.perf_counter() - started:.0f} s in all."
        )
        self.stdout.write(suite.render(rows))
        missed = [row.what for row in rows if row.passed is False]
        if missed and not options["no_fail"]:
            raise CommandError(f"{len(missed)} target(s) missed: {', '.join(missed)}.")
        if missed:
            self.stdout.write(f"{len(missed)} target(s) missed (--no-fail): {', '.join(missed)}.")
