"""A plan's goals, targets and actions (edited by its managers) and check-ins (by every contributor)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from leaderdev.models import LeadershipTier, Position
from leaderdev.permissions import Role
from programs.models import CheckIn, GoalAction, GoalTarget, PlanStatus, StrategicGoal
from tests.factories import PersonFactory, SchoolFactory
from tests.factories.teams import GoalActionFactory, GoalTargetFactory, TeamMembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def target(school_year):
    return GoalTargetFactory(goal__plan__school=SchoolFactory(), goal__plan__school_year=school_year)


@pytest.fixture
def school(target):
    return target.goal.plan.school


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
    PersonFactory(user=user, position=Position.PRINCIPAL)
    return user


def _goal_url(target):
    return reverse("programs:cta_goal", args=[target.goal_id])


def _check_in_url(target):
    return reverse("programs:cta_check_in", args=[target.pk])


# --- Goals, targets, actions ----------------------------------------------------------------------


def test_the_principal_adds_a_target_and_an_action_to_a_goal(client, principal, school, target):
    owner = PersonFactory(school=school, position=Position.ASSISTANT_PRINCIPAL)
    client.force_login(principal)
    assert client.get(_goal_url(target)).status_code == 200
    response = client.post(
        _goal_url(target),
        {
            "action": "add_target",
            "target-measure": "Chronic absence",
            "target-unit": "%",
            "target-baseline": "18",
            "target-target": "12",
            "target-due_date": "2027-06-15",
        },
    )
    assert response.status_code == 302
    added = GoalTarget.objects.get(goal=target.goal, measure="Chronic absence")
    assert (added.baseline, added.target) == (Decimal("18"), Decimal("12"))
    client.post(
        _goal_url(target),
        {
            "action": "add_action",
            "action-description": "Call home after two absences",
            "action-owner": owner.pk,
            "action-due_date": "2026-12-18",
        },
    )
    action = GoalAction.objects.get(goal=target.goal)
    assert (action.owner, action.due_date) == (owner, datetime.date(2026, 12, 18))


def test_a_target_equal_to_its_baseline_re_renders_with_an_error(client, principal, target):
    client.force_login(principal)
    response = client.post(
        _goal_url(target),
        {
            "action": "add_target",
            "target-measure": "Flat",
            "target-baseline": "5",
            "target-target": "5",
            "target-due_date": "2027-06-15",
        },
    )
    assert response.status_code == 200
    assert response.context["target_form"].errors
    assert not GoalTarget.objects.filter(measure="Flat").exists()


def test_an_action_owner_works_at_the_school(client, principal, target):
    client.force_login(principal)
    outsider = PersonFactory()
    response = client.post(
        _goal_url(target), {"action": "add_action", "action-description": "x", "action-owner": outsider.pk}
    )
    assert response.status_code == 200
    assert response.context["action_form"].errors["owner"]
    assert not GoalAction.objects.exists()


def test_the_principal_edits_and_removes_a_goal(client, principal, target):
    goal = target.goal
    GoalTargetFactory(goal__plan=goal.plan)  # the adopted plan keeps a target once this goal goes
    client.force_login(principal)
    client.post(_goal_url(target), {"action": "edit", "goal-statement": "Readers", "goal-order": 1})
    goal.refresh_from_db()
    assert goal.statement == "Readers"
    response = client.post(_goal_url(target), {"action": "remove"})
    assert response.status_code == 302
    assert not StrategicGoal.objects.filter(pk=goal.pk).exists()


def test_the_principal_edits_and_removes_a_target_and_an_action(client, principal, target):
    GoalTargetFactory(goal=target.goal)
    action = GoalActionFactory(goal=target.goal)
    client.force_login(principal)
    target_url = reverse("programs:cta_target_edit", args=[target.pk])
    response = client.post(
        target_url,
        {
            "action": "edit",
            "target-measure": "Reading",
            "target-baseline": "40",
            "target-target": "65",
            "target-due_date": "2027-06-15",
        },
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.measure, target.target) == ("Reading", Decimal("65"))
    client.post(target_url, {"action": "remove"})
    assert not GoalTarget.objects.filter(pk=target.pk).exists()
    action_url = reverse("programs:cta_action_edit", args=[action.pk])
    client.post(action_url, {"action": "edit", "action-description": "Renamed"})
    action.refresh_from_db()
    assert action.description == "Renamed"
    client.post(action_url, {"action": "remove"})
    assert not GoalAction.objects.filter(pk=action.pk).exists()


def test_a_lead_learner_may_not_edit_the_plan(client, lead_learner, target):
    client.force_login(lead_learner)
    assert client.get(_goal_url(target)).status_code == 403
    edit_url = reverse("programs:cta_target_edit", args=[target.pk])
    assert client.post(edit_url, {"action": "remove"}).status_code == 403
    assert GoalTarget.objects.filter(pk=target.pk).exists()


def test_another_schools_principal_gets_404(client, other_principal, target):
    client.force_login(other_principal)
    assert client.get(_goal_url(target)).status_code == 404
    assert client.get(reverse("programs:cta_target_edit", args=[target.pk])).status_code == 404
    assert client.get(_check_in_url(target)).status_code == 404


def test_the_goal_page_rejects_put_and_the_anonymous(client, principal, target):
    response = client.get(_goal_url(target))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    client.force_login(principal)
    assert client.put(_goal_url(target)).status_code == 405


# --- Check-ins ---------------------------------------------------------------------------------------


def test_a_lead_learner_records_a_check_in(client, lead_learner, target):
    client.force_login(lead_learner)
    assert client.get(_check_in_url(target)).status_code == 200
    today = timezone.localdate()
    response = client.post(
        _check_in_url(target),
        {
            "check_in-value": "52",
            "check_in-checked_on": today.isoformat(),
            "check_in-note": "Winter benchmark",
        },
    )
    assert response.status_code == 302
    check_in = CheckIn.objects.get(target=target)
    assert (check_in.value, check_in.checked_on, check_in.note) == (Decimal("52"), today, "Winter benchmark")
    assert check_in.recorded_by == lead_learner


def test_a_check_in_is_not_in_the_future(client, lead_learner, target):
    client.force_login(lead_learner)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        _check_in_url(target), {"check_in-value": "52", "check_in-checked_on": tomorrow.isoformat()}
    )
    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_a_draft_plan_takes_no_check_in(client, lead_learner, target):
    plan = target.goal.plan
    plan.status, plan.adopted_on = PlanStatus.DRAFT, None
    plan.save()
    client.force_login(lead_learner)
    response = client.post(
        _check_in_url(target),
        {"check_in-value": "52", "check_in-checked_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 200
    assert "adopted plan" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_a_check_in_needs_a_team_role(client, make_user, target):
    client.force_login(make_user(Role.LICENSURE_TEAM))
    assert client.get(_check_in_url(target)).status_code == 403
