"""The main navigation in headless Chromium: every role's links fit the screen, on a laptop as on a
wide desktop; a superuser (who holds every role, so has the most links) is the hardest case."""

import pytest
from django.urls import reverse

from leaderdev.permissions import Role
from tests.browser import WIDEST, chromium_page, fits_the_screen, log_in, screenshot
from tests.factories.district import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("orm_beside_playwright"),
]


@pytest.mark.parametrize("width", [1024, 1280, 1440])
@pytest.mark.parametrize(
    "who",
    [
        {"is_superuser": True, "is_staff": True},
        {"roles": [Role.PROGRAM_STAFF, Role.LICENSURE_TEAM], "is_staff": True},
    ],
    ids=["superuser", "program-and-licensure-staff"],
)
def test_the_navigation_fits_the_screen(live_server, width, who):
    user = UserFactory(email="nav@district.test", full_name="Navigation Tester", **who)
    with chromium_page(viewport={"width": width, "height": 800}) as page:
        log_in(page, live_server.url, user.email)
        page.goto(f"{live_server.url}{reverse('staff_dashboard')}")
        name = "superuser" if user.is_superuser else "staff"
        screenshot(page, f"navbar-{name}-{width}")
        assert fits_the_screen(page), page.evaluate(WIDEST)
        # The links sit on at most two lines: the navbar is not a wall of wrapped words.
        height = page.evaluate("document.querySelector('nav.navbar').getBoundingClientRect().height")
        assert height < 120, height
