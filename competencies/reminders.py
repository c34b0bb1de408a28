"""Competencies' notifications: a monthly nudge to leaders who have not taken this school year's
self-assessment. Registered with leaderdev.notifications.kinds; beat runs it daily and the due date (the
first day of the month) makes it go out at most once a month.

``leaders_this_year`` is also who programs.reminders expects a PD plan from.
"""

import datetime

from django.db.models import DateField, Exists, OuterRef, QuerySet, Subquery, Value

from leaderdev.models import Person, SchoolYear
from leaderdev.notifications.kinds import Kind, register
from leaderdev.permissions import Role

from .models import Assessment, AssessmentKind, FrameworkVersion


def leaders_this_year(today: datetime.date) -> QuerySet[Person]:
    """The school leaders the Office expects a PD plan and a self-assessment from this year: active
    principals, heads of school, APs and admin team members whose login is active and holds the Leader
    role (so the portal's pages open for them), each annotated with the current school year (``year``,
    ``year_start``, ``year_end``). Nobody while `today` is outside the current school year."""
    current = SchoolYear.objects.filter(is_current=True, start_date__lte=today, end_date__gte=today)
    return (
        Person.objects.school_leaders()
        .filter(is_active=True, user__is_active=True, user__groups__name=Role.LEADER.group_name)
        .annotate(
            year=Subquery(current.values("pk")[:1]),
            year_start=Subquery(current.values("start_date")[:1]),
            year_end=Subquery(current.values("end_date")[:1]),
        )
        .filter(year__isnull=False)
    )


def self_assessments_not_taken(today: datetime.date):
    """Leaders expected this year (``leaders_this_year``) with no self-assessment dated in the current
    school year, while a framework version is active to take it on; due the first day of the month."""
    taken = Assessment.objects.filter(
        person=OuterRef("pk"),
        kind=AssessmentKind.SELF,
        assessed_on__gte=OuterRef("year_start"),
        assessed_on__lte=OuterRef("year_end"),
    )
    return (
        leaders_this_year(today)
        .filter(Exists(FrameworkVersion.objects.active()))
        .exclude(Exists(taken))
        .values_list("user_id", "year", Value(today.replace(day=1), output_field=DateField()))
    )


SELF_ASSESSMENT_REMINDER = register(
    Kind(
        code="self_assessment_not_taken",
        label="Self-assessment to take",
        description="For school leaders: at most once a month, while you have not taken this school "
        "year's self-assessment.",
        subject_model=SchoolYear,
        template="notifications/self_assessment_not_taken",
        find_due=self_assessments_not_taken,
    )
)
