"""Demo data for programs: a realistic school year of offerings, sessions, enrollment, attendance, feedback
and PD plans, and last year's, more lightly, for history.

Runs after the district and competencies seeders. For the current school year every program of the
shipped catalogue gets its offerings (cohorts where a program runs in groups), facilitators from the Office
and partner organisations, and sessions on the district's calendar (weekdays, no holidays, the district's
time zone): the Leadership Conference on the second Tuesday of each month, the AP Conference on the third
Wednesday, New Leader PD on the first Thursday after an August orientation, the Summer Institute for four
days from the first Monday of August, the Winter Institute one day in early January, three Leadership
Convenings, four level-alike meetings per school level at school sites, six sessions of each racial-equity
cohort after school, monthly school-team coaching and spotlight visits. Last year has the Leadership and AP
Conferences, the Convenings, New Leader PD and the equity series, all completed.

Who is enrolled: first- and second-year leaders in New Leader PD; every principal and head of school in the
Leadership Conference; APs in the AP Conference; principals and APs in the Convenings and their level's
meetings; each school's leaders and teacher leaders (its ILT) in the Summer and Winter Institutes. Each
principal and AP takes exactly one racial-equity series, except a handful who deliberately have none (some
of them withdrew) or two, so that the compliance page has something to show at every scale. The think tanks
are small and full: people who asked for them late wait on their list while taking another series. The
Black Male Leadership Think Tank is opt-in: people joined by accepting an invitation, and a few invitations
are still open.

Sessions held before the demo's "today" (``AS_OF``: November 25 of the current school year) have
attendance: mostly present, some late, excused or absent, with a few people missing more than most; about
a quarter of those present leave feedback. Each first- and second-year leader has a PD plan with one to
three goals tied to competencies of the active framework; second-year leaders also have last year's.

Deterministic for a seed: every choice is drawn from ``run.rng(...)`` keyed by the person's employee id or
the school's code, never by position in a list, so a larger scale keeps a smaller one's choices. Idempotent:
rows are found by their natural keys and only the missing ones are inserted, in bulk. The demo logins are
looked after: leader@ (a first-year principal) and ap@ (a second-year AP) take exactly one equity series,
have attendance and a plan, and mentor@ (a veteran principal) facilitates the spotlight sessions.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models

from competencies.models import Competency
from competencies.queries.assessments import office_version
from leaderdev.audit import bulk_create_audited
from leaderdev.demo import FIRST_NAMES, LAST_NAMES, DemoRun, seeder
from leaderdev.models import (
    SCHOOL_LEADER_POSITIONS,
    Person,
    Position,
    School,
    SchoolLevel,
    SchoolYear,
    User,
)

from .models import (
    PARTICIPATING,
    Attendance,
    AttendanceStatus,
    BlackoutDate,
    BlackoutKind,
    Enrollment,
    EnrollmentStatus,
    Facilitator,
    GoalStatus,
    Offering,
    PDPlan,
    PlanComment,
    PlanGoal,
    Program,
    Session,
    SessionFeedback,
)
from .queries.equity import EQUITY_POSITIONS

BATCH_SIZE = 2000
# The demo's "today": sessions before it have been held. The month and day of the current school year's
# autumn, so the demo looks the same whichever year is current.
AS_OF = (11, 25)

PRINCIPALS = (Position.PRINCIPAL, Position.HEAD_OF_SCHOOL)
ILT_POSITIONS = (*SCHOOL_LEADER_POSITIONS, Position.TEACHER_LEADER)

# --- The catalogue's programs, by the names the data migration ships -----------------------------------

NEW_LEADER_PD = "New Leader PD"
CONFERENCE = "Leadership Conference"
AP_CONFERENCE = "Assistant Principal Conference"
LEVEL_ALIKE = "Level-alike Meeting"
SUMMER = "Summer Institute"
WINTER = "Winter Institute"
CONVENING = "Leadership Convening"
SELF_AS_CORE = "Self as Core"
MICRO = "Micro Disruptions"
MACRO = "Macro Disruptions"
NIC = "Equity Networked Improvement Community"
THINK_TANK = "Equity Leadership Think Tank"
BLACK_MALE_THINK_TANK = "Black Male Leadership Think Tank"
TEAM_COACHING = "School-Team Coaching"
SPOTLIGHT = "Spotlight Sessions"

# Which series people take, and how often; first-year leaders mostly start with Self as Core.
EQUITY_MIX = {SELF_AS_CORE: 28, MICRO: 24, MACRO: 18, NIC: 14, THINK_TANK: 10, BLACK_MALE_THINK_TANK: 6}
FIRST_YEAR_EQUITY_MIX = {SELF_AS_CORE: 70, MICRO: 15, NIC: 10, BLACK_MALE_THINK_TANK: 5}
EQUITY_CAPACITY = {SELF_AS_CORE: 25, MICRO: 25, MACRO: 25, NIC: 30, THINK_TANK: 14, BLACK_MALE_THINK_TANK: 12}
# The think tanks are small by design and take exactly the people who signed up in time: full.
TIGHT = {THINK_TANK, BLACK_MALE_THINK_TANK}
# The weekday (0 = Monday) each series meets, after school.
EQUITY_WEEKDAY = {SELF_AS_CORE: 1, MICRO: 2, MACRO: 3, NIC: 0, THINK_TANK: 2, BLACK_MALE_THINK_TANK: 3}
EQUITY_MONTHS = (10, 11, 1, 2, 3, 5)
# How a year's people stand on the equity rule: the shares who deliberately have none or two.
NO_EQUITY_SHARE = {"current": 0.035, "previous": 0.015}
TWO_EQUITY_SHARE = {"current": 0.025, "previous": 0.01}
WAITLISTED_SHARE = 0.05  # asked for a think tank once it was full: waitlisted there, taking another series
INVITED_SHARE = 0.03  # invited to the Black Male Leadership Think Tank, not answered yet
NEW_LEADER_COHORT = 25
TEAM_COACHING_SCHOOLS = 0.15  # share of schools in school-team coaching
TEAM_COACHING_COHORT = 6  # schools per coaching cohort
SPOTLIGHT_SHARE = 0.2  # share of school leaders who signed up for spotlight visits

# Attendance: most people come to most sessions; a few miss more than most.
ATTENDANCE_MIX = {
    AttendanceStatus.PRESENT: 82,
    AttendanceStatus.LATE: 7,
    AttendanceStatus.EXCUSED: 7,
    AttendanceStatus.ABSENT: 4,
}
PATCHY_ATTENDANCE_MIX = {
    AttendanceStatus.PRESENT: 55,
    AttendanceStatus.LATE: 12,
    AttendanceStatus.EXCUSED: 18,
    AttendanceStatus.ABSENT: 15,
}
PATCHY_SHARE = 0.06
FEATURED_ATTENDANCE_MIX = {AttendanceStatus.PRESENT: 90, AttendanceStatus.LATE: 10}
FEEDBACK_SHARE = 0.25
RATING_MIX = {5: 36, 4: 40, 3: 17, 2: 5, 1: 2}
FEEDBACK_COMMENTS = [
    "The protocol for looking at student work is something I will use with my ILT next week.",
    "More time for the case study, please; the discussion was the best part.",
    "Practical and well paced. The templates are already on our shared drive.",
    "Hearing how other schools handled the same problem helped me the most.",
    "The pre-reading was long; a summary would help busy weeks.",
    "I left with a concrete next step for my leadership team.",
    "Good content, but the room was too crowded for small-group work.",
    "Grateful for the space to reflect with colleagues at my level.",
    "I would like follow-up resources on the data protocol.",
    "Strong facilitation; the norms kept the conversation honest.",
]
WITHDRAWAL_NOTES = [
    "Withdrew: the series meets on the evening of the school's family nights.",
    "Withdrew after the first session: schedule conflict with the school's budget season.",
    "Withdrew: on leave this winter.",
]

# External facilitators (made-up people of made-up partner organisations) and what they lead.
PARTNERS = {
    "equity": "Equity Leadership Collaborative",
    "coaching": "School Excellence Network",
    "new-leaders": "New England Center for Principal Learning",
    "institute": "Instructional Leadership Partners",
}
EXTERNAL_FACILITATORS = {"equity": 4, "coaching": 3, "new-leaders": 2, "institute": 1}

# Competencies a program's sessions build, by code in the Office's framework (session n takes the n-th).
PROGRAM_COMPETENCIES = {
    NEW_LEADER_PD: ["2.1", "4.2", "3.2", "1.2", "2.2", "3.3", "4.1", "1.1", "2.4", "4.5"],
    CONFERENCE: ["2.2", "3.1", "3.3", "4.3", "2.3", "3.2", "4.4", "1.3", "2.4", "4.5"],
    AP_CONFERENCE: ["3.3", "4.2", "3.2", "2.4", "4.5", "3.1", "4.4", "1.2", "2.1", "4.1"],
    LEVEL_ALIKE: ["3.3", "2.4", "3.2", "4.5"],
    SUMMER: ["2.2", "3.2", "4.1"],
    WINTER: ["3.2", "4.3"],
    CONVENING: ["2.3", "1.1", "4.3"],
    SELF_AS_CORE: ["1.1", "1.1", "1.2", "1.3", "1.1", "2.3"],
    MICRO: ["1.1", "1.3", "3.4", "2.3", "1.2", "4.4"],
    MACRO: ["1.1", "3.4", "2.2", "1.3", "3.4", "2.3"],
    NIC: ["3.4", "3.2", "4.1", "4.5", "3.4", "4.3"],
    THINK_TANK: ["1.1", "2.1", "1.3", "2.3", "1.2", "4.4"],
    BLACK_MALE_THINK_TANK: ["1.1", "2.1", "1.2", "2.3", "1.3", "4.4"],
    TEAM_COACHING: ["4.1", "4.2", "3.2", "4.4", "3.3", "4.3", "4.5", "2.4"],
    SPOTLIGHT: ["4.5", "2.4", "3.3", "1.3", "4.3"],
}
TOPICS = {
    NEW_LEADER_PD: [
        "Your first hundred days",
        "Building your instructional leadership team",
        "Reading your school's data",
        "Family partnership from day one",
        "Setting a vision with your staff",
        "Observation and feedback cycles",
        "Budget and staffing season",
        "Leading through conflict",
        "Protecting time for instruction",
        "Reflecting on year one",
    ],
    CONFERENCE: [
        "Launching the Call-to-Action",
        "Assessment literacy for leaders",
        "Coaching conversations with data",
        "Cross-team structures that last",
        "Unwavering belief in every student",
        "Mid-year data review",
        "Teacher collaboration that sticks",
        "Culturally responsive practice schoolwide",
        "Making practice public",
        "Planning next year's professional learning",
    ],
    AP_CONFERENCE: [
        "The AP as instructional leader",
        "Running effective team meetings",
        "Progress monitoring systems",
        "Supporting new teachers",
        "Designing job-embedded PD",
        "Benchmarks and what they tell us",
        "Culture and climate routines",
        "Restorative approaches to discipline",
        "Listening campaigns",
        "Closing the year strong",
    ],
    LEVEL_ALIKE: [
        "Classroom visits: student discourse",
        "Teacher team meeting in action",
        "Problem of practice: intervention blocks",
        "Coaching conversation observation",
    ],
    CONVENING: [
        "Fall Convening: our shared vision",
        "Winter Convening: equity in every decision",
        "Spring Convening: learning across networks",
    ],
    SELF_AS_CORE: [
        "Racial identity and leadership",
        "How systemic racism operates",
        "Bias in everyday decisions",
        "Knowing our students and families",
        "Leading from self-understanding",
        "Commitments for the year ahead",
    ],
    MICRO: [
        "Noticing school-level inequities",
        "Disrupting inequitable norms",
        "Equity in discipline data",
        "Inclusive practices and structures",
        "Family voice in school decisions",
        "Sustaining change in the building",
    ],
    MACRO: [
        "System-level patterns of inequity",
        "Policy as practice",
        "Resource allocation through an equity lens",
        "Disaggregating district data",
        "Coalitions for change",
        "Advocacy plans",
    ],
    NIC: [
        "Equity audit findings",
        "Choosing a change idea",
        "Plan-do-study-act, cycle one",
        "Learning from cycle one",
        "Scaling what works",
        "Sharing results across schools",
    ],
    THINK_TANK: [
        "Consultancy: a day-to-day equity dilemma",
        "Peer mentoring triads",
        "Tuning protocol: an equity plan",
        "Consultancy: courageous conversations",
        "Peer mentoring triads, part two",
        "Lessons for the district",
    ],
    BLACK_MALE_THINK_TANK: [
        "Leading as a Black man: opening circle",
        "Mentoring each other",
        "Navigating the system",
        "Sustaining ourselves",
        "Mentoring the next generation",
        "Closing circle",
    ],
    TEAM_COACHING: [
        "Choosing the school improvement initiative",
        "Action steps by tier",
        "Monitoring the first action steps",
        "Mid-course correction",
        "Student work analysis protocol",
        "Team data review",
        "Role-specific coaching debrief",
        "Celebrating progress",
    ],
    SPOTLIGHT: [
        "Spotlight: student work analysis in teacher teams",
        "Spotlight: Tier I supports for English learners",
        "Spotlight: restorative practices",
        "Spotlight: family learning nights",
        "Spotlight: student-led conferences",
    ],
}
GOALS = {
    1: [
        "Lead a monthly equity-audit review with the ILT and act on one finding each cycle.",
        "Hold listening sessions with families whose voices are heard least, and report back what changed.",
        "Review discipline data by student group every month and adjust one practice each quarter.",
    ],
    2: [
        "Co-write the school's instructional vision with teachers and families by January.",
        "Open one classroom a month for peer observation and debrief it with the staff.",
        "Share the vision at every staff meeting with one example of it in a classroom.",
    ],
    3: [
        "Run a six-week data cycle with each grade-level team and share the results with staff.",
        "Build a progress-monitoring calendar with the ILT and check it every two weeks.",
        "Connect every coaching conversation to one piece of student data.",
    ],
    4: [
        "Set norms and agendas for the ILT and rotate facilitation among teacher leaders.",
        "Create a cross-team structure for sharing wins and problems of practice.",
        "Design three job-embedded PD sessions with teacher leaders.",
    ],
}
REFLECTIONS = [
    "The data cycles changed how our grade-level teams talk about students. Next year the ILT runs them.",
    "I learned to protect time for classroom visits; the budget season still pulled me away too often.",
    "Our equity audit surprised us. The family listening sessions were the most important thing I did.",
]
PLAN_COMMENTS = [
    "Strong goals. Let's look at the first data cycle together at our next coaching session.",
    "Consider narrowing the second goal to one grade band so you can see progress by winter.",
    "Great progress on the ILT norms: bring an agenda to share at the next New Leader PD.",
]


# --- The district calendar ------------------------------------------------------------------------------


def nth_weekday(year: int, month: int, weekday: int, n: int) -> datetime.date:
    """The n-th `weekday` (0 = Monday) of a month; n = -1 for the last one."""
    if n == -1:
        last = datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)
        return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def holidays(year: int) -> set[datetime.date]:
    """Days the district's schools are closed in the school year that starts in `year` (approximately)."""
    days = {
        nth_weekday(year, 9, 0, 1),  # Labor Day
        nth_weekday(year, 10, 0, 2),  # Indigenous Peoples' Day
        datetime.date(year, 11, 11),  # Veterans Day
        nth_weekday(year, 11, 3, 4),  # Thanksgiving
        nth_weekday(year, 11, 3, 4) + datetime.timedelta(days=1),
        nth_weekday(year + 1, 1, 0, 3),  # Martin Luther King Jr. Day
        nth_weekday(year + 1, 5, 0, -1),  # Memorial Day
        datetime.date(year + 1, 6, 19),  # Juneteenth
    }
    days.update(datetime.date(year, 12, 24) + datetime.timedelta(days=n) for n in range(9))  # winter recess
    for vacation_monday in (nth_weekday(year + 1, 2, 0, 3), nth_weekday(year + 1, 4, 0, 3)):
        days.update(vacation_monday + datetime.timedelta(days=n) for n in range(5))  # February, April
    return days


