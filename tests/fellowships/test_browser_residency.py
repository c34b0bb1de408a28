"""Residency plans in headless Chromium: a fellow logs a week of hours on a phone (390x844) and sees the
running total change; the host principal reads the plan on a desktop and signs off the pending weeks.

Runs against pytest-django's live server, so the database is transactional; the serialized rollback puts
back what the data migrations loaded (the shipped framework, the role groups).
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from competencies.models import Competency, FrameworkVersion
from fellowships.models import HoursEntry
from tests.browser import SCREENSHOTS, WIDEST, chromium_page, fits_the_screen, log_in, screenshot
from tests.factories.fellowships import HoursEntryFactory, MilestoneFactory, ReflectionFactory

from .plan_helpers import make_plan, this_monday, today, weeks_ago

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("orm_beside_playwright"),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PRIVATE_REFLECTION = "I am not sure I want my own building next year."


@pytest.fixture
def plan(db):
    """Amara Okafor, twelve weeks into her residency with Renée Castillo: eleven weeks logged (the last
    three waiting for sign-off), four milestones in each state, a shared and a private reflection."""
    version = FrameworkVersion.objects.get(
        framework__name="Unified Set of BPS Leader Competencies", label="4"
    )
    competencies = list(Competency.objects.of_version(version))
    plan = make_plan(password=True)
    activities = [
        "Shadowed Renée through opening week; sat in on the ILT.",
        "Led the grade 4 data meeting with the math coach.",
        "Observed six classrooms with the walkthrough tool; debriefed two teachers.",
        "Drafted the family engagement night agenda with the family liaison.",
        "Ran the SST meeting for two students; followed up with families.",
    ]
    for n in range(11, 0, -1):
        entry = HoursEntryFactory(
            residency=plan.residency,
            week_of=weeks_ago(n),
            hours=Decimal(10 + (n * 7) % 9) + (Decimal("0.5") if n % 3 == 0 else 0),
            activities=activities[n % len(activities)],
            signed_off_at=timezone.now() - datetime.timedelta(days=7 * n - 3) if n > 3 else None,
            signed_off_by=plan.host_user if n > 3 else None,
        )
        entry.competencies.set(competencies[n % 7 : n % 7 + 2])
    day = datetime.timedelta(days=1)
    MilestoneFactory(
        residency=plan.residency,
        title="Write an entry plan",
        due_on=today() - 40 * day,
        completed_on=today() - 42 * day,
        evidence_note="Shared the entry plan with the ILT and the school site council.",
        signed_off_at=timezone.now() - 38 * day,
        signed_off_by=plan.host_user,
    ).competencies.set(competencies[:1])
    MilestoneFactory(
        residency=plan.residency,
        title="Lead a full data cycle",
        due_on=today() - 3 * day,
        completed_on=today() - 5 * day,
        evidence_note="Grade 4 math: three meetings, one reteach plan.",
    ).competencies.set(competencies[4:6])
    MilestoneFactory(
        residency=plan.residency, title="Observe and debrief ten teachers", due_on=today() - 2 * day
    )
    MilestoneFactory(
        residency=plan.residency, title="Build next year's master schedule", due_on=today() + 60 * day
    )
    ReflectionFactory(
        residency=plan.residency,
        title="What the data meeting taught me",
        body="Asking the team what they noticed first changed the whole conversation.",
    )
    ReflectionFactory(
        residency=plan.residency, title="Doubts", body=PRIVATE_REFLECTION, shared_with_host=False
    )
    return plan


def running_total(page) -> str:
    """The running total of the newest week (the first row of the weekly table)."""
    return (
        page.locator(".ld-hours-table tbody tr").first.locator("td[data-label='Running total']").inner_text()
    )


def test_a_fellow_logs_a_week_of_hours_on_a_phone(live_server, plan):
    before = sum(HoursEntry.objects.filter(residency=plan.residency).values_list("hours", flat=True))
    with chromium_page(viewport=PHONE) as page:
        log_in(page, live_server.url, plan.fellow_user.email)
        mine = page.locator("#my-residency")
        assert mine.get_by_text("Next milestone").is_visible()
        mine.screenshot(path=str(SCREENSHOTS / "fellowships-portal-my-residency-phone.png"))
        with page.expect_navigation():
            mine.get_by_role("link", name="Open my residency plan").click()
        assert page.get_by_role("heading", name="Residency plan: Amara Okafor").is_visible()
        assert running_total(page) == f"{before:f}".rstrip("0").rstrip(".")
        assert fits_the_screen(page), page.evaluate(WIDEST)

        with page.expect_navigation():
            page.get_by_role("link", name="Log a week of hours").click()
        assert page.get_by_label("Week").input_value() == today().isoformat()
        page.get_by_label("Hours").fill("14.5")
        page.get_by_label("What you did").fill(
            "Co-led the ILT; ran two coaching cycles with grade 2 teachers."
        )
        page.get_by_text("Competencies practised").click()
        page.get_by_role("checkbox", name="2.1").check()
        screenshot(page, "fellowships-residency-form-phone")
        assert fits_the_screen(page), page.evaluate(WIDEST)
        with page.expect_navigation():
            page.get_by_role("button", name="Log these hours").click()

        assert page.get_by_text(
            f"14.5 hours logged for the week of {this_monday():%B} {this_monday().day}."
        ).is_visible()
        after = before + Decimal("14.5")
        assert running_total(page) == f"{after:f}".rstrip("0").rstrip(".")
        assert page.get_by_text(f"{after.normalize():f} of 500 hours logged").is_visible()
        page.evaluate("window.scrollTo(0, 0)")
        screenshot(page, "fellowships-residency-phone")
        assert fits_the_screen(page), page.evaluate(WIDEST)

    entry = HoursEntry.objects.get(residency=plan.residency, week_of=this_monday())
    assert entry.hours == Decimal("14.5")
    assert [c.code for c in entry.competencies.with_code()] == ["2.1"]


def test_the_host_signs_off_the_pending_weeks_on_a_desktop(live_server, plan):
    with chromium_page(viewport=DESKTOP) as page:
        log_in(page, live_server.url, plan.host_user.email)
        hosted = page.locator("#fellows-i-host")
        assert hosted.get_by_text("3 weeks to sign off").is_visible()
        hosted.screenshot(path=str(SCREENSHOTS / "fellowships-portal-fellows-i-host.png"))
        with page.expect_navigation():
            hosted.get_by_role("link", name="Amara Okafor").click()
        assert page.get_by_text("What the data meeting taught me").is_visible()
        assert PRIVATE_REFLECTION not in page.content() and "Doubts" not in page.content()
        assert page.get_by_role("button", name="Sign off the week of").count() == 3
        screenshot(page, "fellowships-residency")
        assert fits_the_screen(page), page.evaluate(WIDEST)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign off all 3 pending weeks").click()
        assert page.get_by_text("3 weeks signed off.").is_visible()
        milestone = page.locator(".list-group-item", has_text="Lead a full data cycle")
        with page.expect_navigation():
            milestone.get_by_role("button", name="Sign off").click()
        assert page.get_by_text("“Lead a full data cycle” is signed off.").is_visible()
        assert page.get_by_role("button", name="Sign off the week of").count() == 0
        page.evaluate("window.scrollTo(0, 0)")
        screenshot(page, "fellowships-residency-signed")
        assert fits_the_screen(page), page.evaluate(WIDEST)

    assert not HoursEntry.objects.filter(residency=plan.residency, signed_off_at__isnull=True).exists()
    assert plan.residency.milestones.get(title="Lead a full data cycle").signed_off_by == plan.host_user
