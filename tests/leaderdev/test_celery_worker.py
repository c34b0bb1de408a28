"""A real Celery worker, started as its own process, consumes project tasks from real Redis."""

import pytest
from celery import Celery

from tests.celery_worker import REDIS_URL, celery_worker

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("celery")]


@pytest.fixture
def worker_queue():
    with celery_worker() as queue:
        yield queue


def test_worker_runs_a_project_task_over_redis(worker_queue):
    client = Celery("leaderdev-test-client", broker=REDIS_URL, backend=REDIS_URL)
    result = client.send_task("leaderdev.tasks.ping", queue=worker_queue)
    assert result.get(timeout=60) == "pong"
