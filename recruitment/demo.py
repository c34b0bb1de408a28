"""Demo data for recruitment: this fall's hiring cycle for next school year's leaders, in full swing.

Runs after the district, competencies and programs seeders. The demo's "today" is November 25, 2026 (as
in the programs demo): the 2027-2028 cycle opened on September 1 and applications came in since then.

- **Openings** at some schools: principals or heads of school, assistant principals, admin team members.
- **Sources**: three community partners, three universities, recruitment fellows (veteran principals of
  the district who refer and interview; mentor@ is one of them), a job board and the district's careers
  site (self-applied). The organisations are made up.
- **Candidates**: most from outside, about a fifth internal (the district's teacher leaders, admin team
  members and assistant principals, linked to their staff record). Some apply for two roles.
- **Applications** spread across the pipeline with a realistic history (StageChange rows from September
  to November, a few days to two weeks in each stage), conversion that differs by source, and some
  rejected or withdrawn with a reason. No one is hired yet: hiring for next year happens in the spring,
  and a hire changes the staff record other demos build on.
- **Interviews** with panels of two or three (recruiter@, mentor@ as a fellow, staff@), rated
  against four competencies of the active framework; interviews held before today have submitted
  scorecards, except a few panelists who have not submitted yet.
- **Reference checks** for applications that reached that stage: completed for those that passed it,
  a mix of completed, in progress and not contacted for those still there, with contact attempts.

Sized by the scale (about 60 applications for small, 600 for district, 3,000 for large); deterministic
for a seed (every choice is drawn from ``run.rng("recruitment", ...)`` keyed by the candidate's number);
idempotent: a cycle is found by its school year, a source by its name, a candidate by e-mail, an
application by (cycle, candidate, role), and only new applications get a history, interviews and
references, so a second run inserts nothing. Inserts are in bulk and work on SQLite and Postgres.
"""

import datetime
import unicodedata
from zoneinfo import ZoneInfo

from django.conf import settings
from simple_history.utils import bulk_create_with_history

from competencies.models import Competency
from competencies.queries.assessments import office_version
from leaderdev.demo import FIRST_NAMES, LAST_NAMES, DemoRun, seeder
from leaderdev.models import Person, Position, School, SchoolLevel, SchoolYear, User

from .models import (
    PIPELINE,
    REFERENCE_QUESTIONS,
    Application,
    Candidate,
    ContactAttempt,
    ContactMethod,
    HiringCycle,
    HiringRole,
    Interview,
    InterviewKind,
    Opening,
    Recommendation,
    ReferenceCheck,
    ReferenceStatus,
    Scorecard,
    ScorecardRating,
    Source,
    SourceKind,
    Stage,
    StageChange,
)

BATCH_SIZE = 2000
TODAY = datetime.date(2026, 11, 25)
FIRST_APPLICATION = datetime.date(2026, 9, 8)
LAST_APPLICATION = datetime.date(2026, 11, 23)
NEXT_YEAR = ("2027-2028", datetime.date(2027, 9, 1), datetime.date(2028, 6, 22))
CYCLE_NAME = "School leader hiring 2027-2028"
CYCLE_OPENS, CYCLE_CLOSES = datetime.date(2026, 9, 1), datetime.date(2027, 5, 28)

APPLICATIONS = {"small": 60, "district": 600, "large": 3000}
INTERNAL_SHARE = 0.2
SECOND_ROLE_SHARE = 0.1
ROLE_MIX = {
    HiringRole.ASSISTANT_PRINCIPAL: 45,
    HiringRole.PRINCIPAL: 28,
    HiringRole.HEAD_OF_SCHOOL: 9,
    HiringRole.ADMIN_TEAM_MEMBER: 18,
}

