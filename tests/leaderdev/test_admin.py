"""The admin for the shared schema: who may use it, and changelists that stay cheap as data grows."""

import pytest
from django.urls import reverse

from leaderdev.models import Person
from leaderdev.permissions import Role
from tests.factories import PersonFactory, SchoolFactory, SchoolYearFactory

pytestmark = pytest.mark.django_db

CHANGELISTS = ["person", "school", "network", "schoolyear", "user"]


@pytest.mark.parametrize("model", CHANGELISTS)
def test_superuser_opens_every_changelist(client, superuser, model):
    PersonFactory()
    client.force_login(superuser)
    assert client.get(reverse(f"admin:leaderdev_{model}_changelist")).status_code == 200


def test_program_staff_edit_people(client, program_staff):
    person = PersonFactory()
    client.force_login(program_staff)
    assert client.get(reverse("admin:leaderdev_person_change", args=[person.pk])).status_code == 200
    assert client.get(reverse("admin:leaderdev_person_add")).status_code == 200


def test_recruitment_staff_only_read_people(client, make_user):
    person = PersonFactory()
    client.force_login(make_user(Role.RECRUITMENT_STAFF, is_staff=True))
    assert client.get(reverse("admin:leaderdev_person_changelist")).status_code == 200
    assert client.get(reverse("admin:leaderdev_person_add")).status_code == 403
    response = client.post(
        reverse("admin:leaderdev_person_change", args=[person.pk]), {"first_name": "Changed"}
    )
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.first_name != "Changed"


def test_program_staff_cannot_manage_logins(client, program_staff):
    client.force_login(program_staff)
    assert client.get(reverse("admin:leaderdev_user_changelist")).status_code == 403


def test_leaders_are_kept_out_of_the_admin(client, leader):
    client.force_login(leader)
    response = client.get(reverse("admin:leaderdev_person_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_make_current_action_moves_the_current_year(client, superuser):
    import datetime

    old = SchoolYearFactory()
    new = SchoolYearFactory(
        name="2027-2028",
        start_date=datetime.date(2027, 8, 30),
        end_date=datetime.date(2028, 6, 29),
        is_current=False,
    )
    client.force_login(superuser)
    response = client.post(
        reverse("admin:leaderdev_schoolyear_changelist"),
        {"action": "make_current", "_selected_action": [new.pk]},
    )
    assert response.status_code == 302
    new.refresh_from_db()
    old.refresh_from_db()
    assert new.is_current and not old.is_current


@pytest.mark.parametrize("model", ["person", "school"])
def test_changelist_query_count_does_not_grow(client, superuser, django_assert_max_num_queries, model):
    client.force_login(superuser)
    url = reverse(f"admin:leaderdev_{model}_changelist")
    PersonFactory.create_batch(3)
    with django_assert_max_num_queries(15):
        client.get(url)
    SchoolFactory.create_batch(20)
    PersonFactory.create_batch(60)
    assert Person.objects.count() == 63
    with django_assert_max_num_queries(15):
        client.get(url)


def test_program_staff_put_network_staff_on_a_networks_support_team(client, program_staff):
    from leaderdev.models import NetworkSupportMember, Position
    from tests.factories import NetworkFactory

    network = NetworkFactory()
    director = PersonFactory(position=Position.CENTRAL_OFFICE, school=None, tier="")
    client.force_login(program_staff)
    url = reverse("admin:leaderdev_network_change", args=[network.pk])
    assert "support team (network staff)" in client.get(url).content.decode().lower()
    prefix = "support_team"
    response = client.post(
        url,
        {
            "name": network.name,
            "code": network.code,
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-0-person": director.pk,
            f"{prefix}-0-title": "Senior director",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    member = NetworkSupportMember.objects.get()
    assert (member.network, member.person, member.title) == (network, director, "Senior director")
