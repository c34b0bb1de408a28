"""plan(): what a kind finds due becomes one notification per recipient, subject and due date, once;
people who turned the kind off are left out; queries grow with batches, never with reminders."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from leaderdev.models import Notification, OutboxTask
from leaderdev.notifications import services
from tests.factories import UserFactory
from tests.factories.district import PersonFactory
from tests.factories.programs import EnrollmentFactory, SessionFactory

pytestmark = pytest.mark.django_db


def session_in(days: int, people: int):
    starts = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    starts += datetime.timedelta(days=days)
    session = SessionFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))
    users = [UserFactory() for _ in range(people)]
    for user in users:
        EnrollmentFactory(offering=session.offering, person=PersonFactory(user=user))
    return session, users


def test_it_records_and_sends_each_reminder_once(settings, django_capture_on_commit_callbacks):
    settings.SESSION_REMINDER_DAYS = 2
    session, users = session_in(2, 3)
    session_in(3, 2)  # not due today

    with django_capture_on_commit_callbacks(execute=True):
        first = services.plan("session_upcoming")
    with django_capture_on_commit_callbacks(execute=True):
        again = services.plan("session_upcoming")

    assert (first.due, first.created) == (3, 3)
    assert (again.due, again.created) == (3, 0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)
    assert Notification.objects.filter(subject_id=session.pk, status="sent").count() == 3


def test_people_who_turned_it_off_get_nothing(django_capture_on_commit_callbacks):
    _session, users = session_in(2, 2)
    services.set_preferences(users[0], [])  # every kind off

    with django_capture_on_commit_callbacks(execute=True):
        result = services.plan("session_upcoming")

    assert (result.due, result.opted_out, result.created) == (2, 1, 1)
    assert [m.to[0] for m in mail.outbox] == [users[1].email]


def test_preferences_store_only_what_differs_from_the_default():
    user = UserFactory()
    services.set_preferences(user, ["session_invitation"])

    choices = services.preferences_of(user)

    assert choices["session_invitation"] is True and choices["session_upcoming"] is False
    assert set(user.notification_preferences.values_list("kind", flat=True)) == {
        code for code, on in choices.items() if not on
    }


def test_a_kind_sent_on_demand_cannot_be_planned():
    from leaderdev.errors import DomainError

    with pytest.raises(DomainError):
        services.plan("session_invitation")


@pytest.mark.parametrize("people", [5, 40])
def test_queries_grow_with_batches_not_reminders(people, monkeypatch, django_assert_max_num_queries):
    monkeypatch.setattr(services, "INSERT_BATCH", 50)
    monkeypatch.setattr(services, "DELIVERY_BATCH", 50)
    session_in(2, people)
    # The kind's query, preferences, the content type (cached after), one INSERT, the pending ids, the
    # outbox INSERT, and the savepoint around them.
    with django_assert_max_num_queries(8):
        result = services.plan("session_upcoming")
    assert result.created == people
    assert OutboxTask.objects.count() == 1


def test_notify_invites_once_each(django_capture_on_commit_callbacks):
    session, users = session_in(20, 2)
    ids = [u.pk for u in users]
    due = timezone.localdate(session.starts_at)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.notify("session_invitation", ids, session, due) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notify("session_invitation", ids, session, due) == 0
    assert len(mail.outbox) == 2
