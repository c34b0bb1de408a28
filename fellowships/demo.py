"""Demo data for the Aspiring Principal Fellowship: this year's cohort in residency, next year's open call.

Runs after the district, competencies, programs, mentoring and recruitment seeders. The demo's "today" is
programs.demo.AS_OF (November 25 of the current school year, 2026-2027), so:

- **This year's cohort** ("Aspiring Principal Fellowship 2026-2027", published): max(4, schools // 15)
  places (at most 60), 500 required hours, a residency from September 1 to June 18 and six milestones
  tagged with competencies of the office framework. Its applications came in from January 5 to March 13
  from assistant principals, admin team members and teacher leaders, each with a supervisor (a principal
  of their school who led it when they applied, or a veteran principal of their network) and that
  supervisor's recommendation; all were decided in the spring with a history: selected up to the places,
  one or more waitlisted, the others not selected (at screening or after the interview) or withdrawn,
  each with a reason.
- **Fellows** with growth areas and languages; most opted into the public "Meet our fellows" page, each
  with their own choice of fields and a short bio (no photos). Some ranked hosts they would like.
- **Hosts**: veteran principals and heads of school (preferably of schools without a fellow), confirmed,
  with one or two places and their strengths; one invited principal declined. mentor@'s principal is
  always a host, with two places.
- **Placement** through the real services (fellowships.services.placement, which runs mentoring's
  matching engine): propose_placements, then the demo fellow (fellow@) is pinned to mentor@ with
  pin_proposal when the rules allow, the matching runs again around the pin, and approve_placements turns
  the proposals into residencies that began on September 1.
- **The autumn**: one fellow withdrew in October (move_application), the first on the waiting list took
  the place (move_application again, which checks the places), and the matching proposed a host for them
  that staff have not approved yet: the placements page has work.
- **Residencies**: weekly hours from the first week to the demo's today, with varied weeks (some fellows
  behind an even pace, a few missed weeks), most signed off by the host a few days later, the
  competencies practised; the entry plan (due October 9) done and signed off by most, the equity audit
  (due November 20) by some; a few reflections, some not shared with the host.
- **Next year's cohort** (2027-2028, not published yet): applications open from November 2 to January 29
  and a handful already submitted, a few in screening, some with their recommendation.

Logins: fellow@ (a new Leader login) is one of this year's fellows, hosted by mentor@ (or, when the rules
keep them apart, by a host who gets the login host@). fellow@ is made right after the district, before
the other apps' seeders (see seed_fellow_login). The fellowship is also listed among recruitment's sources
("Aspiring Principal Fellowship"): the readiness decision in June enters ready fellows into next year's pool
through it (fellowships.services.outcomes); in November nobody has been decided yet.

Deterministic for a seed (every choice is drawn from ``run.rng("fellowships", ...)`` keyed by employee
id) and idempotent: cohorts are found by school year, applications by (cohort, person), hosts by
(cohort, person); only new applications are decided, only fellows selected in this run are placed and
only residencies approved in this run get a history, so a second run inserts nothing. A larger scale over
a smaller one raises the cohort's places, decides the new applicants for the places left and places the
new fellows (with the smaller run's pending proposal).
"""

import datetime
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils import timezone

from competencies.models import Competency
from competencies.queries.assessments import office_version
from leaderdev.audit import bulk_create_audited
from leaderdev.demo import BATCH_SIZE, SEEDERS, DemoRun, seed_district, seeder
from leaderdev.models import Person, Position, School, SchoolYear, User
from leaderdev.permissions import Role
from mentoring.models import Conflict, Language
from programs.demo import AS_OF, at, school_day
from recruitment.models import Source, SourceKind

from .models import (
    ApplicationStatus,
    ApplicationStatusChange,
    Cohort,
    CohortMilestone,
    Endorsement,
    Fellow,
    FellowshipApplication,
    FellowStatus,
    Host,
    HostPreference,
    HostStatus,
    HoursEntry,
    Milestone,
    PlacementProposal,
    Recommendation,
    Reflection,
    Residency,
)
from .services import outcomes, placement, residency, selection

FELLOW_LOGIN = "fellow@leaderdev.example"
HOST_LOGIN = "host@leaderdev.example"  # only when mentor@ cannot host the demo fellow
FEATURED_SCHOOLS = [f"S{n:04d}" for n in range(4, 9)]  # the small district's, but not S0001-S0003
MENTOR_LOGIN = "mentor@leaderdev.example"
STAFF_LOGIN = "staff@leaderdev.example"

COHORT_NAME = "Aspiring Principal Fellowship {year}"
PUBLIC_INTRO = (
    "Each year the Office of Leadership Development selects a small cohort of district educators for a "
    "year-long residency alongside one of our experienced principals. Fellows lead real work in a school "
    "every week, from data cycles to family events, and prepare to step into a principal's role the "
    "following year. Meet this year's fellows."
)
MAX_PLACES = 60  # Cohort.places' validator
REQUIRED_HOURS = 500

HEADS = (Position.PRINCIPAL, Position.HEAD_OF_SCHOOL)
APPLICANT_POSITIONS = (Position.ASSISTANT_PRINCIPAL, Position.ADMIN_TEAM_MEMBER, Position.TEACHER_LEADER)
# How many of each position apply in a year: the share, and at least this many applicants per place.
APPLY_SHARE = {
    Position.ASSISTANT_PRINCIPAL: 0.18,
    Position.ADMIN_TEAM_MEMBER: 0.10,
    Position.TEACHER_LEADER: 0.05,
}
NEXT_APPLY_SHARE = {
    Position.ASSISTANT_PRINCIPAL: 0.05,
    Position.ADMIN_TEAM_MEMBER: 0.03,
    Position.TEACHER_LEADER: 0.015,
}
MIN_APPLICANTS_PER_PLACE = 2.5
NEXT_MIN_APPLICANTS = 5
WAITLIST_SHARE = 0.25  # of the places
WITHDRAWN_SHARE = 0.1  # of those neither selected nor waitlisted
HOST_CAPACITY_MIX = {1: 45, 2: 55}
HOST_PREFERENCE_SHARE = 0.35
OPT_IN_SHARE = 0.7
BEHIND_PACE = 0.85  # fellows logging less than this share of an even pace fall behind

# (title, description, (month, day) due, competency codes)
MILESTONES = [
    (
        "Entry plan",
        "Interview the host, the ILT and three families; write a 90-day entry plan and share it.",
        (10, 9),
        ("2.1", "2.2"),
    ),
    (
        "Equity audit",
        "Disaggregate attendance, discipline and achievement data with the host and name one gap to act on.",
        (11, 20),
        ("1.1", "3.4"),
    ),
    (
        "Lead a data cycle",
        "Lead a grade-level team through a full cycle of inquiry: assess, analyse, plan, reteach, reassess.",
        (1, 29),
        ("3.1", "3.2"),
    ),
    (
        "Family engagement event",
        "Plan and run a family event with the family liaison, in the families' languages.",
        (3, 19),
        ("1.2", "1.3"),
    ),
    (
        "Budget simulation",
        "Build next year's school budget in the district's tool and defend it to the host.",
        (4, 30),
        ("4.3", "4.4"),
    ),
    (
        "Capstone presentation",
        "Present the year's learning and a leadership vision to the cohort, hosts and Office staff.",
        (6, 11),
        ("2.2", "4.1"),
    ),
]

