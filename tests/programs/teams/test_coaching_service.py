"""Logging a coaching session (programs.services.coaching): the rules that make a session hold together."""

import datetime

import pytest

from competencies.models import Competency
from leaderdev.errors import DomainError
from leaderdev.models import Position
from programs.models import CoachingKind, CoachingSession
from programs.services.coaching import edit_session, log_session
from tests.factories import PersonFactory, SchoolFactory
from tests.factories.programs import FacilitatorFactory
from tests.factories.teams import (
    ActionStepFactory,
    InitiativeFactory,
    SchoolTeamFactory,
    TeamMembershipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(school_year):
    return SchoolTeamFactory()


@pytest.fixture
def member(team):
    return TeamMembershipFactory(team=team, person__position=Position.TEACHER_LEADER).person


@pytest.fixture
def step(team, school_year):
    return ActionStepFactory(initiative=InitiativeFactory(team=team, school_year=school_year))


def _log(team, **kwargs):
    arguments = {
        "kind": CoachingKind.TEAM,
        "held_on": datetime.date(2026, 10, 20),
        "coach": FacilitatorFactory(),
        "participants": [],
        "focus": "Norms for looking at student work",
    }
    arguments.update(kwargs)
    return log_session(team, **arguments)


def test_it_logs_team_coaching_with_its_steps_and_competencies(team, member, step, framework_v4):
    other = TeamMembershipFactory(team=team).person
    competency = Competency.objects.filter(domain__version=framework_v4).first()
    session = _log(team, participants=[member, other], action_steps=[step], competencies=[competency])
    session = CoachingSession.objects.get(pk=session.pk)
    assert set(session.participants.all()) == {member, other}
    assert list(session.action_steps.all()) == [step]
    assert list(session.competencies.all()) == [competency]


def test_it_logs_an_observation_with_one_participant(team, member):
    session = _log(team, kind=CoachingKind.INDIVIDUAL, participants=[member], is_observation=True)
    assert session.is_observation
    assert list(session.participants.all()) == [member]


def test_the_schools_staff_may_be_coached_without_being_on_the_team(team):
    assistant = PersonFactory(school=team.school, position=Position.ASSISTANT_PRINCIPAL)
    assert list(_log(team, participants=[assistant]).participants.all()) == [assistant]


def test_individual_coaching_needs_exactly_one_participant(team, member):
    other = TeamMembershipFactory(team=team).person
    with pytest.raises(DomainError, match="exactly one"):
        _log(team, kind=CoachingKind.INDIVIDUAL, participants=[member, other])
    assert not CoachingSession.objects.exists()


def test_it_refuses_someone_from_another_school(team, member):
    outsider = PersonFactory(school=SchoolFactory())
    with pytest.raises(DomainError, match=outsider.full_name):
        _log(team, participants=[member, outsider])
    assert not CoachingSession.objects.exists()


def test_it_refuses_a_former_member_from_elsewhere(team):
    spell = TeamMembershipFactory(team=team, person__school=SchoolFactory())
    spell.end_date = spell.start_date
    spell.save()
    with pytest.raises(DomainError, match="not on the"):
        _log(team, participants=[spell.person])


def test_it_refuses_another_teams_step(team, member, school_year):
    elsewhere = ActionStepFactory(initiative__school_year=school_year)
    with pytest.raises(DomainError, match="another team"):
        _log(team, participants=[member], action_steps=[elsewhere])
    assert not CoachingSession.objects.exists()


def test_team_coaching_is_no_observation(team, member):
    with pytest.raises(DomainError, match="observation"):
        _log(team, participants=[member], is_observation=True)


def test_editing_keeps_the_same_rules(team, member):
    session = _log(team, participants=[member])
    other = TeamMembershipFactory(team=team).person
    with pytest.raises(DomainError, match="exactly one"):
        edit_session(
            session,
            kind=CoachingKind.INDIVIDUAL,
            held_on=session.held_on,
            coach=session.coach,
            participants=[member, other],
            focus="Feedback",
        )
    edit_session(
        session,
        kind=CoachingKind.INDIVIDUAL,
        held_on=datetime.date(2026, 11, 3),
        coach=session.coach,
        participants=[other],
        focus="Feedback on the data meeting",
    )
    session.refresh_from_db()
    assert (session.kind, session.held_on, session.focus) == (
        CoachingKind.INDIVIDUAL,
        datetime.date(2026, 11, 3),
        "Feedback on the data meeting",
    )
    assert list(session.participants.all()) == [other]
