"""An offering's roster in headless Chromium: filtering it (desktop and phone), then the coordinator's
journey: enroll a leader with the bulk form, take attendance at a session, download the roster CSV.

Runs against pytest-django's live server, so the database is transactional; the serialized rollback puts
back what the data migrations loaded (the programs catalogue, the framework, the role groups).
"""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from leaderdev.models import Position, SchoolLevel
from leaderdev.permissions import Role
from programs.models import Attendance, AttendanceStatus, Enrollment, EnrollmentStatus, Program
from programs.services import enrollment as services
from tests.browser import WIDEST, chromium_page, fits_the_screen, log_in, screenshot
from tests.factories import NetworkFactory, PersonFactory, SchoolFactory, SchoolYearFactory, UserFactory
from tests.factories.programs import EnrollmentFactory, FacilitatorFactory, OfferingFactory, SessionFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("orm_beside_playwright"),
]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def offering(db):
    """New Leader PD, Cohort A: three places for first- and second-year leaders, full, two waiting."""
    school_year = SchoolYearFactory()
    offering = OfferingFactory(
        program=Program.objects.get(name="New Leader PD"),
        school_year=school_year,
        cohort="Cohort A",
        capacity=3,
        max_year_in_role=2,
    )
    offering.facilitators.add(FacilitatorFactory(name="Dr. Maya Ortiz", organisation="Leading Schools"))
    east, west = NetworkFactory(name="East Network"), NetworkFactory(name="West Network")
    schools = [
        SchoolFactory(name="Hernández K-8", network=east, level=SchoolLevel.K8),
        SchoolFactory(name="Mather Elementary", network=east, level=SchoolLevel.ELEMENTARY),
        SchoolFactory(name="Brighton High", network=west, level=SchoolLevel.HIGH),
    ]
    start = timezone.now() - datetime.timedelta(days=20)
    roster = [
        ("Ana", "López", 0, Position.PRINCIPAL, EnrollmentStatus.ENROLLED),
        ("Marcus", "Bell", 1, Position.ASSISTANT_PRINCIPAL, EnrollmentStatus.ENROLLED),
        ("Grace", "Okafor", 2, Position.HEAD_OF_SCHOOL, EnrollmentStatus.ENROLLED),
        ("Tom", "Nguyen", 2, Position.ASSISTANT_PRINCIPAL, EnrollmentStatus.WAITLISTED),
        ("Sara", "Cohen", 1, Position.ADMIN_TEAM_MEMBER, EnrollmentStatus.WAITLISTED),
        ("Luis", "Ramos", 0, Position.ASSISTANT_PRINCIPAL, EnrollmentStatus.WITHDRAWN),
    ]
    for minutes, (first, last, school, position, status) in enumerate(roster):
        EnrollmentFactory(
            offering=offering,
            status=status,
            status_changed_at=start + datetime.timedelta(minutes=minutes),
            person=PersonFactory(
                first_name=first,
                last_name=last,
                school=schools[school],
                position=position,
                role_start_date=datetime.date(2025 + minutes % 2, 8, 1),
            ),
        )
    return offering


@pytest.fixture
def newcomer(offering):
    """A first-year principal not yet in the offering, with a login-free HR record."""
    school = SchoolFactory(name="Dever Elementary", network=NetworkFactory(name="South Network"))
    return PersonFactory(
        first_name="Leila",
        last_name="Rahimi",
        email="leila.rahimi@district.test",
        school=school,
        role_start_date=datetime.date(2026, 7, 1),
    )


@pytest.fixture
def staff_login(db):
    return UserFactory(
        email="pat.program@district.test", full_name="Pat Program", roles=[Role.PROGRAM_STAFF], is_staff=True
    )


# Tables scroll inside their .table-responsive box rather than widen the page; they should not need to.
TABLES_THAT_SCROLL = """[...document.querySelectorAll('.table-responsive')]
  .filter(e => e.scrollWidth > e.clientWidth + 1)
  .map(e => e.querySelector('caption').textContent + ' ' + e.scrollWidth + '>' + e.clientWidth)"""


@pytest.mark.parametrize(
    ("viewport", "name"), [(DESKTOP, "programs-offerings"), (PHONE, "programs-offerings-phone")]
)
def test_staff_list_this_years_offerings(live_server, staff_login, offering, viewport, name):
    OfferingFactory(
        program=Program.objects.get(name="Black Male Leadership Think Tank"),
        school_year=offering.school_year,
        cohort="",
        is_opt_in=True,
    )
    with chromium_page(viewport=viewport) as page:
        log_in(page, live_server.url, staff_login.email)
        page.goto(f"{live_server.url}{reverse('programs:offering_list')}")
        assert page.get_by_role("heading", name="Offerings").is_visible()
        table = page.get_by_role("table", name="Offerings matching the filters, with their places")
        assert table.get_by_role("row").count() == 3
        assert table.get_by_text("opt-in").is_visible()
        screenshot(page, name)
        assert fits_the_screen(page), page.evaluate(WIDEST)
        assert page.evaluate(TABLES_THAT_SCROLL) == []
        with page.expect_navigation():
            table.get_by_role("link", name="New Leader PD · Cohort A").click()
        assert page.get_by_role("heading", name="New Leader PD · Cohort A").is_visible()


