"""School teams: the school-based side of leadership development.

Leaders grow by leading real work. In each school a team drawn from three tiers of the leadership ladder
(building administrators, emerging leaders, lead learners) takes on one school-wide improvement initiative
a year, and the school's instructional leadership team (ILT) writes its Call-to-Action plan at the Summer
Institute and reviews it at the Winter Institute.

SchoolTeam        a school's instructional leadership team (ILT) or its pipeline team; it lasts for years.
TeamMembership    a person on a team in one tier from a date until a date: the team's history. Moving up
                  a tier ends one membership and starts the next, so the pipeline shows who grew.
Initiative        a team's school-wide improvement initiative for a school year.
ActionStep        a step of the initiative for one tier: owner, due date, status, competencies it builds.
MonitoringNote    what the team saw and each adjustment it made to the initiative, dated.
CallToActionPlan  a school's strategic plan for a school year.
StrategicGoal     a goal of the plan ...
GoalTarget        ... its measurable targets (baseline -> target, by a date) ...
GoalAction        ... and its action plan: who does what by when.
CheckIn           a measurement of a target on a date: the plan's progress monitoring.
CoachingSession   team coaching, or one participant's role-specific coaching (with onsite observation
                  and feedback), tied to action steps and competencies.
Spotlight         a session that showcases a school's practice to other schools.

Nothing derived is stored: roll-ups, progress and "on track" are computed by programs.services.teams.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from competencies.tagging import CompetenciesField
from leaderdev.models import LeadershipTier, Person, School, SchoolYear, TimeStampedModel

from .pd import Facilitator, Institute, Session

__all__ = [
    "OPEN_STEP_STATUSES",
    "ActionStep",
    "CallToActionPlan",
    "CheckIn",
    "CoachingKind",
    "CoachingSession",
    "GoalAction",
    "GoalTarget",
    "Initiative",
    "MonitoringKind",
    "MonitoringNote",
    "PlanStatus",
    "SchoolTeam",
    "Spotlight",
    "StepStatus",
    "StrategicGoal",
    "TeamKind",
    "TeamMembership",
    "TeamRole",
]


class TeamKind(models.TextChoices):
    ILT = "ilt", "Instructional leadership team"
    PIPELINE = "pipeline", "Pipeline team"


class SchoolTeam(TimeStampedModel):
    """A school's ILT or pipeline team. One of each per school; its members change over the years."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="teams")
    kind = models.CharField(max_length=10, choices=TeamKind.choices)

    class Meta:
        ordering = ["school__name", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["school", "kind"], name="one_team_of_a_kind_per_school")
        ]

    def __str__(self):
        return f"{self.school} · {self.get_kind_display()}"


class TeamRole(models.TextChoices):
    LEAD = "lead", "Team lead"
    MEMBER = "member", "Member"


class TeamMembershipQuerySet(models.QuerySet):
    def current(self):
        return self.filter(end_date__isnull=True)

    def during(self, school_year: SchoolYear):
        """Memberships that overlap `school_year` (someone who left in October was on that year's team)."""
        return self.filter(start_date__lte=school_year.end_date).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=school_year.start_date)
        )


class TeamMembership(TimeStampedModel):
    """A person on a team, in one tier, from start_date until end_date (open while they are on it)."""

    team = models.ForeignKey(SchoolTeam, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="team_memberships")
    tier = models.CharField("leadership tier", max_length=30, choices=LeadershipTier.choices)
    role = models.CharField(max_length=10, choices=TeamRole.choices, default=TeamRole.MEMBER)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True, help_text="Empty while they are on the team.")
    end_reason = models.CharField(max_length=200, blank=True)

    objects = TeamMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["team", "start_date", "person__last_name"]
        indexes = [models.Index(fields=["team", "end_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "person"],
                condition=Q(end_date__isnull=True),
                name="one_open_membership_per_person_and_team",
                violation_error_message="This person is already on the team.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.person} on {self.team} ({self.get_tier_display()})"

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "A membership cannot end before it starts."})

    @property
    def is_current(self) -> bool:
        return self.end_date is None


class Initiative(TimeStampedModel):
    """A team's school-wide improvement initiative for one school year."""

    team = models.ForeignKey(SchoolTeam, on_delete=models.CASCADE, related_name="initiatives")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="initiatives")
    title = models.CharField(
        max_length=200,
        help_text='For example "Student-work analysis in weekly teacher development".',
    )
    focus = models.TextField(blank=True, help_text="The problem of practice and why the team chose it.")
    success_measure = models.TextField(blank=True, help_text="What will be different when it works.")
    competencies = CompetenciesField(help_text="The leadership competencies leading this builds.")

    class Meta:
        ordering = ["-school_year__start_date", "team__school__name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "school_year"], name="one_initiative_per_team_and_year")
        ]

    def __str__(self):
        return f"{self.title} ({self.team.school}, {self.school_year})"


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


