"""The pages that add a team member, end a membership and move a member to another tier."""

import datetime

import pytest
from django.urls import reverse

from leaderdev.models import LeadershipTier, Position
from leaderdev.permissions import Role
from programs.models import TeamKind, TeamMembership
from tests.factories import PersonFactory, SchoolFactory
from tests.factories.teams import SchoolTeamFactory, TeamMembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return SchoolFactory()


@pytest.fixture
def principal(make_user, school):
    user = make_user(Role.LEADER)
    PersonFactory(user=user, school=school, position=Position.PRINCIPAL)
    return user


def add_url(school):
    return reverse("programs:team_member_add", args=[school.pk])


def test_it_adds_a_member_in_their_tier_on_record(client, principal, school, school_year):
    person = PersonFactory(school=school, position=Position.TEACHER_LEADER, tier=LeadershipTier.LEAD_LEARNER)
    client.force_login(principal)

    response = client.post(
        add_url(school),
        {
            "team": TeamKind.PIPELINE,
            "person": person.pk,
            "tier": "",
            "role": "member",
            "start_date": "2026-09-01",
        },
    )

    assert response.status_code == 302
    assert response.url.startswith(reverse("programs:school_team", args=[school.pk]))
    membership = TeamMembership.objects.get(person=person)
    assert (membership.team.school, membership.team.kind, membership.tier) == (
        school,
        TeamKind.PIPELINE,
        LeadershipTier.LEAD_LEARNER,
    )
    assert membership.start_date == datetime.date(2026, 9, 1)


def test_it_offers_only_the_schools_active_staff(client, principal, school, school_year):
    here = PersonFactory(school=school)
    gone = PersonFactory(school=school, is_active=False)
    elsewhere = PersonFactory()
    client.force_login(principal)

    choices = client.get(add_url(school)).context["form"].fields["person"].queryset

    assert here in choices and gone not in choices and elsewhere not in choices


def test_it_shows_a_double_membership_as_a_form_error(client, principal, school, school_year):
    membership = TeamMembershipFactory(team=SchoolTeamFactory(school=school))
    client.force_login(principal)

    response = client.post(
        add_url(school),
        {
            "team": TeamKind.PIPELINE,
            "person": membership.person.pk,
            "tier": "",
            "role": "member",
            "start_date": "2026-09-01",
        },
    )

    assert response.status_code == 200
    assert "already on the pipeline team" in response.content.decode()
    assert TeamMembership.objects.count() == 1


def test_it_ends_a_membership(client, principal, school, school_year):
    membership = TeamMembershipFactory(team=SchoolTeamFactory(school=school))
    client.force_login(principal)

    response = client.post(
        reverse("programs:team_member_end", args=[membership.pk]),
        {"end_date": "2026-11-20", "reason": "Moved to another school"},
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.end_date, membership.end_reason) == (
        datetime.date(2026, 11, 20),
        "Moved to another school",
    )


def test_it_moves_a_member_up_a_tier(client, principal, school, school_year):
    membership = TeamMembershipFactory(
        team=SchoolTeamFactory(school=school), tier=LeadershipTier.LEAD_LEARNER
    )
    client.force_login(principal)

    response = client.post(
        reverse("programs:team_member_tier", args=[membership.pk]),
        {"tier": LeadershipTier.EMERGING_LEADER, "on_date": "2026-11-02"},
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.end_date == datetime.date(2026, 11, 1)
    current = TeamMembership.objects.current().get(person=membership.person)
    assert (current.tier, current.start_date) == (LeadershipTier.EMERGING_LEADER, datetime.date(2026, 11, 2))


def test_it_refuses_a_team_member_who_is_not_a_lead(client, make_user, school, school_year):
    team = SchoolTeamFactory(school=school)
    user = make_user(Role.LEADER)
    TeamMembershipFactory(team=team, person__user=user, person__position=Position.TEACHER_LEADER)
    other = TeamMembershipFactory(team=team)
    client.force_login(user)

    response = client.post(reverse("programs:team_member_end", args=[other.pk]), {"end_date": "2026-11-20"})

    assert response.status_code == 403
    other.refresh_from_db()
    assert other.end_date is None


def test_it_hides_another_schools_membership(client, principal, school_year):
    other = TeamMembershipFactory()
    client.force_login(principal)
    assert client.get(reverse("programs:team_member_end", args=[other.pk])).status_code == 404
    assert client.get(reverse("programs:team_member_tier", args=[other.pk])).status_code == 404
    assert client.get(add_url(other.team.school)).status_code == 404


def test_it_refuses_a_role_without_access(client, make_user, school, school_year):
    client.force_login(make_user(Role.LICENSURE_TEAM))
    assert client.get(add_url(school)).status_code == 403


def test_it_sends_anonymous_users_to_log_in(client, school):
    assert client.get(add_url(school)).status_code == 302


def test_it_rejects_put(client, principal, school, school_year):
    client.force_login(principal)
    assert client.put(add_url(school)).status_code == 405
