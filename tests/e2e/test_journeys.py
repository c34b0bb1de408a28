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

import csv
import datetime
import io
import re
from contextlib import contextmanager

import pytest
from django.db import connections
from django.utils import timezone

from leaderdev.permissions import Role
from tests.browser import chromium_page, log_in, screenshot
from tests.factories import PersonFactory, SchoolFactory, SchoolYearFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(autouse=True)
def _orm_beside_playwright(monkeypatch):
    """Let the ORM run beside Playwright's event loop (these journeys read the database between steps),
    for these tests only."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@contextmanager
def journey_page():
    """A desktop-sized page in headless Chromium that fails a step after 10 s rather than 30.

    Queries run inside Playwright's context use database connections of their own: they are closed on the
    way out, or one outlives the test and keeps Postgres from dropping the test database."""
    with chromium_page(DESKTOP) as page:
        page.set_default_timeout(10_000)
        try:
            yield page
        finally:
            connections.close_all()


def click(page, role, name, **kwargs):
    """Click a link or button that loads a new page, and wait for it."""
    with page.expect_navigation():
        page.get_by_role(role, name=name, **kwargs).click()


def main_text(page) -> str:
    return page.inner_text("main")


# --- 1. A coordinator creates an offering, enrolls a cohort, takes attendance, exports the roster -------

# (first, last, school, role start): four new leaders and a veteran the cohort is not for.
COHORT = [
    ("Leila", "Rahimi", "Hernández K-8", datetime.date(2026, 7, 1)),
    ("Marcus", "Bell", "Mather Elementary", datetime.date(2025, 8, 1)),
    ("Grace", "Okafor", "Brighton High", datetime.date(2026, 7, 1)),
    ("Ana", "López", "Tobin K-8", datetime.date(2025, 8, 1)),
]


@pytest.fixture
def cohort(db):
    """The current year; four first- and second-year principals, and a veteran principal."""
    SchoolYearFactory()
    people = [
        PersonFactory(
            first_name=first, last_name=last, school=SchoolFactory(name=school), role_start_date=start
        )
        for first, last, school, start in COHORT
    ]
    PersonFactory(
        first_name="Harold",
        last_name="Finch",
        school=SchoolFactory(name="Burke High"),
        role_start_date=datetime.date(2012, 8, 1),
    )
    return people


def choose_in_autocomplete(page, field_id, text):
    """Pick `text` in one of the admin's autocomplete (select2) boxes, as a person types and chooses."""
    page.locator(f"[aria-labelledby=select2-{field_id}-container]").click()
    page.locator(".select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_a_coordinator_creates_an_offering_enrolls_a_cohort_takes_attendance_and_exports(
    live_server, cohort, tmp_path
):
    from programs.models import Attendance, AttendanceStatus, Enrollment, EnrollmentStatus, Offering

    staff = UserFactory(
        email="pat.program@district.test", full_name="Pat Program", roles=[Role.PROGRAM_STAFF], is_staff=True
    )
    local_now = timezone.localtime()
    starts = (local_now - datetime.timedelta(hours=3)).replace(minute=0, second=0, microsecond=0)
    with journey_page() as page:
        log_in(page, live_server.url, staff.email)
        click(page, "link", re.compile("^Programs and offerings"))
        assert page.get_by_role("heading", name="Offerings").is_visible()

        # The offering: added in the admin, as the offerings page says.
        click(page, "link", "admin", exact=True)
        click(page, "link", "Add offering")
        choose_in_autocomplete(page, "id_program", "New Leader PD")
        page.get_by_label("School year").select_option(label="2026-2027")
        page.get_by_label("Cohort").fill("Cohort A")
        page.get_by_label("Capacity").fill("10")
        screenshot(page, "e2e-coordinator-add-offering")
        click(page, "button", "Save", exact=True)
        assert "was added successfully" in page.inner_text("body")
        offering = Offering.objects.get(cohort="Cohort A")
        assert (offering.program.name, offering.school_year.name, offering.capacity) == (
            "New Leader PD",
            "2026-2027",
            10,
        )

        # Back on the site: the offering's roster, and its cohort enrolled in one go.
        click(page, "link", "View site")
        click(page, "link", re.compile("^Programs and offerings"))
        click(page, "link", "New Leader PD · Cohort A")
        assert page.get_by_role("heading", name="New Leader PD · Cohort A").is_visible()
        candidates = page.get_by_role("table", name="People who may be enrolled, matching the filters above")
        assert candidates.get_by_role("row").count() == 6  # the header, four new leaders, the veteran
        click(page, "button", "Enroll all 4 first- and second-year leaders found")
        assert "Enrolled 4:" in main_text(page)
        roster = page.get_by_role("table", name="People in the offering matching the filters, by name")
        for first, last, _, _ in COHORT:
            assert roster.get_by_role("rowheader", name=f"{first} {last}").count() == 1
        assert roster.get_by_role("rowheader", name="Harold Finch").count() == 0
        screenshot(page, "e2e-coordinator-roster")

        # Its first session, added from the attendance page, then attendance taken at it.
        click(page, "link", "Attendance", exact=True)
        assert "This offering has no sessions yet." in main_text(page)
        click(page, "link", "Add its first session")
        page.get_by_label("Title").fill("Opening institute")
        page.locator("#id_starts_at_0").fill(starts.strftime("%Y-%m-%d"))
        page.locator("#id_starts_at_1").fill(starts.strftime("%H:%M:%S"))
        ends = starts + datetime.timedelta(hours=2)
        page.locator("#id_ends_at_0").fill(ends.strftime("%Y-%m-%d"))
        page.locator("#id_ends_at_1").fill(ends.strftime("%H:%M:%S"))
        page.get_by_label("Location").fill("Bolling Building, Room 200")
        screenshot(page, "e2e-coordinator-add-session")
        click(page, "button", "Save", exact=True)
        assert "was added successfully" in page.inner_text("body")

        click(page, "link", "View site")
        click(page, "link", re.compile("^Programs and offerings"))
        click(page, "link", "New Leader PD · Cohort A")
        click(page, "link", "Attendance", exact=True)
        click(page, "link", starts.strftime("%b %-d"))
        assert page.get_by_role("heading", name="Sign-in: Opening institute").is_visible()
        # The search filters the list as one types (attendance.js): accents and case do not matter.
        page.get_by_label("Find a person").fill("lopez")
        assert page.get_by_role("radiogroup", name="Ana López").is_visible()
        assert page.get_by_role("radiogroup", name="Leila Rahimi").is_hidden()
        page.get_by_label("Find a person").fill("")
        marks = {"Leila Rahimi": "Present", "Marcus Bell": "Late", "Grace Okafor": "Excused"}
        for name, mark in marks.items():
            page.get_by_role("radiogroup", name=name).get_by_text(mark, exact=True).click()
        screenshot(page, "e2e-coordinator-sign-in")
        click(page, "button", "Save and mark everyone not yet marked as absent")
        assert "Attendance saved:" in main_text(page)

        # The exports: everyone's attendance, from the grid; the roster of who is enrolled.
        click(page, "link", "Attendance of New Leader PD · Cohort A")
        grid = page.get_by_role("table", name=re.compile("Attendance by person and session"))
        assert "1 of 1" not in grid.get_by_role("row", name=re.compile("López, Ana")).inner_text()
        screenshot(page, "e2e-coordinator-attendance-grid")
        with page.expect_download() as attendance_download:
            page.get_by_role("link", name=re.compile("^Export CSV")).click()
        attendance_csv = tmp_path / "attendance.csv"
        attendance_download.value.save_as(attendance_csv)
        click(page, "link", "New Leader PD · Cohort A", exact=True)
        with page.expect_download() as roster_download:
            page.get_by_role("link", name="Download CSV of the roster rows matching these filters").click()
        roster_csv = tmp_path / "roster.csv"
        roster_download.value.save_as(roster_csv)

    header, *rows = csv.reader(io.StringIO(roster_csv.read_text("utf-8-sig")))
    assert header[:2] == ["Last name", "First name"]
    status = header.index("Status")
    assert sorted((row[1], row[0], row[status]) for row in rows) == sorted(
        (first, last, "Enrolled") for first, last, _, _ in COHORT
    )
    header, *rows = csv.reader(io.StringIO(attendance_csv.read_text("utf-8-sig")))
    expected = {**marks, "Ana López": "Absent"}
    assert header == ["Person", "Employee ID", "School", "Session", "Date", "Status"]
    assert {row[0]: (row[3], row[4], row[5]) for row in rows} == {
        ", ".join(reversed(name.split())): ("Opening institute", starts.date().isoformat(), mark)
        for name, mark in expected.items()
    }
    enrolled = Enrollment.objects.filter(offering=offering, status=EnrollmentStatus.ENROLLED)
    assert sorted(enrolled.values_list("person__last_name", flat=True)) == [
        "Bell",
        "López",
        "Okafor",
        "Rahimi",
    ]
    recorded = {
        a.person.full_name: a.get_status_display()
        for a in Attendance.objects.filter(session__offering=offering).select_related("person")
    }
    assert recorded == expected
    assert set(Attendance.objects.values_list("recorded_by", flat=True)) == {staff.pk}
    assert AttendanceStatus.ABSENT in Attendance.objects.values_list("status", flat=True)


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
    with journey_page() as page:
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


