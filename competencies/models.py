"""Leader competency frameworks, assessments against them, and the school implementation rubric.

Framework           a named framework, e.g. "Unified Set of BPS Leader Competencies".
FrameworkVersion    one version of it (draft, active or retired); at most one is active at a time.
Domain, Competency  a version's content: domains numbered 1..n, competencies numbered within their
                    domain, so "3.4" is domain 3, competency 4. A version's content is edited only while
                    it is a draft; publishing a new version copies the old one (services.draft_next_version).
ProficiencyScale    the levels a version is rated on (default: 4 levels).
Assessment, Rating  one person rated against one version by someone (self, coach, mentor, supervisor);
                    assessments keep pointing at the version they used after a newer one is published.
ImplementationSystem, ImplementationRating
                    the network's implementation framework: systems a school needs, each rated per
                    school and school year; every rating is kept, the latest is the current one.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from leaderdev.models import Person, School, SchoolYear, TimeStampedModel

from .tagging import CompetenciesField


class Framework(TimeStampedModel):
    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def active_version(self):
        return self.versions.filter(status=VersionStatus.ACTIVE).first()


class ProficiencyScale(TimeStampedModel):
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ProficiencyLevel(models.Model):
    scale = models.ForeignKey(ProficiencyScale, on_delete=models.CASCADE, related_name="levels")
    value = models.PositiveSmallIntegerField(help_text="1 is the lowest level.")
    label = models.CharField(max_length=60)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["scale", "value"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "value"], name="unique_level_value_per_scale"),
            models.UniqueConstraint(fields=["scale", "label"], name="unique_level_label_per_scale"),
        ]

    def __str__(self):
        return f"{self.value} · {self.label}"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    RETIRED = "retired", "Retired"


# The only moves a version's status may make (see services.publish).
VERSION_TRANSITIONS = {
    VersionStatus.DRAFT: {VersionStatus.ACTIVE},
    VersionStatus.ACTIVE: {VersionStatus.RETIRED},
    VersionStatus.RETIRED: set(),
}


READ_ONLY_VERSION = "{version} is published: its content is read-only. Start the next version to change it."


class FrameworkVersionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=VersionStatus.ACTIVE)


class FrameworkVersion(TimeStampedModel):
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="versions")
    label = models.CharField("version", max_length=40, help_text='For example "4" or "2027".')
    status = models.CharField(max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    description = models.TextField(
        blank=True, help_text="The framing: why these competencies, what they are for."
    )
    scale = models.ForeignKey(ProficiencyScale, on_delete=models.PROTECT, related_name="versions")
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The version this one was copied from.",
    )
    published_on = models.DateField(null=True, blank=True)
    retired_on = models.DateField(null=True, blank=True)

    objects = FrameworkVersionQuerySet.as_manager()

    class Meta:
        ordering = ["framework", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "label"], name="unique_version_label"),
            models.UniqueConstraint(
                fields=["framework"], condition=Q(status="active"), name="one_active_version_per_framework"
            ),
        ]

    def __str__(self):
        return f"{self.framework}, version {self.label}"

    @property
    def is_editable(self) -> bool:
        """Only a draft's content may change; active and retired versions are the record."""
        return self.status == VersionStatus.DRAFT


class Domain(TimeStampedModel):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="domains")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["version", "number"]
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="unique_domain_number")]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def clean(self):
        if self.version_id and not self.version.is_editable:
            raise ValidationError(READ_ONLY_VERSION.format(version=self.version))


class CompetencyQuerySet(models.QuerySet):
    def with_code(self):
        """Load the domain with each competency, so `code` costs no query."""
        return self.select_related("domain").order_by("domain__number", "number")

    def of_version(self, version):
        return self.filter(domain__version=version).with_code()

    def by_code(self, version, code: str):
        """The competency "3.4" of a version, or DoesNotExist."""
        domain_number, _, number = code.partition(".")
        return self.get(domain__version=version, domain__number=int(domain_number), number=int(number))


