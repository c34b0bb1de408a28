"""Generating a series invites the offering's enrolled people to each new session (once, with the .ics),
sends a new invitation when a session moves to another day, and gives new sessions the offering's
facilitators."""

import datetime

import pytest
from django.core import mail

from leaderdev.models import Notification
from leaderdev.notifications import services as notifications
from programs.models import EnrollmentStatus, Session
from programs.services.scheduling import generate_sessions
from tests.factories import UserFactory
from tests.factories.district import PersonFactory
from tests.factories.programs import EnrollmentFactory, FacilitatorFactory
from tests.factories.scheduling import SessionSeriesFactory

pytestmark = pytest.mark.django_db

SUMMER = datetime.date(2026, 8, 15)


@pytest.fixture
def series(school_year):
    return SessionSeriesFactory(offering__school_year=school_year)


def enroll(offering, status=EnrollmentStatus.ENROLLED, **user):
    user = UserFactory(**user)
    EnrollmentFactory(offering=offering, person=PersonFactory(user=user), status=status)
    return user


def test_each_enrolled_person_is_invited_to_each_new_session_once(series, django_capture_on_commit_callbacks):
    ana = enroll(series.offering)
    enroll(series.offering, status=EnrollmentStatus.WAITLISTED)
    enroll(series.offering, is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        result = generate_sessions(series, today=SUMMER)
    with django_capture_on_commit_callbacks(execute=True):
        generate_sessions(series, today=SUMMER)  # a re-run invites nobody again

    assert len(result.created) == 10
    assert len(mail.outbox) == 10 and {m.to[0] for m in mail.outbox} == {ana.email}
    first = mail.outbox[0]
    assert first.subject.startswith("New session: Leadership Conference on ")
    assert [name for name, _content, _type in first.attachments] == ["invitation.ics"]


def test_a_session_moved_to_another_day_is_sent_again(series, django_capture_on_commit_callbacks):
    enroll(series.offering)
    with django_capture_on_commit_callbacks(execute=True):
        generate_sessions(series, today=SUMMER)
    series.nth = 3  # the third Tuesday now: every future session moves a week
    series.save()

    with django_capture_on_commit_callbacks(execute=True):
        result = generate_sessions(series, today=SUMMER)

    assert len(result.updated) == 10
    assert len(mail.outbox) == 20
    assert Notification.objects.filter(kind="session_invitation").count() == 20


def test_people_who_turned_invitations_off_get_none(series, django_capture_on_commit_callbacks):
    user = enroll(series.offering)
    notifications.set_preferences(user, [])

    with django_capture_on_commit_callbacks(execute=True):
        generate_sessions(series, today=SUMMER)

    assert mail.outbox == []


def test_new_sessions_are_led_by_the_offerings_facilitators(series):
    facilitator = FacilitatorFactory()
    series.offering.facilitators.add(facilitator)

    generate_sessions(series, today=SUMMER)

    sessions = Session.objects.filter(series=series)
    assert {tuple(s.facilitators.all()) for s in sessions} == {(facilitator,)}
