"""The Aspiring Principal Fellowship: a year-long residency that prepares district employees to lead.

Cohort            one school year's fellowship: places, application window, required residency hours,
                  the milestones every residency follows (CohortMilestone).
FellowshipApplication
                  a district employee's application: essays, a supervisor's Recommendation, and a status
                  that moves through APPLICATION_TRANSITIONS (every move kept in ApplicationStatusChange).
Fellow            a selected applicant for the cohort's year: growth areas, languages and the public
                  profile they opt into ("Meet our fellows"), the end-of-year readiness decision and the
                  recruitment pool application it leads to.
Host              a principal or head of school who hosts fellows in the cohort's year, with capacity.
PlacementProposal the matching engine's proposed fellow-host pairs (mentoring.matching), explained,
                  until staff approve them into Residencies.
Residency         a fellow's year with one host at the host's school: milestones, weekly hours with
                  competencies practised and the host's sign-off, the fellow's reflections.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from competencies.tagging import CompetenciesField
from leaderdev.models import AUDIT_EXCLUDED, Person, School, SchoolYear, TimeStampedModel
from leaderdev.uploads import RandomName, UploadRule, get_private_storage
from mentoring.models import validate_languages

# --- Cohorts ---------------------------------------------------------------------------------------------


class Cohort(TimeStampedModel):
    """One school year's Aspiring Principal Fellowship: its fellows do their residency that year."""

    school_year = models.OneToOneField(
        SchoolYear,
        on_delete=models.PROTECT,
        related_name="fellowship_cohort",
        help_text="The year of the residency; fellows step into leadership roles the year after.",
    )
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=40, unique=True, help_text="For the public page's address.")
    places = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(60)], help_text="How many fellows it selects."
    )
    applications_open_on = models.DateField()
    applications_close_on = models.DateField()
    required_hours = models.PositiveSmallIntegerField(
        default=500,
        validators=[MinValueValidator(1), MaxValueValidator(2000)],
        help_text="Residency hours a fellow must log (DESE's practicum asks for 500).",
    )
    residency_starts_on = models.DateField()
    residency_ends_on = models.DateField()
    public_intro = models.TextField(
        blank=True, help_text="The opening paragraph of the public “Meet our fellows” page."
    )
    is_public = models.BooleanField(
        default=False, help_text="Publish the “Meet our fellows” page (only fellows who opted in appear)."
    )

    class Meta:
        ordering = ["-residency_starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(applications_close_on__gte=models.F("applications_open_on")),
                name="cohort_applications_close_after_open",
            ),
            models.CheckConstraint(
                condition=Q(residency_ends_on__gt=models.F("residency_starts_on")),
                name="cohort_residency_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(places__gte=1), name="cohort_has_places"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        opens, closes = self.applications_open_on, self.applications_close_on
        if opens and closes and closes < opens:
            errors["applications_close_on"] = "Applications must close on or after the day they open."
        if (
            self.residency_starts_on
            and self.residency_ends_on
            and self.residency_ends_on <= self.residency_starts_on
        ):
            errors["residency_ends_on"] = "The residency must end after it starts."
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self):
        return reverse("fellowships:cohort_detail", args=[self.pk])

    def applications_open(self, day: datetime.date) -> bool:
        return self.applications_open_on <= day <= self.applications_close_on

    @property
    def residency_weeks(self) -> int:
        return max(1, (self.residency_ends_on - self.residency_starts_on).days // 7)


class CohortMilestone(TimeStampedModel):
    """A milestone every residency of the cohort follows (copied into each residency when placed)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=160)
    description = models.TextField(blank=True)
    due_on = models.DateField()
    competencies = CompetenciesField(help_text="What this milestone practises.")

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "title"], name="cohort_milestone_title_unique")
        ]

    def __str__(self):
        return self.title


# --- Applications and selection -----------------------------------------------------------------------


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    SCREENING = "screening", "Screening"
    INTERVIEW = "interview", "Interview"
    SELECTED = "selected", "Selected"
    WAITLISTED = "waitlisted", "Waitlisted"
    NOT_SELECTED = "not_selected", "Not selected"
    WITHDRAWN = "withdrawn", "Withdrawn"


# The allowed moves of an application, in one table. Selecting is limited by the cohort's places.
APPLICATION_TRANSITIONS = {
    ApplicationStatus.SUBMITTED: {
        ApplicationStatus.SCREENING,
        ApplicationStatus.NOT_SELECTED,
        ApplicationStatus.WITHDRAWN,
    },
    ApplicationStatus.SCREENING: {
        ApplicationStatus.INTERVIEW,
        ApplicationStatus.NOT_SELECTED,
        ApplicationStatus.WITHDRAWN,
    },
    ApplicationStatus.INTERVIEW: {
        ApplicationStatus.SELECTED,
        ApplicationStatus.WAITLISTED,
        ApplicationStatus.NOT_SELECTED,
        ApplicationStatus.WITHDRAWN,
    },
    ApplicationStatus.WAITLISTED: {
        ApplicationStatus.SELECTED,
        ApplicationStatus.NOT_SELECTED,
        ApplicationStatus.WITHDRAWN,
    },
    ApplicationStatus.SELECTED: {ApplicationStatus.WITHDRAWN},
    ApplicationStatus.NOT_SELECTED: {ApplicationStatus.SCREENING},
    ApplicationStatus.WITHDRAWN: set(),
}
# Moves that need a written reason (the applicant may ask why).
DECISION_REASON_REQUIRED = {
    ApplicationStatus.NOT_SELECTED,
    ApplicationStatus.WITHDRAWN,
    ApplicationStatus.WAITLISTED,
}
OPEN_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.SCREENING,
    ApplicationStatus.INTERVIEW,
    ApplicationStatus.WAITLISTED,
)
ESSAY_WORDS = 500


class FellowshipApplication(TimeStampedModel):
    """A district employee's application to a cohort."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="applications")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="fellowship_applications")
    supervisor = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="fellowship_recommendations_asked",
        help_text="Your principal or supervisor, who writes your recommendation.",
    )
    why_principal = models.TextField(
        "Why do you want to become a principal?", help_text=f"Up to {ESSAY_WORDS} words."
    )
    leadership_experience = models.TextField(
        "Describe a time you led adults to improve outcomes for students.",
        help_text=f"Up to {ESSAY_WORDS} words.",
    )
    equity_commitment = models.TextField(
        "How have you advanced racial equity in your school?", help_text=f"Up to {ESSAY_WORDS} words."
    )
    status = models.CharField(
        max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    decision_reason = models.CharField(max_length=300, blank=True)
    screening_score = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="The selection committee's rubric total, 0-100.",
    )
    history = HistoricalRecords(excluded_fields=AUDIT_EXCLUDED)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "person"], name="apply_to_a_cohort_once"),
            models.CheckConstraint(
                condition=~Q(person=models.F("supervisor")), name="fellowship_supervisor_is_someone_else"
            ),
        ]
        indexes = [models.Index(fields=["cohort", "status"])]

    def __str__(self):
        return f"{self.person} ({self.cohort})"

    def get_absolute_url(self):
        return reverse("fellowships:application_detail", args=[self.pk])

    @property
    def allowed_moves(self) -> list[str]:
        return [s for s in ApplicationStatus.values if s in APPLICATION_TRANSITIONS[self.status]]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ApplicationStatusChange(models.Model):
    """One move of an application's status: who, when, why."""

    application = models.ForeignKey(
        FellowshipApplication, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ApplicationStatus.choices)
    reason = models.CharField(max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.application}: {self.from_status or '-'} -> {self.to_status}"


