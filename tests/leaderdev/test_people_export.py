"""The staff directory as CSV: the page's filters and rows, staff only, fixed queries, injection-safe."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from leaderdev.models import LeadershipTier, Person, Position, SchoolLevel
from leaderdev.permissions import Role
from tests.factories import NetworkFactory, PersonFactory, SchoolFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "Employee ID",
    "Last name",
    "First name",
    "E-mail",
    "Position",
    "Leadership tier",
    "School",
    "School code",
    "School level",
    "Network",
    "Role start date",
    "Year in role",
    "Active",
]


def parse(response) -> list[list[str]]:
    content = b"".join(response.streaming_content)
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def export(client, params=None) -> list[list[str]]:
    response = client.get(reverse("people_export"), params or {})
    assert response.status_code == 200
    return parse(response)


def employee_ids(rows) -> list[str]:
    return [row[0] for row in rows[1:]]


@pytest.fixture
def staff_client(client, program_staff):
    client.force_login(program_staff)
    return client


# --- the file ----------------------------------------------------------------------------------------


def test_it_streams_a_csv_download(staff_client, school_year):
    PersonFactory()
    response = staff_client.get(reverse("people_export"))
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="staff-directory-')


def test_the_header_row_is_exact(staff_client, school_year):
    assert export(staff_client)[0] == HEADER


def test_a_school_leader_row_is_complete(staff_client, school_year):
    school = SchoolFactory(
        name="Hale High", code="H100", level=SchoolLevel.HIGH, network=NetworkFactory(name="Network B")
    )
    PersonFactory(
        employee_id="E42",
        first_name="Rosa",
        last_name="Parks",
        email="rparks@district.test",
        position=Position.ASSISTANT_PRINCIPAL,
        tier=LeadershipTier.EMERGING_LEADER,
        school=school,
        role_start_date=datetime.date(2025, 9, 1),
    )
    assert export(staff_client)[1] == [
        "E42",
        "Parks",
        "Rosa",
        "rparks@district.test",
        "Assistant principal",
        "Emerging leader",
        "Hale High",
        "H100",
        "High",
        "Network B",
        "2025-09-01",
        "2",
        "yes",
    ]


def test_central_office_staff_have_empty_school_cells(staff_client, school_year):
    PersonFactory(position=Position.CENTRAL_OFFICE, tier="", school=None, is_active=False)
    row = export(staff_client)[1]
    assert row[4:10] == ["Central office", "", "", "", "", ""]
    assert row[12] == "no"


@pytest.mark.parametrize(
    "start", [datetime.date(2026, 7, 1), datetime.date(2025, 6, 30), datetime.date(2019, 8, 1)]
)
def test_year_in_role_agrees_with_the_model(staff_client, school_year, start):
    person = PersonFactory(role_start_date=start)
    assert export(staff_client)[1][11] == str(person.year_in_role(school_year))


def test_year_in_role_is_empty_for_a_role_starting_after_the_year(staff_client, school_year):
    PersonFactory(role_start_date=datetime.date(2027, 8, 1))
    assert export(staff_client)[1][11] == ""


def test_year_in_role_is_empty_without_a_current_school_year(staff_client):
    PersonFactory()
    assert export(staff_client)[1][11] == ""


def test_a_formula_in_a_name_is_neutralised(staff_client, school_year):
    PersonFactory(last_name="=cmd|' /C calc'!A0", first_name="@SUM(1+1)")
    row = export(staff_client)[1]
    assert [row[1], row[2]] == ["'=cmd|' /C calc'!A0", "'@SUM(1+1)"]


# --- the same rows as the page -----------------------------------------------------------------------


@pytest.fixture
def directory(school_year):
    """A small district spread over the directory's filters."""
    high = SchoolFactory(level=SchoolLevel.HIGH)
    PersonFactory(last_name="Zamora", school=high, role_start_date=datetime.date(2025, 9, 1))
    PersonFactory(last_name="Zamora", role_start_date=datetime.date(2018, 8, 1))
    PersonFactory(last_name="Young", school=high, role_start_date=datetime.date(2019, 8, 1))
    PersonFactory(last_name="Xu", position=Position.TEACHER_LEADER, tier=LeadershipTier.LEAD_LEARNER)
    PersonFactory(last_name="Ward", position=Position.CENTRAL_OFFICE, school=None, tier="")
    PersonFactory(last_name="Vance", is_active=False)
    return high


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"new_leaders": "true"},
        {"new_leaders": "false"},
        {"level": "high", "q": "zamo"},
        {"position": Position.TEACHER_LEADER},
        {"tier": LeadershipTier.LEAD_LEARNER},
        {"network": "not-a-number", "level": "moon", "new_leaders": "maybe"},
    ],
)
def test_it_exports_the_pages_rows_under_the_same_filters(staff_client, directory, params):
    page = staff_client.get(reverse("people"), params)
    expected = [person.employee_id for person in page.context["page"]]
    assert employee_ids(export(staff_client, params)) == expected