def school_day(day: datetime.date, year: int) -> datetime.date:
    """`day`, or the next weekday the schools are open."""
    closed = holidays(year)
    while day.weekday() >= 5 or day in closed:
        day += datetime.timedelta(days=1)
    return day


def month_of(year: int, month: int) -> tuple[int, int]:
    """(calendar year, month) of `month` in the school year starting in `year` (July-June)."""
    return (year, month) if month >= 7 else (year + 1, month)


def on(year: int, month: int, weekday: int, n: int) -> datetime.date:
    """The n-th `weekday` of `month` of school year `year`; a week later when the schools are closed."""
    day = nth_weekday(*month_of(year, month), weekday, n)
    closed = holidays(year)
    while day in closed:
        day += datetime.timedelta(days=7)
    return day


SCHOOL_MONTHS = (9, 10, 11, 12, 1, 2, 3, 4, 5, 6)


# --- The plan -------------------------------------------------------------------------------------------


@dataclass
class Who:
    """A person as the seeder needs them, read once."""

    pk: int
    employee_id: str
    position: str
    school_id: int | None
    role_start_date: datetime.date
    email: str  # their login's, if any

    def year_in_role(self, year: SchoolYear) -> int | None:
        return Person(role_start_date=self.role_start_date).year_in_role(year)  # the rule lives there


