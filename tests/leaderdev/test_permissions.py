"""The one permission layer: roles, role_required, and object rules as queryset scopes."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from leaderdev import permissions
from leaderdev.models import Person
from leaderdev.permissions import Role, get_visible_or_404, has_role, role_required, roles_of, visible_to
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@role_required(Role.PROGRAM_STAFF)
def staff_only_view(request):
    return HttpResponse("ok")


def _request(user):
    request = RequestFactory().get("/somewhere/?x=1")
    request.user = user
    return request


def test_roles_come_from_groups(make_user):
    user = make_user(Role.MENTOR, Role.LEADER)
    assert roles_of(user) == {Role.MENTOR, Role.LEADER}


def test_superuser_holds_every_role(superuser):
    assert roles_of(superuser) == set(Role)


def test_inactive_user_holds_no_role(make_user):
    user = make_user(Role.PROGRAM_STAFF, is_active=False)
    assert not has_role(user, Role.PROGRAM_STAFF)


def test_anonymous_holds_no_role():
    from django.contrib.auth.models import AnonymousUser

    assert roles_of(AnonymousUser()) == frozenset()


def test_role_required_sends_anonymous_to_login():
    from django.contrib.auth.models import AnonymousUser

    response = staff_only_view(_request(AnonymousUser()))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")


def test_role_required_refuses_the_wrong_role(make_user):
    with pytest.raises(PermissionDenied):
        staff_only_view(_request(make_user(Role.LEADER)))


def test_role_required_admits_the_role(program_staff):
    assert staff_only_view(_request(program_staff)).content == b"ok"


def test_role_required_needs_a_role():
    with pytest.raises(ValueError):
        role_required()


def test_leader_sees_only_their_own_person(leader):
    PersonFactory()
    visible = visible_to(leader, Person.objects.all())
    assert list(visible) == [leader.person]


def test_staff_see_every_person(program_staff):
    PersonFactory.create_batch(3)
    assert visible_to(program_staff, Person.objects.all()).count() == 3


def test_login_without_role_sees_only_its_own_record(db):
    user = UserFactory()
    PersonFactory(user=user)
    # A login linked to a record still sees it (people see themselves), but no one else.
    other = PersonFactory()
    assert other not in visible_to(user, Person.objects.all())


def test_other_persons_record_is_404_not_leaked(leader):
    other = PersonFactory()
    with pytest.raises(Http404):
        get_visible_or_404(leader, Person.objects.all(), pk=other.pk)


def test_model_without_rules_is_superuser_only(leader, superuser):
    from django.contrib.auth.models import Group

    assert not visible_to(leader, Group.objects.all()).exists()
    assert visible_to(superuser, Group.objects.all()).exists()


def test_rules_for_a_model_are_ored(leader, monkeypatch):
    """An app can widen access (e.g. mentors see mentees) by registering one more rule."""
    mentee = PersonFactory(first_name="Mentee")
    PersonFactory(first_name="Stranger")
    rules = dict(permissions._rules)
    rules[Person] = [*permissions._rules[Person], lambda user: Q(first_name="Mentee")]
    monkeypatch.setattr(permissions, "_rules", rules)
    visible = set(visible_to(leader, Person.objects.all()))
    assert visible == {leader.person, mentee}
