"""A recruiter's day in headless Chromium: add a candidate (confirming past a same-name warning), move the
application through the pipeline up to the reference gate and past it, hire from the pool, and read the
board at desktop and phone widths.

Runs against pytest-django's live server, so the database is transactional; the serialized rollback puts
back what the data migrations loaded (the role groups, the shipped framework).
"""

import datetime
import itertools

import pytest
from django.utils import timezone

from leaderdev.models import Person, Position, SchoolLevel
from leaderdev.permissions import Role
from recruitment.models import Application, HiringRole, ReferenceStatus, SourceKind, Stage
from tests.browser import WIDEST, chromium_page, fits_the_screen, log_in, screenshot
from tests.factories import PersonFactory, SchoolFactory, UserFactory
from tests.factories.recruitment import (
    ApplicationFactory,
    CandidateFactory,
    HiringCycleFactory,
    OpeningFactory,
    ReferenceCheckFactory,
    SourceFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("orm_beside_playwright"),
]

DESKTOP = {"width": 1280, "height": 900}
# How far the board's columns reach past its box (0 or less: every column is in view).
BOARD_OVERFLOW = (
    "(() => { const b = document.querySelector('.ld-board'); return b.scrollWidth - b.clientWidth; })()"
)
PHONE = {"width": 390, "height": 844}

NAMES = [
    ("Aaliyah", "Washington"), ("Marcus", "Chen"), ("Sofía", "Ramírez"), ("Declan", "O'Brien"),
    ("Priya", "Raman"), ("Jamal", "Carter"), ("Linh", "Nguyen"), ("Esther", "Adeyemi"),
    ("Tomás", "Pereira"), ("Grace", "Kim"), ("Nadia", "Haddad"), ("Kevin", "Murphy"),
    ("Yesenia", "Cruz"), ("Darnell", "Brooks"), ("Mei", "Lin"), ("Fatima", "Diallo"),
    ("Patrick", "Sullivan"), ("Ana", "Lima"), ("Hassan", "Farah"), ("Rosa", "Delgado"),
    ("Andre", "Baptiste"), ("Carmen", "Ortiz"), ("Samuel", "Osei"), ("Julia", "Santos"),
    ("Brendan", "Walsh"), ("Keisha", "Robinson"), ("Viktor", "Petrov"), ("Isabel", "Fontaine"),
    ("Omar", "Yusuf"), ("Hannah", "Goldberg"), ("Luis", "Montoya"), ("Tiffany", "Tran"),
    ("Gabriel", "Mendes"), ("Naomi", "Jean-Baptiste"), ("Ryan", "Costa"), ("Zainab", "Bello"),
    ("Michael", "Doherty"), ("Lucía", "Vargas"), ("Wei", "Zhang"), ("Chantal", "Pierre"),
]  # fmt: skip
# How many of the 40 sit at each stage: a real cycle's funnel, wide at the top.
SPREAD = [
    (Stage.APPLIED, 9),
    (Stage.SCREENED, 7),
    (Stage.FIRST_INTERVIEW, 6),
    (Stage.IN_DEPTH_INTERVIEW, 4),
    (Stage.REFERENCE_CHECKS, 3),
    (Stage.FINALIST, 2),
    (Stage.IN_POOL, 3),
    (Stage.HIRED, 1),
    (Stage.REJECTED, 4),
    (Stage.WITHDRAWN, 1),
]


@pytest.fixture
def recruiter(db):
    return UserFactory(
        email="rita.recruiter@district.test", full_name="Rita Recruiter", roles=[Role.RECRUITMENT_STAFF]
    )


@pytest.fixture
def cycle(db):
    """The 2027-2028 cycle with ~40 applications across the stages, sources of every kind, an opening."""
    cycle = HiringCycleFactory(name="Leadership hiring 2027-2028")
    fellow = PersonFactory(first_name="Dana", last_name="Whitfield")
    sources = [
        SourceFactory(kind=SourceKind.UNIVERSITY, name="Lesley University"),
        SourceFactory(kind=SourceKind.COMMUNITY_PARTNER, name="Boston Plan for Excellence"),
        SourceFactory(kind=SourceKind.JOB_BOARD, name="SchoolSpring"),
        SourceFactory(kind=SourceKind.SELF_APPLIED, name="District careers site"),
        SourceFactory(kind=SourceKind.RECRUITMENT_FELLOW, name="Fellow: Dana Whitfield", fellow=fellow),
        SourceFactory(kind=SourceKind.UNIVERSITY, name="Harvard Graduate School of Education"),
    ]
    roles = itertools.cycle(
        [
            HiringRole.PRINCIPAL,
            HiringRole.ASSISTANT_PRINCIPAL,
            HiringRole.HEAD_OF_SCHOOL,
            HiringRole.ADMIN_TEAM_MEMBER,
        ]
    )
    levels = itertools.cycle(
        [SchoolLevel.ELEMENTARY, SchoolLevel.HIGH, "", SchoolLevel.MIDDLE, SchoolLevel.K8]
    )
    stages = [stage for stage, count in SPREAD for _ in range(count)]
    now = timezone.now()
    for n, ((first, last), stage) in enumerate(zip(NAMES, stages, strict=True)):
        ApplicationFactory(
            cycle=cycle,
            candidate=CandidateFactory(
                first_name=first,
                last_name=last,
                email=f"{first.lower()}.{last.lower()}@mail.test".replace("'", ""),
            ),
            role=next(roles),
            school_level=next(levels),
            source=sources[n % len(sources)],
            stage=stage,
            stage_entered_at=now - datetime.timedelta(days=(n * 7) % 45, hours=n),
            closed_reason="Not licensed yet." if stage in (Stage.REJECTED, Stage.WITHDRAWN) else "",
        )
    # The person the recruiter is about to add shares a name with someone already known.
    CandidateFactory(first_name="Jordan", last_name="Reyes", email="jordan.reyes@old-mail.test")
    OpeningFactory(cycle=cycle, role=HiringRole.PRINCIPAL, school=SchoolFactory(name="Mission Hill K-8"))
    return cycle


