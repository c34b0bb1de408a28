"""A matching round in headless Chromium: program staff create a round, run it, read the pairs and their
score breakdowns, forbid a pair and re-run, and approve; and a running round's page follows its progress
by itself and reloads when the round is done.

Runs against pytest-django's live server, so the database is transactional; without a broker the round
runs eagerly once the run request commits, as under `make run`.
"""

import re

import pytest
from django.db import connections
from django.urls import reverse
from playwright.sync_api import expect

from competencies.models import FrameworkVersion
from leaderdev.models import Position, SchoolLevel
from leaderdev.permissions import Role
from mentoring.models import MatchRound, Mentorship, RoundStatus
from mentoring.services import matching
from tests.browser import chromium_page, log_in, screenshot
from tests.factories import NetworkFactory, PersonFactory, SchoolFactory, SchoolYearFactory, UserFactory
from tests.factories.mentoring import (
    ConflictFactory,
    MatchRoundFactory,
    MenteeProfileFactory,
    MentorFactory,
    MentorPreferenceFactory,
    VeteranFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("orm_beside_playwright"),
]

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def staff_login(db):
    return UserFactory(
        email="pat.program@district.test", full_name="Pat Program", roles=[Role.PROGRAM_STAFF], is_staff=True
    )


# (name, level, network, latitude, longitude): real-sounding schools a few km apart.
SCHOOLS = [
    ("Hernández K-8", SchoolLevel.K8, 0, 42.3175, -71.1046),
    ("Mission Hill K-8", SchoolLevel.K8, 0, 42.3318, -71.1005),
    ("Mather Elementary", SchoolLevel.ELEMENTARY, 1, 42.3116, -71.0568),
    ("Tobin K-8", SchoolLevel.K8, 0, 42.3330, -71.0990),
    ("Guild Elementary", SchoolLevel.ELEMENTARY, 1, 42.3786, -71.0335),
    ("Young Achievers", SchoolLevel.K8, 0, 42.2826, -71.1067),
    ("Edwards Middle", SchoolLevel.MIDDLE, 2, 42.3770, -71.0602),
    ("McCormack Middle", SchoolLevel.MIDDLE, 1, 42.3171, -71.0441),
    ("Burke High", SchoolLevel.HIGH, 2, 42.3079, -71.0768),
    ("Brighton High", SchoolLevel.HIGH, 2, 42.3509, -71.1577),
    ("Perkins Elementary", SchoolLevel.ELEMENTARY, 1, 42.3300, -71.0494),
    ("Dearborn STEM Academy", SchoolLevel.HIGH, 2, 42.3231, -71.0786),
]
MENTEES = [  # first name, last name, school, position, languages, needs (competency indexes)
    ("Leila", "Rahimi", 0, Position.PRINCIPAL, ["en", "es"], [0, 3]),
    ("Marcus", "Bell", 2, Position.PRINCIPAL, ["en"], [1, 5]),
    ("Thu", "Nguyen", 4, Position.ASSISTANT_PRINCIPAL, ["en", "vi"], [2]),
    ("Rosa", "Pires", 6, Position.ASSISTANT_PRINCIPAL, ["en", "kea"], [0, 4, 6]),
    ("Daniel", "Okafor", 8, Position.HEAD_OF_SCHOOL, ["en"], [3, 7]),
    ("Nadia", "Haddad", 11, Position.PRINCIPAL, ["en", "ar"], [5]),
]
MENTORS = [  # first name, last name, school, capacity, languages, strengths
    ("Carmen", "Ortiz", 1, 2, ["en", "es"], [0, 3, 5]),
    ("James", "Whitfield", 3, 1, ["en"], [1, 2]),
    ("Linh", "Tran", 10, 2, ["en", "vi"], [2, 4, 6]),
    ("Grace", "Mensah", 9, 1, ["en"], [3, 7]),
    ("Paulo", "Andrade", 7, 1, ["en", "pt", "kea"], [0, 4, 6]),
]


