"""Demo data for mentoring and coaching: a mentor pool, mentee profiles, a real matching round, partner
coaches, and three months of meeting logs.

Runs after the district, competencies and programs seeders. For the current school year:

- **Where schools are.** Every demo school has coordinates around Boston (leaderdev.demo.school_coordinates);
  a database seeded before schools had them gets them here, so travel distances count in matching.
- **The mentor pool.** Most veteran principals and heads of school are in it, nominated or applied, and
  moved along the pool's statuses with their history (mostly selected, some still in screening, a few not
  selected or withdrawn), with a capacity of one to three mentees, strengths from the active competency
  framework, languages and when they can meet. mentor@'s principal is always selected, with two places.
- **Mentees.** Most new leaders have a mentee profile (needs, languages, notes); some rank one or two
  mentors; a couple of recorded conflicts keep pairs apart.
- **Matching.** One round, "Fall <year> matching", run by the real engine (mentoring.services.matching:
  run_round, then approve_round) so the demo shows real scores and reasons. leader@ is pinned to mentor@
  beforehand, so that pair is certain whatever else the optimum does. Its proposals became the year's
  mentorships in mid-September. Seeding a larger scale over a smaller one runs one more round for the
  mentees the earlier rounds never saw.
- **Coaching.** Three partner organisations and their coaches; coach@ is one of them (the login has no
  Person: the Coach record links it). Most new principals and heads of school have a coach, leader@'s
  being coach@; a few are still waiting for one.
- **Logs.** Meetings, check-ins, observations and feedback conversations from each pair's start to the
  demo's "today" (programs.demo.AS_OF: November 25 of the current school year), on school days. Most
  pairs meet every two or three weeks; some went quiet in October (the health page flags them); a share
  of entries have private notes. No end-of-year feedback yet: it is November.

Deterministic for a seed (every choice is drawn from ``run.rng("mentoring", ...)`` keyed by employee id or
code, never by position in a list) and idempotent: rows are found by natural keys (person and year, name,
e-mail) and only missing ones are made; a relationship's log is written once, when it has none.
"""

import datetime
import math
import re
from collections import defaultdict
from dataclasses import dataclass

from django.db import models

from competencies.models import Competency
from competencies.queries.assessments import office_version
from leaderdev.audit import bulk_create_audited
from leaderdev.demo import (
    BATCH_SIZE,
    FIRST_NAMES,
    LAST_NAMES,
    DemoRun,
    school_coordinates,
    seeder,
)
from leaderdev.models import Person, Position, School, SchoolYear, User
from programs.demo import AS_OF, at, school_day

from .models import (
    Coach,
    CoachAssignment,
    Conflict,
    ConflictReason,
    ConstraintKind,
    Language,
    LogEntry,
    LogKind,
    MatchProposal,
    MatchRound,
    MenteeProfile,
    Mentor,
    MentorPreference,
    Mentorship,
    MentorshipStatus,
    MentorSource,
    MentorStatus,
    MentorStatusChange,
    PartnerOrganization,
    RoundStatus,
    UnmatchedMentee,
)
from .queries.pool import COACHED_POSITIONS
from .services import matching