@dataclass
class PlannedSession:
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    location: str = ""
    school_id: int | None = None
    competencies: tuple[str, ...] = ()


@dataclass
class PlannedEnrollment:
    person: Who
    status: str
    changed_on: datetime.date
    note: str = ""


@dataclass
class PlannedOffering:
    program: str
    year: SchoolYear
    cohort: str = ""
    description: str = ""
    capacity: int | None = None
    eligible_positions: list[str] = field(default_factory=list)
    max_year_in_role: int | None = None
    school_level: str = ""
    is_opt_in: bool = False
    facilitators: list[str] = field(default_factory=list)  # facilitator keys
    sessions: list[PlannedSession] = field(default_factory=list)
    enrollments: dict[int, PlannedEnrollment] = field(default_factory=dict)  # by person pk

    def enroll(self, person: Who, status: str, changed_on: datetime.date, note: str = "") -> None:
        self.enrollments.setdefault(person.pk, PlannedEnrollment(person, status, changed_on, note))

    @property
    def taking_part(self) -> int:
        return sum(1 for e in self.enrollments.values() if e.status in PARTICIPATING)


def tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz())


def session(title, day, start, end, *, last_day=None, location="", school_id=None, competencies=()):
    """A PlannedSession on `day` from `start` to `end` ((hour, minute)), possibly ending on `last_day`."""
    return PlannedSession(
        title=title,
        starts_at=at(day, *start),
        ends_at=at(last_day or day, *end),
        location=location,
        school_id=school_id,
        competencies=tuple(competencies),
    )