def test_it_filters_by_network(staff_client, directory):
    rows = export(staff_client, {"network": directory.network.pk})
    assert set(employee_ids(rows)) == set(
        Person.objects.filter(school__network=directory.network).values_list("employee_id", flat=True)
    )


def test_it_ignores_malformed_filters(staff_client, directory):
    response = staff_client.get(reverse("people_export"), {"network": "x", "level": "moon", "page": "x"})
    assert response.status_code == 200
    assert len(parse(response)) == Person.objects.count() + 1


def test_it_exports_every_page_not_just_the_first(staff_client, school_year):
    PersonFactory.create_batch(55, school=SchoolFactory())
    assert len(export(staff_client, {"page": "2"})) == 56


def test_the_page_links_the_export_with_its_filters(staff_client, school_year):
    response = staff_client.get(reverse("people"), {"level": "high", "q": "zamo", "page": "1"})
    assert b'href="/staff/people/export.csv?level=high&amp;q=zamo"' in response.content


def test_the_unfiltered_page_links_the_plain_export(staff_client, school_year):
    assert b'href="/staff/people/export.csv"' in staff_client.get(reverse("people")).content


# --- who may export ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.RECRUITMENT_STAFF, Role.LICENSURE_TEAM])
def test_every_office_team_may_export(client, make_user, school_year, role):
    client.force_login(make_user(role))
    assert client.get(reverse("people_export")).status_code == 200


def test_it_refuses_leaders(client, leader):
    client.force_login(leader)
    assert client.get(reverse("people_export")).status_code == 403


def test_it_sends_anonymous_to_login(client):
    response = client.get(reverse("people_export"), {"level": "high"})
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/staff/people/export.csv%3Flevel%3Dhigh"


def test_it_rejects_post(staff_client):
    assert staff_client.post(reverse("people_export")).status_code == 405


# --- cost --------------------------------------------------------------------------------------------

# session, user, the user's roles, the current school year (columns), the current school year (the
# new-leader filter), the network filter's choice, and the export itself: whatever the district's size.
EXPORT_QUERIES = 7


@pytest.mark.parametrize("size", [3, 300])
def test_the_query_count_is_fixed(staff_client, school_year, django_assert_num_queries, size):
    schools = SchoolFactory.create_batch(3)
    for n in range(size):
        PersonFactory(school=schools[n % 3], role_start_date=datetime.date(2025 - n % 4, 9, 1))
    params = {"new_leaders": "true", "network": schools[0].network.pk}
    with django_assert_num_queries(EXPORT_QUERIES):
        rows = export(staff_client, params)
    assert len(rows) > 1


# --- the admin action --------------------------------------------------------------------------------


def test_the_admin_action_exports_the_selected_people(client, superuser, school_year):
    chosen = [PersonFactory(last_name="Adams"), PersonFactory(last_name="Baker")]
    PersonFactory(last_name="Cole")
    client.force_login(superuser)
    response = client.post(
        reverse("admin:leaderdev_person_changelist"),
        {"action": "export_people_csv", "_selected_action": [p.pk for p in chosen]},
    )
    assert response["Content-Disposition"].startswith('attachment; filename="people-')
    rows = parse(response)
    assert rows[0] == HEADER
    assert employee_ids(rows) == [p.employee_id for p in chosen]


def test_read_only_staff_may_use_the_admin_action(client, make_user, school_year):
    person = PersonFactory()
    client.force_login(make_user(Role.RECRUITMENT_STAFF, is_staff=True))
    response = client.post(
        reverse("admin:leaderdev_person_changelist"),
        {"action": "export_people_csv", "_selected_action": [person.pk]},
    )
    assert employee_ids(parse(response)) == [person.employee_id]


def test_the_admin_action_is_offered_on_the_people_changelist(client, superuser):
    PersonFactory()  # the admin shows its actions only above a list with rows
    client.force_login(superuser)
    response = client.get(reverse("admin:leaderdev_person_changelist"))
    assert b"Export selected people as CSV" in response.content
