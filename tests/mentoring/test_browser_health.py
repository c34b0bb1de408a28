"""Mentorship health, the mentor pool and coaching coverage in headless Chromium, on the demo district.

Runs against pytest-django's live server, so the database is transactional; the serialized rollback puts
back what the data migrations loaded (the shipped framework, the programs catalogue, the role groups) for
the tests after it. The pages' "today" is the demo's, November 25 of the current school year, so the
screenshots look the same whatever day the tests run.
"""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from leaderdev.demo import DEMO_PASSWORD
from tests.browser import WIDEST, chromium_page, fits_the_screen, log_in, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("orm_beside_playwright"),
]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
AS_OF = datetime.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _demo_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: AS_OF)


@pytest.fixture
def demo_district(db):
    call_command("seed_demo", allow_production=True, stdout=StringIO())


def test_staff_find_the_quiet_pairs(live_server, demo_district):
    with chromium_page(viewport=DESKTOP) as page:
        log_in(page, live_server.url, "staff@leaderdev.example", password=DEMO_PASSWORD)
        with page.expect_navigation():
            page.get_by_role("link", name="Mentoring", exact=True).click()
        with page.expect_navigation():
            page.get_by_role("link", name="Health", exact=True).click()

        assert page.get_by_role("heading", name="Mentors and their mentees").is_visible()
        table = page.get_by_role("table", name="Mentorships matching the filters")
        assert table.is_visible()
        assert table.get_by_role("columnheader", name="Meetings logged in October 2026").is_visible()
        assert table.get_by_text("No contact in 4+ weeks").first.is_visible()
        everyone = table.get_by_role("row").count()
        assert page.get_by_role("link", name="Download CSV of the pairs matching these filters").is_visible()
        screenshot(page, "mentoring-health")
        assert fits_the_screen(page), page.evaluate(WIDEST)

        page.get_by_label("Only pairs with no recent contact").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Filter", exact=True).click()
        quiet = page.get_by_role("table", name="Mentorships matching the filters").get_by_role("row")
        assert 2 <= quiet.count() < everyone  # the header and at least one quiet pair, not everyone

        with page.expect_navigation():
            page.get_by_role("link", name="Coaches and leaders").click()
        assert page.get_by_role("heading", name="Partner coaches and their leaders").is_visible()
        assert page.get_by_role("table", name="Coaching assignments matching the filters").is_visible()


def test_the_health_page_fits_a_phone(live_server, demo_district):
    with chromium_page(viewport=PHONE) as page:
        log_in(page, live_server.url, "staff@leaderdev.example", password=DEMO_PASSWORD)
        page.goto(f"{live_server.url}{reverse('mentoring:health')}")
        assert page.get_by_role("button", name="Filters").is_visible()
        assert page.get_by_role("table", name="Mentorships matching the filters").is_visible()
        screenshot(page, "mentoring-health-phone")
        assert fits_the_screen(page), page.evaluate(WIDEST)


def test_staff_move_a_mentor_and_see_coverage(live_server, demo_district):
    with chromium_page(viewport=DESKTOP) as page:
        log_in(page, live_server.url, "staff@leaderdev.example", password=DEMO_PASSWORD)
        page.goto(f"{live_server.url}{reverse('mentoring:pool')}")
        assert page.get_by_role("heading", name="Mentors").is_visible()
        screenshot(page, "mentoring-pool")
        button = page.locator('button[name="quick"][value$=":screening"]').first  # nominated or applied
        name = button.get_attribute("data-name")
        page.get_by_label("Reason").fill("Strong references")
        with page.expect_navigation():
            button.click()
        assert page.get_by_text(f"Moved to screening: {name}.").is_visible()

        with page.expect_navigation():
            page.get_by_role("link", name="Coaching coverage").click()
        assert page.get_by_role("heading", name="New principals and heads of school").is_visible()
        screenshot(page, "mentoring-coverage")
        assert fits_the_screen(page), page.evaluate(WIDEST)


@pytest.mark.parametrize("url", ["mentoring:pool", "mentoring:pool_mentees", "mentoring:coaching_coverage"])
def test_the_staff_pages_fit_a_phone(live_server, demo_district, url):
    with chromium_page(viewport=PHONE) as page:
        log_in(page, live_server.url, "staff@leaderdev.example", password=DEMO_PASSWORD)
        page.goto(f"{live_server.url}{reverse(url)}")
        assert page.get_by_role("button", name="Filters").is_visible()
        screenshot(page, url.replace(":", "-").replace("_", "-") + "-phone")
        assert fits_the_screen(page), page.evaluate(WIDEST)
