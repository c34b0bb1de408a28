"""Demo data for school teams: network support teams, each school's ILT and pipeline team with their
history, this year's improvement initiative with action steps and monitoring notes, the school's
Call-to-Action plan with check-ins, coaching and spotlights.

Runs after the programs seeder (it needs this year's Summer and Winter Institute sessions and the
facilitators). Most schools (``TEAM_SHARE``) have teams; school S0001, leader@'s, always does, and
leader@ owns some of its action steps so the portal's "My school team" has something to show.

The demo's "today" is the programs seeder's ``AS_OF`` (November 25 of the current school year): steps due
before it are mostly done, some late; check-ins were taken in September and November; the Winter Institute
review has not happened yet. Every date is fixed from the current school year, never from today.

Deterministic: every choice is drawn from ``run.rng("teams", ...)`` keyed by the school's code or the
network's code. Idempotent: a school's teams, initiative, plan and coaching are made together, only for a
school that has no team yet; support team members and spotlights are found by their natural keys.
"""

import datetime
from decimal import Decimal

from django.db import models

from leaderdev.demo import DemoRun, seeder
from leaderdev.models import (
    LeadershipTier,
    Network,
    NetworkSupportMember,
    Person,
    Position,
    School,
    SchoolYear,
)
from leaderdev.permissions import Role

from .demo import AS_OF, BATCH_SIZE, SPOTLIGHT, _competency_ids
from .models import (
    ActionStep,
    CallToActionPlan,
    CheckIn,
    CoachingKind,
    CoachingSession,
    Facilitator,
    GoalAction,
    GoalTarget,
    Initiative,
    Institute,
    MonitoringKind,
    MonitoringNote,
    PlanStatus,
    SchoolTeam,
    Session,
    Spotlight,
    StepStatus,
    StrategicGoal,
    TeamKind,
    TeamMembership,
    TeamRole,
)

TEAM_SHARE = 0.85  # schools with an ILT and a pipeline team
PLAN_MIX = {PlanStatus.ADOPTED: 80, PlanStatus.DRAFT: 13, None: 7}  # a school with a team: its C2A plan
SUPPORT_TITLES = ["Senior director", "Director of instruction", "Leadership coach", "Data manager"]
COACH_TITLE = "Leadership coach"
NETWORK_LOGIN = "network@leaderdev.example"
# How many schools get coaching: all of them in a small or district demo, a share at the large scale.
COACHING_SHARE = {"small": 1.0, "district": 1.0, "large": 0.12}

TB, EL, LL = (
    LeadershipTier.BUILDING_ADMINISTRATOR,
    LeadershipTier.EMERGING_LEADER,
    LeadershipTier.LEAD_LEARNER,
)

