"""A matching round computed by a real Celery worker: its own process, over real Redis, on the test
database. The worker sees only committed rows, hence a transactional test database."""

import time

import pytest
from celery import Celery
from django.db import connection

from mentoring.models import MatchRound, RoundStatus
from mentoring.services import matching
from tests.celery_worker import REDIS_URL, celery_worker, database_url
from tests.factories.district import PersonFactory, SchoolYearFactory
from tests.factories.mentoring import MatchRoundFactory, MentorFactory

WAIT_SECONDS = 60

# serialized_rollback: like the browser tests, put back what the data migrations loaded (role groups, the
# shipped framework) after the flush, so the transactional tests that follow find the same rows.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("celery"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def worker_queue(transactional_db):
    """A worker on the test database; stopped after the test, before the database is flushed."""
    if connection.vendor != "postgresql":
        pytest.fail(
            "The worker test needs DATABASE_URL=postgres://... (a worker cannot share SQLite's test db)."
        )
    with celery_worker(DATABASE_URL=database_url(connection)) as queue:
        yield queue


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
