"""Start a real Celery worker for a test: its own process, over the local Redis, on a queue of its own."""

import os
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def database_url(connection) -> str:
    """The URL of the database `connection` uses (pytest-django's test_... database), for a worker."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{db['NAME']}"


@contextmanager
def celery_worker(**env):
    """Run `celery -A leaderdev worker` (solo pool) on a fresh queue; yield the queue's name; stop it.

    `env` adds to the worker's environment, e.g. DATABASE_URL=database_url(connection) so it works on
    the test database (which it sees only through committed transactions).
    """
    queue = f"leaderdev-test-{uuid.uuid4().hex[:8]}"
    worker_env = {
        **os.environ,
        "DEBUG": "true",
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_RESULT_BACKEND": REDIS_URL,
        **env,
    }
    command = [sys.executable, "-m", "celery", "-A", "leaderdev", "worker", "-P", "solo", "-Q", queue]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "WARNING"]
    worker = subprocess.Popen(
        command, cwd=ROOT, env=worker_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        yield queue
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