# Initiatives: title, focus, success measure, competency codes, and a few steps per tier.
INITIATIVES = [
    (
        "Student-work analysis in weekly teacher development",
        "Teacher teams plan lessons together but rarely look at what students actually produced.",
        "Every grade-level team analyses a set of student work each week and re-teaches from it.",
        ["3.2", "4.1"],
        {
            TB: ["Build student-work analysis into the weekly PD calendar",
                 "Observe two team meetings a month and give feedback on the protocol"],
            EL: ["Facilitate the looking-at-student-work protocol with one grade team",
                 "Collect the re-teach plans and share patterns with the ILT"],
            LL: ["Bring a class set of work to the team each week",
                 "Try one re-teach strategy and report what changed"],
        },
    ),
    (
        "Tier I supports for English learners in every classroom",
        "Our ELs make slower progress in content classes than in ESL blocks.",
        "Language objectives and sentence frames in every lesson observed.",
        ["2.2", "3.2"],
        {
            TB: ["Set the look-fors for language objectives with the ILT",
                 "Run instructional rounds on Tier I EL supports each term"],
            EL: ["Model sentence frames and structured talk in a demonstration lesson",
                 "Coach two colleagues on language objectives"],
            LL: ["Add a language objective to each lesson plan for a month",
                 "Collect student talk samples before and after"],
        },
    ),
    (
        "Restorative discipline and classroom community",
        "Suspensions fall hardest on a few groups of students, and classrooms lose instructional time.",
        "Fewer removals from class; restorative circles held weekly in every homeroom.",
        ["2.1", "4.3"],
        {
            TB: ["Revise the code of conduct flowchart with restorative responses",
                 "Review removal data with the ILT every month"],
            EL: ["Train homeroom teachers to run community circles",
                 "Lead a restorative conference after each major incident"],
            LL: ["Hold a weekly community circle in homeroom",
                 "Log circle topics and what students raised"],
        },
    ),
    (
        "Attendance teams that reach every chronically absent student",
        "One student in five missed more than 10% of school days last year.",
        "Every chronically absent student has an adult who checks in weekly.",
        ["4.1", "4.3"],
        {
            TB: ["Stand up the attendance team and its weekly data review",
                 "Meet families of the students absent most"],
            EL: ["Match each chronically absent student with a mentor",
                 "Run the monthly attendance celebration"],
            LL: ["Check in weekly with two mentees",
                 "Call home after a second absence in a week"],
        },
    ),
    (
        "Data cycles in mathematics: plan, teach, assess, re-teach",
        "Math growth stalled after grade 3, and teams use interim data too late to act on it.",
        "Teams act on each interim within two weeks; more students meet their growth targets.",
        ["3.2", "4.1"],
        {
            TB: ["Schedule data days within a week of each interim",
                 "Protect common planning time for math teams"],
            EL: ["Lead the data meeting for each math team",
                 "Build small-group re-teach plans with teachers"],
            LL: ["Give the common exit ticket weekly",
                 "Bring re-teach results to the next data meeting"],
        },
    ),
    (
        "Culturally responsive literacy across the content areas",
        "Students rarely see themselves in the texts they read outside ELA.",
        "Each unit includes texts by and about our students' communities.",
        ["2.2", "3.2"],
        {
            TB: ["Audit the unit texts with the ILT",
                 "Fund classroom libraries for the content areas"],
            EL: ["Lead a book study on culturally responsive teaching",
                 "Co-plan one unit with each department"],
            LL: ["Swap in one responsive text per unit",
                 "Share a lesson at a staff meeting"],
        },
    ),
]  # fmt: skip

MONITORING_NOTES = [
    "Four of six grade teams used the protocol this month; two still skip the re-teach plan.",
    "Walkthroughs show the look-fors in most classrooms; fewer in the upper grades.",
    "Teachers asked for a model lesson before trying it themselves.",
    "Attendance at the team's meetings was strong; the data review ran short on time.",
    "Students in the pilot classrooms are talking more in full sentences.",
]
ADJUSTMENTS = [
    "Dropped: the team chose to fold this into the weekly team meeting instead.",
    "Dropped: the schedule changed and the time for it went to the interim data days.",
]

GOALS = [
    "Every student reads on grade level by the end of grade 3",
    "Students are present and engaged every day",
    "Every student grows at least a year in mathematics",
    "English learners make steady progress toward proficiency",
    "Students feel they belong and are safe at school",
    "Graduates leave ready for college and careers",
]
# Targets: measure, unit, baseline range, change (negative: the target points down).
TARGETS = [
    ("Students reading on grade level", "%", (32, 55), 12),
    ("Chronic absence", "%", (16, 26), -6),
    ("Students meeting their math growth target", "%", (38, 52), 10),
    ("English learners making progress on ACCESS", "%", (40, 58), 10),
    ("Suspensions per 100 students", "", (4, 9), -2),
    ("Students who say an adult at school knows them well", "%", (55, 70), 10),
    ("Ninth graders on track to graduate", "%", (68, 80), 8),
]
GOAL_ACTIONS = [
    "Train teachers on the new phonics block",
    "Run weekly attendance team meetings",
    "Hold family literacy nights each term",
    "Give the interim assessment and analyse it in teams",
    "Start advisory circles in every homeroom",
    "Set up small-group tutoring three times a week",
    "Visit classrooms weekly with the instructional coach",
    "Review the data with the school site council",
]
VISIONS = [
    "Every student reads, writes and argues like a scholar, and every adult owns that goal.",
    "Our students come every day because school is where they are known and challenged.",
    "We close our gaps by teaching every student the grade-level work with the supports they need.",
]
CHECK_IN_NOTES = ["", "", "Better than we expected.", "Slower than planned; the team is adjusting.", ""]
COACHING_FOCUSES = [
    "Norms for looking at student work",
    "Planning the initiative's next cycle",
    "Reading the interim data as a team",
    "Giving feedback after an observation",
    "Facilitating a hard conversation with a team",
]
REVIEW_NOTES = "The ILT reviewed the targets at the Winter Institute and kept them."


