"""The portal's "My school team" in headless Chromium, on a phone and a desktop: a principal who leads
their school's pipeline team reads the initiative's roll-up, their own action steps and the plan's status.

Runs against pytest-django's live server, so the database is transactional; the serialized rollback puts
back what the data migrations loaded.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from leaderdev.models import LeadershipTier, Position
from leaderdev.permissions import Role
from programs.models import PlanStatus, StepStatus, TeamKind, TeamRole
from tests.browser import SCREENSHOTS, WIDEST, chromium_page, fits_the_screen, log_in, screenshot
from tests.factories import PersonFactory, SchoolFactory, SchoolYearFactory, UserFactory
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

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("orm_beside_playwright"),
]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def principal(db):
    """A principal who leads the pipeline team of Hernández K-8: an initiative of six steps (two of them
    hers, one late) and an adopted plan with one target on track and one behind."""
    year = SchoolYearFactory()
    login = UserFactory(email="leila.rahimi@district.test", full_name="Leila Rahimi", roles=[Role.LEADER])
    school = SchoolFactory(name="Hernández K-8")
    person = PersonFactory(
        user=login, first_name="Leila", last_name="Rahimi", school=school, position=Position.PRINCIPAL
    )
    team = SchoolTeamFactory(school=school, kind=TeamKind.PIPELINE)
    TeamMembershipFactory(
        team=team, person=person, tier=LeadershipTier.BUILDING_ADMINISTRATOR, role=TeamRole.LEAD
    )
    teacher = TeamMembershipFactory(team=team, tier=LeadershipTier.LEAD_LEARNER).person
    initiative = InitiativeFactory(
        team=team, school_year=year, title="Tier I supports for English learners in every classroom"
    )
    for owner, description, due, status in (
        (person, "Set the look-fors for language objectives with the ILT", -40, StepStatus.DONE),
        (person, "Run instructional rounds on Tier I EL supports each term", -6, StepStatus.IN_PROGRESS),
        (person, "Share the rounds' findings at the Winter Institute", 35, StepStatus.NOT_STARTED),
        (teacher, "Add a language objective to each lesson plan for a month", -20, StepStatus.DONE),
        (teacher, "Collect student talk samples before and after", 20, StepStatus.IN_PROGRESS),
        (teacher, "Model sentence frames in a demonstration lesson", 60, StepStatus.NOT_STARTED),
    ):
        ActionStepFactory(
            initiative=initiative, owner=owner, description=description, due_date=days(due), status=status
        )
    plan = CallToActionPlanFactory(school=school, school_year=year, status=PlanStatus.ADOPTED)
    goal = StrategicGoalFactory(plan=plan, statement="English learners make steady progress")
    for measure, baseline, target, value in (
        ("English learners making progress on ACCESS (%)", "42", "52", "47"),
        ("Chronic absence (%)", "21", "15", "21"),
    ):
        made = GoalTargetFactory(
            goal=goal, measure=measure, baseline=Decimal(baseline), target=Decimal(target)
        )
        CheckInFactory(target=made, checked_on=days(-10), value=Decimal(value))
    return person


@pytest.mark.parametrize(("viewport", "name"), [(PHONE, "teams-portal"), (DESKTOP, "teams-portal-desktop")])
def test_a_principal_reads_their_school_team_on_the_portal(live_server, principal, viewport, name):
    with chromium_page(viewport=viewport) as page:
        log_in(page, live_server.url, principal.user.email)
        heading = page.get_by_role("heading", name="My school team", exact=True)
        assert heading.is_visible()
        block = page.locator("#my-school-team")
        assert block.get_by_text("Pipeline team: building administrator, team lead").is_visible()
        assert block.get_by_text("2 of 6 steps done · 1 overdue").is_visible()
        assert block.get_by_text("Overdue · In progress").is_visible()
        assert block.get_by_text("Call-to-Action plan: Behind").is_visible()
        assert fits_the_screen(page), page.evaluate(WIDEST)
        screenshot(page, name)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        block.screenshot(path=str(SCREENSHOTS / f"{name}-section.png"))