# Made-up organisations: (kind, name).
ORGANISATIONS = [
    (SourceKind.COMMUNITY_PARTNER, "Roxbury Educators of Color Collective"),
    (SourceKind.COMMUNITY_PARTNER, "Latino Leaders in Education Alliance"),
    (SourceKind.COMMUNITY_PARTNER, "Boston Principal Pipeline Partners"),
    (SourceKind.UNIVERSITY, "Commonwealth University School of Education"),
    (SourceKind.UNIVERSITY, "Charles River College: Urban School Leadership"),
    (SourceKind.UNIVERSITY, "Bay State University Principal Residency"),
    (SourceKind.JOB_BOARD, "New England School Jobs board"),
    (SourceKind.SELF_APPLIED, "District careers site (self-applied)"),
]
OPENING_SHARE = 0.15
ALWAYS_OPEN = {"S0004", "S0006", "S0008"}
DEMO_LOGIN_SCHOOLS = {"S0001", "S0002", "S0003"}
FELLOWS = 3  # recruitment fellows: veteran principals, mentor@ first
PANEL_EMAILS = ("mentor@leaderdev.example", "staff@leaderdev.example")

# How often an external candidate comes from each kind of source, and how well each kind converts
# (a multiplier on the chance to move on at each stage).
SOURCE_KIND_MIX = {
    SourceKind.COMMUNITY_PARTNER: 22,
    SourceKind.UNIVERSITY: 24,
    SourceKind.RECRUITMENT_FELLOW: 12,
    SourceKind.JOB_BOARD: 24,
    SourceKind.SELF_APPLIED: 18,
}
INTERNAL_SOURCE_KIND_MIX = {SourceKind.RECRUITMENT_FELLOW: 40, SourceKind.SELF_APPLIED: 60}
SOURCE_STRENGTH = {
    SourceKind.COMMUNITY_PARTNER: 1.05,
    SourceKind.UNIVERSITY: 1.0,
    SourceKind.RECRUITMENT_FELLOW: 1.2,
    SourceKind.JOB_BOARD: 0.8,
    SourceKind.SELF_APPLIED: 0.9,
}
# The chance to move on from each stage (applied -> screened, ... finalist -> in pool).
MOVE_ON = [0.72, 0.68, 0.6, 0.72, 0.85, 0.85]
DAYS_IN_STAGE = {
    Stage.APPLIED: (2, 12),
    Stage.SCREENED: (3, 10),
    Stage.FIRST_INTERVIEW: (5, 14),
    Stage.IN_DEPTH_INTERVIEW: (5, 16),
    Stage.REFERENCE_CHECKS: (4, 12),
    Stage.FINALIST: (3, 10),
}
WITHDRAWN_SHARE = 0.3  # of the applications that closed, those the candidate withdrew
REJECTION_REASONS = {
    Stage.APPLIED: ["Does not hold or pursue the required licensure.", "Incomplete application."],
    Stage.SCREENED: [
        "Screening: not enough instructional leadership experience yet.",
        "Screening: a better fit for the assistant principal pool next cycle.",
    ],
    Stage.FIRST_INTERVIEW: [
        "Panel: the data cycle answer stayed general.",
        "Panel: limited evidence of leading adult learning.",
    ],
    Stage.IN_DEPTH_INTERVIEW: [
        "Performance task: the feedback conversation did not land.",
        "Panel: stronger candidates for the same pool.",
    ],
    Stage.REFERENCE_CHECKS: ["References raised concerns about follow-through with teams."],
    Stage.FINALIST: ["Superintendent's interview: not selected this cycle."],
}
WITHDRAWAL_REASONS = [
    "Took a leadership role in another district.",
    "Staying in their current school another year.",
    "Family reasons: moving out of state.",
    "Accepted a central office position.",
]
EXTERNAL_ROLES = [
    "Assistant principal, Lowell Public Schools",
    "Dean of students at a charter high school",
    "Instructional coach, Worcester",
    "Teacher leader, Cambridge Public Schools",
    "Assistant principal, Providence",
    "Director of curriculum at a network of charter schools",
    "Principal, a K-8 school in Springfield",
    "Math department head, Brockton High School",
]
MAIL_DOMAINS = ["mail.example", "inbox.example", "post.example", "webmail.example"]
INTERVIEW_LOCATIONS = ["Bolling Building, room 204", "Video call", "Bolling Building, room 310"]
INTERVIEW_COMPETENCIES = 4
SCORECARD_NOTES = [
    "Clear examples of coaching teachers through a cycle of inquiry.",
    "Strong on culture; less specific on how they would use data with the ILT.",
    "Named the equity gaps in their current school and what they did about them.",
    "Thoughtful, but the answers stayed at the level of intentions.",
    "Would want to hear more about leading adults through conflict.",
]
REFEREE_TITLES = ["Principal", "Head of school", "Network superintendent", "Assistant superintendent"]
REFERENCE_NOTES = "Spoke for 25 minutes; answers recorded below."


