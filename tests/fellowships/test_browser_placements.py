"""Placements in headless Chromium: program staff propose placements for a cohort, read why each pair was
chosen, and approve them into residencies; the page is screenshotted on a desktop and a phone."""

import pytest
from django.urls import reverse

from competencies.models import Competency, FrameworkVersion
from fellowships.models import Residency
from leaderdev.permissions import Role
from tests.browser import WIDEST, chromium_page, fits_the_screen, log_in, screenshot
from tests.factories.district import SchoolFactory, SchoolYearFactory, UserFactory
from tests.factories.fellowships import (
    AspiringLeaderFactory,
    CohortFactory,
    CohortMilestoneFactory,
    FellowFactory,
    HostFactory,
    HostPreferenceFactory,
)
from tests.factories.mentoring import VeteranFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("orm_beside_playwright"),
]


@pytest.fixture
def cohort():
    """Three fellows and three hosts at six schools, with growth areas, strengths and one ranked wish."""
    version = FrameworkVersion.objects.get(
        framework__name="Unified Set of BPS Leader Competencies", label="4"
    )
    competencies = list(
        Competency.objects.filter(domain__version=version).order_by("domain__number", "number")
    )
    cohort = CohortFactory(school_year=SchoolYearFactory())
    CohortMilestoneFactory(cohort=cohort, title="Entry plan")
    people = [("Rosa", "Vargas"), ("Thanh", "Nguyen"), ("Keisha", "Robinson")]
    fellows = []
    for k, (first, last) in enumerate(people):
        school = SchoolFactory(name=f"{last} Elementary School", latitude=42.30 + k / 50, longitude=-71.08)
        fellows.append(
            FellowFactory(
                application__cohort=cohort,
                application__person=AspiringLeaderFactory(first_name=first, last_name=last, school=school),
                growth_areas=competencies[k * 3 : k * 3 + 2],
            )
        )
    hosts = []
    for k, (first, last) in enumerate([("Marcus", "Greene"), ("Maureen", "Walsh"), ("Luis", "Ortiz")]):
        school = SchoolFactory(
            name=f"{last} K-8 School", level="k8", latitude=42.31 + k / 40, longitude=-71.07
        )
        hosts.append(
            HostFactory(
                cohort=cohort,
                person=VeteranFactory(first_name=first, last_name=last, school=school),
                strengths=competencies[k * 3 : k * 3 + 3],
            )
        )
    HostPreferenceFactory(fellow=fellows[0], host=hosts[0], rank=1)
    return cohort


def test_staff_propose_read_and_approve_placements(live_server, cohort):
    UserFactory(email="staff@district.test", roles=[Role.PROGRAM_STAFF], is_staff=True)
    url = f"{live_server.url}{reverse('fellowships:placements', args=[cohort.pk])}"
    with chromium_page() as page:
        log_in(page, live_server.url, "staff@district.test")
        page.goto(url)
        page.get_by_role("button", name="Propose placements").click()
        page.wait_for_load_state()
        assert page.get_by_text("3 placements proposed.").is_visible()
        assert page.get_by_text("Fellow's choice #1").is_visible()
        screenshot(page, "fellowships-placements")

        page.get_by_role("button", name="Approve 3 placements").click()
        page.wait_for_load_state()
        assert page.get_by_text("3 residencies started, with their milestones.").is_visible()
        screenshot(page, "fellowships-placements-approved")
    assert Residency.objects.filter(fellow__cohort=cohort).count() == 3
    assert Residency.objects.get(fellow__person__first_name="Rosa").host.person.first_name == "Marcus"


def test_the_placements_page_fits_a_phone(live_server, cohort):
    from fellowships.services.placement import propose_placements

    propose_placements(cohort)
    UserFactory(email="staff@district.test", roles=[Role.PROGRAM_STAFF], is_staff=True)
    with chromium_page(viewport={"width": 390, "height": 844}) as page:
        log_in(page, live_server.url, "staff@district.test")
        page.goto(f"{live_server.url}{reverse('fellowships:placements', args=[cohort.pk])}")
        screenshot(page, "fellowships-placements-phone")
        assert fits_the_screen(page), page.evaluate(WIDEST)
