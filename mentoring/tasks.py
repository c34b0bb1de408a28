"""Celery tasks of mentoring: thin wrappers around services (see mentoring.services)."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from .services import matching


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError, InterfaceError),  # the database restarting or unreachable for a while
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=3,
    ignore_result=True,
)
def run_match_round(round_id: int) -> None:
    """Compute a matching round's proposals. Idempotent: a re-run replaces the round's result, an approved
    round is never recomputed, and a round deleted meanwhile is skipped."""
    matching.run_round(round_id)
