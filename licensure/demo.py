"""Demo data for licensure support: employees pursuing DESE licenses, their checklists, and the monthly
support groups.

Runs after the fellowships seeder (so this year's fellows are known). The demo's "today" is
programs.demo.AS_OF (November 25 of the current school year, 2026-2027).

- **Licenses**: the two DESE licenses the Office supports, by the codes the data migration ships
  (``dese-principal-ap``, ``dese-supervisor-director``). A database migrated before that migration gets
  them here, with a short checklist of the same items, through get_or_create, so the migration and the
  demo never make two of anything.
- **Pursuits**: about schools // 4 + 6 employees: every fellow in residency this year (their residency
  is their practicum; fellow@ is one), then assistant principals, admin team members and teacher
  leaders. Most pursue Principal/Assistant Principal, some teacher leaders and admin team members
  Supervisor/Director. Statuses are spread (planning, in progress, applied to the state, licensed, one
  paused), with dates that fit them.
- **Progress** per requirement: verified by licensure@ (with when), submitted and waiting for the team,
  returned with a reason, in progress (a fellow's practicum counts their residency hours); evidence is
  links (score reports, transcripts, letters), never files.
- **Support groups** for the current school year, one per about twelve active pursuers, each run by one
  or two veteran principals (mentor@ runs the first one, which fellow@ is in), meeting on the second
  Wednesday of each month (the third when schools are closed), 4:00-5:30 pm in the district's time zone,
  September to June. Meetings before today have notes, attendance and each participant's next steps.

Deterministic for a seed (every choice is drawn from ``run.rng("licensure", ...)`` keyed by employee id
or group name) and idempotent: pursuits are found by (person, license), groups by (year, name); only new
pursuits get progress, only new groups get meetings, and a second run inserts nothing. A larger scale adds
pursuers and groups for them.
"""

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.db.models import Sum

from fellowships.models import Fellow, FellowStatus, HoursEntry
from leaderdev.audit import bulk_create_audited
from leaderdev.demo import BATCH_SIZE, DemoRun, seeder
from leaderdev.models import Person, Position, School, SchoolYear, User
from programs.demo import AS_OF, at, holidays

from .models import (
    ACTIVE_PURSUIT_STATUSES,
    AttendanceStatus,
    Evidence,
    GroupMembership,
    LicensePursuit,
    LicenseType,
    MeetingAttendance,
    ProgressStatus,
    PursuitStatus,
    Requirement,
    RequirementKind,
    RequirementProgress,
    SupportGroup,
    SupportMeeting,
)

PRINCIPAL = "dese-principal-ap"
SUPERVISOR = "dese-supervisor-director"
LICENSURE_LOGIN = "licensure@leaderdev.example"
MENTOR_LOGIN = "mentor@leaderdev.example"
FELLOW_LOGIN = "fellow@leaderdev.example"

# Until the data migration (licensure 0002) is applied: the licenses by the names it gives them, with a
# short checklist of its items: (kind, title, target amount, unit, description).
FALLBACK_LICENSES = {
    PRINCIPAL: (
        "Principal/Assistant Principal (Initial)",
        [
            (RequirementKind.OTHER, "Bachelor's degree", None, "", "A transcript or the diploma."),
            (
                RequirementKind.TEST,
                "Communication & Literacy Skills MTEL",
                None,
                "",
                "The MTEL score report.",
            ),
            (
                RequirementKind.COURSEWORK,
                "Approved administrator preparation program coursework",
                None,
                "",
                "A transcript or a letter from the program.",
            ),
            (RequirementKind.PRACTICUM, "Practicum, 500 hours", Decimal(500), "hours", "The signed log."),
            (RequirementKind.ENDORSEMENT, "SEI Administrator Endorsement", None, "", "The certificate."),
        ],
    ),
    SUPERVISOR: (
        "Supervisor/Director (Initial)",
        [
            (RequirementKind.OTHER, "Bachelor's degree", None, "", "A transcript or the diploma."),
            (
                RequirementKind.TEST,
                "Communication & Literacy Skills MTEL",
                None,
                "",
                "The MTEL score report.",
            ),
            (RequirementKind.PRACTICUM, "Practicum, 300 hours", Decimal(300), "hours", "The signed log."),
            (RequirementKind.ENDORSEMENT, "SEI Administrator Endorsement", None, "", "The certificate."),
        ],
    ),
}

