"""The portal's "My school team": my teams and tier, the initiative's roll-up, my own action steps and the
Call-to-Action plan at a glance; never another school's; nothing for someone with no team and no school."""

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from leaderdev.models import LeadershipTier, Position
from leaderdev.permissions import Role
from programs.models import PlanStatus, StepStatus, TeamKind, TeamRole
from programs.queries.portal_teams import my_school_teams
from tests.factories import PersonFactory, SchoolFactory
from tests.factories.teams import (
    ActionStepFactory,
    CallToActionPlanFactory,
    CheckInFactory,
    GoalTargetFactory,
    InitiativeFactory,
    SchoolTeamFactory,
    StrategicGoalFactory,
    TeamMembershipFactory,
)

pytestmark = pytest.mark.django_db

PORTAL = reverse("portal")
SLUG = "my-school-team"
TITLE = "Tier I supports for English learners in every classroom"


def text(html: str) -> str:
    flat = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()
    return unescape(re.sub(r" ([.,:;)])", r"\1", flat))


def section(html: str, slug: str = SLUG) -> str | None:
    match = re.search(rf'<section id="{slug}".*?</section>', html, re.S)
    return text(match.group(0)) if match else None


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def team_with_work(person, school_year, *, steps: int = 1, targets: int = 1):
    """`person` leads `school`'s pipeline team; its initiative has two steps of theirs (one overdue), one
    done step of someone else's and `steps` more of others'; an adopted plan whose targets are met."""
    team = SchoolTeamFactory(school=person.school, kind=TeamKind.PIPELINE)
    TeamMembershipFactory(
        team=team, person=person, tier=LeadershipTier.BUILDING_ADMINISTRATOR, role=TeamRole.LEAD
    )
    colleague = TeamMembershipFactory(team=team, tier=LeadershipTier.LEAD_LEARNER).person
    initiative = InitiativeFactory(team=team, school_year=school_year, title=TITLE)
    ActionStepFactory(
        initiative=initiative,
        owner=person,
        description="Set the look-fors with the ILT",
        due_date=days(10),
        status=StepStatus.IN_PROGRESS,
    )
    ActionStepFactory(
        initiative=initiative, owner=person, description="Run instructional rounds", due_date=days(-5)
    )
    ActionStepFactory(
        initiative=initiative,
        owner=colleague,
        description="Collect student talk samples",
        due_date=days(-20),
        status=StepStatus.DONE,
    )
    for n in range(steps):
        ActionStepFactory(
            initiative=initiative, owner=colleague, description=f"Colleague step {n}", due_date=days(30)
        )
    plan = CallToActionPlanFactory(school=person.school, school_year=school_year, status=PlanStatus.ADOPTED)
    goal = StrategicGoalFactory(plan=plan)
    for _ in range(targets):
        target = GoalTargetFactory(goal=goal, baseline=Decimal("40"), target=Decimal("60"))
        CheckInFactory(target=target, checked_on=days(-40), value=Decimal("50"))
        CheckInFactory(target=target, checked_on=days(-3), value=Decimal("61"))
    return team


def test_it_shows_my_team_the_initiative_my_steps_and_the_plan(client, leader, school_year):
    team_with_work(leader.person, school_year)
    client.force_login(leader)
    shown = section(client.get(PORTAL).content.decode())
    assert leader.person.school.name in shown
    assert "Pipeline team: building administrator, team lead" in shown
    assert TITLE in shown
    assert "1 of 4 steps done · 1 overdue" in shown
    assert "Set the look-fors with the ILT" in shown
    assert "Overdue · Not started" in shown  # the late one says so in words
    assert "Collect student talk samples" not in shown  # a colleague's step is not mine
    assert "Call-to-Action plan: Targets met, 100% of the way to its targets" in shown


def test_it_comes_after_my_competency_growth(client, leader, school_year):
    team_with_work(leader.person, school_year)
    client.force_login(leader)
    titles = [s.title for s in client.get(PORTAL).context["sections"]]
    assert titles.index("My school team") == titles.index("My competency growth") + 1


