"""Who sees a school's teams, initiative, plan and coaching (programs.rules, "School teams")."""

import pytest

from leaderdev.models import Position
from leaderdev.permissions import Role, visible_to
from programs.models import CallToActionPlan, CheckIn, CoachingKind, CoachingSession, SchoolTeam, Spotlight
from programs.rules import may_coach, may_contribute, may_manage_team
from tests.factories import PersonFactory, SchoolFactory
from tests.factories.district import NetworkSupportMemberFactory
from tests.factories.programs import FacilitatorFactory
from tests.factories.teams import (
    CallToActionPlanFactory,
    CheckInFactory,
    CoachingSessionFactory,
    SchoolTeamFactory,
    SpotlightFactory,
    TeamMembershipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return SchoolFactory()


@pytest.fixture
def plan(school, school_year):
    return CallToActionPlanFactory(school=school, school_year=school_year)


def _person_with_login(make_user, role=Role.LEADER, **kwargs):
    user = make_user(role)
    PersonFactory(user=user, **kwargs)
    return user


def _sees(user, obj):
    return visible_to(user, type(obj).objects.filter(pk=obj.pk)).exists()


def test_a_current_team_member_sees_the_plan(make_user, school, plan):
    user = make_user(Role.LEADER)
    TeamMembershipFactory(team__school=school, person__user=user, person__position=Position.TEACHER_LEADER)
    assert _sees(user, plan)
    assert _sees(user, CheckInFactory(target__goal__plan=plan))


def test_a_past_member_no_longer_sees_it(make_user, school, plan):
    user = make_user(Role.LEADER)
    membership = TeamMembershipFactory(
        team__school=school, person__user=user, person__position=Position.TEACHER_LEADER
    )
    membership.end_date = membership.start_date
    membership.save()
    assert not _sees(user, plan)


def test_the_schools_own_leaders_see_it(make_user, school, plan):
    assert _sees(_person_with_login(make_user, school=school, position=Position.ASSISTANT_PRINCIPAL), plan)


def test_another_schools_leader_does_not(make_user, plan):
    other = _person_with_login(make_user, school=SchoolFactory(), position=Position.PRINCIPAL)
    assert not _sees(other, plan)
    assert not _sees(other, SchoolTeamFactory(school=plan.school))


def test_network_staff_see_their_networks_schools_only(make_user, school, plan):
    user = make_user(Role.NETWORK_STAFF)
    NetworkSupportMemberFactory(network=school.network, person__user=user)
    assert _sees(user, plan)
    elsewhere = CallToActionPlanFactory(school=SchoolFactory(), school_year=plan.school_year)
    assert not _sees(user, elsewhere)
    assert set(visible_to(user, CallToActionPlan.objects.all())) == {plan}


def test_program_staff_see_every_plan(program_staff, plan):
    assert _sees(program_staff, plan)


def test_individual_coaching_is_private_to_participant_coach_and_staff(make_user, school):
    team = SchoolTeamFactory(school=school)
    participant = TeamMembershipFactory(team=team, person__user=make_user(Role.LEADER)).person
    colleague = TeamMembershipFactory(team=team, person__user=make_user(Role.LEADER)).person
    coach = FacilitatorFactory(
        person=PersonFactory(user=make_user(Role.COACH), school=None, position=Position.CENTRAL_OFFICE)
    )
    individual = CoachingSessionFactory(
        team=team, kind=CoachingKind.INDIVIDUAL, coach=coach, participants=[participant]
    )
    team_session = CoachingSessionFactory(
        team=team, kind=CoachingKind.TEAM, participants=[participant, colleague]
    )
    assert _sees(participant.user, individual)
    assert _sees(coach.person.user, individual)
    assert not _sees(colleague.user, individual)
    assert _sees(colleague.user, team_session)
    network_user = make_user(Role.NETWORK_STAFF)
    NetworkSupportMemberFactory(network=school.network, person__user=network_user)
    assert set(visible_to(network_user, CoachingSession.objects.all())) == {individual, team_session}


def test_spotlights_are_visible_to_everyone_signed_in(leader):
    assert _sees(leader, SpotlightFactory())
    assert Spotlight.objects.count() == 1


def test_write_rights(make_user, school, program_staff):
    team = SchoolTeamFactory(school=school)
    teacher = {"person__position": Position.TEACHER_LEADER}
    member = TeamMembershipFactory(team=team, person__user=make_user(Role.LEADER), **teacher).person.user
    lead = TeamMembershipFactory(
        team=team, person__user=make_user(Role.LEADER), role="lead", **teacher
    ).person.user
    principal = _person_with_login(make_user, school=school, position=Position.PRINCIPAL)
    network = make_user(Role.NETWORK_STAFF)
    NetworkSupportMemberFactory(network=school.network, person__user=network)
    outsider = _person_with_login(make_user, school=SchoolFactory(), position=Position.PRINCIPAL)

    assert [
        may_manage_team(u, school) for u in (program_staff, network, principal, lead, member, outsider)
    ] == [
        True,
        True,
        True,
        True,
        False,
        False,
    ]
    assert [
        may_contribute(u, school) for u in (program_staff, network, principal, lead, member, outsider)
    ] == [
        True,
        True,
        True,
        True,
        True,
        False,
    ]
    assert [may_coach(u, school) for u in (program_staff, network, principal, member)] == [
        True,
        True,
        False,
        False,
    ]
    assert SchoolTeam.objects.count() == 1 and CheckIn.objects.count() == 0
