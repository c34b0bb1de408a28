"""Read paths of residency plans: hours with running totals, progress against the required hours, the
plan page as its fellow, host or program staff may read it, and the portal's two residency panels.

Each function costs a fixed number of queries whatever the size of the plan; the page's and the
portal's tests measure them.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, CharField, Count, Prefetch, Q, QuerySet, Sum, Value, When, Window
from django.db.models.functions import Coalesce
from django.utils import timezone

from competencies.models import Competency
from leaderdev.permissions import get_visible_or_404, visible_to

from ..models import FellowStatus, HoursEntry, Milestone, Reflection, Residency
from ..rules import is_fellow_of, is_fellowship_staff, is_host_of, may_sign_off


@dataclass(frozen=True)
class HoursProgress:
    logged: Decimal  # every hour logged
    signed_off: Decimal  # hours the host signed off
    required: int
    expected_by_now: Decimal  # where an even pace through the residency would be today

    @property
    def percent(self) -> int:
        return min(100, int(self.logged * 100 / self.required)) if self.required else 100

    @property
    def signed_off_percent(self) -> int:
        return min(100, int(self.signed_off * 100 / self.required)) if self.required else 100

    @property
    def waiting_percent(self) -> int:
        """The bar's share of hours logged but not signed off yet."""
        return self.percent - self.signed_off_percent

    @property
    def expected_percent(self) -> int:
        return min(100, int(self.expected_by_now * 100 / self.required)) if self.required else 100

    @property
    def behind_by(self) -> Decimal:
        """Hours behind an even pace (0 when on or ahead of it)."""
        return max(Decimal(0), self.expected_by_now - self.logged)

    @property
    def remaining(self) -> Decimal:
        return max(Decimal(0), Decimal(self.required) - self.logged)

    @property
    def awaiting_sign_off(self) -> Decimal:
        return self.logged - self.signed_off


def expected_hours(residency: Residency, today: datetime.date) -> Decimal:
    """Hours an even pace would have logged by `today`: required x the share of the residency elapsed."""
    cohort = residency.fellow.cohort
    start, end = cohort.residency_starts_on, cohort.residency_ends_on
    if today <= start:
        return Decimal(0)
    share = min(Decimal(1), Decimal((today - start).days) / Decimal((end - start).days))
    return (Decimal(cohort.required_hours) * share).quantize(Decimal("0.1"))


def _progress(residency: Residency, logged, signed_off, today: datetime.date) -> HoursProgress:
    return HoursProgress(
        logged=logged or Decimal(0),
        signed_off=signed_off or Decimal(0),
        required=residency.fellow.cohort.required_hours,
        expected_by_now=expected_hours(residency, today),
    )


def hours_progress(residency: Residency, today: datetime.date | None = None) -> HoursProgress:
    """Totals of a residency's hours in one query."""
    today = today or timezone.localdate()
    totals = HoursEntry.objects.filter(residency=residency).aggregate(
        logged=Sum("hours"), signed_off=Sum("hours", filter=Q(signed_off_at__isnull=False))
    )
    return _progress(residency, totals["logged"], totals["signed_off"], today)


def _competencies():
    """Tags with their domain, so `code` costs no query."""
    return Prefetch("competencies", queryset=Competency.objects.with_code())


def hours_with_running_total(residency: Residency):
    """The residency's weeks, newest first, each with ``running_total``: the hours logged up to that week."""
    return (
        HoursEntry.objects.filter(residency=residency)
        .annotate(running_total=Window(Sum("hours"), order_by="week_of"))
        .select_related("signed_off_by")
        .prefetch_related(_competencies())
        .order_by("-week_of")
    )


# --- The plan page ----------------------------------------------------------------------------------


def residencies() -> QuerySet:
    """Residencies with who and where loaded (the rules in fellowships.rules pick whose)."""
    return Residency.objects.select_related(
        "fellow__person__school", "fellow__cohort", "host__person__school", "school"
    )


def residency_for(user, pk: int) -> Residency:
    """The residency `pk` if `user` may see it (its fellow, its host, program staff); else 404."""
    return get_visible_or_404(user, residencies(), pk=pk)


def hours_entry_for(user, pk: int) -> HoursEntry:
    """One week of hours, with its residency's people loaded, if `user` may see it; else 404."""
    return get_visible_or_404(
        user,
        HoursEntry.objects.select_related(
            "residency__fellow__person", "residency__fellow__cohort", "residency__host__person"
        ).prefetch_related(_competencies()),
        pk=pk,
    )


def milestone_for(user, pk: int) -> Milestone:
    """One milestone, with its residency's people loaded, if `user` may see it; else 404."""
    return get_visible_or_404(
        user,
        Milestone.objects.select_related(
            "residency__fellow__person", "residency__fellow__cohort", "residency__host__person"
        ),
        pk=pk,
    )


def logged_weeks(residency: Residency) -> list[datetime.date]:
    """The Mondays the residency already has hours for."""
    return list(HoursEntry.objects.filter(residency=residency).values_list("week_of", flat=True))


def pending_weeks(residency: Residency) -> QuerySet:
    """The weeks the host has not signed off yet."""
    return HoursEntry.objects.filter(residency=residency, signed_off_at__isnull=True)


