"""Coaching coverage and assigning a coach: program staff only, new principals and heads, fixed queries."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from leaderdev.models import Position, SchoolLevel
from leaderdev.permissions import Role
from mentoring.models import CoachAssignment, MentorshipStatus
from tests.factories import NetworkFactory, PersonFactory, SchoolFactory
from tests.factories.mentoring import CoachAssignmentFactory, CoachFactory, PartnerOrganizationFactory

pytestmark = pytest.mark.django_db

COVERAGE = reverse("mentoring:coaching_coverage")
ASSIGN = reverse("mentoring:assign_coach")


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def names(response) -> list[str]:
    html = response.content.decode()
    return [
        text(n) for n in re.findall(r'<th scope="row"[^>]*>\s*<span class="fw-semibold">(.*?)</span>', html)
    ]


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def staff_client(client, program_staff):
    client.force_login(program_staff)
    return client


def leader(first, last, **kwargs):
    return PersonFactory(first_name=first, last_name=last, **kwargs)


# --- Who may see it ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [COVERAGE, ASSIGN])
def test_anonymous_is_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", [Role.LEADER, Role.MENTOR, Role.COACH, Role.LICENSURE_TEAM])
@pytest.mark.parametrize("url", [COVERAGE, ASSIGN])
def test_other_roles_get_403(client, make_user, school_year, role, url):
    client.force_login(make_user(role))
    assert client.get(url).status_code == 403


def test_coverage_rejects_post(staff_client, school_year):
    assert staff_client.post(COVERAGE).status_code == 405


def test_assign_rejects_put(staff_client, school_year):
    person = leader("Ana", "Ruiz")
    assert staff_client.put(f"{ASSIGN}?leader={person.pk}").status_code == 405


# --- Coverage ----------------------------------------------------------------------------------------------


def test_it_lists_new_principals_and_heads_with_their_coach_or_none(staff_client, school_year):
    covered = leader("Cora", "Vered", position=Position.HEAD_OF_SCHOOL)
    assignment = CoachAssignmentFactory(leader=covered, school_year=school_year)
    leader("Nora", "Coach")
    leader("Ann", "Pee", position=Position.ASSISTANT_PRINCIPAL)  # an AP: mentored, not counted here
    leader("Vet", "Eran", role_start_date=datetime.date(2012, 7, 1))  # not new
    response = staff_client.get(COVERAGE)
    html = text(response.content.decode())
    assert names(response) == ["Nora Coach", "Cora Vered"]
    assert assignment.coach.full_name in html and assignment.coach.organization.name in html
    assert "No coach yet" in html
    assert "principal and head of school" in html  # the page says whom it counts


def test_an_ended_assignment_leaves_the_leader_uncovered(staff_client, school_year):
    person = leader("Ended", "Coaching")
    CoachAssignmentFactory(leader=person, school_year=school_year, status=MentorshipStatus.ENDED)
    response = staff_client.get(COVERAGE, {"covered": "no"})
    assert names(response) == ["Ended Coaching"]


def test_it_filters_by_coverage_organisation_and_network(staff_client, school_year):
    north = NetworkFactory(name="North")
    partner = PartnerOrganizationFactory(name="New Leaders")
    one = leader("One", "Covered", school=SchoolFactory(network=north, level=SchoolLevel.HIGH),
                 position=Position.HEAD_OF_SCHOOL)  # fmt: skip
    CoachAssignmentFactory(leader=one, school_year=school_year, coach=CoachFactory(organization=partner))
    two = leader("Two", "Covered")
    CoachAssignmentFactory(leader=two, school_year=school_year)
    leader("Three", "Open")

    assert names(staff_client.get(COVERAGE, {"covered": "no"})) == ["Three Open"]
    assert names(staff_client.get(COVERAGE, {"covered": "yes"})) == ["One Covered", "Two Covered"]
    assert names(staff_client.get(COVERAGE, {"organization": partner.pk})) == ["One Covered"]
    assert names(staff_client.get(COVERAGE, {"network": north.pk})) == ["One Covered"]
    assert names(staff_client.get(COVERAGE, {"level": "high"})) == ["One Covered"]


def test_uncovered_rows_link_to_assigning_a_coach(staff_client, school_year):
    person = leader("Nora", "Coach")
    html = staff_client.get(COVERAGE).content.decode()
    assert f"{ASSIGN}?leader={person.pk}" in html


def test_coverage_query_count_does_not_grow(staff_client, school_year, django_assert_max_num_queries):
    def grow(count):
        for _ in range(count):
            CoachAssignmentFactory(leader=PersonFactory(), school_year=school_year)
            PersonFactory(position=Position.HEAD_OF_SCHOOL)

    grow(2)
    with django_assert_max_num_queries(11):
        assert staff_client.get(COVERAGE).status_code == 200
    grow(20)
    with django_assert_max_num_queries(11):
        response = staff_client.get(COVERAGE)
    assert len(names(response)) == 44


# --- Assigning a coach ------------------------------------------------------------------------------------


def test_the_form_offers_active_coaches_with_their_load(staff_client, school_year):
    person = leader("Nora", "Coach")
    busy = CoachFactory(full_name="Busy Coach")
    CoachAssignmentFactory(coach=busy, school_year=school_year)
    CoachFactory(full_name="Gone Coach", is_active=False)
    html = staff_client.get(ASSIGN, {"leader": person.pk}).content.decode()
    assert "Busy Coach" in html and "coaches 1" in html
    assert "Gone Coach" not in html


def test_it_assigns_the_coach_and_returns_to_the_filtered_page(staff_client, school_year):
    person, coach = leader("Nora", "Coach"), CoachFactory(full_name="Pat Partner")
    back = f"{COVERAGE}?covered=no"
    response = staff_client.post(
        f"{ASSIGN}?leader={person.pk}&next={back}", {"coach": coach.pk, "started_on": "2026-09-14"}
    )
    assert response.status_code == 302
    assert response.url == back
    assignment = CoachAssignment.objects.get(leader=person)
    assert (assignment.coach, assignment.school_year) == (coach, school_year)
    assert assignment.started_on == datetime.date(2026, 9, 14)
    assert "Pat Partner" in texts(response)[0]


def test_it_ignores_a_next_outside_the_coverage_page(staff_client, school_year):
    person, coach = leader("Nora", "Coach"), CoachFactory()
    response = staff_client.post(
        f"{ASSIGN}?leader={person.pk}&next=https://evil.example/",
        {"coach": coach.pk, "started_on": "2026-09-14"},
    )
    assert response.url == COVERAGE


def test_a_refused_assignment_shows_why_and_saves_nothing(staff_client, school_year):
    current = CoachAssignmentFactory(leader=leader("Has", "Coach"), school_year=school_year)
    other = CoachFactory()
    response = staff_client.post(
        f"{ASSIGN}?leader={current.leader.pk}", {"coach": other.pk, "started_on": "2026-09-14"}
    )
    assert response.status_code == 200
    assert "already has a coach" in response.content.decode()
    assert CoachAssignment.objects.filter(leader=current.leader).count() == 1


def test_the_leader_comes_from_the_address_not_the_form(staff_client, school_year):
    person, someone_else, coach = leader("Nora", "Coach"), leader("Some", "Oneelse"), CoachFactory()
    staff_client.post(
        f"{ASSIGN}?leader={person.pk}",
        {"leader": someone_else.pk, "coach": coach.pk, "started_on": "2026-09-14"},
    )
    assert CoachAssignment.objects.get().leader == person


def test_a_person_who_is_not_a_school_leader_answers_404(staff_client, school_year):
    teacher = PersonFactory(position=Position.TEACHER_LEADER)
    assert staff_client.get(ASSIGN, {"leader": teacher.pk}).status_code == 404


@pytest.mark.parametrize("value", ["", "abc", "999999"])
def test_a_missing_or_unknown_leader_answers_404(staff_client, school_year, value):
    assert staff_client.get(ASSIGN, {"leader": value}).status_code == 404