@pytest.fixture
def district(db):
    """A year's pool: six new leaders with needs and languages, five mentors, a conflict, preferences."""
    year = SchoolYearFactory()
    competencies = list(
        FrameworkVersion.objects.get(framework__name="Unified Set of BPS Leader Competencies", label="4")
        .domains.order_by("number")
        .values_list("competencies", flat=True)
    )
    networks = [
        NetworkFactory(name=n) for n in ("Elementary Network A", "Elementary Network B", "High Schools")
    ]
    schools = [
        SchoolFactory(name=name, level=level, network=networks[net], latitude=lat, longitude=lon)
        for name, level, net, lat, lon in SCHOOLS
    ]
    mentors = [
        MentorFactory(
            school_year=year,
            person=VeteranFactory(first_name=first, last_name=last, school=schools[school]),
            capacity=capacity,
            languages=languages,
            strengths=[competencies[k] for k in strengths],
        )
        for first, last, school, capacity, languages, strengths in MENTORS
    ]
    profiles = [
        MenteeProfileFactory(
            school_year=year,
            person=PersonFactory(first_name=first, last_name=last, school=schools[school], position=position),
            languages=languages,
            needs=[competencies[k] for k in needs],
        )
        for first, last, school, position, languages, needs in MENTEES
    ]
    MentorPreferenceFactory(profile=profiles[0], mentor=mentors[0], rank=1)
    MentorPreferenceFactory(profile=profiles[4], mentor=mentors[3], rank=1)
    MentorPreferenceFactory(profile=profiles[4], mentor=mentors[1], rank=2)
    ConflictFactory(mentee=profiles[1].person, mentor=mentors[1].person)
    return year


def proposed_pairs(page) -> list[tuple[str, str]]:
    rows = page.locator("table.ld-proposals tbody tr")
    return [
        (
            rows.nth(k).locator("th .fw-semibold").first.inner_text(),
            rows.nth(k).locator("td .fw-semibold").first.inner_text(),
        )
        for k in range(rows.count())
    ]


def test_staff_create_run_adjust_and_approve_a_round(live_server, staff_login, district):
    with chromium_page(DESKTOP) as page:
        log_in(page, live_server.url, staff_login.email)
        page.goto(f"{live_server.url}{reverse('mentoring:round_list')}")
        with page.expect_navigation():
            page.get_by_role("link", name="New round").click()
        page.get_by_label("Name").fill("Fall matching 2026")
        page.get_by_label("Strengths meet needs").fill("9")
        page.get_by_label("Maximum distance (km)").fill("15")
        screenshot(page, "mentoring-round-new")
        with page.expect_navigation():
            page.get_by_role("button", name="Create round").click()
        assert page.get_by_role("heading", name=re.compile("Fall matching 2026")).is_visible()

        with page.expect_navigation():
            page.get_by_role("button", name="Run round").click()
        assert "Round computed: 6 pairs proposed, 0 unmatched." in page.inner_text("main")
        first_pairs = proposed_pairs(page)
        assert ("Leila Rahimi", "Carmen Ortiz") in first_pairs
        leila = page.locator("table.ld-proposals tbody tr", has_text="Leila Rahimi")
        assert (
            "Both speak English, Spanish" in leila.inner_text() and "Mentee's choice #1" in leila.inner_text()
        )

        # Forbid the first pair, re-run: the round finds the next best mentor for that mentee.
        mentee, mentor = first_pairs[0]
        with page.expect_navigation():
            page.get_by_role("button", name=f"Forbid pairing {mentee} with {mentor}").click()
        assert "Re-run the round" in page.inner_text("main")
        with page.expect_navigation():
            page.get_by_role("button", name="Re-run round").click()
        second_pairs = proposed_pairs(page)
        assert (mentee, mentor) not in second_pairs
        assert mentee in [m for m, _ in second_pairs]  # seven places for six: they still have a mentor
        constraints = page.locator("section[aria-labelledby=constraints-heading]")
        assert "Forbid" in constraints.inner_text() and mentee in constraints.inner_text()
        page.locator("table.ld-proposals tbody tr").first.scroll_into_view_if_needed()
        screenshot(page, "mentoring-round")

        with page.expect_navigation():
            page.get_by_role("button", name=re.compile(r"^Approve \d+ pairs")).click()
        assert "Approved:" in page.inner_text("main")
        assert page.locator("h1 .badge").inner_text() == "Approved"
        with page.expect_navigation():
            page.get_by_role("link", name="Matching rounds").click()
        assert "Fall matching 2026" in page.locator("table").inner_text()
        screenshot(page, "mentoring-round-list")

    match_round = MatchRound.objects.get(name="Fall matching 2026")
    assert match_round.status == RoundStatus.APPROVED and match_round.weight_strengths == 9
    assert Mentorship.objects.filter(match_round=match_round).count() == match_round.proposals.count()
    assert not Mentorship.objects.filter(
        match_round=match_round,
        mentee__first_name=mentee.split()[0],
        mentor__person__last_name=mentor.split()[-1],
    ).exists()


