"""The school's team page: who sees it, what it shows, and a query count that does not grow."""

import datetime

import pytest
from django.urls import reverse

from leaderdev.models import LeadershipTier, Position
from leaderdev.permissions import Role
from programs.models import MonitoringKind, StepStatus, TeamKind, TeamRole
from programs.services import teams as services
from tests.factories import PersonFactory, SchoolFactory, SchoolYearFactory
from tests.factories.teams import (
    ActionStepFactory,
    CallToActionPlanFactory,
    GoalTargetFactory,
    InitiativeFactory,
    MonitoringNoteFactory,
    SchoolTeamFactory,
    TeamMembershipFactory,
)

pytestmark = pytest.mark.django_db


def url(school, year=None):
    base = reverse("programs:school_team", args=[school.pk])
    return f"{base}?year={year.pk}" if year else base


@pytest.fixture
def school():
    return SchoolFactory(name="Hale Elementary")


@pytest.fixture
def principal(make_user, school):
    user = make_user(Role.LEADER)
    PersonFactory(user=user, school=school, position=Position.PRINCIPAL, first_name="Ada", last_name="Hale")
    return user


def build_team(school, school_year, size):
    """A pipeline team with `size` members per tier, history, `size` steps per tier and notes."""
    team = SchoolTeamFactory(school=school, kind=TeamKind.PIPELINE)
    SchoolTeamFactory(school=school, kind=TeamKind.ILT)
    for tier in LeadershipTier.values:
        for _ in range(size):
            TeamMembershipFactory(team=team, tier=tier)
        for _ in range(size):
            TeamMembershipFactory(
                team=team, tier=tier, end_date=datetime.date(2026, 6, 30), end_reason="Moved away"
            )
    initiative = InitiativeFactory(team=team, school_year=school_year)
    for tier in LeadershipTier.values:
        for _ in range(size):
            owner = PersonFactory(school=school)
            step = ActionStepFactory(initiative=initiative, tier=tier, owner=owner)
            MonitoringNoteFactory(initiative=initiative, step=step)
    plan = CallToActionPlanFactory(school=school, school_year=school_year)
    for _ in range(size):
        GoalTargetFactory(goal__plan=plan)
    return initiative


def test_it_shows_members_by_tier_and_their_history(client, principal, school, school_year):
    team = SchoolTeamFactory(school=school)
    lead = TeamMembershipFactory(
        team=team, tier=LeadershipTier.BUILDING_ADMINISTRATOR, role=TeamRole.LEAD, person__last_name="Okafor"
    )
    grower = TeamMembershipFactory(
        team=team,
        tier=LeadershipTier.LEAD_LEARNER,
        start_date=datetime.date(2024, 9, 1),
        person__last_name="Baptiste",
    )
    services.change_tier(grower, tier=LeadershipTier.EMERGING_LEADER, on_date=datetime.date(2026, 9, 1))
    TeamMembershipFactory(
        team=team,
        start_date=datetime.date(2024, 9, 1),
        end_date=datetime.date(2025, 6, 30),
        end_reason="Moved to another school",
        person__last_name="Gone",
    )
    client.force_login(principal)

    response = client.get(url(school))

    assert response.status_code == 200
    page = response.context["page"]
    block = page.teams[0]
    assert [t.tier for t in block.tiers] == LeadershipTier.values
    assert [m.person for m in block.tiers[0].members] == [lead.person]
    assert [m.person.last_name for m in block.tiers[1].members] == ["Baptiste"]
    assert block.tiers[2].members == []
    assert [(m.person.last_name, m.end_reason) for m in block.history] == [
        ("Baptiste", "Became an emerging leader"),
        ("Gone", "Moved to another school"),
    ]
    html = response.content.decode()
    assert "Team lead" in html and "Became an emerging leader" in html and "Hale Elementary" in html


