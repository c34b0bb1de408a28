"""Read paths of the notification pages: the staff list, its summary, the outbox backlog, a person's own."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from . import kinds as registry
from .models import Notification, NotificationStatus, OutboxTask

SUMMARY_DAYS = 7
OWN_RECENT = 20  # notifications listed on a person's own reminders page


def staff_list() -> QuerySet[Notification]:
    """Every notification, newest first, with what the staff list shows of its people in the same query."""
    return Notification.objects.select_related("recipient", "resent_by", "resend_of").order_by(
        "-created_at", "-pk"
    )


def own_recent(user, limit: int = OWN_RECENT) -> list[Notification]:
    """`user`'s last `limit` notifications, newest first."""
    return list(Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")[:limit])


@dataclass(frozen=True)
class Summary:
    days: int
    sent: int
    waiting: int
    failed: int


def summary(now: datetime.datetime | None = None, days: int = SUMMARY_DAYS) -> Summary:
    """How the notifications recorded in the last `days` days stand, in one query."""
    since = (now or timezone.now()) - datetime.timedelta(days=days)
    counts = Notification.objects.filter(created_at__gte=since).aggregate(
        sent=Count("pk", filter=Q(status=NotificationStatus.SENT)),
        waiting=Count("pk", filter=Q(status=NotificationStatus.PENDING)),
        failed=Count("pk", filter=Q(status=NotificationStatus.FAILED)),
    )
    return Summary(days=days, **counts)


@dataclass(frozen=True)
class Backlog:
    waiting: int
    oldest: datetime.datetime | None
    last_error: str

    def age(self, now: datetime.datetime | None = None) -> datetime.timedelta | None:
        return (now or timezone.now()) - self.oldest if self.oldest else None


def outbox_backlog() -> Backlog:
    """Tasks still waiting to reach the broker: how many, since when, and the last error, in one query.
    Anything older than a couple of minutes here means the broker (Redis) is down or unreachable."""
    waiting = OutboxTask.objects.filter(published_at__isnull=True)
    counts = waiting.aggregate(waiting=Count("pk"), oldest=Min("created_at"))
    error = ""
    if counts["waiting"]:
        errors = waiting.exclude(last_error="").order_by("-pk").values_list("last_error", flat=True)
        error = errors.first() or ""
    return Backlog(waiting=counts["waiting"], oldest=counts["oldest"], last_error=error)


def kind_label(code: str) -> str:
    """The label of kind `code`, or the code itself for a kind no longer registered."""
    try:
        return registry.get(code).label
    except LookupError:
        return code


def with_labels(notifications):
    """Set `kind_label` on each notification (for templates) and return them."""
    notifications = list(notifications)
    for notification in notifications:
        notification.kind_label = kind_label(notification.kind)
    return notifications
