"""Professional development: programs, their yearly offerings, enrollment, sessions, attendance, feedback
and each leader's PD plan.

ProgramKind   a family of programs (new-leader PD, Leadership Institute, convenings, racial-equity
              learning, school-team coaching ...). Data, not code: staff add kinds in the admin.
Program       a named program, e.g. "Leadership Conference" or "Self as Core".
Offering      a program's run in one school year (a cohort): capacity, eligibility, facilitators.
Enrollment    a person in an offering: invited, enrolled, waitlisted, withdrawn or completed.
Session       one meeting of an offering (possibly several days), with its competencies and materials.
              Generated sessions belong to a SessionSeries (see scheduling) as its nth occurrence.
Attendance    a person's attendance at a session: present, late, excused or absent.
SessionFeedback  a short survey answer (1-5 and a comment) per person and session.
PDPlan        a leader's plan for a school year: goals tied to competencies, reflection, comments.
CalendarFeed  the secret token of a person's personal calendar feed.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from competencies.tagging import CompetenciesField
from leaderdev.models import (
    AUDIT_EXCLUDED,
    Person,
    Position,
    School,
    SchoolLevel,
    SchoolYear,
    TimeStampedModel,
)


class ProgramKind(TimeStampedModel):
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    is_equity_track = models.BooleanField(
        "racial-equity learning",
        default=False,
        help_text="Offerings of this kind count toward the rule that every principal and AP takes exactly "
        "one racial-equity offering a year.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Institute(models.TextChoices):
    """The two semi-annual Leadership Institutes, where school ILTs plan (see CallToActionPlan)."""

    SUMMER = "summer", "Summer Institute"
    WINTER = "winter", "Winter Institute"


class Program(TimeStampedModel):
    kind = models.ForeignKey(ProgramKind, on_delete=models.PROTECT, related_name="programs")
    name = models.CharField(max_length=160, unique=True)
    description = models.TextField(blank=True)
    institute = models.CharField(
        max_length=10,
        choices=Institute.choices,
        blank=True,
        help_text="Set for the Summer and Winter Institutes: Call-to-Action plans are drafted at a Summer "
        "Institute session and reviewed at a Winter Institute session.",
    )
    competencies = CompetenciesField(help_text="What this program builds.")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind__order", "name"]

    def __str__(self):
        return self.name


class Facilitator(TimeStampedModel):
    """Who leads sessions: a district staff member (person) or someone external (name, organisation)."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="facilitator"
    )
    name = models.CharField(max_length=160, blank=True, help_text="For external facilitators.")
    organisation = models.CharField(max_length=160, blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(name=""), name="facilitator_is_person_or_named"
            )
        ]

    def __str__(self):
        label = self.person.full_name if self.person_id else self.name
        return f"{label} ({self.organisation})" if self.organisation else label

    def clean(self):
        if not self.person_id and not self.name.strip():
            raise ValidationError("Choose a district staff member or give an external facilitator's name.")

    @property
    def is_external(self) -> bool:
        return self.person_id is None


