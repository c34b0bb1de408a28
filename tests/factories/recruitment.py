import datetime

import factory
from django.utils import timezone

from recruitment.models import (
    Application,
    Candidate,
    ContactAttempt,
    HiringCycle,
    HiringRole,
    Interview,
    InterviewKind,
    Opening,
    ReferenceCheck,
    Scorecard,
    Source,
    SourceKind,
    Stage,
    StageChange,
)

from .district import SchoolFactory, SchoolYearFactory, UserFactory


class NextSchoolYearFactory(SchoolYearFactory):
    """2027-2028: the year a cycle hires for (not current)."""

    name = "2027-2028"
    start_date = datetime.date(2027, 8, 30)
    end_date = datetime.date(2028, 6, 30)
    is_current = False


class HiringCycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HiringCycle
        django_get_or_create = ["school_year"]

    school_year = factory.SubFactory(NextSchoolYearFactory)
    name = factory.LazyAttribute(lambda o: f"Leadership hiring {o.school_year.name}")
    opens_on = datetime.date(2026, 11, 1)
    closes_on = datetime.date(2027, 5, 31)


class OpeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opening

    cycle = factory.SubFactory(HiringCycleFactory)
    school = factory.SubFactory(SchoolFactory)
    role = HiringRole.PRINCIPAL


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ["name"]

    kind = SourceKind.UNIVERSITY
    name = factory.Sequence(lambda n: f"University {n}")


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"candidate{n}@applicant.test")


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An application for principal, at `stage` (applied by default), entered now."""

    class Meta:
        model = Application

    cycle = factory.SubFactory(HiringCycleFactory)
    candidate = factory.SubFactory(CandidateFactory)
    role = HiringRole.PRINCIPAL
    source = factory.SubFactory(SourceFactory)
    stage = Stage.APPLIED
    stage_entered_at = factory.LazyFunction(timezone.now)


class StageChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StageChange

    application = factory.SubFactory(ApplicationFactory)
    from_stage = Stage.APPLIED
    to_stage = Stage.SCREENED
    changed_at = factory.LazyFunction(timezone.now)


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview
        skip_postgeneration_save = True

    application = factory.SubFactory(ApplicationFactory, stage=Stage.FIRST_INTERVIEW)
    kind = InterviewKind.FIRST
    scheduled_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))

    @factory.post_generation
    def panelists(self, create, extracted, **kwargs):
        if create and extracted:
            self.panelists.set(extracted)

    @factory.post_generation
    def competencies(self, create, extracted, **kwargs):
        if create and extracted:
            self.competencies.set(extracted)


class ScorecardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scorecard

    interview = factory.SubFactory(InterviewFactory)
    panelist = factory.SubFactory(UserFactory)


class ReferenceCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferenceCheck

    application = factory.SubFactory(ApplicationFactory, stage=Stage.REFERENCE_CHECKS)
    referee_name = factory.Faker("name")
    relationship = "Supervisor, 2021-2025"
    email = factory.Sequence(lambda n: f"referee{n}@reference.test")


class ContactAttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactAttempt

    reference = factory.SubFactory(ReferenceCheckFactory)
    at = factory.LazyFunction(timezone.now)
    method = "phone"
