"""The task outbox: how LeaderDev hands work to Celery without ever making a web request wait on Redis.

``enqueue("app.tasks.name", *args)`` writes an ``OutboxTask`` row in the caller's transaction and, once
that transaction commits, tries to publish it with a short connection timeout and no publish retries.
When the broker is down the row simply stays unpublished; ``publish_outbox`` (beat, every minute) sends
what is waiting once the broker is back. Tasks are idempotent, so the rare double publish (a crash between
the broker accepting a message and the row being marked) costs nothing.

With no broker configured (``make run``) Celery runs eagerly: the task runs right after the commit.
"""

import logging
from collections.abc import Iterable

from celery import current_app
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import OutboxTask

logger = logging.getLogger(__name__)

PUBLISH_BATCH = 500


def enqueue(task_name: str, *args) -> OutboxTask:
    """Queue `task_name(*args)` to run after the current transaction commits (args must be JSON)."""
    row = OutboxTask.objects.create(task_name=task_name, args=list(args))
    transaction.on_commit(lambda: publish([row.pk]))
    return row


def enqueue_many(task_name: str, arg_lists: Iterable[list]) -> list[OutboxTask]:
    """Queue one `task_name` call per argument list, in one INSERT."""
    rows = OutboxTask.objects.bulk_create([OutboxTask(task_name=task_name, args=list(a)) for a in arg_lists])
    ids = [row.pk for row in rows]
    if ids:
        transaction.on_commit(lambda: publish(ids))
    return rows


def _task(name: str):
    """The registered task `name`. A worker imports every app's tasks.py when it starts; a web process
    does not, so import them on first use (the outbox names tasks rather than importing them)."""
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[name]


def publish(ids: list[int] | None = None, *, limit: int = PUBLISH_BATCH) -> int:
    """Send waiting outbox rows (these `ids`, or the oldest `limit`) to the broker; return how many went.

    Stops at the first broker error and records it on the rows left, which wait for the next try.
    """
    eager = current_app.conf.task_always_eager
    with transaction.atomic():
        waiting = OutboxTask.objects.select_for_update(skip_locked=True).filter(published_at__isnull=True)
        if ids is not None:
            waiting = waiting.filter(pk__in=ids)
        rows = list(waiting.order_by("created_at", "pk")[:limit])
        sent: list[OutboxTask] = []
        if not eager:
            for row in rows:
                try:
                    _task(row.task_name).apply_async(args=row.args, retry=False)
                except Exception as error:  # kombu raises several kinds when the broker is unreachable
                    logger.warning(
                        "Broker unreachable; %d task(s) wait in the outbox: %s", len(rows) - len(sent), error
                    )
                    OutboxTask.objects.filter(pk__in=[r.pk for r in rows[len(sent) :]]).update(
                        attempts=F("attempts") + 1, last_error=f"{type(error).__name__}: {error}"[:2000]
                    )
                    break
                sent.append(row)
        else:
            sent = rows
        now = timezone.now()
        OutboxTask.objects.filter(pk__in=[row.pk for row in sent]).update(published_at=now)
    if eager:  # run after the rows are marked, outside their lock, as a worker would
        for row in sent:
            _task(row.task_name).apply_async(args=row.args)
    return len(sent)