WHY_PRINCIPAL = [
    "I have spent my career in classrooms and on leadership teams, and I have seen what a principal who "
    "believes in every child can do for a school community. I want to be that leader for a school in our "
    "district.",
    "As an assistant principal I see every day how much the principal's choices shape teachers' work. I "
    "want to lead a whole school toward a shared instructional vision, and I want the preparation to do it "
    "well.",
    "I grew up in this city and went to its schools. Leading one of them is how I can give back what my "
    "teachers gave me, and make sure families like mine are partners, not visitors.",
    "Our students deserve leaders who stay. I want to learn from a principal who has built a strong "
    "school over years, so that I can do the same in the school I am asked to lead.",
]
LEADERSHIP_EXPERIENCE = [
    "I led our grade 3-5 team through a year of data cycles on reading comprehension. We moved from "
    "sharing scores to planning reteaching together, and the share of students meeting benchmark grew by "
    "eleven points.",
    "When our school adopted a new math curriculum I organised weekly co-planning and peer visits. The "
    "hardest part was building trust so that teachers would open their classrooms; by spring every teacher "
    "had hosted a visit.",
    "I chair our school's student support team. I rebuilt the referral process so that teachers bring data "
    "and a tried strategy, and the time from referral to support fell from six weeks to two.",
    "I coached four first-year teachers through their first year. Three of them now lead their grade-level "
    "teams, and all four stayed in the district.",
]
EQUITY_COMMITMENT = [
    "I led our review of discipline referrals by student group. We found Black boys were referred three "
    "times as often for the same behaviours, changed our response protocol with families, and halved the "
    "gap in a year.",
    "I worked with our family liaison to hold every family conference in the family's language, with "
    "interpreters booked in advance. Attendance at conferences rose from 55 to 85 percent.",
    "Our advanced math course was almost all white and Asian students. I changed placement to use multiple "
    "measures and added a summer bridge; this year the course reflects our school.",
    "I started a book study on culturally sustaining pedagogy with our ILT and followed it with classroom "
    "visits focused on whose voices are heard in discussions.",
]
RECOMMENDATIONS = {
    Endorsement.STRONG: [
        "One of the strongest leaders of adults I have worked with. Teachers seek out their feedback, and "
        "they led our data cycles this year without my help.",
        "Ready now. They run our ILT meetings when I am out, handle hard conversations with care and keep "
        "students at the centre of every decision.",
    ],
    Endorsement.RECOMMEND: [
        "A thoughtful, steady leader who has grown a great deal in two years. A residency would give them "
        "the whole-school view they still need.",
        "Well respected by staff and families. Needs more practice with budget and operations, which the "
        "fellowship would give them.",
    ],
    Endorsement.RESERVATIONS: [
        "Strong with students and families; still learning to hold colleagues accountable. Another year in "
        "their current role might serve them better.",
    ],
    Endorsement.DO_NOT: [
        "Not yet: they are new to leading adults and would benefit from a year as a team leader first.",
    ],
}
NOT_SELECTED_AT_SCREENING = [
    "Screening: needs another year of leading adults before a residency.",
    "Screening: the essays did not yet show evidence of leading a team's improvement.",
    "Screening: the supervisor's recommendation raised reservations about readiness this year.",
]
NOT_SELECTED_AFTER_INTERVIEW = [
    "Interview: a strong candidate; the committee encourages reapplying next year.",
    "Interview: the data cycle scenario stayed general; stronger candidates for the places.",
    "Committee: more strong candidates than places this year.",
]
WAITLIST_REASONS = [
    "Waitlisted: strong interview; first in line if a place opens.",
    "Waitlisted: places are full; next in line.",
]
WITHDRAWAL_REASONS = [
    "Withdrew: staying in their current role another year.",
    "Withdrew: family reasons.",
]
AUTUMN_WITHDRAWAL = "Withdrew in October: took a leave of absence for family reasons."
AUTUMN_SELECTION = "A place opened in October; first on the waiting list."

BIOS = [
    "{first} has been {article} {position} for {years} years and leads {school_kind}'s work on {focus}. "
    "In residency they are learning how a principal builds an instructional leadership team.",
    "A former {subject} teacher, {first} now coaches new teachers and loves a good data meeting. They "
    "want to lead a school where every family feels it belongs.",
    "{first} grew up in the neighbourhood and went to district schools. This year they are practising "
    "budgeting, hiring and leading adult learning alongside their host principal.",
    "{first} speaks with families every day as {article} {position}. Their residency focus is {focus}.",
]
FOCUSES = ["literacy", "math instruction", "school culture", "family partnerships", "student support"]
SUBJECTS = ["science", "English", "math", "history", "special education", "ESL"]
HOST_NOTES = [
    "Built a strong ILT over eight years; happy for the fellow to lead its meetings.",
    "Their school's data cycles are a model for the network.",
    "Led a turnaround; lots to learn about culture and hard conversations.",
    "",
]
DECLINED_NOTE = "Declined this year: leading a building renovation."

ACTIVITIES = [
    "Led the grade-level data meeting and planned reteaching with the team.",
    "Observed four classrooms with the host and calibrated feedback.",
    "Ran the ILT agenda; practised keeping the team to its norms.",
    "Met with the family liaison to plan the family engagement event.",
    "Shadowed the host through the budget review with the operations manager.",
    "Co-led the attendance team; called six families with the social worker.",
    "Facilitated the Thursday PD on feedback cycles.",
    "Debriefed a hard conversation with a veteran teacher with the host.",
    "Walked arrival and dismissal routines; redesigned the bus line.",
    "Sat in on a special education team meeting and the 504 reviews.",
    "Interviewed teacher candidates with the hiring committee.",
    "Worked on the equity audit: discipline and attendance by student group.",
]
REFLECTIONS = [
    ("What the first weeks taught me", "Relationships before agendas. I spent the first weeks listening, "
     "and the ILT let me lead its meeting in October because of it."),
    ("Feedback that lands", "Specific, soon and about one thing. When I gave a teacher three next steps, "
     "none of them happened; one clear step did."),
    ("Reading the equity audit", "The numbers surprised the staff less than I expected. The hard part is "
     "deciding which one gap we act on first, and who owns it."),
    ("Holding a team to its norms", "I let the meeting drift twice before naming it. Next time I will name "
     "it the first time, kindly."),
    ("A hard conversation", "I rehearsed it with my host and still felt unready. It went better than I "
     "feared, because I started with what the students needed."),
]  # fmt: skip
EVIDENCE_NOTES = {
    "Entry plan": "Wrote and shared the 90-day entry plan after interviews with the ILT and families.",
    "Equity audit": "Presented the audit to the ILT; we chose chronic absence of multilingual learners.",
}


