"""Celery tasks of programs: thin wrappers around services (see programs.services).

generate_all_series runs from beat every morning (the periodic task "Convenings: generate the sessions of
every active series", made after migrate by leaderdev.notifications.schedules; staff change its time in
the admin).

Generating is idempotent, so a nightly run only does something when staff changed a rule, a series or
the year's blackout dates since the last one.
"""

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError

from leaderdev.errors import DomainError
from leaderdev.models import SchoolYear
from leaderdev.notifications import outbox

from .models import SessionSeries
from .services import scheduling

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError, InterfaceError),  # the database restarting or unreachable for a while
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=3,
    ignore_result=True,
)
def generate_series_sessions(series_id: int) -> list[int]:
    """Generate the sessions of one series for its school year (programs.services.scheduling) and return
    the ids of the sessions it created. Idempotent: a re-run creates and changes nothing. A series deleted
    or turned off meanwhile is skipped."""
    series = SessionSeries.objects.filter(pk=series_id).first()
    if series is None:
        logger.info("Session series %s no longer exists: nothing to generate.", series_id)
        return []
    try:
        result = scheduling.generate_sessions(series)
    except DomainError as error:  # turned off between the query and the lock
        logger.info("Session series %s skipped: %s", series_id, error)
        return []
    log = logger.info if result.changed_anything else logger.debug
    log("Session series %s (%s): %s.", series_id, series.title, result)
    for skipped in result.skipped:
        logger.debug("Session series %s: %s", series_id, skipped)
    return result.created_ids


@shared_task(acks_late=True, ignore_result=True)
def generate_all_series() -> list[int]:
    """Queue generate_series_sessions for every active series of the current school year; return the
    series' ids. Each series runs as its own task, so one failing does not hold up the others."""
    year = SchoolYear.objects.current()
    if year is None:
        logger.warning("No current school year: no session series to generate.")
        return []
    ids = list(
        SessionSeries.objects.filter(is_active=True, offering__school_year=year)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    outbox.enqueue_many("programs.tasks.generate_series_sessions", [[series_id] for series_id in ids])
    logger.info("Queued session generation for %s series of %s.", len(ids), year)
    return ids
