"""The network overview's CSV export (programs:team_overview_export): one row per school, numbers in number
columns, the page's filters, and only the schools the viewer may see."""

import csv
import io

import pytest
from django.urls import reverse

from .test_network_overview import district, network_staff_of, today  # noqa: F401  (district: a fixture)

pytestmark = pytest.mark.django_db

URL = reverse("programs:team_overview_export")


def read_csv(response) -> list[dict[str, str]]:
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_it_exports_one_row_per_school_with_numbers(client, program_staff, district):  # noqa: F811
    client.force_login(program_staff)
    rows = {row["School"]: row for row in read_csv(client.get(URL))}
    assert list(rows) == ["Adams Elementary", "Baker Middle", "Carver High", "Dunbar K-8", "Eliot Elementary"]
    adams = rows["Adams Elementary"]
    assert adams["Network"] == "North"
    assert adams["Level"] == "Elementary"
    assert adams["Plan status"] == "Behind"
    assert adams["Plan"] == "Adopted"
    assert adams["Plan progress (%)"] == "45"
    assert (adams["Targets on track or met"], adams["Targets"]) == ("1", "2")
    assert adams["Last check-in"] == today().isoformat()
    assert adams["Initiative"] == "Student-work analysis"
    assert (adams["Steps done"], adams["Steps"], adams["Steps done (%)"], adams["Overdue steps"]) == (
        "1", "4", "25", "2"
    )  # fmt: skip
    eliot = rows["Eliot Elementary"]
    assert (eliot["Plan status"], eliot["Plan"], eliot["Plan progress (%)"], eliot["Steps"]) == (
        "No plan", "", "", "0"
    )  # fmt: skip


def test_it_takes_the_pages_filters(client, program_staff, district):  # noqa: F811
    client.force_login(program_staff)
    response = client.get(URL, {"network": district["south"].pk, "health": "met"})
    assert [row["School"] for row in read_csv(response)] == ["Carver High"]
    response = client.get(URL, {"overdue": "yes"})
    assert [row["School"] for row in read_csv(response)] == ["Adams Elementary"]


def test_network_staff_export_only_their_networks_schools(client, make_user, district):  # noqa: F811
    client.force_login(network_staff_of(make_user, district["south"]))
    schools = [row["School"] for row in read_csv(client.get(URL))]
    assert schools == ["Carver High", "Dunbar K-8", "Eliot Elementary"]


def test_it_requires_program_or_network_staff(client, leader):
    client.force_login(leader)
    assert client.get(URL).status_code == 403


def test_it_sends_anonymous_users_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_rejects_post(client, program_staff):
    client.force_login(program_staff)
    assert client.post(URL).status_code == 405
