"""A support group to test the meeting pages and services with (shared by the meeting test modules)."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from leaderdev.permissions import Role
from licensure.models import GroupMembership, SupportGroup, SupportMeeting
from tests.factories import PersonFactory, UserFactory
from tests.factories.licensure import (
    GroupMembershipFactory,
    LicensePursuitFactory,
    SupportGroupFactory,
    SupportMeetingFactory,
)
from tests.factories.mentoring import VeteranFactory


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Hash test passwords cheaply: a group brings several logins, and PBKDF2 takes half a second each.
    Import it into a test module to use it there."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Group:
    group: SupportGroup
    facilitator: object  # the facilitator's login (a Mentor)
    member: object  # a member's login (a Leader)
    other: object  # another member's login
    held: SupportMeeting  # a week ago
    upcoming: SupportMeeting  # in two weeks

    @property
    def member_person(self):
        return self.member.person

    @property
    def other_person(self):
        return self.other.person


def a_member(group: SupportGroup, **person) -> GroupMembership:
    """A new member of `group` with a Leader login and an active license pursuit."""
    user = UserFactory(roles=[Role.LEADER])
    membership = GroupMembershipFactory(group=group, person=PersonFactory(user=user, **person))
    LicensePursuitFactory(person=membership.person)
    return membership


def meeting_at(group: SupportGroup, days_from_now: int, **fields) -> SupportMeeting:
    starts_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days_from_now)
    return SupportMeetingFactory(group=group, starts_at=starts_at, **fields)


def a_group(school_year, **fields) -> Group:
    """A current-year group run by a veteran principal (Mentor login), with two members (Leader logins),
    one meeting held a week ago and one in two weeks."""
    facilitator = UserFactory(roles=[Role.MENTOR])
    group = SupportGroupFactory(
        school_year=school_year, facilitators=[VeteranFactory(user=facilitator)], **fields
    )
    member = a_member(group).person.user
    other = a_member(group).person.user
    return Group(
        group=group,
        facilitator=facilitator,
        member=member,
        other=other,
        held=meeting_at(group, -7, agenda="Practicum logs; the performance assessment."),
        upcoming=meeting_at(group, 14),
    )
