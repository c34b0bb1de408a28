"""Program staff's cohort pages: every cohort with its places, applications by status and hosts; one
cohort's summary and its fellows with their host, hours logged and readiness."""

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from fellowships.models import ApplicationStatus, FellowStatus, HostStatus, Readiness
from leaderdev.permissions import Role
from tests.factories import SchoolFactory, SchoolYearFactory
from tests.factories.fellowships import (
    AspiringLeaderFactory,
    CohortFactory,
    FellowFactory,
    FellowshipApplicationFactory,
    HostFactory,
    HoursEntryFactory,
    ResidencyFactory,
)
from tests.factories.mentoring import VeteranFactory

pytestmark = pytest.mark.django_db

LIST = reverse("fellowships:cohort_list")


def text(html: str) -> str:
    flat = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()
    return unescape(re.sub(r" ([.,:;)])", r"\1", flat))


def detail(cohort):
    return reverse("fellowships:cohort_detail", args=[cohort.pk])


@pytest.fixture
def cohort(school_year):
    return CohortFactory(school_year=school_year, places=3, required_hours=400)


@pytest.fixture
def staff_client(client, program_staff):
    client.force_login(program_staff)
    return client


def grow(cohort, count):
    """`count` of everything a cohort page shows: applications, fellows placed with hours, hosts."""
    for _ in range(count):
        FellowshipApplicationFactory(cohort=cohort, status=ApplicationStatus.SCREENING)
        residency = ResidencyFactory(fellow=FellowFactory(application__cohort=cohort))
        HoursEntryFactory(residency=residency, hours=10)
        HoursEntryFactory(residency=residency, hours=5)
        FellowFactory(application__cohort=cohort)  # not placed
        HostFactory(cohort=cohort, status=HostStatus.INVITED)


# --- The list ----------------------------------------------------------------------------------------------


def test_the_list_shows_places_applications_by_status_and_hosts(staff_client, cohort):
    FellowFactory(application__cohort=cohort)
    FellowFactory(application__cohort=cohort, status=FellowStatus.WITHDRAWN)  # their place is free again
    FellowshipApplicationFactory(cohort=cohort, status=ApplicationStatus.SCREENING)
    FellowshipApplicationFactory(cohort=cohort, status=ApplicationStatus.SCREENING)
    FellowshipApplicationFactory(cohort=cohort, status=ApplicationStatus.NOT_SELECTED)
    HostFactory(cohort=cohort)
    HostFactory(cohort=cohort, status=HostStatus.DECLINED)
    response = staff_client.get(LIST)
    assert response.status_code == 200
    row = response.context["rows"][0]
    assert (row.taken, row.hosts_confirmed, row.applications) == (1, 1, 5)
    assert row.statuses == [
        ("screening", "Screening", 2),
        ("selected", "Selected", 2),
        ("not_selected", "Not selected", 1),
    ]
    page = text(response.content.decode())
    assert "1 / 3" in page and "5 in all" in page and "Screening: 2" in page
    html = response.content.decode()
    assert reverse("fellowships:placements", args=[cohort.pk]) in html
    assert detail(cohort) in html


def test_the_list_shows_every_cohort_newest_first(staff_client, cohort):
    older = CohortFactory(
        school_year=SchoolYearFactory(
            name="2025-2026",
            start_date=datetime.date(2025, 8, 25),
            end_date=datetime.date(2026, 6, 30),
            is_current=False,
        ),
        residency_starts_on=datetime.date(2025, 9, 1),
        residency_ends_on=datetime.date(2026, 6, 18),
    )
    rows = staff_client.get(LIST).context["rows"]
    assert [row.cohort for row in rows] == [cohort, older]


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_costs_the_same_queries_at_any_size(
    staff_client, cohort, size, django_assert_max_num_queries
):
    grow(cohort, size)
    with django_assert_max_num_queries(8):
        response = staff_client.get(LIST)
    assert response.context["rows"][0].applications == size * 3


# --- One cohort --------------------------------------------------------------------------------------------