# Steps still to do; a dropped step was adjusted away (a monitoring note says why) and leaves the roll-up.
OPEN_STEP_STATUSES = (StepStatus.NOT_STARTED, StepStatus.IN_PROGRESS)


class ActionStep(TimeStampedModel):
    """One step of an initiative, carried by one tier: what, who, by when, and how far it is."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="steps")
    tier = models.CharField("leadership tier", max_length=30, choices=LeadershipTier.choices)
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="action_steps"
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=StepStatus.choices, default=StepStatus.NOT_STARTED)
    completed_on = models.DateField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    competencies = CompetenciesField(help_text="The competencies carrying out this step builds.")

    class Meta:
        ordering = ["initiative", "order", "due_date", "pk"]
        indexes = [models.Index(fields=["initiative", "tier"]), models.Index(fields=["owner", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status=StepStatus.DONE) & Q(completed_on__isnull=False))
                | (~Q(status=StepStatus.DONE) & Q(completed_on__isnull=True)),
                name="step_completed_on_iff_done",
            ),
        ]

    def __str__(self):
        return self.description

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status in OPEN_STEP_STATUSES and self.due_date is not None and self.due_date < today


class MonitoringKind(models.TextChoices):
    OBSERVATION = "observation", "What we saw"
    ADJUSTMENT = "adjustment", "Adjustment"


class MonitoringNote(TimeStampedModel):
    """A dated note on an initiative: what the team saw, or an adjustment it made (and why)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="notes")
    step = models.ForeignKey(
        ActionStep, on_delete=models.SET_NULL, null=True, blank=True, related_name="notes"
    )
    kind = models.CharField(max_length=20, choices=MonitoringKind.choices, default=MonitoringKind.OBSERVATION)
    written_on = models.DateField()
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-written_on", "-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.written_on:%b %-d, %Y}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ADOPTED = "adopted", "Adopted"
    CLOSED = "closed", "Closed"


class CallToActionPlan(TimeStampedModel):
    """A school's strategic plan for a school year: goals, measurable targets, action plans, check-ins.

    The school's ILT drafts it at the Summer Institute and reviews it at the Winter Institute; the plan
    points at those sessions.
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="cta_plans")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="cta_plans")
    vision = models.TextField(blank=True, help_text="The school's call to action, in a few sentences.")
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    drafted_at = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"offering__program__institute": Institute.SUMMER},
        help_text="The Summer Institute session where the ILT drafted it.",
    )
    adopted_on = models.DateField(null=True, blank=True)
    reviewed_at = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"offering__program__institute": Institute.WINTER},
        help_text="The Winter Institute session where the ILT reviewed it.",
    )
    reviewed_on = models.DateField(null=True, blank=True)
    review_notes = models.TextField(blank=True, help_text="What the review found and what changed.")

    class Meta:
        ordering = ["-school_year__start_date", "school__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year"], name="one_cta_plan_per_school_and_year"
            ),
            models.CheckConstraint(
                condition=Q(status=PlanStatus.DRAFT) | Q(adopted_on__isnull=False),
                name="adopted_plan_has_adoption_date",
            ),
        ]
        verbose_name = "Call-to-Action plan"

    def __str__(self):
        return f"Call-to-Action plan of {self.school}, {self.school_year}"

    def clean(self):
        errors = {}
        if self.drafted_at_id and self.drafted_at.offering.program.institute != Institute.SUMMER:
            errors["drafted_at"] = "Choose a Summer Institute session."
        if self.reviewed_at_id and self.reviewed_at.offering.program.institute != Institute.WINTER:
            errors["reviewed_at"] = "Choose a Winter Institute session."
        if errors:
            raise ValidationError(errors)


class StrategicGoal(TimeStampedModel):
    """A goal of a Call-to-Action plan, e.g. "Every student reads on grade level by grade 3"."""

    plan = models.ForeignKey(CallToActionPlan, on_delete=models.CASCADE, related_name="goals")
    statement = models.CharField(max_length=300)
    system = models.ForeignKey(
        "competencies.ImplementationSystem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The school system (from the implementation rubric) this goal strengthens.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order", "pk"]

    def __str__(self):
        return self.statement


class GoalTarget(TimeStampedModel):
    """A measurable target of a goal: from a baseline to a target value by a date.

    A target may go down (chronic absence from 18% to 12%): progress is measured along the way from
    baseline to target, whichever way it points.
    """

    goal = models.ForeignKey(StrategicGoal, on_delete=models.CASCADE, related_name="targets")
    measure = models.CharField(max_length=200, help_text='For example "Students reading on grade level (%)".')
    unit = models.CharField(max_length=20, blank=True, help_text='For example "%" or "students".')
    baseline = models.DecimalField(max_digits=10, decimal_places=2)
    target = models.DecimalField(max_digits=10, decimal_places=2)
    due_date = models.DateField(help_text="When the target should be reached, usually the end of the year.")

    class Meta:
        ordering = ["goal", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(target=F("baseline")), name="target_differs_from_baseline")
        ]

    def __str__(self):
        return self.measure

    def clean(self):
        if self.baseline is not None and self.target is not None and self.baseline == self.target:
            raise ValidationError({"target": "A target must differ from its baseline."})


class GoalAction(TimeStampedModel):
    """A line of a goal's action plan: what will be done, by whom, by when."""

    goal = models.ForeignKey(StrategicGoal, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="cta_actions"
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=StepStatus.choices, default=StepStatus.NOT_STARTED)
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["goal", "due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status=StepStatus.DONE) & Q(completed_on__isnull=False))
                | (~Q(status=StepStatus.DONE) & Q(completed_on__isnull=True)),
                name="goal_action_completed_on_iff_done",
            ),
        ]

    def __str__(self):
        return self.description


