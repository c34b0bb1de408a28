"""Taking attendance in headless Chromium: a facilitator on a phone, program staff at a desk, the printed
sheet and the offering's grid.

Runs against pytest-django's live server, so the database is transactional; the serialized rollback puts
back what the data migrations loaded (the programs catalogue, the framework, the role groups) for the
tests after it. The ORM works before and after each browser block, never inside it.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from leaderdev.models import Position
from leaderdev.permissions import Role
from programs.models import Attendance, AttendanceStatus, SessionFeedback
from tests.browser import WIDEST, chromium_page, fits_the_screen, log_in, screenshot
from tests.factories import PersonFactory, SchoolFactory, UserFactory
from tests.factories.programs import (
    AttendanceFactory,
    EnrollmentFactory,
    FacilitatorFactory,
    OfferingFactory,
    ProgramFactory,
    SessionFactory,
    SessionFeedbackFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("orm_beside_playwright"),
]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
COHORT = [
    ("Ana", "López", "Hernández K-8", Position.PRINCIPAL),
    ("Marcus", "Bell", "Mattahunt Elementary", Position.PRINCIPAL),
    ("Priya", "Raman", "Burke High", Position.ASSISTANT_PRINCIPAL),
    ("Kevin", "O'Neill", "Dever Elementary", Position.ASSISTANT_PRINCIPAL),
    ("Fatima", "Diallo", "Hernández K-8", Position.ASSISTANT_PRINCIPAL),
    ("Grace", "Nguyen", "Orchard Gardens K-8", Position.PRINCIPAL),
    ("Luis", "Ortega", "Burke High", Position.ADMIN_TEAM_MEMBER),
    ("Shanice", "Williams", "Mattahunt Elementary", Position.ASSISTANT_PRINCIPAL),
]


@pytest.fixture
def offering(db):
    program = ProgramFactory(name="New Leader Institute")
    return OfferingFactory(program=program, cohort="Cohort A")


@pytest.fixture
def session(offering):
    """Today's session (it started an hour ago), with earlier and later ones in the offering."""
    now = timezone.now()
    for weeks in (-6, -4, -2, 3):
        start = now + datetime.timedelta(weeks=weeks)
        SessionFactory(offering=offering, title=f"Institute day {weeks + 7}", starts_at=start)
    return SessionFactory(
        offering=offering,
        title="Using data cycles with your ILT",
        starts_at=now - datetime.timedelta(hours=1),
        location="Bolling Building, Room 200",
    )


@pytest.fixture
def cohort(offering, session):
    schools = {}
    people = []
    for first, last, school, position in COHORT:
        school = schools.setdefault(school, SchoolFactory(name=school))
        person = PersonFactory(first_name=first, last_name=last, school=school, position=position)
        EnrollmentFactory(offering=offering, person=person)
        people.append(person)
    # Earlier sessions: a realistic mix of marks for the grid.
    statuses = [AttendanceStatus.PRESENT] * 5 + [
        AttendanceStatus.LATE,
        AttendanceStatus.EXCUSED,
        AttendanceStatus.ABSENT,
    ]
    for number, earlier in enumerate(
        offering.sessions.exclude(pk=session.pk).filter(starts_at__lt=session.starts_at)
    ):
        for index, person in enumerate(people):
            AttendanceFactory(
                session=earlier, person=person, status=statuses[(index + number * 3) % len(statuses)]
            )
    AttendanceFactory(session=session, person=people[1], status=AttendanceStatus.EXCUSED)
    return {person.last_name: person for person in people}


@pytest.fixture
def facilitator(session):
    login = UserFactory(email="dana.facilitator@district.test", full_name="Dana Reyes", roles=[Role.COACH])
    session.facilitators.add(
        FacilitatorFactory(person=PersonFactory(first_name="Dana", last_name="Reyes", user=login))
    )
    return login


@pytest.fixture
def staff_login(db):
    return UserFactory(
        email="pat.program@district.test", full_name="Pat Program", roles=[Role.PROGRAM_STAFF], is_staff=True
    )


