import datetime

import factory

from fellowships.models import (
    ApplicationStatus,
    Cohort,
    CohortMilestone,
    Endorsement,
    Fellow,
    FellowshipApplication,
    Host,
    HostPreference,
    HostStatus,
    HoursEntry,
    Milestone,
    Recommendation,
    Reflection,
    Residency,
)
from leaderdev.models import LeadershipTier, Position

from .district import PersonFactory, SchoolYearFactory
from .mentoring import VeteranFactory


class CohortFactory(factory.django.DjangoModelFactory):
    """The 2026-2027 cohort: 4 places, applications open through 2026, residency September-June."""

    class Meta:
        model = Cohort
        django_get_or_create = ["school_year"]

    school_year = factory.SubFactory(SchoolYearFactory)
    name = factory.LazyAttribute(lambda o: f"Aspiring Principal Fellowship {o.school_year.name}")
    slug = factory.LazyAttribute(lambda o: o.school_year.name)
    places = 4
    applications_open_on = datetime.date(2026, 1, 5)
    applications_close_on = datetime.date(2026, 12, 31)
    required_hours = 500
    residency_starts_on = datetime.date(2026, 9, 1)
    residency_ends_on = datetime.date(2027, 6, 18)
    is_public = True


class CohortMilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CohortMilestone

    cohort = factory.SubFactory(CohortFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_on = datetime.date(2026, 12, 18)


class AspiringLeaderFactory(PersonFactory):
    """An assistant principal: who applies to the fellowship."""

    position = Position.ASSISTANT_PRINCIPAL
    tier = LeadershipTier.EMERGING_LEADER
    role_start_date = datetime.date(2021, 7, 1)


class FellowshipApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FellowshipApplication

    cohort = factory.SubFactory(CohortFactory)
    person = factory.SubFactory(AspiringLeaderFactory)
    supervisor = factory.SubFactory(VeteranFactory)
    why_principal = "I want to lead a school where every child is known."
    leadership_experience = "I led our grade 3 team's data cycles."
    equity_commitment = "I rebuilt our discipline referral process with families."
    status = ApplicationStatus.SUBMITTED


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    application = factory.SubFactory(FellowshipApplicationFactory)
    endorsement = Endorsement.STRONG
    text = "Ready to lead adults."


class FellowFactory(factory.django.DjangoModelFactory):
    """A fellow in residency (with their selected application)."""

    class Meta:
        model = Fellow
        skip_postgeneration_save = True

    application = factory.SubFactory(FellowshipApplicationFactory, status=ApplicationStatus.SELECTED)
    cohort = factory.SelfAttribute("application.cohort")
    person = factory.SelfAttribute("application.person")

    @factory.post_generation
    def growth_areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.growth_areas.set(extracted)


class HostFactory(factory.django.DjangoModelFactory):
    """A confirmed host principal with one place."""

    class Meta:
        model = Host
        skip_postgeneration_save = True

    cohort = factory.SubFactory(CohortFactory)
    person = factory.SubFactory(VeteranFactory)
    status = HostStatus.CONFIRMED
    capacity = 1

    @factory.post_generation
    def strengths(self, create, extracted, **kwargs):
        if create and extracted:
            self.strengths.set(extracted)


class HostPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HostPreference

    fellow = factory.SubFactory(FellowFactory)
    host = factory.SubFactory(HostFactory)
    rank = 1


class ResidencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Residency

    fellow = factory.SubFactory(FellowFactory)
    host = factory.SubFactory(HostFactory, cohort=factory.SelfAttribute("..fellow.cohort"))
    school = factory.SelfAttribute("host.person.school")
    started_on = datetime.date(2026, 9, 1)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    residency = factory.SubFactory(ResidencyFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_on = datetime.date(2026, 12, 18)


class HoursEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HoursEntry

    residency = factory.SubFactory(ResidencyFactory)
    week_of = factory.Sequence(lambda n: datetime.date(2026, 9, 7) + datetime.timedelta(weeks=n % 40))
    hours = 12
    activities = "Led the grade 4 data meeting."


class ReflectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reflection

    residency = factory.SubFactory(ResidencyFactory)
    written_on = datetime.date(2026, 10, 30)
    title = "What I learned about feedback"
    body = "Feedback lands when it is specific."
