"""With the broker down, a request that queues work answers at once and keeps the work in the outbox; once
the broker is back, publishing the outbox hands it to a real worker, which does it (once).

"Down" is a Redis URL nobody listens on: stopping the shared Redis would break the tests running beside
this one. The web process's Celery app is pointed at it, then at the real Redis, for this test only."""

import time

import pytest
from django.db import connection
from django.urls import reverse

from leaderdev.models import OutboxTask
from leaderdev.notifications import outbox
from mentoring.models import MatchRound, RoundStatus
from tests.celery_worker import (
    REDIS_URL,
    celery_worker_process,
    database_url,
    publishing_restored,
    use_broker,
)
from tests.factories.district import PersonFactory, SchoolYearFactory
from tests.factories.mentoring import MatchRoundFactory, MentorFactory

DOWN = "redis://127.0.0.1:1/0"  # port 1: connection refused, as with Redis stopped
PROMPT_SECONDS = 10  # a hang check, not a performance target: a hung publish would wait far longer

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("celery"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def celery_app_restored():
    with publishing_restored():
        yield


def test_a_request_returns_promptly_with_the_broker_down_and_the_work_runs_when_it_is_back(
    client, program_staff, celery_app_restored
):
    queue = "leaderdev-test-down"
    school_year = SchoolYearFactory()
    PersonFactory()
    MentorFactory(school_year=school_year)
    match_round = MatchRoundFactory(school_year=school_year)
    client.force_login(program_staff)

    use_broker(DOWN, queue)
    started = time.monotonic()
    response = client.post(reverse("mentoring:round_run", args=[match_round.pk]))
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert elapsed < PROMPT_SECONDS, f"the request took {elapsed:.1f} s with the broker down"
    match_round.refresh_from_db()
    assert match_round.status == RoundStatus.QUEUED
    waiting = OutboxTask.objects.get(task_name="mentoring.tasks.run_match_round")
    assert waiting.published_at is None and waiting.args == [match_round.pk]
    assert waiting.attempts == 1 and waiting.last_error

    use_broker(REDIS_URL, queue)
    with celery_worker_process(queue=queue, DATABASE_URL=database_url(connection)):
        assert outbox.publish() == 1  # what beat's publish_outbox does every minute
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and MatchRound.objects.get(pk=match_round.pk).status == "queued":
            time.sleep(0.2)
    match_round.refresh_from_db()
    assert match_round.status == RoundStatus.PROPOSED, match_round.error
    waiting.refresh_from_db()
    assert waiting.published_at is not None
    assert outbox.publish() == 0  # nothing is sent twice