def test_the_cohort_page_shows_fellows_hosts_hours_and_readiness(staff_client, cohort):
    host_school = SchoolFactory(name="Mather Elementary")
    host = HostFactory(
        cohort=cohort, person=VeteranFactory(first_name="Marcus", last_name="Bell", school=host_school)
    )
    placed = FellowFactory(
        application__cohort=cohort,
        application__person=AspiringLeaderFactory(
            first_name="Ana", last_name="Ruiz", school=SchoolFactory(name="Hale")
        ),
        readiness=Readiness.READY,
    )
    residency = ResidencyFactory(fellow=placed, host=host)
    HoursEntryFactory(residency=residency, hours=Decimal("12.5"))
    HoursEntryFactory(residency=residency, hours=Decimal("8"))
    waiting = FellowFactory(application__cohort=cohort, application__person__last_name="Zeller")

    response = staff_client.get(detail(cohort))
    assert response.status_code == 200
    fellows = response.context["page"].fellows
    assert [f.pk for f in fellows] == [placed.pk, waiting.pk]
    assert fellows[0].hours_logged == Decimal("20.5") and fellows[1].hours_logged is None
    page = text(response.content.decode())
    assert "Ana Ruiz" in page and "Hale" in page
    assert "Marcus Bell" in page and "Mather Elementary" in page
    assert "20.5 / 400" in page
    assert "Ready to lead a school" in page and "Not placed" in page and "Not decided" in page
    html = response.content.decode()
    assert reverse("fellowships:fellow_detail", args=[placed.pk]) in html
    assert reverse("fellowships:residency_detail", args=[residency.pk]) in html


def test_the_summary_cards_count_places_applications_hosts_and_placed(staff_client, cohort):
    residency = ResidencyFactory(fellow=FellowFactory(application__cohort=cohort))
    HoursEntryFactory(residency=residency, hours=7)
    FellowFactory(application__cohort=cohort)
    FellowshipApplicationFactory(cohort=cohort)
    HostFactory(cohort=cohort, status=HostStatus.INVITED)
    page = staff_client.get(detail(cohort)).context["page"]
    assert (page.row.taken, page.cohort.places, page.row.applications) == (2, 3, 3)
    assert (page.row.hosts_confirmed, page.hosts_invited, page.placed) == (1, 1, 1)
    assert page.hours_logged == 7


def test_withdrawn_fellows_come_last(staff_client, cohort):
    gone = FellowFactory(
        application__cohort=cohort, application__person__last_name="Abbott", status="withdrawn"
    )
    staying = FellowFactory(application__cohort=cohort, application__person__last_name="Young")
    fellows = staff_client.get(detail(cohort)).context["page"].fellows
    assert [f.pk for f in fellows] == [staying.pk, gone.pk]


@pytest.mark.parametrize("size", [3, 30])
def test_the_cohort_page_costs_the_same_queries_at_any_size(
    staff_client, cohort, size, django_assert_max_num_queries
):
    grow(cohort, size)
    with django_assert_max_num_queries(10):
        response = staff_client.get(detail(cohort))
    assert len(response.context["page"].fellows) == size * 2


# --- Who may open them -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.LEADER, Role.RECRUITMENT_STAFF, Role.LICENSURE_TEAM])
def test_the_pages_require_program_staff(client, make_user, cohort, role):
    client.force_login(make_user(role))
    assert client.get(LIST).status_code == 403
    assert client.get(detail(cohort)).status_code == 403


def test_anonymous_people_are_sent_to_sign_in(client, cohort):
    assert "/accounts/login/" in client.get(LIST).url
    assert "/accounts/login/" in client.get(detail(cohort)).url


def test_an_unknown_cohort_is_404(staff_client):
    assert staff_client.get(reverse("fellowships:cohort_detail", args=[999999])).status_code == 404


def test_the_pages_reject_post(staff_client, cohort):
    assert staff_client.post(LIST).status_code == 405
    assert staff_client.post(detail(cohort)).status_code == 405
