"""The mentor's phone view and the leader's portal panels in headless Chromium, at phone width (390x844):
a mentor opens My people, logs an observation and sees it listed; a leader reads My mentor and My coach.

Runs against pytest-django's live server, so the database is transactional; the serialized rollback puts
back what the data migrations loaded (the shipped framework, the role groups).
"""

import datetime

import pytest
from django.utils import timezone

from leaderdev.models import Position
from leaderdev.permissions import Role
from mentoring.models import LogEntry, LogKind, MenteeFeedback, MentorshipStatus
from tests.browser import SCREENSHOTS, WIDEST, chromium_page, fits_the_screen, log_in, screenshot
from tests.factories import PersonFactory, SchoolFactory, SchoolYearFactory, UserFactory
from tests.factories.mentoring import (
    CoachAssignmentFactory,
    CoachFactory,
    LogEntryFactory,
    MentorFactory,
    MentorshipFactory,
    PartnerOrganizationFactory,
    VeteranFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("orm_beside_playwright"),
]

PHONE = {"width": 390, "height": 844}
COACH_SECRET = "Private: she is thinking about leaving in June."


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


@pytest.fixture
def district(db):
    """A veteran principal mentoring three new leaders, one of whom a partner coach also coaches."""
    year = SchoolYearFactory()
    mentor_login = UserFactory(
        email="marisol.ortiz@district.test", full_name="Marisol Ortiz", roles=[Role.MENTOR]
    )
    mentor = MentorFactory(
        person=VeteranFactory(
            user=mentor_login,
            first_name="Marisol",
            last_name="Ortiz",
            email="mortiz@district.test",
            phone="617-555-0110",
            school=SchoolFactory(name="Mather Elementary"),
        ),
        school_year=year,
        capacity=3,
        availability="Tuesday and Thursday afternoons",
    )
    leila_login = UserFactory(
        email="leila.rahimi@district.test", full_name="Leila Rahimi", roles=[Role.LEADER]
    )
    leila = PersonFactory(
        user=leila_login,
        first_name="Leila",
        last_name="Rahimi",
        email="lrahimi@district.test",
        phone="617-555-0123",
        school=SchoolFactory(name="Hernández K-8"),
        position=Position.PRINCIPAL,
    )
    started = datetime.date(2026, 9, 15)
    with_leila = MentorshipFactory(school_year=year, mentor=mentor, mentee=leila, started_on=started)
    LogEntryFactory(
        mentorship=with_leila,
        date=days_ago(12),
        duration_minutes=60,
        notes="Walked through the budget timeline and the ILT calendar.",
        next_steps="Share the draft budget before the next meeting.",
        private_notes="Budget season is weighing on her.",
        logged_by=mentor_login,
    )
    LogEntryFactory(
        mentorship=with_leila,
        kind=LogKind.CHECK_IN,
        date=days_ago(40),
        notes="Quick call about opening-day logistics.",
        next_steps="",
        logged_by=mentor_login,
    )
    for first, last, school, position, last_contact in (
        ("Andre", "Baptiste", "Curley K-8", Position.ASSISTANT_PRINCIPAL, 40),
        ("Grace", "Nguyen", "Quincy Upper School", Position.HEAD_OF_SCHOOL, None),
    ):
        pair = MentorshipFactory(
            school_year=year,
            mentor=mentor,
            mentee=PersonFactory(
                first_name=first,
                last_name=last,
                email=f"{first[0].lower()}{last.lower()}@district.test",
                phone="617-555-0150",
                school=SchoolFactory(name=school),
                position=position,
            ),
            started_on=started,
        )
        if last_contact:
            LogEntryFactory(mentorship=pair, date=days_ago(last_contact), logged_by=mentor_login)

    coach = CoachFactory(
        organization=PartnerOrganizationFactory(name="New Leaders Coaching Collaborative"),
        full_name="Dana Whitfield",
        email="dana.whitfield@nlcc.example",
        phone="617-555-0190",
    )
    coaching = CoachAssignmentFactory(coach=coach, leader=leila, school_year=year, started_on=started)
    LogEntryFactory(
        mentorship=None,
        coaching=coaching,
        kind=LogKind.OBSERVATION,
        date=days_ago(5),
        duration_minutes=90,
        notes="Observed the Tuesday ILT: clear agenda, strong data protocol.",
        next_steps="Try the 'notice and wonder' protocol with the grade 3 team.",
        private_notes=COACH_SECRET,
        logged_by=coach.user,
    )
    return {"mentor": mentor_login, "leila": leila_login, "with_leila": with_leila}