@dataclass(frozen=True)
class Who:
    """A person as the seeder needs them, read once."""

    pk: int
    employee_id: str
    first_name: str
    position: str
    school_id: int | None
    network_id: int | None
    level: str
    role_start_date: datetime.date
    user_id: int | None
    email: str  # their login's, if any


@dataclass
class Decided:
    """A new application and how it went: the statuses it moved through, with when and why."""

    who: Who
    application: FellowshipApplication
    moves: list[tuple[str, datetime.datetime, str]] = field(default_factory=list)


def _weighted(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _insert(run: DemoRun, model: type[models.Model], objs) -> list:
    objs = list(objs)
    bulk_create_audited(model, objs, batch_size=BATCH_SIZE, reason="Demo data")
    run.created[str(model._meta.verbose_name_plural)] += len(objs)
    return objs


def _count(run: DemoRun, *models_: type[models.Model]) -> None:
    """List `models_` in the summary even when this run adds none."""
    for model in models_:
        run.created[str(model._meta.verbose_name_plural)] += 0


def _people() -> list[Who]:
    rows = (
        Person.objects.filter(is_active=True)
        .order_by("employee_id")
        .values_list(
            "pk",
            "employee_id",
            "first_name",
            "position",
            "school_id",
            "school__network_id",
            "school__level",
            "role_start_date",
            "user_id",
            "user__email",
        )
    )
    return [Who(*row[:-1], row[-1] or "") for row in rows]


def _competencies() -> dict[str, int]:
    """The office framework's competencies by code ("2.1" -> pk)."""
    version = office_version()
    if version is None:
        return {}
    rows = Competency.objects.filter(domain__version=version).values_list("pk", "domain__number", "number")
    return {f"{domain}.{number}": pk for pk, domain, number in rows}


def _years_in_role(who: Who, on: datetime.date) -> int:
    return (on - who.role_start_date).days // 365


def _on(year: int, month_day: tuple[int, int]) -> datetime.date:
    """(month, day) in the school year that starts in `year`."""
    month, day = month_day
    return datetime.date(year if month >= 7 else year + 1, month, day)


# --- Cohorts ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortPlan:
    year: SchoolYear
    opens: datetime.date
    closes: datetime.date
    starts: datetime.date
    ends: datetime.date
    public: bool


def _plans(current: SchoolYear) -> list[CohortPlan]:
    y = current.leadership_year
    plans = [
        CohortPlan(
            current,
            datetime.date(y, 1, 5),
            datetime.date(y, 3, 13),
            datetime.date(y, 9, 1),
            datetime.date(y + 1, 6, 18),
            public=True,
        )
    ]
    following = SchoolYear.objects.filter(start_date__gt=current.start_date).order_by("start_date").first()
    if following is not None:
        plans.append(
            CohortPlan(
                following,
                datetime.date(y, 11, 2),
                datetime.date(y + 1, 1, 29),
                datetime.date(y + 1, 9, 1),
                datetime.date(y + 2, 6, 16),
                public=False,
            )
        )
    return plans


def _cohort(run: DemoRun, plan: CohortPlan, places: int, competencies: dict[str, int]) -> Cohort:
    """The plan's cohort (made when missing; its places raised when a larger scale needs more), with the
    six milestones."""
    _count(run, Cohort, CohortMilestone)
    cohort = Cohort.objects.filter(school_year=plan.year).first()
    if cohort is None:
        cohort = Cohort.objects.create(
            school_year=plan.year,
            name=COHORT_NAME.format(year=plan.year.name),
            slug=plan.year.name,
            places=places,
            applications_open_on=plan.opens,
            applications_close_on=plan.closes,
            required_hours=REQUIRED_HOURS,
            residency_starts_on=plan.starts,
            residency_ends_on=plan.ends,
            public_intro=PUBLIC_INTRO if plan.public else "",
            is_public=plan.public,
        )
        run.created[str(Cohort._meta.verbose_name_plural)] += 1
    elif cohort.places < places and cohort.slug == plan.year.name:
        Cohort.objects.filter(pk=cohort.pk).update(places=places, updated_at=timezone.now())
        cohort.places = places

    have = set(CohortMilestone.objects.filter(cohort=cohort).values_list("title", flat=True))
    y = plan.starts.year
    made = _insert(
        run,
        CohortMilestone,
        [
            CohortMilestone(cohort=cohort, title=title, description=description, due_on=_on(y, due))
            for title, description, due, _ in MILESTONES
            if title not in have
        ],
    )
    tags = {title: codes for title, _, _, codes in MILESTONES}
    CohortMilestone.competencies.through.objects.bulk_create(
        [
            CohortMilestone.competencies.through(
                cohortmilestone_id=milestone.pk, competency_id=competencies[code]
            )
            for milestone in made
            for code in tags[milestone.title]
            if code in competencies
        ]
    )
    return cohort


# --- Applications -------------------------------------------------------------------------------------------


def _featured_fellow(run: DemoRun, people: list[Who], mentor: Who | None, on: datetime.date) -> Who | None:
    """Who fellow@ is: the login's person if it exists, else an assistant principal of three years or more
    at one of the small district's schools (so every scale picks the same one) other than the demo logins'
    (S0001-S0003), so never at mentor@'s school. Not a new leader, so never a mentee in a recorded
    conflict: mentor@ can host them."""
    existing = next((p for p in people if p.email == FELLOW_LOGIN), None)
    if existing is not None:
        return existing
    schools = dict(School.objects.filter(code__in=FEATURED_SCHOOLS).values_list("pk", "code"))
    candidates = [
        p
        for p in people
        if p.position == Position.ASSISTANT_PRINCIPAL
        and p.user_id is None
        and p.school_id in schools
        and (mentor is None or p.school_id != mentor.school_id)
        and _years_in_role(p, on) >= 3
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda p: run.rng("fellowships", "featured", p.employee_id).random())


def _applicants(run, key, people, shares, minimum, applied_by, featured, before) -> list[Who]:
    """Who applies at this scale: each eligible person by their own draw against their position's share,
    topped up to `minimum` by the nearest draws; minus those who already applied."""
    eligible = [
        p
        for p in people
        if p.position in APPLICANT_POSITIONS
        and p.school_id
        and (p.user_id is None or p == featured)
        and p.role_start_date <= before
    ]
    draws = {p.pk: run.rng("fellowships", key, p.employee_id).random() / shares[p.position] for p in eligible}
    ordered = sorted(eligible, key=lambda p: (p != featured, draws[p.pk], p.employee_id))
    chosen = [p for n, p in enumerate(ordered) if draws[p.pk] < 1 or n < minimum or p == featured]
    return [p for p in chosen if p.pk not in applied_by]


def _supervisor(rng, who: Who, heads: list[Who], on: datetime.date) -> Who | None:
    """A principal of their school who led it on `on`, else a veteran principal of their network."""
    at_school = [h for h in heads if h.school_id == who.school_id and h.role_start_date <= on]
    if at_school:
        return at_school[0]
    network = [
        h
        for h in heads
        if h.network_id == who.network_id and h.school_id != who.school_id and h.role_start_date <= on
    ]
    return rng.choice(network or [h for h in heads if h.pk != who.pk] or [None])


def _essays(rng) -> dict:
    return {
        "why_principal": rng.choice(WHY_PRINCIPAL),
        "leadership_experience": rng.choice(LEADERSHIP_EXPERIENCE),
        "equity_commitment": rng.choice(EQUITY_COMMITMENT),
    }


def _endorsement(score: int) -> str:
    if score >= 82:
        return Endorsement.STRONG
    if score >= 66:
        return Endorsement.RECOMMEND
    if score >= 55:
        return Endorsement.RESERVATIONS
    return Endorsement.DO_NOT


def _when(rng, first: datetime.date, last: datetime.date) -> datetime.datetime:
    day = first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))
    return at(
        school_day(day, day.year if day.month >= 7 else day.year - 1), rng.randint(8, 17), rng.choice([0, 30])
    )


