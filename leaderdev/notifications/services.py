"""Notification workflows: plan what is due, deliver one, resend one, and people's reminder choices.

A reminder goes out at most once. ``plan`` inserts one ``Notification`` per (recipient, kind, subject,
due date) with ON CONFLICT DO NOTHING, so running it twice, retrying it, or two workers racing make no
second row. ``deliver`` sends a row only while holding its lock and only while it is still pending, and
marks it sent in the same transaction: a retried or duplicated delivery task finds it sent and stops.
(One window remains, as with any e-mail system: a worker killed after the mail server accepted a message
and before the commit leaves the row pending, and it will be sent again. The lock is held only for that
one message, so the window is the length of one SMTP exchange.)
"""

import datetime
import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from leaderdev.errors import DomainError

from . import kinds as registry
from .models import Notification, NotificationPreference, NotificationStatus
from .outbox import enqueue, enqueue_many

logger = logging.getLogger(__name__)

INSERT_BATCH = 1000  # rows per INSERT while planning
DELIVERY_BATCH = 100  # notifications per delivery task
MAX_ATTEMPTS = 5  # a notification failing this often is marked failed and shown to staff
DELIVER_TASK = "leaderdev.tasks.deliver_notifications"
# What a mail server being down or refusing for a while looks like; anything else is a bug to see at once.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)


@dataclass(frozen=True)
class PlanResult:
    kind: str
    due: int  # rows the kind's query found
    opted_out: int
    created: int  # new notifications (the rest existed already)
    batches: int  # delivery tasks queued


def wants(kind: registry.Kind, user_ids: Iterable[int]) -> set[int]:
    """Of `user_ids`, those who get `kind` (its default unless they chose otherwise), in one query."""
    user_ids = set(user_ids)
    differ = set(
        NotificationPreference.objects.filter(kind=kind.code, enabled=not kind.default_on).values_list(
            "user_id", flat=True
        )
    )
    return user_ids - differ if kind.default_on else user_ids & differ


def plan(kind_code: str, today: datetime.date | None = None) -> PlanResult:
    """Find everything of `kind_code` due on `today`, record one notification each, queue their delivery.

    Queries: the kind's one query, one for preferences, one INSERT per thousand rows, one to list what is
    pending, one to queue the delivery batches: they grow with batches, never with reminders.
    """
    kind = registry.get(kind_code)
    if kind.find_due is None:
        raise DomainError(f"{kind.label} is not a scheduled reminder.")
    today = today or timezone.localdate()
    rows = list(kind.find_due(today))
    allowed = wants(kind, {recipient for recipient, _, _ in rows})
    subject_type = ContentType.objects.get_for_model(kind.subject_model)
    wanted = [row for row in rows if row[0] in allowed]
    created = 0
    with transaction.atomic():
        for start in range(0, len(wanted), INSERT_BATCH):
            created += len(insert_new(kind.code, subject_type.pk, wanted[start : start + INSERT_BATCH]))
        batches = queue_pending(kind_code=kind.code)
    result = PlanResult(kind.code, len(rows), len(rows) - len(wanted), created, batches)
    logger.info("Planned %s: %s", kind.code, result)
    return result


def insert_new(kind_code: str, subject_type_id: int, rows: list) -> list[int]:
    """Insert a pending notification per (recipient, subject id, due) row, skipping those that exist (the
    unique key), in one statement; return the ids of the new ones. ON CONFLICT DO NOTHING RETURNING: the
    database, not a read before the write, decides what is new, so racing workers cannot both insert.
    (Postgres, and SQLite 3.35+ for `make run`.)"""
    if not rows:
        return []
    now = timezone.now()
    table = Notification._meta.db_table
    columns = [
        "kind",
        "recipient_id",
        "subject_type_id",
        "subject_id",
        "due",
        "sequence",
        "status",
        "attempts",
        "last_error",
        "email",
        "title",
        "created_at",
        "updated_at",
    ]
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    params = []
    for recipient, subject, due in rows:
        params += [
            kind_code,
            recipient,
            subject_type_id,
            subject,
            due,
            0,
            NotificationStatus.PENDING.value,
            0,
        ]
        params += ["", "", "", now, now]
    # Only the model's own table and column names are formatted in; every value is a parameter.
    values = ", ".join([placeholders] * len(rows))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES {values} ON CONFLICT DO NOTHING RETURNING id"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def queue_pending(*, kind_code: str | None = None, older_than: datetime.timedelta | None = None) -> int:
    """Queue delivery of pending notifications (of one kind, or every kind; optionally only those waiting
    longer than `older_than`) in batches; return the number of batches. Delivery skips what is already sent,
    so queueing something twice is harmless."""
    pending = Notification.objects.filter(status=NotificationStatus.PENDING)
    if kind_code:
        pending = pending.filter(kind=kind_code)
    if older_than is not None:
        pending = pending.filter(created_at__lt=timezone.now() - older_than)
    ids = list(pending.order_by("pk").values_list("pk", flat=True))
    chunks = [[ids[i : i + DELIVERY_BATCH]] for i in range(0, len(ids), DELIVERY_BATCH)]
    enqueue_many(DELIVER_TASK, chunks)
    return len(chunks)


