"""Duplicate detection when a candidate is added: the same e-mail is refused, the same name asks staff to
confirm it is someone else, and nothing typed is lost on the way."""

import re

import pytest
from django.urls import reverse

from leaderdev.errors import DomainError
from leaderdev.permissions import Role
from recruitment.models import Application, Candidate, HiringRole
from recruitment.services.candidates import add_candidate, possible_duplicates
from tests.factories.recruitment import CandidateFactory, HiringCycleFactory, SourceFactory

pytestmark = pytest.mark.django_db

NEW = reverse("recruitment:candidate_new")


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def known(db):
    return CandidateFactory(first_name="José", last_name="Ortíz", email="jose.ortiz@example.test")


@pytest.fixture
def staff_client(client, make_user):
    client.force_login(make_user(Role.RECRUITMENT_STAFF))
    return client


def form(**overrides):
    cycle = HiringCycleFactory()
    data = {
        "first_name": "Jose",
        "last_name": "ORTIZ",
        "email": "jortiz@another.test",
        "current_role": "Dean of students",
        "add_application": "on",
        "cycle": cycle.pk,
        "role": HiringRole.PRINCIPAL,
        "source": SourceFactory(name="Job board").pk,
    }
    data.update(overrides)
    return data


# --- The service -----------------------------------------------------------------------------------------


def test_the_same_name_ignoring_case_accents_and_spaces_is_a_possible_duplicate(known):
    assert possible_duplicates(first_name=" jose ", last_name="ORTIZ", email="other@x.test") == [known]


def test_the_same_email_in_any_case_is_a_possible_duplicate(known):
    assert possible_duplicates(first_name="J.", last_name="Smith", email="JOSE.Ortiz@example.test") == [known]


def test_someone_else_is_not_a_duplicate(known):
    assert possible_duplicates(first_name="Josefa", last_name="Ortiz", email="josefa@x.test") == []


def test_adding_a_same_name_candidate_needs_confirming(known):
    with pytest.raises(DomainError, match="may be someone already known"):
        add_candidate(first_name="Jose", last_name="Ortiz", email="other@x.test")
    assert Candidate.objects.count() == 1


def test_a_confirmed_same_name_candidate_is_added(known):
    candidate = add_candidate(first_name="Jose", last_name="Ortiz", email="other@x.test", confirm_new=True)
    assert Candidate.objects.filter(pk=candidate.pk, email="other@x.test").exists()


def test_the_same_email_is_refused_even_when_confirmed(known):
    with pytest.raises(DomainError, match="already has the e-mail"):
        add_candidate(first_name="Other", last_name="Name", email="jose.ortiz@example.test", confirm_new=True)
    assert Candidate.objects.count() == 1


# --- The page --------------------------------------------------------------------------------------------


def test_a_same_name_candidate_is_shown_with_a_link_and_nothing_is_added(staff_client, known):
    response = staff_client.post(NEW, form())

    html = response.content.decode()
    assert response.status_code == 200
    assert "Possibly already known" in html
    assert f'href="{reverse("recruitment:candidate_detail", args=[known.pk])}"' in html
    assert 'name="confirm_new"' in html
    assert Candidate.objects.count() == 1
    assert not Application.objects.exists()


def test_nothing_typed_is_lost_on_a_duplicate_warning(staff_client, known):
    html = staff_client.post(NEW, form()).content.decode()
    assert 'value="jortiz@another.test"' in html
    assert 'value="Dean of students"' in html
    assert re.search(r'<option value="principal" selected>', html)


def test_confirming_someone_else_adds_them(staff_client, known):
    response = staff_client.post(NEW, form(confirm_new="on"))
    assert response.status_code == 302
    added = Candidate.objects.exclude(pk=known.pk).get()
    assert (added.first_name, added.email) == ("Jose", "jortiz@another.test")
    assert Application.objects.filter(candidate=added).exists()


def test_the_same_email_is_refused_outright(staff_client, known):
    response = staff_client.post(
        NEW, form(first_name="Joe", last_name="Other", email="Jose.Ortiz@example.test")
    )
    content = text(response.content.decode())
    assert "José Ortíz already has this e-mail: open their record instead." in content
    assert 'name="confirm_new"' not in response.content.decode()
    assert Candidate.objects.count() == 1


def test_the_same_email_is_refused_even_if_confirmed(staff_client, known):
    staff_client.post(NEW, form(email="jose.ortiz@example.test", confirm_new="on"))
    assert Candidate.objects.count() == 1


def test_no_warning_for_someone_new(staff_client, known):
    response = staff_client.post(NEW, form(first_name="Ana", last_name="Lima", email="ana@x.test"))
    assert response.status_code == 302
    assert Candidate.objects.count() == 2
