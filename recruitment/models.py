"""Recruitment and hiring: yearly cycles, candidates and their sources, a pipeline per application,
interviews with blinded scorecards, and reference checks.

HiringCycle      one school year's recruitment, with pools per role (principal, head of school, AP,
                 admin team member) and openings at schools.
Opening          a vacant leadership role at a school in a cycle; filled by a hired application.
Source           where candidates come from: a community partner, a university, a recruitment fellow
                 (a current school leader who refers and interviews), a job board, self-applied.
Candidate        a person applying: internal (linked to their staff record) or external. Personal data,
                 visible only to recruitment staff and to the panelists of the candidate's interviews.
Application      a candidate for a role in a cycle, moving through STAGE_TRANSITIONS; every move is a
                 StageChange (who, when, why).
Interview        a first or in-depth interview with a panel; each panelist fills a Scorecard (ratings
                 against competencies of the active framework and a recommendation), hidden from the
                 other panelists until they submit their own.
ReferenceCheck   a referee, contact attempts, structured answers; completed or declined. An application
                 cannot pass the reference stage before RECRUITMENT_REQUIRED_REFERENCES are complete.

Applications, candidates, interviews, scorecards and reference checks keep an audit history
(django-simple-history), readable by recruitment staff.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from competencies.tagging import CompetenciesField
from leaderdev.models import Person, Position, School, SchoolLevel, SchoolYear, TimeStampedModel


class HiringRole(models.TextChoices):
    """The roles the Office recruits pools for (a subset of the district's positions)."""

    PRINCIPAL = Position.PRINCIPAL.value, Position.PRINCIPAL.label
    HEAD_OF_SCHOOL = Position.HEAD_OF_SCHOOL.value, Position.HEAD_OF_SCHOOL.label
    ASSISTANT_PRINCIPAL = Position.ASSISTANT_PRINCIPAL.value, Position.ASSISTANT_PRINCIPAL.label
    ADMIN_TEAM_MEMBER = Position.ADMIN_TEAM_MEMBER.value, Position.ADMIN_TEAM_MEMBER.label


class HiringCycle(TimeStampedModel):
    """One year's recruitment: the pools of candidates for the next school year's leadership roles."""

    school_year = models.OneToOneField(
        SchoolYear,
        on_delete=models.PROTECT,
        related_name="hiring_cycle",
        help_text="The school year the hired leaders start in.",
    )
    name = models.CharField(max_length=120, unique=True)
    opens_on = models.DateField()
    closes_on = models.DateField()
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="hiring_cycle_closes_after_open"
            )
        ]

    def __str__(self):
        return self.name


class OpeningStatus(models.TextChoices):
    OPEN = "open", "Open"
    FILLED = "filled", "Filled"
    CANCELLED = "cancelled", "Cancelled"


class Opening(TimeStampedModel):
    """A vacant leadership role at a school, to be filled from the cycle's pool."""

    cycle = models.ForeignKey(HiringCycle, on_delete=models.CASCADE, related_name="openings")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="openings")
    role = models.CharField(max_length=30, choices=HiringRole.choices)
    status = models.CharField(max_length=10, choices=OpeningStatus.choices, default=OpeningStatus.OPEN)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["school__name", "role"]
        indexes = [models.Index(fields=["cycle", "status"])]

    def __str__(self):
        return f"{self.get_role_display()} at {self.school}"


class SourceKind(models.TextChoices):
    COMMUNITY_PARTNER = "community_partner", "Community partner"
    UNIVERSITY = "university", "University"
    RECRUITMENT_FELLOW = "recruitment_fellow", "Recruitment fellow"
    JOB_BOARD = "job_board", "Job board"
    SELF_APPLIED = "self_applied", "Self-applied"
    FELLOWSHIP = "fellowship", "Aspiring Principal Fellowship"


