"""bench_export: how fast the attendance CSV export is, next to what Postgres itself can do.

    python manage.py bench_export --rows 100000     # make (or reuse) the rows, time, print the table
    python manage.py bench_export --cleanup         # remove every row the benchmark made

It times two ways of writing the same rows as CSV, in the same run, on the same data:

(a) the export path of the attendance_export view: the offering's roster filter (no filter set),
    ``queries.attendance_lines`` and ``ATTENDANCE_COLUMNS`` through ``leaderdev.exports.export_response``,
    consuming the whole streamed response (bytes, as a server would send them) into a null sink;
(b) ``COPY (<the very SQL and parameters (a) sent, captured as it ran>) TO STDOUT WITH CSV`` through
    psycopg2's ``copy_expert`` into a null sink: the floor no Python code can beat.

After one untimed run of each (which also captures the SQL), they take turns ``--repeat`` times and
the best time of each is kept; the ratio (a)/(b) is printed against the target
of 3x. The rows live in a benchmark offering that cannot be mistaken for real data: program
"Benchmark" (kind "Benchmark"), cohort "bench-<rows>", at a school "Benchmark School" (code BENCH), with
people whose employee IDs start with "BENCH-". A second run with the same --rows reuses them.
"""

import datetime
import math
import time
from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.http import QueryDict
from django.utils import timezone

from leaderdev.exports import export_response
from leaderdev.models import Network, Person, Position, School, SchoolLevel, SchoolYear
from programs.forms_attendance import AttendanceFilter
from programs.models import (
    Attendance,
    AttendanceStatus,
    Enrollment,
    EnrollmentStatus,
    Offering,
    Program,
    ProgramKind,
    Session,
)
from programs.queries import attendance as queries

BENCH = "Benchmark"
BENCH_CODE = "BENCH"
BENCH_YEAR = "Benchmark 1990"  # only made when the database has no school year at all
EMPLOYEE_PREFIX = "BENCH-"
SESSIONS = 20  # a year of monthly sessions and institute days
TARGET_RATIO = 3.0
FIRST_NAMES = ["Ana", "Ben", "Chidi", "Dana", "Eun-ji", "Farah", "Gabriel", "Hana", "Ibrahim", "José"]
LAST_NAMES = ["Adams", "Baptiste", "Chen", "Díaz", "Evans", "Fofana", "García", "Huang", "Ibe", "Jones"]
# The mix of marks a real year shows, roughly: most present, some late, a few excused or absent.
STATUS_CYCLE = (
    [AttendanceStatus.PRESENT] * 14
    + [AttendanceStatus.LATE] * 3
    + [
        AttendanceStatus.EXCUSED,
        AttendanceStatus.ABSENT,
        AttendanceStatus.ABSENT,
    ]
)
BATCH = 5000


class NullSink:
    """A file that keeps nothing but the number of bytes and lines written to it."""

    def __init__(self):
        self.bytes = 0
        self.lines = 0

    def write(self, data):
        if isinstance(data, str):
            data = data.encode()
        self.bytes += len(data)
        self.lines += data.count(b"\n")
        return len(data)


@dataclass
class Timing:
    seconds: float
    lines: int
    bytes: int


@dataclass
class ExportBench:
    """The outcome of one run: the rows, the best export and COPY timings and their ratio."""

    offering: Offering
    people: int
    sessions: int
    prepare_seconds: float
    rows: int
    export: Timing
    copy: Timing
    ratio: float

    @property
    def passed(self) -> bool:
        return self.ratio <= TARGET_RATIO


def measure(rows: int = 100_000, repeat: int = 5) -> ExportBench:
    """The benchmark as a function (``manage.py bench`` reuses it); Postgres only."""
    if connection.vendor != "postgresql":
        raise CommandError(f"bench_export runs on Postgres only; this database is {connection.vendor}.")
    return Command().measure(rows, repeat)


