"""The school's Call-to-Action plan page: who sees it, what it shows, and the plan-level writes on it."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from leaderdev.models import LeadershipTier, Position
from leaderdev.permissions import Role
from programs.models import CallToActionPlan, PlanStatus, Program, StepStatus, StrategicGoal
from tests.factories import PersonFactory, SchoolFactory
from tests.factories.district import NetworkSupportMemberFactory
from tests.factories.programs import SessionFactory
from tests.factories.teams import (
    CallToActionPlanFactory,
    CheckInFactory,
    GoalActionFactory,
    GoalTargetFactory,
    StrategicGoalFactory,
    TeamMembershipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return SchoolFactory()


@pytest.fixture
def plan(school, school_year):
    return CallToActionPlanFactory(school=school, school_year=school_year)


@pytest.fixture
def target(plan):
    return GoalTargetFactory(
        goal__plan=plan,
        goal__statement="Every third grader reads on grade level",
        measure="Reading on grade level",
    )


@pytest.fixture
def principal(make_user, school):
    user = make_user(Role.LEADER)
    PersonFactory(user=user, school=school, position=Position.PRINCIPAL)
    return user


@pytest.fixture
def lead_learner(make_user, school):
    user = make_user(Role.LEADER)
    TeamMembershipFactory(
        team__school=school,
        person__user=user,
        person__position=Position.TEACHER_LEADER,
        tier=LeadershipTier.LEAD_LEARNER,
    )
    return user


@pytest.fixture
def other_principal(make_user):
    user = make_user(Role.LEADER)
    PersonFactory(user=user, position=Position.PRINCIPAL)  # at another school
    return user


def _url(school, school_year=None):
    url = reverse("programs:cta_plan", args=[school.pk])
    return f"{url}?year={school_year.pk}" if school_year else url


# --- Who sees it ------------------------------------------------------------------------------------


def test_the_principal_sees_the_plan(client, principal, school, school_year, target):
    CheckInFactory(target=target, value=Decimal("50"), checked_on=datetime.date(2026, 10, 1))
    GoalActionFactory(goal=target.goal, description="Launch the reading block")
    client.force_login(principal)
    response = client.get(_url(school))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Every third grader reads on grade level" in body
    assert "Reading on grade level" in body
    assert "Launch the reading block" in body
    page = response.context["page"]
    assert page.goals[0].targets[0].progress.percent == 50  # half the way from 40 to 60
    assert page.percent == 50


def test_a_lead_learner_and_network_staff_see_it(client, make_user, lead_learner, school, school_year, plan):
    client.force_login(lead_learner)
    assert client.get(_url(school)).status_code == 200
    staff = make_user(Role.NETWORK_STAFF)
    NetworkSupportMemberFactory(network=school.network, person__user=staff)
    client.force_login(staff)
    assert client.get(_url(school)).status_code == 200


def test_network_staff_of_another_network_get_404(client, make_user, school, plan):
    staff = make_user(Role.NETWORK_STAFF)
    NetworkSupportMemberFactory(person__user=staff)
    client.force_login(staff)
    assert client.get(_url(school)).status_code == 404


def test_another_schools_leader_gets_404_with_or_without_a_plan(client, other_principal, school, plan):
    client.force_login(other_principal)
    assert client.get(_url(school)).status_code == 404
    assert client.get(_url(SchoolFactory())).status_code == 404


def test_it_requires_a_team_role(client, make_user, school, plan):
    client.force_login(make_user(Role.RECRUITMENT_STAFF))
    assert client.get(_url(school)).status_code == 403


def test_it_sends_the_anonymous_to_log_in(client, school, plan):
    response = client.get(_url(school))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_it_rejects_put(client, principal, school, plan):
    client.force_login(principal)
    assert client.put(_url(school)).status_code == 405


def test_an_unknown_year_is_404(client, principal, school, plan):
    client.force_login(principal)
    assert client.get(f"{_url(school)[:-1]}/?year=999999").status_code == 404


# --- The page's reads stay fixed ---------------------------------------------------------------------


def _fill(plan, goals):
    for g in range(goals):
        goal = StrategicGoalFactory(plan=plan)
        for _ in range(2):
            target = GoalTargetFactory(goal=goal)
            for day in range(3):
                CheckInFactory(
                    target=target, checked_on=datetime.date(2026, 9, 10 + day), value=Decimal(41 + g)
                )
        GoalActionFactory.create_batch(3, goal=goal, owner=PersonFactory(school=plan.school))


@pytest.mark.parametrize("goals", [1, 5])
def test_the_plan_page_reads_in_a_fixed_number_of_queries(
    client, principal, school, plan, goals, django_assert_max_num_queries
):
    _fill(plan, goals)
    client.force_login(principal)
    with django_assert_max_num_queries(24):
        response = client.get(_url(school))
    assert response.status_code == 200
    assert len(response.context["page"].goals) == goals


# --- Plan-level writes --------------------------------------------------------------------------------


def test_the_principal_drafts_the_plan_at_the_summer_institute(client, principal, school, school_year):
    summer = SessionFactory(
        offering__program=Program.objects.get(name="Summer Institute"), offering__school_year=school_year
    )
    client.force_login(principal)
    response = client.post(
        _url(school, school_year),
        {"action": "draft", "draft-drafted_at": summer.pk, "draft-vision": "Scholars all"},
    )
    assert response.status_code == 302
    plan = CallToActionPlan.objects.get(school=school, school_year=school_year)
    assert (plan.status, plan.drafted_at, plan.vision) == (PlanStatus.DRAFT, summer, "Scholars all")


def test_a_plan_is_not_drafted_at_a_winter_session(client, principal, school, school_year):
    winter = SessionFactory(
        offering__program=Program.objects.get(name="Winter Institute"), offering__school_year=school_year
    )
    client.force_login(principal)
    response = client.post(_url(school, school_year), {"action": "draft", "draft-drafted_at": winter.pk})
    assert response.status_code == 200
    assert response.context["forms"]["draft"].errors["drafted_at"]
    assert not CallToActionPlan.objects.filter(school=school).exists()


def test_adopting_without_a_target_says_why(client, principal, school, school_year):
    plan = CallToActionPlanFactory(school=school, school_year=school_year, status=PlanStatus.DRAFT)
    StrategicGoalFactory(plan=plan)
    client.force_login(principal)
    response = client.post(_url(school, school_year), {"action": "adopt"}, follow=True)
    assert "at least one goal with a measurable target" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_the_principal_adopts_the_plan(client, principal, school, school_year):
    plan = CallToActionPlanFactory(school=school, school_year=school_year, status=PlanStatus.DRAFT)
    GoalTargetFactory(goal__plan=plan)
    client.force_login(principal)
    assert client.post(_url(school, school_year), {"action": "adopt"}).status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.adopted_on) == (PlanStatus.ADOPTED, timezone.localdate())


def test_a_lead_learner_cannot_adopt(client, lead_learner, school, school_year):
    plan = CallToActionPlanFactory(school=school, school_year=school_year, status=PlanStatus.DRAFT)
    GoalTargetFactory(goal__plan=plan)
    client.force_login(lead_learner)
    assert client.post(_url(school, school_year), {"action": "adopt"}).status_code == 403
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_the_principal_records_the_winter_review(client, principal, school, school_year, target):
    winter = SessionFactory(
        offering__program=Program.objects.get(name="Winter Institute"), offering__school_year=school_year
    )
    client.force_login(principal)
    response = client.post(
        _url(school, school_year),
        {"action": "review", "review-reviewed_at": winter.pk, "review-notes": "Reading is up."},
    )
    assert response.status_code == 302
    plan = target.goal.plan
    plan.refresh_from_db()
    assert (plan.reviewed_at, plan.review_notes) == (winter, "Reading is up.")


def test_the_principal_edits_the_vision_adds_a_goal_and_closes(
    client, principal, school, school_year, target
):
    plan = target.goal.plan
    client.force_login(principal)
    client.post(_url(school, school_year), {"action": "vision", "vision-vision": "Readers and writers"})
    response = client.post(
        _url(school, school_year), {"action": "add_goal", "goal-statement": "Attendance", "goal-order": 2}
    )
    goal = StrategicGoal.objects.get(plan=plan, statement="Attendance")
    assert response["Location"] == reverse("programs:cta_goal", args=[goal.pk])
    client.post(_url(school, school_year), {"action": "close"})
    plan.refresh_from_db()
    assert (plan.vision, plan.status) == ("Readers and writers", PlanStatus.CLOSED)
    # A closed plan takes no more edits: the vision form is gone, so the action is refused.
    response = client.post(_url(school, school_year), {"action": "vision", "vision-vision": "Changed"})
    assert response.status_code == 400
    plan.refresh_from_db()
    assert plan.vision == "Readers and writers"


def test_a_lead_learner_updates_an_actions_status_from_the_page(client, lead_learner, target):
    action = GoalActionFactory(goal=target.goal)
    client.force_login(lead_learner)
    url = reverse("programs:cta_action_status", args=[action.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {f"action-{action.pk}-status": StepStatus.DONE})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.completed_on) == (StepStatus.DONE, timezone.localdate())