class MilestoneStatus:
    DUE = "due"
    OVERDUE = "overdue"
    COMPLETED = "completed"
    SIGNED_OFF = "signed_off"


def milestones_of(residency: Residency, today: datetime.date) -> QuerySet:
    """The residency's milestones by due date, each with ``status`` (due, overdue, completed, signed off)."""
    return (
        Milestone.objects.filter(residency=residency)
        .annotate(
            status=Case(
                When(signed_off_at__isnull=False, then=Value(MilestoneStatus.SIGNED_OFF)),
                When(completed_on__isnull=False, then=Value(MilestoneStatus.COMPLETED)),
                When(due_on__lt=today, then=Value(MilestoneStatus.OVERDUE)),
                default=Value(MilestoneStatus.DUE),
                output_field=CharField(),
            )
        )
        .select_related("signed_off_by")
        .prefetch_related(_competencies())
        .order_by("due_on", "pk")
    )


def reflections_of(user, residency: Residency) -> QuerySet:
    """The reflections `user` may read: the fellow and staff all of them, the host only the shared ones."""
    return (
        visible_to(user, Reflection.objects.filter(residency=residency))
        .prefetch_related(_competencies())
        .order_by("-written_on", "-pk")
    )


@dataclass(frozen=True)
class PlanPage:
    """Everything the plan page shows `user`, and what they may do on it."""

    residency: Residency
    progress: HoursProgress
    weeks: list
    milestones: list
    reflections: list
    is_fellow: bool
    is_host: bool
    is_staff: bool
    is_open: bool  # False once the fellow has withdrawn: the plan no longer changes
    may_sign_off: bool

    @property
    def may_log(self) -> bool:
        return self.is_fellow and self.is_open

    @property
    def pending_count(self) -> int:
        return sum(1 for week in self.weeks if not week.is_signed_off)

    @property
    def next_milestone(self):
        return next((m for m in self.milestones if m.completed_on is None), None)


def plan_page(user, residency: Residency, today: datetime.date | None = None) -> PlanPage:
    """The plan page of `residency` as `user` sees it, in a fixed number of queries."""
    today = today or timezone.localdate()
    weeks = list(hours_with_running_total(residency))
    logged = sum((week.hours for week in weeks), Decimal(0))
    signed_off = sum((week.hours for week in weeks if week.is_signed_off), Decimal(0))
    return PlanPage(
        residency=residency,
        progress=_progress(residency, logged, signed_off, today),
        weeks=weeks,
        milestones=list(milestones_of(residency, today)),
        reflections=list(reflections_of(user, residency)),
        is_fellow=is_fellow_of(user, residency),
        is_host=is_host_of(user, residency),
        is_staff=is_fellowship_staff(user),
        is_open=residency.fellow.status != FellowStatus.WITHDRAWN,
        may_sign_off=may_sign_off(user, residency),
    )


def current_residency_of(user) -> Residency | None:
    """The signed-in fellow's residency: this school year's, else their latest one."""
    return (
        residencies()
        .filter(fellow__person__user=user)
        .exclude(fellow__status=FellowStatus.WITHDRAWN)
        .order_by("-fellow__cohort__school_year__is_current", "-fellow__cohort__residency_starts_on")
        .first()
    )


# --- The portal -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MyResidency:
    residency: Residency
    progress: HoursProgress
    next_milestone: Milestone | None
    pending_weeks: int
    today: datetime.date

    @property
    def next_is_overdue(self) -> bool:
        return self.next_milestone is not None and self.next_milestone.due_on < self.today


def my_residency(person, school_year, today: datetime.date | None = None) -> MyResidency | None:
    """The portal's "My residency": `person`'s residency of `school_year` with its totals (two queries)."""
    today = today or timezone.localdate()
    residency = (
        residencies()
        .filter(fellow__person=person, fellow__cohort__school_year=school_year)
        .exclude(fellow__status=FellowStatus.WITHDRAWN)
        .annotate(
            logged=Sum("hours__hours"),
            signed_off=Sum("hours__hours", filter=Q(hours__signed_off_at__isnull=False)),
            pending=Count("hours", filter=Q(hours__signed_off_at__isnull=True)),
        )
        .first()
    )
    if residency is None:
        return None
    next_milestone = (
        Milestone.objects.filter(residency=residency, completed_on__isnull=True)
        .order_by("due_on", "pk")
        .first()
    )
    return MyResidency(
        residency=residency,
        progress=_progress(residency, residency.logged, residency.signed_off, today),
        next_milestone=next_milestone,
        pending_weeks=residency.pending,
        today=today,
    )


def hosted_residencies(person, school_year) -> list[Residency]:
    """The portal's "Fellows I host": each residency `person` hosts in `school_year`, with ``logged`` hours
    and ``pending`` (weeks waiting for sign-off), in one query."""
    return list(
        residencies()
        .filter(host__person=person, host__cohort__school_year=school_year)
        .exclude(fellow__status=FellowStatus.WITHDRAWN)
        .annotate(
            logged=Coalesce(Sum("hours__hours"), Decimal(0)),
            pending=Count("hours", filter=Q(hours__signed_off_at__isnull=True)),
        )
        .order_by("fellow__person__last_name", "fellow__person__first_name")
    )
