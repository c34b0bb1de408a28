"""Every task of the project is acknowledged late and retries a bounded number of times; no retry delay
comes near the broker's visibility timeout."""

import pytest
from django.conf import settings

from leaderdev.celery import app
from leaderdev.tasks import _backoff

PROJECT_APPS = (
    "leaderdev",
    "programs",
    "mentoring",
    "recruitment",
    "fellowships",
    "licensure",
    "competencies",
)


def project_tasks():
    app.loader.import_default_modules()
    return sorted((name, task) for name, task in app.tasks.items() if name.split(".")[0] in PROJECT_APPS)


def test_the_project_has_its_tasks():
    names = {name for name, _task in project_tasks()}
    assert {
        "leaderdev.tasks.deliver_notifications",
        "leaderdev.tasks.plan_reminders",
        "leaderdev.tasks.publish_outbox",
        "leaderdev.tasks.queue_stuck_notifications",
        "mentoring.tasks.run_match_round",
        "programs.tasks.generate_series_sessions",
        "programs.tasks.generate_all_series",
    } <= names


@pytest.mark.parametrize(("name", "task"), project_tasks())
def test_each_task_is_acknowledged_late_and_retries_a_bounded_number_of_times(name, task):
    assert task.acks_late, name
    assert task.max_retries is not None and task.max_retries <= 5, name
    backoff_max = getattr(task, "retry_backoff_max", 0) or 0
    assert backoff_max < settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] / 4, name


def test_delivery_backoff_stays_far_below_the_visibility_timeout():
    delays = [_backoff(n) for n in range(10)]
    assert delays[:5] == [30, 60, 120, 240, 480]
    assert max(delays) == 600 < settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] / 4