@pytest.mark.parametrize(
    ("viewport", "name"), [(DESKTOP, "programs-roster"), (PHONE, "programs-roster-phone")]
)
def test_staff_filter_an_offerings_roster(live_server, staff_login, offering, newcomer, viewport, name):
    url = f"{live_server.url}{reverse('programs:offering_roster', args=[offering.pk])}"
    with chromium_page(viewport=viewport) as page:
        log_in(page, live_server.url, staff_login.email)
        page.goto(url)
        assert page.get_by_role("heading", name="New Leader PD · Cohort A").is_visible()
        assert page.get_by_text("3 of 3").first.is_visible()
        roster = page.get_by_role("table", name="People in the offering matching the filters, by name")
        assert roster.get_by_role("row").count() == 5  # the header, three enrolled, one withdrawn
        waitlist = page.get_by_role("table", name="Waitlisted people matching the filters, in waitlist order")
        assert (
            waitlist.get_by_role("row").nth(1).get_by_role("rowheader").inner_text().startswith("Tom Nguyen")
        )

        if viewport is PHONE:
            page.locator("[aria-controls=roster-filters]").click()
            page.wait_for_selector("#roster-filters.show")
        page.get_by_label("Learning network").first.select_option(label="East Network")
        page.get_by_label("Year in role").first.select_option(label="First year")
        with page.expect_navigation():
            page.get_by_role("button", name="Filter", exact=True).click()
        assert "year_in_role=1" in page.url
        # First-year leaders in the East: Marcus Bell (enrolled) and Luis Ramos (withdrawn); nobody waits.
        assert roster.get_by_role("row").count() == 3
        assert roster.get_by_role("rowheader", name="Marcus Bell").count() == 1
        assert roster.get_by_role("rowheader", name="Ana López").count() == 0
        assert waitlist.get_by_text("Nobody on the waitlist matches these filters.").is_visible()
        if viewport is PHONE:  # show the filters that were used, as the person sees them after a tap
            page.locator("[aria-controls=roster-filters]").click()
            page.wait_for_selector("#roster-filters.show")
        page.locator("#roster-heading").scroll_into_view_if_needed()
        screenshot(page, name)
        assert fits_the_screen(page), page.evaluate(WIDEST)
        assert page.evaluate(TABLES_THAT_SCROLL) == []


def test_staff_enroll_a_leader_take_attendance_and_download_the_roster(
    live_server, staff_login, offering, newcomer, tmp_path
):
    services.set_capacity(offering, 6)  # Tom Nguyen and Sara Cohen move up; one place stays free
    session = SessionFactory(
        offering=offering,
        title="Opening institute",
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    roster_url = f"{live_server.url}{reverse('programs:offering_roster', args=[offering.pk])}"
    with chromium_page(viewport=DESKTOP) as page:
        log_in(page, live_server.url, staff_login.email)
        page.goto(roster_url)

        # Enroll Leila through the bulk form: find her, tick her, enroll.
        add = page.locator("#add-people")
        add.get_by_label("Name, e-mail or employee ID").fill("Rahimi")
        with page.expect_navigation():
            add.get_by_role("button", name="Find people").click()
        candidates = page.get_by_role("table", name="People who may be enrolled, matching the filters above")
        assert candidates.get_by_role("row").count() == 2
        page.get_by_label("Leila Rahimi").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Enroll the people ticked").click()
        assert page.get_by_text("Enrolled 1: Leila Rahimi.").is_visible()
        roster = page.get_by_role("table", name="People in the offering matching the filters, by name")
        assert roster.get_by_role("rowheader", name="Leila Rahimi").count() == 1
        screenshot(page, "programs-roster-enrolled")

        # Take attendance at the session: Leila came.
        page.goto(f"{live_server.url}{reverse('programs:sign_in', args=[session.pk])}")
        assert page.get_by_role("heading", name="Sign-in: Opening institute").is_visible()
        leila = page.get_by_role("radiogroup", name="Leila Rahimi")
        leila.get_by_text("Present", exact=True).click()
        with page.expect_navigation():
            page.get_by_role("button", name="Save attendance").click()
        assert page.get_by_text("Attendance saved: 1 present.").is_visible()

        # Download the roster CSV of the enrolled people.
        page.goto(f"{roster_url}?status=enrolled")
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Download CSV of the roster rows matching these filters").click()
        download = download_info.value
        assert download.suggested_filename.startswith("roster-new-leader-pd-cohort-a-2026-2027")
        path = tmp_path / download.suggested_filename
        download.save_as(path)

    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    header, *rows = list(csv.reader(io.StringIO(text[1:])))
    assert header[:3] == ["Last name", "First name", "E-mail"]
    assert [(row[0], row[9]) for row in rows] == [
        ("Bell", "Enrolled"),
        ("Cohen", "Enrolled"),
        ("López", "Enrolled"),
        ("Nguyen", "Enrolled"),
        ("Okafor", "Enrolled"),
        ("Rahimi", "Enrolled"),
    ]
    assert rows[5][:9] == [
        "Rahimi",
        "Leila",
        "leila.rahimi@district.test",
        newcomer.employee_id,
        "Principal",
        "Dever Elementary",
        "South Network",
        "Elementary",
        "1",
    ]
    assert Enrollment.objects.get(person=newcomer, offering=offering).status == EnrollmentStatus.ENROLLED
    attendance = Attendance.objects.get(session=session, person=newcomer)
    assert (attendance.status, attendance.recorded_by) == (AttendanceStatus.PRESENT, staff_login)