HEADS = (Position.PRINCIPAL, Position.HEAD_OF_SCHOOL)
IN_POOL_SHARE = 0.85  # of veteran principals and heads of school
FINAL_STATUS_MIX = {
    MentorStatus.SELECTED: 74,
    MentorStatus.SCREENING: 8,
    MentorStatus.NOMINATED: 4,
    MentorStatus.APPLIED: 3,
    MentorStatus.NOT_SELECTED: 6,
    MentorStatus.WITHDRAWN: 5,
}
CAPACITY_MIX = {1: 20, 2: 50, 3: 30}
PROFILE_SHARE = 0.85  # of new leaders
PREFERENCE_SHARE = 0.3  # of profiles
CONFLICTS = 2
COVERED_SHARE = 0.85  # of new principals and heads of school
QUIET_SHARE = 0.18  # pairs that stopped meeting in October
LANGUAGE_MIX = {
    Language.SPANISH: 22,
    Language.HAITIAN_CREOLE: 8,
    Language.CAPE_VERDEAN_CREOLE: 6,
    Language.PORTUGUESE: 5,
    Language.VIETNAMESE: 4,
    Language.CHINESE: 4,
    Language.ARABIC: 2,
    Language.SOMALI: 2,
    Language.ASL: 1,
}
SECOND_LANGUAGE_SHARE = 0.35
NOMINATORS = [
    "Network superintendent",
    "Deputy superintendent of schools",
    "Office of Leadership Development",
    "A fellow principal",
    "School Leadership Team",
]
AVAILABILITY = [
    "Tuesday and Thursday afternoons",
    "Mornings before 8, most days",
    "Wednesday after school",
    "Friday afternoons",
    "Monday and Wednesday, 3:30-5",
    "By phone most evenings; in person on Thursdays",
]
MENTOR_NOTES = [
    "Led a turnaround at their school; strong on data cycles.",
    "Has mentored three new principals; mentees rate them highly.",
    "Building a strong ILT this year; happy to host school visits.",
    "",
    "",
]
MENTEE_NOTES = [
    "Would like a mentor who has led a school through a leadership change.",
    "New to the district; hoping to learn the systems fast.",
    "Interested in family engagement with multilingual families.",
    "",
    "",
    "",
]
ROUND_NAME = "Fall {year} matching"
ROUND_WEIGHTS = {
    "weight_same_level": 6,
    "weight_same_network": 3,
    "weight_strengths": 8,
    "weight_language": 5,
    "weight_distance": 3,
    "weight_preference": 7,
}

PARTNERS = [
    {
        "name": "New Leaders",
        "contact_name": "Renée Alvarado",
        "domain": "newleaders.example",
        "phone": "617-555-0142",
        "website": "https://newleaders.example",
    },
    {
        "name": "Center for Educational Leadership",
        "contact_name": "Marcus Oyelaran",
        "domain": "cel.example",
        "phone": "617-555-0157",
        "website": "https://cel.example",
    },
    {
        "name": "BPE Leadership Partners",
        "contact_name": "Theresa McCann",
        "domain": "bpe-partners.example",
        "phone": "617-555-0163",
        "website": "https://bpe-partners.example",
    },
]
COACH_LOGIN = "coach@leaderdev.example"
LEADS_PER_COACH = 5

MENTOR_MEETING_NOTES = [
    "Walked through the master schedule and where instructional time gets lost.",
    "Talked about the first ILT meeting: norms, roles and a tight agenda.",
    "Reviewed the fall benchmark data by grade and by student group.",
    "Role-played a hard conversation with a veteran teacher.",
    "Planned the family open house with the family liaison in mind.",
    "Shared how they protect time for classroom visits every week.",
    "Looked at the school's budget timeline and what to decide before winter.",
    "Debriefed a difficult parent meeting and what to do differently.",
]
COACH_NOTES = [
    "Observed two literacy blocks together and calibrated on the look-fors.",
    "Debriefed the ILT meeting: strong norms, agenda ran over.",
    "Walked the building at arrival and dismissal; routines are settling.",
    "Planned the first round of teacher feedback cycles.",
    "Reviewed the equity audit findings and picked one to act on.",
    "Observed a grade-level team's data meeting and gave feedback.",
]
NEXT_STEPS = [
    "Draft the ILT agenda and send it for a look before Friday.",
    "Visit two classrooms a day next week and note one strength each.",
    "Share the benchmark summary with grade-level leads.",
    "Try the feedback protocol with one teacher and bring notes.",
    "Block Thursday afternoons for instructional walkthroughs.",
    "",
]
PRIVATE_NOTES = [
    "Seems stretched thin; check in on workload and sleep.",
    "Tension with the AP about roles; come back to it.",
    "Worried about a staffing vacancy in special education.",
    "Very open to feedback; ready for harder conversations.",
]
PRIVATE_SHARE = 0.3


