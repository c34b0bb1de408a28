"""Reminders through a real Celery worker over the local Redis, on the test database: each notification is
e-mailed exactly once when the reminder runs twice, and when a worker is killed in the middle of a batch
and the batch is delivered again. The worker writes each e-mail to a file (Django's file backend), so the
test counts what really left, not what the database says."""

import datetime
import re
import signal
import time

import pytest
from celery import Celery
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from leaderdev.models import Notification, NotificationStatus
from leaderdev.notifications import services
from tests.celery_worker import REDIS_URL, celery_worker_process, database_url
from tests.factories import UserFactory
from tests.factories.district import PersonFactory
from tests.factories.programs import EnrollmentFactory, OfferingFactory, SessionFactory

WAIT_SECONDS = 90

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("celery"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def worker_env(tmp_path):
    if connection.vendor != "postgresql":
        pytest.fail(
            "The worker test needs DATABASE_URL=postgres://... (a worker cannot share SQLite's test db)."
        )
    mail = tmp_path / "mail"
    mail.mkdir()
    env = {
        "DATABASE_URL": database_url(connection),
        "EMAIL_BACKEND": "tests.slow_email_backend.EmailBackend",
        "EMAIL_FILE_PATH": str(mail),
        "log": tmp_path / "worker.log",  # read it when a test fails
    }
    return env, mail


def sent_ids(mail) -> list[int]:
    """The notification id of every e-mail the worker wrote, one entry per message (duplicates kept)."""
    ids = []
    for path in mail.iterdir():
        ids += [int(n) for n in re.findall(r"^X-LeaderDev-Notification: (\d+)$", path.read_text(), re.M)]
    return ids


def wait_for(condition, what: str):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"Not within {WAIT_SECONDS} s: {what}")


def enrolled_in_a_session_in_two_days(people: int):
    starts = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + datetime.timedelta(
        days=2
    )
    session = SessionFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=3))
    for _ in range(people):
        EnrollmentFactory(offering=session.offering, person=PersonFactory(user=UserFactory()))
    SessionFactory(offering=OfferingFactory(), starts_at=starts, ends_at=starts + datetime.timedelta(hours=1))
    return session


def client() -> Celery:
    return Celery("leaderdev-test-client", broker=REDIS_URL, backend=REDIS_URL)


def test_a_reminder_run_twice_sends_each_notification_once(worker_env):
    env, mail = worker_env
    session = enrolled_in_a_session_in_two_days(25)
    with celery_worker_process(**env) as (queue, _worker):
        for _ in range(2):  # both queued before either runs: they race for the same rows
            client().send_task("leaderdev.tasks.plan_reminders", args=["session_upcoming"], queue=queue)
        wait_for(
            lambda: len(sent_ids(mail)) >= 25 and not Notification.objects.filter(status="pending").exists(),
            "25 reminders sent",
        )
        time.sleep(1)  # anything sent twice would have landed by now
    ids = sent_ids(mail)
    assert len(ids) == 25 and len(set(ids)) == 25
    notifications = Notification.objects.filter(kind="session_upcoming")
    assert notifications.count() == 25
    assert set(notifications.values_list("subject_id", flat=True)) == {session.pk}
    assert set(notifications.values_list("status", flat=True)) == {NotificationStatus.SENT}
    assert set(notifications.values_list("pk", flat=True)) == set(ids)


def test_a_worker_killed_mid_batch_then_retried_sends_each_once(worker_env):
    env, mail = worker_env
    session = enrolled_in_a_session_in_two_days(12)
    # Record the notifications (no broker in the test process: delivery here would run eagerly, so the
    # rows are made directly), then hand their one batch to a slow worker.
    users = session.offering.enrollments.values_list("person__user_id", flat=True)
    kind_type = ContentType.objects.get_for_model(session)
    batch = [
        Notification.objects.create(
            kind="session_upcoming",
            recipient_id=u,
            subject_type=kind_type,
            subject_id=session.pk,
            due=timezone.localdate(session.starts_at),
        ).pk
        for u in users
    ]
    assert len(batch) <= services.DELIVERY_BATCH
    with celery_worker_process(EMAIL_SEND_DELAY="0.4", **env) as (queue, worker):
        client().send_task("leaderdev.tasks.deliver_notifications", args=[batch], queue=queue)
        wait_for(lambda: len(sent_ids(mail)) >= 3, "the first e-mails of the batch")
        worker.send_signal(signal.SIGKILL)  # no warm shutdown: the task dies mid-batch, unacknowledged
        worker.wait(timeout=20)
    before = len(sent_ids(mail))
    assert 3 <= before < len(batch)
    with celery_worker_process(**env) as (queue, _worker):
        # What the broker does with the unacknowledged message once its visibility timeout passes (and
        # what queue_stuck_notifications does for rows left pending): the same batch, delivered again.
        client().send_task("leaderdev.tasks.deliver_notifications", args=[batch], queue=queue)
        wait_for(
            lambda: not Notification.objects.filter(pk__in=batch, status="pending").exists(), "the batch sent"
        )
        time.sleep(1)
    ids = sent_ids(mail)
    assert sorted(ids) == sorted(batch)  # every one exactly once, none twice
