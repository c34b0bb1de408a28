"""The recommendation page: the supervisor named on an application (or program staff) writes and corrects
it while the application is open; nobody else, the applicant included, can find it."""

import re
from html import unescape

import pytest
from django.urls import reverse

from fellowships.models import ApplicationStatus, Endorsement, Recommendation
from leaderdev.permissions import Role
from tests.factories import SchoolFactory, UserFactory
from tests.factories.fellowships import (
    AspiringLeaderFactory,
    CohortFactory,
    FellowshipApplicationFactory,
    RecommendationFactory,
)
from tests.factories.mentoring import VeteranFactory

pytestmark = pytest.mark.django_db


def text(html: str) -> str:
    flat = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()
    return unescape(re.sub(r" ([.,:;)])", r"\1", flat))


@pytest.fixture
def supervisor():
    user = UserFactory(roles=[Role.LEADER], full_name="Marcus Bell")
    VeteranFactory(user=user, first_name="Marcus", last_name="Bell")
    return user


@pytest.fixture
def application(school_year, supervisor):
    applicant = AspiringLeaderFactory(
        first_name="Ana",
        last_name="Ruiz",
        school=SchoolFactory(name="Hernández K-8"),
        user=UserFactory(roles=[Role.LEADER]),
    )
    return FellowshipApplicationFactory(
        cohort=CohortFactory(school_year=school_year),
        person=applicant,
        supervisor=supervisor.person,
        status=ApplicationStatus.SCREENING,
        why_principal="Every child known by name.",
        leadership_experience="Our grade 3 data cycles.",
        equity_commitment="A referral process rebuilt with families.",
    )


def url(application):
    return reverse("fellowships:recommendation", args=[application.pk])


def post(client, application, **overrides):
    data = {"endorsement": Endorsement.STRONG, "text": "Ana leads adults with clarity and care."} | overrides
    return client.post(url(application), data)


def test_the_supervisor_sees_the_applicant_and_the_essays(client, supervisor, application):
    client.force_login(supervisor)
    response = client.get(url(application))
    assert response.status_code == 200
    page = text(response.content.decode())
    assert "Recommendation of Ana Ruiz" in page
    assert "Assistant principal · Hernández K-8" in page
    for essay in ("Every child known by name.", "Our grade 3 data cycles.", "A referral process rebuilt"):
        assert essay in page


def test_the_endorsement_is_four_big_buttons(client, supervisor, application):
    client.force_login(supervisor)
    html = client.get(url(application)).content.decode()
    assert html.count('class="btn-check"') == 4
    assert "<legend" in html and "Your endorsement" in html
    for _, label in Endorsement.choices:
        assert label in html


def test_the_supervisor_writes_it(client, supervisor, application):
    client.force_login(supervisor)
    response = post(client, application)
    assert response.status_code == 302 and response.url == url(application)
    recommendation = Recommendation.objects.get(application=application)
    assert (recommendation.endorsement, recommendation.text) == (
        Endorsement.STRONG,
        "Ana leads adults with clarity and care.",
    )
    assert recommendation.written_by == supervisor


def test_the_supervisor_corrects_it_and_the_form_shows_what_was_sent(client, supervisor, application):
    RecommendationFactory(application=application, endorsement=Endorsement.RECOMMEND, text="First draft.")
    client.force_login(supervisor)
    form = client.get(url(application)).context["form"]
    assert form["endorsement"].value() == Endorsement.RECOMMEND and form["text"].value() == "First draft."
    post(client, application, endorsement=Endorsement.RESERVATIONS, text="On reflection.")
    recommendation = Recommendation.objects.get(application=application)
    assert (recommendation.endorsement, recommendation.text) == (Endorsement.RESERVATIONS, "On reflection.")
    assert Recommendation.objects.count() == 1


def test_a_missing_endorsement_is_refused(client, supervisor, application):
    client.force_login(supervisor)
    response = post(client, application, endorsement="")
    assert response.status_code == 200
    assert "endorsement" in response.context["form"].errors
    assert not Recommendation.objects.exists()


def test_program_staff_enter_it_on_the_supervisors_behalf(client, program_staff, application):
    client.force_login(program_staff)
    assert "on behalf of Marcus Bell" in text(client.get(url(application)).content.decode())
    response = post(client, application)
    assert response.url == reverse("fellowships:application_detail", args=[application.pk])
    assert Recommendation.objects.get(application=application).written_by == program_staff


@pytest.mark.parametrize("status", [ApplicationStatus.SELECTED, ApplicationStatus.NOT_SELECTED])
def test_a_decided_application_shows_the_recommendation_without_a_form(
    client, supervisor, application, status
):
    RecommendationFactory(application=application, text="As sent.")
    application.status = status
    application.save()
    client.force_login(supervisor)
    response = client.get(url(application))
    page = text(response.content.decode())
    assert "can no longer change" in page and "As sent." in page
    assert 'class="btn-check"' not in response.content.decode()


def test_posting_to_a_decided_application_changes_nothing(client, supervisor, application):
    RecommendationFactory(application=application, text="As sent.")
    application.status = ApplicationStatus.WITHDRAWN
    application.save()
    client.force_login(supervisor)
    response = post(client, application, text="Changed.")
    assert response.status_code == 200
    assert Recommendation.objects.get(application=application).text == "As sent."


def test_the_applicant_cannot_find_it(client, application):
    RecommendationFactory(application=application)
    client.force_login(application.person.user)
    assert client.get(url(application)).status_code == 404
    assert post(client, application).status_code == 404
    assert Recommendation.objects.get(application=application).text == "Ready to lead adults."


def test_another_supervisor_cannot_find_it(client, application, school_year):
    other = UserFactory(roles=[Role.LEADER, Role.MENTOR])
    FellowshipApplicationFactory(cohort=application.cohort, supervisor=VeteranFactory(user=other))
    client.force_login(other)
    assert client.get(url(application)).status_code == 404
    assert post(client, application).status_code == 404
    assert not Recommendation.objects.filter(application=application).exists()


def test_other_office_staff_cannot_find_it(client, make_user, application):
    client.force_login(make_user(Role.RECRUITMENT_STAFF))
    assert client.get(url(application)).status_code == 404


def test_anonymous_people_are_sent_to_sign_in(client, application):
    response = client.get(url(application))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_it_rejects_put(client, supervisor, application):
    client.force_login(supervisor)
    assert client.put(url(application)).status_code == 405


def test_an_unknown_application_is_404(client, supervisor):
    client.force_login(supervisor)
    assert client.get(reverse("fellowships:recommendation", args=[999999])).status_code == 404
