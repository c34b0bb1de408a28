"""The mentor pool page, its status moves, and the mentees tab: program staff only, fixed query counts."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from competencies.models import Competency
from leaderdev.models import Position, SchoolLevel
from leaderdev.permissions import Role
from mentoring.models import MentorStatus, MentorStatusChange
from tests.factories import NetworkFactory, PersonFactory, SchoolFactory, SchoolYearFactory
from tests.factories.mentoring import (
    MenteeProfileFactory,
    MentorFactory,
    MentorPreferenceFactory,
    MentorshipFactory,
    VeteranFactory,
)

pytestmark = pytest.mark.django_db

POOL = reverse("mentoring:pool")
MOVE = reverse("mentoring:pool_move")
MENTEES = reverse("mentoring:pool_mentees")
S = MentorStatus


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def names(response) -> list[str]:
    """The names of the rows listed (the row headers' first bold text)."""
    html = response.content.decode()
    return [text(n) for n in re.findall(r'<th scope="row"[^>]*>\s*<(?:label|span)[^>]*>(.*?)</', html)]


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def staff_client(client, program_staff):
    client.force_login(program_staff)
    return client


def mentor_named(school_year, first, last, **kwargs):
    person = VeteranFactory(first_name=first, last_name=last, **kwargs.pop("person", {}))
    return MentorFactory(person=person, school_year=school_year, **kwargs)


# --- Who may see it ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [POOL, MENTEES])
def test_anonymous_is_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", [Role.LEADER, Role.MENTOR, Role.COACH, Role.RECRUITMENT_STAFF])
@pytest.mark.parametrize("url", [POOL, MENTEES])
def test_other_roles_get_403(client, make_user, school_year, role, url):
    client.force_login(make_user(role))
    assert client.get(url).status_code == 403


def test_move_is_for_program_staff_only(client, make_user, school_year):
    mentor = MentorFactory(school_year=school_year, status=S.SCREENING)
    client.force_login(make_user(Role.MENTOR))
    response = client.post(MOVE, {"quick": f"{mentor.pk}:selected"})
    assert response.status_code == 403
    mentor.refresh_from_db()
    assert mentor.status == S.SCREENING


def test_move_rejects_get(staff_client, school_year):
    assert staff_client.get(MOVE).status_code == 405


def test_pool_rejects_post(staff_client, school_year):
    assert staff_client.post(POOL).status_code == 405


def test_without_a_current_year_it_says_so(staff_client):
    response = staff_client.get(POOL)
    assert response.status_code == 200
    assert "No school year is marked current" in response.content.decode()


# --- The pool page -----------------------------------------------------------------------------------------


def test_it_lists_the_years_mentors_with_places_strengths_and_languages(staff_client, school_year):
    strength = Competency.objects.get(domain__version__label="4", domain__number=2, number=1)
    mentor = mentor_named(
        school_year, "Rosa", "Vargas", capacity=3, languages=["es", "en"], strengths=[strength]
    )
    MentorshipFactory(school_year=school_year, mentor=mentor)
    mentor_named(SchoolYearFactory(name="2025-2026", start_date="2025-09-04", end_date="2026-06-23",
                                   is_current=False), "Last", "Year")  # fmt: skip
    response = staff_client.get(POOL)
    html = text(response.content.decode())
    assert names(response) == ["Rosa Vargas"]
    assert "1 / 3" in html and "2 free" in html
    assert "Spanish, English" in html
    assert "2.1" in html


def test_it_filters_by_status_level_network_places_and_name(staff_client, school_year):
    north = NetworkFactory(name="North")
    high = SchoolFactory(level=SchoolLevel.HIGH, network=north)
    full = mentor_named(school_year, "Full", "Mentor", capacity=1)
    MentorshipFactory(school_year=school_year, mentor=full)
    mentor_named(school_year, "Open", "Mentor", capacity=2, person={"school": high})
    mentor_named(school_year, "Screen", "Ing", status=S.SCREENING)

    assert names(staff_client.get(POOL, {"status": "screening"})) == ["Screen Ing"]
    assert names(staff_client.get(POOL, {"level": "high"})) == ["Open Mentor"]
    assert names(staff_client.get(POOL, {"network": north.pk})) == ["Open Mentor"]
    assert names(staff_client.get(POOL, {"has_places": "no", "status": "selected"})) == ["Full Mentor"]
    assert names(staff_client.get(POOL, {"has_places": "yes", "status": "selected"})) == ["Open Mentor"]
    assert names(staff_client.get(POOL, {"q": "scre"})) == ["Screen Ing"]


def test_each_row_offers_the_moves_its_status_allows(staff_client, school_year):
    mentor = mentor_named(school_year, "Nomi", "Nated", status=S.NOMINATED)
    html = staff_client.get(POOL).content.decode()
    offered = set(re.findall(rf'name="quick" value="{mentor.pk}:(\w+)"', html))
    assert offered == {"screening", "not_selected", "withdrawn"}


def test_pool_query_count_does_not_grow(staff_client, school_year, django_assert_max_num_queries):
    competencies = list(Competency.objects.all()[:3])

    def grow(count):
        for _ in range(count):
            mentor = MentorFactory(school_year=school_year, capacity=2, strengths=competencies)
            MentorshipFactory(school_year=school_year, mentor=mentor)

    grow(2)
    with django_assert_max_num_queries(12):
        assert staff_client.get(POOL).status_code == 200
    grow(20)
    with django_assert_max_num_queries(12):
        response = staff_client.get(POOL)
    assert len(names(response)) == 22


# --- Moving mentors ----------------------------------------------------------------------------------------


def test_a_row_button_moves_that_mentor_with_the_reason(staff_client, program_staff, school_year):
    mentor = mentor_named(school_year, "Scre", "Ening", status=S.SCREENING)
    other = mentor_named(school_year, "Other", "Screening", status=S.SCREENING)
    response = staff_client.post(
        MOVE + "?status=screening",
        {
            "quick": f"{mentor.pk}:selected",
            "mentors": [other.pk],
            "to_status": "withdrawn",
            "reason": "Great fit",
        },
    )
    assert response.status_code == 302
    assert response.url == POOL + "?status=screening"
    mentor.refresh_from_db()
    other.refresh_from_db()
    assert (mentor.status, other.status) == (S.SELECTED, S.SCREENING)
    change = MentorStatusChange.objects.get(mentor=mentor)
    assert (change.to_status, change.reason, change.changed_by) == (S.SELECTED, "Great fit", program_staff)
    assert texts(response) == ["Moved to selected: Scre Ening."]


def test_the_bulk_bar_moves_every_ticked_mentor(staff_client, school_year):
    first = MentorFactory(school_year=school_year, status=S.NOMINATED)
    second = MentorFactory(school_year=school_year, status=S.APPLIED)
    staff_client.post(MOVE, {"mentors": [first.pk, second.pk], "to_status": "screening", "reason": ""})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == S.SCREENING


def test_a_refused_move_says_why_and_changes_nothing(staff_client, school_year):
    mentorship = MentorshipFactory(school_year=school_year)
    response = staff_client.post(MOVE, {"quick": f"{mentorship.mentor.pk}:withdrawn"})
    mentorship.mentor.refresh_from_db()
    assert mentorship.mentor.status == S.SELECTED
    [message] = texts(response)
    assert "End that mentorship first" in message


def test_moving_nobody_says_so(staff_client, school_year):
    response = staff_client.post(MOVE, {"to_status": "screening"})
    assert texts(response) == ["Tick at least one mentor to move."]


def test_it_cannot_move_another_years_mentor(staff_client, school_year):
    last_year = SchoolYearFactory(
        name="2025-2026", start_date="2025-09-04", end_date="2026-06-23", is_current=False
    )
    mentor = MentorFactory(school_year=last_year, status=S.SCREENING)
    response = staff_client.post(MOVE, {"quick": f"{mentor.pk}:selected"})
    mentor.refresh_from_db()
    assert mentor.status == S.SCREENING
    assert "valid choice" in texts(response)[0]


# --- The mentees tab ---------------------------------------------------------------------------------------


def test_mentees_lists_every_new_leader_with_profile_and_mentor(staff_client, school_year):
    needs = list(Competency.objects.all()[:2])
    matched = PersonFactory(first_name="Mat", last_name="Ched")
    mentorship = MentorshipFactory(school_year=school_year, mentee=matched)
    waiting = PersonFactory(first_name="Wai", last_name="Ting", position=Position.ASSISTANT_PRINCIPAL)
    profile = MenteeProfileFactory(person=waiting, school_year=school_year, needs=needs)
    MentorPreferenceFactory(profile=profile, mentor=MentorFactory(school_year=school_year))
    PersonFactory(first_name="Vet", last_name="Eran", role_start_date="2015-07-01")  # not new: not listed

    response = staff_client.get(MENTEES)
    html = text(response.content.decode())
    assert names(response) == ["Mat Ched", "Wai Ting"]
    assert mentorship.mentor.person.full_name in html
    assert "2 needs · 1 choice" in html
    assert "No mentor yet" in html
    assert "No profile yet" in html


def test_mentees_filter_by_matched_and_profile(staff_client, school_year):
    MentorshipFactory(school_year=school_year, mentee=PersonFactory(first_name="Mat", last_name="Ched"))
    waiting = PersonFactory(first_name="Wai", last_name="Ting")
    MenteeProfileFactory(person=waiting, school_year=school_year)
    assert names(staff_client.get(MENTEES, {"matched": "no"})) == ["Wai Ting"]
    assert names(staff_client.get(MENTEES, {"matched": "yes"})) == ["Mat Ched"]
    assert names(staff_client.get(MENTEES, {"profile": "yes"})) == ["Wai Ting"]


def test_mentees_query_count_does_not_grow(staff_client, school_year, django_assert_max_num_queries):
    needs = list(Competency.objects.all()[:2])

    def grow(count):
        for _ in range(count):
            profile = MenteeProfileFactory(school_year=school_year, needs=needs)
            MentorshipFactory(school_year=school_year, mentee=profile.person)
            PersonFactory()

    grow(2)
    with django_assert_max_num_queries(12):
        assert staff_client.get(MENTEES).status_code == 200
    grow(20)
    with django_assert_max_num_queries(12):
        response = staff_client.get(MENTEES)
    assert len(names(response)) == 44


# --- Navigation ----------------------------------------------------------------------------------------


def nav(client) -> dict[str, str]:
    return dict(client.get(reverse("home"), follow=True).context["nav_items"])


def test_program_staff_reach_mentoring_from_the_navigation(staff_client):
    assert nav(staff_client)["Mentoring"] == POOL


def test_the_dashboard_links_to_mentoring(staff_client, school_year):
    assert POOL in staff_client.get(reverse("staff_dashboard")).content.decode()


@pytest.mark.parametrize(("role", "label"), [(Role.MENTOR, "My mentees"), (Role.COACH, "My leaders")])
def test_mentors_and_coaches_reach_their_people_from_the_navigation(client, make_user, role, label):
    client.force_login(make_user(role))
    items = nav(client)
    assert items[label] == reverse("mentoring:my_people")
    assert "Mentoring" not in items


def test_leaders_have_no_mentoring_staff_link(client, leader):
    client.force_login(leader)
    assert not {"Mentoring", "My mentees", "My leaders"} & set(nav(client))