def _decide(run, cohort: Cohort, applicants: list[Who], heads, featured, places_left) -> list[Decided]:
    """This year's new applications, decided in the spring: selected up to `places_left`, then a waiting
    list, the rest not selected (at screening or after the interview) or withdrawn."""
    y = cohort.applications_open_on.year
    planned = []
    for who in applicants:
        rng = run.rng("fellowships", "application", cohort.slug, who.employee_id)
        submitted = _when(rng, cohort.applications_open_on, cohort.applications_close_on)
        supervisor = _supervisor(rng, who, heads, submitted.date())
        if supervisor is None:
            continue
        score = 96 if who == featured else rng.randint(44, 95)
        application = FellowshipApplication(
            cohort=cohort,
            person_id=who.pk,
            supervisor_id=supervisor.pk,
            screening_score=score,
            **_essays(rng),
        )
        application.demo_rng, application.demo_supervisor = rng, supervisor
        planned.append(Decided(who, application, [(ApplicationStatus.SUBMITTED, submitted, "")]))
    planned.sort(key=lambda d: (d.who != featured, -d.application.screening_score, d.who.employee_id))

    # At least two: the first takes the place a fellow leaves in October, the other stays on the list.
    waitlist = max(2, round(cohort.places * WAITLIST_SHARE))
    rest = len(planned) - places_left - waitlist
    for rank, decided in enumerate(planned):
        rng = decided.application.demo_rng
        screening = _when(rng, datetime.date(y, 3, 16), datetime.date(y, 3, 20))
        interview = _when(rng, datetime.date(y, 4, 6), datetime.date(y, 4, 17))
        decision = _when(rng, datetime.date(y, 5, 4), datetime.date(y, 5, 8))
        moves = decided.moves
        moves.append((ApplicationStatus.SCREENING, screening, ""))
        if rank < places_left:
            moves += [
                (ApplicationStatus.INTERVIEW, interview, ""),
                (ApplicationStatus.SELECTED, decision, ""),
            ]
        elif rank < places_left + waitlist:
            moves += [
                (ApplicationStatus.INTERVIEW, interview, ""),
                (ApplicationStatus.WAITLISTED, decision, rng.choice(WAITLIST_REASONS)),
            ]
        elif rng.random() < WITHDRAWN_SHARE:
            if rng.random() < 0.5:
                moves.append((ApplicationStatus.INTERVIEW, interview, ""))
            moves.append(
                (
                    ApplicationStatus.WITHDRAWN,
                    interview + datetime.timedelta(days=3),
                    rng.choice(WITHDRAWAL_REASONS),
                )
            )
        elif rank - places_left - waitlist < rest / 2:
            moves += [
                (ApplicationStatus.INTERVIEW, interview, ""),
                (ApplicationStatus.NOT_SELECTED, decision, rng.choice(NOT_SELECTED_AFTER_INTERVIEW)),
            ]
        else:
            moves.append(
                (
                    ApplicationStatus.NOT_SELECTED,
                    _when(rng, datetime.date(y, 4, 1), datetime.date(y, 4, 3)),
                    rng.choice(NOT_SELECTED_AT_SCREENING),
                )
            )
    return planned


def _submitted(run, cohort: Cohort, applicants: list[Who], heads, today: datetime.date) -> list[Decided]:
    """Next year's first applications: submitted since the window opened, a few already in screening."""
    planned = []
    for who in applicants:
        rng = run.rng("fellowships", "application", cohort.slug, who.employee_id)
        submitted = _when(rng, cohort.applications_open_on, today - datetime.timedelta(days=3))
        supervisor = _supervisor(rng, who, heads, submitted.date())
        if supervisor is None:
            continue
        application = FellowshipApplication(
            cohort=cohort, person_id=who.pk, supervisor_id=supervisor.pk, **_essays(rng)
        )
        application.demo_rng, application.demo_supervisor = rng, supervisor
        moves = [(ApplicationStatus.SUBMITTED, submitted, "")]
        if rng.random() < 0.3:
            application.screening_score = rng.randint(50, 95)
            screened = _when(rng, submitted.date() + datetime.timedelta(days=1), today)
            moves.append((ApplicationStatus.SCREENING, screened, ""))
        planned.append(Decided(who, application, moves))
    return planned


