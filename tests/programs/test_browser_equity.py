"""The equity compliance page in headless Chromium on the demo district, desktop and phone.

Runs against pytest-django's live server, so the database is transactional; the serialized rollback puts
back what the data migrations loaded (the programs catalogue, the shipped framework, the role groups) for
the tests after it.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from leaderdev.demo import DEMO_PASSWORD
from tests.browser import WIDEST, chromium_page, fits_the_screen, log_in, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("orm_beside_playwright"),
]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo_district(db):
    call_command("seed_demo", allow_production=True, stdout=StringIO())


@pytest.mark.parametrize(
    ("viewport", "name"), [(DESKTOP, "programs-equity"), (PHONE, "programs-equity-phone")]
)
def test_staff_see_who_breaks_the_equity_rule(live_server, demo_district, viewport, name):
    with chromium_page(viewport=viewport) as page:
        log_in(page, live_server.url, "staff@leaderdev.example", password=DEMO_PASSWORD)
        page.goto(f"{live_server.url}{reverse('programs:equity_compliance')}")

        assert page.get_by_role("heading", name="Racial-equity rule: 2026-2027").is_visible()
        assert page.get_by_role("heading", name="At a glance").is_visible()
        none = page.get_by_role("table", name="People with no racial-equity offering")
        assert none.is_visible()
        assert none.get_by_role("row").count() >= 2  # the header and at least one person
        assert page.get_by_role("table", name="People with more than one racial-equity offering").is_visible()
        offerings = page.get_by_role(
            "table", name="Racial-equity offerings in 2026-2027 with their enrollment"
        )
        assert offerings.get_by_role("link", name="Self as Core · Cohort 1").is_visible()
        assert page.get_by_role("link", name="Export CSV of the people matching these filters").is_visible()
        screenshot(page, name)
        assert fits_the_screen(page), page.evaluate(WIDEST)


def test_staff_list_the_compliant_with_the_filters(live_server, demo_district):
    with chromium_page(viewport=PHONE) as page:
        log_in(page, live_server.url, "staff@leaderdev.example", password=DEMO_PASSWORD)
        page.goto(f"{live_server.url}{reverse('programs:equity_compliance')}")
        page.get_by_role("button", name="Filters").click()
        # Let Bootstrap's collapse finish opening: a click during its animation can be lost.
        page.locator("#equity-filters.show:not(.collapsing)").wait_for()
        page.get_by_label("Offerings taken").select_option("one")
        with page.expect_navigation():
            page.get_by_role("button", name="Filter", exact=True).click()

        assert "status=one" in page.url
        assert page.get_by_role("heading", name="Exactly one racial-equity offering").is_visible()
        assert page.get_by_role("heading", name="No racial-equity offering").count() == 0
        assert fits_the_screen(page), page.evaluate(WIDEST)