def _zone():
    return ZoneInfo(settings.TIME_ZONE)


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=_zone())


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum() or ch == "-")


@seeder
def seed_recruitment(run: DemoRun) -> None:
    """The next school year's hiring cycle: openings, sources, candidates, applications and their
    history, interviews with scorecards, and reference checks."""
    recruiter = User.objects.filter(email="recruiter@leaderdev.example").first()
    if recruiter is None or not School.objects.exists():
        return  # the district seeder makes both; without them there is nothing to recruit for
    cycle = _cycle()
    _openings(run, cycle)
    fellows = _fellows()
    panel = _panel(recruiter)
    sources = _sources(run, fellows)
    candidates = _candidates(run)
    new_applications = _applications(run, cycle, candidates, sources, recruiter)
    if new_applications:
        version = office_version()
        competency_ids = (
            list(
                Competency.objects.filter(domain__version=version)
                .order_by("domain__number", "number")
                .values_list("pk", flat=True)
            )
            if version
            else []
        )
        _interviews(run, new_applications, panel, competency_ids)
        _references(run, new_applications, recruiter)


def _cycle() -> HiringCycle:
    name, start, end = NEXT_YEAR
    school_year = SchoolYear.objects.filter(name=name).first()
    if school_year is None:
        school_year = SchoolYear.objects.create(name=name, start_date=start, end_date=end, is_current=False)
    cycle = HiringCycle.objects.filter(school_year=school_year).first()
    if cycle is None:
        cycle = HiringCycle.objects.create(
            school_year=school_year,
            name=CYCLE_NAME,
            opens_on=CYCLE_OPENS,
            closes_on=CYCLE_CLOSES,
            is_active=True,
        )
    return cycle


def _openings(run: DemoRun, cycle: HiringCycle) -> None:
    existing = set(Opening.objects.filter(cycle=cycle).values_list("school_id", "role"))
    openings = []
    for school_id, code, level in School.objects.order_by("code").values_list("pk", "code", "level"):
        rng = run.rng("recruitment", "opening", code)
        # A few fixed schools have one at every scale, so even the small district has openings; the
        # demo logins' schools (S0001-S0003) keep their leaders.
        if code not in ALWAYS_OPEN and (code in DEMO_LOGIN_SCHOOLS or rng.random() >= OPENING_SHARE):
            continue
        head = HiringRole.HEAD_OF_SCHOOL if level == SchoolLevel.HIGH else HiringRole.PRINCIPAL
        role = rng.choices([head, HiringRole.ASSISTANT_PRINCIPAL, HiringRole.ADMIN_TEAM_MEMBER], [3, 5, 2])[0]
        if (school_id, role) not in existing:
            openings.append(Opening(cycle=cycle, school_id=school_id, role=role))
    Opening.objects.bulk_create(openings, batch_size=BATCH_SIZE)
    run.created[str(Opening._meta.verbose_name_plural)] += len(openings)


def _fellows() -> list[Person]:
    """Veteran principals who refer and interview: mentor@'s person first, then the longest-serving."""
    mentor = Person.objects.filter(user__email="mentor@leaderdev.example").first()
    others = (
        Person.objects.filter(
            position__in=(Position.PRINCIPAL, Position.HEAD_OF_SCHOOL),
            role_start_date__lt=datetime.date(2015, 7, 1),
            is_active=True,
        )
        .exclude(pk=mentor.pk if mentor else None)
        .order_by("employee_id")[: FELLOWS - (1 if mentor else 0)]
    )
    return ([mentor] if mentor else []) + list(others)


