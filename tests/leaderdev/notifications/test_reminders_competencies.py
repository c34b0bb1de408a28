"""Competencies' reminder: school leaders who have not taken this school year's self-assessment hear at
most once a month."""

import datetime

import pytest
from django.core import mail

from competencies.models import AssessmentKind, FrameworkVersion, VersionStatus
from competencies.reminders import self_assessments_not_taken
from leaderdev.models import Notification, Position
from leaderdev.notifications import services
from leaderdev.permissions import Role
from tests.factories import PersonFactory, SchoolYearFactory
from tests.factories.competencies import AssessmentFactory

pytestmark = pytest.mark.django_db

KIND = "self_assessment_not_taken"
TODAY = datetime.date(2026, 11, 17)
FIRST_OF_MONTH = datetime.date(2026, 11, 1)


@pytest.fixture
def year(school_year):
    return school_year  # 2026-2027, current: August 31, 2026 to June 30, 2027


def make_leader(make_user, *roles, user_kwargs=None, **person_kwargs):
    user = make_user(*(roles or (Role.LEADER,)), **(user_kwargs or {}))
    PersonFactory(user=user, **person_kwargs)
    return user


def plan(today, capture):
    with capture(execute=True):
        return services.plan(KIND, today)


def test_it_finds_a_leader_without_a_self_assessment_this_year(year, leader):
    assert list(self_assessments_not_taken(TODAY)) == [(leader.pk, year.pk, FIRST_OF_MONTH)]


def test_the_due_date_is_the_first_of_the_month(year, leader):
    assert [due for _, _, due in self_assessments_not_taken(datetime.date(2026, 12, 3))] == [
        datetime.date(2026, 12, 1)
    ]


def test_a_self_assessment_this_year_is_enough(year, leader, framework_v4):
    AssessmentFactory(person=leader.person, version=framework_v4, assessed_on=datetime.date(2026, 10, 1))
    assert list(self_assessments_not_taken(TODAY)) == []


def test_last_years_or_someone_elses_assessment_is_not(year, leader, framework_v4):
    AssessmentFactory(person=leader.person, version=framework_v4, assessed_on=datetime.date(2026, 5, 1))
    AssessmentFactory(
        person=leader.person, version=framework_v4, kind=AssessmentKind.COACH, assessed_on=TODAY
    )
    assert [row[0] for row in self_assessments_not_taken(TODAY)] == [leader.pk]


def test_it_expects_it_only_from_school_leaders_with_an_active_leader_login(year, make_user):
    make_leader(make_user, position=Position.CENTRAL_OFFICE, school=None)
    make_leader(make_user, is_active=False)
    make_leader(make_user, user_kwargs={"is_active": False})
    make_leader(make_user, Role.MENTOR)
    PersonFactory(user=None)
    assert list(self_assessments_not_taken(TODAY)) == []


def test_it_says_nothing_outside_the_current_school_year(year, leader):
    assert list(self_assessments_not_taken(datetime.date(2026, 8, 20))) == []
    year.is_current = False
    year.save()
    SchoolYearFactory(
        name="2027-2028", start_date=datetime.date(2027, 8, 30), end_date=datetime.date(2028, 6, 30)
    )
    assert list(self_assessments_not_taken(TODAY)) == []


def test_it_says_nothing_while_no_framework_version_is_active(year, leader):
    FrameworkVersion.objects.update(status=VersionStatus.RETIRED)
    assert list(self_assessments_not_taken(TODAY)) == []


def test_planning_all_month_sends_one_email(year, leader, django_capture_on_commit_callbacks):
    for day in (TODAY, TODAY + datetime.timedelta(days=1), datetime.date(2026, 11, 30)):
        plan(day, django_capture_on_commit_callbacks)
    assert Notification.objects.filter(kind=KIND).count() == 1
    (message,) = mail.outbox
    assert message.to == [leader.email]
    assert message.subject == "Your 2026-2027 self-assessment is not taken yet"
    assert "/competencies/me/self-assessment/" in message.body


def test_a_leader_who_opted_out_gets_nothing(year, leader, django_capture_on_commit_callbacks):
    services.set_preferences(leader, [])
    result = plan(TODAY, django_capture_on_commit_callbacks)
    assert (result.due, result.opted_out) == (1, 1)
    assert mail.outbox == []


def test_finding_what_is_due_is_one_query(year, make_user, framework_v4, django_assert_max_num_queries):
    for _ in range(3):
        make_leader(make_user)
    AssessmentFactory(person=make_leader(make_user).person, version=framework_v4, assessed_on=TODAY)
    with django_assert_max_num_queries(1):
        assert len(list(self_assessments_not_taken(TODAY))) == 3
