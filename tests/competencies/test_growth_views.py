"""The growth pages: my growth, a person's growth, and a school's distribution over levels."""

import datetime
import re

import pytest
from django.urls import reverse

from competencies.models import Assessment, AssessmentKind, Competency, Rating
from leaderdev.models import Position
from leaderdev.permissions import Role
from tests.factories import PersonFactory, SchoolFactory
from tests.factories.competencies import AssessmentFactory

pytestmark = pytest.mark.django_db

SEP_15, NOV_10, JAN_20 = datetime.date(2026, 9, 15), datetime.date(2026, 11, 10), datetime.date(2027, 1, 20)


def assess(person, version, kind, on, levels, assessor=None):
    assessment = AssessmentFactory(
        person=person, version=version, kind=kind, assessed_on=on, assessor=assessor
    )
    Rating.objects.bulk_create(
        Rating(assessment=assessment, competency=Competency.objects.by_code(version, code), level=level)
        for code, level in levels.items()
    )
    return assessment


def text(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()


def domain_section(html: str, number: int) -> str:
    """The <section> of one domain on a growth or distribution page."""
    match = re.search(rf'<section[^>]*aria-labelledby="domain-{number}-heading".*?</section>', html, re.S)
    assert match, f"no section for domain {number}"
    return match.group(0)


def table_row(html: str, header: str) -> list[str]:
    """The data cells of the first table row whose header cell reads `header` (or starts with it)."""
    for row in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S):
        found = re.search(r'<th scope="row"[^>]*>(.*?)</th>', row, re.S)
        if found and (text(found.group(1)) + " ").startswith(header + " "):
            return [text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    raise AssertionError(f"no row {header!r}")


@pytest.fixture
def coach(make_user):
    return make_user(Role.COACH, full_name="Cora Coach")


@pytest.fixture
def leader_with_three(leader, coach, framework_v4):
    """The leader's two self-assessments and a coach's assessment."""
    person = leader.person
    return [
        assess(person, framework_v4, AssessmentKind.SELF, SEP_15, {"1.1": 2, "4.5": 1}, assessor=leader),
        assess(person, framework_v4, AssessmentKind.COACH, NOV_10, {"1.1": 3}, assessor=coach),
        assess(person, framework_v4, AssessmentKind.SELF, JAN_20, {"1.1": 3, "4.5": 2}, assessor=leader),
    ]


@pytest.fixture
def stranger(framework_v4):
    """Another leader, with an assessment on a date nobody else has."""
    person = PersonFactory(first_name="Zebulon", last_name="Stranger")
    assess(person, framework_v4, AssessmentKind.SELF, datetime.date(2026, 12, 24), {"2.1": 4})
    return person


def more_assessments(person, version, count):
    competencies = list(Competency.objects.of_version(version))
    for index in range(count):
        assessment = AssessmentFactory(
            person=person,
            version=version,
            kind=AssessmentKind.values[index % 4],
            assessed_on=SEP_15 + datetime.timedelta(days=3 * index),
            assessor=None,
        )
        Rating.objects.bulk_create(
            Rating(assessment=assessment, competency=c, level=1 + (index + i) % 4)
            for i, c in enumerate(competencies)
        )


# --- my growth ---------------------------------------------------------------------------------------

MY_GROWTH = reverse("competencies:my_growth")


def test_my_growth_shows_the_leaders_ratings_as_charts_and_tables(client, leader, leader_with_three):
    client.force_login(leader)
    response = client.get(MY_GROWTH)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="pygal-chart ld-chart"') == 2  # 1.1 and 4.5; the 14 others are not rated yet
    assert html.count("Not rated yet") == 14
    domain_one, domain_four = domain_section(html, 1), domain_section(html, 4)
    # Columns 1.1, 1.2, 1.3 and 4.1 ... 4.5; rows are the assessments, oldest first.
    unrated = "— not rated"
    assert table_row(domain_one, "Sep 15, 2026 · Self-assessment") == ["2 Developing", unrated, unrated]
    assert table_row(domain_one, "Nov 10, 2026 · Coach") == ["3 Proficient", unrated, unrated]
    assert table_row(domain_one, "Jan 20, 2027 · Self-assessment")[0] == "3 Proficient"
    assert table_row(domain_four, "Sep 15, 2026 · Self-assessment") == [*[unrated] * 4, "1 Beginning"]
    assert table_row(domain_four, "Jan 20, 2027 · Self-assessment") == [*[unrated] * 4, "2 Developing"]
    assert "Self-assessment: 2 Developing on Sep 15, 2026, 3 Proficient on Jan 20, 2027; Coach: 3" in html
    assert [p.level for p in response.context["growth"].competencies["1.1"].points["self"]] == [2, 3]


def test_my_growth_links_the_self_assessment_and_each_assessment(client, leader, leader_with_three):
    client.force_login(leader)
    html = client.get(MY_GROWTH).content.decode()
    assert f'href="{reverse("competencies:self_assessment")}"' in html
    for assessment in leader_with_three:
        assert f'href="{reverse("competencies:assessment_detail", args=[assessment.pk])}"' in html


def test_my_growth_invites_a_first_self_assessment(client, leader, framework_v4):
    client.force_login(leader)
    response = client.get(MY_GROWTH)
    assert b"No assessments yet: start with a self-assessment" in response.content
    assert b"<svg" not in response.content.replace(b'<svg width="28"', b"")


def test_my_growth_never_shows_someone_else(client, leader, leader_with_three, stranger):
    client.force_login(leader)
    html = client.get(MY_GROWTH).content.decode()
    assert "Dec 24, 2026" not in html
    assert "Stranger" not in html


def test_my_growth_explains_an_unlinked_login(client, make_user):
    client.force_login(make_user(Role.COACH))
    response = client.get(MY_GROWTH)
    assert response.status_code == 200
    assert b"not yet linked" in response.content


def test_my_growth_refuses_office_staff_without_a_portal_role(client, make_user):
    client.force_login(make_user(Role.RECRUITMENT_STAFF))
    assert client.get(MY_GROWTH).status_code == 403


def test_my_growth_requires_login(client):
    response = client.get(MY_GROWTH)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_my_growth_rejects_post(client, leader):
    client.force_login(leader)
    assert client.post(MY_GROWTH).status_code == 405


def test_my_growth_query_count_does_not_grow(
    client, leader, leader_with_three, django_assert_max_num_queries
):
    client.force_login(leader)
    with django_assert_max_num_queries(8):
        assert client.get(MY_GROWTH).status_code == 200
    more_assessments(leader.person, leader_with_three[0].version, 27)
    with django_assert_max_num_queries(8):
        response = client.get(MY_GROWTH)
    assert len(response.context["growth"].assessments) == 30


# --- a person's growth -------------------------------------------------------------------------------


def person_url(person):
    return reverse("competencies:person_growth", args=[person.pk])


def test_program_staff_see_a_leaders_growth(client, program_staff, leader, leader_with_three):
    client.force_login(program_staff)
    response = client.get(person_url(leader.person))
    assert response.status_code == 200
    html = response.content.decode()
    assert leader.person.full_name in html
    assert html.count('class="pygal-chart ld-chart"') == 2
    assert table_row(domain_section(html, 1), "Nov 10, 2026 · Coach")[0] == "3 Proficient"
    assert f'href="{reverse("competencies:assess_person", args=[leader.person.pk])}"' in html


def test_a_leader_sees_their_own_growth_page_without_the_assess_link(client, leader, leader_with_three):
    client.force_login(leader)
    response = client.get(person_url(leader.person))
    assert response.status_code == 200
    assert reverse("competencies:assess_person", args=[leader.person.pk]) not in response.content.decode()


def test_a_leader_gets_404_for_someone_elses_growth(client, leader, leader_with_three, stranger):
    client.force_login(leader)
    response = client.get(person_url(stranger))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Stranger" not in html
    assert "Zebulon" not in html
    assert "Dec 24, 2026" not in html


def test_person_growth_shows_a_coach_only_the_assessments_they_may_see(
    client, coach, leader, leader_with_three
):
    # Coaches see nobody's page until the mentoring app lets them see their coachees.
    client.force_login(coach)
    assert client.get(person_url(leader.person)).status_code == 404


def test_person_growth_refuses_office_teams_who_see_no_assessments(client, make_user, leader):
    client.force_login(make_user(Role.LICENSURE_TEAM))
    assert client.get(person_url(leader.person)).status_code == 403


def test_person_growth_requires_login(client, leader):
    response = client.get(person_url(leader.person))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_person_growth_answers_404_for_nobody(client, program_staff):
    client.force_login(program_staff)
    assert client.get(reverse("competencies:person_growth", args=[999999])).status_code == 404


def test_person_growth_rejects_post(client, program_staff, leader):
    client.force_login(program_staff)
    assert client.post(person_url(leader.person)).status_code == 405


def test_person_growth_query_count_does_not_grow(
    client, program_staff, leader, leader_with_three, django_assert_max_num_queries
):
    client.force_login(program_staff)
    with django_assert_max_num_queries(8):
        assert client.get(person_url(leader.person)).status_code == 200
    more_assessments(leader.person, leader_with_three[0].version, 27)
    with django_assert_max_num_queries(8):
        response = client.get(person_url(leader.person))
    assert len(response.context["growth"].assessments) == 30


# --- a school's distribution -------------------------------------------------------------------------


@pytest.fixture
def school_with_leaders(framework_v4):
    """Three leaders of one school (one never rated), a teacher leader, and a principal elsewhere."""
    school = SchoolFactory(name="Hernández K-8")
    ames = PersonFactory(school=school, last_name="Ames", position=Position.PRINCIPAL)
    baker = PersonFactory(school=school, last_name="Baker", position=Position.ASSISTANT_PRINCIPAL)
    PersonFactory(school=school, last_name="Cole", position=Position.ADMIN_TEAM_MEMBER)
    teacher = PersonFactory(school=school, last_name="Teach", position=Position.TEACHER_LEADER)
    elsewhere = PersonFactory(last_name="Elsewhere")
    assess(ames, framework_v4, AssessmentKind.SELF, SEP_15, {"1.1": 1})
    assess(ames, framework_v4, AssessmentKind.COACH, NOV_10, {"1.1": 3})
    assess(baker, framework_v4, AssessmentKind.COACH, SEP_15, {"1.1": 2})
    assess(baker, framework_v4, AssessmentKind.SELF, NOV_10, {"1.1": 4, "3.2": 2})
    for outsider in (teacher, elsewhere):
        assess(outsider, framework_v4, AssessmentKind.SELF, JAN_20, {"1.1": 1, "3.2": 1})
    return school


def school_url(school):
    return reverse("competencies:school_distribution", args=[school.pk])


def test_school_distribution_counts_the_schools_leaders(client, program_staff, school_with_leaders):
    client.force_login(program_staff)
    response = client.get(school_url(school_with_leaders))
    assert response.status_code == 200
    html = response.content.decode()
    # Beginning, Developing, Proficient, Exemplary, Not yet rated
    assert table_row(html, "1.1") == ["0", "0", "1", "1", "1"]
    assert table_row(html, "3.2") == ["0", "1", "0", "0", "2"]
    assert table_row(html, "4.5") == ["0", "0", "0", "0", "3"]
    assert html.count('class="pygal-chart ld-chart"') == 8  # 4 domains, each in a wide and a phone layout
    assert "Ames" in html and "Baker" in html and "Cole" in html
    assert "Teach" not in html and "Elsewhere" not in html


def test_school_distribution_filters_by_kind(client, program_staff, school_with_leaders):
    client.force_login(program_staff)
    html = client.get(school_url(school_with_leaders), {"kind": "coach"}).content.decode()
    assert table_row(html, "1.1") == ["0", "1", "1", "0", "1"]
    assert table_row(html, "3.2") == ["0", "0", "0", "0", "3"]
    assert "latest coach rating" in html


@pytest.mark.parametrize("kind", ["moon", "", "SELF", "1; DROP TABLE", "%00"])
def test_school_distribution_ignores_a_malformed_kind(client, program_staff, school_with_leaders, kind):
    client.force_login(program_staff)
    response = client.get(school_url(school_with_leaders), {"kind": kind})
    assert response.status_code == 200
    assert response.context["result"].kind is None
    assert table_row(response.content.decode(), "1.1") == ["0", "0", "1", "1", "1"]


def test_school_distribution_says_when_the_school_has_no_leaders(client, program_staff, framework_v4):
    client.force_login(program_staff)
    response = client.get(school_url(SchoolFactory()))
    assert response.status_code == 200
    assert b"has no active school leaders" in response.content


@pytest.mark.parametrize("role", [Role.LEADER, Role.COACH, Role.RECRUITMENT_STAFF])
def test_school_distribution_requires_program_staff(client, make_user, school_with_leaders, role):
    client.force_login(make_user(role))
    assert client.get(school_url(school_with_leaders)).status_code == 403


def test_school_distribution_requires_login(client, school_with_leaders):
    response = client.get(school_url(school_with_leaders))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_school_distribution_answers_404_for_no_school(client, program_staff):
    client.force_login(program_staff)
    assert client.get(reverse("competencies:school_distribution", args=[999999])).status_code == 404


def test_school_distribution_rejects_post(client, program_staff, school_with_leaders):
    client.force_login(program_staff)
    assert client.post(school_url(school_with_leaders)).status_code == 405


def test_school_distribution_query_count_does_not_grow(
    client, program_staff, school_with_leaders, framework_v4, django_assert_max_num_queries
):
    client.force_login(program_staff)
    with django_assert_max_num_queries(9):
        assert client.get(school_url(school_with_leaders), {"kind": "self"}).status_code == 200
    for _ in range(20):
        more_assessments(PersonFactory(school=school_with_leaders), framework_v4, 3)
    with django_assert_max_num_queries(9):
        response = client.get(school_url(school_with_leaders), {"kind": "self"})
    assert response.context["result"].people_count == 23
    assert Assessment.objects.filter(person__school=school_with_leaders).count() > 60
