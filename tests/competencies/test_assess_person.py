"""Recording someone's assessment: program staff now, coaches and mentors once a rule assigns people."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from competencies import rules
from competencies.models import Assessment, AssessmentKind, Competency, VersionStatus
from competencies.queries import assessments as assessment_queries
from leaderdev.permissions import Role, has_role
from tests.factories import PersonFactory
from tests.factories.competencies import framework_with_content

pytestmark = pytest.mark.django_db


def url(person):
    return reverse("competencies:assess_person", args=[person.pk])


def competency(version, code):
    return Competency.objects.by_code(version, code)


def post_data(version, kind=AssessmentKind.COACH, ratings=None, **extra):
    """POST data rating the competencies in `ratings` ({"1.1": (3, "evidence"), ...})."""
    data = {"kind": kind, "assessed_on": "2026-11-02", "notes": ""}
    for code, (level, evidence) in ({"1.1": (3, "")} if ratings is None else ratings).items():
        c = competency(version, code)
        data[f"c{c.pk}_level"] = str(level)
        data[f"c{c.pk}_evidence"] = evidence
    data.update(extra)
    return data


@pytest.fixture
def person(db):
    return PersonFactory(first_name="Rosa", last_name="Alvarado")


@pytest.fixture
def assign_to_coaches(monkeypatch):
    """assign_to_coaches(person): register a rule letting every coach assess `person` (a coaching
    assignment, as the mentoring app will register it), on a copy of the rules undone after the test."""
    registry = rules._assessor_rules.__class__(list, {k: list(v) for k, v in rules._assessor_rules.items()})
    monkeypatch.setattr(rules, "_assessor_rules", registry)

    def assign(person):
        @rules.assessor_rule(AssessmentKind.COACH)
        def coaches_assess_their_coachees(user):
            return Q(pk=person.pk) if has_role(user, Role.COACH) else False

    return assign


# --- program staff: the allowed role -----------------------------------------------------------------


def test_it_shows_the_form_to_program_staff(client, program_staff, person, framework_v4):
    client.force_login(program_staff)
    response = client.get(url(person))
    assert response.status_code == 200
    form = response.context["form"]
    assert [value for value, _ in form.fields["kind"].choices] == ["self", "coach", "mentor", "supervisor"]
    assert form["kind"].value() == "coach"
    assert form["assessed_on"].value() == timezone.localdate()
    assert len([name for name in form.fields if name.endswith("_level")]) == 16
    assert "Assess Rosa Alvarado" in response.content.decode()


def test_it_records_the_ratings_given(client, program_staff, person, framework_v4):
    client.force_login(program_staff)
    data = post_data(
        framework_v4,
        kind=AssessmentKind.SUPERVISOR,
        ratings={"1.1": (2, "Observed a data meeting"), "4.5": (4, "")},
        notes="Mid-year conversation",
    )
    client.post(url(person), data)
    assessment = Assessment.objects.get(person=person)
    assert (assessment.kind, assessment.assessor, assessment.version) == (
        "supervisor",
        program_staff,
        framework_v4,
    )
    assert assessment.assessed_on == datetime.date(2026, 11, 2)
    assert assessment.notes == "Mid-year conversation"
    ratings = {
        r.competency.code: (r.level, r.evidence)
        for r in assessment.ratings.select_related("competency__domain")
    }
    assert ratings == {"1.1": (2, "Observed a data meeting"), "4.5": (4, "")}


def test_it_redirects_to_the_persons_growth_with_a_message(client, program_staff, person, framework_v4):
    client.force_login(program_staff)
    response = client.post(url(person), post_data(framework_v4))
    assert response.status_code == 302
    assert response.url == reverse("competencies:person_growth", args=[person.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "The coach assessment of Rosa Alvarado is saved."
    ]


def test_it_lets_a_superuser_record(client, superuser, person, framework_v4):
    client.force_login(superuser)
    assert client.post(url(person), post_data(framework_v4)).status_code == 302
    assert Assessment.objects.get().assessor == superuser


def test_it_needs_every_rating_for_a_self_assessment(client, program_staff, person, framework_v4):
    client.force_login(program_staff)
    response = client.post(url(person), post_data(framework_v4, kind=AssessmentKind.SELF))
    assert response.status_code == 200
    assert (
        response.context["form"]
        .non_field_errors()[0]
        .startswith("Rate every competency before saving. Still to rate: 1.2, 1.3, 2.1")
    )
    assert not Assessment.objects.exists()


def test_it_records_a_complete_self_assessment_typed_in_by_staff(client, program_staff, person, framework_v4):
    codes = [c.code for c in Competency.objects.of_version(framework_v4)]
    client.force_login(program_staff)
    client.post(url(person), post_data(framework_v4, kind="self", ratings=dict.fromkeys(codes, (2, ""))))
    assessment = Assessment.objects.get()
    assert (assessment.kind, assessment.ratings.count()) == ("self", 16)


# --- who may -----------------------------------------------------------------------------------------


def test_it_rejects_put(client, program_staff, person, framework_v4):
    client.force_login(program_staff)
    assert client.put(url(person)).status_code == 405


def test_it_requires_login(client, person, framework_v4):
    response = client.get(url(person))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_refuses_a_leader_assessing_someone_else(client, leader, person, framework_v4):
    client.force_login(leader)
    response = client.post(url(person), post_data(framework_v4))
    assert response.status_code == 403
    assert "Alvarado" not in response.content.decode()
    assert not Assessment.objects.exists()


def test_it_sends_a_leader_to_their_own_self_assessment(client, leader, framework_v4):
    client.force_login(leader)
    response = client.get(url(leader.person))
    assert response.url == reverse("competencies:self_assessment")


@pytest.mark.parametrize("role", [Role.RECRUITMENT_STAFF, Role.LICENSURE_TEAM])
def test_it_refuses_the_other_office_teams(client, make_user, person, framework_v4, role):
    client.force_login(make_user(role))
    assert client.get(url(person)).status_code == 403


@pytest.mark.parametrize("role", [Role.COACH, Role.MENTOR])
def test_it_refuses_coaches_and_mentors_without_assignments(client, make_user, person, framework_v4, role):
    client.force_login(make_user(role))
    assert client.get(url(person)).status_code == 403
    assert client.post(url(person), post_data(framework_v4, kind=role.value)).status_code == 403
    assert not Assessment.objects.exists()


def test_it_answers_404_for_nobody(client, program_staff, framework_v4):
    client.force_login(program_staff)
    assert client.get(reverse("competencies:assess_person", args=[999999])).status_code == 404


def test_it_refuses_someone_who_left_the_district(client, program_staff, framework_v4):
    gone = PersonFactory(is_active=False)
    client.force_login(program_staff)
    assert client.get(url(gone)).status_code == 403


# --- the pluggable rule: a coach assigned by a registered rule ---------------------------------------


def test_a_registered_rule_lets_a_coach_assess_that_person(
    client, make_user, person, framework_v4, assign_to_coaches
):
    assign_to_coaches(person)
    coach = make_user(Role.COACH)
    client.force_login(coach)
    response = client.get(url(person))
    assert [value for value, _ in response.context["form"].fields["kind"].choices] == ["coach"]
    assert client.post(url(person), post_data(framework_v4)).status_code == 302
    assessment = Assessment.objects.get()
    assert (assessment.person, assessment.assessor, assessment.kind) == (person, coach, "coach")


def test_a_registered_rule_lets_a_coach_assess_no_one_else(
    client, make_user, person, framework_v4, assign_to_coaches
):
    assign_to_coaches(person)
    someone_else = PersonFactory()
    client.force_login(make_user(Role.COACH))
    assert client.get(url(someone_else)).status_code == 403
    assert client.post(url(someone_else), post_data(framework_v4)).status_code == 403
    assert not Assessment.objects.exists()


def test_a_coach_cannot_record_a_kind_the_rule_does_not_give(
    client, make_user, person, framework_v4, assign_to_coaches
):
    assign_to_coaches(person)
    client.force_login(make_user(Role.COACH))
    response = client.post(url(person), post_data(framework_v4, kind=AssessmentKind.SUPERVISOR))
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert not Assessment.objects.exists()


# --- bad input ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("level", ["9", "0", "abc", "-1", "3.5"])
def test_it_refuses_a_level_off_the_scale(client, program_staff, person, framework_v4, level):
    target = competency(framework_v4, "2.2")
    client.force_login(program_staff)
    response = client.post(url(person), post_data(framework_v4, **{f"c{target.pk}_level": level}))
    assert response.status_code == 200
    assert response.context["form"].errors[f"c{target.pk}_level"] == ["Choose a level from 1 to 4."]
    assert not Assessment.objects.exists()


def test_it_refuses_a_competency_of_another_version(client, program_staff, person, framework_v4):
    foreign = Competency.objects.of_version(framework_with_content()).first()
    client.force_login(program_staff)
    response = client.post(url(person), post_data(framework_v4, **{f"c{foreign.pk}_level": "2"}))
    assert (
        "not part of Unified Set of BPS Leader Competencies, version 4"
        in (response.context["form"].non_field_errors()[0])
    )
    assert not Assessment.objects.exists()


def test_it_refuses_an_assessment_with_nothing_rated(client, program_staff, person, framework_v4):
    client.force_login(program_staff)
    response = client.post(url(person), post_data(framework_v4, ratings={}, notes="Typed notes"))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Rate at least one competency."]
    assert "Typed notes</textarea>" in response.content.decode()
    assert not Assessment.objects.exists()


def test_it_refuses_a_date_in_the_future(client, program_staff, person, framework_v4):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client.force_login(program_staff)
    response = client.post(url(person), post_data(framework_v4, assessed_on=tomorrow.isoformat()))
    assert response.context["form"].errors["assessed_on"] == ["The date cannot be in the future."]
    assert not Assessment.objects.exists()


def test_it_refuses_a_date_that_is_not_one(client, program_staff, person, framework_v4):
    client.force_login(program_staff)
    response = client.post(url(person), post_data(framework_v4, assessed_on="next tuesday"))
    assert "assessed_on" in response.context["form"].errors
    assert not Assessment.objects.exists()


# --- no active version, queries ----------------------------------------------------------------------


def test_it_says_when_no_version_is_active(client, program_staff, person, framework_v4):
    framework_v4.status = VersionStatus.RETIRED
    framework_v4.save()
    client.force_login(program_staff)
    response = client.get(url(person))
    assert response.status_code == 200
    assert "No framework is active right now" in response.content.decode()


def test_its_query_count_does_not_grow_with_the_framework(
    client, program_staff, person, framework_v4, monkeypatch, django_assert_max_num_queries
):
    client.force_login(program_staff)
    with django_assert_max_num_queries(11):
        assert len(client.get(url(person)).context["form"].competencies) == 16
    big = framework_with_content(domains=6, per_domain=8)
    monkeypatch.setattr(assessment_queries, "OFFICE_FRAMEWORK", big.framework.name)
    with django_assert_max_num_queries(11):
        assert len(client.get(url(person)).context["form"].competencies) == 48