class Command(BaseCommand):
    help = (
        "Time the attendance CSV export on N attendance rows against Postgres COPY of the same query "
        "(Postgres only); --cleanup removes the benchmark's rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000, help="Attendance rows to export (100000).")
        parser.add_argument("--repeat", type=int, default=5, help="Runs of each way; the best counts (5).")
        parser.add_argument("--cleanup", action="store_true", help="Remove the benchmark's rows and stop.")

    def handle(self, *args, rows, repeat, cleanup, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                f"bench_export compares the export with Postgres COPY, so it runs on Postgres only; this "
                f"database is {connection.vendor}. Set DATABASE_URL=postgres://... and run it again."
            )
        if cleanup:
            self.stdout.write(f"Removed the benchmark's rows: {self.cleanup()}.")
            return
        if rows < 1 or repeat < 1:
            raise CommandError("--rows and --repeat must be at least 1.")

        result = self.measure(rows, repeat)
        self.stdout.write(
            f"Benchmark offering “{result.offering}”: {result.people:,} people x {result.sessions} "
            f"sessions = {result.people * result.sessions:,} attendance rows "
            f"(ready in {result.prepare_seconds:.1f} s)."
        )
        major, minor = divmod(connection.pg_version, 10000)
        self.stdout.write(
            f"Postgres {major}.{minor}; best of {repeat}; export {result.export.bytes / 1e6:.1f} MB "
            f"streamed, COPY {result.copy.bytes / 1e6:.1f} MB."
        )
        self.write_table(
            ["rows", "export_s", "copy_s", "ratio", "target", "result"],
            [
                [
                    f"{result.rows}",
                    f"{result.export.seconds:.3f}",
                    f"{result.copy.seconds:.3f}",
                    f"{result.ratio:.2f}x",
                    f"{TARGET_RATIO:.2f}x",
                    "PASS" if result.passed else "FAIL",
                ]
            ],
        )

    def measure(self, rows: int, repeat: int) -> "ExportBench":
        """Make (or reuse) the rows, then time the export and COPY in turns; the best of each counts."""
        started = time.perf_counter()
        offering, people, sessions = self.prepare(rows)
        prepare_seconds = time.perf_counter() - started

        # A first export, not timed, captures the SELECT it sends (so COPY runs exactly that) and warms
        # the caches; then the two ways take turns, so a busy machine slows both alike.
        captured: list[tuple[str, tuple]] = []
        self.time_export(offering, captured)
        select = [(sql, params) for sql, params in captured if sql.lstrip().upper().startswith("SELECT")]
        if len(select) != 1:
            raise CommandError(f"Expected the export to run one SELECT, it ran {len(select)}.")
        sql, params = select[0]
        self.time_copy(sql, params)
        exports, copies = [], []
        for _ in range(repeat):
            exports.append(self.time_export(offering, None))
            copies.append(self.time_copy(sql, params))

        export, copy = min(exports, key=lambda t: t.seconds), min(copies, key=lambda t: t.seconds)
        data_lines = export.lines - 1  # the header
        if data_lines != copy.lines:
            raise CommandError(f"The export wrote {data_lines} rows, COPY {copy.lines}: not the same query.")
        ratio = export.seconds / copy.seconds if copy.seconds else math.inf
        return ExportBench(offering, people, sessions, prepare_seconds, data_lines, export, copy, ratio)

    # --- The two ways ---------------------------------------------------------------------------------

    def time_export(self, offering: Offering, captured: list | None) -> Timing:
        """The attendance_export view's path, minus the request: filter, lines, columns, streamed bytes."""

        def capture(execute, sql, params, many, context):
            captured.append((sql, params))
            return execute(sql, params, many, context)

        sink = NullSink()
        started = time.perf_counter()
        lines = queries.attendance_lines(offering, AttendanceFilter.for_offering(QueryDict(), offering).qs)
        response = export_response(lines, queries.ATTENDANCE_COLUMNS, "bench")
        if captured is not None:
            with connection.execute_wrapper(capture):
                for chunk in response.streaming_content:
                    sink.write(chunk)
        else:
            for chunk in response.streaming_content:
                sink.write(chunk)
        return Timing(time.perf_counter() - started, sink.lines, sink.bytes)

    def time_copy(self, sql: str, params) -> Timing:
        """COPY (the same SELECT) TO STDOUT WITH CSV, through psycopg2 into a null sink."""
        sink = NullSink()
        connection.ensure_connection()
        with connection.connection.cursor() as cursor:  # psycopg2's own cursor: copy_expert lives there
            query = cursor.mogrify(sql, params).decode()
            started = time.perf_counter()
            cursor.copy_expert(f"COPY ({query}) TO STDOUT WITH CSV", sink)
            seconds = time.perf_counter() - started
        return Timing(seconds, sink.lines, sink.bytes)

    # --- The benchmark's rows -------------------------------------------------------------------------

    def prepare(self, rows: int) -> tuple[Offering, int, int]:
        """The benchmark offering of `rows` attendance rows, made or completed in bulk (idempotent)."""
        sessions = min(SESSIONS, rows)
        people = math.ceil(rows / sessions)
        with transaction.atomic():
            kind, _ = ProgramKind.objects.get_or_create(
                name=BENCH, defaults={"description": "Rows made by manage.py bench_export; not real data."}
            )
            program, _ = Program.objects.get_or_create(
                name=BENCH,
                defaults={"kind": kind, "description": "Made by bench_export; remove with --cleanup."},
            )
            school_year = SchoolYear.objects.current() or SchoolYear.objects.first()
            if school_year is None:
                start, end = datetime.date(1990, 8, 31), datetime.date(1991, 6, 30)
                school_year = SchoolYear.objects.create(name=BENCH_YEAR, start_date=start, end_date=end)
            offering, _ = Offering.objects.get_or_create(
                program=program, school_year=school_year, cohort=f"bench-{rows}"
            )
            school = self.bench_school()
            person_ids = self.bench_people(people, school)
            Enrollment.objects.bulk_create(
                [
                    Enrollment(
                        offering=offering,
                        person_id=pk,
                        status=EnrollmentStatus.ENROLLED,
                        status_changed_at=timezone.now(),
                    )
                    for pk in person_ids
                ],
                ignore_conflicts=True,
                batch_size=BATCH,
            )
            session_ids = self.bench_sessions(offering, sessions, school_year)
            existing = Attendance.objects.filter(session_id__in=session_ids).count()
            if existing < people * sessions:
                self.bench_attendance(person_ids, session_ids)
        connection.cursor().execute("ANALYZE")  # fresh statistics, so both ways get the same good plan
        return offering, people, sessions

    def bench_school(self) -> School:
        network, _ = Network.objects.get_or_create(code="bench", defaults={"name": "Benchmark Network"})
        school, _ = School.objects.get_or_create(
            code=BENCH_CODE,
            defaults={
                "name": "Benchmark School",
                "level": SchoolLevel.ELEMENTARY,
                "network": network,
                "is_active": False,
            },
        )
        return school

    def bench_people(self, count: int, school: School) -> list[int]:
        """The first `count` benchmark people (BENCH-000001 ...), creating those missing."""
        wanted = [f"{EMPLOYEE_PREFIX}{n:06d}" for n in range(1, count + 1)]
        have = set(Person.objects.filter(employee_id__in=wanted).values_list("employee_id", flat=True))
        Person.objects.bulk_create(
            [
                Person(
                    employee_id=employee_id,
                    first_name=FIRST_NAMES[n % len(FIRST_NAMES)],
                    last_name=f"{LAST_NAMES[(n // 10) % len(LAST_NAMES)]}-{n:06d}",
                    email=f"{employee_id.lower()}@bench.invalid",
                    position=Position.PRINCIPAL if n % 3 else Position.ASSISTANT_PRINCIPAL,
                    school=school,
                    role_start_date=datetime.date(2020, 7, 1),
                    is_active=False,
                )
                for n, employee_id in enumerate(wanted, start=1)
                if employee_id not in have
            ],
            batch_size=BATCH,
        )
        return list(Person.objects.filter(employee_id__in=wanted).order_by("pk").values_list("pk", flat=True))

    def bench_sessions(self, offering: Offering, count: int, school_year: SchoolYear) -> list[int]:
        have = set(Session.objects.filter(offering=offering).values_list("title", flat=True))
        first = timezone.make_aware(datetime.datetime.combine(school_year.start_date, datetime.time()))
        Session.objects.bulk_create(
            [
                Session(
                    offering=offering,
                    title=f"Benchmark session {n:02d}",
                    starts_at=first + datetime.timedelta(days=14 * n, hours=9),
                    ends_at=first + datetime.timedelta(days=14 * n, hours=15),
                    location="Nowhere: benchmark data",
                )
                for n in range(1, count + 1)
                if f"Benchmark session {n:02d}" not in have
            ]
        )
        made = Session.objects.filter(offering=offering).order_by("starts_at")
        return list(made.values_list("pk", flat=True))

    def bench_attendance(self, person_ids: list[int], session_ids: list[int]):
        def marks():
            for i, person_id in enumerate(person_ids):
                for j, session_id in enumerate(session_ids):
                    status = STATUS_CYCLE[(i * 7 + j) % len(STATUS_CYCLE)]
                    yield Attendance(session_id=session_id, person_id=person_id, status=status)

        batch = []
        for mark in marks():
            batch.append(mark)
            if len(batch) >= BATCH:
                Attendance.objects.bulk_create(batch, ignore_conflicts=True)
                batch = []
        if batch:
            Attendance.objects.bulk_create(batch, ignore_conflicts=True)

    def cleanup(self) -> str:
        """Delete every row the benchmark made, dependants first; say how many of each."""
        with transaction.atomic():
            offerings = Offering.objects.filter(program__name=BENCH)
            counts = {
                "attendance": Attendance.objects.filter(session__offering__in=offerings).delete()[0],
                "sessions": Session.objects.filter(offering__in=offerings).delete()[0],
                "enrollments": Enrollment.objects.filter(offering__in=offerings).delete()[0],
                "offerings": offerings.delete()[0],
            }
            Program.objects.filter(name=BENCH).delete()
            ProgramKind.objects.filter(name=BENCH, programs__isnull=True).delete()
            counts["people"] = Person.objects.filter(
                employee_id__startswith=EMPLOYEE_PREFIX, email__endswith="@bench.invalid"
            ).delete()[0]
            School.objects.filter(code=BENCH_CODE, staff__isnull=True).delete()
            Network.objects.filter(code="bench", schools__isnull=True).delete()
            SchoolYear.objects.filter(name=BENCH_YEAR, offerings__isnull=True).delete()
        return ", ".join(f"{n:,} {label}" for label, n in counts.items())

    def write_table(self, header: list[str], rows: list[list[str]]):
        widths = [max(len(row[n]) for row in [header, *rows]) for n in range(len(header))]
        for row in [header, *rows]:
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write("  ".join(cells).rstrip())
