"""Fellowships' reminders: a fellow more than a week behind an even pace of residency hours hears at most
once a week, and so does their host."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail

from fellowships.models import FellowStatus, Residency
from fellowships.queries.residency import expected_hours
from fellowships.reminders import GRACE_WEEKS, fellows_behind, hosts_of_fellows_behind
from leaderdev.models import Notification
from leaderdev.notifications import services
from tests.factories import UserFactory
from tests.factories.fellowships import HoursEntryFactory, ResidencyFactory

pytestmark = pytest.mark.django_db

# The factories' cohort: 500 hours from September 1, 2026 to June 18, 2027.
MONDAY = datetime.date(2026, 11, 2)
WEDNESDAY = MONDAY + datetime.timedelta(days=2)
AS_OF = MONDAY - datetime.timedelta(weeks=GRACE_WEEKS)
FIRST_WEEK = datetime.date(2026, 9, 7)


def residency(logged: Decimal, *, fellow_user=None, host_user=None, **kwargs):
    """A residency whose fellow and host have logins, with `logged` hours over its first weeks."""
    made = ResidencyFactory(
        fellow__application__person__user=fellow_user or UserFactory(),
        host__person__user=host_user or UserFactory(),
        **kwargs,
    )
    week, left = 0, Decimal(logged)
    while left > 0:
        HoursEntryFactory(
            residency=made, week_of=FIRST_WEEK + datetime.timedelta(weeks=week), hours=min(left, Decimal(40))
        )
        week, left = week + 1, left - min(left, Decimal(40))
    return made


def user_of(made, role):
    return getattr(made, role).person.user


def plan(kind, today, capture):
    with capture(execute=True):
        return services.plan(kind, today)


def test_it_finds_a_fellow_behind_with_the_monday_of_the_week_as_due_date():
    behind = residency(Decimal(60))
    assert list(fellows_behind(WEDNESDAY)) == [(user_of(behind, "fellow").pk, behind.pk, MONDAY)]


def test_it_measures_the_pace_as_the_residency_page_does_a_week_back():
    expected = expected_hours(residency(Decimal(0)), AS_OF)
    assert expected == Decimal("94.8")
    empty = Residency.objects.get()
    short = residency(expected - Decimal("0.1"))
    residency(expected)
    residency(expected + Decimal(12))
    assert {pk for _, pk, _ in fellows_behind(MONDAY)} == {empty.pk, short.pk}


def test_it_skips_fellows_on_pace_withdrawn_or_without_an_active_login():
    residency(Decimal(100))
    residency(Decimal(0), fellow__status=FellowStatus.WITHDRAWN)
    residency(Decimal(0), fellow_user=UserFactory(is_active=False))
    assert list(fellows_behind(MONDAY)) == []


def test_it_says_nothing_before_a_week_of_residency_or_after_it_ends():
    residency(Decimal(0))
    assert list(fellows_behind(datetime.date(2026, 9, 7))) == []
    assert list(fellows_behind(datetime.date(2027, 6, 21))) == []


def test_it_finds_the_host_of_a_fellow_behind():
    behind = residency(Decimal(0))
    residency(Decimal(200))
    assert list(hosts_of_fellows_behind(MONDAY)) == [(user_of(behind, "host").pk, behind.pk, MONDAY)]


def test_it_writes_at_most_once_a_week(django_capture_on_commit_callbacks):
    behind = residency(Decimal(24))
    capture = django_capture_on_commit_callbacks
    for day in range(7):
        plan("residency_hours_behind", MONDAY + datetime.timedelta(days=day), capture)
    assert Notification.objects.filter(kind="residency_hours_behind").count() == 1
    plan("residency_hours_behind", MONDAY + datetime.timedelta(weeks=1), capture)
    assert [message.to for message in mail.outbox] == [[user_of(behind, "fellow").email]] * 2


def test_the_fellows_email_says_what_is_behind_and_where_to_log(django_capture_on_commit_callbacks):
    behind = residency(Decimal(24))
    plan("residency_hours_behind", MONDAY, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert "behind pace" in message.subject
    assert "500 hours" in message.body
    assert f"/fellowships/residencies/{behind.pk}/hours/new/" in message.body


def test_the_hosts_email_names_the_fellow(django_capture_on_commit_callbacks):
    behind = residency(Decimal(24))
    plan("residency_hours_behind_host", MONDAY, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.to == [user_of(behind, "host").email]
    assert behind.fellow.person.full_name in message.subject
    assert f"/fellowships/residencies/{behind.pk}/" in message.body


def test_a_fellow_who_opted_out_gets_nothing_but_the_host_still_does(django_capture_on_commit_callbacks):
    behind = residency(Decimal(0))
    services.set_preferences(user_of(behind, "fellow"), [])
    result = plan("residency_hours_behind", MONDAY, django_capture_on_commit_callbacks)
    plan("residency_hours_behind_host", MONDAY, django_capture_on_commit_callbacks)
    assert (result.due, result.opted_out) == (1, 1)
    assert [message.to for message in mail.outbox] == [[user_of(behind, "host").email]]


def test_finding_what_is_due_is_one_query(django_assert_max_num_queries):
    for logged in (0, 24, 48):
        residency(Decimal(logged))
    with django_assert_max_num_queries(1):
        assert len(list(fellows_behind(MONDAY))) == 3
    with django_assert_max_num_queries(1):
        assert len(list(hosts_of_fellows_behind(MONDAY))) == 3