# --- 3. Staff run a matching round and approve it --------------------------------------------------------

# (first, last, school, languages, needs as competency indexes); Leila Rahimi has a login.
MENTEES = [
    ("Leila", "Rahimi", 0, ["en", "es"], [0, 3]),
    ("Marcus", "Bell", 2, ["en"], [1, 5]),
    ("Thu", "Nguyen", 4, ["en", "vi"], [2]),
]
# (first, last, school, capacity, languages, strengths)
MENTORS = [
    ("Carmen", "Ortiz", 1, 2, ["en", "es"], [0, 3, 5]),
    ("Linh", "Tran", 3, 1, ["en", "vi"], [2, 4]),
]
# (name, latitude, longitude): schools a few km apart.
SCHOOLS = [
    ("Hernández K-8", 42.3175, -71.1046),
    ("Mission Hill K-8", 42.3318, -71.1005),
    ("Mather Elementary", 42.3116, -71.0568),
    ("Perkins Elementary", 42.3300, -71.0494),
    ("Guild Elementary", 42.3786, -71.0335),
]


@pytest.fixture
def mentor_pool(db, framework_v4):
    """This year's pool: three new leaders with needs and languages (Leila with a login), two mentors."""
    from tests.factories.mentoring import MenteeProfileFactory, MentorFactory, VeteranFactory

    year = SchoolYearFactory()
    competencies = list(
        framework_v4.domains.order_by("number")
        .values_list("competencies", flat=True)
        .order_by("competencies")
    )
    schools = [SchoolFactory(name=name, latitude=lat, longitude=lon) for name, lat, lon in SCHOOLS]
    for first, last, school, capacity, languages, strengths in MENTORS:
        MentorFactory(
            school_year=year,
            person=VeteranFactory(first_name=first, last_name=last, school=schools[school]),
            capacity=capacity,
            languages=languages,
            strengths=[competencies[k] for k in strengths],
        )
    leila = UserFactory(email="leila.rahimi@district.test", full_name="Leila Rahimi", roles=[Role.LEADER])
    for first, last, school, languages, needs in MENTEES:
        MenteeProfileFactory(
            school_year=year,
            person=PersonFactory(
                first_name=first,
                last_name=last,
                school=schools[school],
                user=leila if first == "Leila" else None,
            ),
            languages=languages,
            needs=[competencies[k] for k in needs],
        )
    return year


