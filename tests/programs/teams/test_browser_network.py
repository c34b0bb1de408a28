"""The network overview in headless Chromium, on a desktop and on a phone: twelve schools in three networks
with plans behind, on track, met, drafted and missing."""

import pytest
from django.urls import reverse

from leaderdev.models import SchoolLevel
from leaderdev.permissions import Role
from programs.models import PlanStatus, StepStatus
from tests.browser import WIDEST, chromium_page, fits_the_screen, log_in, screenshot
from tests.factories import SchoolYearFactory, UserFactory
from tests.factories.district import NetworkFactory, SchoolFactory

from .test_network_overview import initiative_with_steps, plan_with_targets

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("orm_beside_playwright"),
]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

SCHOOLS = [
    # name, level, target values (see plan_with_targets; () = no plan), plan status, step statuses, overdue
    (
        "Adams Elementary",
        SchoolLevel.ELEMENTARY,
        ("due", "58"),
        PlanStatus.ADOPTED,
        ("done", "in_progress"),
        2,
    ),
    (
        "Baker Middle",
        SchoolLevel.MIDDLE,
        ("58", None),
        PlanStatus.ADOPTED,
        ("done", "done", "not_started"),
        0,
    ),
    ("Carver High", SchoolLevel.HIGH, ("60", "61"), PlanStatus.ADOPTED, ("done", "done"), 0),
    ("Dunbar K-8", SchoolLevel.K8, (), PlanStatus.DRAFT, ("not_started",), 1),
    ("Eliot Elementary", SchoolLevel.ELEMENTARY, None, None, (), 0),
    ("Fenway High", SchoolLevel.HIGH, ("55", "57"), PlanStatus.ADOPTED, ("in_progress", "done"), 0),
    ("Garrison Elementary", SchoolLevel.ELEMENTARY, ("due",), PlanStatus.ADOPTED, ("not_started",), 3),
    ("Hale Middle", SchoolLevel.MIDDLE, (None,), PlanStatus.ADOPTED, ("done",), 0),
    ("Irving K-8", SchoolLevel.K8, ("60",), PlanStatus.ADOPTED, ("done", "done", "done"), 0),
    ("Jackson Mann K-8", SchoolLevel.K8, (), PlanStatus.DRAFT, (), 0),
    ("King Elementary", SchoolLevel.ELEMENTARY, ("59", "due"), PlanStatus.ADOPTED, ("in_progress",), 1),
    ("Lyon High", SchoolLevel.HIGH, None, None, ("not_started",), 0),
]


@pytest.fixture
def staff(db):
    school_year = SchoolYearFactory()
    networks = [NetworkFactory(name=name) for name in ("Network A", "Network B", "Network C")]
    for n, (name, level, values, status, steps, overdue) in enumerate(SCHOOLS):
        school = SchoolFactory(name=name, level=level, network=networks[n % 3])
        if values is not None:
            plan_with_targets(school, school_year, *values, status=status)
        if steps or overdue:
            statuses = [StepStatus(step) for step in steps]
            initiative_with_steps(
                school, school_year, *statuses, overdue=overdue, title=f"{name} reads together"
            )
    return UserFactory(roles=[Role.PROGRAM_STAFF], is_staff=True)


@pytest.mark.parametrize(
    ("viewport", "name"), [(DESKTOP, "teams-network-overview"), (PHONE, "teams-network-overview-phone")]
)
def test_staff_see_every_schools_plan_at_a_glance(live_server, staff, viewport, name):
    with chromium_page(viewport=viewport) as page:
        log_in(page, live_server.url, staff.email)
        page.goto(f"{live_server.url}{reverse('programs:team_overview')}")

        assert page.get_by_role("heading", name="School teams: 2026-2027").is_visible()
        assert page.get_by_role("heading", name="At a glance").is_visible()
        networks = page.get_by_role("table", name="Plans and initiative steps by learning network")
        assert networks.get_by_role("row").count() == 4  # the header and three networks
        schools = page.get_by_role("table", name="Schools' plans and initiatives in 2026-2027")
        assert schools.get_by_role("row").count() == 13
        adams = schools.get_by_role("row").filter(has_text="Adams Elementary")
        assert adams.get_by_text("Behind", exact=True).is_visible()
        assert adams.get_by_text("2 overdue").is_visible()
        assert (
            schools.get_by_role("row").filter(has_text="Eliot Elementary").get_by_text("No plan").is_visible()
        )
        assert page.get_by_role("link", name="Export CSV of the schools matching these filters").is_visible()
        screenshot(page, name)
        assert fits_the_screen(page), page.evaluate(WIDEST)
