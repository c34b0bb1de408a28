"""The district itself: the shared schema every app of LeaderDev builds on.

User        a login (by e-mail); most people in the district have none.
Network     a learning network of schools, with its own support team.
NetworkSupportMember  a central-office staff member on a network's support team (a senior director
            who coaches its principals, say): they see its schools' teams and plans.
School      a school, with its level and network.
SchoolYear  the district's school years; exactly one is current.
Person      a staff member of the district: position, leadership tier, school and the date they
            started in their role, from which "first-year" and "second-year" leader are derived.
"""

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from simple_history.models import HistoricalRecords


class TimeStampedModel(models.Model):
    """created_at / updated_at for every model of the project."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


#: Fields the audit history (django-simple-history) leaves out: they change on every save and say
#: nothing about what a person changed.
AUDIT_EXCLUDED = ["updated_at"]


# --- Users -------------------------------------------------------------------------------------------


class UserManager(BaseUserManager):
    """Users are found and created by e-mail, compared without regard to case."""

    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("A user needs an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        if not (extra["is_staff"] and extra["is_superuser"]):
            raise ValueError("A superuser must have is_staff and is_superuser.")
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A login. People log in with their e-mail address; there is no username."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=150, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


# --- The district ------------------------------------------------------------------------------------


class Network(TimeStampedModel):
    """A learning network: a group of schools with a shared support team."""

    name = models.CharField(max_length=120, unique=True)
    code = models.SlugField(max_length=40, unique=True, help_text="Short code used in HR exports.")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class NetworkSupportMember(TimeStampedModel):
    """A central-office staff member on a network's support team.

    Network staff coach and support the network's principals, so they see its schools' leadership teams,
    improvement initiatives and Call-to-Action plans. Someone may support several networks.
    """

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="support_team")
    person = models.ForeignKey("Person", on_delete=models.CASCADE, related_name="network_support_roles")
    title = models.CharField(max_length=120, blank=True, help_text='For example "Senior director".')

    class Meta:
        ordering = ["network", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "person"], name="unique_network_support_member")
        ]

    def __str__(self):
        title = f", {self.title}" if self.title else ""
        return f"{self.person}{title} ({self.network})"


class SchoolLevel(models.TextChoices):
    ELEMENTARY = "elementary", "Elementary"
    MIDDLE = "middle", "Middle"
    K8 = "k8", "K-8"
    HIGH = "high", "High"


class School(TimeStampedModel):
    """A school of the district."""

    code = models.CharField(max_length=20, unique=True, help_text="District school code, as in HR exports.")
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=20, choices=SchoolLevel.choices)
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="schools")
    # Where the building is, for travel between schools (mentor matching). Optional: unknown is neutral.
    latitude = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["network", "level"])]

    def __str__(self):
        return self.name


class SchoolYearQuerySet(models.QuerySet):
    def current(self):
        """The current school year, or None when staff have not marked one."""
        return self.filter(is_current=True).first()


class SchoolYear(TimeStampedModel):
    """A school year, e.g. 2026-2027. Exactly one is current; the database enforces at most one."""

    name = models.CharField(max_length=20, unique=True, help_text='For example "2026-2027".')
    start_date = models.DateField(unique=True)
    end_date = models.DateField()
    is_current = models.BooleanField(default=False)

    objects = SchoolYearQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_school_year"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")), name="school_year_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": "A school year must end after it starts."})

    @property
    def leadership_year(self) -> int:
        """The calendar year in which this school year's leadership year begins (see leadership_year_of)."""
        return leadership_year_of(self.start_date)

    def make_current(self):
        """Mark this year current and every other year not, in one transaction."""
        from django.db import transaction

        with transaction.atomic():
            SchoolYear.objects.filter(is_current=True).exclude(pk=self.pk).update(is_current=False)
            self.is_current = True
            self.save(update_fields=["is_current", "updated_at"])


def leadership_year_of(day: datetime.date) -> int:
    """The year a leadership (school) year starts in, for a date: July 2026-June 2027 -> 2026."""
    return day.year if day.month >= settings.SCHOOL_YEAR_START_MONTH else day.year - 1


def leadership_year_start(year: int) -> datetime.date:
    return datetime.date(year, settings.SCHOOL_YEAR_START_MONTH, 1)