@pytest.fixture(
    params=["eager", pytest.param("worker", marks=[pytest.mark.slow, pytest.mark.xdist_group("celery")])]
)
def round_runner(request, transactional_db):
    """How a round runs: eagerly in the web process once the request commits (no broker, as under `make
    run`), or through the outbox to a real Celery worker over Redis (as in production), the page then
    following the round's progress and reloading by itself when it is done."""
    if request.param == "eager":
        yield "eager"
        return
    from django.db import connection

    from tests.celery_worker import REDIS_URL, celery_worker, database_url, publishing_restored, use_broker

    with celery_worker(DATABASE_URL=database_url(connection)) as queue, publishing_restored():
        use_broker(REDIS_URL, queue)
        yield "worker"


def test_staff_run_a_matching_round_approve_it_and_the_leader_sees_their_mentor(
    live_server, mentor_pool, round_runner
):
    from leaderdev.notifications.models import OutboxTask
    from mentoring.models import MatchRound, Mentorship, RoundStatus

    staff = UserFactory(
        email="pat.program@district.test", full_name="Pat Program", roles=[Role.PROGRAM_STAFF], is_staff=True
    )
    with journey_page() as page:
        log_in(page, live_server.url, staff.email)
        click(page, "link", re.compile("^Mentoring and coaching: the mentor pool"))
        click(page, "link", "Matching rounds")
        click(page, "link", "New round")
        page.get_by_label("Name").fill("Fall matching 2026")
        screenshot(page, "e2e-mentoring-new-round")
        click(page, "button", "Create round")
        assert page.get_by_role("heading", name=re.compile("Fall matching 2026")).is_visible()

        click(page, "button", "Run round")
        if round_runner == "worker":  # queued: the page follows the worker and reloads when it is done
            assert "Round queued" in main_text(page)
            page.wait_for_selector("table.ld-proposals tbody tr", timeout=60_000)
        else:
            assert "Round computed: 3 pairs proposed, 0 unmatched." in main_text(page)
        proposals = page.locator("table.ld-proposals tbody tr")
        assert proposals.count() == 3
        leila = proposals.filter(has_text="Leila Rahimi")
        assert "Carmen Ortiz" in leila.inner_text() and "Both speak English, Spanish" in leila.inner_text()
        screenshot(page, f"e2e-mentoring-proposals-{round_runner}")

        click(page, "button", re.compile(r"^Approve 3 pairs"))
        assert "Approved:" in main_text(page)
        assert page.locator("h1 .badge").inner_text() == "Approved"
        screenshot(page, f"e2e-mentoring-approved-{round_runner}")

        # Leila signs in: her portal shows her mentor.
        click(page, "button", "Log out")
        log_in(page, live_server.url, "leila.rahimi@district.test")
        mentor_section = page.get_by_role("region", name="My mentor")
        assert "Carmen Ortiz" in mentor_section.inner_text()
        mentor_section.scroll_into_view_if_needed()
        screenshot(page, f"e2e-mentoring-portal-mentor-{round_runner}")

    match_round = MatchRound.objects.get(name="Fall matching 2026")
    assert match_round.status == RoundStatus.APPROVED
    pairs = set(
        Mentorship.objects.filter(match_round=match_round).values_list(
            "mentee__last_name", "mentor__person__last_name"
        )
    )
    assert len(pairs) == 3 and ("Rahimi", "Ortiz") in pairs
    assert {mentee for mentee, _ in pairs} == {"Rahimi", "Bell", "Nguyen"}
    # Either way the round went through the outbox, which marks what it handed over.
    [task] = OutboxTask.objects.filter(task_name="mentoring.tasks.run_match_round", args=[match_round.pk])
    assert task.published_at is not None and task.attempts == 0