def numbered(program: str, n: int) -> str:
    topics = TOPICS[program]
    return f"Session {n + 1}: {topics[n % len(topics)]}"


def cohorts_of(people: list, size: int) -> list[list]:
    return [people[start : start + size] for start in range(0, len(people), size)]


class Planner:
    """Plans one school year of offerings, sessions and enrollment (nothing touches the database here)."""

    def __init__(self, run: DemoRun, year: SchoolYear, people: list[Who], schools: list, *, full: bool):
        self.run = run
        self.year = year
        self.y = year.leadership_year
        self.full = full
        self.era = "current" if full else "previous"
        self.offerings: list[PlannedOffering] = []
        self.schools = schools  # (pk, code, level), in code order
        self.people = [p for p in people if p.role_start_date <= year.end_date]
        self.by_school: dict[int, list[Who]] = defaultdict(list)
        for person in self.people:
            if person.school_id is not None:
                self.by_school[person.school_id].append(person)
        self.enrolled_on = datetime.date(self.y, 8, 20)

    # Who ------------------------------------------------------------------------------------------------

    def with_positions(self, positions) -> list[Who]:
        return [p for p in self.people if p.position in positions]

    def new_leaders(self) -> list[Who]:
        return [
            p
            for p in self.people
            if p.position in SCHOOL_LEADER_POSITIONS and p.year_in_role(self.year) in (1, 2)
        ]

    def status(self) -> str:
        return EnrollmentStatus.ENROLLED if self.full else EnrollmentStatus.COMPLETED

    def add(self, offering: PlannedOffering) -> PlannedOffering:
        self.offerings.append(offering)
        return offering

    # The programs -----------------------------------------------------------------------------------------

    def plan(self) -> list[PlannedOffering]:
        self.new_leader_pd()
        self.conference()
        self.ap_conference()
        self.convening()
        self.equity()
        if self.full:
            self.level_alike()
            self.institutes()
            self.team_coaching()
            self.spotlight()
        return self.offerings

    def new_leader_pd(self):
        orientation = on(self.y, 8, 3, 2)
        for number, members in enumerate(cohorts_of(self.new_leaders(), NEW_LEADER_COHORT), start=1):
            room = f"Bolling Building, Room {200 + number}"
            sessions = [
                session(
                    "Orientation: the year ahead",
                    orientation,
                    (9, 0),
                    (15, 0),
                    location="Bolling Building, Hall A",
                    competencies=["2.1", "4.1"],
                )
            ]
            for n, month in enumerate(SCHOOL_MONTHS[:-1]):
                day = on(self.y, month, 3, 1)
                codes = [PROGRAM_COMPETENCIES[NEW_LEADER_PD][n]]
                sessions.append(
                    session(
                        numbered(NEW_LEADER_PD, n), day, (13, 0), (16, 0), location=room, competencies=codes
                    )
                )
            offering = self.add(
                PlannedOffering(
                    NEW_LEADER_PD,
                    self.year,
                    cohort=f"Cohort {number}",
                    capacity=NEW_LEADER_COHORT,
                    max_year_in_role=2,
                    facilitators=["office:0", "office:1", f"new-leaders:{number % 2}"],
                    sessions=sessions,
                )
            )
            for person in members:
                offering.enroll(person, self.status(), self.enrolled_on)

    def monthly(self, program, weekday, n, start, end, location, people, positions, facilitators):
        sessions = [
            session(
                numbered(program, index),
                on(self.y, month, weekday, n),
                start,
                end,
                location=location,
                competencies=[PROGRAM_COMPETENCIES[program][index]],
            )
            for index, month in enumerate(SCHOOL_MONTHS)
        ]
        offering = self.add(
            PlannedOffering(
                program,
                self.year,
                eligible_positions=list(positions),
                facilitators=facilitators,
                sessions=sessions,
            )
        )
        for person in people:
            offering.enroll(person, self.status(), self.enrolled_on)

    def conference(self):
        self.monthly(
            CONFERENCE, 1, 2, (8, 30), (15, 30), "Bolling Building, Hall A",
            self.with_positions(PRINCIPALS), PRINCIPALS, ["office:2", "office:3"],
        )  # fmt: skip

    def ap_conference(self):
        aps = (Position.ASSISTANT_PRINCIPAL,)
        self.monthly(
            AP_CONFERENCE, 2, 3, (8, 30), (12, 30), "Bolling Building, Hall B",
            self.with_positions(aps), aps, ["office:4", "office:5"],
        )  # fmt: skip

    def convening(self):
        days = [on(self.y, 9, 2, -1), on(self.y, 1, 2, -1), on(self.y, 5, 2, 1)]
        sessions = [
            session(
                TOPICS[CONVENING][n],
                day,
                (8, 0),
                (15, 0),
                location="District convening hall",
                competencies=[PROGRAM_COMPETENCIES[CONVENING][n]],
            )
            for n, day in enumerate(days)
        ]
        offering = self.add(
            PlannedOffering(
                CONVENING,
                self.year,
                eligible_positions=list(EQUITY_POSITIONS),
                facilitators=["office:6", "office:7", "office:0"],
                sessions=sessions,
            )
        )
        for person in self.with_positions(EQUITY_POSITIONS):
            offering.enroll(person, self.status(), self.enrolled_on)

    def level_alike(self):
        levels = {level for _, _, level in self.schools}
        for level in SchoolLevel:
            if level not in levels:
                continue
            hosts = [(pk, code) for pk, code, lvl in self.schools if lvl == level]
            sessions = []
            for n, month in enumerate((10, 12, 2, 4)):
                rng = self.run.rng("level-alike-host", self.year.name, level, n)
                host = rng.choice(hosts)
                sessions.append(
                    session(
                        numbered(LEVEL_ALIKE, n),
                        on(self.y, month, 4, 1),
                        (8, 30),
                        (12, 0),
                        location="Library",
                        school_id=host[0],
                        competencies=[PROGRAM_COMPETENCIES[LEVEL_ALIKE][n]],
                    )
                )
            offering = self.add(
                PlannedOffering(
                    LEVEL_ALIKE,
                    self.year,
                    cohort=level.label,
                    school_level=level,
                    eligible_positions=list(EQUITY_POSITIONS),
                    facilitators=["office:5", "mentor"],
                    sessions=sessions,
                )
            )
            level_schools = {pk for pk, _, lvl in self.schools if lvl == level}
            for person in self.with_positions(EQUITY_POSITIONS):
                if person.school_id in level_schools:
                    offering.enroll(person, self.status(), self.enrolled_on)

    def institutes(self):
        summer_start = nth_weekday(self.y, 8, 0, 1)
        winter_day = school_day(datetime.date(self.y + 1, 1, 5), self.y)
        for program, first, last, end in (
            (SUMMER, summer_start, summer_start + datetime.timedelta(days=3), (15, 30)),
            (WINTER, winter_day, winter_day, (15, 30)),
        ):
            offering = self.add(
                PlannedOffering(
                    program,
                    self.year,
                    facilitators=["office:0", "office:2", "institute:0"],
                    sessions=[
                        session(
                            f"{program} {first.year}",
                            first,
                            (8, 30),
                            end,
                            last_day=last,
                            location="District professional learning center",
                            competencies=PROGRAM_COMPETENCIES[program],
                        )
                    ],
                )
            )
            for person in self.with_positions(ILT_POSITIONS):
                if person.role_start_date <= first:
                    offering.enroll(person, self.status(), first - datetime.timedelta(days=30))

    def team_coaching(self):
        chosen = [
            (pk, code)
            for pk, code, _ in self.schools
            if self.run.rng("team-coaching", code).random() < TEAM_COACHING_SCHOOLS
        ]
        for number, schools in enumerate(cohorts_of(chosen, TEAM_COACHING_COHORT), start=1):
            sessions = [
                session(
                    numbered(TEAM_COACHING, n),
                    on(self.y, month, 4, 2),
                    (13, 30),
                    (15, 30),
                    location="ILT meeting room",
                    school_id=schools[n % len(schools)][0],
                    competencies=[PROGRAM_COMPETENCIES[TEAM_COACHING][n]],
                )
                for n, month in enumerate((10, 11, 12, 1, 2, 3, 4, 5))
            ]
            offering = self.add(
                PlannedOffering(
                    TEAM_COACHING,
                    self.year,
                    cohort=f"Cohort {number}",
                    description="Schools: " + ", ".join(code for _, code in schools),
                    eligible_positions=list(ILT_POSITIONS),
                    facilitators=[f"coaching:{number % EXTERNAL_FACILITATORS['coaching']}"],
                    sessions=sessions,
                )
            )
            for school_pk, _ in schools:
                for person in self.by_school[school_pk]:
                    if person.position in ILT_POSITIONS:
                        offering.enroll(person, self.status(), datetime.date(self.y, 9, 25))

    def spotlight(self):
        hosts = self.schools
        sessions = []
        for n, month in enumerate((11, 12, 2, 3, 5)):
            rng = self.run.rng("spotlight-host", self.year.name, n)
            host = hosts[rng.randrange(min(len(hosts), 8))]  # the first schools exist at every scale
            sessions.append(
                session(
                    TOPICS[SPOTLIGHT][n],
                    on(self.y, month, 2, 2),
                    (9, 0),
                    (11, 0),
                    location="Main office",
                    school_id=host[0],
                    competencies=[PROGRAM_COMPETENCIES[SPOTLIGHT][n]],
                )
            )
        offering = self.add(
            PlannedOffering(SPOTLIGHT, self.year, facilitators=["mentor", "office:5"], sessions=sessions)
        )
        for person in self.with_positions(SCHOOL_LEADER_POSITIONS):
            if self.run.rng("spotlight", person.employee_id).random() < SPOTLIGHT_SHARE:
                offering.enroll(person, self.status(), datetime.date(self.y, 10, 15))

    # The racial-equity series -------------------------------------------------------------------------------

    def equity_sessions(self, program: str, number: int) -> list[PlannedSession]:
        week = 1 + (number - 1) % 3
        return [
            session(
                numbered(program, n),
                on(self.y, month, EQUITY_WEEKDAY[program], week),
                (15, 30),
                (18, 0),
                location=f"Bolling Building, Room {300 + number}",
                competencies=[PROGRAM_COMPETENCIES[program][n]],
            )
            for n, month in enumerate(EQUITY_MONTHS)
        ]

    def equity(self):
        """Each principal and AP in one series; a few in none or two; waitlists and open invitations.

        Cohorts fill in employee-id order, so a larger scale fills the same cohorts first.
        """
        population = self.with_positions(EQUITY_POSITIONS)
        featured = {p.pk for p in population if p.email}
        draws = {
            p.pk: self.run.rng("equity-rule", self.year.name, p.employee_id).random() for p in population
        }
        none_share, two_share = NO_EQUITY_SHARE[self.era], TWO_EQUITY_SHARE[self.era]
        standing = {}
        for person in population:
            u = draws[person.pk]
            standing[person.pk] = "none" if u < none_share else "two" if u < none_share + two_share else "one"
            if person.pk in featured:
                standing[person.pk] = "one"
        # Something to show at every scale: at least one person in each state.
        candidates = sorted((p for p in population if p.pk not in featured), key=lambda p: draws[p.pk])
        for state in ("none", "two"):
            if candidates and state not in standing.values():
                chosen = next((p for p in candidates if standing[p.pk] == "one"), None)
                if chosen is not None:
                    standing[chosen.pk] = state

        # Fill cohorts in order: program -> list of cohorts, each a PlannedOffering.
        cohorts: dict[str, list[PlannedOffering]] = {program: [] for program in EQUITY_MIX}

        def place(program: str) -> PlannedOffering:
            """The cohort of `program` with room for one more, opening a new one when all are full."""
            current = cohorts[program][-1] if cohorts[program] else None
            if current is None or current.taking_part >= EQUITY_CAPACITY[program]:
                number = len(cohorts[program]) + 1
                current = self.add(
                    PlannedOffering(
                        program,
                        self.year,
                        cohort=f"Cohort {number}",
                        capacity=EQUITY_CAPACITY[program],
                        eligible_positions=list(EQUITY_POSITIONS),
                        is_opt_in=program == BLACK_MALE_THINK_TANK,
                        facilitators=[f"equity:{(number + len(cohorts)) % EXTERNAL_FACILITATORS['equity']}"],
                        sessions=self.equity_sessions(program, number),
                    )
                )
                cohorts[program].append(current)
            return current

        late_requests: list[tuple[Who, str, str]] = []
        for person in population:
            rng = self.run.rng("equity", self.year.name, person.employee_id)
            first_year = person.year_in_role(self.year) == 1
            mix = FIRST_YEAR_EQUITY_MIX if first_year else EQUITY_MIX
            program = rng.choices(list(mix), weights=list(mix.values()))[0]
            second = rng.choice([p for p in EQUITY_MIX if p not in (program, BLACK_MALE_THINK_TANK)])
            signed_up = datetime.date(self.y, 9, 1) + datetime.timedelta(days=rng.randrange(20))
            state = standing[person.pk]
            if state == "none":
                if rng.random() < 0.6:
                    note = rng.choice(WITHDRAWAL_NOTES)
                    place(program).enroll(person, EnrollmentStatus.WITHDRAWN, signed_up, note)
                continue
            place(program).enroll(person, self.status(), signed_up)
            if state == "two":
                place(second).enroll(person, self.status(), signed_up + datetime.timedelta(days=10))
            if self.full and person.pk not in featured:
                if rng.random() < WAITLISTED_SHARE and program != THINK_TANK:
                    late_requests.append((person, EnrollmentStatus.WAITLISTED, THINK_TANK))
                elif rng.random() < INVITED_SHARE and program != BLACK_MALE_THINK_TANK:
                    late_requests.append((person, EnrollmentStatus.INVITED, BLACK_MALE_THINK_TANK))

        # The think tanks took exactly who signed up in time: their last cohort is full as it stands.
        for program in TIGHT:
            if cohorts[program]:
                cohorts[program][-1].capacity = cohorts[program][-1].taking_part or 1
        # Every cohort of a think tank is full, so who asks late waits on one of them (drawn for the person).
        changed_on = datetime.date(self.y, 9, 28)
        for person, status, program in late_requests:
            if cohorts[program]:
                rng = self.run.rng("equity-late", self.year.name, person.employee_id)
                rng.choice(cohorts[program]).enroll(person, status, changed_on)


