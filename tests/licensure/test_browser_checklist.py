"""Licensure in headless Chromium: an employee works on their DESE checklist on a phone (390x844),
records practicum hours and adds a link as evidence; the licensure team reads the progress board on a
desktop and verifies an item.

Runs against pytest-django's live server, so the database is transactional; the serialized rollback puts
back what the data migrations loaded (the DESE licenses, the role groups).
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from leaderdev.models import Position
from leaderdev.permissions import Role
from licensure.models import (
    Evidence,
    LicenseType,
    ProgressStatus,
    PursuitStatus,
    Requirement,
    RequirementKind,
    RequirementProgress,
)
from tests.browser import SCREENSHOTS, WIDEST, chromium_page, fits_the_screen, log_in, screenshot
from tests.factories import NetworkFactory, PersonFactory, SchoolFactory, SchoolYearFactory, UserFactory
from tests.factories.licensure import (
    GroupMembershipFactory,
    LicensePursuitFactory,
    LinkEvidenceFactory,
    RequirementProgressFactory,
    SupportGroupFactory,
    SupportMeetingFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("orm_beside_playwright"),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
REPORT = "https://www.mtel.nesinc.com/score-reports/8841"
PRACTICUM_LOG = "https://drive.example.org/practicum-log-jordan-rivera"


def close_up(locator, name: str):
    """A screenshot of one part of a long page, next to the full-page ones."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    locator.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def item(license_type, kind, title_part=""):
    return Requirement.objects.get(license_type=license_type, kind=kind, title__contains=title_part)


@pytest.fixture
def jordan(db):
    """Jordan Rivera, an assistant principal pursuing the DESE Principal/AP license: two items verified,
    the MTEL submitted, coursework returned, 120 practicum hours; a support meeting next week."""
    year = SchoolYearFactory()
    login = UserFactory(email="jordan.rivera@district.test", full_name="Jordan Rivera", roles=[Role.LEADER])
    person = PersonFactory(
        user=login,
        first_name="Jordan",
        last_name="Rivera",
        position=Position.ASSISTANT_PRINCIPAL,
        school=SchoolFactory(name="Hernández K-8", network=NetworkFactory(name="Network C")),
    )
    principal = LicenseType.objects.get(code="dese-principal-ap")
    pursuit = LicensePursuitFactory(
        person=person, license_type=principal, started_on=ago(120), target_date=ago(-240)
    )
    team = UserFactory(
        email="licensure.team@district.test", full_name="Ana Souza", roles=[Role.LICENSURE_TEAM]
    )
    for kind, part in ((RequirementKind.OTHER, "Bachelor"), (RequirementKind.OTHER, "Three years")):
        progress = RequirementProgressFactory(
            pursuit=pursuit,
            requirement=item(principal, kind, part),
            status=ProgressStatus.VERIFIED,
            verified_at=timezone.now(),
            verified_by=team,
            completed_on=ago(400),
        )
        LinkEvidenceFactory(progress=progress, description="HR letter", uploaded_by=login)
    mtel = RequirementProgressFactory(
        pursuit=pursuit,
        requirement=item(principal, RequirementKind.TEST),
        status=ProgressStatus.SUBMITTED,
        completed_on=ago(30),
        note="Passed both subtests in October.",
    )
    LinkEvidenceFactory(progress=mtel, link=REPORT, description="MTEL score report", uploaded_by=login)
    RequirementProgressFactory(
        pursuit=pursuit,
        requirement=item(principal, RequirementKind.COURSEWORK),
        status=ProgressStatus.RETURNED,
        returned_reason="The transcript is missing EDLD 640; upload the updated one.",
    )
    RequirementProgressFactory(
        pursuit=pursuit,
        requirement=item(principal, RequirementKind.PRACTICUM),
        amount_done=Decimal("120"),
        note="Fall semester, supervised by Dr. Ortiz.",
    )
    group = SupportGroupFactory(school_year=year, name="Thursday licensure group")
    GroupMembershipFactory(group=group, person=person)
    starts = timezone.localtime().replace(hour=16, minute=0, second=0, microsecond=0) + datetime.timedelta(
        days=7
    )
    SupportMeetingFactory(
        group=group,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=90),
        location="Bolling, room 2",
    )
    return {"pursuit": pursuit, "team": team, "principal": principal}


