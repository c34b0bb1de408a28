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
    with celery_worker_process(**env) as (queue, _process):
        yield queue


@contextmanager
def celery_worker_process(queue: str | None = None, log=None, **env):
    """Like celery_worker, but yield (queue, the worker's Popen) so a test can kill it mid-task. Tasks the
    worker queues itself go to the same queue (CELERY_TASK_DEFAULT_QUEUE), never to a shared one."""
    queue = queue or f"leaderdev-test-{uuid.uuid4().hex[:8]}"
    worker_env = {
        **os.environ,
        "DEBUG": "true",
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_RESULT_BACKEND": REDIS_URL,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        **env,
    }
    command = [sys.executable, "-m", "celery", "-A", "leaderdev", "worker", "-P", "solo", "-Q", queue]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "WARNING"]
    if log is not None:
        command[command.index("WARNING")] = "INFO"
    output = open(log, "ab") if log is not None else subprocess.DEVNULL  # noqa: SIM115 (closed below)
    worker = subprocess.Popen(command, cwd=ROOT, env=worker_env, stdout=output, stderr=output)
    try:
        yield queue, worker
    finally:
        if worker.poll() is None:
            worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        if log is not None:
            output.close()


_PUBLISHING = ("broker_url", "broker_write_url", "task_always_eager", "task_default_queue")


def _reconfigure(app, **conf) -> None:
    """Update the app's configuration and drop what it cached from the old one: its connection pool,
    producer pool, queues and router are rebuilt on the next publish. Pools are dropped, not closed: a
    closed one that something still refers to fails later with "Acquire on closed pool"."""
    app.conf.update(conf)
    app._pool = None
    for cached in ("_producer_pool", "queues", "router", "producer_pool"):
        app.amqp.__dict__.pop(cached, None)
    if hasattr(app.amqp, "_producer_pool"):
        app.amqp._producer_pool = None


def use_broker(url: str, queue: str) -> None:
    """Point this process's Celery app (a test's web side) at `url`, publishing to `queue`, not eagerly."""
    from leaderdev.celery import app

    _reconfigure(app, broker_url=url, broker_write_url=url, task_always_eager=False, task_default_queue=queue)


@contextmanager
def publishing_restored():
    """Put the Celery app's publishing configuration back as it was after the block (see use_broker)."""
    from leaderdev.celery import app

    saved = {key: app.conf[key] for key in _PUBLISHING}
    try:
        yield
    finally:
        _reconfigure(app, **saved)
