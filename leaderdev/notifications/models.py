"""The notification record, people's choices of reminders, and the task outbox."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from leaderdev.models import TimeStampedModel


class NotificationStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class Notification(TimeStampedModel):
    """One e-mail to one person about one thing (a session, a mentorship, a reference check ...) due on one
    date. The unique key (recipient, kind, subject, due date, sequence) makes a reminder exist at most once,
    however often the task that finds it runs, retries or races another worker; `sequence` above 0 is a
    deliberate resend by staff."""

    kind = models.CharField(max_length=60, db_index=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    due = models.DateField(
        help_text="The date the reminder is about (the session's day, the overdue date ...)."
    )
    sequence = models.PositiveSmallIntegerField(
        default=0, help_text="0 for the reminder itself; 1, 2 ... resends."
    )
    status = models.CharField(
        max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    email = models.EmailField(blank=True, help_text="The address it went to.")
    title = models.CharField(max_length=200, blank=True, help_text="The e-mail's subject line, as sent.")
    sent_at = models.DateTimeField(null=True, blank=True)
    resend_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="resends"
    )
    resent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject_type", "subject_id", "due", "sequence"],
                name="notification_once",
            ),
            models.CheckConstraint(
                condition=Q(status=NotificationStatus.SENT, sent_at__isnull=False)
                | (~Q(status=NotificationStatus.SENT) & Q(sent_at__isnull=True)),
                name="notification_sent_at_iff_sent",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.kind} to {self.recipient} ({self.due:%b %-d, %Y})"


class NotificationPreference(TimeStampedModel):
    """A person's choice about one kind of reminder. Only choices that differ from the kind's default are
    stored, so a new kind reaches everyone it is on for."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=60)
    enabled = models.BooleanField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self):
        return f"{self.user}: {self.kind} {'on' if self.enabled else 'off'}"


class OutboxTask(models.Model):
    """A Celery task waiting to reach the broker. Written in the transaction that makes its work, published
    after commit; when the broker is down it stays here until `publish_outbox` (beat, every minute) sends
    it. A web request therefore never waits on, or fails because of, Redis."""

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["created_at"], condition=Q(published_at__isnull=True), name="outbox_unpublished"
            )
        ]

    def __str__(self):
        return f"{self.task_name}{tuple(self.args)}"
