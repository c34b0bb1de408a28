"""The school implementation rubric: the overview for program staff, and a school's page for program
staff and that school's leaders, where program staff add ratings."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from competencies.models import ImplementationLevel, ImplementationRating, ImplementationSystem
from leaderdev.models import Person, SchoolLevel
from leaderdev.permissions import Role
from tests.factories import NetworkFactory, PersonFactory, SchoolFactory, SchoolYearFactory, UserFactory
from tests.factories.competencies import ImplementationRatingFactory

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("competencies:implementation_overview")


def _rubric(school):
    return reverse("competencies:school_rubric", args=[school.pk])


@pytest.fixture
def systems(db):
    """The shipped systems (instructional leadership team, data cycles, ...), in the rubric's order."""
    return list(ImplementationSystem.objects.filter(is_active=True).order_by("order", "name"))


@pytest.fixture
def last_year(db):
    return SchoolYearFactory(
        name="2025-2026",
        start_date=datetime.date(2025, 9, 2),
        end_date=datetime.date(2026, 6, 26),
        is_current=False,
    )


def _rate(school, system, level, school_year, rated_on=datetime.date(2026, 10, 1), **kwargs):
    return ImplementationRatingFactory(
        school=school, system=system, level=level, school_year=school_year, rated_on=rated_on, **kwargs
    )


def _cell(response, school, system):
    row = next(r for r in response.context["grid"].rows if r.school.pk == school.pk)
    return row.cells[response.context["grid"].systems.index(system)]


# --- overview ----------------------------------------------------------------------------------------


def test_overview_shows_each_schools_current_level(client, program_staff, school_year, systems):
    school = SchoolFactory(name="Mather Elementary")
    data_cycles = next(s for s in systems if s.name == "Data cycles")
    _rate(
        school,
        data_cycles,
        ImplementationLevel.NOT_YET_BEGUN,
        school_year,
        rated_on=datetime.date(2026, 9, 1),
    )
    _rate(school, data_cycles, ImplementationLevel.PARTIAL, school_year, rated_on=datetime.date(2026, 11, 1))
    _rate(
        school, data_cycles, ImplementationLevel.BEGINNING, school_year, rated_on=datetime.date(2026, 10, 1)
    )
    client.force_login(program_staff)
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    assert response.context["grid"].school_year == school_year
    assert _cell(response, school, data_cycles).level == ImplementationLevel.PARTIAL
    html = response.content.decode()
    assert html.count('<span class="badge text-wrap text-bg-info">Partial Implementation</span>') == 1
    assert html.count(">Not rated</span>") == len(systems) - 1  # the school's other systems
    assert f"{_rubric(school)}?school_year={school_year.pk}" in html


def test_overview_breaks_a_same_day_tie_by_the_later_entry(client, program_staff, school_year, systems):
    school = SchoolFactory()
    _rate(school, systems[0], ImplementationLevel.FULL, school_year)
    _rate(school, systems[0], ImplementationLevel.BEGINNING, school_year)  # same day, entered later
    client.force_login(program_staff)
    assert _cell(client.get(OVERVIEW), school, systems[0]).level == ImplementationLevel.BEGINNING


def test_overview_columns_are_the_active_systems(client, program_staff, school_year, systems):
    ImplementationSystem.objects.filter(pk=systems[-1].pk).update(is_active=False)
    client.force_login(program_staff)
    response = client.get(OVERVIEW)
    assert response.context["grid"].systems == systems[:-1]
    assert systems[-1].name not in response.content.decode()


def test_overview_shows_the_chosen_school_year(client, program_staff, school_year, last_year, systems):
    school = SchoolFactory()
    _rate(school, systems[0], ImplementationLevel.FULL, last_year, rated_on=datetime.date(2026, 5, 1))
    client.force_login(program_staff)
    assert _cell(client.get(OVERVIEW), school, systems[0]) is None
    response = client.get(OVERVIEW, {"school_year": last_year.pk})
    assert response.context["grid"].school_year == last_year
    assert _cell(response, school, systems[0]).level == ImplementationLevel.FULL


