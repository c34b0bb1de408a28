import pytest

from leaderdev.permissions import Role
from tests.factories.district import PersonFactory, UserFactory
from tests.factories.mentoring import CoachAssignmentFactory, CoachFactory, MentorFactory, MentorshipFactory


@pytest.fixture
def mentorship(school_year):
    """An active mentorship: a veteran principal with a Mentor login and a first-year principal with a
    Leader login."""
    mentor_user = UserFactory(roles=[Role.MENTOR])
    mentee_user = UserFactory(roles=[Role.LEADER])
    mentor = MentorFactory(person__user=mentor_user, school_year=school_year)
    return MentorshipFactory(school_year=school_year, mentor=mentor, mentee=PersonFactory(user=mentee_user))


@pytest.fixture
def coaching(school_year):
    """An active coach assignment: a partner coach with a Coach login and a first-year leader's login."""
    coach = CoachFactory(user=UserFactory(roles=[Role.COACH]))
    leader_user = UserFactory(roles=[Role.LEADER])
    return CoachAssignmentFactory(
        coach=coach, leader=PersonFactory(user=leader_user), school_year=school_year
    )