def test_a_running_rounds_page_follows_its_progress_and_reloads_when_done(live_server, staff_login, district):
    match_round = MatchRoundFactory(
        school_year=district,
        name="Spring re-match",
        status=RoundStatus.RUNNING,
        progress=35,
        progress_message="Scoring 6 mentees against 5 mentors and solving…",
    )
    with chromium_page(DESKTOP) as page:
        try:
            log_in(page, live_server.url, staff_login.email)
            page.goto(f"{live_server.url}{reverse('mentoring:round_detail', args=[match_round.pk])}")
            bar = page.get_by_role("progressbar", name="Round progress")
            assert bar.get_attribute("aria-valuenow") == "35"

            MatchRound.objects.filter(pk=match_round.pk).update(
                progress=80, progress_message="Saving 6 proposals…"
            )
            # A locator assertion, not wait_for_function: the site's CSP forbids the eval that one runs.
            expect(page.locator("[data-progress-bar]")).to_have_attribute(
                "aria-valuenow", "80", timeout=10_000
            )
            assert page.locator("[data-progress-message]").inner_text() == "Saving 6 proposals…"
            assert "ld-w-80" in page.locator("[data-progress-bar] .progress-bar").get_attribute("class")

            with page.expect_navigation(timeout=15_000):
                matching.run_round(match_round.pk)  # the worker finishes: the page reloads by itself
            assert page.locator("[data-round-progress]").count() == 0
            assert page.locator("table.ld-proposals tbody tr").count() == 6
        finally:
            # The ORM ran inside Playwright's context, which has database connections of its own: close
            # them here, or one outlives the test and keeps the test database from being dropped.
            connections.close_all()


PHONE = {"width": 390, "height": 844}
# Elements that reach past the screen's right edge, outside the tables (which may scroll on their own).
SPILLS_OVER = """[...document.querySelectorAll('main *')]
  .filter(e => !e.closest('.table-responsive') && e.getBoundingClientRect().right > window.innerWidth + 1)
  .map(e => e.tagName + '.' + e.className).slice(0, 8)"""


def test_a_rounds_page_fits_a_phone(live_server, staff_login, district):
    match_round = matching.run_round(MatchRoundFactory(school_year=district, name="Fall matching").pk)
    with chromium_page(PHONE) as page:
        log_in(page, live_server.url, staff_login.email)
        page.goto(f"{live_server.url}{reverse('mentoring:round_detail', args=[match_round.pk])}")
        screenshot(page, "mentoring-round-phone")
        wide = page.evaluate(SPILLS_OVER)
        assert wide == []
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert page.get_by_role("button", name=re.compile(r"^Approve 6 pairs")).is_visible()
