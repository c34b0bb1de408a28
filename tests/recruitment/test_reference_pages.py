"""The reference-check pages: adding a referee, a check's page (staff change it; the candidate's panelists
read it), logging an attempt, recording answers, completing and declining."""

import datetime
import re
from html import unescape

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from leaderdev.permissions import Role
from recruitment.models import REFERENCE_QUESTIONS, ContactAttempt, ReferenceCheck, ReferenceStatus, Stage
from recruitment.queries.interviews import application_extra
from tests.factories import PersonFactory, UserFactory
from tests.factories.recruitment import (
    ApplicationFactory,
    ContactAttemptFactory,
    InterviewFactory,
    ReferenceCheckFactory,
)

pytestmark = pytest.mark.django_db

YESTERDAY = (timezone.localtime() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")


def text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).strip()


@pytest.fixture
def staff(make_user):
    return make_user(Role.RECRUITMENT_STAFF, is_staff=True)


@pytest.fixture
def reference(db):
    return ReferenceCheckFactory(referee_name="Rosa Vega", relationship="Supervisor 2019-2024")


@pytest.fixture
def panelist(reference):
    """A panelist of the reference's candidate."""
    user = UserFactory(roles=[Role.LEADER])
    InterviewFactory(application=reference.application, panelists=[user])
    return user


@pytest.fixture
def stranger(db):
    """A panelist of another candidate."""
    user = UserFactory(roles=[Role.LEADER])
    InterviewFactory(panelists=[user])
    return user


def outsiders(make_user):
    leader = make_user(Role.LEADER)
    PersonFactory(user=leader)
    return [leader, make_user(Role.MENTOR), make_user(Role.PROGRAM_STAFF)]


def url(name, obj):
    return reverse(f"recruitment:{name}", args=[obj.pk])


# --- Adding a referee --------------------------------------------------------------------------------


def test_staff_add_a_referee(client, staff):
    application = ApplicationFactory(stage=Stage.REFERENCE_CHECKS)
    client.force_login(staff)
    assert client.get(url("reference_new", application)).status_code == 200

    response = client.post(
        url("reference_new", application),
        {"referee_name": "Dr. Rosa Vega", "referee_title": "Superintendent", "email": "rv@district.test"},
    )

    reference = ReferenceCheck.objects.get(application=application)
    assert response.status_code == 302
    assert response.url == url("reference_detail", reference)
    assert (reference.referee_name, reference.referee_title) == ("Dr. Rosa Vega", "Superintendent")


def test_a_closed_application_takes_no_referee_and_says_why(client, staff):
    application = ApplicationFactory(stage=Stage.REJECTED)
    client.force_login(staff)

    response = client.post(url("reference_new", application), {"referee_name": "Rosa Vega"})

    assert response.status_code == 200
    assert "takes no new references" in text(response.content.decode())
    assert not ReferenceCheck.objects.exists()


def test_adding_a_referee_needs_recruitment_staff(client, make_user, panelist, reference):
    for user in [panelist, *outsiders(make_user)]:
        client.force_login(user)
        response = client.post(url("reference_new", reference.application), {"referee_name": "Sam Ruiz"})
        assert response.status_code == 403
    assert ReferenceCheck.objects.count() == 1


def test_adding_a_referee_sends_anonymous_users_to_log_in(client, reference):
    response = client.get(url("reference_new", reference.application))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- A reference check's page ------------------------------------------------------------------------


def test_staff_see_the_check_with_its_forms(client, staff, reference):
    ContactAttemptFactory(reference=reference, method="voicemail", outcome="Left a message")
    client.force_login(staff)

    response = client.get(url("reference_detail", reference))

    assert response.status_code == 200
    html = response.content.decode()
    page = text(html)
    assert "Rosa Vega" in page
    assert "Voicemail" in page and "Left a message" in page
    assert REFERENCE_QUESTIONS[0][1] in page
    assert url("reference_attempt", reference) in html
    assert url("reference_decline", reference) in html
    assert url("reference_answers", reference) in html


def test_the_candidates_panelist_reads_the_check_without_forms(client, panelist, reference):
    client.force_login(panelist)

    response = client.get(url("reference_detail", reference))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Rosa Vega" in text(html)
    assert "only recruitment staff change it" in text(html)
    for name in ("reference_attempt", "reference_decline", "reference_answers"):
        assert url(name, reference) not in html


def test_the_check_is_403_for_a_leader_a_mentor_program_staff_and_another_candidates_panelist(
    client, make_user, stranger, reference
):
    for user in [stranger, *outsiders(make_user)]:
        client.force_login(user)
        assert client.get(url("reference_detail", reference)).status_code == 403


def test_a_missing_check_is_404(client, staff):
    client.force_login(staff)
    assert client.get(reverse("recruitment:reference_detail", args=[999999])).status_code == 404


def test_the_check_sends_anonymous_users_to_log_in(client, reference):
    response = client.get(url("reference_detail", reference))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_check_page_rejects_post(client, staff, reference):
    client.force_login(staff)
    assert client.post(url("reference_detail", reference)).status_code == 405


# --- Attempts ----------------------------------------------------------------------------------------