def _save_applications(run, planned: list[Decided], users: dict[int, int], staff_id, today, recommended):
    """Insert the applications with their history and recommendations (`recommended(decided)` says which)."""
    _count(run, FellowshipApplication, ApplicationStatusChange, Recommendation)
    for decided in planned:
        last_status, _, reason = decided.moves[-1]
        decided.application.status = last_status
        decided.application.decision_reason = reason
        decided.application._history_date = decided.moves[0][1]  # the audit history's "created" too
    _insert(run, FellowshipApplication, [d.application for d in planned])
    for decided in planned:
        decided.application.created_at = decided.moves[0][1]
    FellowshipApplication.objects.bulk_update(
        [d.application for d in planned], ["created_at"], batch_size=BATCH_SIZE
    )
    changes = []
    for decided in planned:
        previous = ""
        for status, when, reason in decided.moves:
            change = ApplicationStatusChange(
                application=decided.application,
                from_status=previous,
                to_status=status,
                reason=reason,
                changed_by_id=staff_id if previous else users.get(decided.who.pk),
            )
            change.demo_when = when
            changes.append(change)
            previous = status
    _insert(run, ApplicationStatusChange, changes)
    for change in changes:
        change.changed_at = change.demo_when
    ApplicationStatusChange.objects.bulk_update(changes, ["changed_at"], batch_size=BATCH_SIZE)

    recommendations = []
    for decided in planned:
        if not recommended(decided):
            continue
        application = decided.application
        rng = application.demo_rng
        score = application.screening_score or rng.randint(55, 95)
        endorsement = _endorsement(score + rng.randint(-6, 6))
        supervisor_user = users.get(application.demo_supervisor.pk)
        recommendation = Recommendation(
            application=application,
            endorsement=endorsement,
            text=rng.choice(RECOMMENDATIONS[endorsement]),
            written_by_id=supervisor_user or staff_id,  # staff enter those of supervisors without a login
        )
        # In before screening began (or before today, for an application still waiting for it).
        due = decided.moves[1][1] if len(decided.moves) > 1 else at(today, 8)
        recommendation.demo_when = min(decided.moves[0][1] + datetime.timedelta(days=rng.randint(2, 12)), due)
        recommendation._history_date = recommendation.demo_when
        recommendations.append(recommendation)
    _insert(run, Recommendation, recommendations)
    for recommendation in recommendations:
        recommendation.created_at = recommendation.demo_when
    Recommendation.objects.bulk_update(recommendations, ["created_at"], batch_size=BATCH_SIZE)


# --- Fellows and hosts --------------------------------------------------------------------------------------


def _languages(rng) -> list[str]:
    languages = [Language.ENGLISH.value]
    if rng.random() < 0.4:
        languages.append(
            rng.choice(
                [Language.SPANISH, Language.HAITIAN_CREOLE, Language.CAPE_VERDEAN_CREOLE, Language.VIETNAMESE]
            ).value
        )
    return languages


def _profile(run, who: Who, featured: Who | None, school_kinds: dict[int, str]) -> dict:
    """A fellow's languages and public profile choices (opted in or not, which fields, a bio)."""
    rng = run.rng("fellowships", "fellow", who.employee_id)
    opted_in = who == featured or rng.random() < OPT_IN_SHARE
    position = Position(who.position).label.lower()
    bio = rng.choice(BIOS).format(
        first=who.first_name,
        article="an" if position[0] in "aeiou" else "a",
        position=position,
        years=max(2, _years_in_role(who, datetime.date(2026, 9, 1))),
        school_kind=f"their {school_kinds.get(who.school_id, 'school')}",
        focus=rng.choice(FOCUSES),
        subject=rng.choice(SUBJECTS),
    )
    return {
        "languages": _languages(rng),
        "public_opt_in": opted_in,
        "show_school": opted_in and (who == featured or rng.random() < 0.6),
        "show_bio": opted_in and (who == featured or rng.random() < 0.75),
        "bio": bio if opted_in or rng.random() < 0.3 else "",
    }


def _make_fellows(run, cohort, selected: list[Decided], featured, competencies, school_kinds) -> list[Fellow]:
    """Fellows of this run's selected applications, with growth areas; at least one opted in and one out."""
    _count(run, Fellow)
    fellows = []
    for decided in selected:
        fellow = Fellow(
            cohort=cohort,
            person_id=decided.who.pk,
            application=decided.application,
            **_profile(run, decided.who, featured, school_kinds),
        )
        fellow.demo_who = decided.who
        fellows.append(fellow)
    # The highest-ranked other fellow, not the lowest (who withdraws in October): someone stays private.
    others = [f for f in fellows if f.demo_who != featured]
    if len(fellows) >= 2 and others and all(f.public_opt_in for f in fellows):
        first = others[0]
        first.public_opt_in = first.show_school = first.show_bio = False
    _insert(run, Fellow, fellows)
    _growth_areas(run, fellows, competencies)
    return fellows


def _growth_areas(run, fellows, competencies: dict[str, int]) -> None:
    codes = sorted(competencies)
    through = Fellow.growth_areas.through
    through.objects.bulk_create(
        [
            through(fellow_id=fellow.pk, competency_id=competencies[code])
            for fellow in fellows
            for code in run.rng("fellowships", "growth", fellow.demo_who.employee_id).sample(
                codes, min(len(codes), 3)
            )
        ],
        batch_size=BATCH_SIZE,
    )


def _hosts(run, cohort, heads, fellows_schools, needed, mentor, competencies, on) -> None:
    """Confirmed hosts until the cohort has `needed` free places: mentor@'s principal first (two places),
    then veteran principals of schools without a fellow, then of the others; one more declines."""
    _count(run, Host)
    rows = Host.objects.filter(cohort=cohort).annotate(taken=models.Count("residencies"))
    hosting = {h.person_id for h in rows}
    free = sum(h.capacity - h.taken for h in rows if h.status == HostStatus.CONFIRMED)
    if free >= needed:
        return
    veterans = [h for h in heads if h.school_id and _years_in_role(h, on) >= 3 and h.pk not in hosting]
    draws = {h.pk: run.rng("fellowships", "host", cohort.slug, h.employee_id).random() for h in veterans}
    veterans.sort(key=lambda h: (h != mentor, h.school_id in fellows_schools, draws[h.pk], h.employee_id))
    planned = []
    for who in veterans:
        rng = run.rng("fellowships", "host", cohort.slug, who.employee_id, "details")
        if free >= needed:
            if not hosting and not any(h.status == HostStatus.DECLINED for h in planned):
                planned.append(
                    Host(cohort=cohort, person_id=who.pk, status=HostStatus.DECLINED, notes=DECLINED_NOTE)
                )
            break
        capacity = 2 if who == mentor else _weighted(rng, HOST_CAPACITY_MIX)
        host = Host(
            cohort=cohort,
            person_id=who.pk,
            status=HostStatus.CONFIRMED,
            capacity=capacity,
            languages=_languages(rng),
            notes=rng.choice(HOST_NOTES),
        )
        host.demo_strengths = rng.sample(sorted(competencies), min(len(competencies), rng.randint(2, 4)))
        planned.append(host)
        free += capacity
    _insert(run, Host, planned)
    Host.strengths.through.objects.bulk_create(
        [
            Host.strengths.through(host_id=host.pk, competency_id=competencies[code])
            for host in planned
            for code in getattr(host, "demo_strengths", ())
        ]
    )


