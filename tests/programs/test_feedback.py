"""Session feedback: the leader's survey, its rules, and the results per session and per offering."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from leaderdev.errors import DomainError
from leaderdev.permissions import Role
from programs.models import AttendanceStatus, SessionFeedback
from programs.queries.attendance import offering_feedback_results, session_feedback_results
from programs.services.attendance import submit_feedback
from tests.factories import PersonFactory
from tests.factories.programs import (
    AttendanceFactory,
    EnrollmentFactory,
    OfferingFactory,
    SessionFactory,
    SessionFeedbackFactory,
)

pytestmark = pytest.mark.django_db


def days_from_now(days):
    return timezone.now() + datetime.timedelta(days=days)


@pytest.fixture
def offering(school_year):
    return OfferingFactory(school_year=school_year)


@pytest.fixture
def session(offering):
    return SessionFactory(offering=offering, title="Data cycles", starts_at=days_from_now(-2))


@pytest.fixture
def attendee(leader, offering, session):
    """The leader, enrolled and marked present."""
    EnrollmentFactory(offering=offering, person=leader.person)
    AttendanceFactory(session=session, person=leader.person, status=AttendanceStatus.PRESENT)
    return leader


def url(session):
    return reverse("programs:session_feedback", args=[session.pk])


def offering_url(offering):
    return reverse("programs:offering_feedback", args=[offering.pk])


# --- submit_feedback ------------------------------------------------------------------------------------


def test_it_saves_feedback_of_someone_who_attended(session, attendee):
    feedback = submit_feedback(session, attendee.person, 4, "  Useful protocols.  ")
    feedback.refresh_from_db()
    assert (feedback.session, feedback.person, feedback.rating, feedback.comment) == (
        session,
        attendee.person,
        4,
        "Useful protocols.",
    )


def test_it_accepts_someone_who_came_late(session, offering):
    person = EnrollmentFactory(offering=offering).person
    AttendanceFactory(session=session, person=person, status=AttendanceStatus.LATE)
    assert submit_feedback(session, person, 5).rating == 5


def test_it_replaces_an_earlier_answer(session, attendee):
    first = submit_feedback(session, attendee.person, 2, "Too long.")
    again = submit_feedback(session, attendee.person, 4, "")
    assert again.pk == first.pk
    assert SessionFeedback.objects.filter(session=session, person=attendee.person).count() == 1
    first.refresh_from_db()
    assert (first.rating, first.comment) == (4, "")


@pytest.mark.parametrize("status", [AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED, None])
def test_it_refuses_people_who_did_not_attend(session, offering, status):
    person = EnrollmentFactory(offering=offering).person
    if status:
        AttendanceFactory(session=session, person=person, status=status)
    with pytest.raises(DomainError, match="Only people who attended"):
        submit_feedback(session, person, 4)
    assert not SessionFeedback.objects.exists()


def test_it_refuses_feedback_before_the_session_starts(offering, attendee):
    upcoming = SessionFactory(offering=offering, starts_at=days_from_now(3))
    AttendanceFactory(session=upcoming, person=attendee.person, status=AttendanceStatus.PRESENT)
    with pytest.raises(DomainError, match="opens when the session starts"):
        submit_feedback(upcoming, attendee.person, 4)


@pytest.mark.parametrize("rating", [0, 6, "x", None])
def test_it_refuses_a_rating_outside_1_to_5(session, attendee, rating):
    with pytest.raises(DomainError, match="from 1"):
        submit_feedback(session, attendee.person, rating)


# --- Results --------------------------------------------------------------------------------------------


def answer(session, rating, comment=""):
    return SessionFeedbackFactory(session=session, rating=rating, comment=comment)


def test_session_results_count_average_spread_and_comments(session):
    answer(session, 5, "Loved the protocol.")
    answer(session, 4)
    answer(session, 4, "More time to practise.")
    answer(SessionFactory(), 1, "Another session")
    results = session_feedback_results(session)
    assert results.summary.count == 3
    assert results.summary.average == pytest.approx(13 / 3)
    assert results.summary.distribution == {1: 0, 2: 0, 3: 0, 4: 2, 5: 1}
    assert results.summary.percent(4) == 67
    assert sorted(c.comment for c in results.comments) == ["Loved the protocol.", "More time to practise."]


def test_session_results_without_answers(session):
    results = session_feedback_results(session)
    assert (results.summary.count, results.summary.average, results.comments) == (0, None, [])


def test_offering_results_per_session_and_overall(offering, session):
    later = SessionFactory(offering=offering, title="Later", starts_at=days_from_now(-1))
    quiet = SessionFactory(offering=offering, title="Quiet", starts_at=days_from_now(-0.5))
    answer(session, 5)
    answer(session, 3, "Fine")
    answer(later, 2, "Rushed")
    results = offering_feedback_results(offering)
    assert [(r.session.title, r.summary.count, r.summary.average) for r in results.sessions] == [
        ("Data cycles", 2, 4.0),
        ("Later", 1, 2.0),
        ("Quiet", 0, None),
    ]
    assert results.sessions[0].summary.distribution == {1: 0, 2: 0, 3: 1, 4: 0, 5: 1}
    assert (results.overall.count, results.overall.average) == (3, pytest.approx(10 / 3))
    assert results.overall.distribution == {1: 0, 2: 1, 3: 1, 4: 0, 5: 1}
    assert [c.comment for c in results.sessions[1].comments] == ["Rushed"]
    assert quiet.pk == results.sessions[2].session.pk


# --- The leader's survey page ---------------------------------------------------------------------------


def test_a_leader_who_attended_sees_the_survey(client, attendee, session):
    client.force_login(attendee)
    response = client.get(url(session))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="rating"' in html and 'name="comment"' in html
    assert "Send my feedback" in html


def test_a_leader_sends_feedback(client, attendee, session):
    client.force_login(attendee)
    response = client.post(url(session), {"rating": "5", "comment": "Practical."})
    assert response.status_code == 302 and response["Location"] == url(session)
    feedback = SessionFeedback.objects.get(session=session, person=attendee.person)
    assert (feedback.rating, feedback.comment) == (5, "Practical.")


def test_a_leader_changes_their_answer(client, attendee, session):
    existing = SessionFeedbackFactory(session=session, person=attendee.person, rating=2, comment="Meh")
    client.force_login(attendee)
    html = client.get(url(session)).content.decode()
    assert "Update my feedback" in html and "Meh" in html
    client.post(url(session), {"rating": "3", "comment": "Better on reflection."})
    existing.refresh_from_db()
    assert (existing.rating, existing.comment) == (3, "Better on reflection.")


def test_the_survey_redraws_with_errors_and_keeps_the_comment(client, attendee, session):
    client.force_login(attendee)
    response = client.post(url(session), {"rating": "", "comment": "Kept text"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose a rating from 1 to 5." in html and "Kept text" in html
    assert not SessionFeedback.objects.exists()


def test_a_leader_who_was_absent_gets_an_explanation_not_the_survey(client, leader, offering, session):
    EnrollmentFactory(offering=offering, person=leader.person)
    AttendanceFactory(session=session, person=leader.person, status=AttendanceStatus.ABSENT)
    client.force_login(leader)
    html = client.get(url(session)).content.decode()
    assert "Feedback is for people who attended" in html and "<strong>absent</strong>" in html
    assert 'name="rating"' not in html


def test_a_leader_who_was_absent_cannot_post_feedback(client, leader, offering, session):
    EnrollmentFactory(offering=offering, person=leader.person)
    client.force_login(leader)
    response = client.post(url(session), {"rating": "5"}, follow=True)
    assert "Only people who attended" in response.content.decode()
    assert not SessionFeedback.objects.exists()


def test_the_survey_opens_when_the_session_starts(client, leader, offering):
    upcoming = SessionFactory(offering=offering, starts_at=days_from_now(2))
    EnrollmentFactory(offering=offering, person=leader.person)
    client.force_login(leader)
    assert "Feedback opens when the session starts" in client.get(url(upcoming)).content.decode()


def test_a_leader_outside_the_cohort_gets_404(client, leader, session):
    client.force_login(leader)
    assert client.get(url(session)).status_code == 404
    assert client.post(url(session), {"rating": "5"}).status_code == 404


def test_recruitment_staff_get_403(client, make_user, session):
    client.force_login(make_user(Role.RECRUITMENT_STAFF))
    assert client.get(url(session)).status_code == 403


def test_anonymous_people_are_sent_to_log_in(client, session):
    response = client.get(url(session))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_survey_rejects_put(client, attendee, session):
    client.force_login(attendee)
    assert client.put(url(session)).status_code == 405


# --- Program staff's results pages ----------------------------------------------------------------------


def test_program_staff_see_a_sessions_results(client, program_staff, session):
    answer(session, 5, "Loved the protocol.")
    answer(session, 3)
    client.force_login(program_staff)
    response = client.get(url(session))
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["results"].summary.count == 2
    assert "4.0</span> out of 5 from 2 answers" in html
    assert "Loved the protocol." in html
    assert 'name="rating"' not in html


def test_program_staff_see_an_offerings_results(client, program_staff, offering, session):
    answer(session, 4, "Good pace.")
    client.force_login(program_staff)
    response = client.get(offering_url(offering))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Good pace." in html and "Data cycles" in html
    assert f'href="{url(session)}"' in html


def test_the_offering_results_require_program_staff(client, attendee, offering):
    client.force_login(attendee)
    assert client.get(offering_url(offering)).status_code == 403


def test_the_offering_results_send_anonymous_people_to_log_in(client, offering):
    assert client.get(offering_url(offering)).status_code == 302


def test_the_offering_results_of_an_unknown_offering_are_404(client, program_staff):
    client.force_login(program_staff)
    assert client.get(reverse("programs:offering_feedback", args=[999999])).status_code == 404


def test_the_offering_results_reject_post(client, program_staff, offering):
    client.force_login(program_staff)
    assert client.post(offering_url(offering)).status_code == 405


@pytest.mark.parametrize(("sessions", "answers"), [(2, 3), (12, 40)])
def test_the_offering_results_cost_the_same_queries_whatever_the_size(
    client, program_staff, offering, sessions, answers, django_assert_max_num_queries
):
    made = [SessionFactory(offering=offering, starts_at=days_from_now(-n - 1)) for n in range(sessions)]
    for index in range(answers):
        SessionFeedbackFactory(
            session=made[index % sessions], person=PersonFactory(), rating=1 + index % 5, comment=f"C{index}"
        )
    client.force_login(program_staff)
    with django_assert_max_num_queries(7):
        response = client.get(offering_url(offering))
    assert response.context["results"].overall.count == answers


@pytest.mark.parametrize("answers", [3, 40])
def test_a_sessions_results_cost_the_same_queries_whatever_the_size(
    client, program_staff, session, answers, django_assert_max_num_queries
):
    for index in range(answers):
        answer(session, 1 + index % 5, f"Comment {index}")
    client.force_login(program_staff)
    with django_assert_max_num_queries(7):
        response = client.get(url(session))
    assert response.context["results"].summary.count == answers
