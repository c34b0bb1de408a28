"""Mentoring and coaching: the mentor pool, matching rounds, mentorships, partner coaches and their logs.

Mentor            an experienced leader in the pool for one school year: status, capacity, strengths,
                  languages; every status change is kept (MentorStatusChange).
MenteeProfile     what a new leader wants from a mentor this year: needs (competencies to grow),
                  languages, ranked preferences. Who is a mentee is derived from the shared schema
                  (first- and second-year school leaders), never stored.
Conflict          a pair that must never be matched (supervisor, family, a past conflict ...).
MatchRound        staff's weights and hard rules for one run of the optimal matching, its progress and
                  result: MatchProposal (a pair with its score broken down by criterion), UnmatchedMentee
                  (who could not be matched, and why), MatchConstraint (pairs staff pin or forbid).
Mentorship        an approved, active mentor-mentee pair of a school year.
PartnerOrganization, Coach, CoachAssignment
                  outside partners' coaches, and which new school leader each coaches.
LogEntry          a meeting, onsite observation or feedback conversation of a mentorship or a coaching
                  assignment, with shared notes and a private part only the mentor/coach and staff see.
MenteeFeedback    the mentee's end-of-year feedback on their mentorship.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from competencies.tagging import CompetenciesField
from leaderdev.models import AUDIT_EXCLUDED, Person, SchoolYear, TimeStampedModel


class Language(models.TextChoices):
    """The district's most common home and working languages (used to pair mentors and mentees)."""

    ENGLISH = "en", "English"
    SPANISH = "es", "Spanish"
    HAITIAN_CREOLE = "ht", "Haitian Creole"
    CAPE_VERDEAN_CREOLE = "kea", "Cape Verdean Creole"
    PORTUGUESE = "pt", "Portuguese"
    VIETNAMESE = "vi", "Vietnamese"
    CHINESE = "zh", "Chinese"
    ARABIC = "ar", "Arabic"
    SOMALI = "so", "Somali"
    ASL = "ase", "American Sign Language"


def validate_languages(value):
    if not isinstance(value, list) or any(code not in Language.values for code in value):
        raise ValidationError("Choose languages from the list.")


# --- The mentor pool ---------------------------------------------------------------------------------


class MentorStatus(models.TextChoices):
    NOMINATED = "nominated", "Nominated"
    APPLIED = "applied", "Applied"
    SCREENING = "screening", "Screening"
    SELECTED = "selected", "Selected"
    NOT_SELECTED = "not_selected", "Not selected"
    WITHDRAWN = "withdrawn", "Withdrawn"


# The allowed moves of a mentor's status, in one table. Only selected mentors are matched.
MENTOR_TRANSITIONS = {
    MentorStatus.NOMINATED: {MentorStatus.SCREENING, MentorStatus.NOT_SELECTED, MentorStatus.WITHDRAWN},
    MentorStatus.APPLIED: {MentorStatus.SCREENING, MentorStatus.NOT_SELECTED, MentorStatus.WITHDRAWN},
    MentorStatus.SCREENING: {MentorStatus.SELECTED, MentorStatus.NOT_SELECTED, MentorStatus.WITHDRAWN},
    MentorStatus.SELECTED: {MentorStatus.WITHDRAWN},
    MentorStatus.NOT_SELECTED: {MentorStatus.SCREENING},
    MentorStatus.WITHDRAWN: {MentorStatus.SCREENING},
}


class MentorSource(models.TextChoices):
    NOMINATED = "nominated", "Nominated"
    APPLIED = "applied", "Applied"