# --- 2. A leader reads their plan, assesses themselves and downloads their calendar ----------------------


@pytest.fixture
def leader_world(db, framework_v4):
    """Leila Rahimi, a first-year principal with a login, enrolled in New Leader PD with three sessions to
    come and a PD plan of two goals."""
    from programs.models import Program
    from tests.factories.programs import (
        EnrollmentFactory,
        OfferingFactory,
        PDPlanFactory,
        PlanGoalFactory,
        SessionFactory,
    )

    year = SchoolYearFactory()
    user = UserFactory(email="leila.rahimi@district.test", full_name="Leila Rahimi", roles=[Role.LEADER])
    leila = PersonFactory(
        first_name="Leila",
        last_name="Rahimi",
        user=user,
        school=SchoolFactory(name="Hernández K-8"),
        role_start_date=datetime.date(2026, 7, 1),
    )
    offering = OfferingFactory(
        program=Program.objects.get(name="New Leader PD"), school_year=year, cohort="Cohort A"
    )
    EnrollmentFactory(offering=offering, person=leila)
    soon = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    for days, title in ((7, "Opening institute"), (21, "Data cycles"), (35, "Coaching conversations")):
        SessionFactory(
            offering=offering,
            title=title,
            starts_at=soon + datetime.timedelta(days=days),
            ends_at=soon + datetime.timedelta(days=days, hours=3),
        )
    first, second = framework_v4.domains.order_by("number").values_list("competencies", flat=True)[:2]
    plan = PDPlanFactory(person=leila, school_year=year)
    for competency, goal in ((first, "Lead two data cycles with the ILT."), (second, "Meet every family.")):
        PlanGoalFactory(plan=plan, competency_id=competency, goal=goal)
    return leila