class Source(TimeStampedModel):
    """Where candidates come from. A recruitment fellow source names the school leader who refers."""

    kind = models.CharField(max_length=30, choices=SourceKind.choices)
    name = models.CharField(max_length=200, unique=True)
    fellow = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recruitment_sources",
        help_text="For a recruitment fellow: the current school leader who refers and interviews.",
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="recruitment_fellow") | Q(fellow__isnull=False),
                name="recruitment_fellow_source_names_the_fellow",
                violation_error_message="A recruitment fellow source needs the fellow.",
            )
        ]

    def __str__(self):
        return self.name


class Candidate(TimeStampedModel):
    """Someone who applies for a leadership role: district staff (``person``) or from outside."""

    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    person = models.OneToOneField(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidate",
        help_text="Their staff record, for an internal candidate.",
    )
    current_role = models.CharField(
        max_length=200, blank=True, help_text="Their current job, as they say it."
    )
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_internal(self) -> bool:
        return self.person_id is not None


class Stage(models.TextChoices):
    APPLIED = "applied", "Applied"
    SCREENED = "screened", "Screened"
    FIRST_INTERVIEW = "first_interview", "First interview"
    IN_DEPTH_INTERVIEW = "in_depth_interview", "In-depth interview"
    REFERENCE_CHECKS = "reference_checks", "Reference checks"
    FINALIST = "finalist", "Finalist"
    IN_POOL = "in_pool", "In pool (eligible for hire)"
    HIRED = "hired", "Hired"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


# The pipeline in order; each stage moves forward to the next one only. Rejected or withdrawn may
# happen from any stage that is not over (a reason is required); nothing leaves hired, rejected or
# withdrawn except a deliberate reopening of a rejected or withdrawn application back to applied.
PIPELINE = (
    Stage.APPLIED,
    Stage.SCREENED,
    Stage.FIRST_INTERVIEW,
    Stage.IN_DEPTH_INTERVIEW,
    Stage.REFERENCE_CHECKS,
    Stage.FINALIST,
    Stage.IN_POOL,
    Stage.HIRED,
)
CLOSED_STAGES = (Stage.HIRED, Stage.REJECTED, Stage.WITHDRAWN)
STAGE_TRANSITIONS: dict[str, set[str]] = {
    **{stage: {PIPELINE[i + 1], Stage.REJECTED, Stage.WITHDRAWN} for i, stage in enumerate(PIPELINE[:-1])},
    Stage.HIRED: set(),
    Stage.REJECTED: {Stage.APPLIED},
    Stage.WITHDRAWN: {Stage.APPLIED},
}
# Moves that need a written reason.
REASON_REQUIRED = {Stage.REJECTED, Stage.WITHDRAWN}


class Application(TimeStampedModel):
    """A candidate for one role in one cycle, moving through the pipeline."""

    cycle = models.ForeignKey(HiringCycle, on_delete=models.PROTECT, related_name="applications")
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="applications")
    role = models.CharField(max_length=30, choices=HiringRole.choices)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="applications")
    school_level = models.CharField(
        "preferred school level", max_length=20, choices=SchoolLevel.choices, blank=True
    )
    opening = models.ForeignKey(
        Opening, on_delete=models.SET_NULL, null=True, blank=True, related_name="applications"
    )
    stage = models.CharField(max_length=30, choices=Stage.choices, default=Stage.APPLIED)
    stage_entered_at = models.DateTimeField(help_text="When the application entered its current stage.")
    closed_reason = models.CharField(
        max_length=300, blank=True, help_text="Why it was rejected or withdrawn."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-stage_entered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "candidate", "role"], name="one_application_per_candidate_role_cycle"
            )
        ]
        indexes = [
            models.Index(fields=["cycle", "stage"]),
            models.Index(fields=["cycle", "role", "stage"]),
        ]

    def __str__(self):
        return f"{self.candidate} for {self.get_role_display()} ({self.cycle})"

    @property
    def allowed_moves(self) -> list[str]:
        return [stage for stage in Stage.values if stage in STAGE_TRANSITIONS[self.stage]]