class Endorsement(models.TextChoices):
    STRONG = "strong", "Recommend strongly"
    RECOMMEND = "recommend", "Recommend"
    RESERVATIONS = "reservations", "Recommend with reservations"
    DO_NOT = "do_not", "Do not recommend"


class Recommendation(TimeStampedModel):
    """The supervisor's recommendation of an applicant (written by the supervisor, or entered by staff)."""

    application = models.OneToOneField(
        FellowshipApplication, on_delete=models.CASCADE, related_name="recommendation"
    )
    endorsement = models.CharField(max_length=20, choices=Endorsement.choices)
    text = models.TextField(
        "recommendation", help_text="The applicant's readiness to lead adults, with an example or two."
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=AUDIT_EXCLUDED)

    def __str__(self):
        return f"Recommendation for {self.application}"


# --- Fellows and hosts -----------------------------------------------------------------------------


class FellowStatus(models.TextChoices):
    ACTIVE = "active", "In residency"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Readiness(models.TextChoices):
    READY = "ready", "Ready to lead a school"
    READY_AS_AP = "ready_as_ap", "Ready for an assistant principal role"
    NOT_YET = "not_yet", "Not yet ready"


PHOTO_RULE = UploadRule("png", "jpeg", "webp", max_mb=5)


class Fellow(TimeStampedModel):
    """A selected applicant, for the cohort's residency year."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="fellows")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="fellowships")
    application = models.OneToOneField(FellowshipApplication, on_delete=models.PROTECT, related_name="fellow")
    status = models.CharField(max_length=20, choices=FellowStatus.choices, default=FellowStatus.ACTIVE)
    growth_areas = CompetenciesField(help_text="The competencies they most want to practise in residency.")
    languages = models.JSONField(default=list, blank=True, validators=[validate_languages])

    # The public "Meet our fellows" profile: nothing shows unless the fellow opts in, and then only what
    # they tick. Their name is shown whenever they opt in.
    public_opt_in = models.BooleanField("show me on “Meet our fellows”", default=False)
    show_photo = models.BooleanField("show my photo", default=False)
    show_school = models.BooleanField("show my school", default=False)
    show_bio = models.BooleanField("show my short bio", default=False)
    photo = models.ImageField(
        upload_to=RandomName("fellow-photos"),
        storage=get_private_storage,
        blank=True,
        validators=[PHOTO_RULE],
    )
    bio = models.TextField("short bio", max_length=600, blank=True)

    # End of year.
    readiness = models.CharField(max_length=20, choices=Readiness.choices, blank=True)
    readiness_rationale = models.TextField(blank=True)
    readiness_decided_at = models.DateTimeField(null=True, blank=True)
    readiness_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pool_application = models.OneToOneField(
        "recruitment.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fellow",
        help_text="Their place in next year's recruitment pool.",
    )

    class Meta:
        ordering = ["person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "person"], name="one_fellowship_per_cohort"),
        ]

    def __str__(self):
        return f"{self.person} (fellow {self.cohort.school_year})"

    def get_absolute_url(self):
        return reverse("fellowships:fellow_detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.public_opt_in and self.status != FellowStatus.WITHDRAWN


class HostStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    CONFIRMED = "confirmed", "Confirmed"
    DECLINED = "declined", "Declined"


class Host(TimeStampedModel):
    """A principal or head of school who hosts fellows at their school in the cohort's year."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="hosts")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="fellowship_hostings")
    status = models.CharField(max_length=20, choices=HostStatus.choices, default=HostStatus.INVITED)
    capacity = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(3)], help_text="Fellows they can host."
    )
    strengths = CompetenciesField(help_text="What a fellow can learn best from them.")
    languages = models.JSONField(default=list, blank=True, validators=[validate_languages])
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "person"], name="host_once_per_cohort"),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=3), name="host_capacity_1_to_3"
            ),
        ]

    def __str__(self):
        return f"{self.person} (host {self.cohort.school_year})"


