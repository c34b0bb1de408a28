"""The portal's fellowship sections: the invitation to apply (and then the application's status), and
the recommendations a supervisor is asked to write."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from fellowships import portal_applications as sections
from fellowships.models import ApplicationStatus
from leaderdev.models import Position
from leaderdev.permissions import Role
from tests.factories import PersonFactory, UserFactory
from tests.factories.fellowships import (
    AspiringLeaderFactory,
    CohortFactory,
    FellowshipApplicationFactory,
    RecommendationFactory,
)
from tests.factories.mentoring import VeteranFactory

pytestmark = pytest.mark.django_db

PORTAL = reverse("portal")


def text(html: str) -> str:
    flat = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()
    return unescape(re.sub(r" ([.,:;)])", r"\1", flat))


def section(html: str, slug: str) -> str:
    match = re.search(rf'<section id="{slug}".*?</section>', html, re.S)
    assert match, f"no section {slug}"
    return match.group(0)


def today():
    return timezone.localdate()


@pytest.fixture
def cohort(school_year):
    return CohortFactory(
        school_year=school_year,
        places=5,
        applications_open_on=today() - datetime.timedelta(days=3),
        applications_close_on=today() + datetime.timedelta(days=20),
    )


@pytest.fixture
def ap():
    user = UserFactory(roles=[Role.LEADER])
    AspiringLeaderFactory(user=user)
    return user


@pytest.fixture
def supervisor():
    user = UserFactory(roles=[Role.LEADER, Role.MENTOR])
    VeteranFactory(user=user)
    return user


def titles(client, user):
    client.force_login(user)
    return [s.title for s in client.get(PORTAL).context["sections"]]


# --- Aspiring Principal Fellowship -------------------------------------------------------------------------


def test_an_assistant_principal_is_invited_while_the_window_is_open(client, ap, cohort):
    client.force_login(ap)
    html = section(client.get(PORTAL).content.decode(), "aspiring-principal-fellowship")
    assert "Do you want to become a principal?" in text(html)
    assert "5 places" in text(html)
    close = cohort.applications_close_on
    assert f"close on {close:%B} {close.day}, {close.year}" in text(html)
    assert reverse("fellowships:apply") in html


@pytest.mark.parametrize("position", [Position.PRINCIPAL, Position.HEAD_OF_SCHOOL])
def test_principals_are_not_invited(client, cohort, position):
    user = UserFactory(roles=[Role.LEADER])
    PersonFactory(user=user, position=position)
    assert "Aspiring Principal Fellowship" not in titles(client, user)


def test_nobody_is_invited_when_no_window_is_open(client, ap, school_year):
    CohortFactory(
        school_year=school_year,
        applications_open_on=today() + datetime.timedelta(days=10),
        applications_close_on=today() + datetime.timedelta(days=40),
    )
    assert "Aspiring Principal Fellowship" not in titles(client, ap)


def test_after_applying_it_shows_the_status(client, ap, cohort):
    application = FellowshipApplicationFactory(
        cohort=cohort, person=ap.person, status=ApplicationStatus.INTERVIEW
    )
    client.force_login(ap)
    html = section(client.get(PORTAL).content.decode(), "aspiring-principal-fellowship")
    assert "Interview" in text(html) and "not arrived yet" in text(html)
    assert reverse("fellowships:my_application") in html
    assert reverse("fellowships:apply") not in html
    RecommendationFactory(application=application, text="Confidential words.")
    html = section(client.get(PORTAL).content.decode(), "aspiring-principal-fellowship")
    assert "Your recommendation has arrived." in text(html) and "Confidential" not in html


def test_a_selected_fellow_sees_their_status_after_the_window_closes(client, ap, cohort):
    cohort.applications_close_on = today() - datetime.timedelta(days=1)
    cohort.applications_open_on = today() - datetime.timedelta(days=30)
    cohort.save()
    FellowshipApplicationFactory(cohort=cohort, person=ap.person, status=ApplicationStatus.SELECTED)
    client.force_login(ap)
    html = text(section(client.get(PORTAL).content.decode(), "aspiring-principal-fellowship"))
    assert "Selected" in html and "Your residency starts on" in html


# --- Recommendations to write ------------------------------------------------------------------------------


def test_a_supervisor_sees_the_open_requests_without_a_recommendation(client, supervisor, cohort):
    waiting = FellowshipApplicationFactory(
        cohort=cohort,
        supervisor=supervisor.person,
        person=AspiringLeaderFactory(first_name="Ana", last_name="Ruiz"),
    )
    written = FellowshipApplicationFactory(cohort=cohort, supervisor=supervisor.person)
    RecommendationFactory(application=written)
    decided = FellowshipApplicationFactory(
        cohort=cohort, supervisor=supervisor.person, status=ApplicationStatus.NOT_SELECTED
    )
    someone_elses = FellowshipApplicationFactory(cohort=cohort)
    client.force_login(supervisor)
    html = section(client.get(PORTAL).content.decode(), "recommendations-to-write")
    assert "Ana Ruiz" in text(html)
    assert reverse("fellowships:recommendation", args=[waiting.pk]) in html
    for other in (written, decided, someone_elses):
        assert reverse("fellowships:recommendation", args=[other.pk]) not in html


def test_no_requests_no_section(client, supervisor, cohort):
    assert "Recommendations to write" not in titles(client, supervisor)


# --- Query counts ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [3, 30])
def test_each_builder_costs_at_most_two_queries(
    rf, supervisor, ap, cohort, school_year, size, django_assert_max_num_queries
):
    FellowshipApplicationFactory(cohort=cohort, person=ap.person)
    for _ in range(size):
        FellowshipApplicationFactory(cohort=cohort, supervisor=supervisor.person)
    request = rf.get(PORTAL)
    for user in (ap, supervisor):
        request.user = user
        person = type(user.person).objects.get(pk=user.person.pk)
        with django_assert_max_num_queries(2):
            sections.fellowship(request, person, school_year)
        with django_assert_max_num_queries(2):
            pending = sections.recommendations_to_write(request, person, school_year)
    assert len(pending.context["pending"]) == size


def test_no_staff_record_no_section(rf, school_year):
    request = rf.get(PORTAL)
    assert sections.fellowship(request, None, school_year) is None
    assert sections.recommendations_to_write(request, None, school_year) is None
