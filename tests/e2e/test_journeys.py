"""End-to-end journeys in headless Chromium, one test per journey, only through the real UI.

Each test sets up the district's world with factories (people, logins with roles, a program, a cohort of
leaders, a mentor pool, candidates), then a person makes their journey as they would: from their home
page, following links, filling forms by label and pressing buttons. After each step the test checks what
the person sees; at the end, what the database holds. Key steps leave a screenshot under
artifacts/screenshots/e2e-*.png.

  1. A coordinator creates an offering, enrolls a cohort, takes attendance and exports the roster.
  2. A leader reads their PD plan, takes the self-assessment and downloads their calendar.
  3. Program staff run a matching round and approve it; the leader's portal shows the mentor.
  4. A recruiter moves a candidate through interviews and reference checks to hired.

Runs against pytest-django's live server, so the database is transactional; the serialized rollback puts
back what the data migrations loaded (the programs catalogue, the framework, the role groups).
"""

import datetime
import re

import pytest
from django.db import connections
from django.utils import timezone

from leaderdev.permissions import Role
from tests.browser import chromium_page, log_in, screenshot
from tests.factories import SchoolFactory, SchoolYearFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(autouse=True)
def _orm_beside_playwright(monkeypatch):
    """Let the ORM run beside Playwright's event loop (these journeys read the database between steps),
    for these tests only; close the connections Django opened there, or one outlives the test and keeps
    Postgres from dropping the test database."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    yield
    connections.close_all()


def click(page, role, name, **kwargs):
    """Click a link or button that loads a new page, and wait for it."""
    with page.expect_navigation():
        page.get_by_role(role, name=name, **kwargs).click()


def main_text(page) -> str:
    return page.inner_text("main")


# --- 4. A recruiter moves a candidate to hired ------------------------------------------------------------


@pytest.fixture
def hiring(db):
    """Next year's hiring cycle: Jordan Reyes has applied for principal, a Mission Hill opening is open, and
    two other candidates sit in the pipeline."""
    from recruitment.models import Stage
    from tests.factories.recruitment import (
        ApplicationFactory,
        CandidateFactory,
        HiringCycleFactory,
        OpeningFactory,
        SourceFactory,
    )

    SchoolYearFactory()
    cycle = HiringCycleFactory()
    source = SourceFactory(name="Lesley University")
    application = ApplicationFactory(
        cycle=cycle,
        source=source,
        candidate=CandidateFactory(first_name="Jordan", last_name="Reyes", email="jreyes@mail.test"),
    )
    for first, last, stage in (("Aaliyah", "Washington", Stage.SCREENED), ("Marcus", "Chen", Stage.APPLIED)):
        ApplicationFactory(
            cycle=cycle,
            source=source,
            stage=stage,
            candidate=CandidateFactory(first_name=first, last_name=last),
        )
    OpeningFactory(cycle=cycle, school=SchoolFactory(name="Mission Hill K-8"))
    return application


def test_a_recruiter_moves_a_candidate_through_the_pipeline_to_hired(live_server, hiring):
    from leaderdev.models import Person, Position
    from recruitment.models import Recommendation, ReferenceStatus, Stage

    recruiter = UserFactory(
        email="rita.recruiter@district.test", full_name="Rita Recruiter", roles=[Role.RECRUITMENT_STAFF]
    )
    with chromium_page(DESKTOP) as page:
        page.set_default_timeout(10_000)
        page.on("dialog", lambda dialog: dialog.accept())  # "Submit your scorecard? It becomes final."
        log_in(page, live_server.url, recruiter.email)
        assert page.get_by_role("heading", name="Office of Leadership Development").is_visible()
        click(page, "link", re.compile("^Recruitment and hiring: the pipeline board"))
        board = page.get_by_role("region", name="Pipeline stages")
        applied = board.locator("section[data-stage=applied]")
        assert applied.get_by_text("Jordan Reyes").is_visible()
        with page.expect_navigation():
            applied.get_by_role("link", name=re.compile("Jordan Reyes")).click()
        assert page.get_by_role("heading", name="Jordan Reyes").is_visible()

        def move(stage, reason):
            page.get_by_label("Reason").fill(reason)
            click(page, "button", re.compile(f"^(→ )?{re.escape(stage)}$"))
            assert f"Moved Jordan Reyes to {stage.lower()}." in main_text(page)

        move("Screened", "Licensed, eight years as an AP.")
        move("First interview", "Strong screen.")

        # The first interview: schedule it with the recruiter on the panel, then score it.
        click(page, "link", "Schedule an interview")
        page.get_by_label("Date and time").fill(
            (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT10:00")
        )
        page.get_by_label("Location").fill("Bolling Building, room 4")
        page.get_by_label("Panelists").select_option(label="Rita Recruiter (rita.recruiter@district.test)")
        competencies = page.locator("fieldset", has=page.locator("legend", has_text="Competencies"))
        competencies.get_by_role("checkbox").nth(0).check()
        competencies.get_by_role("checkbox").nth(1).check()
        screenshot(page, "e2e-recruiter-schedule-interview")
        click(page, "button", "Schedule the interview")
        assert "scheduled" in main_text(page).lower()
        click(page, "link", re.compile("scorecard", re.IGNORECASE))
        for k in range(2):
            page.locator("fieldset").nth(k).get_by_text("3", exact=True).click()
        page.get_by_text("Yes", exact=True).click()
        page.get_by_label("Notes for the Office").fill("Clear instructional vision.")
        screenshot(page, "e2e-recruiter-scorecard")
        click(page, "button", "Submit")
        assert "submitted" in main_text(page).lower()
        click(page, "link", "Jordan Reyes")

        move("In-depth interview", "Panel recommends.")
        move("Reference checks", "In-depth went well.")
        assert "0 of 2 required reference checks completed" in main_text(page)

        # Two referees, each reached and their answers recorded; the check completes.
        for referee in ("Dr. Helen Park", "Luis Alvarez"):
            click(page, "link", "Add a referee")
            page.get_by_label("Referee's name").fill(referee)
            page.get_by_label("Relationship", exact=True).fill("Supervisor, 2021-2025")
            page.get_by_label("E-mail").fill(f"{referee.split()[-1].lower()}@reference.test")
            click(page, "button", "Add the referee")
            click(page, "link", "Record answers")
            for box in page.get_by_role("textbox").all():
                if box.is_visible() and box.is_editable():
                    box.fill("A steady, trusted leader.")
            click(page, "button", "Save and complete the check")
            assert "complete" in main_text(page).lower()
            click(page, "link", "Jordan Reyes")
        assert "2 of 2 required reference checks completed" in main_text(page)

        move("Finalist", "References strong.")
        move("In pool (eligible for hire)", "Finalist panel agreed.")
        page.get_by_label("Opening filled").select_option(label="Principal at Mission Hill K-8")
        page.get_by_label("Employee ID").fill("E555123")
        screenshot(page, "e2e-recruiter-hire")
        click(page, "button", "Hire Jordan")
        assert re.search(r"Hired Jordan Reyes: principal at Mission Hill K-8, starting", main_text(page))

        click(page, "link", "Pipeline board")
        hired = page.get_by_role("region", name="Pipeline stages").locator("section[data-stage=hired]")
        assert hired.get_by_text("Jordan Reyes").is_visible()
        assert page.locator("section[data-stage=applied]").get_by_text("Jordan Reyes").count() == 0
        screenshot(page, "e2e-recruiter-board-hired")

    hiring.refresh_from_db()
    assert hiring.stage == Stage.HIRED
    moves = hiring.stage_changes.exclude(to_stage=Stage.APPLIED).order_by("changed_at")
    assert [(m.to_stage, m.changed_by) for m in moves] == [
        (stage, recruiter)
        for stage in (
            Stage.SCREENED,
            Stage.FIRST_INTERVIEW,
            Stage.IN_DEPTH_INTERVIEW,
            Stage.REFERENCE_CHECKS,
            Stage.FINALIST,
            Stage.IN_POOL,
            Stage.HIRED,
        )
    ]
    interview = hiring.interviews.get()
    scorecard = interview.scorecards.get(panelist=recruiter)
    assert scorecard.is_submitted and scorecard.recommendation == Recommendation.YES
    assert sorted(scorecard.ratings.values_list("score", flat=True)) == [3, 3]
    assert hiring.references.filter(status=ReferenceStatus.COMPLETED).count() == 2
    person = Person.objects.get(employee_id="E555123")
    assert (person.full_name, person.position, person.school.name) == (
        "Jordan Reyes",
        Position.PRINCIPAL,
        "Mission Hill K-8",
    )