def test_a_leader_reads_their_plan_assesses_themselves_and_downloads_their_calendar(
    live_server, leader_world, framework_v4, tmp_path
):
    import icalendar

    from competencies.models import Assessment, AssessmentKind
    from programs.models import Session

    with journey_page() as page:
        log_in(page, live_server.url, "leila.rahimi@district.test")
        # Home is the portal: the PD plan first.
        plan = page.get_by_role("region", name="My PD plan")
        assert "0 of 2 goals met." in plan.inner_text()
        assert "Lead two data cycles with the ILT." in plan.inner_text()
        screenshot(page, "e2e-leader-portal")
        click(page, "link", "Open my PD plan")
        assert "Meet every family." in main_text(page)
        click(page, "link", "My portal")

        # The self-assessment: a level for every competency, then save.
        click(page, "link", "Take my self-assessment")
        assert page.get_by_role("heading", name="My self-assessment").is_visible()
        competencies = page.locator("form fieldset fieldset")
        count = competencies.count()
        assert count == framework_v4.domains.values("competencies").count()
        for k in range(count):
            competencies.nth(k).locator("label").nth(2).click()  # the third level of the scale
        screenshot(page, "e2e-leader-self-assessment")
        click(page, "button", "Save my self-assessment")
        assert "Your self-assessment is saved." in main_text(page)
        screenshot(page, "e2e-leader-growth")
        page.goto(f"{live_server.url}/")  # home, as from the navbar's brand
        growth = page.get_by_role("region", name="My competency growth")
        assert "Your last self-assessment:" in growth.inner_text()

        # The calendar: one session's .ics, then the whole feed a calendar app subscribes to.
        sessions = page.get_by_role("region", name="My upcoming sessions")
        with page.expect_download() as download:
            sessions.get_by_role("link", name=re.compile("Add to calendar.*Opening institute")).click()
        one = icalendar.Calendar.from_ical(download.value.path().read_bytes())
        assert [str(e["summary"]) for e in one.walk("VEVENT")] == ["Opening institute"]
        feed_url = sessions.get_by_label("Calendar address").input_value()
        response = page.request.get(feed_url)
        assert response.ok and response.headers["content-type"].startswith("text/calendar")
        feed = icalendar.Calendar.from_ical(response.body())
        events = {str(e["summary"]): e["dtstart"].dt for e in feed.walk("VEVENT")}
        screenshot(page, "e2e-leader-calendar")

    assert set(events) == {"Opening institute", "Data cycles", "Coaching conversations"}
    assert events["Data cycles"] == Session.objects.get(title="Data cycles").starts_at
    assessment = Assessment.objects.get(person=leader_world, kind=AssessmentKind.SELF)
    assert assessment.ratings.count() == count
    assert set(assessment.ratings.values_list("level", flat=True)) == {3}  # the third level, chosen above
