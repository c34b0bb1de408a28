import datetime

import factory
from django.contrib.auth.models import Group

from leaderdev.models import (
    LeadershipTier,
    Network,
    NetworkSupportMember,
    Person,
    Position,
    School,
    SchoolLevel,
    SchoolYear,
    User,
)

PASSWORD = "a-test-password-1234"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@district.test")
    full_name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """UserFactory(roles=[Role.LEADER, ...]) puts the user in those roles' groups."""
        if create and extracted:
            self.groups.add(*[Group.objects.get(name=role.group_name) for role in extracted])


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ["code"]

    name = factory.Sequence(lambda n: f"Network {n}")
    code = factory.Sequence(lambda n: f"net-{n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    code = factory.Sequence(lambda n: f"S{n:04d}")
    name = factory.Sequence(lambda n: f"School {n}")
    level = SchoolLevel.ELEMENTARY
    network = factory.SubFactory(NetworkFactory)


class SchoolYearFactory(factory.django.DjangoModelFactory):
    """Defaults to the 2026-2027 year, current."""

    class Meta:
        model = SchoolYear
        django_get_or_create = ["name"]

    name = "2026-2027"
    start_date = datetime.date(2026, 8, 31)
    end_date = datetime.date(2027, 6, 30)
    is_current = True


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    employee_id = factory.Sequence(lambda n: f"E{n:06d}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"person{n}@district.test")
    position = Position.PRINCIPAL
    tier = LeadershipTier.BUILDING_ADMINISTRATOR
    school = factory.SubFactory(SchoolFactory)
    role_start_date = datetime.date(2026, 7, 1)


class NetworkSupportMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkSupportMember

    network = factory.SubFactory(NetworkFactory)
    person = factory.SubFactory(PersonFactory, position=Position.CENTRAL_OFFICE, tier="", school=None)
    title = "Senior director"
