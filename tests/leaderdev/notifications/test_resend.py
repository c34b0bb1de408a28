"""Staff send a notification again: a new record (the next sequence) pointing at the original, e-mailed
once, and back to the list as it was filtered."""

import pytest
from django.core import mail
from django.urls import reverse

from leaderdev.notifications.models import Notification, NotificationStatus
from leaderdev.permissions import STAFF_ROLES, Role
from tests.factories.notifications import FailedNotificationFactory, SentNotificationFactory

pytestmark = pytest.mark.django_db


def url(notification) -> str:
    return reverse("notification_resend", args=[notification.pk])


@pytest.fixture
def sent():
    return SentNotificationFactory()


def resends_of(notification):
    return Notification.objects.filter(resend_of=notification)


def test_it_records_a_resend_and_emails_it_once(
    client, program_staff, sent, django_capture_on_commit_callbacks
):
    client.force_login(program_staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(sent))
    assert response.status_code == 302
    again = resends_of(sent).get()
    assert again.sequence == 1
    assert again.resent_by == program_staff
    assert (again.recipient_id, again.kind, again.subject_id, again.due) == (
        sent.recipient_id,
        sent.kind,
        sent.subject_id,
        sent.due,
    )
    assert again.status == NotificationStatus.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [sent.recipient.email]
    assert mail.outbox[0].extra_headers["X-LeaderDev-Notification"] == str(again.pk)
    sent.refresh_from_db()
    assert sent.status == NotificationStatus.SENT  # the original record is left as it was
    assert sent.sequence == 0


def test_it_says_to_whom_it_was_sent_again(client, program_staff, sent):
    client.force_login(program_staff)
    response = client.post(url(sent), follow=True)
    assert f"Sent again to {sent.recipient.email}." in response.content.decode()


def test_it_returns_to_the_filtered_list(client, program_staff, sent):
    client.force_login(program_staff)
    response = client.post(url(sent), {"querystring": "status=sent&recipient=ana lopez&page=2"})
    assert response.url == reverse("notification_list") + "?status=sent&recipient=ana+lopez&page=2"


def test_it_returns_to_the_unfiltered_list(client, program_staff, sent):
    client.force_login(program_staff)
    assert client.post(url(sent)).url == reverse("notification_list")


def test_it_keeps_the_redirect_on_the_list(client, program_staff, sent):
    client.force_login(program_staff)
    response = client.post(url(sent), {"querystring": "//evil.example/"})
    assert response.url.startswith(reverse("notification_list") + "?")


def test_a_second_resend_takes_the_next_sequence(client, program_staff, sent):
    client.force_login(program_staff)
    client.post(url(sent))
    client.post(url(sent))
    assert sorted(resends_of(sent).values_list("sequence", flat=True)) == [1, 2]


def test_it_retries_a_failed_notification(client, program_staff, django_capture_on_commit_callbacks):
    failed = FailedNotificationFactory()
    client.force_login(program_staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(failed))
    assert resends_of(failed).get().status == NotificationStatus.SENT
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_every_office_staff_role_may_resend(client, make_user, role, sent):
    client.force_login(make_user(role))
    assert client.post(url(sent)).status_code == 302
    assert resends_of(sent).count() == 1


@pytest.mark.parametrize("role", [Role.LEADER, Role.MENTOR, Role.NETWORK_STAFF])
def test_it_is_closed_to_other_roles(client, make_user, role, sent):
    client.force_login(make_user(role))
    assert client.post(url(sent)).status_code == 403
    assert not resends_of(sent).exists()


def test_it_sends_anonymous_visitors_to_log_in(client, sent):
    response = client.post(url(sent))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not resends_of(sent).exists()


def test_it_rejects_get(client, program_staff, sent):
    client.force_login(program_staff)
    assert client.get(url(sent)).status_code == 405
    assert not resends_of(sent).exists()


def test_it_answers_404_for_a_missing_notification(client, program_staff):
    client.force_login(program_staff)
    assert client.post(reverse("notification_resend", args=[999999])).status_code == 404
    assert not Notification.objects.exists()