def click_and_wait(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def test_a_recruiter_adds_moves_and_hires_a_candidate(live_server, recruiter, cycle):
    with chromium_page(DESKTOP) as page:
        log_in(page, live_server.url, recruiter.email)

        # Add the candidate; the same name is flagged, the recruiter confirms it is someone else.
        page.goto(f"{live_server.url}/recruitment/candidates/new/")
        page.get_by_label("First name").fill("Jordan")
        page.get_by_label("Last name").fill("Reyes")
        page.get_by_label("E-mail").fill("jreyes.lead@mail.test")
        page.get_by_label("Current role").fill("Assistant principal, Revere High")
        page.get_by_label("Role", exact=True).select_option(label="Principal")
        page.get_by_label("Source", exact=True).select_option(label="Lesley University")
        click_and_wait(page, "Add the candidate")
        assert page.get_by_role("heading", name="Possibly already known").is_visible()
        assert page.get_by_role("link", name="Jordan Reyes").is_visible()
        assert page.get_by_label("Last name").input_value() == "Reyes"
        screenshot(page, "recruitment-duplicate-warning")
        page.get_by_label("This is someone else: add them anyway").check()
        click_and_wait(page, "Add the candidate")
        assert page.get_by_role("heading", name="Jordan Reyes").is_visible()
        application = Application.objects.get(candidate__email="jreyes.lead@mail.test")

        # Through the pipeline, a stage at a time, with a reason.
        for stage in ("Screened", "First interview", "In-depth interview", "Reference checks"):
            page.get_by_label("Reason").fill(f"Panel agreed: {stage.lower()}.")
            click_and_wait(page, stage)
            assert page.get_by_text(f"Moved Jordan Reyes to {stage.lower()}.").is_visible()

        # The reference gate holds until two checks are complete.
        click_and_wait(page, "Finalist")
        assert page.get_by_text("needs 2 completed reference checks to pass; it has 0").is_visible()
        for referee in ("Dr. Helen Park", "Luis Alvarez"):
            ReferenceCheckFactory(
                application=application, referee_name=referee, status=ReferenceStatus.COMPLETED
            )
        page.reload()
        assert page.get_by_text("2 of 2 required reference checks completed").is_visible()
        click_and_wait(page, "Finalist")
        click_and_wait(page, "In pool (eligible for hire)")
        assert page.get_by_role("heading", name="Hire").is_visible()
        screenshot(page, "recruitment-application")

        # Hire into the Mission Hill opening.
        page.get_by_label("Opening filled").select_option(label="Principal at Mission Hill K-8")
        page.get_by_label("Employee ID").fill("E555123")
        click_and_wait(page, "Hire Jordan")
        assert page.get_by_text(
            "Hired Jordan Reyes: principal at Mission Hill K-8, starting August 30, 2027."
        ).is_visible()

    application.refresh_from_db()
    assert application.stage == Stage.HIRED
    person = Person.objects.get(employee_id="E555123")
    assert (person.position, person.school.name) == (Position.PRINCIPAL, "Mission Hill K-8")
    assert application.stage_changes.count() == 8  # applied, 4 moves, finalist, in pool, hired


def test_the_board_reads_well_on_desktop_and_phone(live_server, recruiter, cycle):
    with chromium_page(DESKTOP) as page:
        log_in(page, live_server.url, recruiter.email)
        page.goto(f"{live_server.url}/recruitment/")
        assert page.get_by_role("heading", name="Pipeline board").is_visible()
        assert page.locator(".ld-column").count() == 8
        assert page.locator(".ld-card").count() == 35  # the 40, less 4 rejected and 1 withdrawn
        assert fits_the_screen(page), page.evaluate(WIDEST)
        # Every column is on screen at 1280: nothing to scroll sideways to.
        assert page.evaluate(BOARD_OVERFLOW) <= 0
        screenshot(page, "recruitment-board")

        page.goto(f"{live_server.url}/recruitment/applications/?cycle={cycle.pk}")
        assert fits_the_screen(page), page.evaluate(WIDEST)
        screenshot(page, "recruitment-application-list")

    with chromium_page(PHONE) as page:
        log_in(page, live_server.url, recruiter.email)
        page.goto(f"{live_server.url}/recruitment/")
        assert fits_the_screen(page), page.evaluate(WIDEST)
        # The columns scroll sideways inside the board, not the page.
        assert page.evaluate(BOARD_OVERFLOW) > 0
        screenshot(page, "recruitment-board-phone")
        page.goto(f"{live_server.url}/recruitment/applications/?cycle={cycle.pk}")
        assert fits_the_screen(page), page.evaluate(WIDEST)
        screenshot(page, "recruitment-application-list-phone")
