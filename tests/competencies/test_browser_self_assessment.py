"""A leader fills in their self-assessment in headless Chromium, at desktop and phone width.

The test runs against pytest-django's live server, so it needs a transactional database; the serialized
rollback restores the data migrations' rows (the shipped framework, the role groups) for it.

The database is read before and after the browser, never inside `with chromium_page()`: Playwright's sync
API runs an event loop there, so Django refuses an ORM call in that block, or, with
DJANGO_ALLOW_ASYNC_UNSAFE set, opens a second connection that is never closed and then keeps Postgres from
dropping the test database. Hence no DJANGO_ALLOW_ASYNC_UNSAFE here: nothing in this module needs it.
"""

import pytest
from django.urls import reverse

from competencies.models import Assessment, Competency, FrameworkVersion
from leaderdev.permissions import Role
from tests.browser import chromium_page, log_in, screenshot
from tests.factories import PersonFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def leader_login(db):
    user = UserFactory(email="leila.rahimi@district.test", full_name="Leila Rahimi", roles=[Role.LEADER])
    PersonFactory(user=user, first_name="Leila", last_name="Rahimi")
    return user


@pytest.fixture
def version(db):
    return FrameworkVersion.objects.get(framework__name="Unified Set of BPS Leader Competencies", label="4")


def choose(page, competency, level):
    """Click the level's button (the label of a visually restyled radio), as a person would."""
    page.locator(f"label[for='id_c{competency.pk}_level_{level - 1}']").click()


def test_a_leader_completes_their_self_assessment(live_server, leader_login, version):
    competencies = list(Competency.objects.of_version(version))
    skipped = next(c for c in competencies if c.code == "2.3")
    url = f"{live_server.url}{reverse('competencies:self_assessment')}"
    with chromium_page() as page:
        log_in(page, live_server.url, leader_login.email)
        page.goto(url)
        assert page.get_by_role("heading", name="My self-assessment").is_visible()
        assert page.get_by_role("group", name="1. Lead with equity and authenticity").is_visible()
        screenshot(page, "competencies-self-assessment")

        for number, competency in enumerate(competencies):
            if competency != skipped:
                choose(page, competency, number % 4 + 1)
        page.get_by_label("Evidence for 1.2 (optional)").fill("Family learning nights every month")
        with page.expect_navigation():
            page.get_by_role("button", name="Save my self-assessment").click()

        assert page.get_by_text("Rate every competency before saving. Still to rate: 2.3.").is_visible()
        assert page.locator(f"#div_id_c{skipped.pk}_level").get_by_text("Choose a level.").is_visible()
        for number, competency in enumerate(competencies):
            if competency != skipped:
                assert page.locator(f"#id_c{competency.pk}_level_{number % 4}").is_checked()
        assert page.get_by_label("Evidence for 1.2 (optional)").input_value() == (
            "Family learning nights every month"
        )
        assert page.get_by_role("heading", name="Nothing is saved yet: please check the form").is_visible()
        page.locator(f"#div_id_c{skipped.pk}_level").scroll_into_view_if_needed()
        screenshot(page, "competencies-self-assessment-error")

        choose(page, skipped, 2)
        with page.expect_navigation():
            page.get_by_role("button", name="Save my self-assessment").click()
        assert page.url == f"{live_server.url}{reverse('competencies:my_growth')}"

    assessment = Assessment.objects.get()  # one: the refused first try saved nothing
    assert (assessment.person.user, assessment.kind, assessment.version) == (leader_login, "self", version)
    levels = dict(assessment.ratings.values_list("competency_id", "level"))
    assert levels == {c.pk: (2 if c == skipped else n % 4 + 1) for n, c in enumerate(competencies)}
    assert assessment.ratings.get(competency=competencies[1]).evidence == "Family learning nights every month"


def test_the_self_assessment_fits_a_phone(live_server, leader_login, version):
    with chromium_page(viewport=PHONE) as page:
        log_in(page, live_server.url, leader_login.email)
        page.goto(f"{live_server.url}{reverse('competencies:self_assessment')}")
        assert page.get_by_role("button", name="Save my self-assessment").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, "competencies-self-assessment-phone")
