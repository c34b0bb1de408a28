"""Fellowships' notifications: a weekly nudge when a fellow's residency hours fall behind an even pace,
to the fellow and to their host. Registered with leaderdev.notifications.kinds; beat runs them daily and
the due date (the Monday of the week) makes each go out at most once a week."""

import datetime
from decimal import Decimal

from django.db.models import DateField, DecimalField, F, Func, IntegerField, QuerySet, Sum, Value
from django.db.models.functions import Cast, Coalesce, Least, Round

from leaderdev.notifications.kinds import Kind, register

from .models import FellowStatus, Residency

# The weeks of hours a fellow may have left unlogged before they count as behind: hours are logged per
# week, often a few days after it, so last week's missing hours alone are no reason to write.
GRACE_WEEKS = 1


class DaysBetween(Func):
    """``later - earlier`` for two dates, in days (PostgreSQL's date subtraction gives an integer)."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = IntegerField()


def residencies_behind(today: datetime.date) -> QuerySet[Residency]:
    """Residencies in progress whose fellow is more than ``GRACE_WEEKS`` behind an even pace, each with
    ``monday``, the Monday of `today`'s week (the reminders' due date).

    The pace is fellowships.queries.residency.expected_hours in SQL: the cohort's required hours times
    the share of the residency elapsed, to a tenth of an hour; here measured at the Monday
    ``GRACE_WEEKS`` weeks before this one, and compared with every hour logged (signed off or not).
    """
    monday = today - datetime.timedelta(days=today.weekday())
    as_of = monday - datetime.timedelta(weeks=GRACE_WEEKS)
    starts, ends = F("fellow__cohort__residency_starts_on"), F("fellow__cohort__residency_ends_on")
    length = DaysBetween(ends, starts)
    hours = DecimalField(max_digits=8, decimal_places=1)
    expected = Round(
        Cast("fellow__cohort__required_hours", hours)
        * Least(DaysBetween(Value(as_of, output_field=DateField()), starts), length)
        / length,
        1,
        output_field=hours,
    )
    return (
        Residency.objects.filter(
            fellow__status=FellowStatus.ACTIVE,
            fellow__cohort__residency_starts_on__lt=as_of,
            fellow__cohort__residency_ends_on__gte=today,
        )
        .annotate(logged=Coalesce(Sum("hours__hours"), Value(Decimal(0)), output_field=hours))
        .annotate(expected=expected)
        .filter(logged__lt=F("expected"))
        .annotate(monday=Value(monday, output_field=DateField()))
    )


def fellows_behind(today: datetime.date):
    """Fellows (with a login) behind pace; due on the Monday of the week."""
    return (
        residencies_behind(today)
        .filter(fellow__person__user__is_active=True)
        .values_list("fellow__person__user_id", "pk", "monday")
    )


def hosts_of_fellows_behind(today: datetime.date):
    """The hosts (with a login) of fellows behind pace; due on the Monday of the week."""
    return (
        residencies_behind(today)
        .filter(host__person__user__is_active=True)
        .values_list("host__person__user_id", "pk", "monday")
    )


HOURS_BEHIND = register(
    Kind(
        code="residency_hours_behind",
        label="Residency hours behind pace",
        description="For fellows: at most once a week, when the hours you have logged are more than a "
        "week behind an even pace toward the required hours.",
        subject_model=Residency,
        template="notifications/residency_hours_behind",
        find_due=fellows_behind,
    )
)
HOST_HOURS_BEHIND = register(
    Kind(
        code="residency_hours_behind_host",
        label="Hosted fellows behind on residency hours",
        description="For hosts: at most once a week, when a fellow you host has logged hours more than a "
        "week behind an even pace.",
        subject_model=Residency,
        template="notifications/residency_hours_behind_host",
        find_due=hosts_of_fellows_behind,
    )
)
