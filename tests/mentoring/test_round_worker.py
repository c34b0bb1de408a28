"""A matching round computed by a real Celery worker: its own process, over real Redis, on the test
database. The worker sees only committed rows, hence a transactional test database."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from celery import Celery
from django.db import connection

from mentoring.models import MatchRound, RoundStatus
from mentoring.services import matching
from tests.factories.district import PersonFactory, SchoolYearFactory
from tests.factories.mentoring import MatchRoundFactory, MentorFactory

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
WAIT_SECONDS = 60

# serialized_rollback: like the browser tests, put back what the data migrations loaded (role groups, the
# shipped framework) after the flush, so the transactional tests that follow find the same rows.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("celery"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_database_url() -> str:
    """The URL of the database this test runs on (pytest-django's test_... database), for the worker."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{db['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


@pytest.fixture
def worker_queue(transactional_db):
    """Start `celery -A leaderdev worker` on a queue of its own, on the test database; stop it after the
    test (before the database is flushed, since this fixture depends on it)."""
    if connection.vendor != "postgresql":
        pytest.fail(
            "The worker test needs DATABASE_URL=postgres://... (a worker cannot share SQLite's test db)."
        )
    queue = f"leaderdev-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DEBUG": "true",
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_RESULT_BACKEND": REDIS_URL,
        "DATABASE_URL": test_database_url(),
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "leaderdev",
            "worker",
            "-P",
            "solo",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield queue
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()


def wait_until_done(match_round) -> MatchRound:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        match_round.refresh_from_db()
        if match_round.status not in (RoundStatus.DRAFT, RoundStatus.QUEUED, RoundStatus.RUNNING):
            return match_round
        time.sleep(0.2)
    pytest.fail(f"The worker did not finish the round in {WAIT_SECONDS} s (status {match_round.status}).")


def test_a_worker_computes_a_round_and_reports_its_progress(worker_queue):
    school_year = SchoolYearFactory()
    mentees = [PersonFactory() for _ in range(6)]
    mentors = [MentorFactory(school_year=school_year, capacity=2) for _ in range(3)]
    match_round = MatchRoundFactory(school_year=school_year, status=RoundStatus.QUEUED, progress=0)

    client = Celery("leaderdev-test-client", broker=REDIS_URL, backend=REDIS_URL)
    client.send_task("mentoring.tasks.run_match_round", args=[match_round.pk], queue=worker_queue)
    match_round = wait_until_done(match_round)

    assert match_round.status == RoundStatus.PROPOSED, match_round.error
    assert (match_round.progress, match_round.progress_message) == (100, "6 pairs proposed, 0 unmatched.")
    assert {p.mentee_id for p in match_round.proposals.all()} == {m.pk for m in mentees}
    assert {p.mentor_id for p in match_round.proposals.all()} == {m.pk for m in mentors}
    assert set(match_round.timings) >= {"load", "score_and_solve", "explain", "save", "total"}


def test_running_a_round_twice_on_the_worker_replaces_its_result(worker_queue):
    school_year = SchoolYearFactory()
    PersonFactory()
    MentorFactory(school_year=school_year)
    match_round = matching.run_round(MatchRoundFactory(school_year=school_year).pk)
    first = match_round.proposals.get()
    MatchRound.objects.filter(pk=match_round.pk).update(status=RoundStatus.QUEUED)

    client = Celery("leaderdev-test-client", broker=REDIS_URL, backend=REDIS_URL)
    client.send_task("mentoring.tasks.run_match_round", args=[match_round.pk], queue=worker_queue)
    match_round = wait_until_done(match_round)

    [again] = match_round.proposals.all()
    assert (again.mentee_id, again.mentor_id) == (first.mentee_id, first.mentor_id)
    assert again.pk != first.pk and match_round.status == RoundStatus.PROPOSED