class Mentor(TimeStampedModel):
    """An experienced leader in the mentor pool of one school year.

    School level and network are the person's own (from the shared schema), not copied here.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="mentor_terms")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="mentors")
    status = models.CharField(max_length=20, choices=MentorStatus.choices, default=MentorStatus.NOMINATED)
    source = models.CharField(max_length=20, choices=MentorSource.choices, default=MentorSource.NOMINATED)
    nominated_by = models.CharField(max_length=200, blank=True, help_text="Who nominated them, if anyone.")
    capacity = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
        help_text="How many mentees they can take this year.",
    )
    availability = models.CharField(
        max_length=200, blank=True, help_text="When they can meet, e.g. “Tuesday and Thursday afternoons”."
    )
    strengths = CompetenciesField(help_text="The competencies they are strongest in and can mentor.")
    languages = models.JSONField(default=list, blank=True, validators=[validate_languages])
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "school_year"], name="one_mentor_term_per_year"),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=6), name="mentor_capacity_1_to_6"
            ),
        ]
        indexes = [models.Index(fields=["school_year", "status"])]

    def __str__(self):
        return f"{self.person} (mentor {self.school_year})"


class MentorStatusChange(models.Model):
    """One move of a mentor's status: who, when, why. The pool's history."""

    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=MentorStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=MentorStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.mentor}: {self.from_status or '-'} -> {self.to_status}"


# --- Mentees -----------------------------------------------------------------------------------------


class MenteeProfile(TimeStampedModel):
    """A new leader's wishes for one school year's mentoring: needs, languages, ranked preferences."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mentee_profiles")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="mentee_profiles")
    needs = CompetenciesField(help_text="The competencies they most want to grow this year.")
    languages = models.JSONField(default=list, blank=True, validators=[validate_languages])
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "school_year"], name="one_mentee_profile_per_year")
        ]

    def __str__(self):
        return f"{self.person} (mentee {self.school_year})"


class MentorPreference(models.Model):
    """A mentee's ranked wish for a mentor (1 = first choice)."""

    profile = models.ForeignKey(MenteeProfile, on_delete=models.CASCADE, related_name="preferences")
    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="preferred_by")
    rank = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        ordering = ["profile", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "mentor"], name="prefer_a_mentor_once"),
            models.UniqueConstraint(fields=["profile", "rank"], name="one_mentor_per_rank"),
        ]

    def __str__(self):
        return f"{self.profile.person} prefers {self.mentor.person} (#{self.rank})"


class ConflictReason(models.TextChoices):
    SUPERVISOR = "supervisor", "Supervises the mentee"
    FAMILY = "family", "Family or close relationship"
    PAST_CONFLICT = "past_conflict", "Past conflict"
    OTHER = "other", "Other"


class Conflict(TimeStampedModel):
    """A pair that must never be matched, in any year. Same-school pairs are refused without one."""

    mentee = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="conflicts_as_mentee")
    mentor = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="conflicts_as_mentor")
    reason = models.CharField(max_length=20, choices=ConflictReason.choices)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["mentee__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["mentee", "mentor"], name="one_conflict_per_pair"),
            models.CheckConstraint(condition=~Q(mentee=models.F("mentor")), name="conflict_needs_two_people"),
        ]

    def __str__(self):
        return f"{self.mentee} / {self.mentor}: {self.get_reason_display()}"


# --- Matching rounds ---------------------------------------------------------------------------------


class RoundStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    PROPOSED = "proposed", "Proposed"
    FAILED = "failed", "Failed"
    APPROVED = "approved", "Approved"


# Criteria a round weighs, in the order pages show them: (weight field, label).
CRITERIA = (
    ("same_level", "Same school level"),
    ("same_network", "Same network"),
    ("strengths", "Strengths meet needs"),
    ("language", "Shared language"),
    ("distance", "Short travel"),
    ("preference", "Mentee's preference"),
)


def _weight(label, default):
    return models.PositiveSmallIntegerField(
        f"weight: {label.lower()}",
        default=default,
        validators=[MaxValueValidator(10)],
        help_text="0 (ignore) to 10 (matters most).",
    )