class Position(models.TextChoices):
    PRINCIPAL = "principal", "Principal"
    HEAD_OF_SCHOOL = "head_of_school", "Head of school"
    ASSISTANT_PRINCIPAL = "assistant_principal", "Assistant principal"
    ADMIN_TEAM_MEMBER = "admin_team_member", "Admin team member"
    TEACHER_LEADER = "teacher_leader", "Teacher leader"
    CENTRAL_OFFICE = "central_office", "Central office"


# The positions the Office develops as school leaders (its new-leader programs, mentoring, convenings).
SCHOOL_LEADER_NEEDS_SCHOOL = "Principals, heads of school, APs and admin team members need a school."
SCHOOL_LEADER_POSITIONS = (
    Position.PRINCIPAL,
    Position.HEAD_OF_SCHOOL,
    Position.ASSISTANT_PRINCIPAL,
    Position.ADMIN_TEAM_MEMBER,
)


class LeadershipTier(models.TextChoices):
    BUILDING_ADMINISTRATOR = "building_administrator", "Building administrator"
    EMERGING_LEADER = "emerging_leader", "Emerging leader"
    LEAD_LEARNER = "lead_learner", "Lead learner"


class PersonQuerySet(models.QuerySet):
    def school_leaders(self):
        """Principals, heads of school, assistant principals and admin team members."""
        return self.filter(position__in=SCHOOL_LEADER_POSITIONS)

    def in_year_of_role(self, school_year: SchoolYear, years=(1, 2)):
        """People who are in year 1, 2, ... of their role during `school_year` (years is a range).

        Derived from role_start_date: year N of the role started in the leadership year N-1 years
        before the school year's. A role that starts after the school year ends is in no year of it.
        """
        first = leadership_year_start(school_year.leadership_year - max(years) + 1)
        last = leadership_year_start(school_year.leadership_year - min(years) + 2)
        return self.filter(role_start_date__gte=first, role_start_date__lt=last).filter(
            role_start_date__lte=school_year.end_date
        )

    def new_leaders(self, school_year: SchoolYear):
        """First- and second-year school leaders of a school year: the Office's new-leader population."""
        return self.school_leaders().in_year_of_role(school_year, years=(1, 2)).filter(is_active=True)


class Person(TimeStampedModel):
    """A staff member of the district. Most have no login; those who use LeaderDev link one."""

    employee_id = models.CharField(max_length=20, unique=True, help_text="HR employee number.")
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    email = models.EmailField("work e-mail", unique=True)
    phone = models.CharField(max_length=40, blank=True)
    position = models.CharField(max_length=30, choices=Position.choices)
    tier = models.CharField("leadership tier", max_length=30, choices=LeadershipTier.choices, blank=True)
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text="Empty for central-office staff.",
    )
    role_start_date = models.DateField(help_text="The date this person started in their current position.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="person"
    )
    is_active = models.BooleanField(default=True, help_text="Off when the person leaves the district.")
    history = HistoricalRecords(excluded_fields=AUDIT_EXCLUDED)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "people"
        indexes = [
            models.Index(fields=["position", "role_start_date"]),
            models.Index(fields=["last_name", "first_name"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(position__in=SCHOOL_LEADER_POSITIONS) | Q(school__isnull=False),
                name="school_leader_has_school",
                violation_error_message=SCHOOL_LEADER_NEEDS_SCHOOL,
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("admin:leaderdev_person_change", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_school_leader(self) -> bool:
        return self.position in SCHOOL_LEADER_POSITIONS

    def clean(self):
        if self.position in SCHOOL_LEADER_POSITIONS and not self.school_id:
            raise ValidationError(
                {"school": "Principals, heads of school, APs and admin team members need a school."}
            )

    def year_in_role(self, school_year: SchoolYear | None = None) -> int | None:
        """Which year of their role this person is in during `school_year` (the current one by default).

        1 for a first-year leader, 2 for a second-year leader; None when the role starts after that
        school year ends or no school year is known.
        """
        if school_year is None:
            school_year = SchoolYear.objects.current()
        if school_year is None or self.role_start_date > school_year.end_date:
            return None
        return school_year.leadership_year - leadership_year_of(self.role_start_date) + 1

    @property
    def is_new_leader(self) -> bool:
        """First- or second-year school leader in the current school year."""
        return self.is_school_leader and self.year_in_role() in (1, 2)


# Notifications live in their own module; importing them here registers them with the leaderdev app.
from .notifications.models import (  # noqa: E402, F401
    Notification,
    NotificationPreference,
    NotificationStatus,
    OutboxTask,
)
