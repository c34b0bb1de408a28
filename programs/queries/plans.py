"""Read paths of PD plans: the plan page's goals, offerings with their attendance, and comments.

``plan_page`` costs three queries (goals, offerings, comments) however many of each there are; the plan
itself comes from ``plans()`` through the object rules (``get_visible_or_404``).

Attendance per offering follows the office's one rule (programs.queries.attendance): of the sessions held
so far, those marked present or late are attended; an excused absence leaves the expected count; only an
offering the person takes part in (enrolled or completed) expects anything of them. The plan's totals add
up the offerings it expects something of, so they equal ``attendance_summary(person, school_year)``.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import (
    ATTENDED,
    PARTICIPATING,
    Attendance,
    AttendanceStatus,
    Enrollment,
    GoalStatus,
    PDPlan,
    PlanComment,
    PlanGoal,
    Session,
)
from .attendance import AttendanceSummary


def plans() -> QuerySet[PDPlan]:
    """Plans as their pages head them: the leader, their school, the school year."""
    return PDPlan.objects.select_related("person__school", "school_year")


def _count(queryset: QuerySet, group_by: str) -> Coalesce:
    """A correlated COUNT of `queryset`'s rows (filtered with OuterRef), 0 when there are none."""
    counted = queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@dataclass(frozen=True)
class OfferingProgress:
    """One offering of the plan's year that the leader is in, with their attendance at it so far."""

    enrollment: Enrollment
    sessions: int  # every session of the offering, held or to come
    held: int  # sessions that have started
    attended: int  # held sessions marked present or late
    excused: int  # held sessions marked excused

    @property
    def offering(self):
        return self.enrollment.offering

    @property
    def takes_part(self) -> bool:
        return self.enrollment.status in PARTICIPATING

    @property
    def attendance(self) -> AttendanceSummary:
        """The leader's attendance here by the office's rule; nothing expected unless they take part."""
        if not self.takes_part:
            return AttendanceSummary(held=self.held)
        return AttendanceSummary(
            attended=self.attended, expected=self.held - self.excused, excused=self.excused, held=self.held
        )


@dataclass
class PlanPage:
    plan: PDPlan
    goals: list[PlanGoal]
    offerings: list[OfferingProgress]
    comments: list[PlanComment]

    def goals_with(self, status: str) -> int:
        return sum(1 for goal in self.goals if goal.status == status)

    @property
    def goals_met(self) -> int:
        return self.goals_with(GoalStatus.MET)

    @property
    def goals_in_progress(self) -> int:
        return self.goals_with(GoalStatus.IN_PROGRESS)

    @property
    def goals_not_started(self) -> int:
        return self.goals_with(GoalStatus.NOT_STARTED)

    @property
    def attendance(self) -> AttendanceSummary:
        """The year's attendance over the offerings the leader takes part in."""
        rows = [row.attendance for row in self.offerings if row.takes_part]
        return AttendanceSummary(
            attended=sum(row.attended for row in rows),
            expected=sum(row.expected for row in rows),
            excused=sum(row.excused for row in rows),
            held=sum(row.held for row in rows),
        )


def plan_goals(plan: PDPlan) -> QuerySet[PlanGoal]:
    """The plan's goals, oldest first, each with its competency's code and framework version."""
    return (
        PlanGoal.objects.filter(plan=plan)
        .select_related("competency__domain__version")
        .order_by("created_at", "pk")
    )


def offering_progress(plan: PDPlan, *, now: datetime.datetime | None = None) -> list[OfferingProgress]:
    """The offerings of the plan's school year the leader is in (any status), with attendance so far."""
    now = now or timezone.now()
    sessions = Session.objects.filter(offering=OuterRef("offering"))
    marks = Attendance.objects.filter(
        session__offering=OuterRef("offering"), person=OuterRef("person"), session__starts_at__lte=now
    )
    rows = (
        Enrollment.objects.filter(person_id=plan.person_id, offering__school_year_id=plan.school_year_id)
        .select_related("offering__program__kind")
        .annotate(
            sessions_count=_count(sessions, "offering"),
            held_count=_count(sessions.filter(starts_at__lte=now), "offering"),
            attended_count=_count(marks.filter(status__in=ATTENDED), "person"),
            excused_count=_count(marks.filter(status=AttendanceStatus.EXCUSED), "person"),
        )
        .order_by("offering__program__kind__order", "offering__program__name", "offering__cohort", "pk")
    )
    return [
        OfferingProgress(
            enrollment=row,
            sessions=row.sessions_count,
            held=row.held_count,
            attended=row.attended_count,
            excused=row.excused_count,
        )
        for row in rows
    ]


def plan_comments(plan: PDPlan) -> QuerySet[PlanComment]:
    return PlanComment.objects.filter(plan=plan).select_related("author").order_by("created_at", "pk")


def plan_page(plan: PDPlan, *, now: datetime.datetime | None = None) -> PlanPage:
    """Everything the plan pages show about `plan`, in three queries."""
    return PlanPage(
        plan=plan,
        goals=list(plan_goals(plan)),
        offerings=offering_progress(plan, now=now),
        comments=list(plan_comments(plan)),
    )