def _panel(recruiter: User) -> list[User]:
    """Who sits on interview panels: recruiter@, mentor@ (a recruitment fellow with a login) and staff@
    (an Office colleague). Only existing demo logins: a new login for another fellow would change the
    people other demos build on."""
    others = User.objects.filter(email__in=PANEL_EMAILS).order_by("email")
    return [recruiter, *others]


def _sources(run: DemoRun, fellows: list[Person]) -> dict[str, list[Source]]:
    sources = [Source(kind=kind, name=name) for kind, name in ORGANISATIONS]
    sources += [
        Source(
            kind=SourceKind.RECRUITMENT_FELLOW, name=f"Recruitment fellow: {fellow.full_name}", fellow=fellow
        )
        for fellow in fellows
    ]
    run.insert_missing(Source, sources, keys=("name",))
    by_kind: dict[str, list[Source]] = {kind: [] for kind in SourceKind.values}
    names = {source.name for source in sources}
    for source in Source.objects.filter(name__in=names).order_by("name"):
        by_kind[source.kind].append(source)
    return by_kind


def _candidates(run: DemoRun) -> list[Candidate]:
    """Candidates 1..N for the scale, by number; the internal ones linked to a staff record."""
    total = round(APPLICATIONS[run.scale.name] / (1 + SECOND_ROLE_SHARE))
    pool = list(
        Person.objects.filter(
            position__in=(Position.TEACHER_LEADER, Position.ADMIN_TEAM_MEMBER, Position.ASSISTANT_PRINCIPAL),
            is_active=True,
            user__isnull=True,  # not the demo logins: ap@ stays an AP in every other demo
        )
        .order_by("employee_id")
        .values_list("pk", "first_name", "last_name", "email", "position", "phone")
    )
    # A staff record is one candidate: made by an earlier run (kept, found again by e-mail below) or
    # by an earlier number of this run (then this number is someone from outside).
    earlier = dict(Candidate.objects.filter(person__isnull=False).values_list("person_id", "email"))
    taken = set()
    planned = []
    for number in range(1, total + 1):
        rng = run.rng("recruitment", "candidate", number)
        internal = rng.random() < INTERNAL_SHARE and pool
        person = pool[rng.randrange(len(pool))] if internal else None
        if person is not None and person[0] not in taken:
            taken.add(person[0])
            pk, first, last, email, position, phone = person
            email = earlier.get(pk, email)
            planned.append(
                Candidate(
                    first_name=first,
                    last_name=last,
                    email=email,
                    phone=phone,
                    person_id=pk,
                    current_role=f"{Position(position).label}, district staff",
                )
            )
            continue
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        planned.append(
            Candidate(
                first_name=first,
                last_name=last,
                email=f"{_ascii(first)}.{_ascii(last)}.{number}@{rng.choice(MAIL_DOMAINS)}",
                phone=f"617-555-{rng.randint(100, 199):04d}",
                current_role=rng.choice(EXTERNAL_ROLES),
            )
        )
    existing = set(Candidate.objects.values_list("email", flat=True))
    missing = [c for c in planned if c.email not in existing]
    bulk_create_with_history(missing, Candidate, batch_size=BATCH_SIZE)
    run.created[str(Candidate._meta.verbose_name_plural)] += len(missing)
    emails = [c.email for c in planned]
    by_email = {c.email: c for c in Candidate.objects.filter(email__in=emails)}
    return [by_email[email] for email in emails if email in by_email]


def _walk(rng, kind: str, applied_on: datetime.date):
    """The stages an application went through, with the day it entered each, and how it closed."""
    strength = SOURCE_STRENGTH[kind]
    day = applied_on
    path = [(Stage.APPLIED, day)]
    for index, chance in enumerate(MOVE_ON):
        low, high = DAYS_IN_STAGE[PIPELINE[index]]
        next_day = day + datetime.timedelta(days=rng.randint(low, high))
        if next_day >= TODAY:
            return path, None  # still here today
        if rng.random() >= min(chance * strength, 0.95):
            # Did not move on: closed at this stage, or still waiting if it is recent.
            if rng.random() < 0.25 and (TODAY - day).days < 21:
                return path, None
            closed = Stage.WITHDRAWN if rng.random() < WITHDRAWN_SHARE else Stage.REJECTED
            return path, (closed, next_day)
        day = next_day
        path.append((PIPELINE[index + 1], day))
    return path, None


