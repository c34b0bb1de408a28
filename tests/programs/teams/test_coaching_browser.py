"""The coaching log in headless Chromium, desktop and phone, for program staff.

Runs against pytest-django's live server, so the database is transactional; the serialized rollback puts
back what the data migrations loaded for the tests after it.
"""

import pytest
from django.urls import reverse

from competencies.models import Competency
from leaderdev.models import Position
from leaderdev.permissions import Role
from programs.models import CoachingKind
from tests.browser import WIDEST, chromium_page, fits_the_screen, log_in, screenshot
from tests.factories import SchoolYearFactory, UserFactory
from tests.factories.teams import (
    ActionStepFactory,
    CoachingSessionFactory,
    InitiativeFactory,
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
def school():
    year = SchoolYearFactory()
    team = SchoolTeamFactory(school__name="Hernández K-8")
    step = ActionStepFactory(
        initiative=InitiativeFactory(team=team, school_year=year),
        description="Run the ten-minute protocol in every grade team",
    )
    members = [
        TeamMembershipFactory(
            team=team, person__first_name=first, person__position=Position.TEACHER_LEADER
        ).person
        for first in ("Ana", "Bea", "Cal")
    ]
    competencies = list(Competency.objects.filter(domain__version__label="4")[:2])
    team_session = CoachingSessionFactory(
        team=team, participants=members, focus="Norms for looking at student work", next_steps="Try it twice."
    )
    team_session.action_steps.add(step)
    team_session.competencies.add(*competencies)
    CoachingSessionFactory(
        team=team,
        kind=CoachingKind.INDIVIDUAL,
        held_on="2026-11-05",
        participants=members[:1],
        is_observation=True,
        focus="Feedback on the data meeting",
        notes="Strong opening; wait time after questions.",
    ).competencies.add(competencies[0])
    return team.school


@pytest.mark.parametrize(("viewport", "name"), [(DESKTOP, "teams-coaching"), (PHONE, "teams-coaching-phone")])
def test_staff_read_a_schools_coaching_log(live_server, school, viewport, name):
    UserFactory(email="coach-staff@district.test", roles=[Role.PROGRAM_STAFF])
    with chromium_page(viewport=viewport) as page:
        log_in(page, live_server.url, "coach-staff@district.test")
        page.goto(f"{live_server.url}{reverse('programs:coaching_list', args=[school.pk])}")
        assert page.get_by_role("heading", name="Coaching: Hernández K-8").is_visible()
        assert page.get_by_role("table", name="Individual coaching per participant").is_visible()
        assert page.get_by_role("link", name="Nov 5, 2026 · Feedback on the data meeting").is_visible()
        assert page.get_by_text("Onsite observation: yes").is_visible()
        screenshot(page, name)
        assert fits_the_screen(page), page.evaluate(WIDEST)
