"""Licensure support: employees pursuing state administrator licenses, and the monthly meetings that help.

LicenseType          a license (DESE Principal/Assistant Principal, Supervisor/Director ...) with its
                     checklist of Requirements. Both are data the licensure team maintains in the admin.
LicensePursuit       one employee working toward one license: target date, status, and per requirement a
                     RequirementProgress (status, amount done, Evidence files or links, the team's
                     verification). A requirement without a progress row is simply "not started", so a
                     requirement added later shows on every pursuit's checklist at once.
SupportGroup         a group of pursuers that an experienced district leader meets monthly in a school
                     year: GroupMembership, SupportMeeting (schedule, notes) and MeetingAttendance
                     (attended or not, and the next steps agreed with each participant).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from leaderdev.models import AUDIT_EXCLUDED, Person, SchoolYear, TimeStampedModel
from leaderdev.uploads import RandomName, UploadRule, get_private_storage

# --- Licenses and their requirements -------------------------------------------------------------------


class LicenseType(TimeStampedModel):
    """A license employees pursue; its requirements are its checklist."""

    name = models.CharField(max_length=160, unique=True)
    code = models.SlugField(max_length=40, unique=True)
    authority = models.CharField(
        max_length=120, default="DESE", help_text="Who grants it, e.g. DESE (the state education department)."
    )
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True, help_text="Off when no one may start pursuing it any more.")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class RequirementKind(models.TextChoices):
    COURSEWORK = "coursework", "Coursework"
    PRACTICUM = "practicum", "Practicum hours"
    PERFORMANCE_TASK = "performance_task", "Performance assessment task"
    TEST = "test", "Test"
    ENDORSEMENT = "endorsement", "Endorsement"
    OTHER = "other", "Other"


class Requirement(TimeStampedModel):
    """One item of a license's checklist."""

    license_type = models.ForeignKey(LicenseType, on_delete=models.CASCADE, related_name="requirements")
    kind = models.CharField(max_length=20, choices=RequirementKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="What counts, and what evidence the team needs.")
    order = models.PositiveSmallIntegerField(default=0)
    target_amount = models.DecimalField(
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="For a countable requirement, how much is needed (e.g. 500 practicum hours).",
    )
    unit = models.CharField(max_length=30, blank=True, help_text="e.g. hours, credits, tasks.")
    evidence_required = models.BooleanField(
        default=True, help_text="The team verifies it from an uploaded file or a link."
    )
    is_active = models.BooleanField(default=True, help_text="Off to retire it from every checklist.")

    class Meta:
        ordering = ["license_type", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["license_type", "title"], name="requirement_title_unique"),
            models.CheckConstraint(
                condition=Q(target_amount__isnull=True) | Q(unit__gt=""),
                name="requirement_amount_has_unit",
                violation_error_message="A requirement with an amount needs its unit (hours, credits ...).",
            ),
        ]

    def __str__(self):
        return self.title


# --- Pursuits and progress ---------------------------------------------------------------------------


class PursuitStatus(models.TextChoices):
    PLANNING = "planning", "Planning"
    IN_PROGRESS = "in_progress", "In progress"
    APPLIED = "applied", "Applied to the state"
    LICENSED = "licensed", "Licensed"
    PAUSED = "paused", "Paused"
    WITHDRAWN = "withdrawn", "Withdrawn"


ACTIVE_PURSUIT_STATUSES = (PursuitStatus.PLANNING, PursuitStatus.IN_PROGRESS, PursuitStatus.APPLIED)