def test_overview_filters_by_network_and_school_level(client, program_staff, school_year):
    north = NetworkFactory(name="North")
    wanted = SchoolFactory(network=north, level=SchoolLevel.HIGH)
    SchoolFactory(network=north, level=SchoolLevel.ELEMENTARY)
    SchoolFactory(level=SchoolLevel.HIGH)
    client.force_login(program_staff)
    response = client.get(OVERVIEW, {"network": north.pk, "level": SchoolLevel.HIGH})
    assert [row.school for row in response.context["grid"].rows] == [wanted]


def test_overview_filters_schools_by_a_current_stage(client, program_staff, school_year, systems):
    stuck, moving, unrated = SchoolFactory(), SchoolFactory(), SchoolFactory()
    _rate(stuck, systems[1], ImplementationLevel.NOT_YET_BEGUN, school_year)
    _rate(
        moving, systems[1], ImplementationLevel.NOT_YET_BEGUN, school_year, rated_on=datetime.date(2026, 9, 1)
    )
    _rate(moving, systems[1], ImplementationLevel.FULL, school_year, rated_on=datetime.date(2026, 12, 1))
    client.force_login(program_staff)
    response = client.get(OVERVIEW, {"stage": ImplementationLevel.NOT_YET_BEGUN})
    assert [row.school for row in response.context["grid"].rows] == [stuck]
    assert unrated.name not in response.content.decode()


