"""Project-wide tasks."""

from celery import shared_task


@shared_task
def ping() -> str:
    """Answer "pong": proves a worker is consuming from the configured broker (used by health tests)."""
    return "pong"