# --- Writing it ---------------------------------------------------------------------------------------------


def _insert(run: DemoRun, model: type[models.Model], objs: Iterable[models.Model]) -> int:
    objs = list(objs)
    bulk_create_audited(model, objs, batch_size=BATCH_SIZE, reason="Demo data")
    run.created[str(model._meta.verbose_name_plural)] += len(objs)
    return len(objs)


def _people() -> list[Who]:
    rows = (
        Person.objects.filter(is_active=True)
        .order_by("employee_id")
        .values_list("pk", "employee_id", "position", "school_id", "role_start_date", "user__email")
    )
    return [
        Who(pk, eid, position, school, start, email or "") for pk, eid, position, school, start, email in rows
    ]


def _facilitators(run: DemoRun, people: list[Who]) -> dict[str, int]:
    """The facilitator keys the plans use ("office:3", "equity:1", "mentor") -> facilitator ids."""
    office = [p for p in people if p.position == Position.CENTRAL_OFFICE][:8]
    mentor = next((p for p in people if p.email == "mentor@leaderdev.example"), None)
    district = {f"office:{n}": p.pk for n, p in enumerate(office)}
    if mentor is not None:
        district["mentor"] = mentor.pk
    external = {}
    for kind, count in EXTERNAL_FACILITATORS.items():
        organisation = PARTNERS[kind]
        domain = organisation.lower().replace(" ", "") + ".example"
        for n in range(count):
            rng = run.rng("facilitator", kind, n)
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            local = "".join(
                ch for ch in f"{first}.{last}".lower() if ch.isascii() and (ch.isalnum() or ch == ".")
            )
            external[f"{kind}:{n}"] = Facilitator(
                name=f"{first} {last}", organisation=organisation, email=f"{local}@{domain}"
            )

    have_people = set(Facilitator.objects.filter(person__isnull=False).values_list("person_id", flat=True))
    have_named = set(Facilitator.objects.filter(person__isnull=True).values_list("name", "organisation"))
    _insert(
        run, Facilitator, [Facilitator(person_id=pk) for pk in district.values() if pk not in have_people]
    )
    _insert(run, Facilitator, [f for f in external.values() if (f.name, f.organisation) not in have_named])

    by_person = dict(Facilitator.objects.filter(person__isnull=False).values_list("person_id", "pk"))
    by_name = {
        (name, organisation): pk
        for pk, name, organisation in Facilitator.objects.filter(person__isnull=True).values_list(
            "pk", "name", "organisation"
        )
    }
    keys = {key: by_person[pk] for key, pk in district.items()}
    keys.update({key: by_name[(f.name, f.organisation)] for key, f in external.items()})
    return keys


