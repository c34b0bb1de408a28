"""Factories for school teams (programs.models.teams)."""

import datetime
from decimal import Decimal

import factory

from leaderdev.models import LeadershipTier
from programs.models import (
    ActionStep,
    CallToActionPlan,
    CheckIn,
    CoachingKind,
    CoachingSession,
    GoalAction,
    GoalTarget,
    Initiative,
    MonitoringNote,
    PlanStatus,
    SchoolTeam,
    Spotlight,
    StepStatus,
    StrategicGoal,
    TeamKind,
    TeamMembership,
)

from .district import PersonFactory, SchoolFactory, SchoolYearFactory
from .programs import FacilitatorFactory


class SchoolTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolTeam
        django_get_or_create = ["school", "kind"]

    school = factory.SubFactory(SchoolFactory)
    kind = TeamKind.PIPELINE


class TeamMembershipFactory(factory.django.DjangoModelFactory):
    """A current member; the person works at the team's school."""

    class Meta:
        model = TeamMembership

    team = factory.SubFactory(SchoolTeamFactory)
    person = factory.SubFactory(PersonFactory, school=factory.SelfAttribute("..team.school"))
    tier = LeadershipTier.EMERGING_LEADER
    start_date = datetime.date(2025, 8, 25)


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    team = factory.SubFactory(SchoolTeamFactory)
    school_year = factory.SubFactory(SchoolYearFactory)
    title = "Student-work analysis in weekly teacher development"
    focus = "Teacher teams look at assignments but rarely at what students produced."


class ActionStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionStep

    initiative = factory.SubFactory(InitiativeFactory)
    tier = LeadershipTier.EMERGING_LEADER
    description = factory.Sequence(lambda n: f"Action step {n}")
    due_date = datetime.date(2026, 12, 18)
    status = StepStatus.NOT_STARTED
    completed_on = factory.LazyAttribute(
        lambda o: datetime.date(2026, 11, 2) if o.status == StepStatus.DONE else None
    )


class MonitoringNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoringNote

    initiative = factory.SubFactory(InitiativeFactory)
    written_on = datetime.date(2026, 10, 15)
    text = "Three of five teams used the protocol this week."


class CallToActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallToActionPlan

    school = factory.SubFactory(SchoolFactory)
    school_year = factory.SubFactory(SchoolYearFactory)
    vision = "Every student reads, writes and argues like a scholar."
    status = PlanStatus.ADOPTED
    adopted_on = factory.LazyAttribute(
        lambda o: None if o.status == PlanStatus.DRAFT else o.school_year.start_date
    )


class StrategicGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicGoal

    plan = factory.SubFactory(CallToActionPlanFactory)
    statement = factory.Sequence(lambda n: f"Goal {n}: more students read on grade level")


class GoalTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalTarget

    goal = factory.SubFactory(StrategicGoalFactory)
    measure = "Students reading on grade level"
    unit = "%"
    baseline = Decimal("40")
    target = Decimal("60")
    due_date = datetime.date(2027, 6, 15)


class GoalActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalAction

    goal = factory.SubFactory(StrategicGoalFactory)
    description = factory.Sequence(lambda n: f"Action {n}")
    due_date = datetime.date(2027, 1, 29)


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    target = factory.SubFactory(GoalTargetFactory)
    checked_on = datetime.date(2026, 11, 2)
    value = Decimal("45")


class CoachingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoachingSession
        skip_postgeneration_save = True

    team = factory.SubFactory(SchoolTeamFactory)
    kind = CoachingKind.TEAM
    held_on = datetime.date(2026, 10, 20)
    coach = factory.SubFactory(FacilitatorFactory)
    focus = "Norms for looking at student work"

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        if create and extracted:
            self.participants.add(*extracted)


class SpotlightFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Spotlight

    school = factory.SubFactory(SchoolFactory)
    title = "Looking at student work in ten minutes"
    practice = "A short protocol every teacher team runs on Thursdays."
    held_on = datetime.date(2027, 1, 8)
