"""Read paths of residency plans: hours with running totals, progress against the required hours."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum, Window
from django.utils import timezone

from ..models import HoursEntry, Residency


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
    def behind_by(self) -> Decimal:
        """Hours behind an even pace (0 when on or ahead of it)."""
        return max(Decimal(0), self.expected_by_now - self.logged)

    @property
    def remaining(self) -> Decimal:
        return max(Decimal(0), Decimal(self.required) - self.logged)


def expected_hours(residency: Residency, today: datetime.date) -> Decimal:
    """Hours an even pace would have logged by `today`: required x the share of the residency elapsed."""
    cohort = residency.fellow.cohort
    start, end = cohort.residency_starts_on, cohort.residency_ends_on
    if today <= start:
        return Decimal(0)
    share = min(Decimal(1), Decimal((today - start).days) / Decimal((end - start).days))
    return (Decimal(cohort.required_hours) * share).quantize(Decimal("0.1"))


def hours_progress(residency: Residency, today: datetime.date | None = None) -> HoursProgress:
    """Totals of a residency's hours in one query."""
    today = today or timezone.localdate()
    totals = HoursEntry.objects.filter(residency=residency).aggregate(
        logged=Sum("hours"), signed_off=Sum("hours", filter=Q(signed_off_at__isnull=False))
    )
    return HoursProgress(
        logged=totals["logged"] or Decimal(0),
        signed_off=totals["signed_off"] or Decimal(0),
        required=residency.fellow.cohort.required_hours,
        expected_by_now=expected_hours(residency, today),
    )


def hours_with_running_total(residency: Residency):
    """The residency's weeks, newest first, each with ``running_total``: the hours logged up to that week."""
    return (
        HoursEntry.objects.filter(residency=residency)
        .annotate(running_total=Window(Sum("hours"), order_by="week_of"))
        .select_related("signed_off_by")
        .prefetch_related("competencies__domain")
        .order_by("-week_of")
    )