def test_a_past_year_shows_that_years_team(client, principal, school, school_year):
    last_year = SchoolYearFactory(
        name="2025-2026",
        start_date=datetime.date(2025, 8, 25),
        end_date=datetime.date(2026, 6, 26),
        is_current=False,
    )
    team = SchoolTeamFactory(school=school)
    left = TeamMembershipFactory(
        team=team, start_date=datetime.date(2025, 9, 1), end_date=datetime.date(2026, 8, 1)
    )
    joined = TeamMembershipFactory(team=team, start_date=datetime.date(2026, 9, 1))
    client.force_login(principal)

    response = client.get(url(school, last_year))

    block = response.context["page"].teams[0]
    members = [m.person for tier in block.tiers for m in tier.members]
    assert members == [left.person]
    assert joined.person not in members
    assert list(response.context["years"]) == [school_year, last_year]


def test_it_shows_the_initiative_with_its_rollup_and_notes(client, principal, school, school_year):
    initiative = build_team(school, school_year, 1)
    step = initiative.steps.first()
    services.set_step_status(step, StepStatus.DONE)
    ActionStepFactory(
        initiative=initiative, tier=LeadershipTier.LEAD_LEARNER, due_date=datetime.date(2020, 1, 1)
    )
    ActionStepFactory(initiative=initiative, status=StepStatus.DROPPED)
    client.force_login(principal)

    response = client.get(url(school))

    page = response.context["page"]
    assert page.initiative == initiative
    assert (page.rollup.overall.done, page.rollup.overall.total, page.rollup.overall.overdue) == (1, 4, 1)
    assert page.rollup.by_tier[LeadershipTier.LEAD_LEARNER].overdue == 1
    assert len(page.notes) == 3
    html = response.content.decode()
    assert "25% done: 1 of 4 steps done" in html
    assert "Overdue" in html
    assert "Call-to-Action plan at a glance" in html
    assert reverse("programs:cta_plan", args=[school.pk]) in html
    assert reverse("programs:coaching_list", args=[school.pk]) in html


def test_it_falls_back_to_the_ilt_initiative(client, principal, school, school_year):
    ilt = SchoolTeamFactory(school=school, kind=TeamKind.ILT)
    initiative = InitiativeFactory(team=ilt, school_year=school_year, title="Data cycles")
    client.force_login(principal)

    response = client.get(url(school))

    assert response.context["page"].initiative == initiative


def test_it_shows_the_writes_to_a_manager_only(client, make_user, principal, school, school_year):
    build_team(school, school_year, 1)
    client.force_login(principal)
    html = client.get(url(school)).content.decode()
    assert "Add a team member" in html and "Adjust" in html and "End membership" in html

    learner = make_user(Role.LEADER)
    TeamMembershipFactory(
        team__school=school,
        team__kind=TeamKind.PIPELINE,
        tier=LeadershipTier.LEAD_LEARNER,
        person__user=learner,
        person__position=Position.TEACHER_LEADER,
    )
    client.force_login(learner)
    html = client.get(url(school)).content.decode()
    assert "Add a team member" not in html and "End membership" not in html
    assert "Update" in html and "Add a monitoring note" in html


@pytest.mark.parametrize("size", [1, 4])
def test_its_query_count_does_not_grow_with_the_team(
    client, principal, school, school_year, size, django_assert_max_num_queries
):
    build_team(school, school_year, size)
    MonitoringNoteFactory(
        initiative=school.teams.get(kind=TeamKind.PIPELINE).initiatives.get(), kind=MonitoringKind.ADJUSTMENT
    )
    client.force_login(principal)

    with django_assert_max_num_queries(24):
        response = client.get(url(school))

    assert response.status_code == 200
    assert response.context["page"].teams[1].member_count == 3 * size


def test_it_rejects_post(client, principal, school, school_year):
    client.force_login(principal)
    assert client.post(url(school)).status_code == 405


def test_it_sends_anonymous_users_to_log_in(client, school, school_year):
    response = client.get(url(school))
    assert response.status_code == 302
    assert "/login/" in response.url


def test_it_refuses_a_role_without_access(client, make_user, school, school_year):
    client.force_login(make_user(Role.RECRUITMENT_STAFF))
    assert client.get(url(school)).status_code == 403


def test_it_hides_another_school(client, principal, school_year):
    client.force_login(principal)
    assert client.get(url(SchoolFactory())).status_code == 404


def test_it_rejects_an_unknown_year(client, principal, school, school_year):
    client.force_login(principal)
    assert client.get(f"{url(school)}?year=999999").status_code == 404
