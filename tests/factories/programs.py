import datetime

import factory
from django.utils import timezone

from programs.models import (
    Attendance,
    AttendanceStatus,
    CalendarFeed,
    Enrollment,
    EnrollmentStatus,
    Facilitator,
    GoalStatus,
    Offering,
    PDPlan,
    PlanComment,
    PlanGoal,
    Program,
    ProgramKind,
    Session,
    SessionFeedback,
)

from .district import PersonFactory, SchoolYearFactory, UserFactory


class ProgramKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramKind
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Kind {n}")


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        django_get_or_create = ["name"]

    kind = factory.SubFactory(ProgramKindFactory)
    name = factory.Sequence(lambda n: f"Program {n}")


def equity_program(name="Self as Core") -> Program:
    """One of the shipped racial-equity programs (loaded by the programs data migration)."""
    return Program.objects.get(name=name)


class FacilitatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facilitator

    name = factory.Sequence(lambda n: f"Facilitator {n}")
    organisation = "Partner Org"


class OfferingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offering

    program = factory.SubFactory(ProgramFactory)
    school_year = factory.SubFactory(SchoolYearFactory)
    cohort = factory.Sequence(lambda n: f"Cohort {n}")


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    offering = factory.SubFactory(OfferingFactory)
    person = factory.SubFactory(PersonFactory)
    status = EnrollmentStatus.ENROLLED
    status_changed_at = factory.LazyFunction(timezone.now)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    offering = factory.SubFactory(OfferingFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.Sequence(
        lambda n: timezone.make_aware(datetime.datetime(2026, 10, 6, 9, 0)) + datetime.timedelta(days=7 * n)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    location = "Bolling Building, Room 200"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(SessionFactory)
    person = factory.SubFactory(PersonFactory)
    status = AttendanceStatus.PRESENT


class SessionFeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionFeedback

    session = factory.SubFactory(SessionFactory)
    person = factory.SubFactory(PersonFactory)
    rating = 4


class PDPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PDPlan

    person = factory.SubFactory(PersonFactory)
    school_year = factory.SubFactory(SchoolYearFactory)


class PlanGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanGoal

    plan = factory.SubFactory(PDPlanFactory)
    goal = "Lead two data cycles with the ILT."
    status = GoalStatus.IN_PROGRESS


class PlanCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanComment

    plan = factory.SubFactory(PDPlanFactory)
    author = factory.SubFactory(UserFactory)
    body = "Good start."


class CalendarFeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarFeed

    person = factory.SubFactory(PersonFactory)
