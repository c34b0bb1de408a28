"""The apply page: who may open it, what it shows of the open cohort, the supervisor list, the essays'
word limit, applying through the service, and the pages shown when nothing can be applied to."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from fellowships.models import ESSAY_WORDS, ApplicationStatus, FellowshipApplication
from fellowships.services import selection
from leaderdev.errors import DomainError
from leaderdev.models import Position
from leaderdev.permissions import Role
from tests.factories import PersonFactory, SchoolFactory, UserFactory
from tests.factories.fellowships import (
    AspiringLeaderFactory,
    CohortFactory,
    CohortMilestoneFactory,
    FellowshipApplicationFactory,
)
from tests.factories.mentoring import VeteranFactory

pytestmark = pytest.mark.django_db

APPLY = reverse("fellowships:apply")
MY_APPLICATION = reverse("fellowships:my_application")


def text(html: str) -> str:
    """What a reader sees: tags dropped, entities decoded, whitespace collapsed."""
    flat = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()
    return unescape(re.sub(r" ([.,:;)])", r"\1", flat))


def today():
    return timezone.localdate()


@pytest.fixture
def cohort(school_year):
    """A cohort whose window opened a week ago and closes in three weeks."""
    return CohortFactory(
        school_year=school_year,
        places=6,
        applications_open_on=today() - datetime.timedelta(days=7),
        applications_close_on=today() + datetime.timedelta(days=21),
    )


@pytest.fixture
def school():
    return SchoolFactory(name="Hernández K-8")


@pytest.fixture
def applicant(school):
    """An assistant principal with a login in the Leader role."""
    user = UserFactory(roles=[Role.LEADER], full_name="Ana Ruiz")
    AspiringLeaderFactory(user=user, first_name="Ana", last_name="Ruiz", school=school)
    return user


@pytest.fixture
def principal(school):
    return VeteranFactory(first_name="Marcus", last_name="Bell", school=school)


def essays(**overrides):
    data = {
        "why_principal": "I want to lead a school where every child is known.",
        "leadership_experience": "I led our grade 3 team's data cycles for two years.",
        "equity_commitment": "I rebuilt our discipline referral process with families.",
    }
    return data | overrides


# --- Who may open it ---------------------------------------------------------------------------------------


def test_anonymous_people_are_sent_to_sign_in(client, cohort):
    response = client.get(APPLY)
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_login_without_a_staff_record_gets_a_friendly_page(client, cohort, make_user):
    client.force_login(make_user(Role.LEADER))
    response = client.get(APPLY)
    assert response.status_code == 403
    assert "need a district staff record" in text(response.content.decode())
    assert "form" not in response.context


def test_it_rejects_put(client, applicant, cohort):
    client.force_login(applicant)
    assert client.put(APPLY).status_code == 405


@pytest.mark.parametrize("position", [Position.PRINCIPAL, Position.HEAD_OF_SCHOOL])
def test_principals_are_told_the_fellowship_prepares_others(client, cohort, position):
    user = UserFactory(roles=[Role.LEADER])
    PersonFactory(user=user, position=position)
    client.force_login(user)
    response = client.get(APPLY)
    assert response.status_code == 200
    assert "already lead a school" in text(response.content.decode())
    assert "form" not in response.context


def test_people_who_left_are_told_so(client, cohort, applicant):
    applicant.person.is_active = False
    applicant.person.save()
    client.force_login(applicant)
    assert "Only current district employees" in text(client.get(APPLY).content.decode())


# --- What it shows -----------------------------------------------------------------------------------------


def test_it_shows_the_open_cohort_its_places_dates_and_residency(client, applicant, cohort):
    CohortMilestoneFactory(cohort=cohort, title="Lead a data cycle", due_on=datetime.date(2026, 12, 18))
    client.force_login(applicant)
    response = client.get(APPLY)
    assert response.status_code == 200
    page = text(response.content.decode())
    assert cohort.name in page
    assert "6 fellows" in page
    assert f"close on {cohort.applications_close_on:%A, %B} {cohort.applications_close_on.day}" in page
    assert "September 1, 2026 to June 18, 2027" in page
    assert "500 residency hours" in page
    assert "Lead a data cycle" in page
    assert "Applying as Ana Ruiz, assistant principal at Hernández K-8" in page


def test_the_essays_state_their_word_limit(client, applicant, cohort):
    client.force_login(applicant)
    html = client.get(APPLY).content.decode()
    assert html.count(f'data-word-limit="{ESSAY_WORDS}"') == 3
    assert html.count(f"Up to {ESSAY_WORDS} words.") == 3
    assert "fellowships/applications.js" in html
    assert "<script>" not in html  # no inline script


def test_the_supervisors_are_active_leaders_own_school_first_then_by_name(
    client, applicant, principal, cohort
):
    elsewhere = VeteranFactory(first_name="Zoe", last_name="Adams")
    head = PersonFactory(position=Position.HEAD_OF_SCHOOL, first_name="Lena", last_name="Cole")
    office = PersonFactory(position=Position.CENTRAL_OFFICE, school=None, first_name="Raj", last_name="Bose")
    gone = VeteranFactory(is_active=False)
    teacher = PersonFactory(position=Position.TEACHER_LEADER)
    client.force_login(applicant)
    choices = list(client.get(APPLY).context["form"].fields["supervisor"].queryset)
    assert choices == [principal, elsewhere, office, head]
    assert gone not in choices and teacher not in choices and applicant.person not in choices


def test_a_supervisor_choice_says_who_and_where(client, applicant, principal, cohort):
    client.force_login(applicant)
    assert "Bell, Marcus · Principal, Hernández K-8" in text(client.get(APPLY).content.decode())


# --- Applying ----------------------------------------------------------------------------------------------


def test_applying_makes_the_application_and_leads_to_my_application(client, applicant, principal, cohort):
    client.force_login(applicant)
    response = client.post(APPLY, essays(supervisor=principal.pk), follow=True)
    assert response.redirect_chain == [(MY_APPLICATION, 302)]
    application = FellowshipApplication.objects.get(person=applicant.person)
    assert (application.cohort, application.supervisor) == (cohort, principal)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.equity_commitment == essays()["equity_commitment"]
    assert application.status_changes.get().changed_by == applicant
    assert "Marcus Bell is asked for your recommendation" in text(response.content.decode())


def test_an_essay_over_the_word_limit_is_refused_with_the_count(client, applicant, principal, cohort):
    client.force_login(applicant)
    long_essay = " ".join(["word"] * (ESSAY_WORDS + 3))
    response = client.post(APPLY, essays(supervisor=principal.pk, why_principal=long_essay))
    assert response.status_code == 200
    assert f"Keep it to {ESSAY_WORDS} words: this has {ESSAY_WORDS + 3}. Cut 3." in text(
        response.content.decode()
    )
    assert not FellowshipApplication.objects.exists()


def test_an_essay_of_exactly_the_limit_is_accepted(client, applicant, principal, cohort):
    client.force_login(applicant)
    exact = " ".join(["word"] * ESSAY_WORDS)
    client.post(APPLY, essays(supervisor=principal.pk, leadership_experience=exact))
    assert FellowshipApplication.objects.get().leadership_experience == exact


def test_every_field_is_required(client, applicant, cohort):
    client.force_login(applicant)
    response = client.post(APPLY, {})
    assert set(response.context["form"].errors) == {
        "supervisor",
        "why_principal",
        "leadership_experience",
        "equity_commitment",
    }
    assert not FellowshipApplication.objects.exists()


def test_someone_outside_the_list_cannot_be_named(client, applicant, cohort):
    teacher = PersonFactory(position=Position.TEACHER_LEADER)
    client.force_login(applicant)
    response = client.post(APPLY, essays(supervisor=teacher.pk))
    assert "supervisor" in response.context["form"].errors
    assert not FellowshipApplication.objects.exists()


def test_a_refusal_of_the_service_is_shown_on_the_form(client, applicant, principal, cohort, monkeypatch):
    def refuse(*args, **kwargs):
        raise DomainError("Applications to this cohort are closed.")

    monkeypatch.setattr(selection, "apply", refuse)
    client.force_login(applicant)
    response = client.post(APPLY, essays(supervisor=principal.pk))
    assert response.status_code == 200
    assert "Applications to this cohort are closed." in text(response.content.decode())
    assert response.context["form"]["why_principal"].value() == essays()["why_principal"]


def test_someone_who_applied_is_sent_to_my_application(client, applicant, cohort):
    FellowshipApplicationFactory(cohort=cohort, person=applicant.person)
    client.force_login(applicant)
    response = client.get(APPLY)
    assert response.status_code == 302 and response.url == MY_APPLICATION
    response = client.post(APPLY, essays(supervisor=VeteranFactory().pk))
    assert response.status_code == 302
    assert FellowshipApplication.objects.filter(person=applicant.person).count() == 1


# --- Nothing open ------------------------------------------------------------------------------------------


def test_with_no_window_open_it_gives_the_next_opening_date(client, applicant, school_year):
    opens = today() + datetime.timedelta(days=40)
    CohortFactory(
        school_year=school_year,
        name="Aspiring Principal Fellowship 2027",
        applications_open_on=opens,
        applications_close_on=opens + datetime.timedelta(days=30),
    )
    client.force_login(applicant)
    response = client.get(APPLY)
    assert response.status_code == 200
    page = text(response.content.decode())
    assert "Applications are closed" in page
    assert f"open on {opens:%A, %B} {opens.day}, {opens.year}" in page


def test_with_no_cohort_planned_it_says_so(client, applicant):
    client.force_login(applicant)
    page = text(client.get(APPLY).content.decode())
    assert "Applications are closed" in page and "has not been announced" in page


def test_posting_when_closed_applies_to_nothing(client, applicant, principal, school_year):
    CohortFactory(
        school_year=school_year,
        applications_open_on=today() - datetime.timedelta(days=60),
        applications_close_on=today() - datetime.timedelta(days=1),
    )
    client.force_login(applicant)
    response = client.post(APPLY, essays(supervisor=principal.pk))
    assert "Applications are closed" in text(response.content.decode())
    assert not FellowshipApplication.objects.exists()
