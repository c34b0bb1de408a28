"""Program staff in headless Chromium: draft version 5, see what changed, then the implementation rubric.

Screenshots land in artifacts/screenshots/ (git-ignored): competencies-framework-list,
competencies-version-detail, competencies-version-diff(-phone), competencies-school-rubric,
competencies-implementation-overview.
"""

import datetime

import pytest

from competencies import services
from competencies.models import Competency, Domain, ImplementationLevel, ImplementationSystem
from leaderdev.permissions import Role
from tests.browser import chromium_page, log_in, screenshot
from tests.factories import NetworkFactory, SchoolFactory, SchoolYearFactory, UserFactory
from tests.factories.competencies import ImplementationRatingFactory

# serialized_rollback: the flush after a live-server test would otherwise take the shipped framework
# (loaded by a data migration) away from the tests that run after this one.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("orm_beside_playwright"),
]


@pytest.fixture
def staff_user(db):
    return UserFactory(
        email="ana.staff@district.test", full_name="Ana Staff", roles=[Role.PROGRAM_STAFF], is_staff=True
    )


@pytest.fixture
def version_5(framework_v4):
    """A draft of version 5: 2.1 and 3.2 reworded, 4.6 added, 1.3 removed."""
    draft = services.draft_next_version(framework_v4, "5")
    Competency.objects.filter(pk=Competency.objects.by_code(draft, "2.1").pk).update(
        statement="Listen deeply to and learn from different perspectives: "
        "educators, families, students, and others"
    )
    Competency.objects.filter(pk=Competency.objects.by_code(draft, "3.2").pk).update(
        statement="Regularly collect, analyze, and act on data from multiple sources to drive decision-making"
    )
    Competency.objects.create(
        domain=Domain.objects.get(version=draft, number=4),
        number=6,
        statement="Develop the next generation of school leaders <from within>",
    )
    Competency.objects.by_code(draft, "1.3").delete()
    return draft


@pytest.fixture
def rubric(db, staff_user):
    """A school with a year of ratings, among a few other schools."""
    school_year = SchoolYearFactory()
    network = NetworkFactory(name="Network B")
    school = SchoolFactory(name="Mather Elementary", network=network)
    others = [
        SchoolFactory(name=f"{name} School", network=network) for name in ("Curley K-8", "Eliot", "Hale")
    ]
    systems = list(ImplementationSystem.objects.filter(is_active=True).order_by("order"))
    history = [
        (0, ImplementationLevel.BEGINNING, datetime.date(2026, 9, 20), "ILT meets monthly; no agendas yet."),
        (0, ImplementationLevel.PARTIAL, datetime.date(2026, 11, 5), "Norms and agendas in place."),
        (1, ImplementationLevel.NOT_YET_BEGUN, datetime.date(2026, 9, 20), ""),
        (2, ImplementationLevel.FULL, datetime.date(2026, 10, 2), "Weekly common planning with coaching."),
    ]
    for index, level, rated_on, notes in history:
        ImplementationRatingFactory(
            school=school,
            school_year=school_year,
            system=systems[index],
            level=level,
            rated_on=rated_on,
            notes=notes,
            rated_by=staff_user,
        )
    for n, other in enumerate(others):
        for index, system in enumerate(systems):
            ImplementationRatingFactory(
                school=other,
                school_year=school_year,
                system=system,
                level=(n + index) % 4,
                rated_by=staff_user,
            )
    return school


def test_staff_see_what_changed_in_version_5(live_server, staff_user, framework_v4, version_5):
    with chromium_page() as page:
        log_in(page, live_server.url, "ana.staff@district.test")
        page.goto(f"{live_server.url}/competencies/frameworks/")
        assert page.get_by_role("row", name="Version 5").get_by_text("Draft").is_visible()
        screenshot(page, "competencies-framework-list")
        with page.expect_navigation():
            page.get_by_role("link", name="Version 5", exact=True).click()
        assert page.get_by_role("heading", name="Why did we build these competencies?").is_visible()
        screenshot(page, "competencies-version-detail")
        with page.expect_navigation():
            page.get_by_role("link", name="What changed since version 4").click()
        assert page.get_by_role(
            "heading", name="What changed in Unified Set of BPS Leader Competencies"
        ).is_visible()
        counts = page.locator("#summary-heading + * .ld-stat").all_inner_texts()
        assert counts == ["1", "1", "2", "0"]  # added, removed, reworded, renumbered
        assert page.locator("ins", has_text="deeply").is_visible()
        assert page.locator("del", has_text="effectively").is_visible()
        assert page.get_by_text("Develop the next generation of school leaders <from within>").is_visible()
        screenshot(page, "competencies-version-diff")

        # Choosing the other version in the form gives the same comparison.
        page.get_by_role("combobox", name="Compare with").select_option(label="Version 4 (active)")
        with page.expect_navigation():
            page.get_by_role("button", name="Compare").click()
        assert f"against={framework_v4.pk}" in page.url
        assert page.locator("ins", has_text="deeply").is_visible()


def test_version_diff_reads_at_phone_width(live_server, staff_user, framework_v4, version_5):
    with chromium_page(viewport={"width": 390, "height": 844}) as page:
        log_in(page, live_server.url, "ana.staff@district.test")
        page.goto(f"{live_server.url}/competencies/versions/{version_5.pk}/diff/?against={framework_v4.pk}")
        assert page.locator("ins", has_text="deeply").is_visible()
        # Nothing is wider than the screen: the page does not scroll sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(page, "competencies-version-diff-phone")


def test_staff_rate_a_school_and_see_the_overview(live_server, staff_user, rubric):
    with chromium_page() as page:
        log_in(page, live_server.url, "ana.staff@district.test")
        page.goto(f"{live_server.url}/competencies/implementation/")
        assert page.get_by_role("heading", name="School implementation rubric").is_visible()
        assert page.locator("tbody tr").count() == 4
        screenshot(page, "competencies-implementation-overview")

        with page.expect_navigation():
            page.get_by_role("link", name="Mather Elementary").click()
        assert page.get_by_role("heading", name="Mather Elementary").is_visible()
        page.get_by_role("combobox", name="System").select_option(label="Data cycles")
        page.get_by_label("Beginning").check()
        page.get_by_label("Notes").fill("First data cycle planned for December.")
        with page.expect_navigation():
            page.get_by_role("button", name="Add rating").click()
        assert page.get_by_text("Data cycles is now at “Beginning” for 2026-2027").is_visible()
        data_cycles = page.locator("article", has=page.get_by_role("heading", name="Data cycles"))
        assert data_cycles.get_by_text("First data cycle planned for December.").first.is_visible()
        assert data_cycles.locator("tbody tr").count() == 2
        screenshot(page, "competencies-school-rubric")
