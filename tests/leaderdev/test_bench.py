"""manage.py bench: its table on a small demo, a real (tiny) load run on gunicorn, and its exit status.

No timing is asserted (the machine is shared): the tests check that every row is there, that the numbers
are sane (ratios above 0, queries counted, requests made and failures counted) and that a missed target
fails the command. The load run is real: gunicorn with production settings serves the test database
(committed data, hence ``transactional_db``) and locust's users log in through the login page.
"""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from leaderdev.bench import suite
from leaderdev.bench.load import LoadResult
from leaderdev.bench.pages import PAGES, percentile
from leaderdev.management.commands.bench import database_url
from leaderdev.management.commands.bench_reminders import FanOut

REFUSAL = "Postgres only"
TINY = suite.Plan(
    iterations=3,
    warmup=1,
    export_rows=200,
    export_repeat=1,
    mentees=30,
    mentors=15,
    matching_repeat=1,
    reminder_sizes=(10, 40),
    load=False,
)
TINY_ARGS = [
    "--no-seed",
    "--no-load",
    "--iterations=2",
    "--warmup=1",
    "--export-rows=100",
    "--mentees=20",
    "--mentors=10",
    "--repeat=1",
    "--reminders",
    "10",
    "20",
]


@pytest.fixture
def real_password_hashing(settings):
    """gunicorn checks the demo password with the production hashers, so store it with one of them."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]


@pytest.fixture
def small_demo(real_password_hashing):
    call_command("seed_demo", scale="small", allow_production=True, stdout=io.StringIO())


def ratio(cell: str) -> float:
    return float(re.match(r"([\d.]+)x", cell).group(1))


# --- Without a database: the table's logic ------------------------------------------------------------


def test_percentile_is_the_nearest_rank():
    assert percentile([5, 1, 4, 2, 3], 50) == 3
    assert percentile(list(range(1, 101)), 95) == 95
    assert percentile([7], 95) == 7


def test_reminder_queries_may_grow_by_the_insert_batches_only():
    small = FanOut(1_000, 0.1, 8, 1_000, 10)
    assert suite.reminder_row(small, FanOut(10_000, 1.0, 17, 10_000, 100)).passed  # 8 + 9 batches
    assert not suite.reminder_row(small, FanOut(10_000, 1.0, 18, 10_000, 100)).passed
    assert not suite.reminder_row(small, FanOut(10_000, 1.0, 17, 9_999, 100)).passed


def test_one_failed_request_fails_the_load_row():
    ok = LoadResult(50, 60, 5, 1_000, 0, 16.7, 40, 120)
    assert suite.load_row(ok).passed
    assert not suite.load_row(LoadResult(50, 60, 5, 1_000, 1, 16.7, 40, 120)).passed
    assert not suite.load_row(LoadResult(50, 60, 5, 0, 0, 0, 0, 0)).passed


def test_the_table_is_markdown_with_one_line_per_row():
    rows = [
        suite.Row("a page", "2.0x", "3.0x", "9", "median <= 50x", True),
        suite.Row("x", "", "", "", "", False),
    ]
    lines = suite.render(rows).splitlines()
    assert len(lines) == 4 and set(lines[1]) <= {"|", "-"}
    assert lines[2].startswith("| a page") and lines[2].rstrip().endswith("| PASS   |")
    assert "| FAIL" in lines[3]


# --- On the database ----------------------------------------------------------------------------------


def test_it_refuses_a_database_other_than_postgres(monkeypatch):
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match=REFUSAL):
        call_command("bench", "--no-load", stdout=io.StringIO())


# Committed data for gunicorn, and the migrations' rows (programs, role groups) restored first and flushed
# after without re-running post_migrate, like the browser tests, so tests after it on the worker find the
# database they expect.
@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_row_is_there_with_sane_numbers_and_a_real_load_run(small_demo):
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match=REFUSAL):
            call_command("bench", "--no-load", "--no-seed", stdout=io.StringIO())
        return
    plan = suite.Plan(**{**TINY.__dict__, "load": True, "users": 3, "spawn_rate": 3, "load_seconds": 5})
    plan.database_url = database_url()
    said = []
    rows = suite.run(plan, log=said.append)

    names = [row.what for row in rows]
    assert names[0] == "trivial page (the yardstick)"
    assert names[1 : len(PAGES) + 1] == [page.name for page in PAGES]
    assert names[len(PAGES) + 1].startswith("attendance CSV export, 200 rows")
    assert names[len(PAGES) + 2].startswith("matching round, 30 mentees x 15 mentors")
    assert names[len(PAGES) + 3].startswith("reminder fan-out, 40 enrollments")
    assert names[len(PAGES) + 4].startswith("load: 3 users, 5 s, gunicorn")
    assert len(rows) == len(PAGES) + 5

    for row in rows[1 : len(PAGES) + 1]:
        assert ratio(row.median) > 0 and ratio(row.p95) >= ratio(row.median), row
        assert int(row.queries) > 3, row  # more than the session, user and roles every page reads
        assert row.passed in (True, False)
    assert ratio(rows[len(PAGES) + 1].median) > 0
    assert "gap 0" in rows[len(PAGES) + 2].median
    load = rows[-1]
    requests = int(re.search(r"of ([\d,]+) requests", load.target).group(1).replace(",", ""))
    assert requests > 3  # at least every user's login page and log in
    assert float(re.search(r"([\d.]+) req/s", load.median).group(1)) > 0
    assert load.passed, f"{load}; {said}"


@pytest.mark.slow
def test_a_missed_target_fails_the_command_unless_no_fail(db, small_demo, monkeypatch):
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match=REFUSAL):
            call_command("bench", *TINY_ARGS, stdout=io.StringIO())
        return
    monkeypatch.setattr(suite, "PAGE_MEDIAN_TARGET", 0.0)  # no page can be this fast
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"target\(s\) missed: portal \(leader\)"):
        call_command("bench", *TINY_ARGS, stdout=out)
    assert "| portal (leader)" in out.getvalue() and "FAIL" in out.getvalue()

    out = io.StringIO()
    call_command("bench", *TINY_ARGS, "--no-fail", stdout=out)
    assert "missed (--no-fail)" in out.getvalue()
