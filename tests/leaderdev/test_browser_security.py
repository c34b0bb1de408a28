"""The Content-Security-Policy in headless Chromium: pages that run scripts or draw charts, the admin and the
login page load with no violation, and their scripts and chart styles still work.

A violation shows twice: as a console message ("Refused to ...") and as a `securitypolicyviolation` event,
which a script installed before any page script records. Both must stay empty.

Runs against pytest-django's live server, so the database is transactional; the serialized rollback puts
back what the data migrations loaded (the shipped framework, the role groups) for the tests after it.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from competencies.models import AssessmentKind, FrameworkVersion
from leaderdev.permissions import Role
from tests.browser import chromium_page, log_in, screenshot
from tests.competencies.test_browser_growth import assess
from tests.factories import PersonFactory, SchoolYearFactory, UserFactory
from tests.factories.mentoring import LogEntryFactory, MentorFactory, MentorshipFactory, VeteranFactory
from tests.factories.programs import EnrollmentFactory, OfferingFactory, SessionFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("orm_beside_playwright"),
]

DESKTOP = {"width": 1280, "height": 900}
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile);
});
"""


@pytest.fixture
def world(db):
    """A staff login (program staff, admin access), a mentor with a logged meeting, a session with an
    enrolled leader, and a leader with two self-assessments to chart."""
    SchoolYearFactory()
    staff = UserFactory(
        email="pat.program@district.test", full_name="Pat Program", roles=[Role.PROGRAM_STAFF], is_staff=True
    )
    mentor_login = UserFactory(email="marisol.ortiz@district.test", roles=[Role.MENTOR])
    mentor = MentorFactory(person=VeteranFactory(user=mentor_login))
    mentorship = MentorshipFactory(mentor=mentor, school_year=mentor.school_year)
    entry = LogEntryFactory(mentorship=mentorship, logged_by=mentor_login, date=timezone.localdate())
    offering = OfferingFactory()
    session = SessionFactory(offering=offering, starts_at=timezone.now() - datetime.timedelta(hours=1))
    people = [PersonFactory(first_name="Ana", last_name="López"), PersonFactory(first_name="Marcus")]
    for person in people:
        EnrollmentFactory(offering=offering, person=person)
    version = FrameworkVersion.objects.get(
        framework__name="Unified Set of BPS Leader Competencies", label="4"
    )
    leader = PersonFactory(first_name="Leila", last_name="Rahimi")
    assess(leader, version, AssessmentKind.SELF, datetime.date(2026, 9, 15), lambda i, c: 1 + i % 3)
    assess(leader, version, AssessmentKind.SELF, datetime.date(2027, 1, 20), lambda i, c: 2 + i % 3)
    return {"staff": staff, "mentor": mentor_login, "entry": entry, "session": session, "leader": leader}


def violations(page, console):
    refused = [text for text in console if "Content Security Policy" in text or "Refused to" in text]
    return refused + page.evaluate("window.__cspViolations")


@pytest.fixture
def browser_page():
    """A desktop page that records console messages and CSP violation events."""
    with chromium_page(viewport=DESKTOP) as page:
        console = []
        page.on("console", lambda message: console.append(message.text))
        page.add_init_script(RECORD_VIOLATIONS)
        yield page, console


def visit(page, console, url, name):
    console.clear()
    page.goto(url)
    page.wait_for_load_state("load")
    screenshot(page, name)
    assert violations(page, console) == []


def test_the_login_page_keeps_the_policy(live_server, browser_page):
    page, console = browser_page
    visit(page, console, f"{live_server.url}{reverse('login')}", "security-login")
    assert page.get_by_role("heading", name="Log in to LeaderDev").is_visible()


def test_the_sign_in_search_runs_under_the_policy(live_server, world, browser_page):
    page, console = browser_page
    log_in(page, live_server.url, world["staff"].email)
    visit(
        page,
        console,
        f"{live_server.url}{reverse('programs:sign_in', args=[world['session'].pk])}",
        "security-sign-in",
    )
    assert page.locator(".ld-sign-in-person:visible").count() == 2
    page.get_by_label("Find a person").fill("lopez")  # attendance.js filters as you type
    assert page.locator(".ld-sign-in-person:visible").count() == 1
    assert violations(page, console) == []


def test_the_growth_charts_keep_their_styles_under_the_policy(live_server, world, browser_page):
    page, console = browser_page
    log_in(page, live_server.url, world["staff"].email)
    url = f"{live_server.url}{reverse('competencies:person_growth', args=[world['leader'].pk])}"
    visit(page, console, url, "security-growth-charts")
    chart = page.locator("svg.ld-chart").first
    assert chart.is_visible()
    # pygal's <style> (allowed by the nonce) paints the plot white; blocked, SVG's default would be black.
    fill = chart.locator(".plot .background").first.evaluate("e => getComputedStyle(e).fill")
    assert fill == "rgb(255, 255, 255)"


def test_the_mentoring_log_form_confirms_a_removal_under_the_policy(live_server, world, browser_page):
    page, console = browser_page
    log_in(page, live_server.url, world["mentor"].email)
    visit(
        page,
        console,
        f"{live_server.url}{reverse('mentoring:log_edit', args=[world['entry'].pk])}",
        "security-log-form",
    )
    asked = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.get_by_role("button", name="Remove this entry").click()  # log_form.js asks first
    assert asked and asked[0].startswith("Remove this entry of")
    assert violations(page, console) == []


def test_the_admin_change_form_keeps_the_policy(live_server, world, browser_page):
    page, console = browser_page
    log_in(page, live_server.url, world["staff"].email)
    url = f"{live_server.url}{reverse('admin:leaderdev_person_change', args=[world['leader'].pk])}"
    visit(page, console, url, "security-admin-change-form")
    assert page.get_by_role("button", name="Save", exact=True).is_visible()
    assert page.evaluate(
        "typeof django !== 'undefined' && typeof django.jQuery === 'function'"
    )  # admin JS ran
    assert violations(page, console) == []
