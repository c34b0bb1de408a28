"""A principal records a check-in on the school's Call-to-Action plan in headless Chromium, desktop and phone.

Runs against pytest-django's live server, so the database is transactional; the serialized rollback puts
back what the data migrations loaded (the programs catalogue, the role groups) for the tests after it.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from leaderdev.models import Position
from leaderdev.permissions import Role
from tests.browser import WIDEST, chromium_page, fits_the_screen, log_in, screenshot
from tests.factories import PersonFactory, SchoolFactory, SchoolYearFactory
from tests.factories.teams import (
    CallToActionPlanFactory,
    CheckInFactory,
    GoalActionFactory,
    GoalTargetFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("orm_beside_playwright"),
]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize(("viewport", "name"), [(DESKTOP, "teams-cta-plan"), (PHONE, "teams-cta-plan-phone")])
def test_a_principal_records_a_check_in_and_sees_the_progress(live_server, make_user, viewport, name):
    school = SchoolFactory(name="Mildred Avenue K-8")
    plan = CallToActionPlanFactory(school=school, school_year=SchoolYearFactory())
    target = GoalTargetFactory(
        goal__plan=plan,
        goal__statement="Every third grader reads on grade level",
        measure="Third graders reading on grade level",
        baseline=Decimal("40"),
        target=Decimal("60"),
    )
    CheckInFactory(target=target, checked_on=datetime.date(2026, 10, 1), value=Decimal("45"))
    GoalTargetFactory(
        goal=target.goal, measure="Chronic absence", baseline=Decimal("18"), target=Decimal("12")
    )
    GoalActionFactory(goal=target.goal, description="Launch the daily reading block", owner=None)
    user = make_user(Role.LEADER, email="principal@district.test")
    PersonFactory(user=user, school=school, position=Position.PRINCIPAL)

    with chromium_page(viewport=viewport) as page:
        log_in(page, live_server.url, "principal@district.test")
        page.goto(f"{live_server.url}{reverse('programs:cta_plan', args=[school.pk])}")
        assert page.get_by_role("heading", name="Call-to-Action plan", exact=True).is_visible()
        row = page.locator(f"#target-{target.pk}")
        assert "25%" in row.inner_text()

        with page.expect_navigation():
            page.get_by_role("link", name="Record a check-in on Third graders reading on grade level").click()
        page.get_by_label("Value measured").fill("55")
        with page.expect_navigation():
            page.get_by_role("button", name="Record check-in").click()

        assert "is recorded" in page.content()
        row = page.locator(f"#target-{target.pk}")
        assert "75%" in row.inner_text()
        assert "55" in row.inner_text()
        screenshot(page, name)
        assert fits_the_screen(page), page.evaluate(WIDEST)
