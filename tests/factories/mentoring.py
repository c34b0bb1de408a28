import datetime

import factory

from leaderdev.models import Position
from mentoring.models import (
    Coach,
    CoachAssignment,
    Conflict,
    ConflictReason,
    LogEntry,
    LogKind,
    MatchConstraint,
    MatchRound,
    MenteeFeedback,
    MenteeProfile,
    Mentor,
    MentorPreference,
    Mentorship,
    MentorStatus,
    PartnerOrganization,
)

from .district import PersonFactory, SchoolYearFactory, UserFactory


class VeteranFactory(PersonFactory):
    """An experienced principal (in role since 2015): who mentors are."""

    position = Position.PRINCIPAL
    role_start_date = datetime.date(2015, 7, 1)


class MentorFactory(factory.django.DjangoModelFactory):
    """A selected mentor of the current year with one place."""

    class Meta:
        model = Mentor
        skip_postgeneration_save = True

    person = factory.SubFactory(VeteranFactory)
    school_year = factory.SubFactory(SchoolYearFactory)
    status = MentorStatus.SELECTED
    capacity = 1

    @factory.post_generation
    def strengths(self, create, extracted, **kwargs):
        if create and extracted:
            self.strengths.set(extracted)


class MenteeProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MenteeProfile
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    school_year = factory.SubFactory(SchoolYearFactory)

    @factory.post_generation
    def needs(self, create, extracted, **kwargs):
        if create and extracted:
            self.needs.set(extracted)


class MentorPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorPreference

    profile = factory.SubFactory(MenteeProfileFactory)
    mentor = factory.SubFactory(MentorFactory)
    rank = 1


class ConflictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conflict

    mentee = factory.SubFactory(PersonFactory)
    mentor = factory.SubFactory(VeteranFactory)
    reason = ConflictReason.SUPERVISOR


class MatchRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchRound

    school_year = factory.SubFactory(SchoolYearFactory)
    name = factory.Sequence(lambda n: f"Round {n}")


class MatchConstraintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchConstraint

    round = factory.SubFactory(MatchRoundFactory)
    mentee = factory.SubFactory(PersonFactory)
    mentor = factory.SubFactory(MentorFactory)
    kind = "forbid"


class MentorshipFactory(factory.django.DjangoModelFactory):
    """An active mentorship of the current year between a veteran mentor and a first-year principal."""

    class Meta:
        model = Mentorship

    school_year = factory.SubFactory(SchoolYearFactory)
    mentor = factory.SubFactory(MentorFactory, school_year=factory.SelfAttribute("..school_year"))
    mentee = factory.SubFactory(PersonFactory)
    started_on = datetime.date(2026, 9, 15)


class PartnerOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerOrganization
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Partner {n}")


class CoachFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coach

    organization = factory.SubFactory(PartnerOrganizationFactory)
    full_name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"coach{n}@partner.test")
    user = factory.SubFactory(UserFactory, email=factory.SelfAttribute("..email"))


class CoachAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoachAssignment

    coach = factory.SubFactory(CoachFactory)
    leader = factory.SubFactory(PersonFactory)
    school_year = factory.SubFactory(SchoolYearFactory)
    started_on = datetime.date(2026, 9, 1)


class LogEntryFactory(factory.django.DjangoModelFactory):
    """A mentorship meeting by default; pass coaching=... (and mentorship=None) for a coaching entry."""

    class Meta:
        model = LogEntry

    mentorship = factory.SubFactory(MentorshipFactory)
    coaching = None
    date = datetime.date(2026, 10, 6)
    kind = LogKind.MEETING
    notes = "Walked through the master schedule."
    next_steps = "Draft the ILT agenda."
    private_notes = "Seems overwhelmed; check in on workload."


class MenteeFeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MenteeFeedback

    mentorship = factory.SubFactory(MentorshipFactory)
    rating = 5