class HostPreference(models.Model):
    """A fellow's ranked wish for a host (1 = first choice), weighed by the matching."""

    fellow = models.ForeignKey(Fellow, on_delete=models.CASCADE, related_name="host_preferences")
    host = models.ForeignKey(Host, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(3)])

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["fellow", "host"], name="rank_a_host_once"),
            models.UniqueConstraint(fields=["fellow", "rank"], name="one_host_per_rank"),
        ]

    def __str__(self):
        return f"{self.fellow}: #{self.rank} {self.host}"


class PlacementProposal(models.Model):
    """One pair of the cohort's latest matching, with its score broken down by criterion."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="proposals")
    fellow = models.OneToOneField(Fellow, on_delete=models.CASCADE, related_name="proposal")
    host = models.ForeignKey(Host, on_delete=models.CASCADE, related_name="proposals")
    score = models.FloatField()
    breakdown = models.JSONField(default=dict)
    pinned = models.BooleanField(default=False, help_text="Kept as it is when the matching runs again.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score", "pk"]

    def __str__(self):
        return f"{self.fellow.person} with {self.host.person}"


# --- Residencies -----------------------------------------------------------------------------------


class Residency(TimeStampedModel):
    """A fellow's residency year with one host. One per fellow (so one host per fellow per year)."""

    fellow = models.OneToOneField(Fellow, on_delete=models.CASCADE, related_name="residency")
    host = models.ForeignKey(Host, on_delete=models.PROTECT, related_name="residencies")
    # The host's school when the residency began: kept, because a host who moves schools mid-year does
    # not move the residency's history with them.
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="residencies")
    started_on = models.DateField()
    match_score = models.FloatField(null=True, blank=True)
    match_breakdown = models.JSONField(default=dict, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "residencies"
        ordering = ["fellow__person__last_name"]

    def __str__(self):
        return f"{self.fellow.person} at {self.school}"

    def get_absolute_url(self):
        return reverse("fellowships:residency_detail", args=[self.pk])


class Milestone(TimeStampedModel):
    """One milestone of a residency, usually copied from the cohort's list."""

    residency = models.ForeignKey(Residency, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=160)
    description = models.TextField(blank=True)
    due_on = models.DateField()
    competencies = CompetenciesField()
    completed_on = models.DateField(null=True, blank=True, help_text="When the fellow finished it.")
    evidence_note = models.TextField(blank=True, help_text="What the fellow did, in a few lines.")
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["residency", "title"], name="residency_milestone_title_unique"),
            models.CheckConstraint(
                condition=Q(signed_off_at__isnull=True) | Q(completed_on__isnull=False),
                name="milestone_signed_off_only_when_completed",
            ),
        ]

    def __str__(self):
        return self.title