class CheckIn(TimeStampedModel):
    """A measurement of a target on a date, with what the team made of it."""

    target = models.ForeignKey(GoalTarget, on_delete=models.CASCADE, related_name="check_ins")
    checked_on = models.DateField()
    value = models.DecimalField(max_digits=10, decimal_places=2)
    note = models.TextField(blank=True)
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The session where it was measured, e.g. the Winter Institute.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["target", "checked_on", "pk"]
        indexes = [models.Index(fields=["target", "-checked_on"])]
        constraints = [
            models.UniqueConstraint(fields=["target", "checked_on"], name="one_check_in_per_target_and_day")
        ]

    def __str__(self):
        return f"{self.target}: {self.value} on {self.checked_on:%b %-d, %Y}"


class CoachingKind(models.TextChoices):
    TEAM = "team", "Team coaching"
    INDIVIDUAL = "individual", "Individual coaching"


class CoachingSession(TimeStampedModel):
    """A coaching session with a school team, or with one of its members on their role in the initiative.

    Individual coaching has exactly one participant (the service checks it) and may include an onsite
    observation with feedback. Its notes are private to the participant, the coach and staff.
    """

    team = models.ForeignKey(SchoolTeam, on_delete=models.CASCADE, related_name="coaching_sessions")
    kind = models.CharField(max_length=20, choices=CoachingKind.choices)
    held_on = models.DateField()
    coach = models.ForeignKey(Facilitator, on_delete=models.PROTECT, related_name="coaching_sessions")
    participants = models.ManyToManyField(Person, related_name="coaching_sessions")
    action_steps = models.ManyToManyField(ActionStep, blank=True, related_name="coaching_sessions")
    competencies = CompetenciesField(help_text="The competencies the session worked on.")
    focus = models.CharField(max_length=200)
    is_observation = models.BooleanField(
        "onsite observation", default=False, help_text="The coach observed the participant at work."
    )
    notes = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    duration_minutes = models.PositiveSmallIntegerField(default=60, validators=[MinValueValidator(5)])

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["team", "-held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=CoachingKind.INDIVIDUAL) | Q(is_observation=False),
                name="observation_is_individual_coaching",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.team.school} · {self.held_on:%b %-d, %Y}"


class Spotlight(TimeStampedModel):
    """A session that showcases one school's practice to others (at an institute, a conference, on site)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="spotlights")
    initiative = models.ForeignKey(
        Initiative, on_delete=models.SET_NULL, null=True, blank=True, related_name="spotlights"
    )
    title = models.CharField(max_length=200)
    practice = models.TextField(help_text="The practice shown and what others can take from it.")
    held_on = models.DateField()
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="spotlights",
        help_text="The program session it was part of, if any.",
    )
    presenters = models.ManyToManyField(Person, blank=True, related_name="spotlights")
    competencies = CompetenciesField(help_text="The competencies the practice shows.")

    class Meta:
        ordering = ["-held_on", "school__name"]

    def __str__(self):
        return f"{self.title} ({self.school})"
