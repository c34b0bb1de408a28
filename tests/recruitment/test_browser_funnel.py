"""The recruitment funnel in headless Chromium, on the small demo district: the recruiter reads the
chart and the tables, filters by kind of source and downloads the CSV; it fits a phone too.

Runs against pytest-django's live server, so the database is transactional; the serialized rollback puts
back what the data migrations loaded.
"""

from io import StringIO
from pathlib import Path

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
    ("viewport", "name"), [(DESKTOP, "recruitment-funnel"), (PHONE, "recruitment-funnel-phone")]
)
def test_the_recruiter_reads_the_funnel(live_server, demo_district, viewport, name):
    with chromium_page(viewport) as page:
        log_in(page, live_server.url, "recruiter@leaderdev.example", password=DEMO_PASSWORD)
        page.goto(live_server.url + reverse("recruitment:funnel"))
        assert page.get_by_role(
            "heading", name="Recruitment funnel: School leader hiring 2027-2028"
        ).is_visible()
        assert page.locator("svg.ld-chart:visible").count() == 1
        assert page.get_by_role("table").first.is_visible()
        assert page.get_by_role("rowheader", name="Applied").first.is_visible()
        assert page.get_by_role("heading", name="By source").is_visible()
        assert fits_the_screen(page), page.evaluate(WIDEST)
        screenshot(page, name)


def test_the_recruiter_filters_by_kind_of_source_and_downloads_the_csv(live_server, demo_district):
    with chromium_page(DESKTOP) as page:
        log_in(page, live_server.url, "recruiter@leaderdev.example", password=DEMO_PASSWORD)
        page.goto(live_server.url + reverse("recruitment:funnel"))
        page.get_by_label("Kind of source").select_option(label="University")
        with page.expect_navigation():
            page.get_by_role("button", name="Show").click()
        sources = page.locator("#sources-heading + div tbody th")
        names = sources.all_inner_texts()
        assert names and all("University" in name for name in names)
        with page.expect_download() as download:
            page.get_by_role("link", name="Export CSV").click()
        text = Path(download.value.path()).read_text(encoding="utf-8-sig")
        assert text.startswith("Source,Kind of source,Stage,Reached")
        assert "Job board" not in text