def _preferences(run, cohort, fellows: list[Fellow], featured, mentor) -> None:
    """Some fellows rank a host or two of other schools; the demo fellow ranks mentor@ first."""
    _count(run, HostPreference)
    hosts = list(
        Host.objects.filter(cohort=cohort, status=HostStatus.CONFIRMED)
        .order_by("person__employee_id")
        .values_list("pk", "person_id", "person__school_id")
    )
    preferences = []
    for fellow in fellows:
        who = fellow.demo_who
        rng = run.rng("fellowships", "preference", who.employee_id)
        if who == featured and mentor is not None:
            ranked = [pk for pk, person_id, _ in hosts if person_id == mentor.pk][:1]
        elif rng.random() < HOST_PREFERENCE_SHARE:
            others = [pk for pk, _, school_id in hosts if school_id != who.school_id]
            ranked = rng.sample(others, min(len(others), rng.choice([1, 2])))
        else:
            ranked = []
        preferences += [
            HostPreference(fellow=fellow, host_id=host_id, rank=rank)
            for rank, host_id in enumerate(ranked, 1)
        ]
    _insert(run, HostPreference, preferences)


# --- Placement ----------------------------------------------------------------------------------------------


def _can_host(fellow: Fellow, host: Host) -> bool:
    """The placement rules, for choosing the demo pair before the engine runs (the engine checks again)."""
    if host.status != HostStatus.CONFIRMED or host.person.school_id in (None, fellow.person.school_id):
        return False
    if placement.free_places(host) <= 0:
        return False
    return not Conflict.objects.filter(
        models.Q(mentee_id=fellow.person_id, mentor_id=host.person_id)
        | models.Q(mentee_id=host.person_id, mentor_id=fellow.person_id)
    ).exists()


def _place(run, cohort, staff, featured_fellow: Fellow | None, mentor_host: Host | None) -> list[Residency]:
    """Propose, pin the demo pair, propose again around the pin, and approve: the real services."""
    _count(run, PlacementProposal, Residency, Milestone)
    if not placement.unplaced_fellows(cohort).exists():
        return []
    proposals_before = PlacementProposal.objects.filter(cohort=cohort).count()
    placement.propose_placements(cohort)
    featured_unplaced = (
        featured_fellow is not None
        and placement.unplaced_fellows(cohort).filter(pk=featured_fellow.pk).exists()
    )
    if featured_unplaced and mentor_host is not None and _can_host(featured_fellow, mentor_host):
        proposal = PlacementProposal.objects.filter(fellow=featured_fellow).first()
        if proposal is None or proposal.host_id != mentor_host.pk:
            PlacementProposal.objects.filter(fellow=featured_fellow).delete()
            proposal = PlacementProposal.objects.create(
                cohort=cohort, fellow=featured_fellow, host=mentor_host, score=0, breakdown={}
            )
        placement.pin_proposal(proposal)
        placement.propose_placements(cohort)  # keeps the pin, scores it and matches the others around it
    if not PlacementProposal.objects.filter(cohort=cohort).exists():
        return []
    run.created[str(PlacementProposal._meta.verbose_name_plural)] += max(
        0, PlacementProposal.objects.filter(cohort=cohort).count() - proposals_before
    )
    residencies = placement.approve_placements(cohort, user=staff)
    run.created[str(Residency._meta.verbose_name_plural)] += len(residencies)
    run.created[str(Milestone._meta.verbose_name_plural)] += Milestone.objects.filter(
        residency__in=residencies
    ).count()
    # They began with the residency, or a week after a fellow who came off the waiting list was selected.
    selected_on = dict(
        ApplicationStatusChange.objects.filter(
            application__fellow__residency__in=residencies, to_status=ApplicationStatus.SELECTED
        ).values_list("application__fellow__pk", "changed_at")
    )
    for made in residencies:
        chosen = (
            timezone.localtime(selected_on[made.fellow_id]).date() if made.fellow_id in selected_on else None
        )
        begins = cohort.residency_starts_on
        if chosen is not None and chosen + datetime.timedelta(days=7) > begins:
            begins = chosen + datetime.timedelta(days=7)
        made.started_on = school_day(begins, cohort.residency_starts_on.year)
    Residency.objects.bulk_update(residencies, ["started_on"], batch_size=BATCH_SIZE)
    return residencies


def _autumn(run, cohort, decided: list[Decided], featured, staff):
    """One fellow withdraws in October and the first on the waiting list takes the place (the real
    move_application both times). Returns the fellow who withdrew, when, and the newcomer (or Nones)."""
    selected = [d for d in decided if d.moves[-1][0] == ApplicationStatus.SELECTED and d.who != featured]
    waiting = [d for d in decided if d.moves[-1][0] == ApplicationStatus.WAITLISTED]
    if not selected or not waiting or len(selected) + (featured is not None) < 2:
        return None, None, None
    leaving, coming = selected[-1], waiting[0]  # the lowest-ranked selected; the first on the list
    y = cohort.residency_starts_on.year
    withdrew_on = school_day(datetime.date(y, 10, 9), y)
    selected_on = school_day(datetime.date(y, 10, 19), y)
    selection.move_application(
        leaving.application, ApplicationStatus.WITHDRAWN, reason=AUTUMN_WITHDRAWAL, user=staff
    )
    selection.move_application(
        coming.application, ApplicationStatus.SELECTED, reason=AUTUMN_SELECTION, user=staff
    )
    for decided, day, status in (
        (leaving, withdrew_on, ApplicationStatus.WITHDRAWN),
        (coming, selected_on, ApplicationStatus.SELECTED),
    ):
        ApplicationStatusChange.objects.filter(application=decided.application, to_status=status).update(
            changed_at=at(day, 15)
        )
    run.created[str(ApplicationStatusChange._meta.verbose_name_plural)] += 2
    run.created[str(Fellow._meta.verbose_name_plural)] += 1
    newcomer = Fellow.objects.get(application=coming.application)
    newcomer.demo_who = coming.who
    return Fellow.objects.get(application=leaving.application), withdrew_on, newcomer


# --- Residencies --------------------------------------------------------------------------------------------


