"""The equity compliance page and its CSV: program staff only, the same filters, fixed query counts."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse

from leaderdev.models import Position, SchoolLevel
from leaderdev.permissions import Role
from programs.models import EnrollmentStatus
from tests.factories import NetworkFactory, PersonFactory, SchoolFactory, SchoolYearFactory
from tests.factories.programs import EnrollmentFactory, OfferingFactory, equity_program

pytestmark = pytest.mark.django_db

PAGE = reverse("programs:equity_compliance")
EXPORT = reverse("programs:equity_export")
HEADER = [
    "Last name",
    "First name",
    "E-mail",
    "Position",
    "School",
    "Network",
    "Level",
    "Equity offerings",
    "Offering names",
    "Status",
]


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def section(html: str, status: str) -> str:
    match = re.search(rf'<section[^>]*aria-labelledby="equity-{status}-heading".*?</section>', html, re.S)
    assert match, f"no section for {status}"
    return match.group(0)


def names_in(html: str) -> list[str]:
    """The people's names, as the page's tables list them (row headers)."""
    return [text(name) for name in re.findall(r'<th scope="row"[^>]*><a href="/admin/[^"]*">(.*?)</a>', html)]


def parse(response) -> list[list[str]]:
    content = b"".join(response.streaming_content)
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


@pytest.fixture
def staff_client(client, program_staff):
    client.force_login(program_staff)
    return client


@pytest.fixture
def offerings(school_year):
    return {
        name: OfferingFactory(program=equity_program(name), school_year=school_year, cohort="A", capacity=20)
        for name in ("Self as Core", "Micro Disruptions", "Equity Leadership Think Tank")
    }


@pytest.fixture
def district(school_year, offerings):
    """Nobody Adams has none, Once Baker one, Twice Chen two; Waiting Diaz is only waitlisted."""
    north = NetworkFactory(name="North Network")
    elementary = SchoolFactory(name="Adams Elementary", network=north)
    high = SchoolFactory(
        name="Chen High", level=SchoolLevel.HIGH, network=NetworkFactory(name="South Network")
    )
    people = {
        "none": PersonFactory(first_name="Nobody", last_name="Adams", school=elementary),
        "one": PersonFactory(
            first_name="Once", last_name="Baker", school=elementary, position=Position.ASSISTANT_PRINCIPAL
        ),
        "more": PersonFactory(
            first_name="Twice", last_name="Chen", school=high, position=Position.HEAD_OF_SCHOOL
        ),
        "waiting": PersonFactory(first_name="Waiting", last_name="Diaz", school=high),
    }
    EnrollmentFactory(person=people["one"], offering=offerings["Self as Core"])
    EnrollmentFactory(person=people["more"], offering=offerings["Self as Core"])
    EnrollmentFactory(person=people["more"], offering=offerings["Micro Disruptions"])
    EnrollmentFactory(
        person=people["waiting"],
        offering=offerings["Equity Leadership Think Tank"],
        status=EnrollmentStatus.WAITLISTED,
    )
    PersonFactory(
        first_name="Teacher", last_name="Evans", school=elementary, position=Position.TEACHER_LEADER
    )
    return people


def grow(school_year, offerings, count):
    """`count` more people in each state, at new schools in a new network."""
    network = NetworkFactory()
    for _ in range(count):
        school = SchoolFactory(network=network, level=SchoolLevel.MIDDLE)
        PersonFactory(school=school)
        EnrollmentFactory(person=PersonFactory(school=school), offering=offerings["Self as Core"])
        twice = PersonFactory(school=school, position=Position.ASSISTANT_PRINCIPAL)
        EnrollmentFactory(person=twice, offering=offerings["Self as Core"])
        EnrollmentFactory(person=twice, offering=offerings["Micro Disruptions"])
        EnrollmentFactory(
            person=PersonFactory(school=school),
            offering=offerings["Equity Leadership Think Tank"],
            status=EnrollmentStatus.WITHDRAWN,
        )


# --- who may see it -------------------------------------------------------------------------------------


def test_it_sends_anonymous_visitors_to_log_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", [Role.LEADER, Role.MENTOR, Role.COACH, Role.RECRUITMENT_STAFF])
def test_it_requires_program_staff(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(PAGE).status_code == 403


def test_it_rejects_post(staff_client, school_year):
    assert staff_client.post(PAGE).status_code == 405


def test_the_export_sends_anonymous_visitors_to_log_in(client):
    response = client.get(EXPORT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_export_requires_program_staff(client, leader):
    client.force_login(leader)
    assert client.get(EXPORT).status_code == 403


def test_the_export_rejects_post(staff_client, school_year):
    assert staff_client.post(EXPORT).status_code == 405


# --- the page -------------------------------------------------------------------------------------------


def test_it_lists_who_has_none_first_then_who_has_more(staff_client, district):
    html = staff_client.get(PAGE).content.decode()

    assert html.index('id="equity-none-heading"') < html.index('id="equity-more-heading"')
    assert names_in(section(html, "none")) == ["Adams, Nobody", "Diaz, Waiting"]
    assert names_in(section(html, "more")) == ["Chen, Twice"]
    assert 'id="equity-one-heading"' not in html  # the compliant are counted, not listed, by default
    assert "Baker" not in html
    assert "Evans" not in html  # teacher leaders are not held to the rule


def test_it_shows_the_counts_of_each_status(staff_client, district):
    html = text(staff_client.get(PAGE).content.decode())

    assert "1 compliant: exactly one" in html
    assert "2 with none" in html
    assert "1 with more than one" in html


def test_it_shows_why_a_waitlisted_person_has_none(staff_client, district):
    none = text(section(staff_client.get(PAGE).content.decode(), "none"))

    assert "Waitlisted: Equity Leadership Think Tank · A" in none


def test_it_shows_the_offerings_of_who_has_more(staff_client, district):
    more = text(section(staff_client.get(PAGE).content.decode(), "more"))

    assert "Micro Disruptions · A" in more
    assert "Self as Core · A" in more


def test_each_person_links_to_their_record(staff_client, district):
    html = staff_client.get(PAGE).content.decode()

    assert f'href="{district["none"].get_absolute_url()}"' in html


def test_it_lists_the_equity_offerings_with_their_enrollment(staff_client, district):
    offerings = section(staff_client.get(PAGE).content.decode(), "offerings")
    rows = {
        text(row.split("</th>")[0]): [text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", offerings, re.S)[1:]
    }

    assert rows == {
        "Equity Leadership Think Tank · A": ["0 of 20", "1", "0"],
        "Micro Disruptions · A": ["1 of 20", "0", "0"],
        "Self as Core · A": ["2 of 20", "0", "0"],
    }


def test_it_lists_the_compliant_when_asked(staff_client, district):
    html = staff_client.get(PAGE, {"status": "one"}).content.decode()

    assert names_in(section(html, "one")) == ["Baker, Once"]
    assert 'id="equity-none-heading"' not in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"network": "north"}, ["Adams, Nobody"]),
        ({"level": SchoolLevel.HIGH}, ["Diaz, Waiting", "Chen, Twice"]),
        ({"position": Position.HEAD_OF_SCHOOL}, ["Chen, Twice"]),
        ({"q": "wait"}, ["Diaz, Waiting"]),
        ({"status": "all"}, ["Adams, Nobody", "Diaz, Waiting", "Chen, Twice", "Baker, Once"]),
    ],
)
def test_it_filters(staff_client, district, params, expected):
    if params.get("network") == "north":
        params = {"network": district["none"].school.network_id}

    html = staff_client.get(PAGE, params).content.decode()

    assert names_in(html) == expected


def test_it_reports_another_school_year_when_asked(staff_client, district):
    last_year = SchoolYearFactory(
        name="2025-2026",
        start_date=datetime.date(2025, 9, 4),
        end_date=datetime.date(2026, 6, 23),
        is_current=False,
    )
    veteran = PersonFactory(first_name="Vera", last_name="Veteran", role_start_date=datetime.date(2015, 7, 1))
    offering = OfferingFactory(program=equity_program("Macro Disruptions"), school_year=last_year, cohort="")
    EnrollmentFactory(person=veteran, offering=offering, status=EnrollmentStatus.COMPLETED)

    html = staff_client.get(PAGE, {"school_year": last_year.pk, "status": "all"}).content.decode()

    assert "Racial-equity rule: 2025-2026" in html
    assert names_in(html) == ["Veteran, Vera"]  # the others started their roles after that year


def test_it_says_when_there_is_no_school_year(staff_client):
    response = staff_client.get(PAGE)

    assert response.status_code == 200
    assert "No school year is set up yet" in response.content.decode()


def test_the_page_costs_the_same_queries_at_two_sizes(
    staff_client, district, school_year, offerings, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12) as small:
        html = staff_client.get(PAGE, {"status": "all"}).content.decode()
    assert len(names_in(html)) == 4

    grow(school_year, offerings, 15)
    with django_assert_max_num_queries(12) as large:
        html = staff_client.get(PAGE, {"status": "all"}).content.decode()
    assert len(names_in(html)) == 4 + 15 * 4
    assert len(large) == len(small)


# --- the export -----------------------------------------------------------------------------------------


def test_the_export_is_a_csv_download_named_for_the_year(staff_client, district):
    response = staff_client.get(EXPORT)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"] == 'attachment; filename="equity-compliance-2026-2027-attention.csv"'
    )
    assert parse(response)[0] == HEADER


def test_the_export_rows_are_complete(staff_client, district):
    rows = parse(staff_client.get(EXPORT, {"status": "all"}))

    assert rows[1:] == [
        ["Adams", "Nobody", district["none"].email, "Principal", "Adams Elementary", "North Network",
         "Elementary", "0", "", "None"],
        ["Diaz", "Waiting", district["waiting"].email, "Principal", "Chen High", "South Network", "High", "0",
         "", "None"],
        ["Chen", "Twice", district["more"].email, "Head of school", "Chen High", "South Network", "High", "2",
         "Micro Disruptions (A); Self as Core (A)", "More than one"],
        ["Baker", "Once", district["one"].email, "Assistant principal", "Adams Elementary", "North Network",
         "Elementary", "1", "Self as Core (A)", "Exactly one"],
    ]  # fmt: skip


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"status": "all"},
        {"status": "one"},
        {"level": SchoolLevel.HIGH},
        {"q": "chen"},
        {"status": "none"},
    ],
)
def test_the_export_has_the_pages_rows_for_the_same_filters(staff_client, district, params):
    page = names_in(staff_client.get(PAGE, params).content.decode())
    rows = parse(staff_client.get(EXPORT, params))

    assert [f"{row[0]}, {row[1]}" for row in rows[1:]] == page


def test_the_export_costs_the_same_queries_at_two_sizes(
    staff_client, district, school_year, offerings, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8) as small:
        rows = parse(staff_client.get(EXPORT, {"status": "all"}))
    assert len(rows) == 1 + 4

    grow(school_year, offerings, 15)
    with django_assert_max_num_queries(8) as large:
        rows = parse(staff_client.get(EXPORT, {"status": "all"}))
    assert len(rows) == 1 + 4 + 15 * 4
    assert len(large) == len(small)