class LicensePursuit(TimeStampedModel):
    """One employee working toward one license."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="license_pursuits")
    license_type = models.ForeignKey(LicenseType, on_delete=models.PROTECT, related_name="pursuits")
    status = models.CharField(max_length=20, choices=PursuitStatus.choices, default=PursuitStatus.PLANNING)
    started_on = models.DateField()
    target_date = models.DateField(help_text="When they mean to apply to the state.")
    licensed_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True, help_text="For the licensure team.")
    history = HistoricalRecords(excluded_fields=AUDIT_EXCLUDED)

    class Meta:
        ordering = ["person__last_name", "person__first_name", "license_type__name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "license_type"], name="pursue_a_license_once"),
            models.CheckConstraint(
                condition=Q(target_date__gte=models.F("started_on")), name="pursuit_target_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(status="licensed") | Q(licensed_on__isnull=False),
                name="licensed_pursuit_has_date",
                violation_error_message="A licensed pursuit needs the date of the license.",
            ),
        ]
        indexes = [models.Index(fields=["status", "target_date"])]

    def __str__(self):
        return f"{self.person}: {self.license_type}"

    def get_absolute_url(self):
        return reverse("licensure:pursuit_detail", args=[self.pk])

    def clean(self):
        if self.started_on and self.target_date and self.target_date < self.started_on:
            raise ValidationError({"target_date": "The target date cannot be before the start."})
        if self.status == PursuitStatus.LICENSED and not self.licensed_on:
            raise ValidationError({"licensed_on": "Give the date of the license."})

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_PURSUIT_STATUSES


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted for verification"
    VERIFIED = "verified", "Verified"
    RETURNED = "returned", "Returned for changes"


class RequirementProgress(TimeStampedModel):
    """Where one pursuit stands on one requirement. Only the licensure team verifies."""

    pursuit = models.ForeignKey(LicensePursuit, on_delete=models.CASCADE, related_name="progress")
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="progress")
    status = models.CharField(
        max_length=20, choices=ProgressStatus.choices, default=ProgressStatus.NOT_STARTED
    )
    amount_done = models.DecimalField(
        max_digits=7, decimal_places=1, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    completed_on = models.DateField(null=True, blank=True, help_text="When it was done (course passed ...).")
    note = models.TextField(blank=True, help_text="From the employee: what they did, where it stands.")
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    returned_reason = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords(excluded_fields=AUDIT_EXCLUDED)

    class Meta:
        verbose_name_plural = "requirement progress"
        ordering = ["requirement__order", "requirement__pk"]
        constraints = [
            models.UniqueConstraint(fields=["pursuit", "requirement"], name="one_progress_per_requirement"),
            models.CheckConstraint(
                condition=~Q(status="verified") | Q(verified_at__isnull=False),
                name="verified_progress_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.pursuit}: {self.requirement}"


EVIDENCE_RULE = UploadRule("pdf", "png", "jpeg", "docx", max_mb=10)


class Evidence(models.Model):
    """A file or a link that shows a requirement is met (a transcript, a score report, a certificate)."""

    progress = models.ForeignKey(RequirementProgress, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(
        upload_to=RandomName("licensure-evidence"),
        storage=get_private_storage,
        blank=True,
        validators=[EVIDENCE_RULE],
    )
    original_name = models.CharField(max_length=200, blank=True)
    link = models.URLField(blank=True, max_length=500, help_text="Or a link, e.g. to a score report.")
    description = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "evidence"
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(link="")) | (~Q(file="") & Q(link="")),
                name="evidence_is_a_file_or_a_link",
                violation_error_message="Give either a file or a link.",
            )
        ]

    def __str__(self):
        return self.description

    def get_absolute_url(self):
        return reverse("licensure:evidence_download", args=[self.pk])

    def clean(self):
        if bool(self.file) == bool(self.link):
            raise ValidationError("Upload a file or give a link (one of the two).")


# --- Monthly support meetings ---------------------------------------------------------------------------


class SupportGroup(TimeStampedModel):
    """Employees pursuing licensure who meet monthly with an experienced district leader."""

    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="licensure_groups")
    name = models.CharField(max_length=120)
    facilitators = models.ManyToManyField(
        Person,
        related_name="licensure_groups_led",
        help_text="Experienced district leaders who run the meetings.",
    )
    members = models.ManyToManyField(
        Person, through="GroupMembership", related_name="licensure_groups", blank=True
    )
    usual_time = models.CharField(
        max_length=120, blank=True, help_text="e.g. “Second Wednesday, 4:00-5:30 pm, Bolling Building”."
    )

    class Meta:
        ordering = ["-school_year__start_date", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "name"], name="support_group_name_unique")
        ]

    def __str__(self):
        return f"{self.name} ({self.school_year})"

    def get_absolute_url(self):
        return reverse("licensure:group_detail", args=[self.pk])


class GroupMembership(models.Model):
    group = models.ForeignKey(SupportGroup, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="licensure_memberships")
    joined_on = models.DateField()

    class Meta:
        ordering = ["person__last_name", "person__first_name"]
        constraints = [models.UniqueConstraint(fields=["group", "person"], name="join_a_group_once")]

    def __str__(self):
        return f"{self.person} in {self.group}"


class SupportMeeting(TimeStampedModel):
    group = models.ForeignKey(SupportGroup, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    agenda = models.TextField(blank=True)
    notes = models.TextField(blank=True, help_text="What the group worked on; seen by the group.")

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["group", "starts_at"], name="one_meeting_per_group_time"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.group.name}, {self.starts_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("licensure:meeting_detail", args=[self.pk])

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "A meeting must end after it starts."})


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    EXCUSED = "excused", "Excused"
    ABSENT = "absent", "Absent"


class MeetingAttendance(TimeStampedModel):
    """A participant at one meeting: whether they came, and the next steps agreed with them."""

    meeting = models.ForeignKey(SupportMeeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="licensure_attendance")
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices)
    next_steps = models.TextField(blank=True)

    class Meta:
        ordering = ["person__last_name", "person__first_name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="attend_a_meeting_once")]

    def __str__(self):
        return f"{self.person} at {self.meeting}"