def test_overview_reports_bad_filters_and_keeps_the_good_ones(client, program_staff, school_year):
    high = SchoolFactory(level=SchoolLevel.HIGH)
    SchoolFactory(level=SchoolLevel.MIDDLE)
    client.force_login(program_staff)
    response = client.get(
        OVERVIEW,
        {"network": "x", "level": SchoolLevel.HIGH, "stage": "9", "school_year": "nope", "page": "z"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"network", "stage", "school_year"}
    assert response.context["grid"].school_year == school_year
    assert [row.school for row in response.context["grid"].rows] == [high]


def test_overview_paginates_fifty_schools(client, program_staff, school_year):
    SchoolFactory.create_batch(55, network=NetworkFactory())
    client.force_login(program_staff)
    first = client.get(OVERVIEW)
    assert len(first.context["grid"].rows) == 50
    second = client.get(OVERVIEW, {"page": 2})
    assert len(second.context["grid"].rows) == 5
    assert b"Page 2 of 2" in second.content


def test_overview_leaves_out_closed_schools(client, program_staff, school_year):
    closed = SchoolFactory(is_active=False, name="Closed Academy")
    client.force_login(program_staff)
    response = client.get(OVERVIEW)
    assert closed not in [row.school for row in response.context["grid"].rows]


def test_overview_explains_a_missing_school_year(client, program_staff):
    SchoolFactory()
    client.force_login(program_staff)
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    assert response.context["grid"] is None
    assert b"No school year is set up yet" in response.content


@pytest.mark.parametrize("role", [Role.LEADER, Role.COACH, Role.RECRUITMENT_STAFF])
def test_overview_refuses_other_roles(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(OVERVIEW).status_code == 403


def test_overview_sends_anonymous_to_login(client):
    response = client.get(OVERVIEW)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_overview_rejects_post(client, program_staff):
    client.force_login(program_staff)
    assert client.post(OVERVIEW).status_code == 405


def _schools_with_history(count, school_year, systems, ratings_per_system):
    network = NetworkFactory()
    schools = SchoolFactory.create_batch(count, network=network)
    ImplementationRating.objects.bulk_create(
        ImplementationRating(
            school=school,
            school_year=school_year,
            system=system,
            level=n % 4,
            rated_on=datetime.date(2026, 9, 1) + datetime.timedelta(days=n),
        )
        for school in schools
        for system in systems
        for n in range(ratings_per_system)
    )
    return schools


def test_overview_query_count_does_not_grow(
    client, program_staff, school_year, systems, django_assert_max_num_queries
):
    client.force_login(program_staff)
    _schools_with_history(5, school_year, systems, ratings_per_system=1)
    with django_assert_max_num_queries(11):
        response = client.get(OVERVIEW, {"stage": ImplementationLevel.NOT_YET_BEGUN})
    assert len(response.context["grid"].rows) == 5
    _schools_with_history(195, school_year, systems, ratings_per_system=3)
    with django_assert_max_num_queries(11):
        response = client.get(OVERVIEW, {"page": 2})
    assert len(response.context["grid"].rows) == 50
    assert all(cell is not None for row in response.context["grid"].rows for cell in row.cells)


# --- one school --------------------------------------------------------------------------------------


@pytest.fixture
def school(db):
    return SchoolFactory(name="Mather Elementary")


@pytest.fixture
def school_leader(make_user, school):
    user = make_user(Role.LEADER)
    PersonFactory(user=user, school=school)
    return user


def test_school_page_shows_current_level_notes_and_history(
    client, program_staff, school, school_year, systems
):
    coach = UserFactory(full_name="Dana Coach")
    _rate(
        school,
        systems[0],
        ImplementationLevel.BEGINNING,
        school_year,
        rated_on=datetime.date(2026, 9, 15),
        notes="Team meets monthly.",
        rated_by=coach,
    )
    _rate(
        school,
        systems[0],
        ImplementationLevel.PARTIAL,
        school_year,
        rated_on=datetime.date(2026, 11, 2),
        notes="Agendas and norms in place.",
        rated_by=program_staff,
    )
    client.force_login(program_staff)
    response = client.get(_rubric(school))
    assert response.status_code == 200
    [history] = [h for h in response.context["histories"] if h.system == systems[0]]
    assert history.current.level == ImplementationLevel.PARTIAL
    assert [r.level for r in history.ratings] == [ImplementationLevel.PARTIAL, ImplementationLevel.BEGINNING]
    html = response.content.decode()
    assert "Agendas and norms in place." in html and "Team meets monthly." in html
    assert "Dana Coach" in html
    assert "Sep 15, 2026" in html
    assert [h.system for h in response.context["histories"]] == systems


def test_school_page_shows_only_the_chosen_year(
    client, program_staff, school, school_year, last_year, systems
):
    _rate(school, systems[0], ImplementationLevel.FULL, last_year, notes="Last year's note")
    client.force_login(program_staff)
    assert b"Last year&#x27;s note" not in client.get(_rubric(school)).content
    response = client.get(_rubric(school), {"school_year": last_year.pk})
    assert response.context["school_year"] == last_year
    assert b"Last year&#x27;s note" in response.content


def test_school_page_is_open_to_the_schools_leader_without_the_form(
    client, school_leader, school, school_year, systems
):
    _rate(school, systems[0], ImplementationLevel.FULL, school_year, notes="Strong team")
    client.force_login(school_leader)
    response = client.get(_rubric(school))
    assert response.status_code == 200
    assert response.context["form"] is None
    assert b"Strong team" in response.content
    assert b"Add a rating" not in response.content


def test_school_page_hides_another_school_from_a_leader(client, school_leader, school_year, systems):
    other = SchoolFactory(name="Hidden Academy")
    _rate(other, systems[0], ImplementationLevel.FULL, school_year, notes="Secret note")
    client.force_login(school_leader)
    response = client.get(_rubric(other))
    assert response.status_code == 404
    assert b"Hidden Academy" not in response.content
    assert b"Secret note" not in response.content


def test_school_page_closes_when_the_leader_leaves_the_school(client, school_leader, school, school_year):
    Person.objects.filter(user=school_leader).update(is_active=False)
    client.force_login(school_leader)
    assert client.get(_rubric(school)).status_code == 404


def test_school_page_refuses_a_leader_without_a_school(client, leader, school, school_year):
    Person.objects.filter(user=leader).update(school=None, position="central_office")
    client.force_login(leader)
    assert client.get(_rubric(school)).status_code == 404


@pytest.mark.parametrize("role", [Role.MENTOR, Role.RECRUITMENT_STAFF])
def test_school_page_refuses_other_roles(client, make_user, school, role):
    user = make_user(role)
    PersonFactory(user=user, school=school)  # even someone who works there
    client.force_login(user)
    assert client.get(_rubric(school)).status_code == 403


def test_school_page_sends_anonymous_to_login(client, school):
    assert client.get(_rubric(school)).status_code == 302


def test_school_page_rejects_put(client, program_staff, school):
    client.force_login(program_staff)
    assert client.put(_rubric(school)).status_code == 405


def test_unknown_school_is_404(client, program_staff):
    client.force_login(program_staff)
    assert client.get(reverse("competencies:school_rubric", args=[31337])).status_code == 404


def test_staff_add_a_rating(client, program_staff, school, school_year, last_year, systems):
    client.force_login(program_staff)
    response = client.post(
        f"{_rubric(school)}?school_year={last_year.pk}",
        {"system": systems[1].pk, "level": ImplementationLevel.FULL, "notes": "  Cycles every 6 weeks.  "},
    )
    assert response.status_code == 302
    assert response.url == f"{_rubric(school)}?school_year={last_year.pk}"
    rating = ImplementationRating.objects.get(school=school)
    assert (rating.system, rating.level, rating.school_year) == (
        systems[1],
        ImplementationLevel.FULL,
        last_year,
    )
    assert (rating.notes, rating.rated_by) == ("Cycles every 6 weeks.", program_staff)
    [message] = get_messages(response.wsgi_request)
    assert "is now at “Full Implementation” for 2025-2026" in str(message)


def test_a_new_rating_becomes_current_and_keeps_the_history(
    client, program_staff, school, school_year, systems
):
    _rate(school, systems[0], ImplementationLevel.BEGINNING, school_year, rated_on=datetime.date(2026, 9, 1))
    client.force_login(program_staff)
    client.post(_rubric(school), {"system": systems[0].pk, "level": ImplementationLevel.PARTIAL})
    response = client.get(_rubric(school))
    history = next(h for h in response.context["histories"] if h.system == systems[0])
    assert [r.level for r in history.ratings] == [ImplementationLevel.PARTIAL, ImplementationLevel.BEGINNING]
    assert ImplementationRating.objects.filter(school=school).count() == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"level": ImplementationLevel.FULL}, "system"),
        ({"system": "SYSTEM", "level": "7"}, "level"),
        ({"system": "SYSTEM"}, "level"),
        ({"system": "999999", "level": ImplementationLevel.FULL}, "system"),
    ],
)
def test_invalid_rating_is_shown_with_errors_and_keeps_the_notes(
    client, program_staff, school, school_year, systems, data, field
):
    data = {k: (systems[0].pk if v == "SYSTEM" else v) for k, v in data.items()}
    client.force_login(program_staff)
    response = client.post(_rubric(school), {**data, "notes": "Keep these words"})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert b"Keep these words" in response.content
    assert not ImplementationRating.objects.exists()


