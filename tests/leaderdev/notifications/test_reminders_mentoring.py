"""Mentoring's reminder: a mentor hears once per gap when nothing has been logged with a mentee for
MENTORING_NO_CONTACT_WEEKS weeks."""

import datetime

import pytest
from django.core import mail

from leaderdev.models import Notification
from leaderdev.notifications import services
from mentoring.models import MentorshipStatus
from mentoring.reminders import mentorships_gone_quiet
from tests.factories import PersonFactory, SchoolYearFactory, UserFactory
from tests.factories.mentoring import LogEntryFactory, MentorFactory, MentorshipFactory

pytestmark = pytest.mark.django_db

KIND = "mentorship_no_meeting"
STARTED = datetime.date(2026, 9, 15)
MET = datetime.date(2026, 10, 5)
GAP_REACHED = datetime.date(2026, 11, 2)  # four weeks after the last meeting


@pytest.fixture(autouse=True)
def four_weeks(settings):
    settings.MENTORING_NO_CONTACT_WEEKS = 4


def pair(mentor_user=None, **kwargs):
    mentor_user = mentor_user or UserFactory()
    mentor = MentorFactory(person__user=mentor_user, school_year=SchoolYearFactory())
    return MentorshipFactory(mentor=mentor, started_on=STARTED, **kwargs)


def plan(today, capture):
    with capture(execute=True):
        return services.plan(KIND, today)


def test_it_finds_a_pair_that_has_not_met_for_n_weeks():
    mentorship = pair()
    LogEntryFactory(mentorship=mentorship, date=MET)
    assert list(mentorships_gone_quiet(GAP_REACHED)) == [
        (mentorship.mentor.person.user_id, mentorship.pk, GAP_REACHED)
    ]


def test_it_keeps_the_day_the_gap_reached_n_weeks_as_the_due_date():
    mentorship = pair()
    LogEntryFactory(mentorship=mentorship, date=MET)
    later = GAP_REACHED + datetime.timedelta(days=10)
    assert [due for _, _, due in mentorships_gone_quiet(later)] == [GAP_REACHED]


def test_it_counts_from_the_start_when_nothing_is_logged():
    mentorship = pair()
    assert list(mentorships_gone_quiet(STARTED + datetime.timedelta(weeks=4))) == [
        (mentorship.mentor.person.user_id, mentorship.pk, STARTED + datetime.timedelta(weeks=4))
    ]


def test_any_logged_contact_ends_the_gap():
    mentorship = pair()
    LogEntryFactory(mentorship=mentorship, date=MET)
    LogEntryFactory(mentorship=mentorship, date=MET + datetime.timedelta(days=1), kind="check_in")
    assert list(mentorships_gone_quiet(GAP_REACHED)) == []


def test_it_finds_nothing_before_n_weeks():
    mentorship = pair()
    LogEntryFactory(mentorship=mentorship, date=MET)
    assert list(mentorships_gone_quiet(GAP_REACHED - datetime.timedelta(days=1))) == []


def test_it_skips_ended_mentorships():
    pair(status=MentorshipStatus.ENDED, ended_on=datetime.date(2026, 10, 1))
    assert list(mentorships_gone_quiet(GAP_REACHED)) == []


def test_it_skips_mentors_without_an_active_login():
    pair(mentor_user=UserFactory(is_active=False))
    mentor = MentorFactory(person=PersonFactory(user=None), school_year=SchoolYearFactory())
    MentorshipFactory(mentor=mentor, started_on=STARTED)
    assert list(mentorships_gone_quiet(GAP_REACHED)) == []


def test_it_skips_pairs_of_a_past_year():
    past = SchoolYearFactory(
        name="2025-2026",
        start_date=datetime.date(2025, 9, 1),
        end_date=datetime.date(2026, 6, 30),
        is_current=False,
    )
    mentor = MentorFactory(person__user=UserFactory(), school_year=past)
    MentorshipFactory(mentor=mentor, school_year=past, started_on=datetime.date(2025, 9, 15))
    assert list(mentorships_gone_quiet(GAP_REACHED)) == []


def test_planning_twice_sends_one_email_naming_the_mentee(django_capture_on_commit_callbacks):
    mentorship = pair()
    LogEntryFactory(mentorship=mentorship, date=MET)
    plan(GAP_REACHED, django_capture_on_commit_callbacks)
    plan(GAP_REACHED + datetime.timedelta(days=1), django_capture_on_commit_callbacks)
    assert Notification.objects.filter(kind=KIND).count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [mentorship.mentor.person.user.email]
    assert mentorship.mentee.full_name in message.subject
    assert "October 5" in message.body
    assert f"/mentoring/mentorships/{mentorship.pk}/log/" in message.body


def test_a_new_gap_after_a_meeting_is_reminded_again(django_capture_on_commit_callbacks):
    mentorship = pair()
    LogEntryFactory(mentorship=mentorship, date=MET)
    plan(GAP_REACHED, django_capture_on_commit_callbacks)
    LogEntryFactory(mentorship=mentorship, date=GAP_REACHED)
    plan(GAP_REACHED + datetime.timedelta(weeks=4), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2


def test_a_mentor_who_opted_out_gets_nothing(django_capture_on_commit_callbacks):
    mentorship = pair()
    services.set_preferences(mentorship.mentor.person.user, [])
    result = plan(GAP_REACHED, django_capture_on_commit_callbacks)
    assert (result.due, result.opted_out) == (1, 1)
    assert not Notification.objects.filter(kind=KIND).exists()
    assert mail.outbox == []


def test_finding_what_is_due_is_one_query(django_assert_max_num_queries):
    for _ in range(3):
        LogEntryFactory(mentorship=pair(), date=MET)
    with django_assert_max_num_queries(1):
        assert len(list(mentorships_gone_quiet(GAP_REACHED))) == 3
