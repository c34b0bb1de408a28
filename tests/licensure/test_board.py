"""The licensure team's progress board and its CSV: numbers per pursuit, the overdue and stale flags,
filters, summary cards, permissions and query counts."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from leaderdev.permissions import Role
from licensure.models import PursuitStatus, Requirement, RequirementProgress
from licensure.queries.pursuits import board, board_summary
from tests.factories import NetworkFactory, SchoolFactory
from tests.factories.licensure import (
    LicensePursuitFactory,
    LicenseTypeFactory,
    RequirementFactory,
    RequirementProgressFactory,
    VerifiedProgressFactory,
)

from .pursuit_data import make_pursuit, pursuer_login, requirement

pytestmark = pytest.mark.django_db

BOARD = reverse("licensure:board")
EXPORT = reverse("licensure:board_export")


def today():
    return timezone.localdate()


def days(n):
    return datetime.timedelta(days=n)


@pytest.fixture
def team(make_user):
    return make_user(Role.LICENSURE_TEAM)


@pytest.fixture
def pursuit(school_year):
    """Two requirements, one verified: 50%."""
    pursuit = make_pursuit()
    VerifiedProgressFactory(pursuit=pursuit, requirement=requirement(pursuit, "Coursework"))
    return pursuit


def pursuits_of(size):
    """`size` more pursuits of one other license, by people without a login, each with an item in progress."""
    license_type = LicenseTypeFactory()
    coursework = RequirementFactory(license_type=license_type, title="Coursework")
    RequirementFactory(license_type=license_type, title="Practicum")
    for _ in range(size):
        other = LicensePursuitFactory(license_type=license_type)
        RequirementProgressFactory(pursuit=other, requirement=coursework)


def rows(response) -> list[dict]:
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(content)))


def age_progress(pursuit, days_ago):
    when = timezone.now() - days(days_ago)
    RequirementProgress.objects.filter(pursuit=pursuit).update(updated_at=when)
    type(pursuit).objects.filter(pk=pursuit.pk).update(created_at=when)


# --- The numbers ----------------------------------------------------------------------------------------


def test_board_counts_verified_among_active_requirements(pursuit):
    RequirementFactory(license_type=pursuit.license_type, title="Retired", is_active=False)
    row = board().get(pk=pursuit.pk)
    assert (row.verified_count, row.total_requirements, row.percent) == (1, 2, 50)


def test_a_verified_item_that_was_retired_does_not_count(pursuit):
    Requirement.objects.filter(pk=requirement(pursuit, "Coursework").pk).update(is_active=False)
    row = board().get(pk=pursuit.pk)
    assert (row.verified_count, row.total_requirements, row.percent) == (0, 1, 0)


def test_a_license_without_requirements_is_at_zero_percent(school_year):
    row = board().get(pk=LicensePursuitFactory().pk)
    assert (row.verified_count, row.total_requirements, row.percent) == (0, 0, 0)


def test_a_pursuit_past_its_target_is_overdue_until_licensed(pursuit):
    type(pursuit).objects.filter(pk=pursuit.pk).update(
        started_on=today() - days(400), target_date=today() - days(1)
    )
    assert board().get(pk=pursuit.pk).is_overdue
    type(pursuit).objects.filter(pk=pursuit.pk).update(status=PursuitStatus.LICENSED, licensed_on=today())
    assert not board().get(pk=pursuit.pk).is_overdue


def test_a_pursuit_due_today_is_not_overdue(pursuit):
    type(pursuit).objects.filter(pk=pursuit.pk).update(started_on=today() - days(400), target_date=today())
    assert not board().get(pk=pursuit.pk).is_overdue


def test_a_pursuit_without_change_in_60_days_is_stale(pursuit):
    age_progress(pursuit, 61)
    assert board().get(pk=pursuit.pk).is_stale
    age_progress(pursuit, 59)
    assert not board().get(pk=pursuit.pk).is_stale


def test_a_new_pursuit_with_nothing_recorded_is_not_stale(school_year):
    fresh = make_pursuit()
    row = board().get(pk=fresh.pk)
    assert not row.is_stale and row.last_activity is not None


def test_summary_counts_the_filtered_pursuits(pursuit):
    pursuits_of(2)
    late = make_pursuit(started_on=today() - days(400), target_date=today() - days(3))
    age_progress(late, 90)
    make_pursuit(status=PursuitStatus.LICENSED, licensed_on=today())
    summary = board_summary(board())
    assert (summary.pursuits, summary.active, summary.overdue, summary.stale, summary.licensed) == (
        5,
        4,
        1,
        1,
        1,
    )
    assert summary.average_percent == 12  # (50 + 0 + 0 + 0) / 4


# --- The page ---------------------------------------------------------------------------------------------


def test_the_team_sees_the_board(client, team, pursuit):
    client.force_login(team)
    response = client.get(BOARD)
    html = response.content.decode()
    assert response.status_code == 200
    assert pursuit.person.full_name in html and pursuit.person.employee_id in html
    assert reverse("licensure:pursuit_detail", args=[pursuit.pk]) in html
    assert "1/2" in html and 'aria-valuenow="50"' in html


@pytest.mark.parametrize("role", [Role.LEADER, Role.PROGRAM_STAFF, Role.MENTOR])
def test_other_roles_get_403(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(BOARD).status_code == 403
    assert client.get(EXPORT).status_code == 403


def test_an_employee_pursuing_a_license_gets_403(client, pursuit):
    client.force_login(pursuit.person.user)
    assert client.get(BOARD).status_code == 403


def test_the_board_needs_a_login(client):
    for url in (BOARD, EXPORT):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_board_rejects_post(client, team):
    client.force_login(team)
    assert client.post(BOARD).status_code == 405
    assert client.post(EXPORT).status_code == 405


def test_the_board_filters_by_license_status_network_and_school(client, team, pursuit):
    network = NetworkFactory(name="Network East")
    school = SchoolFactory(name="Mather Elementary", network=network)
    east = make_pursuit(pursuer_login(), status=PursuitStatus.APPLIED)
    east.person.school = school
    east.person.save()
    client.force_login(team)

    def shown(**params):
        return list(client.get(BOARD, params).context["rows"])

    assert shown(license_type=pursuit.license_type.pk) == [pursuit]
    assert shown(status=PursuitStatus.APPLIED) == [east]
    assert shown(network=network.pk) == [east]
    assert shown(school=school.pk) == [east]
    assert shown(q=pursuit.person.employee_id) == [pursuit]


def test_the_board_filters_overdue_and_stale(client, team, pursuit):
    late = make_pursuit(started_on=today() - days(400), target_date=today() - days(3))
    age_progress(late, 90)
    client.force_login(team)
    assert list(client.get(BOARD, {"overdue": "true"}).context["rows"]) == [late]
    assert list(client.get(BOARD, {"stale": "true"}).context["rows"]) == [late]
    assert list(client.get(BOARD, {"overdue": "false"}).context["rows"]) == [pursuit]


def test_the_board_shows_days_past_the_target(client, team, pursuit):
    make_pursuit(started_on=today() - days(400), target_date=today() - days(3))
    client.force_login(team)
    assert "3 days past" in client.get(BOARD).content.decode()


def test_the_board_shows_summary_cards_for_the_filter(client, team, pursuit):
    pursuits_of(2)
    client.force_login(team)
    summary = client.get(BOARD, {"license_type": pursuit.license_type.pk}).context["summary"]
    assert (summary.pursuits, summary.active, summary.average_percent) == (1, 1, 50)


def test_the_board_pages(client, team, pursuit):
    pursuits_of(50)
    client.force_login(team)
    first = client.get(BOARD)
    assert len(first.context["rows"]) == 50
    assert len(client.get(BOARD, {"page": 2}).context["rows"]) == 1
    assert "Page 1 of 2" in first.content.decode()


@pytest.mark.parametrize("size", [3, 30])
def test_the_board_costs_the_same_queries_whatever_the_size(
    client, team, size, django_assert_max_num_queries
):
    pursuits_of(size)
    client.force_login(team)
    with django_assert_max_num_queries(9):
        response = client.get(BOARD)
    assert len(response.context["rows"]) == size


# --- The CSV ----------------------------------------------------------------------------------------------


def test_the_export_has_a_line_per_pursuit_with_its_numbers(client, team, pursuit):
    client.force_login(team)
    response = client.get(EXPORT)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    [row] = rows(response)
    person = pursuit.person
    assert row["Employee ID"] == person.employee_id
    assert (row["Last name"], row["First name"]) == (person.last_name, person.first_name)
    assert (row["School"], row["Network"]) == (person.school.name, person.school.network.name)
    assert (row["License"], row["Status"]) == (pursuit.license_type.name, "In progress")
    assert (row["Started"], row["Target date"]) == ("2026-09-01", "2027-06-30")
    assert (row["Requirements verified"], row["Requirements in all"], row["Percent verified"]) == (
        "1",
        "2",
        "50",
    )
    assert datetime.datetime.fromisoformat(row["Last activity"]).date() == today()


def test_the_export_applies_the_boards_filters(client, team, pursuit):
    pursuits_of(2)
    client.force_login(team)
    got = rows(client.get(EXPORT, {"license_type": pursuit.license_type.pk}))
    assert [row["Employee ID"] for row in got] == [pursuit.person.employee_id]


def test_the_export_neutralises_formulas(client, team, pursuit):
    pursuit.person.last_name = "=HYPERLINK(1)"
    pursuit.person.save()
    client.force_login(team)
    assert rows(client.get(EXPORT))[0]["Last name"] == "'=HYPERLINK(1)"


@pytest.mark.parametrize("size", [3, 30])
def test_the_export_costs_the_same_queries_whatever_the_size(
    client, team, size, django_assert_max_num_queries
):
    pursuits_of(size)
    client.force_login(team)
    with django_assert_max_num_queries(4):
        got = rows(client.get(EXPORT))
    assert len(got) == size
