"""The staff's list of notifications: who may open it, its filters, its summary and the outbox warning."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from leaderdev.notifications.models import Notification, NotificationStatus
from leaderdev.permissions import STAFF_ROLES, Role
from tests.factories import UserFactory
from tests.factories.notifications import (
    FailedNotificationFactory,
    NotificationFactory,
    OutboxTaskFactory,
    SentNotificationFactory,
)
from tests.factories.programs import SessionFactory

pytestmark = pytest.mark.django_db

URL = reverse("notification_list")


def listed(response) -> list[int]:
    return [n.pk for n in response.context["page"]]


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_office_staff_open_it(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(URL).status_code == 200


def test_a_superuser_opens_it(client, superuser):
    client.force_login(superuser)
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("role", [Role.LEADER, Role.MENTOR, Role.COACH, Role.NETWORK_STAFF])
def test_it_is_closed_to_other_roles(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(URL).status_code == 403


def test_it_sends_anonymous_visitors_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_rejects_post(client, program_staff):
    client.force_login(program_staff)
    assert client.post(URL).status_code == 405


def test_it_lists_newest_first(client, program_staff):
    old, new = NotificationFactory(), SentNotificationFactory()
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=3))
    client.force_login(program_staff)
    assert listed(client.get(URL)) == [new.pk, old.pk]


def test_it_shows_a_failure_with_its_last_error(client, program_staff):
    FailedNotificationFactory(last_error="SMTPRecipientsRefused: mailbox full")
    client.force_login(program_staff)
    content = client.get(URL).content.decode()
    assert "Failed" in content
    assert "SMTPRecipientsRefused: mailbox full" in content


def test_it_filters_by_status(client, program_staff):
    NotificationFactory()
    sent = SentNotificationFactory()
    client.force_login(program_staff)
    assert listed(client.get(URL, {"status": NotificationStatus.SENT})) == [sent.pk]


def test_it_filters_by_kind(client, program_staff):
    NotificationFactory(kind="session_invitation")
    upcoming = NotificationFactory(kind="session_upcoming")
    client.force_login(program_staff)
    assert listed(client.get(URL, {"kind": "session_upcoming"})) == [upcoming.pk]


def test_it_filters_by_part_of_the_recipients_email(client, program_staff):
    NotificationFactory(recipient=UserFactory(email="someone@district.test"))
    ana = NotificationFactory(recipient=UserFactory(email="ana.lopez@district.test"))
    client.force_login(program_staff)
    assert listed(client.get(URL, {"recipient": "LOPEZ"})) == [ana.pk]


def test_it_filters_by_due_date_range(client, program_staff):
    def due_on(day):
        starts = timezone.make_aware(datetime.datetime(2026, 10, day, 9))
        return NotificationFactory(session=SessionFactory(starts_at=starts))

    due_on(5)
    inside = due_on(12)
    due_on(19)
    client.force_login(program_staff)
    response = client.get(URL, {"due_from": "2026-10-10", "due_until": "2026-10-15"})
    assert listed(response) == [inside.pk]


def test_it_pages_by_fifty(client, program_staff):
    NotificationFactory.create_batch(51, session=SessionFactory())
    client.force_login(program_staff)
    assert len(listed(client.get(URL))) == 50
    assert len(listed(client.get(URL, {"page": 2}))) == 1


def test_it_counts_the_last_seven_days(client, program_staff):
    SentNotificationFactory.create_batch(3)
    NotificationFactory.create_batch(2)
    FailedNotificationFactory()
    old = FailedNotificationFactory()
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    client.force_login(program_staff)
    summary = client.get(URL).context["summary"]
    assert (summary.sent, summary.waiting, summary.failed) == (3, 2, 1)


def test_it_warns_when_tasks_wait_for_the_broker(client, program_staff):
    stuck = OutboxTaskFactory.create_batch(2)
    OutboxTaskFactory(published_at=timezone.now())
    from leaderdev.notifications.models import OutboxTask

    OutboxTask.objects.filter(pk=stuck[0].pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    client.force_login(program_staff)
    response = client.get(URL)
    assert response.context["backlog"].waiting == 2
    assert response.context["broker_stuck"] is True
    content = response.content.decode()
    assert "The task broker is not taking work." in content
    assert "Connection refused." in content


def test_it_does_not_warn_about_a_task_being_published(client, program_staff):
    OutboxTaskFactory()  # just written: the broker has not had a moment yet
    client.force_login(program_staff)
    response = client.get(URL)
    assert response.context["backlog"].waiting == 1
    assert response.context["broker_stuck"] is False
    assert "The task broker is not taking work." not in response.content.decode()


def test_it_offers_to_resend_sent_and_failed_notifications_only(client, program_staff):
    waiting, sent, failed = NotificationFactory(), SentNotificationFactory(), FailedNotificationFactory()
    client.force_login(program_staff)
    content = client.get(URL).content.decode()
    assert reverse("notification_resend", args=[sent.pk]) in content
    assert reverse("notification_resend", args=[failed.pk]) in content
    assert reverse("notification_resend", args=[waiting.pk]) not in content


@pytest.mark.parametrize("rows", [3, 30])
def test_its_queries_do_not_grow_with_the_rows(client, program_staff, django_assert_max_num_queries, rows):
    for n in range(rows):
        factory = [NotificationFactory, SentNotificationFactory, FailedNotificationFactory][n % 3]
        original = factory()
        if n % 2:
            NotificationFactory(
                session=None,
                kind=original.kind,
                recipient=original.recipient,
                subject_type=original.subject_type,
                subject_id=original.subject_id,
                due=original.due,
                sequence=1,
                resend_of=original,
                resent_by=program_staff,
            )
    OutboxTaskFactory.create_batch(2)
    client.force_login(program_staff)
    with django_assert_max_num_queries(8):
        response = client.get(URL, {"kind": "session_invitation"})
    assert response.status_code == 200
    assert len(response.context["page"]) == min(rows + rows // 2, 50)
