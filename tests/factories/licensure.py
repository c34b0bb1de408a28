import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from licensure.models import (
    AttendanceStatus,
    Evidence,
    GroupMembership,
    LicensePursuit,
    LicenseType,
    MeetingAttendance,
    ProgressStatus,
    PursuitStatus,
    Requirement,
    RequirementKind,
    RequirementProgress,
    SupportGroup,
    SupportMeeting,
)

from .district import PersonFactory, SchoolYearFactory
from .mentoring import VeteranFactory


class LicenseTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LicenseType
        django_get_or_create = ["code"]

    name = factory.Sequence(lambda n: f"Test license {n}")
    code = factory.Sequence(lambda n: f"test-license-{n}")


class RequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Requirement

    license_type = factory.SubFactory(LicenseTypeFactory)
    kind = RequirementKind.COURSEWORK
    title = factory.Sequence(lambda n: f"Requirement {n}")
    order = factory.Sequence(lambda n: n)


class PracticumRequirementFactory(RequirementFactory):
    kind = RequirementKind.PRACTICUM
    title = factory.Sequence(lambda n: f"Practicum {n}")
    target_amount = Decimal("500")
    unit = "hours"


class LicensePursuitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LicensePursuit

    person = factory.SubFactory(PersonFactory)
    license_type = factory.SubFactory(LicenseTypeFactory)
    status = PursuitStatus.IN_PROGRESS
    started_on = datetime.date(2026, 9, 1)
    target_date = datetime.date(2027, 6, 30)


class RequirementProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequirementProgress

    pursuit = factory.SubFactory(LicensePursuitFactory)
    requirement = factory.SubFactory(
        RequirementFactory, license_type=factory.SelfAttribute("..pursuit.license_type")
    )
    status = ProgressStatus.IN_PROGRESS


class VerifiedProgressFactory(RequirementProgressFactory):
    status = ProgressStatus.VERIFIED
    verified_at = factory.LazyFunction(timezone.now)


class LinkEvidenceFactory(factory.django.DjangoModelFactory):
    """Evidence given as a link (tests that need a file upload one through the page or the service)."""

    class Meta:
        model = Evidence

    progress = factory.SubFactory(RequirementProgressFactory)
    link = "https://example.org/score-report/123"
    description = "Score report"


class SupportGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportGroup
        skip_postgeneration_save = True

    school_year = factory.SubFactory(SchoolYearFactory)
    name = factory.Sequence(lambda n: f"Licensure group {n}")
    usual_time = "Second Wednesday, 4:00-5:30 pm"

    @factory.post_generation
    def facilitators(self, create, extracted, **kwargs):
        if not create:
            return
        self.facilitators.set(extracted if extracted is not None else [VeteranFactory()])


class GroupMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupMembership

    group = factory.SubFactory(SupportGroupFactory)
    person = factory.SubFactory(PersonFactory)
    joined_on = datetime.date(2026, 9, 1)


class SupportMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportMeeting

    group = factory.SubFactory(SupportGroupFactory)
    starts_at = factory.Sequence(
        lambda n: timezone.make_aware(datetime.datetime(2026, 9, 9, 16, 0)) + datetime.timedelta(days=28 * n)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(minutes=90))
    location = "Bolling Building, room 2"


class MeetingAttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingAttendance

    meeting = factory.SubFactory(SupportMeetingFactory)
    person = factory.SubFactory(PersonFactory)
    status = AttendanceStatus.PRESENT
