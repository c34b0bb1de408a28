"""deliver(): one e-mail per pending notification, with its bodies and (for sessions) the .ics; transient
mail failures are retried up to MAX_ATTEMPTS and then shown as failed; nothing is sent twice."""

import smtplib

import pytest
from django.core import mail

from leaderdev.models import Notification, NotificationStatus
from leaderdev.notifications import services
from tests.factories.notifications import NotificationFactory, SentNotificationFactory

pytestmark = pytest.mark.django_db


class BrokenSMTP:
    """An e-mail backend whose server is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def smtp_down(settings):
    settings.EMAIL_BACKEND = "tests.leaderdev.notifications.test_delivery.BrokenSMTP"


def test_it_sends_a_pending_notification_once():
    notification = NotificationFactory()

    assert services.deliver(notification.pk) == services.Outcome.SENT
    assert services.deliver(notification.pk) == services.Outcome.SKIPPED

    [message] = mail.outbox
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT and notification.sent_at is not None
    assert notification.email == notification.recipient.email == message.to[0]
    assert notification.title == message.subject
    assert message.extra_headers["X-LeaderDev-Notification"] == str(notification.pk)


def test_the_session_email_has_text_html_and_a_calendar_invitation(settings):
    settings.SITE_URL = "https://leaderdev.example.org"
    notification = NotificationFactory()
    session = notification.subject

    services.deliver(notification.pk)

    [message] = mail.outbox
    assert session.title in message.subject
    assert session.offering.program.name in message.body
    assert "https://leaderdev.example.org/notifications/mine/" in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html" and session.title in html
    [(filename, ics, content_type)] = message.attachments
    assert filename == "invitation.ics" and content_type.startswith("text/calendar")
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert f"UID:session-{session.pk}@leaderdev.example.org" in ics
    assert f"SUMMARY:{session.title}" in ics


def test_a_mail_server_down_leaves_it_pending_with_the_error(smtp_down):
    notification = NotificationFactory()

    assert services.deliver(notification.pk) == services.Outcome.RETRY

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.PENDING
    assert notification.attempts == 1
    assert "SMTPServerDisconnected" in notification.last_error


def test_it_gives_up_after_the_last_attempt(smtp_down):
    notification = NotificationFactory(attempts=services.MAX_ATTEMPTS - 1)

    assert services.deliver(notification.pk) == services.Outcome.FAILED

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
    assert services.deliver(notification.pk) == services.Outcome.SKIPPED


def test_a_deleted_subject_fails_without_sending():
    notification = NotificationFactory()
    notification.subject.delete()

    assert services.deliver(notification.pk) == services.Outcome.FAILED

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
    assert notification.last_error == "Its subject was deleted."
    assert mail.outbox == []


def test_an_inactive_recipient_gets_nothing():
    notification = NotificationFactory(recipient__is_active=False)

    assert services.deliver(notification.pk) == services.Outcome.FAILED
    assert mail.outbox == []


def test_the_task_sends_a_batch_and_reports_what_it_did():
    from leaderdev.tasks import deliver_notifications

    sent = SentNotificationFactory()
    waiting = [NotificationFactory() for _ in range(3)]

    result = deliver_notifications.apply(args=[[sent.pk, *(n.pk for n in waiting)]]).get()

    assert result == {"skipped": 1, "sent": 3}
    assert len(mail.outbox) == 3
    assert not Notification.objects.filter(status=NotificationStatus.PENDING).exists()


def test_plain_text_is_not_html_escaped_but_html_is():
    notification = NotificationFactory(
        session__title="O'Brien & Co. <data day>", recipient__full_name="Siobhán Kelly"
    )

    services.deliver(notification.pk)

    [message] = mail.outbox
    assert "O'Brien & Co. <data day>" in message.subject
    assert "O'Brien & Co. <data day>" in message.body and message.body.startswith("Dear Siobhán,")
    [(html, _mimetype)] = message.alternatives
    assert "O&#x27;Brien &amp; Co. &lt;data day&gt;" in html