def _history(
    run, cohort, residencies, competencies, today, withdrawn: dict[int, datetime.date], featured
) -> None:
    """Weekly hours, milestones done and signed off, and reflections of this run's residencies."""
    _count(run, HoursEntry, Reflection)
    if not residencies:
        return
    residencies = list(
        Residency.objects.filter(pk__in=[r.pk for r in residencies])
        .select_related("fellow__person", "host__person")
        .order_by("fellow__person__employee_id")
    )
    growth = {}
    for fellow_id, competency_id in Fellow.growth_areas.through.objects.filter(
        fellow__residency__in=residencies
    ).values_list("fellow_id", "competency_id"):
        growth.setdefault(fellow_id, []).append(competency_id)
    all_ids = sorted(competencies.values())
    weekly = Decimal(cohort.required_hours) / cohort.residency_weeks
    paces = {
        r.pk: run.rng("fellowships", "pace", r.fellow.person.employee_id).uniform(0.6, 1.3)
        for r in residencies
    }
    candidates = [r for r in residencies if r.fellow.person_id != getattr(featured, "pk", None)]
    if candidates and not any(paces[r.pk] < BEHIND_PACE for r in candidates):
        paces[min(candidates, key=lambda r: paces[r.pk]).pk] = 0.65  # someone is behind an even pace
    if featured is not None:
        for r in residencies:
            if r.fellow.person_id == featured.pk:
                paces[r.pk] = 1.08

    entries, tags = [], []
    y = cohort.residency_starts_on.year
    for made in residencies:
        rng = run.rng("fellowships", "hours", made.fellow.person.employee_id)
        host_user = made.host.person.user_id
        ends = withdrawn.get(made.fellow_id, today)
        week = residency.monday_of(made.started_on)
        pace = paces[made.pk]
        while week <= ends:
            current = week == residency.monday_of(today)
            skip = rng.random() < (0.2 if pace < BEHIND_PACE else 0.05)
            if not skip and not (current and rng.random() < 0.5):
                short = week < made.started_on  # the first, partial week
                hours = Decimal(rng.gauss(float(weekly) * pace, 2.5)) * (Decimal("0.5") if short else 1)
                hours = min(Decimal(40), max(Decimal(1), (hours * 2).quantize(Decimal(1)) / 2))
                signed = (week + datetime.timedelta(days=11)) <= today and rng.random() < 0.92
                signed_on = week + datetime.timedelta(days=rng.randint(7, 10))
                entry = HoursEntry(
                    residency=made,
                    week_of=week,
                    hours=hours,
                    activities=" ".join(rng.sample(ACTIVITIES, 2)),
                    signed_off_at=at(min(signed_on, today), 16) if signed else None,
                    signed_off_by_id=host_user if signed else None,
                )
                entries.append(entry)
                pool = growth.get(made.fellow_id) or all_ids
                tags.append(rng.sample(pool, min(len(pool), rng.choice([1, 2]))))
            week += datetime.timedelta(days=7)
    _insert(run, HoursEntry, entries)
    HoursEntry.competencies.through.objects.bulk_create(
        [
            HoursEntry.competencies.through(hoursentry_id=entry.pk, competency_id=competency_id)
            for entry, chosen in zip(entries, tags, strict=True)
            for competency_id in chosen
        ],
        batch_size=BATCH_SIZE,
    )
    _milestones(run, residencies, paces, today, withdrawn, y)
    _reflections(run, residencies, growth, today, withdrawn, featured)


def _milestones(run, residencies, paces, today, withdrawn, y) -> None:
    """Milestones due by today: done by most (about half of them for a fellow behind pace), a few days
    before they were due; most signed off by the host a few days later."""
    milestones = list(
        Milestone.objects.filter(residency__in=residencies, due_on__lte=today).select_related(
            "residency__host__person", "residency__fellow__person"
        )
    )
    for milestone in milestones:
        made = milestone.residency
        rng = run.rng("fellowships", "milestone", made.fellow.person.employee_id, milestone.title)
        done_by = withdrawn.get(made.fellow_id, today)
        behind = paces[made.pk] < BEHIND_PACE
        if milestone.due_on - datetime.timedelta(days=10) > done_by or made.started_on > milestone.due_on:
            continue
        if rng.random() > (0.5 if behind else 0.9):
            continue
        completed = min(done_by, milestone.due_on - datetime.timedelta(days=rng.randint(0, 7)))
        on_a_school_day = school_day(completed, y)
        milestone.completed_on = on_a_school_day if on_a_school_day <= done_by else completed
        milestone.evidence_note = EVIDENCE_NOTES.get(milestone.title, "Done with the host; notes shared.")
        signed_on = milestone.completed_on + datetime.timedelta(days=rng.randint(2, 6))
        if signed_on < today and rng.random() < 0.8:
            milestone.signed_off_at = at(signed_on, 15)
            milestone.signed_off_by_id = made.host.person.user_id
    Milestone.objects.bulk_update(
        milestones, ["completed_on", "evidence_note", "signed_off_at", "signed_off_by"], batch_size=BATCH_SIZE
    )


