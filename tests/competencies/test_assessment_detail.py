"""One assessment's page: who rated whom, when, against which version; each rating and its evidence."""

import datetime

import pytest
from django.urls import reverse

from competencies.models import AssessmentKind, Competency, Rating
from leaderdev.permissions import Role
from tests.factories import PersonFactory, UserFactory
from tests.factories.competencies import AssessmentFactory, framework_with_content

pytestmark = pytest.mark.django_db


def url(assessment):
    return reverse("competencies:assessment_detail", args=[assessment.pk])


def rate_all(assessment, level=2, evidence=""):
    Rating.objects.bulk_create(
        Rating(assessment=assessment, competency=c, level=level, evidence=evidence)
        for c in Competency.objects.of_version(assessment.version)
    )


@pytest.fixture
def coach(make_user):
    return make_user(Role.COACH, full_name="Cora Coach")


@pytest.fixture
def coach_assessment(leader, coach, framework_v4):
    """A coach's assessment of the leader: 1.1 at 3 with evidence, 4.5 at 1."""
    assessment = AssessmentFactory(
        person=leader.person,
        version=framework_v4,
        kind=AssessmentKind.COACH,
        assessor=coach,
        assessed_on=datetime.date(2026, 10, 14),
        notes="After the October walkthrough",
    )
    first, last = (Competency.objects.by_code(framework_v4, code) for code in ("1.1", "4.5"))
    Rating.objects.create(assessment=assessment, competency=last, level=1)
    Rating.objects.create(
        assessment=assessment, competency=first, level=3, evidence="Led <b>an</b> equity walk"
    )
    return assessment


def test_it_shows_the_assessment_to_the_person_assessed(client, leader, coach_assessment):
    client.force_login(leader)
    response = client.get(url(coach_assessment))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Coach assessment of ",
        leader.person.full_name,
        "October 14, 2026",
        "Cora Coach",
        "Unified Set of BPS Leader Competencies, version 4",
        "After the October walkthrough",
        "Recognize and disrupt the effects of personal biases",
        "3 · Proficient",
        "1 · Beginning",
        "Led &lt;b&gt;an&lt;/b&gt; equity walk",
    ):
        assert text in html


def test_it_lists_ratings_in_framework_order_under_their_domains(client, leader, coach_assessment):
    client.force_login(leader)
    html = client.get(url(coach_assessment)).content.decode()
    assert html.index("1. Lead with equity and authenticity") < html.index(">1.1<") < html.index(">4.5<")
    assert '<th scope="col">Competency</th>' in html


def test_it_shows_the_assessment_to_its_assessor(client, coach, coach_assessment):
    client.force_login(coach)
    assert client.get(url(coach_assessment)).status_code == 200


def test_it_shows_any_assessment_to_program_staff(client, program_staff, coach_assessment):
    client.force_login(program_staff)
    assert client.get(url(coach_assessment)).status_code == 200


def test_it_hides_other_leaders_assessments(client, make_user, coach_assessment):
    other = make_user(Role.LEADER)
    PersonFactory(user=other)
    client.force_login(other)
    response = client.get(url(coach_assessment))
    assert response.status_code == 404
    assert "equity walk" not in response.content.decode()


def test_it_hides_assessments_from_a_coach_who_did_not_make_them(client, make_user, coach_assessment):
    client.force_login(make_user(Role.COACH))
    assert client.get(url(coach_assessment)).status_code == 404


def test_it_hides_assessments_from_the_other_office_teams(client, make_user, coach_assessment):
    client.force_login(make_user(Role.RECRUITMENT_STAFF))
    assert client.get(url(coach_assessment)).status_code == 404


def test_it_requires_login(client, coach_assessment):
    response = client.get(url(coach_assessment))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_rejects_post(client, leader, coach_assessment):
    client.force_login(leader)
    assert client.post(url(coach_assessment)).status_code == 405


def test_it_answers_404_for_no_assessment(client, program_staff):
    client.force_login(program_staff)
    assert client.get(reverse("competencies:assessment_detail", args=[999999])).status_code == 404


def test_it_links_the_person_back_to_their_growth(client, leader, coach_assessment):
    client.force_login(leader)
    assert f'href="{reverse("competencies:my_growth")}"' in client.get(url(coach_assessment)).content.decode()


def test_it_links_staff_to_the_persons_growth(client, program_staff, coach_assessment):
    client.force_login(program_staff)
    growth = reverse("competencies:person_growth", args=[coach_assessment.person_id])
    assert f'href="{growth}"' in client.get(url(coach_assessment)).content.decode()


def test_it_survives_a_deleted_assessor(client, leader, coach_assessment):
    coach_assessment.assessor = None
    coach_assessment.save()
    client.force_login(leader)
    assert client.get(url(coach_assessment)).status_code == 200


def test_its_query_count_does_not_grow_with_the_ratings(
    client, leader, framework_v4, django_assert_max_num_queries
):
    client.force_login(leader)
    small = AssessmentFactory(person=leader.person, version=framework_v4, assessor=UserFactory())
    rate_all(small, evidence="Some evidence")
    with django_assert_max_num_queries(6):
        assert len(client.get(url(small)).context["assessment"].ratings.all()) == 16

    big_version = framework_with_content(domains=6, per_domain=8)
    big = AssessmentFactory(person=leader.person, version=big_version, assessor=UserFactory())
    rate_all(big, evidence="Some evidence")
    with django_assert_max_num_queries(6):
        assert len(client.get(url(big)).context["assessment"].ratings.all()) == 48
