"""The school's team page in headless Chromium, desktop and phone, seen by a principal on the team.

Runs against pytest-django's live server, so the database is transactional; the serialized rollback puts
back what the data migrations loaded for the tests after it.
"""

import datetime

import pytest
from django.urls import reverse

from leaderdev.models import LeadershipTier, Position
from leaderdev.permissions import Role
from programs.models import StepStatus, TeamKind, TeamRole
from programs.services import teams as services
from tests.browser import WIDEST, chromium_page, fits_the_screen, log_in, screenshot
from tests.factories import PersonFactory, SchoolFactory, SchoolYearFactory, UserFactory
from tests.factories.teams import (
    ActionStepFactory,
    CallToActionPlanFactory,
    InitiativeFactory,
    MonitoringNoteFactory,
    SchoolTeamFactory,
    TeamMembershipFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("orm_beside_playwright"),
]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def hale(db):
    """Hale Elementary's pipeline team with a principal as lead, its initiative, steps, notes and history."""
    school_year = SchoolYearFactory()
    school = SchoolFactory(name="Hale Elementary")
    user = UserFactory(email="principal@hale.test", roles=[Role.LEADER])
    principal = PersonFactory(
        user=user, school=school, position=Position.PRINCIPAL, first_name="Ada", last_name="Okafor"
    )
    team = SchoolTeamFactory(school=school, kind=TeamKind.PIPELINE)
    SchoolTeamFactory(school=school, kind=TeamKind.ILT)
    TeamMembershipFactory(
        team=team, person=principal, tier=LeadershipTier.BUILDING_ADMINISTRATOR, role=TeamRole.LEAD
    )
    ap = PersonFactory(
        school=school, position=Position.ASSISTANT_PRINCIPAL, first_name="Luis", last_name="Vega"
    )
    TeamMembershipFactory(team=team, person=ap, tier=LeadershipTier.EMERGING_LEADER)
    grower = TeamMembershipFactory(
        team=team,
        tier=LeadershipTier.LEAD_LEARNER,
        start_date=datetime.date(2024, 9, 3),
        person__position=Position.TEACHER_LEADER,
        person__first_name="Mei",
        person__last_name="Baptiste",
    )
    services.change_tier(grower, tier=LeadershipTier.EMERGING_LEADER, on_date=datetime.date(2026, 9, 1))
    TeamMembershipFactory(
        team=team,
        tier=LeadershipTier.LEAD_LEARNER,
        person__position=Position.TEACHER_LEADER,
        person__first_name="Sam",
        person__last_name="Reyes",
    )
    initiative = InitiativeFactory(
        team=team, school_year=school_year, success_measure="Every teacher team looks at student work weekly."
    )
    ActionStepFactory(
        initiative=initiative,
        tier=LeadershipTier.BUILDING_ADMINISTRATOR,
        description="Protect 45 minutes of team time each Thursday",
        owner=principal,
        status=StepStatus.DONE,
    )
    late = ActionStepFactory(
        initiative=initiative,
        tier=LeadershipTier.EMERGING_LEADER,
        description="Facilitate the protocol with two grade-level teams",
        owner=ap,
        due_date=datetime.date(2026, 10, 30),
        status=StepStatus.IN_PROGRESS,
    )
    ActionStepFactory(
        initiative=initiative,
        tier=LeadershipTier.LEAD_LEARNER,
        description="Bring one set of student work each cycle",
        owner=grower.person,
    )
    MonitoringNoteFactory(initiative=initiative, step=late, text="Grade 3 team used the protocol twice.")
    CallToActionPlanFactory(school=school, school_year=school_year)
    return school


@pytest.mark.parametrize(
    ("viewport", "name"), [(DESKTOP, "teams-team-page"), (PHONE, "teams-team-page-phone")]
)
def test_a_principal_on_the_team_reads_the_team_page(live_server, hale, viewport, name):
    with chromium_page(viewport=viewport) as page:
        log_in(page, live_server.url, "principal@hale.test")
        page.goto(f"{live_server.url}{reverse('programs:school_team', args=[hale.pk])}")

        assert page.get_by_role("heading", name="Hale Elementary: school team").is_visible()
        assert page.get_by_role("heading", name="Pipeline team").first.is_visible()
        assert page.get_by_role("heading", name="Building administrators").first.is_visible()
        assert page.get_by_role("heading", name="Improvement initiative 2026-2027").is_visible()
        assert page.get_by_role("heading", name="Monitoring notes").is_visible()
        rollup = page.get_by_role(
            "table", name="Action steps by tier: done of the total (dropped steps left out) and overdue"
        )
        assert rollup.get_by_role("row").count() == 4
        steps = page.get_by_role("table", name="Action steps of the emerging leaders")
        assert steps.get_by_text("Overdue").is_visible()
        assert page.get_by_text("33% done: 1 of 3 steps done").is_visible()
        page.get_by_text("History (1 past membership)").click()
        history = page.get_by_role("table", name="Past memberships of the pipeline team, latest first")
        assert history.get_by_text("Became an emerging leader").is_visible()
        screenshot(page, name)
        assert fits_the_screen(page), page.evaluate(WIDEST)
