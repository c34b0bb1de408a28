"""Spotlights: everyone with a role sees them all, filtered by network, level and competency; program staff
and the school's network staff record and change them."""

import pytest
from django.urls import reverse

from competencies.models import Competency
from leaderdev.models import SchoolLevel
from leaderdev.permissions import Role
from programs.models import Spotlight
from tests.factories import PersonFactory, SchoolFactory
from tests.factories.district import NetworkSupportMemberFactory
from tests.factories.teams import InitiativeFactory, SchoolTeamFactory, SpotlightFactory

pytestmark = pytest.mark.django_db

LIST = reverse("programs:spotlight_list")
ADD = reverse("programs:spotlight_add")


@pytest.fixture
def spotlight():
    return SpotlightFactory(title="Ten-minute looks at student work")


@pytest.fixture
def network_staff(make_user, spotlight):
    user = make_user(Role.NETWORK_STAFF)
    NetworkSupportMemberFactory(network=spotlight.school.network, person__user=user)
    return user


@pytest.mark.parametrize("role", [Role.LEADER, Role.MENTOR, Role.RECRUITMENT_STAFF, Role.LICENSURE_TEAM])
def test_everyone_with_a_role_sees_every_spotlight(client, make_user, role, spotlight):
    client.force_login(make_user(role))
    response = client.get(LIST)
    assert response.status_code == 200
    assert list(response.context["page"]) == [spotlight]
    assert b"Ten-minute looks at student work" in response.content
    assert b"Add a spotlight" not in response.content


def test_a_user_without_a_role_gets_403(client, make_user):
    client.force_login(make_user())
    assert client.get(LIST).status_code == 403


def test_anonymous_goes_to_login(client):
    assert client.get(LIST).status_code == 302


def test_the_list_rejects_post(client, program_staff):
    client.force_login(program_staff)
    assert client.post(LIST).status_code == 405


def test_it_filters_by_network_level_and_competency(client, program_staff, spotlight, framework_v4):
    middle = SpotlightFactory(school__level=SchoolLevel.MIDDLE)
    competency = Competency.objects.filter(domain__version=framework_v4).first()
    middle.competencies.add(competency)
    client.force_login(program_staff)
    assert list(client.get(LIST, {"network": spotlight.school.network_id}).context["page"]) == [spotlight]
    assert list(client.get(LIST, {"level": SchoolLevel.MIDDLE}).context["page"]) == [middle]
    assert list(client.get(LIST, {"competency": competency.pk}).context["page"]) == [middle]


def _spotlights(count, competencies):
    for _ in range(count):
        spotlight = SpotlightFactory(initiative=InitiativeFactory())
        spotlight.presenters.add(PersonFactory(), PersonFactory())
        spotlight.competencies.add(*competencies)


def test_the_list_costs_the_same_at_two_sizes(client, make_user, framework_v4, django_assert_max_num_queries):
    competencies = list(Competency.objects.filter(domain__version=framework_v4)[:2])
    client.force_login(make_user(Role.LEADER))
    _spotlights(2, competencies)
    with django_assert_max_num_queries(12) as small:
        assert client.get(LIST).status_code == 200
    _spotlights(8, competencies)
    with django_assert_max_num_queries(len(small)):
        response = client.get(LIST)
    assert len(response.context["page"]) == 10


def test_network_staff_add_a_spotlight_of_their_school(client, network_staff, spotlight):
    school = spotlight.school
    initiative = InitiativeFactory(team=SchoolTeamFactory(school=school))
    presenter = PersonFactory(school=school)
    client.force_login(network_staff)
    response = client.post(
        ADD,
        {
            "school": school.pk,
            "title": "Data walls that teachers use",
            "held_on": "2027-01-08",
            "practice": "Every grade team keeps one wall.",
            "initiative": initiative.pk,
            "presenters": [presenter.pk],
        },
    )
    assert response.status_code == 302
    added = Spotlight.objects.get(title="Data walls that teachers use")
    assert (added.school, added.initiative) == (school, initiative)
    assert list(added.presenters.all()) == [presenter]


def test_network_staff_may_not_add_another_networks_spotlight(client, network_staff):
    elsewhere = SchoolFactory()
    client.force_login(network_staff)
    response = client.post(
        ADD, {"school": elsewhere.pk, "title": "Not ours", "held_on": "2027-01-08", "practice": "x"}
    )
    assert response.status_code == 200
    assert "school" in response.context["form"].errors
    assert not Spotlight.objects.filter(title="Not ours").exists()


def test_another_schools_initiative_is_refused(client, program_staff, spotlight):
    other = InitiativeFactory()
    client.force_login(program_staff)
    response = client.post(
        ADD,
        {
            "school": spotlight.school.pk,
            "title": "Mixed up",
            "held_on": "2027-01-08",
            "practice": "x",
            "initiative": other.pk,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert any("another school's initiative" in error for error in errors)
    assert not Spotlight.objects.filter(title="Mixed up").exists()


def test_a_leader_may_not_add(client, leader):
    client.force_login(leader)
    assert client.get(ADD).status_code == 403


def test_program_staff_edit_a_spotlight(client, program_staff, spotlight):
    client.force_login(program_staff)
    response = client.post(
        reverse("programs:spotlight_edit", args=[spotlight.pk]),
        {"school": spotlight.school.pk, "title": "Renamed", "held_on": "2027-01-09", "practice": "Same."},
    )
    assert response.status_code == 302
    spotlight.refresh_from_db()
    assert (spotlight.title, str(spotlight.held_on)) == ("Renamed", "2027-01-09")


def test_other_network_staff_may_not_edit(client, make_user, spotlight):
    user = make_user(Role.NETWORK_STAFF)
    NetworkSupportMemberFactory(person__user=user)
    client.force_login(user)
    url = reverse("programs:spotlight_edit", args=[spotlight.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "Hijacked"}).status_code == 403
    spotlight.refresh_from_db()
    assert spotlight.title == "Ten-minute looks at student work"


def test_editing_a_missing_spotlight_is_404(client, program_staff):
    client.force_login(program_staff)
    assert client.get(reverse("programs:spotlight_edit", args=[999999])).status_code == 404