PURSUER_POSITIONS = (Position.ASSISTANT_PRINCIPAL, Position.ADMIN_TEAM_MEMBER, Position.TEACHER_LEADER)
PURSUE_SHARE = {
    Position.ASSISTANT_PRINCIPAL: 0.3,
    Position.ADMIN_TEAM_MEMBER: 0.2,
    Position.TEACHER_LEADER: 0.08,
}
SUPERVISOR_SHARE = {Position.ADMIN_TEAM_MEMBER: 0.25, Position.TEACHER_LEADER: 0.4}
STATUS_MIX = {
    PursuitStatus.PLANNING: 25,
    PursuitStatus.IN_PROGRESS: 55,
    PursuitStatus.APPLIED: 8,
    PursuitStatus.LICENSED: 7,
    PursuitStatus.PAUSED: 5,
}
FRONTIER_MIX = {ProgressStatus.SUBMITTED: 40, ProgressStatus.RETURNED: 20, ProgressStatus.IN_PROGRESS: 40}
GROUP_SIZE = 12
HEADS = (Position.PRINCIPAL, Position.HEAD_OF_SCHOOL)
ATTENDANCE_MIX = {AttendanceStatus.PRESENT: 82, AttendanceStatus.EXCUSED: 10, AttendanceStatus.ABSENT: 8}
MEETING_MONTHS = (9, 10, 11, 12, 1, 2, 3, 4, 5, 6)
MEETING_TIME = ((16, 0), (17, 30))

EVIDENCE = {
    RequirementKind.OTHER: (
        "Transcript or letter",
        "https://docs.bostonpublicschools.example/licensure/{key}",
    ),
    RequirementKind.TEST: ("MTEL score report", "https://www.mtel.example/score-report/{number}"),
    RequirementKind.COURSEWORK: (
        "Program transcript",
        "https://registrar.university.example/transcript/{number}",
    ),
    RequirementKind.PRACTICUM: ("Practicum log", "https://docs.bostonpublicschools.example/practicum/{key}"),
    RequirementKind.PERFORMANCE_TASK: (
        "PAL submission confirmation",
        "https://pal.example/submission/{number}",
    ),
    RequirementKind.ENDORSEMENT: (
        "SEI endorsement certificate",
        "https://elar.doe.mass.example/license/{number}",
    ),
}
PROGRESS_NOTES = [
    "Done; the evidence is linked.",
    "Uploaded the report the week I got it.",
    "Finished in the summer session.",
    "",
]
RETURNED_REASONS = {
    RequirementKind.OTHER: "The letter needs your dates of employment and HR's signature.",
    RequirementKind.TEST: "The score report shows only the reading subtest; add the writing subtest.",
    RequirementKind.COURSEWORK: "The transcript lists two courses still in progress; send it once graded.",
    RequirementKind.PRACTICUM: "The log is missing the site supervisor's signature for October.",
    RequirementKind.PERFORMANCE_TASK: "This confirmation is for another task; link this task's one.",
    RequirementKind.ENDORSEMENT: "It is the teacher SEI endorsement; we need the administrator one.",
}
PURSUIT_NOTES = [
    "Working full time; plans coursework in the summers.",
    "Asked about the PAL timeline at the last meeting.",
    "Wants to apply in time for next year's hiring cycle.",
    "",
    "",
]
AGENDAS = {
    9: "Welcome; where each of us stands on the checklist; this year's calendar.",
    10: "The Communication & Literacy Skills test: registering, preparing, the score report.",
    11: "Practicum logs: what counts, how to record it, getting signatures.",
    12: "Preparation programs compared; financing and the district's tuition support.",
    1: "Performance tasks: reading the rubric together.",
    2: "Peer review of a performance task draft.",
    3: "SEI administrator endorsement: the course options.",
    4: "Applying to DESE through ELAR: a walk-through.",
    5: "Mock interviews for assistant principal and principal roles.",
    6: "Celebrating licenses earned; plans for the summer.",
}
MEETING_NOTES = {
    9: "Everyone mapped their checklist; most have the degree and employment letter verified already.",
    10: "Shared test preparation resources; three people booked a test date in November.",
    11: "Walked through a sample practicum log; agreed to bring signed logs to the December meeting.",
}
# The next step agreed with a participant, by the kind of their first requirement not yet verified.
NEXT_STEPS = {
    RequirementKind.OTHER: "Ask HR for the employment letter, with dates and a signature.",
    RequirementKind.TEST: "Book the Communication & Literacy Skills test before winter break.",
    RequirementKind.COURSEWORK: "Send the program transcript to the licensure team once grades post.",
    RequirementKind.PRACTICUM: "Bring the signed practicum log to the next meeting.",
    RequirementKind.PERFORMANCE_TASK: "Draft the next performance task's plan and share it with the group.",
    RequirementKind.ENDORSEMENT: "Register for the SEI administrator course in January.",
    "": "Check ELAR each week for the state's decision; nothing left to hand in.",
}
LOCATIONS = ["Bolling Building, room 204", "Bolling Building, room 310", "Library, {school}"]


