"""A real Celery worker, started as its own process, consumes project tasks from real Redis."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from celery import Celery

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("celery")]


@pytest.fixture
def worker_queue():
    """Start `celery -A leaderdev worker` on a queue of its own; stop it after the test."""
    queue = f"leaderdev-test-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DEBUG": "true", "CELERY_BROKER_URL": REDIS_URL, "CELERY_RESULT_BACKEND": REDIS_URL}
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


def test_worker_runs_a_project_task_over_redis(worker_queue):
    client = Celery("leaderdev-test-client", broker=REDIS_URL, backend=REDIS_URL)
    result = client.send_task("leaderdev.tasks.ping", queue=worker_queue)
    assert result.get(timeout=60) == "pong"
