"""Calendars: one session's .ics and a person's personal feed, parsed back with icalendar."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from leaderdev.permissions import Role
from programs.models import CalendarFeed, EnrollmentStatus, SessionMaterial
from tests.factories import PersonFactory, SchoolFactory
from tests.factories.programs import (
    EnrollmentFactory,
    FacilitatorFactory,
    OfferingFactory,
    ProgramFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

BOSTON = ZoneInfo("America/New_York")


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BOSTON)


def days_from_now(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def parse(response) -> Calendar:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> dict[str, object]:
    return {str(event.get("summary")): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def offering(leader, school_year):
    offering = OfferingFactory(
        program=ProgramFactory(name="Leadership Conference"), school_year=school_year, cohort="Elementary"
    )
    EnrollmentFactory(offering=offering, person=leader.person)
    return offering


@pytest.fixture
def session(offering):
    day = days_from_now(14)
    session = SessionFactory(
        offering=offering,
        title="Data cycles, part 2",
        description="Bring last month's assessment data.",
        starts_at=at(day, 9),
        ends_at=at(day, 12, 30),
        location="Room 200",
        school=SchoolFactory(name="Hernández K-8"),
    )
    SessionMaterial.objects.create(session=session, title="Agenda", url="https://docs.example/agenda")
    return session


def ics_url(session):
    return reverse("programs:session_ics", args=[session.pk])


def feed_url(token):
    return reverse("programs:calendar_feed", args=[token])


# --- one session's .ics --------------------------------------------------------------------------------


def test_it_downloads_a_sessions_ics(client, leader, session):
    client.force_login(leader)
    response = client.get(ics_url(session))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="session-{session.pk}.ics"'
    (event,) = parse(response).walk("VEVENT")
    assert str(event["uid"]) == f"session-{session.pk}@testserver"
    assert str(event["summary"]) == "Data cycles, part 2"
    assert str(event["location"]) == "Room 200, Hernández K-8"
    assert str(event["url"]) == "http://testserver/portal/"
    description = str(event["description"])
    assert "Leadership Conference · Elementary" in description
    assert "Bring last month's assessment data." in description
    assert "- Agenda: https://docs.example/agenda" in description


def test_its_times_carry_the_district_zone(client, leader, session):
    client.force_login(leader)
    calendar = parse(client.get(ics_url(session)))
    (event,) = calendar.walk("VEVENT")
    assert event["dtstart"].params["TZID"] == "America/New_York"
    assert event.start == session.starts_at
    assert event.end == session.ends_at
    assert (event.start.astimezone(BOSTON).hour, event.end.astimezone(BOSTON).minute) == (9, 30)
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]


def test_the_uid_is_stable(client, leader, session):
    client.force_login(leader)
    first = parse(client.get(ics_url(session))).walk("VEVENT")[0]
    session.title = "Data cycles, part 2 (moved)"
    session.save()
    again = parse(client.get(ics_url(session))).walk("VEVENT")[0]
    assert str(first["uid"]) == str(again["uid"])
    assert str(again["summary"]) == "Data cycles, part 2 (moved)"
    assert again["last-modified"].dt == session.updated_at.replace(microsecond=0)


def test_a_leader_gets_404_for_another_offerings_session(client, leader, school_year):
    other = SessionFactory(offering=OfferingFactory(school_year=school_year))
    client.force_login(leader)
    assert client.get(ics_url(other)).status_code == 404


def test_program_staff_download_any_session(client, program_staff, session):
    client.force_login(program_staff)
    assert client.get(ics_url(session)).status_code == 200


def test_a_facilitator_downloads_the_session_they_lead(client, make_user, session):
    login = make_user(Role.COACH)
    facilitator = FacilitatorFactory(person=PersonFactory(user=login), name="")
    session.facilitators.add(facilitator)
    client.force_login(login)
    assert client.get(ics_url(session)).status_code == 200


def test_a_login_without_a_role_is_refused(client, make_user, session):
    client.force_login(make_user())
    assert client.get(ics_url(session)).status_code == 403


def test_a_sessions_ics_requires_login(client, session):
    response = client.get(ics_url(session))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_a_sessions_ics_rejects_post(client, leader, session):
    client.force_login(leader)
    assert client.post(ics_url(session)).status_code == 405


# --- the personal feed ---------------------------------------------------------------------------------


@pytest.fixture
def feed(leader):
    return CalendarFeed.objects.create(person=leader.person)


def test_the_feed_is_public_and_lists_the_persons_sessions(client, feed, offering, session):
    past = SessionFactory(
        offering=offering,
        title="Last month",
        starts_at=at(days_from_now(-30), 9),
        ends_at=at(days_from_now(-30), 12),
    )
    SessionFactory(
        offering=offering,
        title="Too long ago",
        starts_at=at(days_from_now(-90), 9),
        ends_at=at(days_from_now(-90), 12),
    )
    response = client.get(feed_url(feed.token))
    assert response.status_code == 200
    assert "Content-Disposition" not in response
    calendar = parse(response)
    found = events(calendar)
    assert set(found) == {"Data cycles, part 2", "Last month"}
    assert found["Last month"].start == past.starts_at
    assert str(calendar["x-wr-calname"]) == f"PD sessions · {feed.person.full_name}"


def test_the_feed_of_one_leader_never_shows_anothers_sessions(client, leader, feed, session, school_year):
    other = PersonFactory()
    other_feed = CalendarFeed.objects.create(person=other)
    theirs = OfferingFactory(school_year=school_year)
    EnrollmentFactory(offering=theirs, person=other)
    SessionFactory(
        offering=theirs,
        title="Their session",
        starts_at=at(days_from_now(3), 9),
        ends_at=at(days_from_now(3), 11),
    )
    assert set(events(parse(client.get(feed_url(feed.token))))) == {"Data cycles, part 2"}
    assert set(events(parse(client.get(feed_url(other_feed.token))))) == {"Their session"}


def test_the_feed_leaves_out_offerings_the_person_does_not_take_part_in(client, leader, feed, school_year):
    for status in (EnrollmentStatus.INVITED, EnrollmentStatus.WAITLISTED, EnrollmentStatus.WITHDRAWN):
        offering = OfferingFactory(school_year=school_year)
        EnrollmentFactory(offering=offering, person=leader.person, status=status)
        SessionFactory(offering=offering, starts_at=at(days_from_now(3), 9), ends_at=at(days_from_now(3), 10))
    completed = OfferingFactory(school_year=school_year)
    EnrollmentFactory(offering=completed, person=leader.person, status=EnrollmentStatus.COMPLETED)
    SessionFactory(
        offering=completed,
        title="Kept",
        starts_at=at(days_from_now(-3), 9),
        ends_at=at(days_from_now(-3), 10),
    )
    assert set(events(parse(client.get(feed_url(feed.token))))) == {"Kept"}


def test_an_unknown_token_is_404(client, feed):
    assert client.get(feed_url("not-a-real-token")).status_code == 404


def test_a_rotated_token_stops_working(client, feed, session):
    old = feed.token
    feed.rotate()
    assert client.get(feed_url(old)).status_code == 404
    assert set(events(parse(client.get(feed_url(feed.token))))) == {"Data cycles, part 2"}


def test_the_feed_of_someone_who_left_is_404(client, feed, session):
    feed.person.is_active = False
    feed.person.save()
    assert client.get(feed_url(feed.token)).status_code == 404


def test_an_empty_feed_is_still_a_calendar(client, feed):
    calendar = parse(client.get(feed_url(feed.token)))
    assert calendar.walk("VEVENT") == []
    assert str(calendar["version"]) == "2.0"


def test_the_feed_rejects_put(client, feed):
    assert client.put(feed_url(feed.token)).status_code == 405


@pytest.mark.parametrize("count", [2, 30])
def test_the_feed_costs_the_same_queries_whatever_its_size(
    client, leader, feed, school_year, django_assert_max_num_queries, count
):
    for index in range(count):
        offering = OfferingFactory(school_year=school_year)
        EnrollmentFactory(offering=offering, person=leader.person)
        session = SessionFactory(
            offering=offering,
            starts_at=at(days_from_now(index - 10), 9),
            ends_at=at(days_from_now(index - 10), 10),
            school=SchoolFactory(),
        )
        SessionMaterial.objects.create(session=session, title="Slides", url="https://docs.example/slides")
    with django_assert_max_num_queries(3):
        response = client.get(feed_url(feed.token))
    assert len(parse(response).walk("VEVENT")) == count