def _insert(run: DemoRun, model: type[models.Model], objs: list) -> list:
    model._default_manager.bulk_create(objs, batch_size=BATCH_SIZE)
    run.created[str(model._meta.verbose_name_plural)] += len(objs)
    return objs


def _through(model: type[models.Model], field: str, rows: list[tuple]) -> None:
    """Bulk-insert many-to-many rows of `model.field` given as (owner pk, other pk)."""
    relation = model._meta.get_field(field)
    through = relation.remote_field.through
    source = relation.m2m_field_name() + "_id"
    target = relation.m2m_reverse_field_name() + "_id"
    through.objects.bulk_create(
        [through(**{source: a, target: b}) for a, b in dict.fromkeys(rows)], batch_size=BATCH_SIZE
    )


def _day(rng, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, max((last - first).days, 0)))


def _status_by(rng, due: datetime.date, as_of: datetime.date) -> tuple[str, datetime.date | None]:
    """A step's status on `as_of` given its due date: mostly done when past due, some late, rarely dropped."""
    if due < as_of:
        roll = rng.random()
        if roll < 0.72:
            done = min(as_of, due + datetime.timedelta(days=rng.randint(-14, 5)))
            return StepStatus.DONE, done
        if roll < 0.92:
            return StepStatus.IN_PROGRESS, None
        return StepStatus.DROPPED, None
    if (due - as_of).days < 45:
        return rng.choice([StepStatus.IN_PROGRESS, StepStatus.IN_PROGRESS, StepStatus.NOT_STARTED]), None
    return (StepStatus.IN_PROGRESS if rng.random() < 0.15 else StepStatus.NOT_STARTED), None


# --- Network support teams and the network@ login ---------------------------------------------------------


def _support_teams(run: DemoRun) -> None:
    """2-3 of each network's central-office support team (the district plan's NETWORK_SUPPORT_TEAM).

    People are numbered in the district plan's order: the Office's staff, then each network's support team
    just before the first school of that network. So a run of central-office people belongs to the
    network of the school whose staff follows it.
    """
    rows = Person.objects.order_by("employee_id").values_list("pk", "position", "school__network_id")
    groups, run_of_staff, office_seen = [], [], False
    for pk, position, network_id in rows:
        if position == Position.CENTRAL_OFFICE:
            run_of_staff.append(pk)
            continue
        if run_of_staff:
            if office_seen and network_id is not None:
                groups.append((network_id, run_of_staff))
            office_seen = True  # the first run is the Office itself
            run_of_staff = []
    codes = dict(Network.objects.values_list("pk", "code"))
    existing = set(NetworkSupportMember.objects.values_list("network_id", "person_id"))
    members = []
    for network_id, people in groups:
        if network_id not in codes:
            continue
        count = run.rng("teams", "support", codes[network_id]).choice([2, 3, 3])
        for title, person_id in zip(SUPPORT_TITLES, people[:count], strict=False):
            if (network_id, person_id) not in existing:
                members.append(NetworkSupportMember(network_id=network_id, person_id=person_id, title=title))
    _insert(run, NetworkSupportMember, members)

    first = (
        NetworkSupportMember.objects.filter(title=SUPPORT_TITLES[0])
        .select_related("person", "network")
        .order_by("network__code")
        .first()
    )
    if first is not None:
        run.ensure_login(
            NETWORK_LOGIN,
            "Network staff",
            roles=[Role.NETWORK_STAFF],
            person=first.person,
            sees=f"The school teams, initiatives and plans of {first.network.name}, as its senior director.",
        )


