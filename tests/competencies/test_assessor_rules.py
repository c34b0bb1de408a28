"""Who may assess whom (competencies.rules): staff now, coaches and mentors through pluggable rules."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from competencies import rules
from competencies.models import AssessmentKind
from competencies.rules import can_assess, kinds_user_may_record, people_assessable_by
from leaderdev.permissions import Role, has_role
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

EVERY_KIND = ["self", "coach", "mentor", "supervisor"]


@pytest.fixture
def isolated_rules(monkeypatch):
    """A copy of the assessor rules for this test, so rules it registers vanish afterwards."""
    registry = rules._assessor_rules.__class__(list, {k: list(v) for k, v in rules._assessor_rules.items()})
    monkeypatch.setattr(rules, "_assessor_rules", registry)
    return registry


def test_program_staff_may_record_every_kind_for_anyone(program_staff):
    person = PersonFactory()
    assert kinds_user_may_record(program_staff, person) == EVERY_KIND


def test_a_superuser_may_record_every_kind(superuser):
    assert kinds_user_may_record(superuser, PersonFactory()) == EVERY_KIND


def test_a_leader_may_only_assess_themselves(leader):
    assert kinds_user_may_record(leader, leader.person) == ["self"]
    assert list(people_assessable_by(leader, AssessmentKind.SELF)) == [leader.person]


def test_a_leader_may_not_assess_anyone_else(leader):
    assert kinds_user_may_record(leader, PersonFactory()) == []


@pytest.mark.parametrize("role", [Role.COACH, Role.MENTOR])
@pytest.mark.parametrize("kind", ["coach", "mentor", "supervisor"])
def test_coaches_and_mentors_without_assignments_assess_nobody(make_user, role, kind):
    PersonFactory.create_batch(2)
    assert not people_assessable_by(make_user(role), kind).exists()


@pytest.mark.parametrize("role", [Role.COACH, Role.MENTOR])
def test_coaches_and_mentors_may_assess_themselves(make_user, role):
    user = make_user(role)
    PersonFactory(user=user)
    assert kinds_user_may_record(user, user.person) == ["self"]


@pytest.mark.parametrize("role", [Role.RECRUITMENT_STAFF, Role.LICENSURE_TEAM])
def test_the_other_office_teams_assess_nobody_not_even_themselves(make_user, role):
    user = make_user(role)
    PersonFactory(user=user)
    assert kinds_user_may_record(user, user.person) == []


def test_anonymous_users_assess_nobody():
    assert not people_assessable_by(AnonymousUser(), AssessmentKind.SELF).exists()


def test_nobody_assesses_someone_who_left(program_staff):
    gone = PersonFactory(is_active=False)
    assert not can_assess(program_staff, gone, AssessmentKind.SUPERVISOR)


def test_a_registered_rule_widens_exactly_that_kind_and_person(make_user, isolated_rules):
    assigned, other = PersonFactory(), PersonFactory()

    @rules.assessor_rule(AssessmentKind.COACH)
    def coaches_assess_their_coachees(user):
        return Q(pk=assigned.pk) if has_role(user, Role.COACH) else False

    coach = make_user(Role.COACH)
    assert list(people_assessable_by(coach, AssessmentKind.COACH)) == [assigned]
    assert kinds_user_may_record(coach, assigned) == ["coach"]
    assert kinds_user_may_record(coach, other) == []
    assert kinds_user_may_record(make_user(Role.MENTOR), assigned) == []


def test_registered_rules_add_to_the_existing_ones(program_staff, make_user, isolated_rules):
    rules.assessor_rule(AssessmentKind.MENTOR)(lambda user: Q(pk=-1))
    assert kinds_user_may_record(program_staff, PersonFactory()) == EVERY_KIND


def test_rules_for_one_kind_are_ored(make_user, isolated_rules):
    first, second = PersonFactory(), PersonFactory()
    rules.assessor_rule(AssessmentKind.MENTOR)(lambda user: Q(pk=first.pk))
    rules.assessor_rule(AssessmentKind.MENTOR)(lambda user: Q(pk=second.pk))
    assessable = people_assessable_by(make_user(Role.MENTOR), AssessmentKind.MENTOR)
    assert set(assessable) == {first, second}


def test_a_rule_answering_true_opens_every_active_person(make_user, isolated_rules):
    people = PersonFactory.create_batch(2)
    PersonFactory(is_active=False)
    rules.assessor_rule(AssessmentKind.SUPERVISOR)(lambda user: has_role(user, Role.COACH))
    assert set(people_assessable_by(make_user(Role.COACH), AssessmentKind.SUPERVISOR)) == set(people)
