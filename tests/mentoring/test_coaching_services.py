"""Partner coaching's write workflows: one active coach per leader per year, active coaches only."""

import datetime

import pytest

from leaderdev.errors import DomainError
from leaderdev.models import Position
from mentoring.models import CoachAssignment, MentorshipStatus
from mentoring.services.coaching import assign_coach, end_assignment
from tests.factories import PersonFactory
from tests.factories.mentoring import CoachAssignmentFactory, CoachFactory, PartnerOrganizationFactory

pytestmark = pytest.mark.django_db

SEPT_8 = datetime.date(2026, 9, 8)


def test_it_assigns_a_coach(school_year):
    coach, leader = CoachFactory(), PersonFactory()
    assignment = assign_coach(coach, leader, school_year, started_on=SEPT_8)
    assignment.refresh_from_db()
    assert (assignment.coach, assignment.leader, assignment.school_year) == (coach, leader, school_year)
    assert (assignment.status, assignment.started_on) == (MentorshipStatus.ACTIVE, SEPT_8)


def test_it_starts_today_or_on_the_first_day_of_the_year_by_default(school_year):
    assignment = assign_coach(CoachFactory(), PersonFactory(), school_year)
    assert assignment.started_on >= school_year.start_date


def test_it_refuses_a_second_active_coach_for_the_year(school_year):
    current = CoachAssignmentFactory(school_year=school_year)
    other = CoachFactory()
    with pytest.raises(DomainError, match=f"already has a coach for 2026-2027: {current.coach.full_name}"):
        assign_coach(other, current.leader, school_year, started_on=SEPT_8)
    assert CoachAssignment.objects.filter(leader=current.leader).count() == 1


def test_it_refuses_the_same_coach_twice(school_year):
    current = CoachAssignmentFactory(school_year=school_year)
    with pytest.raises(DomainError, match="already coaches"):
        assign_coach(current.coach, current.leader, school_year, started_on=SEPT_8)


def test_a_new_coach_can_follow_an_ended_assignment(school_year):
    current = CoachAssignmentFactory(school_year=school_year)
    end_assignment(current, ended_on=datetime.date(2026, 10, 30))
    assign_coach(CoachFactory(), current.leader, school_year, started_on=datetime.date(2026, 11, 2))
    assert CoachAssignment.objects.filter(leader=current.leader, status=MentorshipStatus.ACTIVE).count() == 1


def test_it_refuses_an_inactive_coach(school_year):
    coach, leader = CoachFactory(is_active=False), PersonFactory()
    with pytest.raises(DomainError, match="not an active coach"):
        assign_coach(coach, leader, school_year, started_on=SEPT_8)
    assert not CoachAssignment.objects.exists()


def test_it_refuses_a_coach_of_an_inactive_organisation(school_year):
    coach = CoachFactory(organization=PartnerOrganizationFactory(name="Closed partner", is_active=False))
    with pytest.raises(DomainError, match="not an active coach"):
        assign_coach(coach, PersonFactory(), school_year, started_on=SEPT_8)


def test_it_refuses_someone_who_left(school_year):
    with pytest.raises(DomainError, match="left the district"):
        assign_coach(CoachFactory(), PersonFactory(is_active=False), school_year, started_on=SEPT_8)


def test_it_refuses_someone_who_is_not_a_school_leader(school_year):
    teacher = PersonFactory(position=Position.TEACHER_LEADER)
    with pytest.raises(DomainError, match="not a school leader"):
        assign_coach(CoachFactory(), teacher, school_year, started_on=SEPT_8)


def test_it_refuses_a_start_outside_the_year(school_year):
    with pytest.raises(DomainError, match="within 2026-2027"):
        assign_coach(CoachFactory(), PersonFactory(), school_year, started_on=datetime.date(2026, 6, 1))


def test_end_assignment_ends_it(school_year):
    assignment = CoachAssignmentFactory(school_year=school_year)
    end_assignment(assignment, ended_on=datetime.date(2026, 12, 1))
    assignment.refresh_from_db()
    assert (assignment.status, assignment.ended_on) == (MentorshipStatus.ENDED, datetime.date(2026, 12, 1))


def test_end_assignment_refuses_an_ended_one(school_year):
    assignment = CoachAssignmentFactory(school_year=school_year, status=MentorshipStatus.ENDED)
    with pytest.raises(DomainError, match="already ended"):
        end_assignment(assignment)


def test_end_assignment_refuses_a_day_before_it_started(school_year):
    assignment = CoachAssignmentFactory(school_year=school_year, started_on=SEPT_8)
    with pytest.raises(DomainError, match="cannot end before"):
        end_assignment(assignment, ended_on=datetime.date(2026, 9, 1))