def notify(kind_code: str, recipient_ids: Iterable[int], subject, due: datetime.date) -> int:
    """Send `kind_code` about `subject` to these users now (e.g. invitations to new sessions), once each;
    people who turned the kind off are left out. Return how many notifications were new."""
    kind = registry.get(kind_code)
    subject_type = ContentType.objects.get_for_model(subject)
    allowed = wants(kind, recipient_ids)
    due_rows = [(recipient, subject.pk, due) for recipient in sorted(allowed)]
    made = insert_new(kind.code, subject_type.pk, due_rows)
    queue_pending(kind_code=kind.code)
    return len(made)


class Outcome:
    SENT = "sent"
    SKIPPED = "skipped"  # already sent, failed for good, locked by another worker, or gone
    RETRY = "retry"  # a transient failure: try again later
    FAILED = "failed"


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def build_message(notification: Notification, kind: registry.Kind, subject) -> EmailMultiAlternatives:
    """The e-mail of `notification`: subject line, plain text and HTML from the kind's templates, and for
    sessions the .ics invitation."""
    recipient = notification.recipient
    context = {
        "notification": notification,
        "kind": kind,
        "subject": subject,
        "recipient": recipient,
        "site_url": settings.SITE_URL.rstrip("/"),
        "preferences_url": site_url(reverse("notification_preferences")),
    }
    title = " ".join(render_to_string(f"{kind.template}/subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=title,
        body=render_to_string(f"{kind.template}/body.txt", context),
        to=[recipient.email],
        headers={"X-LeaderDev-Notification": str(notification.pk)},
    )
    message.attach_alternative(render_to_string(f"{kind.template}/body.html", context), "text/html")
    if kind.attach_session:
        from programs.calendars import CONTENT_TYPE, build_calendar

        host = settings.SITE_URL.split("://")[-1].split("/")[0].split(":")[0] or "leaderdev"
        calendar = build_calendar([subject], host=host, url=site_url(reverse("portal")))
        message.attach("invitation.ics", calendar.to_ical(), CONTENT_TYPE)
    return message


def deliver(notification_id: int) -> str:
    """Send one pending notification, once. Returns an ``Outcome``."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id, status=NotificationStatus.PENDING)
            .first()
        )
        if notification is None:
            return Outcome.SKIPPED
        kind = registry.get(notification.kind)
        subject = notification.subject
        if subject is None or not notification.recipient.is_active or not notification.recipient.email:
            why = (
                "Its subject was deleted." if subject is None else "The recipient has no active e-mail login."
            )
            _fail(notification, why, final=True)
            return Outcome.FAILED
        if kind.attach_session:
            subject = type(subject).objects.select_related("offering__program", "school").get(pk=subject.pk)
        message = build_message(notification, kind, subject)
        try:
            message.send()
        except TRANSIENT_ERRORS as error:
            final = notification.attempts + 1 >= MAX_ATTEMPTS
            _fail(notification, f"{type(error).__name__}: {error}", final=final)
            logger.warning(
                "Notification %s not sent (attempt %s): %s", notification.pk, notification.attempts, error
            )
            return Outcome.FAILED if final else Outcome.RETRY
        notification.status = NotificationStatus.SENT
        notification.sent_at = timezone.now()
        notification.attempts += 1
        notification.email = notification.recipient.email
        notification.title = message.subject[:200]
        notification.last_error = ""
        notification.save(
            update_fields=["status", "sent_at", "attempts", "email", "title", "last_error", "updated_at"]
        )
        return Outcome.SENT


def _fail(notification: Notification, error: str, *, final: bool) -> None:
    notification.attempts += 1
    notification.last_error = error[:2000]
    if final:
        notification.status = NotificationStatus.FAILED
    notification.save(update_fields=["attempts", "last_error", "status", "updated_at"])


@transaction.atomic
def resend(notification: Notification, *, by) -> Notification:
    """Send `notification` again, deliberately: a new row (the next sequence) pointing at the original, so
    the record shows both. A failed one is retried the same way."""
    latest = (
        Notification.objects.filter(
            recipient=notification.recipient_id,
            kind=notification.kind,
            subject_type=notification.subject_type_id,
            subject_id=notification.subject_id,
            due=notification.due,
        )
        .order_by("-sequence")
        .values_list("sequence", flat=True)
        .first()
    )
    again = Notification.objects.create(
        kind=notification.kind,
        recipient_id=notification.recipient_id,
        subject_type_id=notification.subject_type_id,
        subject_id=notification.subject_id,
        due=notification.due,
        sequence=(latest or 0) + 1,
        resend_of=notification,
        resent_by=by,
    )
    enqueue(DELIVER_TASK, [again.pk])
    return again


@transaction.atomic
def set_preferences(user, enabled_codes: Iterable[str]) -> None:
    """Store `user`'s reminder choices: the kinds in `enabled_codes` on, every other kind off. Only choices
    that differ from a kind's default are kept."""
    enabled = set(enabled_codes)
    NotificationPreference.objects.filter(user=user).delete()
    NotificationPreference.objects.bulk_create(
        [
            NotificationPreference(user=user, kind=kind.code, enabled=kind.code in enabled)
            for kind in registry.all_kinds()
            if (kind.code in enabled) != kind.default_on
        ]
    )


def preferences_of(user) -> dict[str, bool]:
    """Every kind's code -> whether `user` gets it."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "enabled"))
    return {kind.code: chosen.get(kind.code, kind.default_on) for kind in registry.all_kinds()}
