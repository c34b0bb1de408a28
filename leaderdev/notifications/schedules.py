"""Beat's schedule as django-celery-beat rows: made once after `migrate`, then owned by staff.

``ensure_schedules`` (connected to post_migrate) creates a periodic task for each scheduled reminder kind
and for the housekeeping tasks when none of that name exists, and never changes one that does: a time or
an on/off switch staff set in the admin survives deploys. A new reminder kind gets its row on the next
migrate.
"""

from django.conf import settings

from . import kinds as registry

REMINDER_HOUR = 7  # reminders go out at 7 AM district time unless staff change it
HOUSEKEEPING = [
    # name, task, minutes between runs
    ("Outbox: send waiting tasks to the broker", "leaderdev.tasks.publish_outbox", 1),
    ("Notifications: queue again those stuck waiting", "leaderdev.tasks.queue_stuck_notifications", 10),
]
DAILY = [
    # name, task, hour (district time)
    ("Convenings: generate the sessions of every active series", "programs.tasks.generate_all_series", 5),
]


def reminder_task_name(kind: registry.Kind) -> str:
    return f"Reminders: {kind.label.lower()}"


def ensure_schedules(**kwargs) -> list[str]:
    """Create the missing periodic tasks; return the names created."""
    import json

    from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

    existing = set(PeriodicTask.objects.values_list("name", flat=True))
    created = []

    def daily(hour: int) -> CrontabSchedule:
        schedule, _ = CrontabSchedule.objects.get_or_create(
            minute="0",
            hour=str(hour),
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone=settings.TIME_ZONE,
        )
        return schedule

    for kind in registry.all_kinds():
        name = reminder_task_name(kind)
        if kind.is_reminder and name not in existing:
            PeriodicTask.objects.create(
                name=name,
                task="leaderdev.tasks.plan_reminders",
                args=json.dumps([kind.code]),
                crontab=daily(REMINDER_HOUR),
                description=kind.description,
            )
            created.append(name)
    for name, task, minutes in HOUSEKEEPING:
        if name not in existing:
            every, _ = IntervalSchedule.objects.get_or_create(every=minutes, period=IntervalSchedule.MINUTES)
            PeriodicTask.objects.create(name=name, task=task, interval=every)
            created.append(name)
    for name, task, hour in DAILY:
        if name not in existing:
            PeriodicTask.objects.create(name=name, task=task, crontab=daily(hour))
            created.append(name)
    return created