def _competency_ids() -> dict[str, int]:
    version = office_version()
    if version is None:
        return {}
    rows = Competency.objects.filter(domain__version=version).values_list("pk", "domain__number", "number")
    return {f"{domain}.{number}": pk for pk, domain, number in rows}


def _write_offerings(run, plans, programs, facilitator_ids) -> dict[tuple, int]:
    """Insert the missing offerings (and their facilitators); raise a full cohort's capacity if it grew."""
    years = {plan.year.pk for plan in plans}
    existing = {
        (o.program_id, o.school_year_id, o.cohort): o for o in Offering.objects.filter(school_year__in=years)
    }
    new, grown = [], []
    for plan in plans:
        key = (programs[plan.program], plan.year.pk, plan.cohort)
        if key in existing:
            stored = existing[key]
            if plan.capacity is not None and stored.capacity is not None and plan.capacity > stored.capacity:
                stored.capacity = plan.capacity  # a larger scale seeded over a smaller one fills it further
                grown.append(stored)
            continue
        new.append(
            Offering(
                program_id=key[0],
                school_year_id=key[1],
                cohort=plan.cohort,
                description=plan.description,
                capacity=plan.capacity,
                eligible_positions=plan.eligible_positions,
                max_year_in_role=plan.max_year_in_role,
                school_level=plan.school_level,
                is_opt_in=plan.is_opt_in,
            )
        )
    _insert(run, Offering, new)
    Offering.objects.bulk_update(grown, ["capacity"], batch_size=BATCH_SIZE)
    ids = {
        (program_id, year_id, cohort): pk
        for pk, program_id, year_id, cohort in Offering.objects.filter(school_year__in=years).values_list(
            "pk", "program_id", "school_year_id", "cohort"
        )
    }
    new_keys = {(o.program_id, o.school_year_id, o.cohort) for o in new}
    through = Offering.facilitators.through
    through.objects.bulk_create(
        [
            through(offering_id=ids[key], facilitator_id=facilitator_ids[name])
            for plan in plans
            if (key := (programs[plan.program], plan.year.pk, plan.cohort)) in new_keys
            for name in dict.fromkeys(plan.facilitators)
            if name in facilitator_ids
        ],
        batch_size=BATCH_SIZE,
    )
    return {id(plan): ids[(programs[plan.program], plan.year.pk, plan.cohort)] for plan in plans}