class MatchRound(TimeStampedModel):
    """One run of the optimal mentor matching for a school year: weights, hard rules, progress, result.

    Hard rules always hold: a mentor's capacity, recorded conflicts, pairs staff forbid, and never two
    people of the same school. ``max_distance_km`` adds a travel limit when set.
    """

    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="match_rounds")
    name = models.CharField(max_length=120)
    status = models.CharField(max_length=20, choices=RoundStatus.choices, default=RoundStatus.DRAFT)

    weight_same_level = _weight("Same school level", 5)
    weight_same_network = _weight("Same network", 2)
    weight_strengths = _weight("Strengths meet needs", 8)
    weight_language = _weight("Shared language", 4)
    weight_distance = _weight("Short travel", 2)
    weight_preference = _weight("Mentee's preference", 6)
    max_distance_km = models.PositiveSmallIntegerField(
        "maximum distance (km)",
        null=True,
        blank=True,
        help_text="Never pair people whose schools are farther apart than this. Empty: no limit.",
    )

    progress = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    progress_message = models.CharField(max_length=200, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)
    total_score = models.FloatField(null=True, blank=True)
    timings = models.JSONField(default=dict, blank=True, help_text="Seconds spent loading, scoring, ...")
    computed_at = models.DateTimeField(null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    # The matching task's progress reports are not changes anyone made: left out of the audit history.
    history = HistoricalRecords(
        excluded_fields=[*AUDIT_EXCLUDED, "progress", "progress_message", "task_id", "timings"]
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.school_year})"

    @property
    def weights(self) -> dict[str, int]:
        return {key: getattr(self, f"weight_{key}") for key, _ in CRITERIA}

    @property
    def is_editable(self) -> bool:
        return self.status in (RoundStatus.DRAFT, RoundStatus.PROPOSED, RoundStatus.FAILED)


class ConstraintKind(models.TextChoices):
    PIN = "pin", "Pin (must pair)"
    FORBID = "forbid", "Forbid (never pair)"


class MatchConstraint(TimeStampedModel):
    """A pair staff pin or forbid in a round before re-running it."""

    round = models.ForeignKey(MatchRound, on_delete=models.CASCADE, related_name="constraints")
    mentee = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=ConstraintKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=AUDIT_EXCLUDED)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "mentee", "mentor"], name="one_constraint_per_pair"),
            models.UniqueConstraint(
                fields=["round", "mentee"], condition=Q(kind="pin"), name="pin_a_mentee_once"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.mentee} / {self.mentor.person}"


class MatchProposal(models.Model):
    """A pair the round proposes, with its score broken down by criterion (points per criterion)."""

    round = models.ForeignKey(MatchRound, on_delete=models.CASCADE, related_name="proposals")
    mentee = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="proposals")
    score = models.FloatField()
    breakdown = models.JSONField(default=dict)
    pinned = models.BooleanField(default=False)
    # No audit history: proposals are the engine's output, replaced wholesale on every run. What staff
    # change about them (pins and forbids) is audited on MatchConstraint, and approving on MatchRound.

    class Meta:
        ordering = ["-score"]
        constraints = [models.UniqueConstraint(fields=["round", "mentee"], name="propose_a_mentee_once")]

    def __str__(self):
        return f"{self.mentee} <- {self.mentor.person} ({self.score:.1f})"


class UnmatchedReason(models.TextChoices):
    NO_ELIGIBLE_MENTOR = "no_eligible_mentor", "No eligible mentor"
    CAPACITY = "capacity", "Every eligible mentor is full"


class UnmatchedMentee(models.Model):
    """A mentee the round could not match, and why."""

    round = models.ForeignKey(MatchRound, on_delete=models.CASCADE, related_name="unmatched")
    mentee = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=30, choices=UnmatchedReason.choices)
    detail = models.CharField(max_length=300)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "mentee"], name="unmatched_once_per_round")]

    def __str__(self):
        return f"{self.mentee}: {self.detail}"


# --- Mentorships -------------------------------------------------------------------------------------


class MentorshipStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"