def _reflections(run, residencies, growth, today, withdrawn, featured) -> None:
    """Up to three reflections each (on Fridays), most shared with the host; fellow@ keeps one private."""
    reflections, tags = [], []
    for made in residencies:
        rng = run.rng("fellowships", "reflection", made.fellow.person.employee_id)
        ends = withdrawn.get(made.fellow_id, today)
        is_featured = made.fellow.person_id == getattr(featured, "pk", None)
        count = 3 if is_featured else rng.choice([0, 1, 1, 2, 3])
        span = (ends - made.started_on).days
        if span < 14:
            continue
        for n, (title, body) in enumerate(rng.sample(REFLECTIONS, count)):
            day = made.started_on + datetime.timedelta(days=span * (n + 1) // (count + 1))
            day += datetime.timedelta(days=(4 - day.weekday()) % 7)  # the Friday of that week
            if day > ends:
                day = ends
            shared = (n != 1) if is_featured else rng.random() < 0.7
            reflections.append(
                Reflection(residency=made, written_on=day, title=title, body=body, shared_with_host=shared)
            )
            pool = growth.get(made.fellow_id, [])
            tags.append(rng.sample(pool, min(len(pool), 1)))
    _insert(run, Reflection, reflections)
    Reflection.competencies.through.objects.bulk_create(
        [
            Reflection.competencies.through(reflection_id=reflection.pk, competency_id=competency_id)
            for reflection, chosen in zip(reflections, tags, strict=True)
            for competency_id in chosen
        ]
    )


# --- The seeder ---------------------------------------------------------------------------------------------


def _places(run: DemoRun) -> int:
    return min(MAX_PLACES, max(4, run.scale.schools // 15))


@dataclass
class Seeding:
    """What every step of one run reads: the district's people as the seeder needs them, the logins."""

    run: DemoRun
    today: datetime.date
    people: list[Who]
    competencies: dict[str, int]
    staff: User | None
    mentor: Who | None  # mentor@'s person
    featured: Who | None  # fellow@'s person

    def __post_init__(self):
        self.heads = [p for p in self.people if p.position in HEADS and p.school_id]
        self.users = {p.pk: p.user_id for p in self.people if p.user_id}
        self.staff_id = self.staff.pk if self.staff else None
        kinds = {"elementary": "elementary school", "k8": "K-8 school", "middle": "middle school"}
        self.school_kinds = {
            p.school_id: kinds.get(p.level, "high school") for p in self.people if p.school_id
        }


@seeder
def seed_fellowships(run: DemoRun) -> None:
    """This year's cohort in residency and next year's open call (see the module docstring)."""
    current = SchoolYear.objects.current()
    if current is None:
        return
    _count(
        run, Cohort, CohortMilestone, FellowshipApplication, ApplicationStatusChange, Recommendation, Fellow
    )
    _count(run, Host, HostPreference, PlacementProposal, Residency, Milestone, HoursEntry, Reflection)
    people = _people()
    seeding = Seeding(
        run=run,
        today=datetime.date(current.leadership_year, *AS_OF),
        people=people,
        competencies=_competencies(),
        staff=User.objects.filter(email__iexact=STAFF_LOGIN).first(),
        mentor=next((p for p in people if p.email == MENTOR_LOGIN and p.school_id), None),
        featured=next((p for p in people if p.email == FELLOW_LOGIN), None),  # see seed_fellow_login
    )
    # The fellowship is one of recruitment's sources: ready fellows enter next year's pool through it.
    run.insert_missing(
        Source, [Source(name=outcomes.SOURCE_NAME, kind=SourceKind.FELLOWSHIP)], keys=("name",)
    )
    this_year, *following = _plans(current)
    cohort = _this_years_cohort(seeding, this_year)
    if following:
        _next_years_call(seeding, following[0], cohort)
    _logins(run, cohort, seeding.featured, seeding.mentor)


def _this_years_cohort(s: Seeding, plan: CohortPlan) -> Cohort:
    """The cohort, its applications decided in the spring, fellows placed with hosts, and the autumn."""
    run, featured = s.run, s.featured
    cohort = _cohort(run, plan, _places(run), s.competencies)
    applied = set(FellowshipApplication.objects.filter(cohort=cohort).values_list("person_id", flat=True))
    minimum = math.ceil(cohort.places * MIN_APPLICANTS_PER_PLACE)
    applicants = _applicants(run, cohort.slug, s.people, APPLY_SHARE, minimum, applied, featured, plan.closes)
    decided = _decide(run, cohort, applicants, s.heads, featured, selection.places_left(cohort))
    _save_applications(run, decided, s.users, s.staff_id, s.today, recommended=lambda d: True)
    selected = [d for d in decided if d.moves[-1][0] == ApplicationStatus.SELECTED]
    fellows = _make_fellows(run, cohort, selected, featured, s.competencies, s.school_kinds)
    if not fellows:
        return cohort  # a second run, or no place left: nothing to place

    autumn_ahead = any(d.moves[-1][0] == ApplicationStatus.WAITLISTED for d in decided) and len(selected) >= 2
    needed = placement.unplaced_fellows(cohort).count() + autumn_ahead + 1
    fellows_schools = set(Fellow.objects.filter(cohort=cohort).values_list("person__school_id", flat=True))
    _hosts(run, cohort, s.heads, fellows_schools, needed, s.mentor, s.competencies, plan.starts)
    _preferences(run, cohort, fellows, featured, s.mentor)
    featured_fellow = Fellow.objects.filter(cohort=cohort, person_id=getattr(featured, "pk", None)).first()
    mentor_host = (
        Host.objects.filter(cohort=cohort, person_id=getattr(s.mentor, "pk", None))
        .select_related("person")
        .first()
    )
    residencies = _place(run, cohort, s.staff, featured_fellow, mentor_host)

    withdrawn = {}
    leaving, withdrew_on, newcomer = _autumn(run, cohort, decided, featured, s.staff)
    if leaving is not None:
        withdrawn[leaving.pk] = withdrew_on
        Fellow.objects.filter(pk=newcomer.pk).update(
            **_profile(run, newcomer.demo_who, featured, s.school_kinds)
        )
        _growth_areas(run, [newcomer], s.competencies)
        proposals, _ = placement.propose_placements(cohort)  # staff have not approved this one yet
        run.created[str(PlacementProposal._meta.verbose_name_plural)] += len(proposals)
    _history(run, cohort, residencies, s.competencies, s.today, withdrawn, featured)
    return cohort


def _next_years_call(s: Seeding, plan: CohortPlan, this_years: Cohort) -> None:
    """Next year's cohort, its call open since November 2, and the first applications."""
    following = _cohort(s.run, plan, _places(s.run), s.competencies)
    in_residency = set(
        Fellow.objects.filter(cohort=this_years)
        .exclude(status=FellowStatus.WITHDRAWN)
        .values_list("person_id", flat=True)
    )
    applied = set(FellowshipApplication.objects.filter(cohort=following).values_list("person_id", flat=True))
    pool = [p for p in s.people if p.pk not in in_residency and p != s.featured]
    applicants = _applicants(
        s.run, following.slug, pool, NEXT_APPLY_SHARE, NEXT_MIN_APPLICANTS, applied, None, s.today
    )
    submitted = _submitted(s.run, following, applicants, s.heads, s.today)
    _save_applications(
        s.run,
        submitted,
        s.users,
        s.staff_id,
        s.today,
        recommended=lambda d: d.application.demo_rng.random() < 0.5 or len(d.moves) > 1,
    )


def _logins(run: DemoRun, cohort: Cohort, featured: Who | None, mentor: Who | None) -> None:
    """fellow@'s host: mentor@, or (only if the rules kept them apart) a host who gets the login host@."""
    made = (
        Residency.objects.filter(fellow__cohort=cohort, fellow__person_id=getattr(featured, "pk", None))
        .select_related("fellow__person", "host__person")
        .first()
    )
    if made is None:
        return
    fellow, host = made.fellow.person, made.host.person
    if mentor is not None and host.pk == mentor.pk:
        run.ensure_login(
            MENTOR_LOGIN,
            "Host principal",
            sees=f"Also hosts {fellow.full_name} (fellow@): signs off their hours and milestones.",
        )
    else:
        run.ensure_login(
            HOST_LOGIN,
            "Host principal",
            roles=[Role.LEADER],
            person=host,
            sees=f"The host principal of {fellow.full_name} (fellow@): signs off their hours and milestones.",
        )


def seed_fellow_login(run: DemoRun) -> None:
    """fellow@, linked to the demo fellow's staff record as soon as the district exists.

    The seeders between the district and the fellowship (programs, mentoring, recruitment) treat people
    with a login differently (the demo logins' pages must read well; recruitment leaves them out of its
    candidates), so a login made at the end of a run would make the next run change their data.
    """
    current = SchoolYear.objects.current()
    if current is None:
        return
    people = _people()
    mentor = next((p for p in people if p.email == MENTOR_LOGIN and p.school_id), None)
    featured = _featured_fellow(run, people, mentor, datetime.date(current.leadership_year, 1, 1))
    if featured is None:
        return
    run.ensure_login(
        FELLOW_LOGIN,
        "Fellow",
        roles=[Role.LEADER],
        person=Person.objects.get(pk=featured.pk),
        sees="The leader portal, as a fellow in this year's Aspiring Principal Fellowship: residency plan "
        "(hours, milestones, reflections), licensure checklist and next support meeting.",
    )


# Right after the district seeder, before every other app's (see seed_fellow_login's docstring).
if seed_fellow_login not in SEEDERS:
    SEEDERS.insert(SEEDERS.index(seed_district) + 1, seed_fellow_login)
