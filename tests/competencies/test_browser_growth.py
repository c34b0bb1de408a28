"""The growth charts in headless Chromium: a leader's growth and a school's distribution, desktop and phone.

Runs against pytest-django's live server, so the database is transactional; the serialized rollback puts
back what the data migrations loaded (the shipped framework, the role groups) for the tests after it.
"""

import datetime

import pytest
from django.urls import reverse

from competencies.models import Assessment, AssessmentKind, Competency, FrameworkVersion, Rating
from leaderdev.models import Position
from leaderdev.permissions import Role
from tests.browser import WIDEST, chromium_page, fits_the_screen, log_in, screenshot
from tests.factories import PersonFactory, SchoolFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("orm_beside_playwright"),
]


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def version(db):
    return FrameworkVersion.objects.get(framework__name="Unified Set of BPS Leader Competencies", label="4")


def assess(person, version, kind, on, level_of, assessor=None):
    """An assessment rating each competency at level_of(index, competency), skipping those it gives None."""
    assessment = Assessment.objects.create(
        person=person, version=version, kind=kind, assessed_on=on, assessor=assessor
    )
    competencies = Competency.objects.of_version(version)
    Rating.objects.bulk_create(
        Rating(assessment=assessment, competency=c, level=level)
        for index, c in enumerate(competencies)
        if (level := level_of(index, c)) is not None
    )
    return assessment


@pytest.fixture
def school(version):
    """A school whose principal has three assessments (4.5 never rated), with three other leaders."""
    school = SchoolFactory(name="Hernández K-8")
    coach = UserFactory(full_name="Cora Coach", roles=[Role.COACH])
    principal_login = UserFactory(
        email="leila.rahimi@district.test", full_name="Leila Rahimi", roles=[Role.LEADER]
    )
    principal = PersonFactory(school=school, first_name="Leila", last_name="Rahimi", user=principal_login)
    skip_last = 15  # 4.5, the sixteenth competency
    assess(
        principal,
        version,
        AssessmentKind.SELF,
        datetime.date(2026, 9, 15),
        lambda i, c: 1 + i % 3 if i != skip_last else None,
    )
    assess(
        principal,
        version,
        AssessmentKind.COACH,
        datetime.date(2026, 11, 10),
        lambda i, c: 2 + i % 2 if i % 4 != 3 else None,
        assessor=coach,
    )
    assess(
        principal,
        version,
        AssessmentKind.SELF,
        datetime.date(2027, 1, 20),
        lambda i, c: min(4, 2 + i % 3) if i != skip_last else None,
    )
    for number, position in enumerate(
        (Position.ASSISTANT_PRINCIPAL, Position.ASSISTANT_PRINCIPAL, Position.ADMIN_TEAM_MEMBER)
    ):
        colleague = PersonFactory(school=school, position=position)
        if number < 2:
            assess(
                colleague,
                version,
                AssessmentKind.SELF,
                datetime.date(2026, 10, 1 + number),
                lambda i, c, n=number: 1 + (i + n) % 4,
            )
    return school


@pytest.fixture
def staff_login(db):
    return UserFactory(
        email="pat.program@district.test", full_name="Pat Program", roles=[Role.PROGRAM_STAFF], is_staff=True
    )


@pytest.mark.parametrize(
    ("viewport", "name"), [(DESKTOP, "competencies-growth"), (PHONE, "competencies-growth-phone")]
)
def test_staff_read_a_leaders_growth_charts_and_tables(live_server, staff_login, school, viewport, name):
    principal = school.staff.get(last_name="Rahimi")
    with chromium_page(viewport=viewport) as page:
        log_in(page, live_server.url, staff_login.email)
        page.goto(f"{live_server.url}{reverse('competencies:person_growth', args=[principal.pk])}")
        assert page.get_by_role("heading", name="Leila Rahimi: growth").is_visible()
        assert page.get_by_role("heading", name="Domain 1. Lead with equity and authenticity").is_visible()
        charts = page.locator("svg.ld-chart")
        assert charts.count() == 15
        assert page.get_by_text("Not rated yet").is_visible()
        first_chart = charts.first
        first_chart.scroll_into_view_if_needed()
        assert first_chart.is_visible()
        box = first_chart.bounding_box()
        assert box["width"] > 250 and box["height"] > 150
        assert page.get_by_role("img", name="1.1 over time").is_visible()
        table = page.get_by_role("table", name="Ratings in domain 1, by assessment, oldest first")
        assert table.is_visible()
        assert table.get_by_role("row").count() == 4  # the header and three assessments
        assert page.get_by_role("link", name="Record an assessment").is_visible()
        screenshot(page, name)
        assert fits_the_screen(page), page.evaluate(WIDEST)


@pytest.mark.parametrize(
    ("viewport", "name"),
    [(DESKTOP, "competencies-school-distribution"), (PHONE, "competencies-school-distribution-phone")],
)
def test_staff_read_a_schools_distribution(live_server, staff_login, school, viewport, name):
    with chromium_page(viewport=viewport) as page:
        log_in(page, live_server.url, staff_login.email)
        page.goto(f"{live_server.url}{reverse('competencies:school_distribution', args=[school.pk])}")
        assert page.get_by_role("heading", name="Hernández K-8: leader competencies").is_visible()
        visible_charts = page.locator("svg.ld-chart:visible")
        assert visible_charts.count() == 4  # one per domain, in the layout for this screen
        assert page.get_by_role("img", name="Domain 1: Lead with equity and authenticity").is_visible()
        table = page.get_by_role("table", name="People at each level in domain 1, by competency")
        assert table.is_visible()
        assert table.get_by_role("row").count() == 4  # the header and 1.1, 1.2, 1.3
        screenshot(page, name)
        assert fits_the_screen(page), page.evaluate(WIDEST)

        page.get_by_label("Kind of assessment").select_option("coach")
        with page.expect_navigation():
            page.get_by_role("button", name="Show").click()
        assert "kind=coach" in page.url
        assert page.get_by_text("latest coach rating").is_visible()


def test_a_leader_reads_their_own_growth(live_server, school):
    # Read from the database before Playwright starts: inside its event loop Django would open (and
    # leave open) another connection, which keeps Postgres from dropping the test database.
    login = school.staff.select_related("user").get(last_name="Rahimi").user
    with chromium_page(viewport=DESKTOP) as page:
        log_in(page, live_server.url, login.email)
        page.goto(f"{live_server.url}{reverse('competencies:my_growth')}")
        assert page.get_by_role("heading", name="My growth").is_visible()
        assert page.get_by_role("link", name="Assess yourself").is_visible()
        assert page.locator("svg.ld-chart").count() == 15
        assert page.get_by_role("table", name="Ratings in domain 4, by assessment, oldest first").is_visible()
        assert page.get_by_role("link", name="Record an assessment").count() == 0
        screenshot(page, "competencies-my-growth")
