"""What mentoring.rules lets mentors and coaches reach in the other apps: their people's staff record, PD
plan (goals and comments), assessments, the right to assess them and to comment on their plans; nothing of
anyone else's, and nothing once the mentorship or coaching has ended or the role is gone."""

import datetime

import pytest
from django.contrib.auth.models import Group

from competencies.models import Assessment, AssessmentKind, Competency
from competencies.rules import can_assess, people_assessable_by
from leaderdev.models import Person
from leaderdev.permissions import Role, visible_to
from mentoring.models import MentorshipStatus
from programs.models import PDPlan, PlanComment, PlanGoal
from programs.services.plans import can_comment
from tests.factories import PersonFactory, UserFactory
from tests.factories.competencies import AssessmentFactory
from tests.factories.programs import PDPlanFactory, PlanCommentFactory, PlanGoalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(school_year, mentorship, coaching):
    """A plan (with a goal and a comment) and a self-assessment for the mentee, the coached leader and a
    stranger nobody here supports."""
    made = {}
    for name, person in (
        ("mentee", mentorship.mentee),
        ("coachee", coaching.leader),
        ("stranger", PersonFactory(user=UserFactory(roles=[Role.LEADER]))),
    ):
        plan = PDPlanFactory(person=person, school_year=school_year)
        made[name] = {
            "person": person,
            "plan": plan,
            "comment": PlanCommentFactory(plan=plan),
            "assessment": AssessmentFactory(person=person, kind=AssessmentKind.SELF, assessor=person.user),
        }
    return made


def ids(user, model):
    return set(visible_to(user, model.objects.all()).values_list("pk", flat=True))


def reach(user, records):
    """Which of the fixture's three people `user` reaches, record by record."""
    return {
        "person": {n for n, r in records.items() if r["person"].pk in ids(user, Person)},
        "plan": {n for n, r in records.items() if r["plan"].pk in ids(user, PDPlan)},
        "comment": {n for n, r in records.items() if r["comment"].pk in ids(user, PlanComment)},
        "assessment": {n for n, r in records.items() if r["assessment"].pk in ids(user, Assessment)},
        "may_comment": {n for n, r in records.items() if can_comment(user, r["plan"])},
        "may_assess_as_mentor": {
            n for n, r in records.items() if r["person"] in people_assessable_by(user, AssessmentKind.MENTOR)
        },
        "may_assess_as_coach": {
            n for n, r in records.items() if r["person"] in people_assessable_by(user, AssessmentKind.COACH)
        },
    }


def test_a_mentor_reaches_their_mentee_and_no_one_else(mentorship, records):
    got = reach(mentorship.mentor.person.user, records)
    for key in ("person", "plan", "comment", "assessment", "may_comment", "may_assess_as_mentor"):
        assert got[key] == {"mentee"}, key
    assert got["may_assess_as_coach"] == set()


def test_a_coach_reaches_their_coachee_and_no_one_else(coaching, records):
    got = reach(coaching.coach.user, records)
    for key in ("person", "plan", "comment", "assessment", "may_comment", "may_assess_as_coach"):
        assert got[key] == {"coachee"}, key
    assert got["may_assess_as_mentor"] == set()


def test_a_mentor_reaches_their_mentees_plan_goals(mentorship, coaching, records, framework_v4):
    competency = Competency.objects.of_version(framework_v4).first()
    mine = PlanGoalFactory(plan=records["mentee"]["plan"], competency=competency)
    theirs = PlanGoalFactory(plan=records["stranger"]["plan"], competency=competency)
    visible = ids(mentorship.mentor.person.user, PlanGoal)
    assert mine.pk in visible and theirs.pk not in visible


def test_can_assess_says_the_same(mentorship, coaching):
    mentor = mentorship.mentor.person.user
    assert can_assess(mentor, mentorship.mentee, AssessmentKind.MENTOR)
    assert not can_assess(mentor, coaching.leader, AssessmentKind.MENTOR)
    assert not can_assess(coaching.coach.user, mentorship.mentee, AssessmentKind.COACH)


def test_the_reach_ends_with_the_mentorship(mentorship, records):
    mentorship.status = MentorshipStatus.ENDED
    mentorship.ended_on = mentorship.started_on
    mentorship.save()
    got = reach(mentorship.mentor.person.user, records)
    assert all(found == set() for found in got.values()), got


def test_the_reach_ends_with_the_coaching(coaching, records):
    coaching.status = MentorshipStatus.ENDED
    coaching.ended_on = coaching.started_on
    coaching.save()
    got = reach(coaching.coach.user, records)
    assert all(found == set() for found in got.values()), got


def test_the_reach_ends_with_the_school_year(mentorship, coaching, records):
    """A pair of a past year that nobody ended reaches nothing once a new year is current."""
    from tests.factories import SchoolYearFactory

    SchoolYearFactory(
        name="2027-2028",
        start_date=datetime.date(2027, 8, 30),
        end_date=datetime.date(2028, 6, 30),
        is_current=False,
    ).make_current()
    for user in (mentorship.mentor.person.user, coaching.coach.user):
        got = reach(type(user).objects.get(pk=user.pk), records)
        assert all(found == set() for found in got.values()), got


def test_the_reach_ends_with_the_mentor_role(mentorship, records):
    user = mentorship.mentor.person.user
    user.groups.remove(Group.objects.get(name=Role.MENTOR.group_name))
    user.groups.add(Group.objects.get(name=Role.LEADER.group_name))
    got = reach(type(user).objects.get(pk=user.pk), records)  # a fresh login: roles are read per request
    assert all(found == set() for found in got.values()), got


def test_the_mentee_does_not_reach_the_mentor(mentorship, records):
    """The rules run one way: a mentee sees themselves, not their mentor's plan or assessments."""
    mentor_plan = PDPlanFactory(person=mentorship.mentor.person, school_year=mentorship.school_year)
    mentee = mentorship.mentee.user
    assert mentor_plan.pk not in ids(mentee, PDPlan)
    assert mentorship.mentor.person.pk not in ids(mentee, Person)
    assert not can_comment(mentee, mentor_plan)