def scrolled_to_the_end(page):
    """Scroll down, so the sticky save bar sits where it ends up, not across a full-page screenshot."""
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    return page


def marks_of(session):
    return {
        a.person.last_name: a.status
        for a in Attendance.objects.filter(session=session).select_related("person")
    }


def test_a_facilitator_takes_attendance_on_a_phone(live_server, facilitator, session, cohort):
    sign_in = f"{live_server.url}{reverse('programs:sign_in', args=[session.pk])}"
    with chromium_page(viewport=PHONE) as page:
        log_in(page, live_server.url, facilitator.email)
        page.goto(sign_in)
        assert page.get_by_role("heading", name="Sign-in: Using data cycles with your ILT").is_visible()
        rows = page.locator(".ld-sign-in-person")
        assert rows.count() == 8
        assert fits_the_screen(page), page.evaluate(WIDEST)

        # The search filters as you type, accents or not.
        page.get_by_label("Find a person").fill("lopez")
        assert page.locator(".ld-sign-in-person:visible").count() == 1
        page.get_by_role("radiogroup", name="Ana López").locator("label", has_text="Present").click()
        page.get_by_label("Find a person").fill("")
        assert page.locator(".ld-sign-in-person:visible").count() == 8

        page.get_by_role("radiogroup", name="Priya Raman").locator("label", has_text="Late").click()
        page.get_by_role("radiogroup", name="Grace Nguyen").locator("label", has_text="Present").click()
        page.get_by_role("radiogroup", name="Luis Ortega").locator("label", has_text="Present").click()
        target = page.get_by_role("radiogroup", name="Fatima Diallo").locator("label", has_text="Present")
        box = target.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 70  # a thumb's target
        target.click()
        with page.expect_navigation():
            page.get_by_role("button", name="Save attendance", exact=True).click()
        assert page.get_by_text("Attendance saved: 4 present, 1 late.").is_visible()
        assert page.get_by_role("radiogroup", name="Priya Raman").get_by_label("Late").is_checked()
        screenshot(scrolled_to_the_end(page), "programs-sign-in")
        assert fits_the_screen(page), page.evaluate(WIDEST)

        with page.expect_navigation():
            page.get_by_role("button", name="Save and mark everyone not yet marked as absent").click()
        assert page.get_by_text("Attendance saved: 2 absent.").is_visible()

    assert marks_of(session) == {
        "López": "present",
        "Bell": "excused",
        "Raman": "late",
        "O'Neill": "absent",
        "Diallo": "present",
        "Nguyen": "present",
        "Ortega": "present",
        "Williams": "absent",
    }
    assert Attendance.objects.get(session=session, person=cohort["Raman"]).recorded_by == facilitator


def test_program_staff_take_attendance_at_a_desk(live_server, staff_login, session, cohort):
    with chromium_page(viewport=DESKTOP) as page:
        log_in(page, live_server.url, staff_login.email)
        page.goto(f"{live_server.url}{reverse('programs:sign_in', args=[session.pk])}")
        page.get_by_role("radiogroup", name="Kevin O'Neill").locator("label", has_text="Absent").click()
        page.get_by_role("radiogroup", name="Marcus Bell").locator("label", has_text="Present").click()
        with page.expect_navigation():
            page.get_by_role("button", name="Save attendance", exact=True).click()
        assert page.get_by_text("Attendance saved: 1 present, 1 absent.").is_visible()
        assert page.get_by_role("link", name="Attendance of New Leader Institute · Cohort A").is_visible()
        screenshot(scrolled_to_the_end(page), "programs-sign-in-desktop")
    assert marks_of(session) == {"O'Neill": "absent", "Bell": "present"}