class Mentorship(TimeStampedModel):
    """An approved mentor-mentee pair of a school year."""

    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="mentorships")
    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="mentorships")
    mentee = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="mentorships")
    match_round = models.ForeignKey(
        MatchRound, on_delete=models.SET_NULL, null=True, blank=True, related_name="mentorships"
    )
    status = models.CharField(
        max_length=10, choices=MentorshipStatus.choices, default=MentorshipStatus.ACTIVE
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords(excluded_fields=AUDIT_EXCLUDED)

    class Meta:
        ordering = ["mentee__last_name", "mentee__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee", "school_year"],
                condition=Q(status="active"),
                name="one_active_mentorship_per_mentee_year",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="mentorship_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["school_year", "status"])]

    def __str__(self):
        return f"{self.mentor.person} mentors {self.mentee} ({self.school_year})"


# --- Coaching ----------------------------------------------------------------------------------------


class PartnerOrganization(TimeStampedModel):
    """An outside organisation that supplies coaches for new school leaders."""

    name = models.CharField(max_length=200, unique=True)
    contact_name = models.CharField(max_length=150, blank=True)
    contact_email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Coach(TimeStampedModel):
    """A partner organisation's coach. Coaches are not district staff: they have a login, not a Person."""

    organization = models.ForeignKey(PartnerOrganization, on_delete=models.PROTECT, related_name="coaches")
    full_name = models.CharField(max_length=150)
    email = models.EmailField(unique=True)
    phone = models.CharField(max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="coach"
    )
    languages = models.JSONField(default=list, blank=True, validators=[validate_languages])
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["full_name"]
        verbose_name_plural = "coaches"

    def __str__(self):
        return f"{self.full_name} ({self.organization})"


class CoachAssignment(TimeStampedModel):
    """A coach working one-to-one with a school leader for a school year."""

    coach = models.ForeignKey(Coach, on_delete=models.PROTECT, related_name="assignments")
    leader = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="coach_assignments")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="coach_assignments")
    status = models.CharField(
        max_length=10, choices=MentorshipStatus.choices, default=MentorshipStatus.ACTIVE
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["leader__last_name", "leader__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["leader", "school_year"],
                condition=Q(status="active"),
                name="one_active_coach_per_leader_year",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="coaching_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.coach.full_name} coaches {self.leader} ({self.school_year})"


# --- Logs --------------------------------------------------------------------------------------------


class LogKind(models.TextChoices):
    MEETING = "meeting", "Meeting"
    OBSERVATION = "observation", "Onsite observation"
    FEEDBACK = "feedback", "Feedback conversation"
    CHECK_IN = "check_in", "Phone or message check-in"


class LogEntry(TimeStampedModel):
    """A meeting, observation or feedback conversation of a mentorship or of a coaching assignment.

    ``notes`` and ``next_steps`` are shared with the mentee; ``private_notes`` are seen only by the
    mentor or coach of that pair and by program staff.
    """

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, null=True, blank=True, related_name="log_entries"
    )
    coaching = models.ForeignKey(
        CoachAssignment, on_delete=models.CASCADE, null=True, blank=True, related_name="log_entries"
    )
    date = models.DateField()
    kind = models.CharField(max_length=20, choices=LogKind.choices, default=LogKind.MEETING)
    duration_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    focus = CompetenciesField(help_text="The competencies this conversation worked on.")
    notes = models.TextField(blank=True, help_text="Shared with the mentee.")
    next_steps = models.TextField(blank=True, help_text="Shared with the mentee.")
    private_notes = models.TextField(
        blank=True, help_text="Only you and the Office's program staff see these; never the mentee."
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name_plural = "log entries"
        constraints = [
            models.CheckConstraint(
                condition=(Q(mentorship__isnull=False) & Q(coaching__isnull=True))
                | (Q(mentorship__isnull=True) & Q(coaching__isnull=False)),
                name="log_entry_belongs_to_one_relationship",
            )
        ]
        indexes = [models.Index(fields=["mentorship", "date"]), models.Index(fields=["coaching", "date"])]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.date}"

    @property
    def relationship(self):
        return self.mentorship or self.coaching


class MenteeFeedback(TimeStampedModel):
    """A mentee's end-of-year feedback on their mentorship (one per mentorship)."""

    mentorship = models.OneToOneField(Mentorship, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)], help_text="1 (not helpful) to 5 (very)."
    )
    most_helpful = models.TextField(blank=True)
    suggestions = models.TextField(blank=True)
    would_recommend = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="mentee_feedback_rating_1_to_5"
            )
        ]

    def __str__(self):
        return f"Feedback on {self.mentorship}"