MAX_WEEKLY_HOURS = Decimal("60")


class HoursEntry(TimeStampedModel):
    """The hours a fellow spent in residency in one week (Monday to Sunday), and what they practised."""

    residency = models.ForeignKey(Residency, on_delete=models.CASCADE, related_name="hours")
    week_of = models.DateField(help_text="The Monday of the week.")
    hours = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(MAX_WEEKLY_HOURS)],
    )
    activities = models.TextField(help_text="What you led, observed or practised this week.")
    competencies = CompetenciesField(help_text="The competencies you practised.")
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-week_of"]
        verbose_name_plural = "hours entries"
        constraints = [
            models.UniqueConstraint(fields=["residency", "week_of"], name="one_hours_entry_per_week"),
            models.CheckConstraint(
                condition=Q(hours__gte=Decimal("0.5"), hours__lte=MAX_WEEKLY_HOURS),
                name="weekly_hours_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.hours} h, week of {self.week_of}"

    def clean(self):
        if self.week_of and self.week_of.weekday() != 0:
            raise ValidationError({"week_of": "Give the Monday of the week."})

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off_at is not None


class Reflection(TimeStampedModel):
    """A fellow's written reflection on their residency."""

    residency = models.ForeignKey(Residency, on_delete=models.CASCADE, related_name="reflections")
    written_on = models.DateField()
    title = models.CharField(max_length=160)
    body = models.TextField()
    competencies = CompetenciesField()
    shared_with_host = models.BooleanField(
        default=True, help_text="Your host principal can read it. Office staff always can."
    )

    class Meta:
        ordering = ["-written_on", "-pk"]

    def __str__(self):
        return self.title
