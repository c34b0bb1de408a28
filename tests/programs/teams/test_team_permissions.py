"""Who may see a school's team page and who may change it (programs.rules, "School teams")."""

import datetime

import pytest
from django.urls import reverse

from leaderdev.models import LeadershipTier, Position
from leaderdev.permissions import Role
from programs.models import StepStatus, TeamKind
from tests.factories import NetworkFactory, PersonFactory, SchoolFactory
from tests.factories.district import NetworkSupportMemberFactory
from tests.factories.teams import (
    ActionStepFactory,
    InitiativeFactory,
    SchoolTeamFactory,
    TeamMembershipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return SchoolFactory()


@pytest.fixture
def team(school):
    return SchoolTeamFactory(school=school, kind=TeamKind.PIPELINE)


def page(school):
    return reverse("programs:school_team", args=[school.pk])


def member_user(make_user, team, **kwargs):
    user = make_user(Role.LEADER)
    TeamMembershipFactory(team=team, person__user=user, person__position=Position.TEACHER_LEADER, **kwargs)
    return user


def test_a_team_member_sees_it(client, make_user, team, school_year):
    client.force_login(member_user(make_user, team))
    assert client.get(page(team.school)).status_code == 200


def test_the_schools_principal_sees_it_before_any_team_exists(client, make_user, school, school_year):
    user = make_user(Role.LEADER)
    PersonFactory(user=user, school=school, position=Position.PRINCIPAL)
    client.force_login(user)
    assert client.get(page(school)).status_code == 200


def test_network_staff_of_the_schools_network_see_it(client, make_user, school, school_year):
    user = make_user(Role.NETWORK_STAFF)
    NetworkSupportMemberFactory(network=school.network, person__user=user)
    client.force_login(user)
    assert client.get(page(school)).status_code == 200


def test_network_staff_of_another_network_get_404(client, make_user, school, school_year):
    user = make_user(Role.NETWORK_STAFF)
    NetworkSupportMemberFactory(network=NetworkFactory(), person__user=user)
    client.force_login(user)
    assert client.get(page(school)).status_code == 404


def test_a_leader_of_another_school_gets_404(client, make_user, school, school_year):
    user = make_user(Role.LEADER)
    PersonFactory(user=user, school=SchoolFactory(network=school.network), position=Position.PRINCIPAL)
    client.force_login(user)
    assert client.get(page(school)).status_code == 404


def test_a_past_member_gets_404(client, make_user, team, school_year):
    user = member_user(make_user, team, end_date=datetime.date(2026, 6, 30))
    client.force_login(user)
    assert client.get(page(team.school)).status_code == 404


def test_program_staff_see_every_school(client, program_staff, school, school_year):
    client.force_login(program_staff)
    assert client.get(page(school)).status_code == 200


def test_a_lead_learner_may_update_a_step_but_not_add_members(client, make_user, team, school_year):
    user = member_user(make_user, team, tier=LeadershipTier.LEAD_LEARNER)
    step = ActionStepFactory(initiative=InitiativeFactory(team=team, school_year=school_year))
    client.force_login(user)

    response = client.post(
        reverse("programs:step_status", args=[step.pk]), {"status": StepStatus.IN_PROGRESS, "note": ""}
    )

    assert response.status_code == 302
    step.refresh_from_db()
    assert step.status == StepStatus.IN_PROGRESS
    assert client.get(reverse("programs:team_member_add", args=[team.school.pk])).status_code == 403
    assert client.get(reverse("programs:step_adjust", args=[step.pk])).status_code == 403


def test_a_steps_owner_off_the_team_may_update_it(client, make_user, team, school_year):
    user = make_user(Role.LEADER)
    owner = PersonFactory(user=user, school=team.school, position=Position.TEACHER_LEADER)
    step = ActionStepFactory(initiative=InitiativeFactory(team=team, school_year=school_year), owner=owner)
    client.force_login(user)

    assert client.get(page(team.school)).status_code == 404
    response = client.post(reverse("programs:step_status", args=[step.pk]), {"status": StepStatus.DONE})

    assert response.status_code == 302
    step.refresh_from_db()
    assert step.status == StepStatus.DONE


def test_a_team_lead_may_manage_members(client, make_user, team, school_year):
    user = member_user(make_user, team, role="lead")
    client.force_login(user)
    assert client.get(reverse("programs:team_member_add", args=[team.school.pk])).status_code == 200
