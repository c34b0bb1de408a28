"""Licensure's reminder: each member of a support group hears of its meeting a few days before."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from leaderdev.models import Notification
from leaderdev.notifications import services
from licensure.reminders import MEETING_REMINDER_DAYS, support_meetings_soon
from tests.factories import PersonFactory, UserFactory
from tests.factories.licensure import GroupMembershipFactory, SupportGroupFactory, SupportMeetingFactory

pytestmark = pytest.mark.django_db

KIND = "support_meeting_upcoming"
MEETING_DAY = datetime.date(2026, 11, 11)  # a Wednesday
HEADS_UP = MEETING_DAY - datetime.timedelta(days=MEETING_REMINDER_DAYS)


def meeting(day=MEETING_DAY, **kwargs):
    starts = datetime.datetime.combine(day, datetime.time(16), tzinfo=timezone.get_default_timezone())
    return SupportMeetingFactory(starts_at=starts, ends_at=starts + datetime.timedelta(minutes=90), **kwargs)


def member(group, user=None):
    user = user or UserFactory()
    GroupMembershipFactory(group=group, person=PersonFactory(user=user))
    return user


def plan(today, capture):
    with capture(execute=True):
        return services.plan(KIND, today)


def test_it_finds_each_member_a_few_days_before():
    group = SupportGroupFactory()
    ana, ben = member(group), member(group)
    upcoming = meeting(group=group)
    assert sorted(support_meetings_soon(HEADS_UP)) == sorted(
        [(ana.pk, upcoming.pk, MEETING_DAY), (ben.pk, upcoming.pk, MEETING_DAY)]
    )


def test_it_still_reminds_of_a_meeting_scheduled_at_short_notice():
    group = SupportGroupFactory()
    ana = member(group)
    upcoming = meeting(group=group)
    assert list(support_meetings_soon(MEETING_DAY)) == [(ana.pk, upcoming.pk, MEETING_DAY)]


def test_it_skips_meetings_further_off_or_past():
    group = SupportGroupFactory()
    member(group)
    meeting(group=group)
    assert list(support_meetings_soon(HEADS_UP - datetime.timedelta(days=1))) == []
    assert list(support_meetings_soon(MEETING_DAY + datetime.timedelta(days=1))) == []


def test_it_skips_other_groups_facilitators_and_members_without_an_active_login():
    group, other = SupportGroupFactory(), SupportGroupFactory()
    member(other)
    member(group, UserFactory(is_active=False))
    GroupMembershipFactory(group=group, person=PersonFactory(user=None))
    facilitator = PersonFactory(user=UserFactory())
    group.facilitators.set([facilitator])
    meeting(group=group)
    assert list(support_meetings_soon(HEADS_UP)) == []


def test_planning_on_several_days_sends_each_member_one_email(django_capture_on_commit_callbacks):
    group = SupportGroupFactory(name="Roxbury licensure circle")
    ana = member(group)
    upcoming = meeting(group=group, agenda="Practicum hours check-in")
    for day in range(MEETING_REMINDER_DAYS + 1):
        plan(HEADS_UP + datetime.timedelta(days=day), django_capture_on_commit_callbacks)
    assert Notification.objects.filter(kind=KIND).count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [ana.email]
    assert message.subject == "Reminder: Roxbury licensure circle meets Wednesday, Nov 11"
    assert "4:00 PM to 5:30 PM" in message.body
    assert "Practicum hours check-in" in message.body
    assert f"/licensure/meetings/{upcoming.pk}/" in message.body


def test_a_meeting_moved_to_another_day_is_reminded_again(django_capture_on_commit_callbacks):
    group = SupportGroupFactory()
    member(group)
    upcoming = meeting(group=group)
    plan(HEADS_UP, django_capture_on_commit_callbacks)
    upcoming.starts_at += datetime.timedelta(days=1)
    upcoming.ends_at += datetime.timedelta(days=1)
    upcoming.save()
    plan(HEADS_UP + datetime.timedelta(days=1), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2


def test_members_who_opted_out_get_nothing(django_capture_on_commit_callbacks):
    group = SupportGroupFactory()
    ana, ben = member(group), member(group)
    meeting(group=group)
    services.set_preferences(ana, [])
    result = plan(HEADS_UP, django_capture_on_commit_callbacks)
    assert (result.due, result.opted_out) == (2, 1)
    assert [message.to for message in mail.outbox] == [[ben.email]]


def test_finding_what_is_due_is_one_query(django_assert_max_num_queries):
    for _ in range(3):
        group = SupportGroupFactory()
        member(group), member(group)
        meeting(group=group)
    with django_assert_max_num_queries(1):
        assert len(list(support_meetings_soon(HEADS_UP))) == 6
