"""An offering's attendance grid: people x sessions, rates, counts, filters."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from leaderdev.models import Position
from leaderdev.permissions import Role
from programs.models import AttendanceStatus, EnrollmentStatus
from programs.queries.attendance import attendance_grid
from tests.factories import PersonFactory, SchoolFactory
from tests.factories.programs import (
    AttendanceFactory,
    EnrollmentFactory,
    FacilitatorFactory,
    OfferingFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

PRESENT, LATE, EXCUSED, ABSENT = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.LATE,
    AttendanceStatus.EXCUSED,
    AttendanceStatus.ABSENT,
)


def days_from_now(days):
    return timezone.now() + datetime.timedelta(days=days)


def text(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()


def body_row(html: str, name: str) -> list[str]:
    """The cells of the grid's row headed `name`, as the screen reader reads them."""
    for row in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S):
        header = re.search(r'<th scope="row"[^>]*>(.*?)</th>', row, re.S)
        if header and text(header.group(1)).startswith(name):
            return [text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    raise AssertionError(f"no row {name!r}")


@pytest.fixture
def offering(school_year):
    return OfferingFactory(school_year=school_year, cohort="Cohort A")


@pytest.fixture
def sessions(offering):
    """Three held sessions and one upcoming, in date order."""
    return [
        SessionFactory(offering=offering, title=f"Session {n}", starts_at=days_from_now(days))
        for n, days in enumerate((-30, -20, -10, 10), start=1)
    ]


@pytest.fixture
def people(offering, sessions):
    """Adams (present, late, excused, + marked early for the upcoming one), Baker (absent, -, present)."""
    elementary = SchoolFactory(name="Elm Elementary", level="elementary")
    high = SchoolFactory(name="Hill High", level="high")
    adams = EnrollmentFactory(
        offering=offering, person=PersonFactory(last_name="Adams", school=elementary)
    ).person
    baker = EnrollmentFactory(
        offering=offering,
        person=PersonFactory(last_name="Baker", school=high, position=Position.ASSISTANT_PRINCIPAL),
    ).person
    for session, status in zip(sessions, (PRESENT, LATE, EXCUSED, PRESENT), strict=True):
        AttendanceFactory(session=session, person=adams, status=status)
    AttendanceFactory(session=sessions[0], person=baker, status=ABSENT)
    AttendanceFactory(session=sessions[2], person=baker, status=PRESENT)
    EnrollmentFactory(offering=offering, status=EnrollmentStatus.WAITLISTED)
    return adams, baker


def grid_url(offering):
    return reverse("programs:attendance_grid", args=[offering.pk])


# --- The numbers ----------------------------------------------------------------------------------------


def test_the_grid_has_a_row_per_participant_and_a_column_per_session(offering, sessions, people):
    grid = attendance_grid(offering)
    assert [row.person.last_name for row in grid.rows] == ["Adams", "Baker"]
    assert [s.title for s in grid.sessions] == ["Session 1", "Session 2", "Session 3", "Session 4"]
    assert [s.is_held for s in grid.sessions] == [True, True, True, False]
    assert [c.status for c in grid.rows[1].cells] == [ABSENT, None, PRESENT, None]


def test_the_grid_rates_follow_the_rule(offering, sessions, people):
    adams, baker = attendance_grid(offering).rows
    # Adams: present + late of 3 held, the excused one left out -> 2/2. The upcoming mark does not count.
    assert (adams.summary.attended, adams.summary.expected, adams.rate) == (2, 2, 1.0)
    # Baker: absent, not marked, present -> 1/3.
    assert (baker.summary.attended, baker.summary.expected) == (1, 3)
    assert baker.summary.percent == 33


def test_the_grid_counts_each_session(offering, sessions, people):
    first, second, third, upcoming = attendance_grid(offering).sessions
    assert first.counts == {PRESENT: 1, LATE: 0, EXCUSED: 0, ABSENT: 1, "not_marked": 0}
    assert second.counts["not_marked"] == 1 and second.counts[LATE] == 1
    assert third.attended == 1
    assert upcoming.counts[PRESENT] == 1


def test_the_grid_total_adds_everyone_up(offering, sessions, people):
    total = attendance_grid(offering).total
    assert (total.attended, total.expected) == (3, 5)


def test_the_grid_treats_a_session_as_held_once_it_starts(offering, sessions, people):
    grid = attendance_grid(offering, now=days_from_now(15))
    assert grid.held == 4
    assert grid.rows[0].summary.attended == 3


def test_the_grid_of_an_offering_without_sessions_is_empty(offering, people):
    other = OfferingFactory()
    EnrollmentFactory(offering=other)
    grid = attendance_grid(other)
    assert grid.sessions == [] and grid.rows[0].summary.rate is None


# --- The page -------------------------------------------------------------------------------------------


def test_it_shows_the_grid_to_program_staff(client, program_staff, offering, sessions, people):
    client.force_login(program_staff)
    response = client.get(grid_url(offering))
    assert response.status_code == 200
    html = response.content.decode()
    assert body_row(html, "Adams") == ["P Present", "L Late", "E Excused", "P Present", "2", "2", "100%"]
    assert body_row(html, "Baker") == [
        "A Absent",
        "· Not marked",
        "P Present",
        "· Not marked",
        "1",
        "3",
        "33%",
    ]
    assert body_row(html, "Not marked") == ["0", "1", "0", "1", ""]
    for session in sessions:
        assert f'href="{reverse("programs:sign_in", args=[session.pk])}"' in html
    assert "<caption" in html and 'scope="col"' in html


def test_it_explains_the_rate_rule_on_the_page(client, program_staff, offering, sessions, people):
    client.force_login(program_staff)
    html = client.get(grid_url(offering)).content.decode()
    assert "leaving out excused absences" in html


def test_it_filters_people(client, program_staff, offering, sessions, people):
    client.force_login(program_staff)
    response = client.get(grid_url(offering), {"position": Position.ASSISTANT_PRINCIPAL})
    assert [row.person.last_name for row in response.context["grid"].rows] == ["Baker"]
    response = client.get(grid_url(offering), {"level": "elementary"})
    assert [row.person.last_name for row in response.context["grid"].rows] == ["Adams"]
    response = client.get(grid_url(offering), {"q": "bak"})
    assert [row.person.last_name for row in response.context["grid"].rows] == ["Baker"]


def test_the_session_counts_follow_the_filter(client, program_staff, offering, sessions, people):
    client.force_login(program_staff)
    response = client.get(grid_url(offering), {"q": "adams"})
    assert response.context["grid"].sessions[0].counts[ABSENT] == 0


def test_the_export_link_carries_the_filters(client, program_staff, offering, sessions, people):
    client.force_login(program_staff)
    html = client.get(grid_url(offering), {"level": "high", "q": "b"}).content.decode()
    export = reverse("programs:attendance_export", args=[offering.pk])
    assert f'href="{export}?level=high&amp;q=b"' in html


def test_it_requires_program_staff(client, make_user, offering, sessions):
    coach = make_user(Role.COACH)
    sessions[0].facilitators.add(FacilitatorFactory(person=PersonFactory(user=coach)))
    client.force_login(coach)
    assert client.get(grid_url(offering)).status_code == 403


def test_a_leader_gets_403(client, leader, offering):
    EnrollmentFactory(offering=offering, person=leader.person)
    client.force_login(leader)
    assert client.get(grid_url(offering)).status_code == 403


def test_anonymous_people_are_sent_to_log_in(client, offering):
    response = client.get(grid_url(offering))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_an_unknown_offering_is_404(client, program_staff):
    client.force_login(program_staff)
    assert client.get(reverse("programs:attendance_grid", args=[999999])).status_code == 404


def test_it_rejects_post(client, program_staff, offering):
    client.force_login(program_staff)
    assert client.post(grid_url(offering)).status_code == 405


@pytest.mark.parametrize(("size", "session_count"), [(3, 2), (40, 12)])
def test_it_costs_the_same_queries_whatever_the_size(
    client, program_staff, offering, size, session_count, django_assert_max_num_queries
):
    sessions = [
        SessionFactory(offering=offering, starts_at=days_from_now(-n - 1)) for n in range(session_count)
    ]
    for index in range(size):
        person = EnrollmentFactory(offering=offering).person
        AttendanceFactory(session=sessions[index % session_count], person=person, status=PRESENT)
    client.force_login(program_staff)
    with django_assert_max_num_queries(9):
        response = client.get(grid_url(offering), {"level": "elementary"})
    assert len(response.context["grid"].rows) == size


def test_it_offers_the_rosters_status_filter_for_people_taking_part(
    client, program_staff, offering, sessions, people
):
    done = EnrollmentFactory(offering=offering, status=EnrollmentStatus.COMPLETED, person__last_name="Cole")
    client.force_login(program_staff)
    response = client.get(grid_url(offering), {"status": EnrollmentStatus.COMPLETED})
    assert [row.person.pk for row in response.context["grid"].rows] == [done.person.pk]
    choices = [value for value, _ in response.context["filter"].form.fields["status"].choices]
    assert choices == ["", EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED]
