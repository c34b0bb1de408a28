"""The attendance CSV exports: an offering's attendance (long format) and a session's sign-in list."""

import csv
import datetime
import io

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from leaderdev.models import Position
from leaderdev.permissions import Role
from programs.models import AttendanceStatus, EnrollmentStatus
from tests.factories import PersonFactory, SchoolFactory
from tests.factories.programs import (
    AttendanceFactory,
    EnrollmentFactory,
    FacilitatorFactory,
    OfferingFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

ATTENDANCE_HEADER = ["Person", "Employee ID", "School", "Session", "Date", "Status"]
SIGN_IN_HEADER = ["Last name", "First name", "Employee ID", "E-mail", "Position", "School", "Status"]


def parse(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:], newline="")))


def at(year, month, day, hour=9):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


@pytest.fixture
def offering(school_year):
    return OfferingFactory(school_year=school_year)


@pytest.fixture
def sessions(offering):
    return [
        SessionFactory(offering=offering, title="Opening", starts_at=at(2026, 9, 15)),
        # 11 PM in Boston is the next day in UTC: the date is the district's.
        SessionFactory(offering=offering, title="Data cycles", starts_at=at(2026, 10, 20, 23)),
    ]


@pytest.fixture
def people(offering, sessions):
    elm = SchoolFactory(name="Elm Elementary", level="elementary")
    hill = SchoolFactory(name="Hill High", level="high")
    adams = EnrollmentFactory(
        offering=offering,
        person=PersonFactory(last_name="Adams", first_name="Ana", employee_id="E1", school=elm),
    ).person
    baker = EnrollmentFactory(
        offering=offering,
        person=PersonFactory(
            last_name="Baker",
            first_name="Ben",
            employee_id="E2",
            school=hill,
            position=Position.ASSISTANT_PRINCIPAL,
        ),
    ).person
    EnrollmentFactory(offering=offering, status=EnrollmentStatus.WITHDRAWN)
    AttendanceFactory(session=sessions[0], person=adams, status=AttendanceStatus.PRESENT)
    AttendanceFactory(session=sessions[1], person=adams, status=AttendanceStatus.EXCUSED)
    AttendanceFactory(session=sessions[0], person=baker, status=AttendanceStatus.LATE)
    return adams, baker


def export_url(offering):
    return reverse("programs:attendance_export", args=[offering.pk])


# --- The offering's attendance --------------------------------------------------------------------------


def test_it_streams_one_line_per_person_and_session(client, program_staff, offering, people):
    client.force_login(program_staff)
    response = client.get(export_url(offering))
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert parse(response) == [
        ATTENDANCE_HEADER,
        ["Adams, Ana", "E1", "Elm Elementary", "Opening", "2026-09-15", "Present"],
        ["Adams, Ana", "E1", "Elm Elementary", "Data cycles", "2026-10-20", "Excused"],
        ["Baker, Ben", "E2", "Hill High", "Opening", "2026-09-15", "Late"],
        ["Baker, Ben", "E2", "Hill High", "Data cycles", "2026-10-20", ""],
    ]


def test_it_exports_what_the_grid_shows_with_the_same_filters(client, program_staff, offering, people):
    client.force_login(program_staff)
    filters = {"level": "high"}
    grid = client.get(reverse("programs:attendance_grid", args=[offering.pk]), filters).context["grid"]
    rows = parse(client.get(export_url(offering), filters))[1:]
    labels = dict(AttendanceStatus.choices)
    from_the_grid = [
        [f"{row.person.last_name}, {row.person.first_name}", session.title, labels.get(cell.status, "")]
        for row in grid.rows
        for session, cell in zip(grid.sessions, row.cells, strict=True)
    ]
    assert [[r[0], r[3], r[5]] for r in rows] == from_the_grid
    assert {r[0] for r in rows} == {"Baker, Ben"}


def test_it_neutralises_formulas_in_names(client, program_staff, offering, sessions):
    EnrollmentFactory(offering=offering, person=PersonFactory(last_name="=HYPERLINK(1)"))
    client.force_login(program_staff)
    rows = parse(client.get(export_url(offering)))
    assert rows[1][0].startswith("'=HYPERLINK(1), ")


def test_it_requires_program_staff(client, make_user, offering):
    client.force_login(make_user(Role.RECRUITMENT_STAFF))
    assert client.get(export_url(offering)).status_code == 403