class StageChange(models.Model):
    """One move of an application through the pipeline: who, when, from where to where, why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=30, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=30, choices=Stage.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["application", "changed_at"])]

    def __str__(self):
        return f"{self.application}: {self.from_stage or '-'} -> {self.to_stage}"


# --- Interviews --------------------------------------------------------------------------------------


class InterviewKind(models.TextChoices):
    FIRST = "first", "First interview"
    IN_DEPTH = "in_depth", "In-depth interview"


class Interview(TimeStampedModel):
    """An interview of an application by a panel, against chosen competencies of the active framework."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="interviews")
    kind = models.CharField(max_length=20, choices=InterviewKind.choices)
    scheduled_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    panelists = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="panel_interviews", help_text="Who interviews and scores."
    )
    competencies = CompetenciesField(help_text="What the panel rates the candidate against.")
    history = HistoricalRecords(m2m_fields=[panelists])

    class Meta:
        ordering = ["scheduled_at"]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.application.candidate}"


class Recommendation(models.TextChoices):
    STRONG_YES = "strong_yes", "Strong yes"
    YES = "yes", "Yes"
    NO = "no", "No"
    STRONG_NO = "strong_no", "Strong no"


class Scorecard(TimeStampedModel):
    """One panelist's scores of one interview. Other panelists see it only once they submitted theirs."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="scorecards")
    panelist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scorecards"
    )
    recommendation = models.CharField(max_length=20, choices=Recommendation.choices, blank=True)
    notes = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["interview", "panelist"], name="one_scorecard_per_panelist")
        ]

    def __str__(self):
        return f"Scorecard of {self.panelist} for {self.interview}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class ScorecardRating(models.Model):
    """A panelist's rating of the candidate on one competency (1 = little evidence, 4 = strong)."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="ratings")
    competency = models.ForeignKey("competencies.Competency", on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    evidence = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "competency"], name="rate_a_competency_once"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=4), name="scorecard_score_1_to_4"),
        ]

    def __str__(self):
        return f"{self.competency_id}: {self.score}"


# --- Reference checks --------------------------------------------------------------------------------


class ReferenceStatus(models.TextChoices):
    PENDING = "pending", "Not contacted yet"
    IN_PROGRESS = "in_progress", "Contacting"
    COMPLETED = "completed", "Completed"
    DECLINED = "declined", "Declined"


# The structured questions every reference check asks; answers are stored by key.
REFERENCE_QUESTIONS = (
    ("relationship", "How do you know the candidate, and for how long?"),
    ("instruction", "How has the candidate improved teaching and learning?"),
    ("culture", "How does the candidate build an inclusive, anti-racist school culture?"),
    ("teams", "How does the candidate lead adults and teams, including through conflict?"),
    ("growth", "Where does the candidate most need to grow?"),
    ("rehire", "Would you hire or work with the candidate again? Why?"),
)


class ReferenceCheck(TimeStampedModel):
    """A referee of an application, the attempts to reach them and their structured answers."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="references")
    referee_name = models.CharField(max_length=150)
    referee_title = models.CharField(max_length=200, blank=True)
    relationship = models.CharField(max_length=200, blank=True, help_text="E.g. “supervisor 2019-2024”.")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=20, choices=ReferenceStatus.choices, default=ReferenceStatus.PENDING)
    answers = models.JSONField(default=dict, blank=True)
    notes = models.TextField(blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"Reference {self.referee_name} for {self.application.candidate}"


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "E-mail"
    VOICEMAIL = "voicemail", "Voicemail"
    OTHER = "other", "Other"


class ContactAttempt(models.Model):
    """One attempt to reach a referee."""

    reference = models.ForeignKey(ReferenceCheck, on_delete=models.CASCADE, related_name="attempts")
    at = models.DateTimeField()
    method = models.CharField(max_length=20, choices=ContactMethod.choices)
    outcome = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.get_method_display()} on {self.at:%Y-%m-%d}"