def test_an_employee_updates_practicum_hours_and_adds_a_link_on_a_phone(live_server, jordan):
    pursuit, principal = jordan["pursuit"], jordan["principal"]
    practicum = item(principal, RequirementKind.PRACTICUM)
    with chromium_page(viewport=PHONE) as page:
        log_in(page, live_server.url, "jordan.rivera@district.test")
        card = page.locator("#my-licensure")
        assert card.get_by_text("2 of 10 verified").is_visible()
        assert card.get_by_text("Next: Approved administrator preparation program coursework").is_visible()
        assert card.get_by_text("Thursday licensure group").is_visible()
        close_up(card, "licensure-portal-phone")
        with page.expect_navigation():
            card.get_by_role("link", name="Principal/Assistant Principal (Initial)").click()

        assert page.get_by_role("heading", name="Principal/Assistant Principal (Initial)").is_visible()
        assert page.get_by_text("The transcript is missing EDLD 640").is_visible()
        row = page.locator(f"#requirement-{practicum.pk}")
        assert row.get_by_text("120 of 500 hours").is_visible()
        row.get_by_text("Update progress").click()
        row.get_by_label("Hours done").fill("212.5")
        row.get_by_label("Note for the team").fill("Fall semester and January, supervised by Dr. Ortiz.")
        with page.expect_navigation():
            row.get_by_role("button", name="Save progress").click()
        assert page.get_by_text("Your progress on “Practicum, 500 hours” is saved.").is_visible()
        assert row.get_by_text("212.5 of 500 hours").is_visible()

        row.get_by_text("Add evidence").click()
        row.get_by_label("Or a link").fill(PRACTICUM_LOG)
        row.get_by_label("What is it?").fill("Practicum log, signed by my supervisor")
        assert fits_the_screen(page), page.evaluate(WIDEST)
        close_up(row, "licensure-checklist-form-phone")
        with page.expect_navigation():
            row.get_by_role("button", name="Add this evidence").click()
        assert page.get_by_text("“Practicum log, signed by my supervisor” is added").is_visible()
        assert row.get_by_role("link", name="Practicum log, signed by my supervisor").is_visible()
        row.scroll_into_view_if_needed()
        screenshot(page, "licensure-checklist-phone")
        assert fits_the_screen(page), page.evaluate(WIDEST)

        with page.expect_navigation():
            page.get_by_role("link", name="My licensure").click()
        assert page.get_by_text("2 of 10 requirements verified").is_visible()
        screenshot(page, "licensure-mine-phone")
        assert fits_the_screen(page), page.evaluate(WIDEST)

    progress = RequirementProgress.objects.get(pursuit=pursuit, requirement=practicum)
    assert (progress.amount_done, progress.status) == (Decimal("212.5"), ProgressStatus.IN_PROGRESS)
    assert Evidence.objects.get(progress=progress).link == PRACTICUM_LOG


def test_the_team_reads_the_board_and_verifies_on_a_desktop(live_server, jordan):
    principal = jordan["principal"]
    supervisor = LicenseType.objects.get(code="dese-supervisor-director")
    people = [
        ("Maya", "Chen", "Mather Elementary", supervisor, PursuitStatus.IN_PROGRESS, -200, 3),
        ("Luis", "Ortega", "Curley K-8", principal, PursuitStatus.APPLIED, -20, 9),
        ("Grace", "Okafor", "Quincy Upper School", principal, PursuitStatus.IN_PROGRESS, 12, 4),
        ("Sam", "Whitaker", "Hernández K-8", supervisor, PursuitStatus.PLANNING, -400, 0),
        ("Ines", "Barros", "Boston Latin Academy", principal, PursuitStatus.LICENSED, 30, 10),
    ]
    for first, last, school, license_type, status, days_ago, verified in people:
        pursuit = LicensePursuitFactory(
            person=PersonFactory(first_name=first, last_name=last, school=SchoolFactory(name=school)),
            license_type=license_type,
            status=status,
            started_on=ago(500),
            target_date=ago(days_ago),
            licensed_on=ago(5) if status == PursuitStatus.LICENSED else None,
        )
        for requirement in license_type.requirements.order_by("order")[:verified]:
            RequirementProgressFactory(
                pursuit=pursuit,
                requirement=requirement,
                status=ProgressStatus.VERIFIED,
                verified_at=timezone.now(),
            )
    # Grace has not moved in three months.
    RequirementProgress.objects.filter(pursuit__person__last_name="Okafor").update(
        updated_at=timezone.now() - datetime.timedelta(days=90)
    )
    type(jordan["pursuit"]).objects.filter(person__last_name="Okafor").update(
        created_at=timezone.now() - datetime.timedelta(days=120)
    )

    # Read what the browser part needs now: the ORM inside Playwright's block would open a second
    # connection (another async context) that outlives the test.
    mtel = RequirementProgress.objects.get(
        pursuit=jordan["pursuit"], requirement=item(principal, RequirementKind.TEST)
    )
    with chromium_page(viewport=DESKTOP) as page:
        log_in(page, live_server.url, "licensure.team@district.test")
        page.goto(f"{live_server.url}/licensure/board/")
        assert page.get_by_role("heading", name="Licensure board").is_visible()
        assert page.get_by_role("link", name="Jordan Rivera").is_visible()
        assert page.get_by_text("Stale", exact=True).count() == 1
        assert page.get_by_text("12 days past").is_visible()
        screenshot(page, "licensure-board")
        assert fits_the_screen(page), page.evaluate(WIDEST)

        page.get_by_label("Past their target").select_option("true")
        with page.expect_navigation():
            page.get_by_role("button", name="Filter").click()
        assert page.get_by_text("1 pursuit matches.").is_visible()
        assert page.get_by_role("link", name="Grace Okafor").is_visible()

        with page.expect_navigation():
            page.get_by_role("link", name="Clear").click()
        with page.expect_navigation():
            page.get_by_role("link", name="Jordan Rivera").click()
        mtel_row = page.locator(f"#requirement-{mtel.requirement_id}")
        with page.expect_navigation():
            mtel_row.get_by_role("button", name="Verify").click()
        assert page.get_by_text("is verified for Jordan Rivera").is_visible()
        assert page.get_by_text("3 of 10", exact=True).is_visible()
        page.evaluate("window.scrollTo(0, 0)")
        screenshot(page, "licensure-pursuit-team")
        assert fits_the_screen(page), page.evaluate(WIDEST)

        page.set_viewport_size(PHONE)  # the team checks the board from a phone too
        page.goto(f"{live_server.url}/licensure/board/")
        screenshot(page, "licensure-board-phone")
        assert fits_the_screen(page), page.evaluate(WIDEST)

    mtel.refresh_from_db()
    assert (mtel.status, mtel.verified_by) == (ProgressStatus.VERIFIED, jordan["team"])
