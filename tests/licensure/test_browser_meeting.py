"""Licensure support meetings in headless Chromium: a facilitator takes attendance with next steps on a
phone (390x844), then a member reads the meeting and sees only their own next steps; the licensure team
reads a group's page on a desktop.

Runs against pytest-django's live server, so the database is transactional; the serialized rollback puts
back what the data migrations loaded (the role groups, the shipped licenses).
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from leaderdev.models import Position
from leaderdev.permissions import Role
from licensure.models import AttendanceStatus, MeetingAttendance
from tests.browser import WIDEST, chromium_page, fits_the_screen, log_in, screenshot
from tests.factories import PersonFactory, SchoolFactory, SchoolYearFactory, UserFactory
from tests.factories.licensure import (
    GroupMembershipFactory,
    LicensePursuitFactory,
    LicenseTypeFactory,
    RequirementFactory,
    SupportGroupFactory,
    SupportMeetingFactory,
    VerifiedProgressFactory,
)
from tests.factories.mentoring import VeteranFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("orm_beside_playwright"),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LEILA_STEPS = "Log the October practicum hours and send the site supervisor's sign-off."
ANDRE_STEPS = "Register for the communication and literacy test before December 15."


@pytest.fixture
def group(db):
    """A veteran principal's group of four, with a meeting that started an hour ago and more to come."""
    year = SchoolYearFactory()
    facilitator = VeteranFactory(
        user=UserFactory(email="marisol.ortiz@district.test", full_name="Marisol Ortiz", roles=[Role.MENTOR]),
        first_name="Marisol",
        last_name="Ortiz",
        school=SchoolFactory(name="Mather Elementary"),
    )
    group = SupportGroupFactory(
        school_year=year,
        name="Principal licensure · Wednesdays",
        usual_time="Second Wednesday, 4:00-5:30 pm, Bolling Building",
        facilitators=[facilitator],
    )
    principal = LicenseTypeFactory(name="Principal/Assistant Principal (initial)", code="test-principal")
    requirements = [RequirementFactory(license_type=principal, title=f"Requirement {n}") for n in range(8)]
    people = [
        ("Leila", "Rahimi", "Hernández K-8", Position.ASSISTANT_PRINCIPAL, 5, "leila.rahimi@district.test"),
        ("Andre", "Baptiste", "Curley K-8", Position.ASSISTANT_PRINCIPAL, 2, "andre.baptiste@district.test"),
        ("Grace", "Nguyen", "Quincy Upper School", Position.ADMIN_TEAM_MEMBER, 0, None),
        ("Tomás", "Alvarez", "Mission Hill K-8", Position.TEACHER_LEADER, 7, None),
    ]
    for first, last, school, position, verified, email in people:
        user = UserFactory(email=email, full_name=f"{first} {last}", roles=[Role.LEADER]) if email else None
        person = PersonFactory(
            user=user, first_name=first, last_name=last, school=SchoolFactory(name=school), position=position
        )
        GroupMembershipFactory(group=group, person=person)
        pursuit = LicensePursuitFactory(person=person, license_type=principal)
        for requirement in requirements[:verified]:
            VerifiedProgressFactory(pursuit=pursuit, requirement=requirement)
    now = timezone.now().replace(second=0, microsecond=0)
    earlier = SupportMeetingFactory(
        group=group,
        starts_at=now - datetime.timedelta(days=28),
        location="Bolling Building, room 2",
        notes="Walked through the practicum log template.",
    )
    for membership in group.memberships.all():
        MeetingAttendance.objects.create(
            meeting=earlier,
            person=membership.person,
            status=AttendanceStatus.ABSENT
            if membership.person.first_name == "Grace"
            else AttendanceStatus.PRESENT,
        )
    today = SupportMeetingFactory(
        group=group,
        starts_at=now - datetime.timedelta(hours=1),
        location="Bolling Building, room 2",
        agenda="Practicum hours check-in.\nThe performance assessment (PAL) tasks: who starts which.",
    )
    for weeks in (4, 8, 12):
        SupportMeetingFactory(
            group=group, starts_at=now + datetime.timedelta(weeks=weeks), location="Bolling"
        )
    return {"group": group, "today": today}