def test_a_retired_system_cannot_be_rated(client, program_staff, school, school_year, systems):
    ImplementationSystem.objects.filter(pk=systems[0].pk).update(is_active=False)
    client.force_login(program_staff)
    response = client.post(_rubric(school), {"system": systems[0].pk, "level": ImplementationLevel.FULL})
    assert response.status_code == 200
    assert "system" in response.context["form"].errors
    assert not ImplementationRating.objects.exists()


def test_leaders_cannot_rate_their_school(client, school_leader, school, school_year, systems):
    client.force_login(school_leader)
    response = client.post(_rubric(school), {"system": systems[0].pk, "level": ImplementationLevel.FULL})
    assert response.status_code == 403
    assert not ImplementationRating.objects.exists()


def test_rating_without_any_school_year_is_refused_with_a_message(client, program_staff, school, systems):
    client.force_login(program_staff)
    response = client.post(_rubric(school), {"system": systems[0].pk, "level": ImplementationLevel.FULL})
    assert response.status_code == 302
    [message] = get_messages(response.wsgi_request)
    assert "No school year is set up yet" in str(message)
    assert not ImplementationRating.objects.exists()


@pytest.mark.parametrize("user_fixture", ["program_staff", "school_leader"])
def test_school_page_query_count_does_not_grow(
    client, request, school, school_year, systems, django_assert_max_num_queries, user_fixture
):
    client.force_login(request.getfixturevalue(user_fixture))
    for system in systems[:2]:
        _rate(school, system, ImplementationLevel.BEGINNING, school_year)
    with django_assert_max_num_queries(10):
        assert client.get(_rubric(school)).status_code == 200
    staff = UserFactory.create_batch(3)
    ImplementationRating.objects.bulk_create(
        ImplementationRating(
            school=school,
            school_year=school_year,
            system=system,
            level=n % 4,
            rated_on=datetime.date(2026, 9, 1) + datetime.timedelta(days=n),
            rated_by=staff[n % 3],
        )
        for system in systems
        for n in range(25)
    )
    with django_assert_max_num_queries(10):
        response = client.get(_rubric(school))
    assert sum(len(h.ratings) for h in response.context["histories"]) == 2 + 25 * len(systems)
