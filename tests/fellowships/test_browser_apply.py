"""Applying and selecting in headless Chromium: an assistant principal applies on a phone; program staff
move the application to interview and select them on a desktop, then read the cohort's page.

Runs against pytest-django's live server, so the database is transactional; the serialized rollback puts
back what the data migrations loaded (the shipped framework, the role groups).
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from fellowships.models import ApplicationStatus, Endorsement, Fellow, FellowshipApplication
from fellowships.services import selection
from leaderdev.permissions import Role
from tests.browser import WIDEST, chromium_page, fits_the_screen, log_in, screenshot
from tests.factories.district import SchoolFactory, SchoolYearFactory, UserFactory
from tests.factories.fellowships import (
    AspiringLeaderFactory,
    CohortFactory,
    CohortMilestoneFactory,
    FellowFactory,
    HostFactory,
    HoursEntryFactory,
    ResidencyFactory,
)
from tests.factories.mentoring import VeteranFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("orm_beside_playwright"),
]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

WHY = (
    "I have spent eleven years at the Hernández, first teaching fourth grade, then coaching our math team, "
    "and for the last three years as assistant principal. I want to lead a school where every child is "
    "known by name and every family is a partner."
)
LED = (
    "Last year I led our grade 3 and 4 teams through six data cycles on fractions. We moved from 41% to "
    "63% meeting expectations, and the teachers now run the cycles without me."
)
EQUITY = (
    "I rebuilt our discipline referral process with a family council. Referrals of Black boys fell by "
    "half in a year, and we publish the numbers to families every term."
)


@pytest.fixture
def cohort():
    """An open cohort of four places, two fellows already selected and placed, with hours logged."""
    today = timezone.localdate()
    cohort = CohortFactory(
        school_year=SchoolYearFactory(),
        name="Aspiring Principal Fellowship 2026-2027",
        places=4,
        applications_open_on=today - datetime.timedelta(days=20),
        applications_close_on=today + datetime.timedelta(days=25),
    )
    CohortMilestoneFactory(
        cohort=cohort, title="Entry plan and school data dive", due_on=datetime.date(2026, 10, 9)
    )
    CohortMilestoneFactory(cohort=cohort, title="Lead a full data cycle", due_on=datetime.date(2027, 1, 29))
    CohortMilestoneFactory(cohort=cohort, title="Build next year's budget", due_on=datetime.date(2027, 4, 16))
    for k, ((first, last), (host_first, host_last)) in enumerate(
        [(("Rosa", "Vargas"), ("Maureen", "Walsh")), (("Thanh", "Nguyen"), ("Luis", "Ortiz"))]
    ):
        fellow = FellowFactory(
            application__cohort=cohort,
            application__person=AspiringLeaderFactory(
                first_name=first, last_name=last, school=SchoolFactory(name=f"{last} Elementary School")
            ),
        )
        host = HostFactory(
            cohort=cohort,
            person=VeteranFactory(
                first_name=host_first,
                last_name=host_last,
                school=SchoolFactory(name=f"{host_last} K-8 School"),
            ),
        )
        residency = ResidencyFactory(fellow=fellow, host=host)
        for week in range(6 + k * 3):
            HoursEntryFactory(
                residency=residency,
                week_of=datetime.date(2026, 9, 7) + datetime.timedelta(weeks=week),
                hours=Decimal("11.5"),
            )
    return cohort


@pytest.fixture
def people(cohort):
    """Ana Ruiz, an assistant principal at the Hernández; Marcus Bell, its principal; Rita, program staff."""
    school = SchoolFactory(name="Hernández K-8 School")
    ana = UserFactory(email="ana.ruiz@district.test", full_name="Ana Ruiz", roles=[Role.LEADER])
    AspiringLeaderFactory(user=ana, first_name="Ana", last_name="Ruiz", school=school)
    marcus = UserFactory(email="marcus.bell@district.test", full_name="Marcus Bell", roles=[Role.LEADER])
    VeteranFactory(user=marcus, first_name="Marcus", last_name="Bell", school=school)
    for first, last in [("Zoe", "Adams"), ("Raj", "Bose"), ("Lena", "Cole")]:
        VeteranFactory(first_name=first, last_name=last)
    rita = UserFactory(
        email="rita.staff@district.test", full_name="Rita Gomes", roles=[Role.PROGRAM_STAFF], is_staff=True
    )
    return {"ana": ana, "marcus": marcus, "rita": rita}


def test_an_assistant_principal_applies_on_a_phone(live_server, cohort, people):
    with chromium_page(PHONE) as page:
        log_in(page, live_server.url, "ana.ruiz@district.test")
        page.goto(f"{live_server.url}{reverse('fellowships:apply')}")
        main = page.inner_text("main")
        assert "Apply to the Aspiring Principal Fellowship" in main
        assert "4 fellows" in main and "Lead a full data cycle" in main

        supervisor = "Bell, Marcus · Principal, Hernández K-8 School"
        # An essay over the limit: the count warns as she types, and the server refuses it anyway.
        page.get_by_label("Who recommends you").select_option(label=supervisor)
        page.get_by_label("Why do you want to become a principal?").fill(WHY)
        page.get_by_label("Describe a time you led adults").fill(LED)
        page.get_by_label("How have you advanced racial equity").fill(" ".join(["word"] * 503))
        assert page.locator("#id_equity_commitment_helptext").inner_text() == "503 of 500 words: 3 too many"
        with page.expect_navigation():
            page.get_by_role("button", name="Submit my application").click()
        assert "Keep it to 500 words: this has 503" in page.inner_text("main")
        assert page.get_by_label("Why do you want to become a principal?").input_value() == WHY  # kept
        assert not FellowshipApplication.objects.filter(person=people["ana"].person).exists()

        page.goto(f"{live_server.url}{reverse('fellowships:apply')}")
        page.get_by_label("Who recommends you").select_option(label=supervisor)
        page.get_by_label("Why do you want to become a principal?").fill(WHY)
        assert page.locator("#id_why_principal_helptext").inner_text() == f"{len(WHY.split())} of 500 words"
        page.get_by_label("Describe a time you led adults").fill(LED)
        page.get_by_label("How have you advanced racial equity").fill(EQUITY)
        assert fits_the_screen(page), page.evaluate(WIDEST)
        screenshot(page, "fellowships-apply-phone")
        with page.expect_navigation():
            page.get_by_role("button", name="Submit my application").click()

        main = page.inner_text("main")
        assert "Your application to Aspiring Principal Fellowship 2026-2027 is submitted" in main
        assert "Asked of Marcus Bell; not received yet" in main
        assert fits_the_screen(page), page.evaluate(WIDEST)
        screenshot(page, "fellowships-my-application-phone")

    application = FellowshipApplication.objects.get(person=people["ana"].person)
    assert application.supervisor == people["marcus"].person
    assert (application.status, application.equity_commitment) == (ApplicationStatus.SUBMITTED, EQUITY)


def test_program_staff_select_an_applicant_on_a_desktop(live_server, cohort, people):
    application = selection.apply(
        cohort,
        people["ana"].person,
        supervisor=people["marcus"].person,
        essays={"why_principal": WHY, "leadership_experience": LED, "equity_commitment": EQUITY},
        user=people["ana"],
    )
    selection.write_recommendation(
        application,
        endorsement=Endorsement.STRONG,
        text="Ana runs our data cycles and our family council. Teachers follow her: she listens first.",
        user=people["marcus"],
    )
    detail = reverse("fellowships:application_detail", args=[application.pk])
    with chromium_page(DESKTOP) as page:
        log_in(page, live_server.url, "rita.staff@district.test")
        page.goto(f"{live_server.url}{reverse('fellowships:application_list')}")
        assert "2 of 4 places taken" in page.inner_text("main")
        with page.expect_navigation():
            page.get_by_role("link", name="Ana Ruiz").click()
        assert page.url.endswith(detail)

        page.get_by_label("Screening score").fill("88")
        with page.expect_navigation():
            page.get_by_role("button", name="Save").click()
        for button in ("Screening", "Interview"):
            with page.expect_navigation():
                page.get_by_role("button", name=button).click()
            assert f"Moved Ana Ruiz to “{button.lower()}”" in page.inner_text("main")

        page.get_by_label("Reason").fill("Strongest data-cycle work of the cohort.")
        with page.expect_navigation():
            page.get_by_role("button", name="Select", exact=True).click()
        main = page.inner_text("main")
        assert "Moved Ana Ruiz to “selected”" in main and "Recommend strongly" in main
        assert fits_the_screen(page), page.evaluate(WIDEST)
        screenshot(page, "fellowships-application-detail")

        page.goto(f"{live_server.url}{reverse('fellowships:cohort_detail', args=[cohort.pk])}")
        main = page.inner_text("main")
        assert "Ana Ruiz" in main and "Maureen Walsh" in main and "Not placed" in main
        assert fits_the_screen(page), page.evaluate(WIDEST)
        screenshot(page, "fellowships-cohort")

    application.refresh_from_db()
    assert (application.status, application.screening_score) == (ApplicationStatus.SELECTED, 88)
    assert Fellow.objects.filter(cohort=cohort).count() == 3
    assert [c.to_status for c in application.status_changes.order_by("pk")] == [
        "submitted",
        "screening",
        "interview",
        "selected",
    ]


def test_the_supervisor_writes_the_recommendation_from_the_portal_on_a_phone(live_server, cohort, people):
    application = selection.apply(
        cohort,
        people["ana"].person,
        supervisor=people["marcus"].person,
        essays={"why_principal": WHY, "leadership_experience": LED, "equity_commitment": EQUITY},
        user=people["ana"],
    )
    with chromium_page(PHONE) as page:
        log_in(page, live_server.url, "marcus.bell@district.test")
        page.goto(f"{live_server.url}{reverse('portal')}")
        requests = page.locator("#recommendations-to-write")
        assert "Ana Ruiz" in requests.inner_text()
        with page.expect_navigation():
            requests.get_by_role("link", name="Write the recommendation of Ana Ruiz").click()
        main = page.inner_text("main")
        assert "Recommendation of Ana Ruiz" in main and "known by name" in main  # her essays

        page.locator('label[for="id_endorsement_0"]').click()  # Recommend strongly
        page.get_by_label("Your recommendation").fill(
            "Ana runs our data cycles and our family council. Teachers follow her: she listens first."
        )
        assert fits_the_screen(page), page.evaluate(WIDEST)
        screenshot(page, "fellowships-recommendation-phone")
        with page.expect_navigation():
            page.get_by_role("button", name="Send my recommendation").click()
        assert "Your recommendation of Ana Ruiz is saved" in page.inner_text("main")

        page.goto(f"{live_server.url}{reverse('portal')}")
        assert page.locator("#recommendations-to-write").count() == 0

    application.refresh_from_db()
    assert application.recommendation.endorsement == Endorsement.STRONG
    assert application.recommendation.written_by == people["marcus"]