def test_it_never_shows_another_schools_team(client, leader, school_year):
    other = PersonFactory(school=SchoolFactory(name="Other Academy"))
    team_with_work(other, school_year)
    client.force_login(leader)
    shown = section(client.get(PORTAL).content.decode())
    assert "Other Academy" not in shown
    assert TITLE not in shown
    assert "Set the look-fors" not in shown
    assert "Call-to-Action plan: No plan" in shown


def test_a_principal_on_no_team_sees_their_schools_teams(client, leader, school_year):
    ilt = SchoolTeamFactory(school=leader.person.school, kind=TeamKind.ILT)
    TeamMembershipFactory(team=ilt)
    CallToActionPlanFactory(school=leader.person.school, school_year=school_year, status=PlanStatus.DRAFT)
    client.force_login(leader)
    shown = section(client.get(PORTAL).content.decode())
    assert "you are not on its instructional leadership team yourself" in shown
    assert "Call-to-Action plan: Draft" in shown


def test_a_principal_whose_school_has_no_team_is_told_so(client, leader, school_year):
    client.force_login(leader)
    shown = section(client.get(PORTAL).content.decode())
    assert "Your school has no leadership team in LeaderDev yet" in shown


def test_a_teacher_leader_on_the_team_sees_it(client, make_user, school_year):
    user = make_user(Role.LEADER)
    teacher = PersonFactory(user=user, position=Position.TEACHER_LEADER, tier=LeadershipTier.LEAD_LEARNER)
    team = SchoolTeamFactory(school=teacher.school)
    TeamMembershipFactory(team=team, person=teacher, tier=LeadershipTier.LEAD_LEARNER)
    client.force_login(user)
    assert "Pipeline team: lead learner" in section(client.get(PORTAL).content.decode())


@pytest.mark.parametrize(
    "position,with_school", [(Position.TEACHER_LEADER, True), (Position.CENTRAL_OFFICE, False)]
)
def test_no_section_without_a_team(client, make_user, school_year, position, with_school):
    user = make_user(Role.LEADER)
    person = PersonFactory(user=user, position=position, tier="", **({} if with_school else {"school": None}))
    SchoolTeamFactory(school=SchoolFactory())  # someone else's
    assert my_school_teams(person, school_year) is None
    client.force_login(user)
    assert section(client.get(PORTAL).content.decode()) is None


def test_a_membership_that_ended_does_not_count(client, make_user, school_year):
    user = make_user(Role.LEADER)
    teacher = PersonFactory(user=user, position=Position.TEACHER_LEADER, tier=LeadershipTier.LEAD_LEARNER)
    TeamMembershipFactory(
        team=SchoolTeamFactory(school=teacher.school), person=teacher, end_date=datetime.date(2026, 6, 30)
    )
    client.force_login(user)
    assert section(client.get(PORTAL).content.decode()) is None


def test_no_section_without_a_school_year(client, leader):
    SchoolTeamFactory(school=leader.person.school)
    client.force_login(leader)
    assert section(client.get(PORTAL).content.decode()) is None


def test_it_links_the_team_page_and_the_plan_when_they_exist(client, leader, school_year):
    team_with_work(leader.person, school_year)
    client.force_login(leader)
    html = client.get(PORTAL).content.decode()
    for name in ("programs:school_team", "programs:cta_plan"):
        try:
            url = reverse(name, args=[leader.person.school.pk])
        except NoReverseMatch:  # that page's view is not merged yet: the section still renders, unlinked
            assert section(html) is not None
        else:
            assert f'href="{url}"' in html


@pytest.mark.parametrize("size", [1, 12])
def test_it_costs_the_same_queries_whatever_the_data(
    leader, school_year, django_assert_max_num_queries, size
):
    team_with_work(leader.person, school_year, steps=size, targets=size)
    ilt = SchoolTeamFactory(school=leader.person.school, kind=TeamKind.ILT)
    TeamMembershipFactory(team=ilt, person=leader.person, tier=LeadershipTier.BUILDING_ADMINISTRATOR)
    # Memberships, initiatives, their steps, plans and their targets.
    with django_assert_max_num_queries(5):
        schools = my_school_teams(leader.person, school_year)
        assert schools[0].initiatives[0].rollup.total == 3 + size
        assert schools[0].plan.percent == 100