def _write_sessions(run, plans, offering_ids, facilitator_ids, competency_ids) -> dict[tuple, int]:
    """Insert the missing sessions with their facilitators and competencies; return ids by natural key."""
    offering_pks = set(offering_ids.values())

    def stored():
        return {
            (offering_id, title, starts_at): pk
            for pk, offering_id, title, starts_at in Session.objects.filter(
                offering_id__in=offering_pks
            ).values_list("pk", "offering_id", "title", "starts_at")
        }

    existing = stored()
    new, tags = [], []
    for plan in plans:
        offering_id = offering_ids[id(plan)]
        for planned in plan.sessions:
            key = (offering_id, planned.title, planned.starts_at)
            if key in existing:
                continue
            new.append(
                Session(
                    offering_id=offering_id,
                    title=planned.title,
                    starts_at=planned.starts_at,
                    ends_at=planned.ends_at,
                    location=planned.location,
                    school_id=planned.school_id,
                )
            )
            tags.append((key, plan.facilitators, planned.competencies))
    _insert(run, Session, new)
    ids = stored() if new else existing
    facilitators = Session.facilitators.through
    facilitators.objects.bulk_create(
        [
            facilitators(session_id=ids[key], facilitator_id=facilitator_ids[name])
            for key, names, _ in tags
            for name in dict.fromkeys(names)
            if name in facilitator_ids
        ],
        batch_size=BATCH_SIZE,
    )
    competencies = Session.competencies.through
    competencies.objects.bulk_create(
        [
            competencies(session_id=ids[key], competency_id=competency_ids[code])
            for key, _, codes in tags
            for code in dict.fromkeys(codes)
            if code in competency_ids
        ],
        batch_size=BATCH_SIZE,
    )
    return ids


def _write_enrollments(run, plans, offering_ids) -> None:
    existing = set(
        Enrollment.objects.filter(offering_id__in=set(offering_ids.values())).values_list(
            "offering_id", "person_id"
        )
    )
    new = []
    for plan in plans:
        offering_id = offering_ids[id(plan)]
        for person_pk, planned in plan.enrollments.items():
            if (offering_id, person_pk) in existing:
                continue
            new.append(
                Enrollment(
                    offering_id=offering_id,
                    person_id=person_pk,
                    status=planned.status,
                    status_changed_at=at(planned.changed_on, 10),
                    note=planned.note,
                )
            )
    _insert(run, Enrollment, new)


def _write_attendance(run, plans, offering_ids, session_ids, as_of: datetime.date, recorder_id) -> None:
    """Attendance (and some feedback) for every session held before `as_of`, for who took part."""
    held = {
        key: pk for key, pk in session_ids.items() if key[2].astimezone(tz()).date() < as_of
    }  # (offering, title, starts_at) -> session id
    held_pks = set(held.values())
    have_attendance = set(
        Attendance.objects.filter(session_id__in=held_pks).values_list("session_id", "person_id")
    )
    have_feedback = set(
        SessionFeedback.objects.filter(session_id__in=held_pks).values_list("session_id", "person_id")
    )
    attendance, feedback = [], []
    statuses, weights = list(ATTENDANCE_MIX), list(ATTENDANCE_MIX.values())
    patchy_weights = list(PATCHY_ATTENDANCE_MIX.values())
    featured_weights = [FEATURED_ATTENDANCE_MIX.get(status, 0) for status in statuses]
    ratings, rating_weights = list(RATING_MIX), list(RATING_MIX.values())
    for plan in plans:
        offering_id = offering_ids[id(plan)]
        sessions = [
            (held[key], planned.starts_at.date())
            for planned in plan.sessions
            if (key := (offering_id, planned.title, planned.starts_at)) in held
        ]
        if not sessions:
            continue
        for planned in plan.enrollments.values():
            if planned.status not in PARTICIPATING:
                continue
            person = planned.person
            rng = run.rng("attendance", plan.program, plan.cohort, plan.year.name, person.employee_id)
            if person.email:
                mix = featured_weights  # the demo logins show up: a leader's own page reads well
            else:
                mix = patchy_weights if rng.random() < PATCHY_SHARE else weights
            for session_id, day in sessions:
                if day < person.role_start_date:
                    continue
                status = rng.choices(statuses, weights=mix)[0]
                if (session_id, person.pk) not in have_attendance:
                    attendance.append(
                        Attendance(
                            session_id=session_id,
                            person_id=person.pk,
                            status=status,
                            recorded_by_id=recorder_id,
                        )
                    )
                gives_feedback = status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE) and (
                    rng.random() < FEEDBACK_SHARE or person.email
                )
                if gives_feedback:
                    rating = rng.choices(ratings, weights=rating_weights)[0]
                    comment = rng.choice(FEEDBACK_COMMENTS) if rng.random() < 0.4 else ""
                    if (session_id, person.pk) not in have_feedback:
                        feedback.append(
                            SessionFeedback(
                                session_id=session_id, person_id=person.pk, rating=rating, comment=comment
                            )
                        )
    _insert(run, Attendance, attendance)
    _insert(run, SessionFeedback, feedback)