def _applications(run, cycle, candidates, sources, recruiter) -> list[Application]:
    """Applications of `candidates` and their StageChange history; return the new ones."""
    existing = set(Application.objects.filter(cycle=cycle).values_list("candidate_id", "role"))
    planned = []  # (application, [(from, to, at, reason)])
    span = (LAST_APPLICATION - FIRST_APPLICATION).days
    for number, candidate in enumerate(candidates, start=1):
        rng = run.rng("recruitment", "application", number)
        roles = [rng.choices(list(ROLE_MIX), list(ROLE_MIX.values()))[0]]
        if rng.random() < SECOND_ROLE_SHARE:
            second = rng.choice([r for r in ROLE_MIX if r != roles[0]])
            roles.append(second)
        mix = INTERNAL_SOURCE_KIND_MIX if candidate.person_id else SOURCE_KIND_MIX
        kind = rng.choices(list(mix), list(mix.values()))[0]
        source = rng.choice(sources[kind] or sources[SourceKind.SELF_APPLIED])
        # Most applications arrive in the early weeks of the cycle, fewer as it goes on.
        applied_on = FIRST_APPLICATION + datetime.timedelta(days=int(span * rng.random() ** 1.6))
        for role in roles:
            if (candidate.pk, role) in existing:
                continue
            path, closed = _walk(rng, source.kind, applied_on)
            moves = []
            previous = ""
            for stage, day in path:
                moves.append((previous, stage, _at(day, rng.randint(8, 16), rng.choice([0, 15, 30, 45])), ""))
                previous = stage
            if closed:
                stage, day = closed
                reasons = WITHDRAWAL_REASONS if stage == Stage.WITHDRAWN else REJECTION_REASONS[previous]
                moves.append((previous, stage, _at(day, rng.randint(8, 16)), rng.choice(reasons)))
            last = moves[-1]
            planned.append(
                (
                    Application(
                        cycle=cycle,
                        candidate=candidate,
                        role=role,
                        source=source,
                        school_level=rng.choice([*SchoolLevel.values, ""]),
                        stage=last[1],
                        stage_entered_at=last[2],
                        closed_reason=last[3],
                    ),
                    moves,
                )
            )
    applications = bulk_create_with_history([a for a, _ in planned], Application, batch_size=BATCH_SIZE)
    # bulk_create_with_history returns the objects with their primary keys on every database it supports;
    # read them back by natural key all the same, so SQLite without RETURNING works too.
    ids = {
        (candidate_id, role): pk
        for pk, candidate_id, role in Application.objects.filter(cycle=cycle).values_list(
            "pk", "candidate_id", "role"
        )
    }
    for application, _ in planned:
        application.pk = ids[(application.candidate_id, application.role)]
    StageChange.objects.bulk_create(
        (
            StageChange(
                application_id=application.pk,
                from_stage=from_stage,
                to_stage=to_stage,
                changed_by=recruiter,
                reason=reason,
                changed_at=at,
            )
            for application, moves in planned
            for from_stage, to_stage, at, reason in moves
        ),
        batch_size=BATCH_SIZE,
    )
    run.created[str(Application._meta.verbose_name_plural)] += len(applications)
    run.created[str(StageChange._meta.verbose_name_plural)] += sum(len(moves) for _, moves in planned)
    for application, moves in planned:
        application.demo_moves = moves
    return [application for application, _ in planned]


def _entered(application, stage):
    return next((at for _, to_stage, at, _ in application.demo_moves if to_stage == stage), None)


def _left(application, stage):
    """When the application left `stage` (its next move), or None while it is there."""
    moves = application.demo_moves
    for index, (_, to_stage, _, _) in enumerate(moves):
        if to_stage == stage and index + 1 < len(moves):
            return moves[index + 1][2]
    return None


