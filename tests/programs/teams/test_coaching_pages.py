"""The coaching log of a school, logging a session and a session's page."""

import pytest
from django.urls import reverse

from competencies.models import Competency
from leaderdev.models import Position
from leaderdev.permissions import Role
from programs.models import CoachingKind, CoachingSession
from tests.factories import PersonFactory, SchoolFactory
from tests.factories.district import NetworkSupportMemberFactory
from tests.factories.programs import FacilitatorFactory, PDPlanFactory, PlanGoalFactory
from tests.factories.teams import (
    ActionStepFactory,
    CoachingSessionFactory,
    InitiativeFactory,
    SchoolTeamFactory,
    TeamMembershipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(school_year):
    return SchoolTeamFactory()


@pytest.fixture
def school(team):
    return team.school


@pytest.fixture
def step(team, school_year):
    return ActionStepFactory(initiative=InitiativeFactory(team=team, school_year=school_year))


def _member(make_user, team):
    user = make_user(Role.LEADER)
    TeamMembershipFactory(team=team, person__user=user, person__position=Position.TEACHER_LEADER)
    return user


@pytest.fixture
def member(make_user, team):
    return _member(make_user, team)


@pytest.fixture
def participant(make_user, team):
    return _member(make_user, team)


@pytest.fixture
def coach_user(make_user):
    user = make_user(Role.COACH)
    FacilitatorFactory(person=PersonFactory(user=user, school=None, position=Position.CENTRAL_OFFICE))
    return user


@pytest.fixture
def network_staff(make_user, school):
    user = make_user(Role.NETWORK_STAFF)
    NetworkSupportMemberFactory(network=school.network, person__user=user)
    return user


@pytest.fixture
def private_session(team, participant, coach_user):
    return CoachingSessionFactory(
        team=team,
        kind=CoachingKind.INDIVIDUAL,
        coach=coach_user.person.facilitator,
        participants=[participant.person],
        focus="Running the data meeting",
        notes="Talked over the wait time.",
    )


@pytest.fixture
def team_session(team, member):
    return CoachingSessionFactory(team=team, participants=[member.person], focus="Protocol norms")


def log_url(school):
    return reverse("programs:coaching_list", args=[school.pk])


# --- The log ---------------------------------------------------------------------------------------------


def test_program_staff_see_every_session_and_the_summary(
    client, program_staff, school, team_session, private_session
):
    private_session.is_observation = True
    private_session.save()
    client.force_login(program_staff)
    response = client.get(log_url(school))
    assert response.status_code == 200
    log = response.context["log"]
    assert log.sessions == [private_session, team_session]  # same day: the later logged first
    assert (log.total, log.team_count, log.individual_count, log.observation_count) == (2, 1, 1, 1)
    participant = private_session.participants.get()
    assert log.individual_by_person == [(participant, 1)]
    assert b"Talked over the wait time." in response.content
    assert b"Log a coaching session" in response.content


def test_it_lists_the_newest_first(client, program_staff, team, school):
    older = CoachingSessionFactory(team=team, held_on="2026-09-15")
    newer = CoachingSessionFactory(team=team, held_on="2026-11-15")
    client.force_login(program_staff)
    assert client.get(log_url(school)).context["log"].sessions == [newer, older]


def test_it_shows_only_the_chosen_year(client, program_staff, team, school, school_year):
    CoachingSessionFactory(team=team, held_on="2025-10-01")
    client.force_login(program_staff)
    assert client.get(log_url(school), {"year": school_year.pk}).context["log"].sessions == []


def test_another_team_member_does_not_see_individual_coaching(
    client, member, school, team_session, private_session
):
    client.force_login(member)
    response = client.get(log_url(school))
    assert response.status_code == 200
    assert response.context["log"].sessions == [team_session]
    assert b"Talked over the wait time." not in response.content
    assert b"Log a coaching session" not in response.content


def test_the_participant_sees_their_coaching(client, participant, school, private_session, team_session):
    client.force_login(participant)
    assert set(client.get(log_url(school)).context["log"].sessions) == {private_session, team_session}


def test_the_coach_sees_the_sessions_they_led(client, coach_user, school, private_session, team_session):
    client.force_login(coach_user)
    assert client.get(log_url(school)).context["log"].sessions == [private_session]


def test_network_staff_see_their_schools_log(client, network_staff, school, private_session):
    client.force_login(network_staff)
    assert client.get(log_url(school)).context["log"].sessions == [private_session]


def test_another_schools_leader_gets_404(client, make_user, school):
    user = make_user(Role.LEADER)
    PersonFactory(user=user, school=SchoolFactory(), position=Position.PRINCIPAL)
    client.force_login(user)
    assert client.get(log_url(school)).status_code == 404


def test_a_wrong_role_gets_403(client, make_user, school):
    client.force_login(make_user(Role.RECRUITMENT_STAFF))
    assert client.get(log_url(school)).status_code == 403


def test_anonymous_goes_to_login(client, school):
    response = client.get(log_url(school))
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_the_log_rejects_post(client, program_staff, school):
    client.force_login(program_staff)
    assert client.post(log_url(school)).status_code == 405


def _sessions(team, step, competencies, count):
    for n in range(count):
        members = [TeamMembershipFactory(team=team).person for _ in range(2)]
        session = CoachingSessionFactory(
            team=team, participants=members, kind=CoachingKind.INDIVIDUAL if n % 2 else CoachingKind.TEAM
        )
        if n % 2:
            session.participants.set(members[:1])
        session.action_steps.add(step)
        session.competencies.add(*competencies)


def test_the_log_costs_the_same_at_two_sizes(
    client, network_staff, team, school, step, framework_v4, django_assert_max_num_queries
):
    competencies = list(Competency.objects.filter(domain__version=framework_v4)[:2])
    client.force_login(network_staff)
    _sessions(team, step, competencies, 2)
    with django_assert_max_num_queries(14) as small:
        assert client.get(log_url(school)).status_code == 200
    _sessions(team, step, competencies, 6)
    with django_assert_max_num_queries(len(small)):
        response = client.get(log_url(school))
    assert len(response.context["log"].sessions) == 8


# --- Logging a session -------------------------------------------------------------------------------------


def add_url(school):
    return reverse("programs:coaching_add", args=[school.pk])


def test_network_staff_log_individual_coaching(
    client, network_staff, team, school, participant, step, framework_v4
):
    competency = Competency.objects.filter(domain__version=framework_v4).first()
    coach = FacilitatorFactory()
    client.force_login(network_staff)
    response = client.post(
        add_url(school),
        {
            "team": team.pk,
            "kind": CoachingKind.INDIVIDUAL,
            "held_on": "2026-11-04",
            "coach": coach.pk,
            "duration_minutes": 45,
            "participants": [participant.person.pk],
            "focus": "Feedback after the observation",
            "is_observation": "on",
            "action_steps": [step.pk],
            "competencies": [competency.pk],
            "notes": "Strong opening.",
            "next_steps": "Try the turn-and-talk.",
        },
    )
    assert response.status_code == 302
    session = CoachingSession.objects.get()
    assert (session.team, session.coach, session.kind, session.is_observation) == (
        team,
        coach,
        CoachingKind.INDIVIDUAL,
        True,
    )
    assert list(session.participants.all()) == [participant.person]
    assert list(session.action_steps.all()) == [step]
    assert list(session.competencies.all()) == [competency]


def test_a_broken_session_re_renders_with_the_reason(
    client, program_staff, team, school, member, participant
):
    client.force_login(program_staff)
    response = client.post(
        add_url(school),
        {
            "team": team.pk,
            "kind": CoachingKind.INDIVIDUAL,
            "held_on": "2026-11-04",
            "coach": FacilitatorFactory().pk,
            "duration_minutes": 60,
            "participants": [member.person.pk, participant.person.pk],
            "focus": "Two at once",
        },
    )
    assert response.status_code == 200
    assert (
        "Individual coaching is with exactly one participant." in response.context["form"].non_field_errors()
    )
    assert not CoachingSession.objects.exists()


def test_the_form_starts_from_what_the_participant_is_growing(
    client, program_staff, school, participant, school_year, step, framework_v4
):
    goal_competency, step_competency = Competency.objects.filter(domain__version=framework_v4)[:2]
    PlanGoalFactory(
        plan=PDPlanFactory(person=participant.person, school_year=school_year), competency=goal_competency
    )
    step.owner = participant.person
    step.save()
    step.competencies.add(step_competency)
    client.force_login(program_staff)
    response = client.get(add_url(school), {"participant": participant.person.pk})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["kind"] == CoachingKind.INDIVIDUAL
    assert form.initial["participants"] == [participant.person.pk]
    assert set(form.initial["competencies"]) == {goal_competency.pk, step_competency.pk}
    growing = dict(response.context["growing"])
    assert set(growing[participant.person]) == {goal_competency, step_competency}


def test_a_leader_may_not_log_coaching(client, make_user, school):
    user = make_user(Role.LEADER)
    PersonFactory(user=user, school=school, position=Position.PRINCIPAL)
    client.force_login(user)
    assert client.get(add_url(school)).status_code == 403


def test_network_staff_of_another_network_get_404(client, make_user, school):
    user = make_user(Role.NETWORK_STAFF)
    NetworkSupportMemberFactory(person__user=user)
    client.force_login(user)
    assert client.get(add_url(school)).status_code == 404
    assert client.post(add_url(school), {}).status_code == 404


def test_logging_rejects_put(client, program_staff, school):
    client.force_login(program_staff)
    assert client.put(add_url(school)).status_code == 405


# --- A session's page ------------------------------------------------------------------------------------


def detail_url(session):
    return reverse("programs:coaching_detail", args=[session.pk])


def test_the_participant_and_the_coach_open_individual_coaching(
    client, participant, coach_user, private_session
):
    for user in (participant, coach_user):
        client.force_login(user)
        response = client.get(detail_url(private_session))
        assert response.status_code == 200
        assert b"Talked over the wait time." in response.content
        assert response.context["form"] is None


def test_another_member_gets_404_for_individual_coaching(client, member, private_session):
    client.force_login(member)
    assert client.get(detail_url(private_session)).status_code == 404


def test_staff_edit_a_session(client, program_staff, private_session):
    client.force_login(program_staff)
    data = {
        "kind": CoachingKind.INDIVIDUAL,
        "held_on": "2026-10-21",
        "coach": private_session.coach.pk,
        "duration_minutes": 30,
        "participants": [p.pk for p in private_session.participants.all()],
        "focus": "Running the data meeting, part 2",
        "next_steps": "Observe the next one.",
    }
    response = client.post(detail_url(private_session), data)
    assert response.status_code == 302
    private_session.refresh_from_db()
    assert private_session.focus == "Running the data meeting, part 2"
    assert private_session.duration_minutes == 30
    assert private_session.next_steps == "Observe the next one."


def test_the_participant_may_not_edit(client, participant, private_session):
    client.force_login(participant)
    assert client.post(detail_url(private_session), {"focus": "Mine"}).status_code == 403
    private_session.refresh_from_db()
    assert private_session.focus == "Running the data meeting"


def test_the_session_page_rejects_delete(client, program_staff, private_session):
    client.force_login(program_staff)
    assert client.delete(detail_url(private_session)).status_code == 405
