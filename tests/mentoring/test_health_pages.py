"""The mentorship health page and its CSV: program staff only, the same filters, fixed query counts."""

import csv
import datetime
import io
import re

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from leaderdev.models import SchoolLevel
from leaderdev.permissions import Role
from tests.factories import NetworkFactory, PersonFactory, SchoolFactory
from tests.factories.mentoring import (
    CoachAssignmentFactory,
    LogEntryFactory,
    MenteeFeedbackFactory,
    MentorshipFactory,
)

pytestmark = pytest.mark.django_db

PAGE = reverse("mentoring:health")
EXPORT = reverse("mentoring:health_export")
AS_OF = datetime.date(2026, 11, 25)
D = datetime.date


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def names(response) -> list[str]:
    html = response.content.decode()
    return [
        text(n) for n in re.findall(r'<th scope="row"[^>]*>\s*<span class="fw-semibold">(.*?)</span>', html)
    ]


def parse(response) -> list[list[str]]:
    content = b"".join(response.streaming_content)
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


@pytest.fixture(autouse=True)
def as_of(monkeypatch):
    """The pages' "today": November 25, 2026, whatever day the tests run."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: AS_OF)


@pytest.fixture
def staff_client(client, program_staff):
    client.force_login(program_staff)
    return client


SEPT_10 = D(2026, 9, 10)


def pair(first, last, *days, started_on=SEPT_10, **mentee):
    mentorship = MentorshipFactory(
        mentee=PersonFactory(first_name=first, last_name=last, **mentee), started_on=started_on
    )
    for day in days:
        LogEntryFactory(mentorship=mentorship, date=day)
    return mentorship


@pytest.fixture
def pairs(school_year):
    """Active Adams met in every month so far; Quiet Baker last met October 1; Never Chen never met."""
    north = NetworkFactory(name="North")
    return {
        "active": pair(
            "Active",
            "Adams",
            D(2026, 9, 20),
            D(2026, 10, 6),
            D(2026, 11, 17),
            school=SchoolFactory(network=north, level=SchoolLevel.HIGH),
        ),
        "quiet": pair("Quiet", "Baker", D(2026, 10, 1)),
        "never": pair("Never", "Chen"),
    }


# --- Who may see it ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [PAGE, EXPORT])
def test_anonymous_is_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", [Role.LEADER, Role.MENTOR, Role.COACH, Role.RECRUITMENT_STAFF])
@pytest.mark.parametrize("url", [PAGE, EXPORT])
def test_other_roles_get_403(client, make_user, school_year, role, url):
    client.force_login(make_user(role))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", [PAGE, EXPORT])
def test_it_rejects_post(staff_client, school_year, url):
    assert staff_client.post(url).status_code == 405


# --- The page ----------------------------------------------------------------------------------------------


def test_it_shows_each_pair_with_its_months_last_contact_and_flag(staff_client, pairs):
    MenteeFeedbackFactory(mentorship=pairs["active"], rating=4)
    response = staff_client.get(PAGE)
    assert names(response) == ["Active Adams", "Quiet Baker", "Never Chen"]
    html = text(response.content.decode())
    assert pairs["active"].mentor.person.full_name in html
    assert "Nov 17 1 week ago" in html
    assert "Oct 1 7 weeks ago" in html
    assert html.count("No contact in 4+ weeks") == 2
    assert "4 / 5" in html


def test_the_summary_counts_the_pairs(staff_client, pairs):
    summary = staff_client.get(PAGE).context["summary"]
    assert (summary.pairs, summary.contacted, summary.stale, summary.meetings) == (3, 1, 2, 4)
    assert summary.contacted_percent == 33


def test_stale_only_lists_the_quiet_pairs(staff_client, pairs):
    assert names(staff_client.get(PAGE, {"stale": "on"})) == ["Quiet Baker", "Never Chen"]


def test_weeks_changes_the_threshold(staff_client, pairs):
    response = staff_client.get(PAGE, {"stale": "on", "weeks": "10"})
    assert names(response) == ["Never Chen"]
    assert "No contact in 10+ weeks" in response.content.decode()


@pytest.mark.parametrize("weeks", ["0", "53", "soon"])
def test_an_invalid_weeks_is_refused_and_the_default_applies(staff_client, pairs, weeks):
    response = staff_client.get(PAGE, {"stale": "on", "weeks": weeks})
    assert response.context["filter"].form.errors["weeks"]
    assert response.context["weeks"] == 4
    assert names(response) == ["Quiet Baker", "Never Chen"]


def test_the_default_threshold_is_the_setting(staff_client, pairs, settings):
    settings.MENTORING_NO_CONTACT_WEEKS = 10
    response = staff_client.get(PAGE, {"stale": "on"})
    assert names(response) == ["Never Chen"]


def test_it_filters_by_network_level_and_mentor(staff_client, pairs):
    network = pairs["active"].mentee.school.network
    assert names(staff_client.get(PAGE, {"network": network.pk})) == ["Active Adams"]
    assert names(staff_client.get(PAGE, {"level": "high"})) == ["Active Adams"]
    assert names(staff_client.get(PAGE, {"mentor": pairs["quiet"].mentor.pk})) == ["Quiet Baker"]


def test_coaching_is_a_second_table(staff_client, school_year, pairs):
    assignment = CoachAssignmentFactory(
        school_year=school_year, leader=PersonFactory(first_name="Coached", last_name="Leader")
    )
    LogEntryFactory(mentorship=None, coaching=assignment, date=D(2026, 11, 20))
    response = staff_client.get(PAGE, {"kind": "coaching"})
    assert names(response) == ["Coached Leader"]
    html = text(response.content.decode())
    assert assignment.coach.full_name in html and assignment.coach.organization.name in html
    org = assignment.coach.organization
    assert names(staff_client.get(PAGE, {"kind": "coaching", "organization": org.pk})) == ["Coached Leader"]


def test_page_query_count_does_not_grow(staff_client, school_year, django_assert_max_num_queries):
    def grow(count):
        for n in range(count):
            mentorship = MentorshipFactory(school_year=school_year)
            LogEntryFactory(mentorship=mentorship, date=D(2026, 10, 1 + n % 28))
            MenteeFeedbackFactory(mentorship=mentorship)

    grow(2)
    with django_assert_max_num_queries(11):
        assert staff_client.get(PAGE).status_code == 200
    grow(30)
    with django_assert_max_num_queries(11):
        response = staff_client.get(PAGE)
    assert len(names(response)) == 32


# --- The export --------------------------------------------------------------------------------------------


def test_the_export_streams_the_filtered_pairs_with_months_and_flags(staff_client, pairs):
    MenteeFeedbackFactory(mentorship=pairs["active"], rating=5)
    response = staff_client.get(EXPORT, {"weeks": "6"})
    assert isinstance(response, StreamingHttpResponse)
    assert "mentorships-health" in response["Content-Disposition"]
    header, *rows = parse(response)
    assert header[:3] == ["Mentee last name", "Mentee first name", "Mentee e-mail"]
    assert "Meetings Sep 2026" in header and "Meetings Jun 2027" in header
    assert header[-4:] == [
        "Last contact",
        "Weeks since last contact",
        "No contact in 6 weeks",
        "Feedback rating",
    ]
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert list(by_name) == ["Adams", "Baker", "Chen"]
    adams = by_name["Adams"]
    assert (adams["Meetings Sep 2026"], adams["Meetings Oct 2026"], adams["Meetings Nov 2026"]) == (
        "1",
        "1",
        "1",
    )
    assert (adams["Meetings in all"], adams["Last contact"], adams["Feedback rating"]) == (
        "3",
        "2026-11-17",
        "5",
    )
    assert adams["Mentor"] == pairs["active"].mentor.person.full_name
    assert (by_name["Baker"]["Weeks since last contact"], by_name["Baker"]["No contact in 6 weeks"]) == (
        "7",
        "yes",
    )
    assert (by_name["Chen"]["Last contact"], by_name["Chen"]["No contact in 6 weeks"]) == ("", "yes")


def test_the_export_takes_the_pages_filters(staff_client, pairs):
    _, *rows = parse(staff_client.get(EXPORT, {"stale": "on"}))
    assert [row[0] for row in rows] == ["Baker", "Chen"]


def test_the_coaching_export_names_coach_and_organisation(staff_client, school_year):
    assignment = CoachAssignmentFactory(school_year=school_year)
    header, row = parse(staff_client.get(EXPORT, {"kind": "coaching"}))
    values = dict(zip(header, row, strict=True))
    assert values["Coach"] == assignment.coach.full_name
    assert values["Organisation"] == assignment.coach.organization.name
    assert "Feedback rating" not in header


def test_export_query_count_does_not_grow(staff_client, school_year, django_assert_max_num_queries):
    def grow(count):
        for n in range(count):
            mentorship = MentorshipFactory(school_year=school_year)
            LogEntryFactory(mentorship=mentorship, date=D(2026, 9, 1 + n % 28))

    grow(2)
    with django_assert_max_num_queries(7):
        assert len(parse(staff_client.get(EXPORT))) == 3
    grow(40)
    with django_assert_max_num_queries(7):
        assert len(parse(staff_client.get(EXPORT))) == 43
