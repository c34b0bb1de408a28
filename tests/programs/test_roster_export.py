"""The roster CSV: the page's filters, the page's rows in the page's order, the coordinators' columns."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from leaderdev.models import Position, SchoolLevel
from leaderdev.permissions import Role
from programs.models import EnrollmentStatus
from tests.factories import NetworkFactory, PersonFactory, SchoolFactory
from tests.factories.programs import EnrollmentFactory, OfferingFactory, ProgramFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "Last name",
    "First name",
    "E-mail",
    "Employee ID",
    "Position",
    "School",
    "Network",
    "Level",
    "Year in role",
    "Status",
    "Status changed at",
]


def export_url(offering):
    return reverse("programs:roster_export", args=[offering.pk])


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


@pytest.fixture
def offering(school_year):
    return OfferingFactory(
        school_year=school_year, capacity=1, program=ProgramFactory(name="New Leader PD"), cohort="Cohort A"
    )


@pytest.fixture
def staff_client(client, program_staff):
    client.force_login(program_staff)
    return client


@pytest.fixture
def roster(offering):
    network = NetworkFactory(name="East")
    school = SchoolFactory(name="Alcott Elementary", network=network, level=SchoolLevel.ELEMENTARY)
    high = SchoolFactory(name="Brighton High", network=network, level=SchoolLevel.HIGH)
    changed = datetime.datetime(2026, 9, 1, 16, 30, tzinfo=datetime.UTC)
    rows = [
        ("Adams", "Ann", school, Position.PRINCIPAL, datetime.date(2026, 7, 1), EnrollmentStatus.ENROLLED),
        (
            "Zorn",
            "Zed",
            high,
            Position.ASSISTANT_PRINCIPAL,
            datetime.date(2024, 7, 1),
            EnrollmentStatus.WAITLISTED,
        ),
        (
            "Baker",
            "Ben",
            high,
            Position.ASSISTANT_PRINCIPAL,
            datetime.date(2025, 9, 1),
            EnrollmentStatus.WAITLISTED,
        ),
        ("Cole", "Cy", school, Position.PRINCIPAL, datetime.date(2026, 7, 1), EnrollmentStatus.WITHDRAWN),
    ]
    for minutes, (last, first, at, position, started, status) in enumerate(rows):
        EnrollmentFactory(
            offering=offering,
            status=status,
            status_changed_at=changed + datetime.timedelta(minutes=minutes),
            person=PersonFactory(
                last_name=last,
                first_name=first,
                email=f"{first.lower()}.{last.lower()}@district.test",
                employee_id=f"E-{last.upper()}",
                school=at,
                position=position,
                role_start_date=started,
            ),
        )


def test_it_exports_the_roster_with_the_coordinators_columns(staff_client, offering, roster):
    response = staff_client.get(export_url(offering))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="roster-new-leader-pd-cohort-a-2026-2027'
    )
    header, *rows = read_csv(response)
    assert header == HEADER
    assert rows[0] == [
        "Adams",
        "Ann",
        "ann.adams@district.test",
        "E-ADAMS",
        "Principal",
        "Alcott Elementary",
        "East",
        "Elementary",
        "1",
        "Enrolled",
        "2026-09-01T12:30:00-04:00",
    ]
    # Participants by name, then the waitlist in order (Zorn waited first), as on the page.
    assert [(r[0], r[8], r[9]) for r in rows] == [
        ("Adams", "1", "Enrolled"),
        ("Cole", "1", "Withdrawn"),
        ("Zorn", "3", "Waitlisted"),
        ("Baker", "2", "Waitlisted"),
    ]


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"status": EnrollmentStatus.WAITLISTED},
        {"level": SchoolLevel.HIGH},
        {"position": Position.PRINCIPAL},
        {"year_in_role": "1"},
        {"q": "zorn"},
    ],
)
def test_the_csv_rows_are_the_pages_rows(staff_client, offering, roster, query):
    page = staff_client.get(reverse("programs:offering_roster", args=[offering.pk]), query)
    on_page = [r.person.email for r in page.context["participants"] + page.context["waitlist"]]
    _, *rows = read_csv(staff_client.get(export_url(offering), query))
    assert [row[2] for row in rows] == on_page
    assert on_page  # every query here matches someone


def test_the_page_links_the_csv_with_its_filters(staff_client, offering, roster):
    page = staff_client.get(
        reverse("programs:offering_roster", args=[offering.pk]),
        {"status": "waitlisted", "add-q": "x", "page": "1"},
    )
    assert f'href="{export_url(offering)}?status=waitlisted"' in page.content.decode()


def test_a_name_typed_as_a_formula_arrives_as_text(staff_client, offering):
    EnrollmentFactory(offering=offering, person=PersonFactory(last_name='=HYPERLINK("https://evil.example")'))
    _, row = read_csv(staff_client.get(export_url(offering)))
    assert row[0] == '\'=HYPERLINK("https://evil.example")'


def test_the_export_requires_program_staff(client, make_user, offering, roster):
    client.force_login(make_user(Role.LEADER))
    assert client.get(export_url(offering)).status_code == 403


def test_the_export_sends_anonymous_users_to_log_in(client, offering):
    response = client.get(export_url(offering))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_export_of_a_missing_offering_is_404(staff_client, offering):
    assert staff_client.get(reverse("programs:roster_export", args=[offering.pk + 100])).status_code == 404


def test_the_export_rejects_post(staff_client, offering):
    assert staff_client.post(export_url(offering)).status_code == 405


def test_the_export_never_lists_another_offerings_people(staff_client, offering, roster, school_year):
    EnrollmentFactory(
        offering=OfferingFactory(school_year=school_year), person=PersonFactory(last_name="Other")
    )
    _, *rows = read_csv(staff_client.get(export_url(offering)))
    assert "Other" not in [row[0] for row in rows]


@pytest.mark.parametrize("count", [3, 40])
def test_the_export_costs_the_same_queries_for_any_size(
    staff_client, offering, django_assert_max_num_queries, count
):
    for _ in range(count):
        EnrollmentFactory(offering=offering, person=PersonFactory(school=SchoolFactory()))
    with django_assert_max_num_queries(5):
        response = staff_client.get(
            export_url(offering), {"level": SchoolLevel.ELEMENTARY, "year_in_role": "1"}
        )
        _, *rows = read_csv(response)
    assert len(rows) == count