@dataclass(frozen=True)
class Who:
    pk: int
    employee_id: str
    position: str
    school_id: int | None
    role_start_date: datetime.date
    user_id: int | None
    email: str


def _weighted(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _insert(run: DemoRun, model: type[models.Model], objs) -> list:
    objs = list(objs)
    bulk_create_audited(model, objs, batch_size=BATCH_SIZE, reason="Demo data")
    run.created[str(model._meta.verbose_name_plural)] += len(objs)
    return objs


def _count(run: DemoRun, *models_: type[models.Model]) -> None:
    for model in models_:
        run.created[str(model._meta.verbose_name_plural)] += 0


def _day(rng, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _people() -> list[Who]:
    rows = (
        Person.objects.filter(is_active=True)
        .order_by("employee_id")
        .values_list(
            "pk", "employee_id", "position", "school_id", "role_start_date", "user_id", "user__email"
        )
    )
    return [Who(*row[:-1], row[-1] or "") for row in rows]


# --- Licenses -----------------------------------------------------------------------------------------------


def _license_types(run: DemoRun) -> dict[str, LicenseType]:
    """The two licenses by code; made (with a short checklist) only where the data migration has not run."""
    _count(run, LicenseType, Requirement)
    found = {}
    for code, (name, requirements) in FALLBACK_LICENSES.items():
        license_type, created = LicenseType.objects.get_or_create(code=code, defaults={"name": name})
        run.created[str(LicenseType._meta.verbose_name_plural)] += created
        if not license_type.requirements.exists():
            for order, (kind, title, target, unit, description) in enumerate(requirements, start=1):
                _, made = Requirement.objects.get_or_create(
                    license_type=license_type,
                    title=title,
                    defaults={
                        "kind": kind,
                        "order": order * 10,
                        "target_amount": target,
                        "unit": unit,
                        "description": description,
                    },
                )
                run.created[str(Requirement._meta.verbose_name_plural)] += made
        found[code] = license_type
    return found


# --- Pursuits and progress ----------------------------------------------------------------------------------


def _pursuers(
    run: DemoRun, people: list[Who], fellows: list[int], wanted: int, pursuing: set[int]
) -> list[Who]:
    """Who pursues a license at this scale: this year's fellows first, then by each person's own draw
    (weighted by position) until `wanted` people pursue one; minus those who already do."""
    by_pk = {p.pk: p for p in people}
    chosen = [by_pk[pk] for pk in fellows if pk in by_pk]
    in_residency = set(fellows)
    others = [
        p
        for p in people
        if p.position in PURSUER_POSITIONS and p.school_id and p.user_id is None and p.pk not in in_residency
    ]
    draws = {
        p.pk: run.rng("licensure", "pursuer", p.employee_id).random() / PURSUE_SHARE[p.position]
        for p in others
    }
    others.sort(key=lambda p: (draws[p.pk], p.employee_id))
    chosen_pks = {p.pk for p in chosen}
    total = len(pursuing | chosen_pks)
    for person in others:
        if total >= wanted:
            break
        if person.pk not in pursuing:
            chosen.append(person)
            total += 1
    return [p for p in chosen if p.pk not in pursuing]


def _plan_pursuit(run, who: Who, is_fellow: bool, licenses, as_of: datetime.date) -> LicensePursuit:
    rng = run.rng("licensure", "pursuit", who.employee_id)
    code = PRINCIPAL
    if not is_fellow and rng.random() < SUPERVISOR_SHARE.get(who.position, 0):
        code = SUPERVISOR
    status = PursuitStatus.IN_PROGRESS if is_fellow else _weighted(rng, STATUS_MIX)
    pursuit = LicensePursuit(person_id=who.pk, license_type=licenses[code], notes=rng.choice(PURSUIT_NOTES))
    pursuit.demo_rng = rng
    _date(pursuit, status, as_of, is_fellow)
    return pursuit


def _date(pursuit: LicensePursuit, status: str, as_of: datetime.date, is_fellow: bool = False) -> None:
    """Give `pursuit` `status` and dates that fit it, relative to the demo's today."""
    rng = pursuit.demo_rng
    y = as_of.year if as_of.month >= 7 else as_of.year - 1  # the school year's first calendar year
    pursuit.status = status
    pursuit.licensed_on = None
    if is_fellow:
        pursuit.started_on = _day(rng, datetime.date(y - 1, 9, 1), datetime.date(y, 6, 30))
        pursuit.target_date = datetime.date(y + 1, 6, 30)  # the end of the residency
    elif status == PursuitStatus.PLANNING:
        pursuit.started_on = _day(rng, datetime.date(y, 9, 1), as_of - datetime.timedelta(days=7))
        pursuit.target_date = datetime.date(y + rng.choice([2, 3]), 6, 30)
    elif status == PursuitStatus.IN_PROGRESS:
        pursuit.started_on = _day(rng, datetime.date(y - 2, 9, 1), datetime.date(y, 8, 31))
        pursuit.target_date = rng.choice([datetime.date(y + 1, 6, 30), datetime.date(y + 1, 12, 31)])
    elif status == PursuitStatus.APPLIED:
        pursuit.started_on = _day(rng, datetime.date(y - 3, 9, 1), datetime.date(y - 2, 6, 30))
        pursuit.target_date = _day(rng, datetime.date(y, 9, 15), as_of - datetime.timedelta(days=10))
    elif status == PursuitStatus.LICENSED:
        pursuit.started_on = _day(rng, datetime.date(y - 4, 9, 1), datetime.date(y - 3, 6, 30))
        pursuit.target_date = _day(rng, datetime.date(y - 1, 9, 1), datetime.date(y, 3, 31))
        pursuit.licensed_on = pursuit.target_date + datetime.timedelta(days=rng.randint(40, 110))
    else:  # paused
        pursuit.started_on = _day(rng, datetime.date(y - 2, 9, 1), datetime.date(y - 1, 6, 30))
        pursuit.target_date = datetime.date(y + 2, 6, 30)


def _spread(pursuits: list[LicensePursuit], new: list[Who], fellows: set[int], licenses, as_of) -> None:
    """Make sure this run's new pursuits show both licenses and every stage: someone (not a fellow) pursues
    Supervisor/Director, and at least one is planning, one applied and one licensed (taken from those
    drawn in progress, the last ones drawn)."""
    positions = {who.pk: who.position for who in new}
    if not any(p.license_type == licenses[SUPERVISOR] for p in pursuits):
        others = [
            p for p in pursuits if p.person_id not in fellows and positions[p.person_id] in SUPERVISOR_SHARE
        ]
        if others:
            others[-1].license_type = licenses[SUPERVISOR]
    movable = [p for p in pursuits if p.person_id not in fellows and p.status == PursuitStatus.IN_PROGRESS]
    for status in (PursuitStatus.LICENSED, PursuitStatus.APPLIED, PursuitStatus.PLANNING):
        if movable and not any(p.status == status for p in pursuits):
            _date(movable.pop(), status, as_of)


def _progress(run, pursuits, requirements, licensure_id, users, hours, as_of) -> None:
    """Per pursuit, the requirements done in order: verified, then a frontier (submitted, returned or in
    progress), nothing yet after it; evidence links for what was handed in. Guarantees a returned item and
    a submitted one among this run's pursuits when it has any in progress."""
    _count(run, RequirementProgress, Evidence)
    planned = []
    for pursuit in pursuits:
        rng = pursuit.demo_rng
        items = requirements[pursuit.license_type_id]
        logged = hours.get(pursuit.person_id)
        practicum = next(
            (n for n, r in enumerate(items) if r.kind == RequirementKind.PRACTICUM and logged is not None),
            None,
        )
        if pursuit.status in (PursuitStatus.APPLIED, PursuitStatus.LICENSED):
            verified, frontier = len(items), None
        elif pursuit.status == PursuitStatus.PLANNING:
            verified, frontier = rng.choice([0, 0, 1]), rng.choice([None, ProgressStatus.SUBMITTED])
        elif pursuit.status == PursuitStatus.PAUSED:
            verified, frontier = rng.randint(1, 2), None
        else:
            verified = rng.randint(1, max(1, len(items) - 2))
            frontier = _weighted(rng, FRONTIER_MIX)
            if practicum is not None:  # a fellow: their residency is under way, so is what follows it
                verified = min(verified, practicum)
        last = min(as_of, pursuit.target_date) if pursuit.status != PursuitStatus.IN_PROGRESS else as_of
        span = max(1, (last - pursuit.started_on).days)
        for index, requirement in enumerate(items):
            if index == practicum:
                status = ProgressStatus.IN_PROGRESS
            elif index < verified:
                status = ProgressStatus.VERIFIED
            elif index == verified and frontier is not None:
                status = frontier
            else:
                continue
            done = pursuit.started_on + datetime.timedelta(days=span * (index + 1) // (len(items) + 1))
            progress = RequirementProgress(
                pursuit=pursuit,
                requirement=requirement,
                status=status,
                completed_on=done if status != ProgressStatus.IN_PROGRESS else None,
                note=rng.choice(PROGRESS_NOTES),
            )
            progress.demo_fixed = index == practicum
            if index == practicum:
                # A fellow's residency is their practicum: it counts the hours logged so far.
                progress.amount_done = logged
                progress.note = "Logged in my fellowship residency; the host signs off each week."
            elif requirement.target_amount is not None:
                if status == ProgressStatus.VERIFIED:
                    progress.amount_done = requirement.target_amount
                else:
                    progress.amount_done = (
                        requirement.target_amount * Decimal(rng.randint(30, 90)) / 100
                    ).quantize(Decimal(1))
            if progress.status == ProgressStatus.VERIFIED:
                progress.verified_at = at(min(as_of, done + datetime.timedelta(days=rng.randint(3, 14))), 11)
                progress.verified_by_id = licensure_id
            if progress.status == ProgressStatus.RETURNED:
                progress.returned_reason = RETURNED_REASONS[requirement.kind]
            planned.append(progress)
    _guarantee(planned, as_of)
    for pursuit in pursuits:
        verified = {
            p.requirement_id for p in planned if p.pursuit is pursuit and p.status == ProgressStatus.VERIFIED
        }
        pending = [r for r in requirements[pursuit.license_type_id] if r.pk not in verified]
        pursuit.demo_next_step = NEXT_STEPS[pending[0].kind if pending else ""]
    _insert(run, RequirementProgress, planned)
    _evidence(run, planned, users, licensure_id, as_of)


def _guarantee(planned: list[RequirementProgress], as_of: datetime.date) -> None:
    """At least one item waits for the team's verification and one was returned, whenever this run has
    items: taken from one in progress, else from a status two items share, else from a verified one."""
    for status in (ProgressStatus.SUBMITTED, ProgressStatus.RETURNED):
        if not planned or any(p.status == status for p in planned):
            continue
        movable = [p for p in planned if not p.demo_fixed and p.status != status]
        spare = (
            [p for p in movable if p.status == ProgressStatus.IN_PROGRESS]
            or [
                p
                for p in movable
                if p.status != ProgressStatus.VERIFIED and sum(q.status == p.status for q in planned) > 1
            ]
            or [p for p in movable if p.pursuit.status == PursuitStatus.IN_PROGRESS]
        )
        if not spare:
            continue
        progress = spare[-1]
        progress.status = status
        progress.completed_on = progress.completed_on or max(
            progress.pursuit.started_on, as_of - datetime.timedelta(days=12)
        )
        progress.verified_at = progress.verified_by_id = None
        progress.returned_reason = (
            RETURNED_REASONS[progress.requirement.kind] if status == ProgressStatus.RETURNED else ""
        )


def _evidence(run, planned, users, licensure_id, as_of) -> None:
    evidence = []
    for progress in planned:
        if progress.status not in (
            ProgressStatus.VERIFIED,
            ProgressStatus.SUBMITTED,
            ProgressStatus.RETURNED,
        ):
            continue
        if not progress.requirement.evidence_required:
            continue
        description, link = EVIDENCE.get(progress.requirement.kind, EVIDENCE[RequirementKind.OTHER])
        if progress.requirement.kind == RequirementKind.OTHER:
            title = progress.requirement.title.lower()
            description = "HR employment letter" if "employment" in title else "Diploma or final transcript"
        person_id = progress.pursuit.person_id
        rng = progress.pursuit.demo_rng
        item = Evidence(
            progress=progress,
            link=link.format(
                key=f"{person_id}-{progress.requirement_id}", number=rng.randint(100000, 999999)
            ),
            description=description,
            uploaded_by_id=users.get(person_id) or licensure_id,
        )
        item.demo_when = at(min(as_of, progress.completed_on or as_of), 19)
        evidence.append(item)
    _insert(run, Evidence, evidence)
    for item in evidence:
        item.uploaded_at = item.demo_when
    Evidence.objects.bulk_update(evidence, ["uploaded_at"], batch_size=BATCH_SIZE)


# --- Support groups -----------------------------------------------------------------------------------------


def meeting_days(year: int) -> list[datetime.date]:
    """The second Wednesday of each month from September to June of the school year starting in `year`
    (the third when the schools are closed that day, as on Veterans Day)."""
    closed = holidays(year)
    days = []
    for month in MEETING_MONTHS:
        calendar_year = year if month >= 7 else year + 1
        first = datetime.date(calendar_year, month, 1)
        second = first + datetime.timedelta(days=(2 - first.weekday()) % 7 + 7)
        days.append(second + datetime.timedelta(days=7) if second in closed else second)
    return days


def _groups(
    run, year: SchoolYear, pursuits: list[LicensePursuit], people, as_of, mentor: Who | None, fellow_pk
):
    """Groups of about twelve for the active pursuers not in one of this year's groups yet."""
    _count(run, SupportGroup, GroupMembership, SupportMeeting, MeetingAttendance)
    in_groups = set(
        GroupMembership.objects.filter(group__school_year=year).values_list("person_id", flat=True)
    )
    active, steps = {}, {}
    for pursuit in pursuits:
        steps.setdefault(pursuit.person_id, pursuit.demo_next_step)
        if pursuit.status in ACTIVE_PURSUIT_STATUSES and pursuit.person_id not in in_groups:
            active.setdefault(pursuit.person_id, pursuit)
    if not active:
        return
    start = datetime.date(year.leadership_year, 9, 1)
    joined = {pk: max(start, pursuit.started_on) for pk, pursuit in active.items()}
    rng = run.rng("licensure", "groups", year.name, len(in_groups))
    members = sorted(active, key=lambda pk: (pk != fellow_pk, rng.random()))  # fellow@ in the first group
    existing = list(SupportGroup.objects.filter(school_year=year).order_by("pk"))
    count = math.ceil(len(members) / GROUP_SIZE)
    chunks = [members[n::count] for n in range(count)]

    veterans = [
        p
        for p in people
        if p.position in HEADS and p.school_id and (start - p.role_start_date).days >= 3 * 365
    ]
    leading = set(
        SupportGroup.facilitators.through.objects.filter(supportgroup__school_year=year).values_list(
            "person_id", flat=True
        )
    )
    free = [p for p in veterans if p.pk not in leading and p != mentor]
    free.sort(
        key=lambda p: (run.rng("licensure", "facilitator", year.name, p.employee_id).random(), p.employee_id)
    )
    schools = dict(School.objects.values_list("pk", "name"))
    taken = {g.name for g in existing}
    groups = []
    number = len(existing)
    for n, chunk in enumerate(chunks):
        number += 1
        name = f"Licensure support group {number}"
        while name in taken:
            number += 1
            name = f"Licensure support group {number}"
        lead = []
        if n == 0 and not existing and mentor is not None and mentor.pk not in leading:
            lead.append(mentor)
        group_rng = run.rng("licensure", "group", year.name, name)
        while len(lead) < group_rng.choice([1, 2, 2]) and free:
            lead.append(free.pop(0))
        if not lead:
            lead = [veterans[n % len(veterans)]] if veterans else []
        location = group_rng.choice(LOCATIONS).format(
            school=schools.get(lead[0].school_id, "Bolling Building") if lead else ""
        )
        group = SupportGroup(
            school_year=year, name=name, usual_time=f"Second Wednesday of the month, 4:00-5:30 pm, {location}"
        )
        group.demo = (chunk, lead, location, group_rng)
        groups.append(group)
    _insert(run, SupportGroup, groups)
    SupportGroup.facilitators.through.objects.bulk_create(
        [
            SupportGroup.facilitators.through(supportgroup_id=group.pk, person_id=who.pk)
            for group in groups
            for who in group.demo[1]
        ]
    )
    _insert(
        run,
        GroupMembership,
        [
            GroupMembership(group=group, person_id=pk, joined_on=joined[pk])
            for group in groups
            for pk in group.demo[0]
        ],
    )
    _meetings(run, year, groups, joined, steps, as_of)


def _meetings(run, year, groups, joined, steps, as_of) -> None:
    """Ten monthly meetings per group; those held before today with notes, attendance and next steps."""
    meetings = []
    for group in groups:
        _, _, location, _ = group.demo
        for day in meeting_days(year.leadership_year):
            held = day < as_of
            meeting = SupportMeeting(
                group=group,
                starts_at=at(day, *MEETING_TIME[0]),
                ends_at=at(day, *MEETING_TIME[1]),
                location=location,
                agenda=AGENDAS[day.month],
                notes=MEETING_NOTES.get(day.month, "") if held else "",
            )
            meeting.demo_day = day
            meetings.append(meeting)
    _insert(run, SupportMeeting, meetings)
    attendance = []
    for meeting in meetings:
        if meeting.demo_day >= as_of:
            continue
        chunk, _, _, _ = meeting.group.demo
        for pk in chunk:
            if joined[pk] > meeting.demo_day:
                continue
            rng = run.rng("licensure", "attendance", meeting.group.name, meeting.demo_day, pk)
            status = _weighted(rng, ATTENDANCE_MIX)
            attendance.append(
                MeetingAttendance(
                    meeting=meeting,
                    person_id=pk,
                    status=status,
                    next_steps=steps[pk] if status == AttendanceStatus.PRESENT else "",
                )
            )
    _insert(run, MeetingAttendance, attendance)


# --- The seeder ---------------------------------------------------------------------------------------------


@seeder
def seed_licensure(run: DemoRun) -> None:
    """Licenses, pursuits with progress and evidence links, and this year's support groups."""
    year = SchoolYear.objects.current()
    if year is None:
        return
    as_of = datetime.date(year.leadership_year, *AS_OF)
    licenses = _license_types(run)
    requirements = {}
    for requirement in Requirement.objects.filter(
        is_active=True, license_type__in=licenses.values()
    ).order_by("order", "pk"):
        requirements.setdefault(requirement.license_type_id, []).append(requirement)
    if not all(requirements.get(license_type.pk) for license_type in licenses.values()):
        return  # the licensure team retired every item of a checklist: nothing to show progress on

    people = _people()
    users = {p.pk: p.user_id for p in people if p.user_id}
    licensure = User.objects.filter(email__iexact=LICENSURE_LOGIN).first()
    mentor = next((p for p in people if p.email == MENTOR_LOGIN), None)
    fellow_login = next((p for p in people if p.email == FELLOW_LOGIN), None)
    fellows = list(
        Fellow.objects.filter(cohort__school_year=year, status=FellowStatus.ACTIVE)
        .order_by("person__employee_id")
        .values_list("person_id", flat=True)
    )
    if fellow_login is not None and fellow_login.pk not in fellows:
        fellows.insert(0, fellow_login.pk)
    hours = dict(
        HoursEntry.objects.filter(
            residency__fellow__cohort__school_year=year, residency__fellow__person_id__in=fellows
        )
        .values("residency__fellow__person_id")
        .annotate(total=Sum("hours"))
        .values_list("residency__fellow__person_id", "total")
    )

    pursuing = set(LicensePursuit.objects.values_list("person_id", flat=True))
    new = _pursuers(run, people, fellows, run.scale.schools // 4 + 6, pursuing)
    pursuits = [_plan_pursuit(run, who, who.pk in fellows, licenses, as_of) for who in new]
    _spread(pursuits, new, set(fellows), licenses, as_of)
    _count(run, LicensePursuit)
    _insert(run, LicensePursuit, pursuits)
    _progress(run, pursuits, requirements, licensure.pk if licensure else None, users, hours, as_of)
    _groups(run, year, pursuits, people, as_of, mentor, getattr(fellow_login, "pk", None))
