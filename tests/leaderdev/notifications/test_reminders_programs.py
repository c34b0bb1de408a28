"""Programs' PD plan reminder: school leaders whose plan for this school year has no goal yet hear at most
once a month. (Programs' session reminders are the notification core's worked example.)"""

import datetime

import pytest
from django.core import mail

from leaderdev.models import Notification
from leaderdev.notifications import services
from leaderdev.permissions import Role
from programs.reminders import pd_plans_not_started
from tests.factories import PersonFactory, SchoolYearFactory
from tests.factories.competencies import CompetencyFactory
from tests.factories.programs import PDPlanFactory, PlanGoalFactory

pytestmark = pytest.mark.django_db

KIND = "pd_plan_not_started"
TODAY = datetime.date(2026, 11, 17)
FIRST_OF_MONTH = datetime.date(2026, 11, 1)


@pytest.fixture
def year(school_year):
    return school_year  # 2026-2027, current


def goal(person, school_year):
    return PlanGoalFactory(
        plan=PDPlanFactory(person=person, school_year=school_year), competency=CompetencyFactory()
    )


def plan(today, capture):
    with capture(execute=True):
        return services.plan(KIND, today)


def test_it_finds_a_leader_with_no_plan_or_an_empty_one(year, leader, make_user):
    opened = make_user(Role.LEADER)
    PDPlanFactory(person=PersonFactory(user=opened), school_year=year)
    assert sorted(pd_plans_not_started(TODAY)) == [
        (leader.pk, year.pk, FIRST_OF_MONTH),
        (opened.pk, year.pk, FIRST_OF_MONTH),
    ]


def test_a_goal_in_this_years_plan_starts_it(year, leader):
    goal(leader.person, year)
    assert list(pd_plans_not_started(TODAY)) == []


def test_a_goal_in_last_years_plan_does_not(year, leader):
    last_year = SchoolYearFactory(
        name="2025-2026",
        start_date=datetime.date(2025, 9, 1),
        end_date=datetime.date(2026, 6, 30),
        is_current=False,
    )
    goal(leader.person, last_year)
    assert [row[0] for row in pd_plans_not_started(TODAY)] == [leader.pk]


def test_it_expects_a_plan_only_from_school_leaders_with_an_active_leader_login(year, make_user):
    PersonFactory(user=make_user(Role.COACH))
    PersonFactory(user=make_user(Role.LEADER, is_active=False))
    PersonFactory(user=None)
    assert list(pd_plans_not_started(TODAY)) == []


def test_it_says_nothing_outside_the_current_school_year(year, leader):
    assert list(pd_plans_not_started(datetime.date(2027, 7, 1))) == []


def test_planning_twice_a_month_sends_one_email_and_next_month_another(
    year, leader, django_capture_on_commit_callbacks
):
    for day in (TODAY, datetime.date(2026, 11, 30), datetime.date(2026, 12, 1)):
        plan(day, django_capture_on_commit_callbacks)
    assert Notification.objects.filter(kind=KIND).count() == 2
    assert len(mail.outbox) == 2
    message = mail.outbox[0]
    assert message.to == [leader.email]
    assert message.subject == "Start your PD plan for 2026-2027"
    assert "has no goals yet" in message.body
    assert "/programs/plan/" in message.body


def test_a_leader_who_opted_out_gets_nothing(year, leader, django_capture_on_commit_callbacks):
    services.set_preferences(leader, ["session_upcoming"])
    result = plan(TODAY, django_capture_on_commit_callbacks)
    assert (result.due, result.opted_out) == (1, 1)
    assert mail.outbox == []


def test_finding_what_is_due_is_one_query(year, make_user, django_assert_max_num_queries):
    for _ in range(3):
        PersonFactory(user=make_user(Role.LEADER))
    goal(PersonFactory(user=make_user(Role.LEADER)), year)
    with django_assert_max_num_queries(1):
        assert len(list(pd_plans_not_started(TODAY))) == 3