def test_a_mentor_logs_a_meeting_on_a_phone(live_server, district):
    with chromium_page(viewport=PHONE) as page:
        log_in(page, live_server.url, "marisol.ortiz@district.test")
        with page.expect_navigation():
            page.get_by_role("link", name="Open My people to log a meeting").click()
        assert page.get_by_role("heading", name="My people", exact=True).is_visible()
        leila = page.locator(f"#mentorship-{district['with_leila'].pk}")
        assert leila.get_by_role("link", name="617-555-0123").get_attribute("href") == "tel:617-555-0123"
        assert page.get_by_text("No contact in 4+ weeks").count() == 2  # Andre, and Grace (never)
        with page.expect_navigation():
            leila.get_by_role("link", name="Log a meeting with Leila Rahimi").click()

        assert page.get_by_label("Date").input_value() == timezone.localdate().isoformat()
        page.get_by_text("Onsite observation", exact=True).click()
        page.get_by_label("Minutes").fill("45")
        page.get_by_text("Focus competencies").click()
        page.get_by_role("checkbox", name="2.1").check()
        page.get_by_label("Notes", exact=True).fill("Visited two classrooms and debriefed with the AP.")
        page.get_by_label("Next steps").fill("Leila drafts the walkthrough schedule for December.")
        page.get_by_label("Private notes").fill("Stretched thin: the AP position is still open.")
        screenshot(page, "mentoring-log-form-phone")
        assert fits_the_screen(page), page.evaluate(WIDEST)
        with page.expect_navigation():
            page.get_by_role("button", name="Save to the log").click()

        assert page.get_by_text("Onsite observation with Leila Rahimi on").is_visible()
        today = timezone.localdate()
        assert leila.get_by_text(f"{today:%b} {today.day} (today)").is_visible()
        page.evaluate("window.scrollTo(0, 0)")
        screenshot(page, "mentoring-mentor-phone")
        assert fits_the_screen(page), page.evaluate(WIDEST)

        with page.expect_navigation():
            leila.get_by_role("link", name="Open the log of Leila Rahimi").click()
        log = page.get_by_role("heading", name="Log")
        assert log.is_visible()
        assert page.get_by_text("Stretched thin: the AP position is still open.").is_visible()
        screenshot(page, "mentoring-mentorship-phone")
        assert fits_the_screen(page), page.evaluate(WIDEST)

    entry = LogEntry.objects.get(mentorship=district["with_leila"], date=timezone.localdate())
    assert entry.kind == LogKind.OBSERVATION and entry.duration_minutes == 45
    assert [c.code for c in entry.focus.with_code()] == ["2.1"]
    assert entry.private_notes == "Stretched thin: the AP position is still open."


def test_a_leader_reads_my_mentor_and_my_coach(live_server, district):
    with chromium_page(viewport=PHONE) as page:
        log_in(page, live_server.url, "leila.rahimi@district.test")
        mentor = page.locator("#my-mentor")
        coach = page.locator("#my-coach")
        assert page.get_by_role("heading", name="My mentor", exact=True).is_visible()
        assert page.get_by_role("heading", name="My coach", exact=True).is_visible()
        assert mentor.get_by_text("Marisol Ortiz", exact=True).is_visible()
        assert mentor.get_by_text("Tuesday and Thursday afternoons").is_visible()
        assert mentor.get_by_text("Walked through the budget timeline and the ILT calendar.").is_visible()
        assert coach.get_by_text("Dana Whitfield", exact=True).is_visible()
        assert coach.get_by_text("New Leaders Coaching Collaborative").is_visible()
        assert coach.get_by_text("Observed the Tuesday ILT").is_visible()
        assert COACH_SECRET not in page.content() and "Budget season is weighing" not in page.content()
        screenshot(page, "mentoring-leader-portal")
        assert fits_the_screen(page), page.evaluate(WIDEST)
        # The mentoring panels come after programs' at the foot of a long page: keep a close-up too.
        top, bottom = mentor.bounding_box(), coach.bounding_box()
        page.screenshot(
            path=str(SCREENSHOTS / "mentoring-leader-portal-panels.png"),
            full_page=True,
            clip={
                "x": 0,
                "y": top["y"] - 8,
                "width": PHONE["width"],
                "height": bottom["y"] + bottom["height"] - top["y"] + 16,
            },
        )


def test_a_mentee_gives_end_of_year_feedback_on_a_phone(live_server, district):
    pair = district["with_leila"]
    pair.status = MentorshipStatus.ENDED
    pair.ended_on = timezone.localdate()  # an early end opens the feedback at once
    pair.save()
    with chromium_page(viewport=PHONE) as page:
        log_in(page, live_server.url, "leila.rahimi@district.test")
        with page.expect_navigation():
            page.get_by_role("link", name="Give feedback on my mentorship").click()
        page.get_by_text("4: Helpful", exact=True).click()
        page.get_by_label("What helped you most?").fill("Walking the budget through line by line.")
        page.get_by_label("No", exact=True).check()
        screenshot(page, "mentoring-feedback-phone")
        assert fits_the_screen(page), page.evaluate(WIDEST)
        with page.expect_navigation():
            page.get_by_role("button", name="Send my feedback").click()
        assert page.get_by_text("Thank you: your feedback on your mentorship is saved.").is_visible()

    feedback = MenteeFeedback.objects.get(mentorship=pair)
    assert (feedback.rating, feedback.would_recommend) == (4, False)
    assert feedback.most_helpful == "Walking the budget through line by line."
