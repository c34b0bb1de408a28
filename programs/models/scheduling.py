"""Convening scheduling: a series of sessions described as a rule, and the school year's blackout dates.

BlackoutDate   a day or a run of days of a school year when nothing is scheduled: a holiday, a vacation
               week, a testing window (MCAS). A one-day blackout starts and ends on the same day.
SessionSeries  a rule that generates an offering's sessions for its school year: "the second Tuesday of
               each month, September to June" (Leadership Conference) or "four times a year, spread
               evenly" (level-alike meetings), at a time, for a length, at a place or rotating through
               host schools.
SeriesHost     a host school of a series, in the order of the rotation: occurrence k is hosted by the
               host at position (k - 1) mod n.

The dates themselves are worked out by programs.services.scheduling, which also writes the sessions:
each generated Session carries its series and occurrence number, unique together, so an occurrence is
never generated twice.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from leaderdev.models import School, SchoolYear, TimeStampedModel

from .pd import Offering

__all__ = [
    "NTH_CHOICES",
    "BlackoutDate",
    "BlackoutKind",
    "SeriesHost",
    "SeriesPattern",
    "SessionSeries",
    "Weekday",
]


class BlackoutKind(models.TextChoices):
    HOLIDAY = "holiday", "Holiday or vacation"
    TESTING = "testing", "Testing window"
    OTHER = "other", "Other"


class BlackoutDate(TimeStampedModel):
    """Days of a school year when no session is scheduled (weekends never are, so they need no row)."""

    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="blackout_dates")
    start_date = models.DateField()
    end_date = models.DateField(help_text="The same as the start for a one-day blackout.")
    kind = models.CharField(max_length=10, choices=BlackoutKind.choices, default=BlackoutKind.HOLIDAY)
    reason = models.CharField(max_length=160, help_text='For example "Thanksgiving" or "MCAS ELA testing".')

    class Meta:
        ordering = ["school_year", "start_date"]
        indexes = [models.Index(fields=["school_year", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="blackout_ends_on_or_after_start"
            )
        ]

    def __str__(self):
        if self.start_date == self.end_date:
            return f"{self.reason} ({self.start_date:%b %-d, %Y})"
        return f"{self.reason} ({self.start_date:%b %-d} to {self.end_date:%b %-d, %Y})"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "A blackout cannot end before it starts."})

    def covers(self, day) -> bool:
        return self.start_date <= day <= self.end_date


class SeriesPattern(models.TextChoices):
    MONTHLY_NTH_WEEKDAY = "monthly_nth_weekday", "The nth weekday of each month"
    SPREAD = "spread", "N times a year, spread evenly over the year"


class Weekday(models.IntegerChoices):
    """Python's numbering (date.weekday()): Monday is 0."""

    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


NTH_CHOICES = [(1, "First"), (2, "Second"), (3, "Third"), (4, "Fourth"), (5, "Fifth"), (-1, "Last")]

_MONTHS = [(n, name) for n, name in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"],
    start=1,
)]  # fmt: skip


def school_year_month_order(month: int) -> int:
    """Where `month` falls in a school year (0 for the month a school year starts in, July)."""
    return (month - settings.SCHOOL_YEAR_START_MONTH) % 12


class SessionSeries(TimeStampedModel):
    """A rule that generates an offering's sessions in its school year (see the module docstring).

    Both patterns use first_month and last_month: the monthly pattern meets in each month of that range;
    the spread pattern spreads its meetings over it. Editing the rule and generating again moves the
    future sessions; past sessions and any session with attendance stay as they are.
    """

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="series")
    title = models.CharField(max_length=200, help_text="Each generated session's title.")
    pattern = models.CharField(max_length=24, choices=SeriesPattern.choices)
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, default=Weekday.TUESDAY)
    nth = models.SmallIntegerField(
        choices=NTH_CHOICES, null=True, blank=True, help_text="For the monthly pattern: which of the month."
    )
    times_per_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="For the spread pattern: how many meetings in the year (1 to 12).",
    )
    first_month = models.PositiveSmallIntegerField(choices=_MONTHS, default=9)
    last_month = models.PositiveSmallIntegerField(
        choices=_MONTHS, default=6, help_text="Inclusive, in the school year's order: September to June."
    )
    start_time = models.TimeField(help_text="In the district's time zone.")
    minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1)], help_text="How long each session lasts."
    )
    location = models.CharField(
        max_length=200, blank=True, help_text="Room, building or address (with host schools: the room)."
    )
    host_schools = models.ManyToManyField(
        School, through="SeriesHost", blank=True, related_name="hosted_series"
    )
    is_active = models.BooleanField(
        default=True, help_text="Only active series generate sessions; turning one off keeps its sessions."
    )

    class Meta:
        ordering = ["offering", "title"]
        verbose_name_plural = "session series"
        constraints = [
            models.CheckConstraint(condition=Q(weekday__gte=0, weekday__lte=6), name="series_weekday_0_to_6"),
            models.CheckConstraint(
                condition=Q(first_month__gte=1, first_month__lte=12, last_month__gte=1, last_month__lte=12),
                name="series_months_1_to_12",
            ),
            models.CheckConstraint(condition=Q(minutes__gte=1), name="series_lasts_a_minute"),
            models.CheckConstraint(
                # isnull=False: a check on NULL is not false, so without it an empty number would pass.
                condition=Q(
                    pattern=SeriesPattern.MONTHLY_NTH_WEEKDAY, nth__isnull=False, nth__in=[1, 2, 3, 4, 5, -1]
                )
                | Q(
                    pattern=SeriesPattern.SPREAD,
                    times_per_year__isnull=False,
                    times_per_year__gte=1,
                    times_per_year__lte=12,
                ),
                name="series_pattern_has_its_numbers",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.offering.school_year})"

    def clean(self):
        errors = {}
        if self.weekday is not None and self.weekday >= Weekday.SATURDAY:
            errors["weekday"] = "Sessions are never scheduled on a weekend: choose Monday to Friday."
        if self.pattern == SeriesPattern.MONTHLY_NTH_WEEKDAY and self.nth is None:
            errors["nth"] = "Choose which of the month: first, second, third, fourth, fifth or last."
        if self.pattern == SeriesPattern.SPREAD and not self.times_per_year:
            errors["times_per_year"] = "Say how many times a year (1 to 12)."
        if (
            self.first_month
            and self.last_month
            and school_year_month_order(self.first_month) > school_year_month_order(self.last_month)
        ):
            errors["last_month"] = (
                "The last month must come after the first in the school year (July to June)."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def rule(self) -> str:
        """The rule in words: "Second Tuesday of each month, September to June, 4:00 PM, 90 minutes"."""
        months = f"{self.get_first_month_display()} to {self.get_last_month_display()}"
        if self.pattern == SeriesPattern.MONTHLY_NTH_WEEKDAY:
            when = f"{self.get_nth_display()} {self.get_weekday_display()} of each month, {months}"
        else:
            times = self.times_per_year or 0
            when = (
                f"{times} time{'s' if times != 1 else ''} a year on a {self.get_weekday_display()}, {months}"
            )
        return f"{when}, {self.start_time:%-I:%M %p}, {self.minutes} minutes"


class SeriesHost(models.Model):
    """A school in a series' host rotation; the rotation goes by position (then by when it was added)."""

    series = models.ForeignKey(SessionSeries, on_delete=models.CASCADE, related_name="hosts")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the rotation, lowest first.")

    class Meta:
        ordering = ["series", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["series", "school"], name="one_host_entry_per_school")]

    def __str__(self):
        return f"{self.school} hosts {self.series.title} (#{self.position})"