def test_a_leader_gets_403(client, leader, offering):
    EnrollmentFactory(offering=offering, person=leader.person)
    client.force_login(leader)
    assert client.get(export_url(offering)).status_code == 403


def test_anonymous_people_are_sent_to_log_in(client, offering):
    assert client.get(export_url(offering)).status_code == 302


def test_an_unknown_offering_is_404(client, program_staff):
    client.force_login(program_staff)
    assert client.get(reverse("programs:attendance_export", args=[999999])).status_code == 404


def test_it_rejects_post(client, program_staff, offering):
    client.force_login(program_staff)
    assert client.post(export_url(offering)).status_code == 405


@pytest.mark.parametrize(("size", "session_count"), [(3, 2), (40, 10)])
def test_it_costs_the_same_queries_whatever_the_size(
    client, program_staff, offering, size, session_count, django_assert_max_num_queries
):
    sessions = [SessionFactory(offering=offering) for _ in range(session_count)]
    for index in range(size):
        person = EnrollmentFactory(offering=offering).person
        AttendanceFactory(session=sessions[index % session_count], person=person)
    client.force_login(program_staff)
    with django_assert_max_num_queries(5):
        rows = parse(client.get(export_url(offering), {"level": "elementary"}))
    assert len(rows) == 1 + size * session_count


# --- A session's sign-in list ---------------------------------------------------------------------------


def sign_in_url(session):
    return reverse("programs:sign_in_export", args=[session.pk])


def test_the_sign_in_list_has_everyone_expected_and_their_mark(client, program_staff, sessions, people):
    adams, baker = people
    client.force_login(program_staff)
    response = client.get(sign_in_url(sessions[1]))
    assert isinstance(response, StreamingHttpResponse)
    assert "sign-in" in response["Content-Disposition"]
    assert parse(response) == [
        SIGN_IN_HEADER,
        ["Adams", "Ana", "E1", adams.email, "Principal", "Elm Elementary", "Excused"],
        ["Baker", "Ben", "E2", baker.email, "Assistant principal", "Hill High", ""],
    ]


def test_the_sign_in_list_takes_the_pages_search(client, program_staff, sessions, people):
    client.force_login(program_staff)
    rows = parse(client.get(sign_in_url(sessions[0]), {"q": "ben"}))
    page = client.get(reverse("programs:sign_in", args=[sessions[0].pk]), {"q": "ben"})
    assert [r[0] for r in rows[1:]] == [p.last_name for p in page.context["form"].people] == ["Baker"]


def test_the_sessions_facilitator_may_download_the_sign_in_list(client, make_user, sessions, people):
    user = make_user(Role.COACH)
    sessions[0].facilitators.add(FacilitatorFactory(person=PersonFactory(user=user)))
    client.force_login(user)
    assert len(parse(client.get(sign_in_url(sessions[0])))) == 3


def test_the_sign_in_list_is_hidden_from_a_facilitator_of_another_session(client, make_user, sessions):
    user = make_user(Role.COACH)
    sessions[1].facilitators.add(FacilitatorFactory(person=PersonFactory(user=user)))
    client.force_login(user)
    assert client.get(sign_in_url(sessions[0])).status_code == 404


def test_the_sign_in_list_is_refused_to_a_leader_of_the_cohort(client, leader, offering, sessions):
    EnrollmentFactory(offering=offering, person=leader.person)
    client.force_login(leader)
    assert client.get(sign_in_url(sessions[0])).status_code == 403


def test_the_sign_in_list_sends_anonymous_people_to_log_in(client, sessions):
    assert client.get(sign_in_url(sessions[0])).status_code == 302


def test_the_sign_in_list_rejects_post(client, program_staff, sessions):
    client.force_login(program_staff)
    assert client.post(sign_in_url(sessions[0])).status_code == 405


@pytest.mark.parametrize("size", [3, 40])
def test_the_sign_in_list_costs_the_same_queries_whatever_the_size(
    client, program_staff, offering, sessions, size, django_assert_max_num_queries
):
    for index in range(size):
        person = EnrollmentFactory(offering=offering).person
        if index % 2:
            AttendanceFactory(session=sessions[0], person=person)
    client.force_login(program_staff)
    with django_assert_max_num_queries(5):
        rows = parse(client.get(sign_in_url(sessions[0])))
    assert len(rows) == 1 + size