def test_the_sign_in_sheet_prints_without_the_sites_menus(live_server, staff_login, session, cohort):
    with chromium_page(viewport=DESKTOP) as page:
        log_in(page, live_server.url, staff_login.email)
        page.goto(f"{live_server.url}{reverse('programs:sign_in_sheet', args=[session.pk])}")
        assert page.get_by_role("heading", name="Sign-in sheet: Using data cycles with your ILT").is_visible()
        table = page.get_by_role("table", name="People expected at Using data cycles with your ILT")
        assert table.get_by_role("row").count() == 1 + 8 + 5  # header, people, blank lines
        assert page.get_by_role("button", name="Print").is_visible()  # shown by the script
        screenshot(page, "programs-sign-in-sheet")
        page.emulate_media(media="print")
        assert not page.locator("nav.ld-navbar").is_visible()
        assert not page.get_by_role("button", name="Print").is_visible()
        screenshot(page, "programs-sign-in-sheet-print")


@pytest.mark.parametrize(
    ("viewport", "name"), [(DESKTOP, "programs-attendance-grid"), (PHONE, "programs-attendance-grid-phone")]
)
def test_program_staff_read_the_attendance_grid(
    live_server, staff_login, offering, session, cohort, viewport, name
):
    with chromium_page(viewport=viewport) as page:
        log_in(page, live_server.url, staff_login.email)
        page.goto(f"{live_server.url}{reverse('programs:attendance_grid', args=[offering.pk])}")
        assert page.get_by_role("heading", name="Attendance: New Leader Institute · Cohort A").is_visible()
        table = page.get_by_role("table", name="Attendance by person and session")
        assert table.get_by_role("row").count() == 1 + 8 + 5  # header, people, a count per mark
        assert page.get_by_role("link", name="Export CSV").is_visible()
        screenshot(page, name)
        assert fits_the_screen(page), page.evaluate(WIDEST)


def test_a_leader_rates_a_session_on_a_phone_and_staff_read_the_results(
    live_server, staff_login, offering, session, cohort
):
    login = UserFactory(email="ana.lopez@district.test", full_name="Ana López", roles=[Role.LEADER])
    ana = cohort["López"]
    ana.user = login
    ana.save(update_fields=["user"])
    earlier = offering.sessions.exclude(pk=session.pk).order_by("starts_at").first()
    Attendance.objects.update_or_create(
        session=earlier, person=ana, defaults={"status": AttendanceStatus.PRESENT}
    )
    for person, rating, comment in [
        (cohort["Bell"], 5, "The protocol for looking at student work was the most useful hour of my month."),
        (cohort["Raman"], 4, ""),
        (cohort["Nguyen"], 3, "Good content; the afternoon block ran long."),
    ]:
        Attendance.objects.update_or_create(session=earlier, person=person, defaults={"status": "present"})
        SessionFeedbackFactory(session=earlier, person=person, rating=rating, comment=comment)
    with chromium_page(viewport=PHONE) as page:
        log_in(page, live_server.url, login.email)
        page.goto(f"{live_server.url}{reverse('programs:session_feedback', args=[earlier.pk])}")
        assert page.get_by_role("heading", name=f"Your feedback: {earlier.title}").is_visible()
        page.locator("label", has_text="Very useful").click()
        page.get_by_label("Comment (optional)").fill("More time for school teams to plan together, please.")
        with page.expect_navigation():
            page.get_by_role("button", name="Send my feedback").click()
        assert page.get_by_text("Thank you: your feedback is saved").is_visible()
        screenshot(page, "programs-session-feedback-phone")
        assert fits_the_screen(page), page.evaluate(WIDEST)
    with chromium_page(viewport=DESKTOP) as page:
        log_in(page, live_server.url, staff_login.email)
        page.goto(f"{live_server.url}{reverse('programs:offering_feedback', args=[offering.pk])}")
        assert page.get_by_text("out of 5 from 4 answers").first.is_visible()
        assert page.get_by_text("More time for school teams to plan together, please.").is_visible()
        screenshot(page, "programs-offering-feedback")
        page.goto(f"{live_server.url}{reverse('programs:session_feedback', args=[earlier.pk])}")
        screenshot(page, "programs-session-feedback")
    feedback = SessionFeedback.objects.get(session=earlier, person=ana)
    assert (feedback.rating, feedback.comment) == (4, "More time for school teams to plan together, please.")
