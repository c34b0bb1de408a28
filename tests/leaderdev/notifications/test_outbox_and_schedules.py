"""The outbox without a broker (eager: runs after commit, marked published) and beat's schedule rows
(created after migrate, never overwriting what staff changed)."""

import pytest
from django_celery_beat.models import PeriodicTask

from leaderdev.models import OutboxTask
from leaderdev.notifications import kinds, outbox
from leaderdev.notifications.schedules import ensure_schedules, reminder_task_name

pytestmark = pytest.mark.django_db


def test_an_enqueued_task_runs_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        row = outbox.enqueue("leaderdev.tasks.ping")
    row.refresh_from_db()
    assert row.published_at is None  # nothing before the commit

    for callback in callbacks:
        callback()

    row.refresh_from_db()
    assert row.published_at is not None
    assert outbox.publish() == 0  # nothing left to send


def test_migrate_made_a_schedule_for_every_reminder_and_the_housekeeping():
    names = set(PeriodicTask.objects.values_list("name", flat=True))
    reminders = [k for k in kinds.all_kinds() if k.is_reminder]
    assert len(reminders) >= 8
    assert {reminder_task_name(k) for k in reminders} <= names
    assert "Outbox: send waiting tasks to the broker" in names
    assert "Convenings: generate the sessions of every active series" in names


def test_ensure_schedules_keeps_what_staff_changed():
    kind = kinds.get("session_upcoming")
    task = PeriodicTask.objects.get(name=reminder_task_name(kind))
    task.enabled = False
    task.save()
    PeriodicTask.objects.filter(name="Outbox: send waiting tasks to the broker").delete()

    created = ensure_schedules()

    assert created == ["Outbox: send waiting tasks to the broker"]
    task.refresh_from_db()
    assert task.enabled is False


def test_unpublished_rows_are_listed_oldest_first():
    first = OutboxTask.objects.create(task_name="leaderdev.tasks.ping")
    second = OutboxTask.objects.create(task_name="leaderdev.tasks.ping")
    assert list(OutboxTask.objects.filter(published_at__isnull=True)) == [first, second]
    assert outbox.publish() == 2