class Competency(TimeStampedModel):
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="competencies")
    number = models.PositiveSmallIntegerField(help_text="Its place within the domain: 4 in 3.4.")
    statement = models.TextField()
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        help_text="The same competency in the version this one was copied from.",
    )

    objects = CompetencyQuerySet.as_manager()

    class Meta:
        ordering = ["domain__number", "number"]
        verbose_name_plural = "competencies"
        constraints = [models.UniqueConstraint(fields=["domain", "number"], name="unique_competency_number")]

    def __str__(self):
        return f"{self.code} {self.short_statement}"

    def clean(self):
        if self.domain_id and not self.domain.version.is_editable:
            raise ValidationError(READ_ONLY_VERSION.format(version=self.domain.version))

    @property
    def code(self) -> str:
        return f"{self.domain.number}.{self.number}"

    @property
    def short_statement(self) -> str:
        return self.statement if len(self.statement) <= 80 else self.statement[:77].rstrip() + "…"


class AssessmentKind(models.TextChoices):
    SELF = "self", "Self-assessment"
    COACH = "coach", "Coach"
    MENTOR = "mentor", "Mentor"
    SUPERVISOR = "supervisor", "Supervisor"


class Assessment(TimeStampedModel):
    """One person rated against one framework version, by themselves or by someone who works with them."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="competency_assessments")
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="assessments")
    kind = models.CharField(max_length=12, choices=AssessmentKind.choices)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assessed_on = models.DateField()
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-assessed_on", "-created_at"]
        indexes = [models.Index(fields=["person", "assessed_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.person} on {self.assessed_on}"


class Rating(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="ratings")
    level = models.PositiveSmallIntegerField(help_text="A value of the version's proficiency scale.")
    evidence = models.TextField(blank=True)

    class Meta:
        ordering = ["competency__domain__number", "competency__number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "competency"], name="one_rating_per_competency"),
            models.CheckConstraint(condition=Q(level__gte=1), name="rating_level_positive"),
        ]

    def __str__(self):
        return f"{self.competency.code}: {self.level}"

    def clean(self):
        """A rating belongs to its assessment's version and sits on that version's scale.

        In the admin's add view the assessment is not saved yet but already knows its version.
        """
        if self.competency_id is None:
            return
        try:
            assessment = self.assessment
        except Assessment.DoesNotExist:
            return
        if assessment.version_id is None:
            return
        version = assessment.version
        if self.competency.domain.version_id != version.pk:
            raise ValidationError({"competency": f"This competency is not part of {version}."})
        levels = list(version.scale.levels.values_list("value", flat=True))
        if self.level not in levels:
            raise ValidationError(
                {"level": f"Choose a level from {min(levels)} to {max(levels)} of {version.scale}."}
                if levels
                else {"level": f"{version.scale} has no levels yet."}
            )


# --- School implementation rubric ------------------------------------------------------------------


class ImplementationSystem(TimeStampedModel):
    """A system every school needs (instructional leadership team, data cycles, culture, operations ...)."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    competencies = CompetenciesField(help_text="The leader competencies this system relies on.")

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class ImplementationLevel(models.IntegerChoices):
    NOT_YET_BEGUN = 0, "Not Yet Begun"
    BEGINNING = 1, "Beginning"
    PARTIAL = 2, "Partial Implementation"
    FULL = 3, "Full Implementation"


class ImplementationRating(TimeStampedModel):
    """A school's level on one system in one school year. Ratings are never edited: a new one is added."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="implementation_ratings")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+")
    system = models.ForeignKey(ImplementationSystem, on_delete=models.PROTECT, related_name="ratings")
    level = models.PositiveSmallIntegerField(choices=ImplementationLevel.choices)
    notes = models.TextField(blank=True)
    rated_on = models.DateField()
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-rated_on", "-created_at"]
        indexes = [models.Index(fields=["school", "school_year", "system", "-rated_on"])]

    def __str__(self):
        return f"{self.school} · {self.system} · {self.get_level_display()}"