def test_a_facilitator_takes_attendance_on_a_phone_and_a_member_sees_only_their_own(live_server, group):
    today = group["today"]
    with chromium_page(viewport=PHONE) as page:
        log_in(page, live_server.url, "marisol.ortiz@district.test")
        page.goto(f"{live_server.url}{reverse('licensure:group_list')}")
        assert fits_the_screen(page), page.evaluate(WIDEST)
        with page.expect_navigation():
            page.get_by_role("link", name="Principal licensure · Wednesdays").click()
        screenshot(page, "licensure-group-phone")
        assert fits_the_screen(page), page.evaluate(WIDEST)
        local = timezone.localtime(today.starts_at)
        with page.expect_navigation():
            page.get_by_role("link", name=f"{local:%A, %B} {local.day}").click()

        assert page.get_by_role("heading", name="Attendance and next steps").is_visible()
        leila = page.get_by_role("group", name="Leila Rahimi")
        leila.get_by_text("Present", exact=True).click()
        page.get_by_label("Next steps for Leila Rahimi").fill(LEILA_STEPS)
        page.get_by_role("group", name="Andre Baptiste").get_by_text("Present", exact=True).click()
        page.get_by_label("Next steps for Andre Baptiste").fill(ANDRE_STEPS)
        page.get_by_role("group", name="Grace Nguyen").get_by_text("Excused", exact=True).click()
        page.get_by_role("group", name="Tomás Alvarez").get_by_text("Absent", exact=True).click()
        page.evaluate("window.scrollTo(0, 0)")
        screenshot(page, "licensure-meeting-phone")
        assert fits_the_screen(page), page.evaluate(WIDEST)
        with page.expect_navigation():
            page.get_by_role("button", name="Save attendance").click()
        assert page.get_by_text("Attendance saved for 4 members.").is_visible()
        assert page.get_by_label("Next steps for Leila Rahimi").input_value() == LEILA_STEPS

        page.get_by_label("Notes for the whole group").fill(
            "Everyone mapped their remaining practicum hours."
        )
        with page.expect_navigation():
            page.get_by_role("button", name="Save notes").click()
        assert page.get_by_text("Meeting notes saved.").is_visible()

    rows = {
        row.person.first_name: (row.status, row.next_steps)
        for row in today.attendance.select_related("person")
    }
    assert rows == {
        "Leila": ("present", LEILA_STEPS),
        "Andre": ("present", ANDRE_STEPS),
        "Grace": ("excused", ""),
        "Tomás": ("absent", ""),
    }

    with chromium_page(viewport=PHONE) as page:
        log_in(page, live_server.url, "leila.rahimi@district.test")
        page.goto(f"{live_server.url}{reverse('licensure:meeting_detail', args=[today.pk])}")
        assert page.get_by_role("heading", name="You at this meeting").is_visible()
        assert page.get_by_text(LEILA_STEPS).is_visible()
        assert page.get_by_text("Everyone mapped their remaining practicum hours.").is_visible()
        html = page.content()
        assert ANDRE_STEPS not in html and "Andre Baptiste" not in html
        screenshot(page, "licensure-meeting-member-phone")
        assert fits_the_screen(page), page.evaluate(WIDEST)


def test_the_team_reads_a_group_on_a_desktop(live_server, group):
    UserFactory(email="licensure@district.test", full_name="Dana Licensure", roles=[Role.LICENSURE_TEAM])
    with chromium_page(viewport=DESKTOP) as page:
        log_in(page, live_server.url, "licensure@district.test")
        page.goto(f"{live_server.url}{reverse('licensure:group_list')}")
        assert page.get_by_role("link", name="Principal licensure · Wednesdays").is_visible()
        screenshot(page, "licensure-group-list")
        with page.expect_navigation():
            page.get_by_role("link", name="Principal licensure · Wednesdays").click()
        members = page.locator("#members")
        assert members.get_by_text("5 of 8 verified").is_visible()
        assert members.get_by_role("rowheader").filter(has_text="Leila Rahimi").is_visible()
        schedule = page.locator("#schedule")
        assert schedule.get_by_text("3 present").is_visible()
        page.get_by_text("Schedule the year, monthly").click()
        screenshot(page, "licensure-group")
        assert fits_the_screen(page), page.evaluate(WIDEST)
