import datetime

import factory

from competencies.models import (
    Assessment,
    AssessmentKind,
    Competency,
    Domain,
    Framework,
    FrameworkVersion,
    ImplementationLevel,
    ImplementationRating,
    ImplementationSystem,
    ProficiencyLevel,
    ProficiencyScale,
    Rating,
    VersionStatus,
)

from .district import PersonFactory, SchoolFactory, SchoolYearFactory, UserFactory


class ProficiencyScaleFactory(factory.django.DjangoModelFactory):
    """A scale with `levels` levels (4 by default), valued 1..n."""

    class Meta:
        model = ProficiencyScale
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Scale {n}")

    @factory.post_generation
    def levels(self, create, extracted, **kwargs):
        if create:
            for value in range(1, (extracted or 4) + 1):
                ProficiencyLevel.objects.create(scale=self, value=value, label=f"Level {value}")


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework

    name = factory.Sequence(lambda n: f"Framework {n}")


class FrameworkVersionFactory(factory.django.DjangoModelFactory):
    """An active version of a new framework, with no content (see framework_with_content)."""

    class Meta:
        model = FrameworkVersion

    framework = factory.SubFactory(FrameworkFactory)
    label = factory.Sequence(lambda n: str(n + 1))
    status = VersionStatus.ACTIVE
    scale = factory.SubFactory(ProficiencyScaleFactory)
    published_on = datetime.date(2026, 8, 1)


class DomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Domain

    version = factory.SubFactory(FrameworkVersionFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Domain {n + 1}")


class CompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competency

    domain = factory.SubFactory(DomainFactory)
    number = factory.Sequence(lambda n: n + 1)
    statement = factory.Sequence(lambda n: f"Competency statement {n}")


def framework_with_content(
    domains=2, per_domain=3, status=VersionStatus.ACTIVE, **kwargs
) -> FrameworkVersion:
    """A version with `domains` domains of `per_domain` competencies each (codes 1.1 ... d.n)."""
    version = FrameworkVersionFactory(status=status, **kwargs)
    for d in range(1, domains + 1):
        domain = DomainFactory(version=version, number=d, title=f"Domain {d}")
        for c in range(1, per_domain + 1):
            CompetencyFactory(domain=domain, number=c, statement=f"Statement {d}.{c}")
    return version


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    person = factory.SubFactory(PersonFactory)
    version = factory.SubFactory(FrameworkVersionFactory)
    kind = AssessmentKind.SELF
    assessor = factory.SubFactory(UserFactory)
    assessed_on = datetime.date(2026, 10, 1)


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rating

    assessment = factory.SubFactory(AssessmentFactory)
    competency = factory.SubFactory(CompetencyFactory)
    level = 2


class ImplementationSystemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImplementationSystem

    name = factory.Sequence(lambda n: f"System {n}")
    order = factory.Sequence(lambda n: 100 + n)


class ImplementationRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImplementationRating

    school = factory.SubFactory(SchoolFactory)
    school_year = factory.SubFactory(SchoolYearFactory)
    system = factory.SubFactory(ImplementationSystemFactory)
    level = ImplementationLevel.BEGINNING
    rated_on = datetime.date(2026, 10, 1)
