"""Factories for notifications: by default a session invitation (a registered kind) about a programs
session, waiting to be sent."""

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from leaderdev.notifications.models import (
    Notification,
    NotificationPreference,
    NotificationStatus,
    OutboxTask,
)

from .district import UserFactory
from .programs import SessionFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification
        exclude = ["session"]

    session = factory.SubFactory(SessionFactory)
    kind = "session_invitation"
    recipient = factory.SubFactory(UserFactory)
    subject_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.session))
    subject_id = factory.LazyAttribute(lambda o: o.session.pk)
    due = factory.LazyAttribute(lambda o: timezone.localtime(o.session.starts_at).date())
    status = NotificationStatus.PENDING


class SentNotificationFactory(NotificationFactory):
    status = NotificationStatus.SENT
    attempts = 1
    sent_at = factory.LazyFunction(timezone.now)
    email = factory.LazyAttribute(lambda o: o.recipient.email)
    title = factory.LazyAttribute(lambda o: f"New session: {o.session.title}")


class FailedNotificationFactory(NotificationFactory):
    status = NotificationStatus.FAILED
    attempts = 5
    last_error = "SMTPServerDisconnected: Connection unexpectedly closed"


class NotificationPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationPreference

    user = factory.SubFactory(UserFactory)
    kind = "session_invitation"
    enabled = False


class OutboxTaskFactory(factory.django.DjangoModelFactory):
    """A task still waiting for the broker."""

    class Meta:
        model = OutboxTask

    task_name = "leaderdev.tasks.deliver_notifications"
    args = factory.LazyFunction(lambda: [[1]])
    attempts = 1
    last_error = "OperationalError: Error 111 connecting to localhost:6379. Connection refused."
