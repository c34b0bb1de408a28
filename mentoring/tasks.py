"""Celery tasks of mentoring: thin wrappers around services (see mentoring.services)."""

from celery import shared_task

from .services import matching


@shared_task(acks_late=True, max_retries=3, ignore_result=True)
def run_match_round(round_id: int) -> None:
    """Compute a matching round's proposals. Idempotent: a re-run replaces the round's result, and an
    approved round is never recomputed."""
    matching.run_round(round_id)
