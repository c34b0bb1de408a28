"""Health probes for /healthz."""

from django.conf import settings
from kombu import Connection


def broker_status(timeout: float = 2.0) -> str:
    """ "disabled" when no broker is configured (tasks run eagerly), "ok" when it answers, else the error."""
    url = settings.CELERY_BROKER_URL
    if not url:
        return "disabled"
    try:
        with Connection(url, connect_timeout=timeout, transport_options={"socket_timeout": timeout}) as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
    except Exception as exc:  # kombu surfaces several driver errors; all mean "broker unreachable"
        return f"error: {type(exc).__name__}"
    return "ok"