class Offering(TimeStampedModel):
    """A program's run in one school year: the cohort people enroll in."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="offerings")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="offerings")
    cohort = models.CharField(
        max_length=60, blank=True, help_text='Optional, e.g. "Cohort A" or "Elementary".'
    )
    description = models.TextField(blank=True)
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Most people enrolled at once; empty for no limit. Others wait."
    )
    # Eligibility: who may be enrolled. No positions listed means every school-leader position; an empty
    # year limit or school level means no restriction on that criterion.
    eligible_positions = models.JSONField(
        default=list, blank=True, help_text="Positions that may enroll (empty: every school leader position)."
    )
    max_year_in_role = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="2 for first- and second-year leaders only; empty for anyone."
    )
    school_level = models.CharField(
        max_length=20, choices=SchoolLevel.choices, blank=True, help_text="For level-alike offerings."
    )
    is_opt_in = models.BooleanField(
        default=False, help_text="People choose to join (e.g. an affinity space): staff invite, never enroll."
    )
    facilitators = models.ManyToManyField(Facilitator, blank=True, related_name="offerings")

    class Meta:
        ordering = ["school_year", "program__kind__order", "program__name", "cohort"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "school_year", "cohort"], name="unique_offering_cohort"
            ),
        ]

    def __str__(self):
        cohort = f" · {self.cohort}" if self.cohort else ""
        return f"{self.program}{cohort} ({self.school_year})"

    def clean(self):
        unknown = set(self.eligible_positions or []) - set(Position.values)
        if unknown:
            raise ValidationError({"eligible_positions": f"Unknown positions: {', '.join(sorted(unknown))}."})


class EnrollmentStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    ENROLLED = "enrolled", "Enrolled"
    WAITLISTED = "waitlisted", "Waitlisted"
    WITHDRAWN = "withdrawn", "Withdrawn"
    COMPLETED = "completed", "Completed"


# The moves an enrollment's status may make (services.change_enrollment_status enforces them).
ENROLLMENT_TRANSITIONS = {
    EnrollmentStatus.INVITED: {
        EnrollmentStatus.ENROLLED,
        EnrollmentStatus.WAITLISTED,
        EnrollmentStatus.WITHDRAWN,
    },
    EnrollmentStatus.WAITLISTED: {EnrollmentStatus.ENROLLED, EnrollmentStatus.WITHDRAWN},
    EnrollmentStatus.ENROLLED: {EnrollmentStatus.WITHDRAWN, EnrollmentStatus.COMPLETED},
    EnrollmentStatus.WITHDRAWN: {
        EnrollmentStatus.INVITED,
        EnrollmentStatus.ENROLLED,
        EnrollmentStatus.WAITLISTED,
    },
    EnrollmentStatus.COMPLETED: {EnrollmentStatus.ENROLLED},
}
# Statuses that hold a place in the offering (count against capacity).
PLACE_HOLDING = (EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED)
# Statuses that mean "this person takes part" (rosters, expected attendance, the equity rule).
PARTICIPATING = (EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED)


class Enrollment(TimeStampedModel):
    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="enrollments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="enrollments")
    status = models.CharField(
        max_length=12, choices=EnrollmentStatus.choices, default=EnrollmentStatus.ENROLLED
    )
    status_changed_at = models.DateTimeField(help_text="When the status last changed; orders the waitlist.")
    note = models.CharField(max_length=300, blank=True, help_text="E.g. why someone withdrew.")
    history = HistoricalRecords(excluded_fields=AUDIT_EXCLUDED)

    class Meta:
        ordering = ["offering", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["offering", "person"], name="one_enrollment_per_offering")
        ]
        indexes = [
            models.Index(fields=["offering", "status", "status_changed_at"]),
            models.Index(fields=["person", "status"]),
        ]

    def __str__(self):
        return f"{self.person} in {self.offering}: {self.get_status_display()}"


class Session(TimeStampedModel):
    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(help_text="May be days later for a multi-day institute.")
    location = models.CharField(max_length=200, blank=True, help_text="Room, building or address.")
    school = models.ForeignKey(
        School,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_sessions",
        help_text="When held at a school site.",
    )
    facilitators = models.ManyToManyField(Facilitator, blank=True, related_name="sessions")
    competencies = CompetenciesField(help_text="What this session builds.")
    # Set on sessions generated from a series (programs.services.scheduling): the series' nth occurrence
    # in the year. Unique together, so two workers generating the same series cannot both add it.
    series = models.ForeignKey(
        "programs.SessionSeries",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        help_text="The series this session was generated from, if any.",
    )
    occurrence = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Which occurrence of its series (1 for the first)."
    )

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["offering", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"),
            models.UniqueConstraint(
                fields=["series", "occurrence"], name="one_session_per_series_occurrence"
            ),
        ]

    def __str__(self):
        return f"{self.title} · {self.starts_at:%b %-d, %Y}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "A session must end after it starts."})

    @property
    def is_multi_day(self) -> bool:
        """Spans more than one day in the district's zone (a 4-9 PM session is one day, whatever UTC says)."""
        return timezone.localdate(self.ends_at) > timezone.localdate(self.starts_at)

    @property
    def where(self) -> str:
        parts = [p for p in (self.location, self.school.name if self.school_id else "") if p]
        return ", ".join(parts)


class SessionMaterial(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(max_length=200)
    url = models.URLField(max_length=500)

    class Meta:
        ordering = ["session", "title"]

    def __str__(self):
        return self.title


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    LATE = "late", "Late"
    EXCUSED = "excused", "Excused"
    ABSENT = "absent", "Absent"


# Statuses that count as having attended.
ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


class Attendance(TimeStampedModel):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["session", "person__last_name", "person__first_name"]
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="one_attendance_per_session")
        ]
        indexes = [models.Index(fields=["person", "status"])]

    def __str__(self):
        return f"{self.person} at {self.session}: {self.get_status_display()}"


class SessionFeedback(TimeStampedModel):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="feedback")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="session_feedback")
    rating = models.PositiveSmallIntegerField(help_text="1 (not useful) to 5 (very useful).")
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["session", "-created_at"]
        verbose_name_plural = "session feedback"
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="one_feedback_per_session"),
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"),
        ]

    def __str__(self):
        return f"{self.person} on {self.session}: {self.rating}/5"


class PDPlan(TimeStampedModel):
    """A leader's professional development plan for one school year."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="pd_plans")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="pd_plans")
    reflection = models.TextField(blank=True, help_text="The leader's own reflection on the year.")

    class Meta:
        ordering = ["-school_year__start_date", "person__last_name"]
        verbose_name = "PD plan"
        constraints = [models.UniqueConstraint(fields=["person", "school_year"], name="one_plan_per_year")]

    def __str__(self):
        return f"PD plan of {self.person} for {self.school_year}"


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    MET = "met", "Met"


class PlanGoal(TimeStampedModel):
    plan = models.ForeignKey(PDPlan, on_delete=models.CASCADE, related_name="goals")
    competency = models.ForeignKey(
        "competencies.Competency",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The competency this goal grows.",
    )
    goal = models.TextField(help_text="What the leader will do, and how they will know.")
    status = models.CharField(max_length=12, choices=GoalStatus.choices, default=GoalStatus.NOT_STARTED)

    class Meta:
        ordering = ["plan", "created_at"]

    def __str__(self):
        return f"{self.competency.code}: {self.goal[:60]}"


class PlanComment(TimeStampedModel):
    """A coach's, mentor's or staff member's comment on a plan."""

    plan = models.ForeignKey(PDPlan, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField()

    class Meta:
        ordering = ["plan", "created_at"]

    def __str__(self):
        return f"Comment by {self.author} on {self.plan}"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(TimeStampedModel):
    """A person's personal calendar feed: anyone with the secret URL sees that person's sessions."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)

    def __str__(self):
        return f"Calendar feed of {self.person}"

    def rotate(self):
        """Issue a new secret; the old URL stops working at once."""
        self.token = new_calendar_token()
        self.save(update_fields=["token", "updated_at"])