@dataclass(frozen=True)
class Who:
    """A person as the seeder needs them, read once."""

    pk: int
    employee_id: str
    position: str
    school_id: int | None
    network_id: int | None
    role_start_date: datetime.date
    email: str  # their login's, if any
    user_id: int | None


def _year_in_role(person: Who, year: SchoolYear) -> int:
    return Person(role_start_date=person.role_start_date).year_in_role(year) or 0  # the rule lives there


def _weighted(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _insert(run: DemoRun, model: type[models.Model], objs) -> list:
    objs = list(objs)
    bulk_create_audited(model, objs, batch_size=BATCH_SIZE, reason="Demo data")
    run.created[str(model._meta.verbose_name_plural)] += len(objs)
    return objs


def _people() -> list[Who]:
    rows = (
        Person.objects.filter(is_active=True)
        .order_by("employee_id")
        .values_list(
            "pk",
            "employee_id",
            "position",
            "school_id",
            "school__network_id",
            "role_start_date",
            "user__email",
            "user_id",
        )
    )
    return [Who(*row[:6], row[6] or "", row[7]) for row in rows]


def _competency_ids() -> list[int]:
    version = office_version()
    if version is None:
        return []
    return list(
        Competency.objects.filter(domain__version=version).order_by("pk").values_list("pk", flat=True)
    )


def _languages(rng) -> list[str]:
    languages = [Language.ENGLISH.value]
    if rng.random() < SECOND_LANGUAGE_SHARE:
        languages.append(_weighted(rng, LANGUAGE_MIX).value)
    return languages


# --- Schools' coordinates -----------------------------------------------------------------------------------


def _school_coordinates(run: DemoRun) -> None:
    """Give demo schools (codes S0001 ...) without coordinates the ones the district seeder draws."""
    missing = [
        school
        for school in School.objects.filter(latitude__isnull=True, longitude__isnull=True)
        if re.fullmatch(r"S\d{4,}", school.code) and int(school.code[1:]) >= 1
    ]
    for school in missing:
        school.latitude, school.longitude = school_coordinates(run.seed, int(school.code[1:]) - 1)
    School.objects.bulk_update(missing, ["latitude", "longitude"], batch_size=BATCH_SIZE)


# --- The mentor pool ----------------------------------------------------------------------------------------


def _history(final: str, source: str) -> list[str]:
    """The statuses a mentor went through to reach `final`, from the one they entered with."""
    first = MentorStatus.NOMINATED if source == MentorSource.NOMINATED else MentorStatus.APPLIED
    path = {
        MentorStatus.NOMINATED: [MentorStatus.NOMINATED],
        MentorStatus.APPLIED: [MentorStatus.APPLIED],
        MentorStatus.SCREENING: [first, MentorStatus.SCREENING],
        MentorStatus.SELECTED: [first, MentorStatus.SCREENING, MentorStatus.SELECTED],
        MentorStatus.NOT_SELECTED: [first, MentorStatus.SCREENING, MentorStatus.NOT_SELECTED],
        MentorStatus.WITHDRAWN: [first, MentorStatus.SCREENING, MentorStatus.WITHDRAWN],
    }
    return path[final]


REASONS = {
    MentorStatus.SCREENING: ["References requested", "Interview scheduled", "Strong nomination"],
    MentorStatus.SELECTED: ["Interview went well", "Strong references; great fit", "Selected by the panel"],
    MentorStatus.NOT_SELECTED: [
        "Not this year: first year at a new school",
        "Capacity needed at home school",
    ],
    MentorStatus.WITHDRAWN: ["Took a central office role", "Family leave this year"],
}


def _planned_mentor(person: Who, year: SchoolYear, final: str, rng, capacity: int | None = None):
    source = MentorSource.NOMINATED if rng.random() < 0.65 else MentorSource.APPLIED
    mentor = Mentor(
        person_id=person.pk,
        school_year=year,
        status=final,
        source=source,
        nominated_by=rng.choice(NOMINATORS) if source == MentorSource.NOMINATED else "",
        capacity=capacity or _weighted(rng, CAPACITY_MIX),
        availability=rng.choice(AVAILABILITY),
        languages=_languages(rng),
        notes=rng.choice(MENTOR_NOTES),
    )
    return person, mentor, _history(final, source), rng


def _mentor_pool(run: DemoRun, year: SchoolYear, people: list[Who], competency_ids, staff_id) -> None:
    """Most veteran principals and heads of school, with their strengths and status history."""
    veterans = [p for p in people if p.position in HEADS and p.school_id and _year_in_role(p, year) >= 3]
    existing = set(Mentor.objects.filter(school_year=year).values_list("person_id", flat=True))
    run.created[str(Mentor._meta.verbose_name_plural)] += 0
    planned, left_out = [], []  # (person, mentor, statuses, rng); veterans not in the pool
    for person in veterans:
        rng = run.rng("mentoring", "mentor", year.name, person.employee_id)
        featured = person.email == "mentor@leaderdev.example"
        if person.pk in existing:
            continue
        if not (featured or rng.random() < IN_POOL_SHARE):
            left_out.append((person, rng))
            continue
        final = MentorStatus.SELECTED if featured else _weighted(rng, FINAL_STATUS_MIX)
        planned.append(_planned_mentor(person, year, final, rng, capacity=2 if featured else None))
    if planned and left_out and all(m.status == MentorStatus.SELECTED for _, m, _, _ in planned):
        # A small district may draw only selected mentors: one more, in screening, shows the pool's steps.
        person, rng = left_out[0]
        planned.append(_planned_mentor(person, year, MentorStatus.SCREENING, rng))
    _insert(run, Mentor, [mentor for _, mentor, _, _ in planned])

    ids = dict(Mentor.objects.filter(school_year=year).values_list("person_id", "pk"))
    strengths, changes = [], []
    spring = datetime.date(year.leadership_year, 4, 6)
    for person, _, statuses, rng in planned:
        mentor_id = ids[person.pk]
        for competency_id in rng.sample(competency_ids, min(len(competency_ids), rng.randint(2, 4))):
            strengths.append(Mentor.strengths.through(mentor_id=mentor_id, competency_id=competency_id))
        day = spring + datetime.timedelta(days=rng.randint(0, 30))
        for previous, status in zip(["", *statuses], statuses, strict=False):
            reason = rng.choice(REASONS[status]) if status in REASONS else ""
            change = MentorStatusChange(
                mentor_id=mentor_id,
                from_status=previous,
                to_status=status,
                changed_by_id=staff_id if previous else None,
                reason=reason,
            )
            change.demo_when = at(day, 10)
            changes.append(change)
            day += datetime.timedelta(days=rng.randint(10, 35))
    Mentor.strengths.through.objects.bulk_create(strengths, batch_size=BATCH_SIZE)
    _insert(run, MentorStatusChange, changes)
    # changed_at is stamped on insert; the history happened in the spring and summer.
    for change in changes:
        change.changed_at = change.demo_when
    MentorStatusChange.objects.bulk_update(changes, ["changed_at"], batch_size=BATCH_SIZE)


# --- Mentees ------------------------------------------------------------------------------------------------


def _new_leaders(year: SchoolYear, people: list[Who]) -> list[Who]:
    new = set(Person.objects.new_leaders(year).values_list("pk", flat=True))
    return [p for p in people if p.pk in new]


def _mentee_profiles(run: DemoRun, year: SchoolYear, mentees: list[Who], competency_ids) -> None:
    """Needs, languages and notes for most new leaders; some rank mentors of other schools."""
    existing = set(MenteeProfile.objects.filter(school_year=year).values_list("person_id", flat=True))
    run.created[str(MenteeProfile._meta.verbose_name_plural)] += 0
    run.created[str(MentorPreference._meta.verbose_name_plural)] += 0
    planned = []
    for person in mentees:
        rng = run.rng("mentoring", "mentee", year.name, person.employee_id)
        if person.pk in existing or not (person.email or rng.random() < PROFILE_SHARE):
            continue
        profile = MenteeProfile(
            person_id=person.pk, school_year=year, languages=_languages(rng), notes=rng.choice(MENTEE_NOTES)
        )
        planned.append((person, profile, rng))
    _insert(run, MenteeProfile, [profile for _, profile, _ in planned])
    if not planned:
        return

    ids = dict(MenteeProfile.objects.filter(school_year=year).values_list("person_id", "pk"))
    mentors = list(
        Mentor.objects.filter(school_year=year, status=MentorStatus.SELECTED)
        .order_by("person__employee_id")
        .values_list("pk", "person__school_id", "person__user__email")
    )
    needs, preferences = [], []
    for person, _, rng in planned:
        profile_id = ids[person.pk]
        for competency_id in rng.sample(competency_ids, min(len(competency_ids), rng.randint(2, 3))):
            needs.append(
                MenteeProfile.needs.through(menteeprofile_id=profile_id, competency_id=competency_id)
            )
        # Other schools' mentors only; leader@ is pinned to mentor@ anyway, so ranks mentor@ first.
        choices = [pk for pk, school_id, _ in mentors if school_id != person.school_id]
        if person.email == "leader@leaderdev.example":
            featured = [pk for pk, _, email in mentors if email == "mentor@leaderdev.example"]
            ranked = featured[:1]
        elif choices and rng.random() < PREFERENCE_SHARE:
            ranked = rng.sample(choices, min(len(choices), rng.choice([1, 2])))
        else:
            ranked = []
        for rank, mentor_id in enumerate(ranked, start=1):
            preferences.append(MentorPreference(profile_id=profile_id, mentor_id=mentor_id, rank=rank))
    MenteeProfile.needs.through.objects.bulk_create(needs, batch_size=BATCH_SIZE)
    _insert(run, MentorPreference, preferences)


CONFLICT_NOTES = {
    ConflictReason.PAST_CONFLICT: "A grievance between them at a previous school.",
    ConflictReason.FAMILY: "Siblings-in-law.",
}


def _conflicts(run: DemoRun, year: SchoolYear, mentees: list[Who]) -> None:
    """A couple of pairs that must never be matched (never leader@ and mentor@)."""
    run.created[str(Conflict._meta.verbose_name_plural)] += 0
    mentors = list(
        Mentor.objects.filter(school_year=year, status=MentorStatus.SELECTED)
        .exclude(person__user__email="mentor@leaderdev.example")
        .order_by("person__employee_id")
        .values_list("person_id", "person__school_id")
    )
    candidates = [p for p in mentees if not p.email]
    if not mentors or not candidates:
        return
    rng = run.rng("mentoring", "conflicts", year.name)
    existing = set(Conflict.objects.values_list("mentee_id", "mentor_id"))
    conflicts = []
    for person, reason in zip(
        rng.sample(candidates, min(CONFLICTS, len(candidates))),
        [ConflictReason.PAST_CONFLICT, ConflictReason.FAMILY],
        strict=False,
    ):
        others = [pk for pk, school_id in mentors if school_id != person.school_id]
        if not others:
            continue
        mentor_person = rng.choice(others)
        if (person.pk, mentor_person) not in existing:
            conflicts.append(
                Conflict(
                    mentee_id=person.pk, mentor_id=mentor_person, reason=reason, note=CONFLICT_NOTES[reason]
                )
            )
    _insert(run, Conflict, conflicts)


# --- Matching -----------------------------------------------------------------------------------------------


def _approval_day(year: SchoolYear) -> datetime.date:
    return school_day(datetime.date(year.leadership_year, 9, 14), year.leadership_year)


def _match(run: DemoRun, year: SchoolYear, staff: User | None) -> None:
    """Run and approve a round through the real services; one more for mentees no round has seen yet."""
    run.created[str(MatchRound._meta.verbose_name_plural)] += 0
    run.created[str(Mentorship._meta.verbose_name_plural)] += 0
    rounds = MatchRound.objects.filter(school_year=year)
    seen = set(MatchProposal.objects.filter(round__in=rounds).values_list("mentee_id", flat=True))
    seen |= set(UnmatchedMentee.objects.filter(round__in=rounds).values_list("mentee_id", flat=True))
    unseen = matching.eligible_mentees(year).exclude(pk__in=seen)
    if not unseen.exists():
        return
    name = ROUND_NAME.format(year=year.leadership_year)
    if rounds.exists():
        name = f"{name}, part {rounds.count() + 1}"
    match_round = matching.create_round(year, name=name, created_by=staff, **ROUND_WEIGHTS)
    run.created[str(MatchRound._meta.verbose_name_plural)] += 1

    leader = Person.objects.filter(user__email="leader@leaderdev.example").first()
    mentor = Mentor.objects.filter(school_year=year, person__user__email="mentor@leaderdev.example").first()
    if leader is not None and mentor is not None and unseen.filter(pk=leader.pk).exists():
        matching.set_constraint(match_round, leader, mentor, ConstraintKind.PIN, user=staff)

    match_round = matching.run_round(match_round.pk)
    approved_on = _approval_day(year)
    MatchRound.objects.filter(pk=match_round.pk).update(
        computed_at=at(approved_on - datetime.timedelta(days=3), 16)
    )
    if match_round.status != RoundStatus.PROPOSED or not match_round.proposals.exists():
        return  # nobody could be matched: the round stays for staff to look at
    made = matching.approve_round(match_round, user=staff)
    MatchRound.objects.filter(pk=match_round.pk).update(approved_at=at(approved_on, 11))
    run.created[str(Mentorship._meta.verbose_name_plural)] += len(made)

    # The pairs started when the round was approved, or when a leader hired later started in the role.
    starts = dict(
        Person.objects.filter(pk__in=[m.mentee_id for m in made]).values_list("pk", "role_start_date")
    )
    for mentorship in made:
        begins = max(approved_on, starts[mentorship.mentee_id] + datetime.timedelta(days=7))
        mentorship.started_on = school_day(begins, year.leadership_year)
    Mentorship.objects.bulk_update(made, ["started_on"], batch_size=BATCH_SIZE)


# --- Coaching -----------------------------------------------------------------------------------------------


def _coaches(run: DemoRun, coached_count: int) -> list[Coach]:
    """Three partner organisations and enough coaches for the new heads of school; coach@ is one."""
    _insert(
        run,
        PartnerOrganization,
        [
            PartnerOrganization(
                name=partner["name"],
                contact_name=partner["contact_name"],
                contact_email=f"partnerships@{partner['domain']}",
                phone=partner["phone"],
                website=partner["website"],
            )
            for partner in PARTNERS
            if not PartnerOrganization.objects.filter(name=partner["name"]).exists()
        ],
    )
    organizations = dict(PartnerOrganization.objects.values_list("name", "pk"))
    login = User.objects.filter(email__iexact=COACH_LOGIN).first()
    wanted = max(len(PARTNERS), math.ceil(coached_count / LEADS_PER_COACH))
    planned = []
    if login is not None:
        planned.append(
            Coach(
                organization_id=organizations[PARTNERS[0]["name"]],
                full_name=login.full_name or "Demo Partner Coach",
                email=COACH_LOGIN,
                phone="617-555-0171",
                user=login,
                languages=[Language.ENGLISH.value, Language.SPANISH.value],
            )
        )
    for n in range(wanted):
        partner = PARTNERS[n % len(PARTNERS)]
        rng = run.rng("mentoring", "coach", n)
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        local = "".join(
            ch for ch in f"{first}.{last}".lower() if ch.isascii() and (ch.isalnum() or ch == ".")
        )
        planned.append(
            Coach(
                organization_id=organizations[partner["name"]],
                full_name=f"{first} {last}",
                email=f"{local}.{n + 1}@{partner['domain']}",
                phone=f"617-555-{rng.randint(100, 199):04d}",
                languages=_languages(rng),
            )
        )
    taken = set(Coach.objects.values_list("email", flat=True))
    users_with_coach = set(Coach.objects.filter(user__isnull=False).values_list("user_id", flat=True))
    _insert(
        run,
        Coach,
        [
            c
            for c in planned
            if c.email not in taken and (c.user_id is None or c.user_id not in users_with_coach)
        ],
    )
    emails = [c.email for c in planned]
    return sorted(Coach.objects.filter(email__in=emails), key=lambda c: emails.index(c.email))


def _coaching(run: DemoRun, year: SchoolYear, mentees: list[Who]) -> None:
    """Most new principals and heads of school get a coach; leader@'s is coach@."""
    heads = [p for p in mentees if p.position in COACHED_POSITIONS]
    coaches = _coaches(run, len(heads))
    run.created[str(CoachAssignment._meta.verbose_name_plural)] += 0
    if not coaches:
        return
    have = set(CoachAssignment.objects.filter(school_year=year).values_list("leader_id", flat=True))
    demo_coach = next((c for c in coaches if c.email == COACH_LOGIN), None)
    others = [c for c in coaches if c.email != COACH_LOGIN]
    first_day = school_day(datetime.date(year.leadership_year, 9, 8), year.leadership_year)
    assignments = []
    for person in heads:
        rng = run.rng("mentoring", "coaching", year.name, person.employee_id)
        featured = person.email == "leader@leaderdev.example"
        if person.pk in have or not (featured or rng.random() < COVERED_SHARE):
            continue
        if featured and demo_coach is not None:
            coach = demo_coach
        else:
            # coach@ also coaches a couple of others, so their page has more than one leader.
            pool = [demo_coach, *others] if demo_coach is not None and rng.random() < 0.12 else others
            coach = rng.choice(pool or coaches)
        begins = max(first_day, person.role_start_date + datetime.timedelta(days=10))
        assignments.append(
            CoachAssignment(
                coach=coach,
                leader_id=person.pk,
                school_year=year,
                started_on=school_day(begins, year.leadership_year),
            )
        )
    _insert(run, CoachAssignment, assignments)


# --- Logs ---------------------------------------------------------------------------------------------------


def _log_days(rng, start: datetime.date, as_of: datetime.date, year: int, quiet: bool) -> list[datetime.date]:
    """Meeting days every two or three weeks from `start` to `as_of`; a quiet pair stops in October."""
    last = min(as_of, datetime.date(year, 10, rng.randint(1, 20))) if quiet else as_of
    days, day = [], start + datetime.timedelta(days=rng.randint(2, 8))
    while day < last:
        days.append(school_day(day, year))
        day += datetime.timedelta(days=rng.choice([10, 14, 14, 17, 21]))
    return [d for d in dict.fromkeys(days) if d < last]


def _quiet_pairs(run: DemoRun, kind: str, year: SchoolYear, rows) -> set[int]:
    """The pairs (ids) that stopped meeting in October: about QUIET_SHARE of those that began in September,
    and at least one whenever two or more did, so the health page always has someone to flag. mentor@'s
    and coach@'s pairs (the ones with an author login) keep meeting: their pages read well."""
    draws = {
        pk: run.rng("mentoring", "quiet", kind, year.name, employee_id).random()
        for pk, _, employee_id, started_on, author_id in rows
        if author_id is None and started_on.month == 9
    }
    quiet = {pk for pk, draw in draws.items() if draw < QUIET_SHARE}
    if not quiet and len(draws) >= 2:
        quiet = {min(draws, key=draws.get)}
    return quiet


def _logs(run: DemoRun, year: SchoolYear, as_of: datetime.date) -> None:
    """Meeting logs of every mentorship and coaching assignment of the year that has none yet."""
    run.created[str(LogEntry._meta.verbose_name_plural)] += 0
    needs = defaultdict(list)
    for person_id, competency_id in MenteeProfile.needs.through.objects.filter(
        menteeprofile__school_year=year
    ).values_list("menteeprofile__person_id", "competency_id"):
        needs[person_id].append(competency_id)

    with_logs = set(
        LogEntry.objects.filter(mentorship__school_year=year).values_list("mentorship_id", flat=True)
    )
    mentorships = (
        Mentorship.objects.filter(school_year=year, status=MentorshipStatus.ACTIVE)
        .exclude(pk__in=with_logs)
        .values_list("pk", "mentee_id", "mentee__employee_id", "started_on", "mentor__person__user_id")
    )
    coached = set(LogEntry.objects.filter(coaching__school_year=year).values_list("coaching_id", flat=True))
    assignments = (
        CoachAssignment.objects.filter(school_year=year, status=MentorshipStatus.ACTIVE)
        .exclude(pk__in=coached)
        .values_list("pk", "leader_id", "leader__employee_id", "started_on", "coach__user_id")
    )
    entries, focus = [], []
    for kind, rows in (("mentorship", list(mentorships)), ("coaching", list(assignments))):
        quiet_pairs = _quiet_pairs(run, kind, year, rows)
        for pk, person_id, employee_id, started_on, author_id in rows:
            rng = run.rng("mentoring", "log", kind, year.name, employee_id)
            quiet = pk in quiet_pairs
            for day in _log_days(rng, started_on, as_of, year.leadership_year, quiet):
                if kind == "coaching":
                    entry_kind = rng.choices(
                        [LogKind.OBSERVATION, LogKind.FEEDBACK, LogKind.MEETING], weights=[45, 30, 25]
                    )[0]
                    notes = rng.choice(COACH_NOTES)
                else:
                    entry_kind = rng.choices([LogKind.MEETING, LogKind.CHECK_IN], weights=[80, 20])[0]
                    notes = rng.choice(MENTOR_MEETING_NOTES)
                entry = LogEntry(
                    mentorship_id=pk if kind == "mentorship" else None,
                    coaching_id=pk if kind == "coaching" else None,
                    date=day,
                    kind=entry_kind,
                    duration_minutes=15
                    if entry_kind == LogKind.CHECK_IN
                    else rng.choice([45, 60, 60, 75, 90]),
                    notes=notes,
                    next_steps=rng.choice(NEXT_STEPS),
                    private_notes=rng.choice(PRIVATE_NOTES) if rng.random() < PRIVATE_SHARE else "",
                    logged_by_id=author_id,
                )
                entries.append(entry)
                chosen = rng.sample(needs[person_id], min(len(needs[person_id]), rng.choice([1, 1, 2])))
                focus.append(chosen)
    _insert(run, LogEntry, entries)
    LogEntry.focus.through.objects.bulk_create(
        [
            LogEntry.focus.through(logentry_id=entry.pk, competency_id=competency_id)
            for entry, chosen in zip(entries, focus, strict=True)
            for competency_id in chosen
        ],
        batch_size=BATCH_SIZE,
    )


# --- The seeder ---------------------------------------------------------------------------------------------


@seeder
def seed_mentoring(run: DemoRun) -> None:
    """The year's mentor pool, mentee profiles, an approved matching round, coaching and meeting logs."""
    _school_coordinates(run)
    year = SchoolYear.objects.current()
    if year is None:
        return
    people = _people()
    competency_ids = _competency_ids()
    staff = User.objects.filter(email__iexact="staff@leaderdev.example").first()
    mentees = _new_leaders(year, people)

    _mentor_pool(run, year, people, competency_ids, staff.pk if staff else None)
    _mentee_profiles(run, year, mentees, competency_ids)
    _conflicts(run, year, mentees)
    _match(run, year, staff)
    _coaching(run, year, mentees)
    _logs(run, year, datetime.date(year.leadership_year, *AS_OF))