def _coaches(run: DemoRun) -> dict[int, int]:
    """Each network's leadership coach (or its first support member) as a facilitator: network -> id."""
    chosen = {}
    for network_id, person_id, title in NetworkSupportMember.objects.order_by("pk").values_list(
        "network_id", "person_id", "title"
    ):
        if network_id not in chosen or title == COACH_TITLE:
            chosen[network_id] = person_id
    have = set(Facilitator.objects.filter(person__isnull=False).values_list("person_id", flat=True))
    _insert(run, Facilitator, [Facilitator(person_id=pk) for pk in set(chosen.values()) - have])
    by_person = dict(Facilitator.objects.filter(person_id__in=chosen.values()).values_list("person_id", "pk"))
    return {network_id: by_person[person_id] for network_id, person_id in chosen.items()}


# --- Per school: teams, initiative, plan, coaching ----------------------------------------------------------


class SchoolPlan:
    """Everything one school gets, planned in memory (rows without pks yet, linked by Python objects)."""

    def __init__(self, run, school, staff, year, dates):
        self.run, self.school, self.staff, self.year = run, school, staff, year
        self.d = dates
        self.rng = run.rng("teams", school["code"])
        self.ilt = SchoolTeam(school_id=school["pk"], kind=TeamKind.ILT)
        self.pipeline = SchoolTeam(school_id=school["pk"], kind=TeamKind.PIPELINE)
        self.memberships = []  # (team, TeamMembership)
        self.initiative = None
        self.steps = []  # ActionStep rows (initiative set later)
        self.notes = []  # (MonitoringNote, step or None)
        self.plan = None
        self.goals = []  # (goal, [(target, [check-ins])], [actions])
        self.coaching = []  # (session, participant pks, steps)

    def by_position(self, *positions):
        return [p for p in self.staff if p["position"] in positions]

    def start_of(self, person) -> datetime.date:
        """Veterans mostly joined last year; everyone else at this year's Summer Institute (or on arrival)."""
        if person["role_start_date"] < self.d["last_year_start"] and self.rng.random() < 0.6:
            return self.d["last_year_start"]
        return max(person["role_start_date"], self.d["team_start"])

    def member(self, team, person, tier, role=TeamRole.MEMBER, start=None, end=None, reason=""):
        self.memberships.append(
            (
                team,
                TeamMembership(
                    person_id=person["pk"],
                    tier=tier,
                    role=role,
                    start_date=start or self.start_of(person),
                    end_date=end,
                    end_reason=reason,
                ),
            )
        )

    def teams(self):
        rng = self.rng
        heads = self.by_position(Position.PRINCIPAL, Position.HEAD_OF_SCHOOL)
        aps = self.by_position(Position.ASSISTANT_PRINCIPAL)
        admin_team = self.by_position(Position.ADMIN_TEAM_MEMBER)
        teachers = self.by_position(Position.TEACHER_LEADER)
        head = heads[0] if heads else None
        # The ILT: the principal (its lead), the APs and a few teacher leaders.
        ilt_teachers = teachers[: rng.randint(1, 3)]
        for person in heads + aps + ilt_teachers:
            role = TeamRole.LEAD if person is head else TeamRole.MEMBER
            self.member(self.ilt, person, person["tier"], role)
        # Someone who left the pipeline team last spring (still on the staff, busy elsewhere).
        veterans = [p for p in admin_team + teachers if p["role_start_date"] < self.d["last_year_start"]]
        leaver = veterans[-1] if len(veterans) > 1 and rng.random() < 0.5 else None
        if leaver is not None:
            self.member(
                self.pipeline,
                leaver,
                leaver["tier"],
                start=self.d["last_year_start"],
                end=self.d["last_year_end"] - datetime.timedelta(days=rng.randint(20, 90)),
                reason=rng.choice(["Took on the grade-level chair role", "Stepped back for the spring term"]),
            )
        # The pipeline team across the three tiers, led by an AP where the school has one.
        lead = aps[0] if aps else head
        grower = next((p for p in teachers if p["tier"] == EL), None)
        for person in heads + aps[:1] + admin_team + teachers:
            if person is leaver:
                continue
            role = TeamRole.LEAD if person is lead else TeamRole.MEMBER
            if (
                person is grower
                and person["role_start_date"] < self.d["last_year_start"]
                and rng.random() < 0.6
            ):
                # A lead learner last year, an emerging leader since July: the pipeline at work.
                self.member(
                    self.pipeline,
                    person,
                    LL,
                    start=self.d["last_year_start"],
                    end=self.d["last_year_end"],
                    reason="Moved up to emerging leader",
                )
                self.member(
                    self.pipeline, person, EL, start=self.d["last_year_end"] + datetime.timedelta(days=1)
                )
            else:
                self.member(self.pipeline, person, person["tier"], role)

    def current_members(self, team, tier):
        return [
            m.person_id for t, m in self.memberships if t is team and m.end_date is None and m.tier == tier
        ]

    def initiative_and_steps(self, competency_ids, leader_pk):
        rng = self.rng
        title, focus, measure, codes, steps_by_tier = rng.choice(INITIATIVES)
        self.initiative = Initiative(
            school_year_id=self.year.pk, title=title, focus=focus, success_measure=measure
        )
        self.initiative_codes = [competency_ids[c] for c in codes if c in competency_ids]
        count = rng.randint(4, 9)
        tiers = [TB, EL, LL]
        for n in range(count):
            tier = tiers[n % 3]
            owners = self.current_members(self.pipeline, tier) or self.current_members(self.pipeline, TB)
            owner = rng.choice(owners) if owners else None
            if tier == TB and leader_pk in owners and n in (0, 3):
                owner = leader_pk  # leader@ owns two building-administrator steps: one due soon, one past
            ideas = steps_by_tier[tier]
            description = ideas[(n // 3) % len(ideas)]
            if n >= 6:
                description = f"{description} (second cycle)"
            due = _day(rng, self.d["first_due"], self.d["last_due"])
            if owner is not None and owner == leader_pk and n == 0:
                due = self.d["as_of"] + datetime.timedelta(days=rng.randint(5, 25))  # one coming up
            status, completed = _status_by(rng, due, self.d["as_of"])
            step = ActionStep(
                tier=tier,
                description=description,
                owner_id=owner,
                due_date=due,
                status=status,
                completed_on=completed,
                order=n + 1,
            )
            self.steps.append(step)
            if status == StepStatus.DROPPED:
                note = MonitoringNote(
                    kind=MonitoringKind.ADJUSTMENT,
                    written_on=min(self.d["as_of"], due + datetime.timedelta(days=3)),
                    text=rng.choice(ADJUSTMENTS),
                )
                self.notes.append((note, step))
        for _ in range(rng.randint(1, 3)):
            written = _day(rng, self.d["first_due"], self.d["as_of"])
            note = MonitoringNote(
                kind=MonitoringKind.OBSERVATION, written_on=written, text=rng.choice(MONITORING_NOTES)
            )
            self.notes.append((note, None))

    def call_to_action(self, summer, winter):
        rng = self.rng
        status = rng.choices(list(PLAN_MIX), weights=list(PLAN_MIX.values()))[0]
        if self.school["code"] == "S0001":
            status = PlanStatus.ADOPTED
        if status is None:
            return
        summer_day = summer.starts_at.date() if summer else self.d["team_start"]
        adopted = status == PlanStatus.ADOPTED
        reviewed = adopted and winter is not None and winter.starts_at.date() < self.d["as_of"]
        self.plan = CallToActionPlan(
            school_id=self.school["pk"],
            school_year_id=self.year.pk,
            vision=rng.choice(VISIONS),
            status=status,
            drafted_at_id=summer.pk if summer else None,
            adopted_on=summer_day + datetime.timedelta(days=rng.randint(10, 40)) if adopted else None,
            reviewed_at_id=winter.pk if reviewed else None,
            reviewed_on=winter.starts_at.date() if reviewed else None,
            review_notes=REVIEW_NOTES if reviewed else "",
        )
        owners = [m.person_id for t, m in self.memberships if t is self.ilt and m.end_date is None]
        statements = rng.sample(GOALS, rng.randint(2, 3))
        target_kinds = rng.sample(TARGETS, len(TARGETS))
        for number, statement in enumerate(statements):
            goal = StrategicGoal(statement=statement, order=number)
            targets = []
            for _ in range(rng.randint(1, 2)):
                measure, unit, (low, high), change = target_kinds.pop()
                baseline = Decimal(rng.randint(low, high))
                target = GoalTarget(
                    measure=measure, unit=unit, baseline=baseline, target=baseline + change,
                    due_date=self.d["target_due"],
                )  # fmt: skip
                targets.append((target, self.check_ins(target) if adopted else []))
            actions = []
            for _ in range(rng.randint(2, 4)):
                due = _day(rng, self.d["first_due"], self.d["last_due"])
                action_status, completed = _status_by(rng, due, self.d["as_of"])
                actions.append(
                    GoalAction(
                        description=rng.choice(GOAL_ACTIONS),
                        owner_id=rng.choice(owners) if owners else None,
                        due_date=due,
                        status=action_status,
                        completed_on=completed,
                    )
                )
            self.goals.append((goal, targets, actions))

    def check_ins(self, target) -> list[CheckIn]:
        """September's and November's measurements: a mix of met, on track, behind (and a few not yet)."""
        rng = self.rng
        outcome = rng.choices(["on_track", "behind", "met", "none"], weights=[50, 30, 12, 8])[0]
        if outcome == "none":
            return []
        share = {"on_track": (0.3, 0.6), "behind": (-0.1, 0.08), "met": (1.0, 1.2)}[outcome]
        span = target.target - target.baseline

        def value(progress):
            return (target.baseline + span * Decimal(str(round(progress, 2)))).quantize(Decimal("0.1"))

        return [
            CheckIn(checked_on=self.d["september"], value=value(rng.uniform(0.0, 0.15)), note=""),
            CheckIn(
                checked_on=self.d["november"],
                value=value(rng.uniform(*share)),
                note=rng.choice(CHECK_IN_NOTES),
            ),
        ]

    def coaching_sessions(self, coach_id, competency_ids):
        rng = self.rng
        if coach_id is None:
            return
        team_members = [m.person_id for t, m in self.memberships if t is self.pipeline and m.end_date is None]
        codes = [competency_ids[c] for c in ("3.2", "4.1", "2.1") if c in competency_ids]
        months = [9, 10, 11]
        for month in months[: rng.randint(1, 3)]:
            held = datetime.date(self.d["y"], month, rng.randint(5, 24))
            if held >= self.d["as_of"]:
                continue
            session = CoachingSession(
                kind=CoachingKind.TEAM,
                held_on=held,
                coach_id=coach_id,
                focus=rng.choice(COACHING_FOCUSES),
                notes="The team rehearsed the protocol and agreed on next month's look-fors.",
                next_steps="Bring two samples of student work each to the next session.",
                duration_minutes=90,
            )
            self.coaching.append((session, team_members, self.steps[:2], codes[:2]))
        for person in team_members[: rng.randint(1, 2)]:
            mine = [s for s in self.steps if s.owner_id == person]
            observed = rng.random() < 0.6
            session = CoachingSession(
                kind=CoachingKind.INDIVIDUAL,
                held_on=datetime.date(self.d["y"], rng.choice([10, 11]), rng.randint(3, 20)),
                coach_id=coach_id,
                focus=rng.choice(COACHING_FOCUSES),
                is_observation=observed,
                notes="Observed the team meeting this leader facilitated; strong norms, short on evidence."
                if observed
                else "Talked through the next step of the initiative and what is getting in its way.",
                next_steps="Try the evidence-first opening at the next meeting.",
                duration_minutes=45,
            )
            self.coaching.append((session, [person], mine[:1], codes[-1:]))


def _dates(year: SchoolYear) -> dict:
    y = year.leadership_year
    return {
        "y": y,
        "as_of": datetime.date(y, *AS_OF),
        "team_start": datetime.date(y, 8, 3),  # the Summer Institute week
        "last_year_start": datetime.date(y - 1, 8, 25),
        "last_year_end": datetime.date(y, 6, 30),
        "first_due": datetime.date(y, 9, 15),
        "last_due": datetime.date(y + 1, 5, 28),
        "target_due": datetime.date(y + 1, 6, 15),
        "september": datetime.date(y, 9, 30),
        "november": datetime.date(y, 11, 18),
    }


def _institute_session(year: SchoolYear, institute: str) -> Session | None:
    return (
        Session.objects.filter(offering__school_year=year, offering__program__institute=institute)
        .order_by("starts_at")
        .first()
    )


def _write(run: DemoRun, plans: list[SchoolPlan], competency_ids: dict) -> None:
    """Insert every planned row in dependency order, in bulk, filling in the foreign keys as pks arrive."""
    _insert(run, SchoolTeam, [t for p in plans for t in (p.ilt, p.pipeline)])
    memberships = []
    for plan in plans:
        for team, membership in plan.memberships:
            membership.team_id = team.pk
            memberships.append(membership)
    _insert(run, TeamMembership, memberships)

    for plan in plans:
        plan.initiative.team_id = plan.pipeline.pk
    _insert(run, Initiative, [p.initiative for p in plans])
    _through(Initiative, "competencies", [(p.initiative.pk, c) for p in plans for c in p.initiative_codes])
    steps = []
    for plan in plans:
        for step in plan.steps:
            step.initiative_id = plan.initiative.pk
            steps.append(step)
    _insert(run, ActionStep, steps)
    _through(
        ActionStep,
        "competencies",
        [(s.pk, c) for p in plans for s in p.steps for c in p.initiative_codes[:1]],
    )
    notes = []
    for plan in plans:
        for note, step in plan.notes:
            note.initiative_id = plan.initiative.pk
            note.step_id = step.pk if step else None
            notes.append(note)
    _insert(run, MonitoringNote, notes)

    with_plan = [p for p in plans if p.plan is not None]
    _insert(run, CallToActionPlan, [p.plan for p in with_plan])
    for plan in with_plan:
        for goal, _, _ in plan.goals:
            goal.plan_id = plan.plan.pk
    _insert(run, StrategicGoal, [g for p in with_plan for g, _, _ in p.goals])
    targets, actions = [], []
    for plan in with_plan:
        for goal, goal_targets, goal_actions in plan.goals:
            for target, _ in goal_targets:
                target.goal_id = goal.pk
                targets.append(target)
            for action in goal_actions:
                action.goal_id = goal.pk
                actions.append(action)
    _insert(run, GoalTarget, targets)
    _insert(run, GoalAction, actions)
    check_ins = []
    for plan in with_plan:
        for _, goal_targets, _ in plan.goals:
            for target, measured in goal_targets:
                for check_in in measured:
                    check_in.target_id = target.pk
                    check_ins.append(check_in)
    _insert(run, CheckIn, check_ins)

    sessions = []
    for plan in plans:
        for session, _, _, _ in plan.coaching:
            session.team_id = plan.pipeline.pk
            sessions.append(session)
    _insert(run, CoachingSession, sessions)
    coached = [(s, people, steps, codes) for p in plans for s, people, steps, codes in p.coaching]
    _through(
        CoachingSession, "participants", [(s.pk, person) for s, people, _, _ in coached for person in people]
    )
    _through(
        CoachingSession, "action_steps", [(s.pk, step.pk) for s, _, steps, _ in coached for step in steps]
    )
    _through(CoachingSession, "competencies", [(s.pk, c) for s, _, _, codes in coached for c in codes])


def _spotlights(run: DemoRun, year: SchoolYear) -> None:
    """A spotlight for each of this year's Spotlight Sessions visits, at a host school with an initiative."""
    existing = set(Spotlight.objects.values_list("school_id", "session_id"))
    visits = Session.objects.filter(
        offering__school_year=year, offering__program__name=SPOTLIGHT, school__isnull=False
    ).order_by("starts_at")
    initiatives = {
        school_id: (pk, title)
        for pk, school_id, title in Initiative.objects.filter(school_year=year).values_list(
            "pk", "team__school_id", "title"
        )
    }
    new, presenters = [], []
    for visit in visits:
        if visit.school_id not in initiatives or (visit.school_id, visit.pk) in existing:
            continue
        initiative_id, title = initiatives[visit.school_id]
        spotlight = Spotlight(
            school_id=visit.school_id,
            initiative_id=initiative_id,
            title=f"Spotlight: {title}",
            practice="Visitors see the team's protocol in a live meeting, then talk with its teacher leaders "
            "about what changed and what they would do differently.",
            held_on=visit.starts_at.date(),
            session_id=visit.pk,
        )
        new.append(spotlight)
    _insert(run, Spotlight, new)
    leads = {}
    for school_id, person_id in (
        TeamMembership.objects.current()
        .filter(team__school_id__in=[s.school_id for s in new], role=TeamRole.LEAD)
        .values_list("team__school_id", "person_id")
    ):
        leads.setdefault(school_id, []).append(person_id)
    for spotlight in new:
        presenters += [(spotlight.pk, person) for person in leads.get(spotlight.school_id, [])]
    _through(Spotlight, "presenters", presenters)


@seeder
def seed_school_teams(run: DemoRun) -> None:
    """Support teams, school teams with history, initiatives, C2A plans, coaching and spotlights."""
    for model in (NetworkSupportMember, SchoolTeam, TeamMembership, Initiative, ActionStep, CallToActionPlan):
        run.created[str(model._meta.verbose_name_plural)] += 0  # listed in the summary even when all exist
    _support_teams(run)
    year = SchoolYear.objects.current()
    if year is None:
        return
    dates = _dates(year)
    competency_ids = _competency_ids()
    coaches = _coaches(run)
    summer = _institute_session(year, Institute.SUMMER)
    winter = _institute_session(year, Institute.WINTER)
    with_teams = set(SchoolTeam.objects.values_list("school_id", flat=True))
    schools = [
        s
        for s in School.objects.filter(is_active=True).order_by("code").values("pk", "code", "network_id")
        if s["pk"] not in with_teams
        and (s["code"] == "S0001" or run.rng("teams", "has-team", s["code"]).random() < TEAM_SHARE)
    ]
    staff: dict[int, list[dict]] = {}
    for person in (
        Person.objects.filter(school_id__in=[s["pk"] for s in schools], is_active=True)
        .order_by("employee_id")
        .values("pk", "position", "tier", "role_start_date", "school_id", "user__email")
    ):
        staff.setdefault(person["school_id"], []).append(person)
    leader_pk = next(
        (
            p["pk"]
            for people in staff.values()
            for p in people
            if p["user__email"] == "leader@leaderdev.example"
        ),
        None,
    )
    coaching_share = COACHING_SHARE.get(run.scale.name, 0.1)
    plans = []
    for school in schools:
        if not staff.get(school["pk"]):
            continue
        plan = SchoolPlan(run, school, staff[school["pk"]], year, dates)
        plan.teams()
        plan.initiative_and_steps(competency_ids, leader_pk)
        plan.call_to_action(summer, winter)
        if run.rng("teams", "coached", school["code"]).random() < coaching_share:
            plan.coaching_sessions(coaches.get(school["network_id"]), competency_ids)
        plans.append(plan)
    _write(run, plans, competency_ids)
    _spotlights(run, year)
