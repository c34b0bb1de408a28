"""The admin of notifications: read-only records, the "Send again" action, the outbox, preferences."""

import pytest
from django.core import mail
from django.urls import reverse

from leaderdev.notifications.models import Notification, NotificationStatus
from leaderdev.permissions import Role
from tests.factories.notifications import (
    FailedNotificationFactory,
    NotificationPreferenceFactory,
    OutboxTaskFactory,
    SentNotificationFactory,
)

pytestmark = pytest.mark.django_db

CHANGELISTS = ["notification", "outboxtask", "notificationpreference"]


@pytest.mark.parametrize("model", CHANGELISTS)
def test_a_superuser_opens_every_changelist(client, superuser, model):
    SentNotificationFactory()
    OutboxTaskFactory()
    NotificationPreferenceFactory()
    client.force_login(superuser)
    assert client.get(reverse(f"admin:leaderdev_{model}_changelist")).status_code == 200


def test_a_notification_is_read_only(client, superuser):
    sent = SentNotificationFactory()
    client.force_login(superuser)
    change = reverse("admin:leaderdev_notification_change", args=[sent.pk])
    assert client.get(change).status_code == 200
    client.post(change, {"status": NotificationStatus.PENDING, "email": "else@district.test"})
    sent.refresh_from_db()
    assert sent.status == NotificationStatus.SENT
    assert sent.email != "else@district.test"
    assert client.get(reverse("admin:leaderdev_notification_add")).status_code == 403


def test_an_outbox_task_is_read_only(client, superuser):
    task = OutboxTaskFactory()
    client.force_login(superuser)
    client.post(reverse("admin:leaderdev_outboxtask_change", args=[task.pk]), {"task_name": "other"})
    task.refresh_from_db()
    assert task.task_name == "leaderdev.tasks.deliver_notifications"
    assert client.get(reverse("admin:leaderdev_outboxtask_add")).status_code == 403


def test_send_again_resends_the_selected(client, superuser, django_capture_on_commit_callbacks):
    sent, failed = SentNotificationFactory(), FailedNotificationFactory()
    client.force_login(superuser)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:leaderdev_notification_changelist"),
            {"action": "send_again", "_selected_action": [sent.pk, failed.pk]},
        )
    assert response.status_code == 302
    resends = Notification.objects.filter(resend_of__in=[sent, failed])
    assert sorted(resends.values_list("resend_of", "sequence")) == sorted([(sent.pk, 1), (failed.pk, 1)])
    assert set(resends.values_list("resent_by", flat=True)) == {superuser.pk}
    assert len(mail.outbox) == 2


def test_it_finds_notifications_by_recipient_email(client, superuser):
    ana = SentNotificationFactory(recipient__email="ana.lopez@district.test")
    SentNotificationFactory()
    client.force_login(superuser)
    response = client.get(reverse("admin:leaderdev_notification_changelist"), {"q": "ana.lopez"})
    assert [n.pk for n in response.context["cl"].result_list] == [ana.pk]


def test_it_filters_notifications_by_status(client, superuser):
    SentNotificationFactory()
    failed = FailedNotificationFactory()
    client.force_login(superuser)
    response = client.get(reverse("admin:leaderdev_notification_changelist"), {"status__exact": "failed"})
    assert [n.pk for n in response.context["cl"].result_list] == [failed.pk]


def test_program_staff_read_notifications_and_send_one_again(
    client, program_staff, django_capture_on_commit_callbacks
):
    failed = FailedNotificationFactory()
    client.force_login(program_staff)
    assert client.get(reverse("admin:leaderdev_notification_changelist")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:leaderdev_notification_changelist"),
            {"action": "send_again", "_selected_action": [failed.pk]},
        )
    assert Notification.objects.filter(resend_of=failed, status=NotificationStatus.SENT).count() == 1
    assert client.get(reverse("admin:leaderdev_notificationpreference_changelist")).status_code == 403


def test_program_staff_change_beat_schedules_in_the_admin(client, program_staff):
    client.force_login(program_staff)
    assert client.get(reverse("admin:django_celery_beat_periodictask_changelist")).status_code == 200


def test_recruitment_staff_only_read_notifications(client, make_user):
    client.force_login(make_user(Role.RECRUITMENT_STAFF, is_staff=True))
    assert client.get(reverse("admin:leaderdev_notification_changelist")).status_code == 200
    assert client.get(reverse("admin:django_celery_beat_periodictask_changelist")).status_code == 403


def test_leaders_are_kept_out(client, make_user):
    client.force_login(make_user(Role.LEADER))
    response = client.get(reverse("admin:leaderdev_notification_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


@pytest.mark.parametrize("rows", [3, 30])
def test_the_changelist_query_count_does_not_grow(client, superuser, django_assert_max_num_queries, rows):
    SentNotificationFactory.create_batch(rows)
    client.force_login(superuser)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("admin:leaderdev_notification_changelist")).status_code == 200
