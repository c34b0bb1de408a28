"""Project-wide tasks: the health ping, and notifications' delivery, reminders and outbox."""

import datetime
import logging
from collections import Counter
from dataclasses import asdict

from celery import shared_task
from django.db import InterfaceError, OperationalError

from .notifications import outbox, services

logger = logging.getLogger(__name__)


@shared_task
def ping() -> str:
    """Answer "pong": proves a worker is consuming from the configured broker (used by health tests)."""
    return "pong"


# --- Notifications (leaderdev.notifications) ----------------------------------------------------------

TRANSIENT_DB = (OperationalError, InterfaceError)  # the database restarting or unreachable for a while


@shared_task(bind=True, acks_late=True, max_retries=5, ignore_result=True)
def deliver_notifications(self, notification_ids: list[int]) -> dict:
    """Send these notifications, each at most once (see services.deliver); retry only those that met a
    transient error (mail server down), with backoff well under the broker's visibility timeout."""
    outcomes = {}
    for pk in notification_ids:
        try:
            outcomes[pk] = services.deliver(pk)
        except TRANSIENT_DB as error:
            raise self.retry(exc=error, countdown=_backoff(self.request.retries)) from error
    retry = [pk for pk, outcome in outcomes.items() if outcome == services.Outcome.RETRY]
    counts = Counter(outcomes.values())
    logger.info("Delivered notifications: %s", dict(counts))
    if retry and self.request.retries < self.max_retries:
        raise self.retry(args=[retry], countdown=_backoff(self.request.retries))
    return dict(counts)


def _backoff(retries: int) -> int:
    """30 s, 1, 2, 4, 8 min: capped at 10 minutes, far below the broker's visibility timeout (1 hour)."""
    return min(30 * 2**retries, 600)


@shared_task(
    acks_late=True,
    autoretry_for=TRANSIENT_DB,
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=3,
    ignore_result=True,
)
def plan_reminders(kind_code: str) -> dict:
    """Beat: find the reminders of `kind_code` due today, record them once and queue their delivery."""
    return asdict(services.plan(kind_code))


@shared_task(
    acks_late=True,
    autoretry_for=TRANSIENT_DB,
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=3,
    ignore_result=True,
)
def queue_stuck_notifications() -> int:
    """Beat: queue again notifications pending for more than ten minutes (a worker killed mid-batch, a
    message lost); delivery skips anything already sent."""
    return services.queue_pending(older_than=datetime.timedelta(minutes=10))


@shared_task(acks_late=True, ignore_result=True, max_retries=0)
def publish_outbox() -> int:
    """Beat, every minute: send the broker the tasks that waited in the outbox while it was down."""
    total = 0
    while sent := outbox.publish():
        total += sent
    return total
