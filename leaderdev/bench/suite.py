"""Every measurement of ``manage.py bench`` as rows of one table, each with its target and a verdict.

Targets come from the earlier issues: query counts are the bounds each page's own test asserts at two
data sizes; the export within 3x COPY (issue 4); the matching round within 5 s and within 3x the bare
solver plus its database writes (issue 5); reminder fan-out queries that grow only with the INSERT
batches, one per 1,000 notifications (issue 9); and zero failed requests under load (issue 10).
No earlier issue set a time target for pages, so the page ratios have this module's: a median within
PAGE_MEDIAN_TARGET and a p95 within PAGE_P95_TARGET times the trivial page's median (about 150 ms and
300 ms when the trivial page takes 3 ms). They are there to catch a page that got an order of magnitude
slower, not to rank pages.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

from .load import LoadResult
from .pages import PageTiming

PAGE_MEDIAN_TARGET = 50.0
PAGE_P95_TARGET = 100.0
REMINDER_SIZES = (1_000, 10_000)
REMINDER_BATCH = 1_000  # notifications per INSERT (leaderdev.notifications.services)


@dataclass(frozen=True)
class Row:
    """One line of the table. `passed` is None for a row with no target (the trivial page)."""

    what: str
    median: str
    p95: str
    queries: str
    target: str
    passed: bool | None

    @property
    def verdict(self) -> str:
        return {True: "PASS", False: "FAIL", None: "-"}[self.passed]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def page_rows(trivial: PageTiming, pages: list[PageTiming]) -> list[Row]:
    base = trivial.median
    rows = [
        Row(
            f"{trivial.name} (the yardstick)",
            f"1.0x = {ms(base)}",
            ms(trivial.p95),
            str(trivial.queries),
            "-",
            None,
        )
    ]
    for page in pages:
        median, p95 = page.median / base, page.p95 / base
        passed = median <= PAGE_MEDIAN_TARGET and p95 <= PAGE_P95_TARGET
        target = f"median <= {PAGE_MEDIAN_TARGET:g}x, p95 <= {PAGE_P95_TARGET:g}x"
        if page.max_queries is not None:
            passed = passed and page.queries <= page.max_queries
            target += f", queries <= {page.max_queries}"
        rows.append(
            Row(
                page.name,
                f"{median:.1f}x ({ms(page.median)})",
                f"{p95:.1f}x ({ms(page.p95)})",
                str(page.queries),
                target,
                passed,
            )
        )
    return rows


def export_row(result) -> Row:
    """programs.management.commands.bench_export.ExportBench -> a row."""
    from programs.management.commands.bench_export import TARGET_RATIO

    return Row(
        f"attendance CSV export, {result.rows:,} rows",
        f"{result.ratio:.2f}x COPY ({result.export.seconds:.3f} s vs {result.copy.seconds:.3f} s)",
        "-",
        "-",
        f"<= {TARGET_RATIO:g}x COPY (best of runs)",
        result.passed,
    )


def matching_row(result, mentees: int, mentors: int) -> Row:
    """mentoring.management.commands.bench_matching.MatchingBench -> a row."""
    from mentoring.management.commands.bench_matching import TARGET_RATIO, TARGET_SECONDS

    return Row(
        f"matching round, {mentees:,} mentees x {mentors:,} mentors",
        f"{result.total:.3f} s; solver {result.bare:.3f} s + save {result.save:.3f} s; gap {result.gap:g}",
        "-",
        "-",
        f"<= {TARGET_SECONDS:g} s and <= {TARGET_RATIO:g}x solver + save ({result.limit:.3f} s); gap 0",
        result.within_seconds and result.within_ratio and result.gap == 0,
    )


def reminder_row(small, big) -> Row:
    """Two leaderdev.management.commands.bench_reminders.FanOut, a small and a big size -> a row.

    Queries may grow by one INSERT per REMINDER_BATCH notifications more, and by nothing else.
    """
    extra_batches = math.ceil(big.created / REMINDER_BATCH) - math.ceil(small.created / REMINDER_BATCH)
    limit = small.queries + extra_batches
    return Row(
        f"reminder fan-out, {big.enrollments:,} enrollments",
        f"{big.seconds:.2f} s ({big.created:,} made, {big.batches} delivery batches)",
        "-",
        f"{big.queries} ({small.queries} at {small.enrollments:,})",
        f"queries <= {limit} ({small.queries} + {extra_batches} more INSERT batches); all made",
        big.queries <= limit and big.created == big.enrollments,
    )


def load_row(result: LoadResult) -> Row:
    return Row(
        f"load: {result.users} users, {result.seconds} s, gunicorn {result.workers} workers",
        f"{result.median_ms:.0f} ms; {result.requests_per_second:.1f} req/s",
        f"{result.p95_ms:.0f} ms",
        "-",
        f"0 failures (of {result.requests:,} requests)",
        result.failures == 0 and result.requests > 0,
    )


def render(rows: list[Row]) -> str:
    """A markdown table, padded so it also reads well in a terminal."""
    header = ["what", "median", "p95", "queries", "target", "result"]
    lines = [header, *[[r.what, r.median, r.p95, r.queries, r.target, r.verdict] for r in rows]]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]

    def fmt(cells: list[str]) -> str:
        return "| " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)) + " |"

    return "\n".join([fmt(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(fmt, lines[1:])])


@dataclass
class Plan:
    """What to measure and how much: the command's options."""

    iterations: int = 30
    warmup: int = 3
    export_rows: int = 100_000
    export_repeat: int = 5
    mentees: int = 2_000
    mentors: int = 1_000
    matching_repeat: int = 5
    reminder_sizes: tuple[int, int] = REMINDER_SIZES
    load: bool = True
    users: int = 50
    spawn_rate: float = 10
    load_seconds: int = 60
    database_url: str = ""


def run(plan: Plan, log: Callable[[str], None] = print) -> list[Row]:
    """Measure everything in `plan` and return the rows, in the table's order."""
    from leaderdev.management.commands import bench_reminders
    from mentoring.management.commands import bench_matching
    from programs.management.commands import bench_export

    from .load import run_load
    from .pages import biggest_offering_roster, measure_pages

    log(f"Pages: {plan.warmup} warm-up then {plan.iterations} timed requests each ...")
    trivial, pages = measure_pages(iterations=plan.iterations, warmup=plan.warmup)
    rows = page_rows(trivial, pages)

    log(f"CSV export of {plan.export_rows:,} attendance rows vs COPY ...")
    rows.append(export_row(bench_export.measure(plan.export_rows, plan.export_repeat)))

    log(f"Matching round, {plan.mentees:,} mentees and {plan.mentors:,} mentors ...")
    matching = bench_matching.measure(plan.mentees, plan.mentors, 2, 1, plan.matching_repeat)
    rows.append(matching_row(matching, plan.mentees, plan.mentors))

    small_size, big_size = plan.reminder_sizes
    log(f"Reminder fan-out at {small_size:,} and {big_size:,} enrollments ...")
    rows.append(reminder_row(bench_reminders.measure(small_size), bench_reminders.measure(big_size)))

    if plan.load:
        result = run_load(
            database_url=plan.database_url,
            roster_url=biggest_offering_roster(),
            users=plan.users,
            spawn_rate=plan.spawn_rate,
            seconds=plan.load_seconds,
            log=log,
        )
        for line in result.failure_lines:
            log(f"  failure: {line}")
        rows.append(load_row(result))
    return rows