def _interviews(run, applications, panel, competency_ids):
    """A first interview for each application that reached that stage, an in-depth one likewise."""
    planned = []  # (interview, panelists, competencies, moved_on)
    for application in applications:
        for stage, kind in (
            (Stage.FIRST_INTERVIEW, InterviewKind.FIRST),
            (Stage.IN_DEPTH_INTERVIEW, InterviewKind.IN_DEPTH),
        ):
            entered = _entered(application, stage)
            if entered is None:
                continue
            rng = run.rng("recruitment", "interview", application.candidate.email, application.role, kind)
            left = _left(application, stage)
            scheduled = entered + datetime.timedelta(days=rng.randint(2, 6))
            if left is not None and scheduled >= left:
                scheduled = entered + (left - entered) / 2
            scheduled = scheduled.replace(hour=rng.choice([9, 10, 13, 15]), minute=0)
            panelists = rng.sample(panel, k=min(len(panel), rng.choice([2, 3])))
            chosen = rng.sample(competency_ids, k=min(INTERVIEW_COMPETENCIES, len(competency_ids)))
            moved_on = (
                left is not None and _entered(application, PIPELINE[PIPELINE.index(stage) + 1]) is not None
            )
            planned.append(
                (
                    Interview(
                        application=application,
                        kind=kind,
                        scheduled_at=scheduled,
                        location=rng.choice(INTERVIEW_LOCATIONS),
                    ),
                    panelists,
                    chosen,
                    moved_on,
                    rng,
                )
            )
    interviews = bulk_create_with_history([p[0] for p in planned], Interview, batch_size=BATCH_SIZE)
    _read_back_ids(interviews, Interview, ("application_id", "kind"))
    Interview.panelists.through.objects.bulk_create(
        (
            Interview.panelists.through(interview_id=interview.pk, user_id=user.pk)
            for interview, panelists, *_ in planned
            for user in panelists
        ),
        batch_size=BATCH_SIZE,
    )
    Interview.competencies.through.objects.bulk_create(
        (
            Interview.competencies.through(interview_id=interview.pk, competency_id=cid)
            for interview, _, chosen, *_ in planned
            for cid in chosen
        ),
        batch_size=BATCH_SIZE,
    )
    now = _at(TODAY, 12)
    scorecards, ratings = [], []
    for interview, panelists, chosen, moved_on, rng in planned:
        if interview.scheduled_at >= now:
            continue  # not held yet
        for user in panelists:
            # Most submit the day after; a few panelists of recent interviews have not submitted yet.
            late = not moved_on and rng.random() < 0.15
            leaning = rng.random() < (0.8 if moved_on else 0.3)
            recommendation = (
                rng.choice([Recommendation.STRONG_YES, Recommendation.YES, Recommendation.YES])
                if leaning
                else rng.choice([Recommendation.NO, Recommendation.NO, Recommendation.STRONG_NO])
            )
            card = Scorecard(
                interview=interview,
                panelist=user,
                recommendation="" if late else recommendation,
                notes="" if late else rng.choice(SCORECARD_NOTES),
                submitted_at=None if late else interview.scheduled_at + datetime.timedelta(hours=20),
            )
            scorecards.append(card)
            ratings.append(
                [(cid, max(1, min(4, (3 if leaning else 2) + rng.choice([-1, 0, 0, 1])))) for cid in chosen]
            )
    scorecards = bulk_create_with_history(scorecards, Scorecard, batch_size=BATCH_SIZE)
    _read_back_ids(scorecards, Scorecard, ("interview_id", "panelist_id"))
    ScorecardRating.objects.bulk_create(
        (
            ScorecardRating(scorecard_id=card.pk, competency_id=cid, score=score)
            for card, card_ratings in zip(scorecards, ratings, strict=True)
            for cid, score in card_ratings
        ),
        batch_size=BATCH_SIZE,
    )
    run.created[str(Interview._meta.verbose_name_plural)] += len(interviews)
    run.created[str(Scorecard._meta.verbose_name_plural)] += len(scorecards)
    run.created[str(ScorecardRating._meta.verbose_name_plural)] += sum(len(r) for r in ratings)


