"""The leader's portal and PD plan in headless Chromium, desktop and phone: read the portal, add a goal,
download a session's .ics and read it back.

Runs against pytest-django's live server, so the database is transactional; the serialized rollback puts
back what the data migrations loaded (the shipped framework, the programs catalogue, the role groups).
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from competencies.models import AssessmentKind, Competency, FrameworkVersion
from leaderdev.models import Position
from leaderdev.permissions import Role
from programs.models import AttendanceStatus, GoalStatus, PlanGoal, SessionMaterial
from tests.browser import WIDEST, chromium_page, fits_the_screen, log_in, screenshot
from tests.factories import PersonFactory, SchoolFactory, SchoolYearFactory, UserFactory
from tests.factories.competencies import AssessmentFactory
from tests.factories.programs import (
    AttendanceFactory,
    EnrollmentFactory,
    OfferingFactory,
    PDPlanFactory,
    PlanCommentFactory,
    PlanGoalFactory,
    ProgramFactory,
    SessionFactory,
    equity_program,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("orm_beside_playwright"),
]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def principal(db):
    """A first-year principal with a plan, two programs (one racial-equity), sessions held and to come."""
    year = SchoolYearFactory()
    version = FrameworkVersion.objects.get(
        framework__name="Unified Set of BPS Leader Competencies", label="4"
    )
    login = UserFactory(email="leila.rahimi@district.test", full_name="Leila Rahimi", roles=[Role.LEADER])
    school = SchoolFactory(name="Hernández K-8")
    person = PersonFactory(
        user=login, first_name="Leila", last_name="Rahimi", school=school, position=Position.PRINCIPAL
    )
    staff = UserFactory(full_name="Pat Program", roles=[Role.PROGRAM_STAFF])

    conference = OfferingFactory(
        program=ProgramFactory(name="Leadership Conference"), school_year=year, cohort="Elementary"
    )
    EnrollmentFactory(offering=conference, person=person)
    held = [
        ("Launching the year's data cycles", -35, AttendanceStatus.PRESENT),
        ("Feedback that moves practice", -21, AttendanceStatus.LATE),
        ("Budget season, part 1", -14, AttendanceStatus.ABSENT),
        ("Budget season, part 2", -7, AttendanceStatus.EXCUSED),
    ]
    for title, days, status in held:
        session = SessionFactory(
            offering=conference, title=title, starts_at=at(days, 8, 30), ends_at=at(days, 15)
        )
        AttendanceFactory(session=session, person=person, status=status)
    upcoming = [
        ("Instructional rounds at Hernández", 6, "Library", school),
        ("Coaching conversations with teams", 20, "Bolling Building, Room 200", None),
        ("Winter reflection and planning", 41, "Bolling Building, Room 200", None),
    ]
    for title, days, where, site in upcoming:
        session = SessionFactory(
            offering=conference,
            title=title,
            description="Bring your ILT's latest data.",
            starts_at=at(days, 8, 30),
            ends_at=at(days, 15),
            location=where,
            school=site,
        )
        SessionMaterial.objects.create(session=session, title="Agenda", url="https://docs.example/agenda")

    equity = OfferingFactory(program=equity_program("Self as Core"), school_year=year, cohort="Cohort B")
    EnrollmentFactory(offering=equity, person=person)
    SessionFactory(
        offering=equity, title="Self as Core: story and identity", starts_at=at(13, 16), ends_at=at(13, 18)
    )

    plan = PDPlanFactory(person=person, school_year=year, reflection="Listening more in ILT meetings.")
    for code, goal, status in (
        ("1.1", "Audit our discipline data for bias with the ILT each quarter.", GoalStatus.IN_PROGRESS),
        ("3.2", "Run a monthly data meeting with every grade-level team.", GoalStatus.MET),
    ):
        PlanGoalFactory(
            plan=plan, competency=Competency.objects.by_code(version, code), goal=goal, status=status
        )
    PlanCommentFactory(
        plan=plan, author=staff, body="Strong start: let's look at the discipline audit in January."
    )
    AssessmentFactory(
        person=person,
        version=version,
        kind=AssessmentKind.SELF,
        assessor=login,
        assessed_on=datetime.date(2026, 9, 15),
    )
    return person


@pytest.mark.parametrize(
    ("viewport", "name"), [(DESKTOP, "programs-portal"), (PHONE, "programs-portal-phone")]
)
def test_a_leader_reads_their_portal(live_server, principal, viewport, name):
    email = principal.user.email
    with chromium_page(viewport=viewport) as page:
        log_in(page, live_server.url, email)
        assert page.url == f"{live_server.url}{reverse('portal')}"
        for heading in (
            "My PD plan",
            "My upcoming sessions",
            "My attendance",
            "My equity track",
            "My competency growth",
        ):
            assert page.get_by_role("heading", name=heading, exact=True).is_visible()
        sessions = page.locator("#my-upcoming-sessions")
        assert sessions.get_by_text("Instructional rounds at Hernández", exact=True).is_visible()
        assert sessions.get_by_role("link", name="Add to calendar").count() == 4
        feed = page.get_by_label("Calendar address")
        assert "/programs/calendar/" in feed.input_value()
        assert page.locator("#my-attendance").get_by_text("67%").is_visible()
        assert page.locator("#my-equity-track").get_by_text("Self as Core").first.is_visible()
        screenshot(page, name)
        assert fits_the_screen(page), page.evaluate(WIDEST)


def test_a_leader_adds_a_goal_and_downloads_a_session(live_server, principal, tmp_path):
    email = principal.user.email
    version = FrameworkVersion.objects.get(
        framework__name="Unified Set of BPS Leader Competencies", label="4"
    )
    listen = Competency.objects.by_code(version, "2.1")
    with chromium_page(viewport=DESKTOP) as page:
        log_in(page, live_server.url, email)
        with page.expect_navigation():
            page.get_by_role("link", name="Open my PD plan").click()
        assert page.get_by_role("heading", name="My PD plan", exact=True).is_visible()
        page.get_by_label("Competency").select_option(str(listen.pk))
        page.get_by_role("textbox", name=re.compile(r"Goal")).fill(
            "Hold listening sessions with families every month."
        )
        with page.expect_navigation():
            page.get_by_role("button", name="Add goal").click()
        assert page.get_by_text("Your goal on 2.1 is added to your plan.").is_visible()
        assert page.get_by_text("Hold listening sessions with families every month.").is_visible()
        table = page.get_by_role("table", name="Programs you are in this year, with your attendance")
        assert table.get_by_role("row").count() == 3  # the header, the conference and Self as Core
        screenshot(page, "programs-plan")

        page.set_viewport_size(PHONE)
        page.reload()
        page.wait_for_load_state("networkidle")
        screenshot(page, "programs-plan-phone")
        assert fits_the_screen(page), page.evaluate(WIDEST)

        page.set_viewport_size(DESKTOP)
        page.goto(f"{live_server.url}{reverse('portal')}")
        with page.expect_download() as download_info:
            page.get_by_role(
                "link", name=re.compile(r"^Add to calendar\W+Instructional rounds at Hernández")
            ).click()
        download = download_info.value
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)

    assert saved.name.startswith("session-") and saved.suffix == ".ics"
    (event,) = Calendar.from_ical(saved.read_bytes()).walk("VEVENT")
    assert str(event["summary"]) == "Instructional rounds at Hernández"
    assert str(event["location"]) == "Library, Hernández K-8"
    assert event["dtstart"].params["TZID"] == "America/New_York"
    assert event.start == at(6, 8, 30)
    assert "https://docs.example/agenda" in str(event["description"])
    goal = PlanGoal.objects.get(plan__person=principal, competency=listen)
    assert goal.goal == "Hold listening sessions with families every month."