def test_staff_log_an_attempt(client, staff, reference):
    client.force_login(staff)

    response = client.post(
        url("reference_attempt", reference),
        {"method": "phone", "at": YESTERDAY, "outcome": "Call booked for Tuesday"},
    )

    assert response.status_code == 302
    attempt = ContactAttempt.objects.get(reference=reference)
    assert (attempt.method, attempt.outcome, attempt.by) == ("phone", "Call booked for Tuesday", staff)
    reference.refresh_from_db()
    assert reference.status == ReferenceStatus.IN_PROGRESS


def test_an_attempt_in_the_future_is_refused(client, staff, reference):
    tomorrow = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    client.force_login(staff)

    response = client.post(
        url("reference_attempt", reference), {"method": "phone", "at": tomorrow}, follow=True
    )

    assert "cannot be in the future" in text(response.content.decode())
    assert not ContactAttempt.objects.exists()


def test_an_invalid_attempt_shows_the_page_again_with_errors(client, staff, reference):
    client.force_login(staff)

    response = client.post(url("reference_attempt", reference), {"method": "pigeon", "at": ""})

    assert response.status_code == 400
    assert not ContactAttempt.objects.exists()


def test_logging_an_attempt_needs_recruitment_staff(client, panelist, reference):
    client.force_login(panelist)
    response = client.post(url("reference_attempt", reference), {"method": "phone", "at": YESTERDAY})
    assert response.status_code == 403
    assert not ContactAttempt.objects.exists()


def test_logging_an_attempt_rejects_get(client, staff, reference):
    client.force_login(staff)
    assert client.get(url("reference_attempt", reference)).status_code == 405


# --- Answers, completing, declining ------------------------------------------------------------------


def answers(**overrides):
    data = {f"answer_{key}": f"About {key}." for key, _ in REFERENCE_QUESTIONS}
    data.update(notes="Warm and specific.", **overrides)
    return data


def test_staff_save_answers(client, staff, reference):
    client.force_login(staff)
    assert client.get(url("reference_answers", reference)).status_code == 200

    response = client.post(url("reference_answers", reference), answers(action="save", answer_growth=""))

    assert response.status_code == 302
    reference.refresh_from_db()
    assert reference.answers["culture"] == "About culture."
    assert "growth" not in reference.answers
    assert reference.notes == "Warm and specific."
    assert reference.status == ReferenceStatus.IN_PROGRESS


def test_staff_complete_a_check_once_everything_is_answered(client, staff, reference):
    client.force_login(staff)

    response = client.post(url("reference_answers", reference), answers(action="complete"))

    assert response.status_code == 302
    reference.refresh_from_db()
    assert reference.status == ReferenceStatus.COMPLETED
    assert reference.checked_by == staff


def test_completing_with_a_question_open_says_which_and_keeps_the_answers(client, staff, reference):
    client.force_login(staff)

    response = client.post(url("reference_answers", reference), answers(action="complete", answer_rehire=""))

    assert response.status_code == 200
    assert "Answer every question before completing" in text(response.content.decode())
    reference.refresh_from_db()
    assert reference.status == ReferenceStatus.IN_PROGRESS
    assert reference.answers["teams"] == "About teams."


def test_recording_answers_needs_recruitment_staff(client, panelist, reference):
    client.force_login(panelist)
    assert client.post(url("reference_answers", reference), answers(action="complete")).status_code == 403
    reference.refresh_from_db()
    assert reference.answers == {}


def test_staff_decline_a_check_with_a_note(client, staff, reference):
    client.force_login(staff)

    response = client.post(url("reference_decline", reference), {"note": "No answer after three calls."})

    assert response.status_code == 302
    reference.refresh_from_db()
    assert reference.status == ReferenceStatus.DECLINED
    assert "No answer after three calls." in reference.notes


def test_declining_without_a_note_is_refused(client, staff, reference):
    client.force_login(staff)

    response = client.post(url("reference_decline", reference), {"note": ""})

    assert response.status_code == 400
    reference.refresh_from_db()
    assert reference.status == ReferenceStatus.PENDING


def test_declining_needs_recruitment_staff(client, panelist, reference):
    client.force_login(panelist)
    assert client.post(url("reference_decline", reference), {"note": "No."}).status_code == 403
    reference.refresh_from_db()
    assert reference.status == ReferenceStatus.PENDING


def test_a_closed_check_refuses_another_attempt_with_a_message(client, staff, reference):
    reference.status = ReferenceStatus.COMPLETED
    reference.save()
    client.force_login(staff)

    response = client.post(
        url("reference_attempt", reference), {"method": "phone", "at": YESTERDAY}, follow=True
    )

    assert "it is closed" in text(response.content.decode())
    assert not ContactAttempt.objects.exists()


def test_the_application_pages_section_lists_the_references_for_staff(staff, reference):
    html = render_to_string(
        "recruitment/pipeline/partials/application_extra.html",
        {
            "application": reference.application,
            "may_change": True,
            "user": staff,
            "extra": application_extra(staff, reference.application),
        },
    )

    assert "Rosa Vega" in html
    assert url("reference_new", reference.application) in html
    assert "No interview yet" in text(html)
