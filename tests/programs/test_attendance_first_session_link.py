"""An offering's attendance page without sessions points staff who may add one to adding its first session."""

import pytest
from django.urls import reverse

from leaderdev.permissions import Role
from tests.factories import UserFactory
from tests.factories.programs import OfferingFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_it_links_an_offering_without_sessions_to_adding_its_first(client, program_staff):
    offering = OfferingFactory()
    client.force_login(program_staff)
    response = client.get(reverse("programs:attendance_grid", args=[offering.pk]))
    assert response.status_code == 200
    link = f'href="{reverse("admin:programs_session_add")}?offering={offering.pk}"'
    assert link in response.content.decode()


def test_it_hides_the_link_from_staff_without_the_admin(client):
    offering = OfferingFactory()
    client.force_login(UserFactory(roles=[Role.PROGRAM_STAFF], is_staff=False))
    response = client.get(reverse("programs:attendance_grid", args=[offering.pk]))
    assert response.status_code == 200
    assert "This offering has no sessions yet." in response.content.decode()
    assert reverse("admin:programs_session_add") not in response.content.decode()


def test_it_shows_no_link_once_the_offering_has_a_session(client, program_staff):
    offering = SessionFactory().offering
    client.force_login(program_staff)
    response = client.get(reverse("programs:attendance_grid", args=[offering.pk]))
    assert response.status_code == 200
    assert reverse("admin:programs_session_add") not in response.content.decode()