def _read_back_ids(objs, model, keys):
    """Give bulk-created `objs` their primary keys, read back by natural `keys` (if the database did not)."""
    if all(obj.pk for obj in objs):
        return
    wanted = {tuple(getattr(obj, key) for key in keys) for obj in objs}
    filters = {f"{keys[0]}__in": {key[0] for key in wanted}}
    ids = {tuple(row[1:]): row[0] for row in model.objects.filter(**filters).values_list("pk", *keys)}
    for obj in objs:
        obj.pk = ids[tuple(getattr(obj, key) for key in keys)]


def _references(run, applications, recruiter):
    """Reference checks for each application that reached reference checks."""
    planned = []  # (reference, attempts)
    for application in applications:
        entered = _entered(application, Stage.REFERENCE_CHECKS)
        if entered is None:
            continue
        left = _left(application, Stage.REFERENCE_CHECKS)
        passed = _entered(application, Stage.FINALIST) is not None
        rng = run.rng("recruitment", "references", application.candidate.email, application.role)
        count = rng.choice([2, 3, 3])
        for index in range(count):
            if passed:
                status = (
                    ReferenceStatus.COMPLETED if index < 2 or rng.random() < 0.5 else ReferenceStatus.DECLINED
                )
            else:
                status = rng.choice(
                    [
                        ReferenceStatus.COMPLETED,
                        ReferenceStatus.IN_PROGRESS,
                        ReferenceStatus.PENDING,
                        ReferenceStatus.COMPLETED,
                    ]
                )
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            end = left or _at(TODAY, 9)
            contacted = entered + (end - entered) * rng.uniform(0.1, 0.5)
            done = entered + (end - entered) * rng.uniform(0.6, 0.95)
            reference = ReferenceCheck(
                application=application,
                referee_name=f"{first} {last}",
                referee_title=rng.choice(REFEREE_TITLES),
                relationship=f"Supervisor, {rng.randint(2016, 2022)}-{rng.randint(2023, 2026)}",
                email=f"{_ascii(first)}.{_ascii(last)}@{rng.choice(MAIL_DOMAINS)}",
                phone=f"617-555-{rng.randint(100, 199):04d}",
                status=status,
                answers=(
                    {
                        key: f"{question.split('?')[0]}: a specific, positive example."
                        for key, question in REFERENCE_QUESTIONS
                    }
                    if status == ReferenceStatus.COMPLETED
                    else {}
                ),
                notes=REFERENCE_NOTES if status == ReferenceStatus.COMPLETED else "",
                checked_by=recruiter if status == ReferenceStatus.COMPLETED else None,
                completed_at=done if status == ReferenceStatus.COMPLETED else None,
            )
            attempts = []
            if status != ReferenceStatus.PENDING:
                attempts.append((contacted, ContactMethod.EMAIL, "Sent the questions and asked for a call."))
                if status in (ReferenceStatus.COMPLETED, ReferenceStatus.IN_PROGRESS) and rng.random() < 0.5:
                    attempts.append(
                        (contacted + datetime.timedelta(days=2), ContactMethod.VOICEMAIL, "Left a voicemail.")
                    )
                if status == ReferenceStatus.COMPLETED:
                    attempts.append((done, ContactMethod.PHONE, "Reached; reference completed."))
                if status == ReferenceStatus.DECLINED:
                    attempts.append((done, ContactMethod.EMAIL, "Declined: district policy on references."))
            planned.append((reference, attempts))
    references = bulk_create_with_history([r for r, _ in planned], ReferenceCheck, batch_size=BATCH_SIZE)
    _read_back_ids(references, ReferenceCheck, ("application_id", "referee_name", "email"))
    ContactAttempt.objects.bulk_create(
        (
            ContactAttempt(reference_id=reference.pk, at=at, method=method, outcome=outcome, by=recruiter)
            for reference, attempts in planned
            for at, method, outcome in attempts
        ),
        batch_size=BATCH_SIZE,
    )
    run.created[str(ReferenceCheck._meta.verbose_name_plural)] += len(references)
    run.created[str(ContactAttempt._meta.verbose_name_plural)] += sum(len(a) for _, a in planned)