def _write_plans(
    run, year: SchoolYear, people: list[Who], competency_ids, *, full: bool, commenter_id
) -> None:
    """A PD plan with one to three goals for each first- and second-year leader of `year`."""
    leaders = [
        p
        for p in people
        if p.position in SCHOOL_LEADER_POSITIONS and p.year_in_role(year) in ((1, 2) if full else (1,))
    ]
    for model in (PDPlan, PlanGoal, PlanComment):
        run.created[str(model._meta.verbose_name_plural)] += 0  # listed in the summary even when all exist
    existing = set(PDPlan.objects.filter(school_year=year).values_list("person_id", flat=True))
    leaders = [p for p in leaders if p.pk not in existing]
    if not leaders or not competency_ids:
        return
    # Last year's plans are finished: the leader wrote a reflection on the year.
    _insert(
        run,
        PDPlan,
        [
            PDPlan(
                person_id=p.pk,
                school_year=year,
                reflection=""
                if full
                else run.rng("pd-reflection", year.name, p.employee_id).choice(REFLECTIONS),
            )
            for p in leaders
        ],
    )
    plan_ids = dict(
        PDPlan.objects.filter(school_year=year, person_id__in=[p.pk for p in leaders]).values_list(
            "person_id", "pk"
        )
    )
    codes = sorted(competency_ids)
    goals, comments = [], []
    for person in leaders:
        rng = run.rng("pd-plan", year.name, person.employee_id)
        count = 3 if person.email else rng.choice([1, 2, 2, 3])
        weights = [25, 65, 10] if full else [5, 35, 60]
        for code in rng.sample(codes, count):
            domain = int(code.split(".")[0])
            goals.append(
                PlanGoal(
                    plan_id=plan_ids[person.pk],
                    competency_id=competency_ids[code],
                    goal=rng.choice(GOALS.get(domain, GOALS[4])),
                    status=rng.choices(list(GoalStatus), weights=weights)[0],
                )
            )
        if commenter_id and (person.email or rng.random() < 0.3):
            body = rng.choice(PLAN_COMMENTS)
            comments.append(PlanComment(plan_id=plan_ids[person.pk], author_id=commenter_id, body=body))
    _insert(run, PlanGoal, goals)
    _insert(run, PlanComment, comments)


@seeder
def seed_programs(run: DemoRun) -> None:
    """A year of offerings, sessions, enrollment, attendance, feedback and PD plans; last year's, lightly."""
    current = SchoolYear.objects.current()
    if current is None:
        return
    previous = SchoolYear.objects.filter(start_date__lt=current.start_date).order_by("-start_date").first()
    programs = dict(Program.objects.values_list("name", "pk"))
    people = _people()
    schools = list(School.objects.filter(is_active=True).order_by("code").values_list("pk", "code", "level"))
    facilitator_ids = _facilitators(run, people)
    competency_ids = _competency_ids()
    logins = dict(User.objects.filter(email__endswith="@leaderdev.example").values_list("email", "pk"))

    plans = Planner(run, current, people, schools, full=True).plan()
    if previous is not None:
        plans += Planner(run, previous, people, schools, full=False).plan()
    plans = [plan for plan in plans if plan.program in programs]  # a catalogue program staff removed

    offering_ids = _write_offerings(run, plans, programs, facilitator_ids)
    session_ids = _write_sessions(run, plans, offering_ids, facilitator_ids, competency_ids)
    _write_enrollments(run, plans, offering_ids)
    as_of = datetime.date(current.leadership_year, *AS_OF)
    _write_attendance(run, plans, offering_ids, session_ids, as_of, logins.get("staff@leaderdev.example"))
    commenter = logins.get("coach@leaderdev.example")
    _write_plans(run, current, people, competency_ids, full=True, commenter_id=commenter)
    if previous is not None:
        _write_plans(run, previous, people, competency_ids, full=False, commenter_id=commenter)
    _write_blackouts(run, current)


def blackout_ranges(year: int) -> list[tuple[datetime.date, datetime.date]]:
    """The closed days of `holidays(year)` as runs of consecutive days (winter recess is one range)."""
    ranges: list[list[datetime.date]] = []
    for day in sorted(holidays(year)):
        if ranges and day - ranges[-1][1] == datetime.timedelta(days=1):
            ranges[-1][1] = day
        else:
            ranges.append([day, day])
    return [(start, end) for start, end in ranges]


def _write_blackouts(run: DemoRun, school_year: SchoolYear) -> None:
    """The year's closed days and MCAS testing windows, for convening scheduling (once per year)."""
    if BlackoutDate.objects.filter(school_year=school_year).exists():
        return
    year = school_year.start_date.year
    rows = [
        BlackoutDate(school_year=school_year, start_date=start, end_date=end, reason="Schools closed")
        for start, end in blackout_ranges(year)
    ]
    for subject, month, first_monday in (("ELA", 3, 4), ("Mathematics and science", 5, 2)):
        start = nth_weekday(year + 1, month, 0, first_monday)
        rows.append(
            BlackoutDate(
                school_year=school_year,
                start_date=start,
                end_date=start + datetime.timedelta(days=11),
                kind=BlackoutKind.TESTING,
                reason=f"MCAS {subject} testing window",
            )
        )
    _insert(run, BlackoutDate, rows)


from . import demo_teams  # noqa: E402,F401
