"""A leader's self-assessment from the portal: every competency of the active version, on its scale."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from competencies.models import Assessment, AssessmentKind, Competency, Rating, VersionStatus
from competencies.queries import assessments as assessment_queries
from competencies.views import assessments as assessment_views
from leaderdev.errors import DomainError
from leaderdev.permissions import Role
from tests.factories import PersonFactory
from tests.factories.competencies import (
    AssessmentFactory,
    DomainFactory,
    FrameworkVersionFactory,
    RatingFactory,
    framework_with_content,
)

pytestmark = pytest.mark.django_db

URL = reverse("competencies:self_assessment")


def answers(version, level=3, **overrides):
    """A complete self-assessment of `version` as POST data: every competency at `level`."""
    data = {}
    for competency in Competency.objects.of_version(version):
        data[f"c{competency.pk}_level"] = str(level)
        data[f"c{competency.pk}_evidence"] = ""
    data.update(overrides)
    return data


def competency(version, code):
    return Competency.objects.by_code(version, code)


# --- the page ----------------------------------------------------------------------------------------


def test_it_shows_every_competency_grouped_by_domain(client, leader, framework_v4):
    client.force_login(leader)
    response = client.get(URL)
    assert response.status_code == 200
    form = response.context["form"]
    assert len([name for name in form.fields if name.endswith("_level")]) == 16
    html = response.content.decode()
    assert html.count("<fieldset") == 4 + 16  # a fieldset per domain and per competency
    assert '<legend class="h5 fw-semibold mb-3">1. Lead with equity and authenticity</legend>' in html
    assert "1.1</span> Recognize and disrupt the effects of personal biases" in html


def test_it_labels_levels_with_value_and_name(client, leader, framework_v4):
    client.force_login(leader)
    html = client.get(URL).content.decode()
    first = competency(framework_v4, "1.1")
    assert f'for="id_c{first.pk}_level_2">3 · Proficient</label>' in html


def test_it_explains_the_scale_once(client, leader, framework_v4):
    client.force_login(leader)
    html = client.get(URL).content.decode()
    assert html.count("Uses the practice consistently and well.") == 1


def test_it_links_back_to_the_portal(client, leader, framework_v4):
    client.force_login(leader)
    assert f'href="{reverse("portal")}"' in client.get(URL).content.decode()


# --- saving ------------------------------------------------------------------------------------------


def test_it_saves_every_rating(client, leader, framework_v4):
    client.force_login(leader)
    first, last = competency(framework_v4, "1.1"), competency(framework_v4, "4.5")
    data = answers(
        framework_v4,
        **{
            f"c{first.pk}_level": "1",
            f"c{first.pk}_evidence": "  Led an equity walk.  ",
            f"c{last.pk}_level": "4",
        },
    )
    client.post(URL, data)
    assessment = Assessment.objects.get(person=leader.person)
    assert (assessment.kind, assessment.assessor, assessment.version) == ("self", leader, framework_v4)
    levels = dict(assessment.ratings.values_list("competency__pk", "level"))
    assert len(levels) == 16
    assert (levels[first.pk], levels[last.pk]) == (1, 4)
    assert sorted(set(levels.values())) == [1, 3, 4]
    assert assessment.ratings.get(competency=first).evidence == "Led an equity walk."
    assert assessment.ratings.exclude(competency=first).filter(evidence="").count() == 15


def test_it_redirects_to_the_growth_page_with_a_message(client, leader, framework_v4):
    client.force_login(leader)
    response = client.post(URL, answers(framework_v4))
    assert response.status_code == 302
    assert response.url == reverse("competencies:my_growth")
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Your self-assessment is saved."]


def test_it_dates_the_assessment_today(client, leader, framework_v4):
    client.force_login(leader)
    client.post(URL, answers(framework_v4))
    from django.utils import timezone

    assert Assessment.objects.get().assessed_on == timezone.localdate()


@pytest.mark.parametrize("role", [Role.MENTOR, Role.COACH])
def test_it_lets_mentors_and_coaches_assess_themselves(client, make_user, framework_v4, role):
    user = make_user(role)
    PersonFactory(user=user)
    client.force_login(user)
    assert client.post(URL, answers(framework_v4)).status_code == 302
    assert Assessment.objects.get().person == user.person


def test_it_turns_a_domain_error_into_a_form_error(client, leader, framework_v4, monkeypatch):
    def refuse(**kwargs):
        raise DomainError("Assessments use the active version; this one was just retired.")

    monkeypatch.setattr(assessment_views.services, "record_assessment", refuse)
    client.force_login(leader)
    response = client.post(URL, answers(framework_v4))
    assert response.status_code == 200
    assert "this one was just retired" in response.content.decode()


# --- who may -----------------------------------------------------------------------------------------


def test_it_rejects_put(client, leader, framework_v4):
    client.force_login(leader)
    assert client.put(URL).status_code == 405


def test_it_requires_login(client, framework_v4):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={URL}"


def test_it_refuses_office_staff(client, program_staff, framework_v4):
    PersonFactory(user=program_staff)
    client.force_login(program_staff)
    assert client.get(URL).status_code == 403
    assert client.post(URL, answers(framework_v4)).status_code == 403
    assert not Assessment.objects.exists()


def test_it_explains_an_unlinked_login(client, make_user, framework_v4):
    client.force_login(make_user(Role.LEADER))
    response = client.get(URL)
    assert response.status_code == 200
    assert "not yet linked to a staff record" in response.content.decode()
    assert "form" not in response.context


def test_it_saves_nothing_for_an_unlinked_login(client, make_user, framework_v4):
    client.force_login(make_user(Role.LEADER))
    assert client.post(URL, answers(framework_v4)).status_code == 200
    assert not Assessment.objects.exists()


def test_it_refuses_someone_who_left_the_district(client, leader, framework_v4):
    leader.person.is_active = False
    leader.person.save()
    client.force_login(leader)
    assert client.get(URL).status_code == 403


def test_it_always_assesses_the_signed_in_leader(client, leader, framework_v4):
    other = PersonFactory()
    client.force_login(leader)
    client.post(URL, {**answers(framework_v4), "person": other.pk, "person_id": other.pk})
    assert list(Assessment.objects.values_list("person", flat=True)) == [leader.person.pk]


# --- bad input ---------------------------------------------------------------------------------------


def test_it_refuses_a_level_off_the_scale(client, leader, framework_v4):
    target = competency(framework_v4, "2.3")
    client.force_login(leader)
    response = client.post(URL, answers(framework_v4, **{f"c{target.pk}_level": "9"}))
    assert response.status_code == 200
    assert response.context["form"].errors[f"c{target.pk}_level"] == ["Choose a level from 1 to 4."]
    assert not Assessment.objects.exists()


def test_it_refuses_a_level_that_is_not_a_number(client, leader, framework_v4):
    target = competency(framework_v4, "2.3")
    client.force_login(leader)
    response = client.post(URL, answers(framework_v4, **{f"c{target.pk}_level": "abc"}))
    assert response.status_code == 200
    assert response.context["form"].errors[f"c{target.pk}_level"] == ["Choose a level from 1 to 4."]
    assert not Assessment.objects.exists()


def test_it_refuses_a_competency_of_another_version(client, leader, framework_v4):
    foreign = Competency.objects.of_version(framework_with_content()).first()
    client.force_login(leader)
    response = client.post(URL, answers(framework_v4, **{f"c{foreign.pk}_level": "2"}))
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors == [
        "This form had answers for competencies that are not part of Unified Set of BPS Leader "
        "Competencies, version 4. Reload the page and rate the competencies shown."
    ]
    assert not Assessment.objects.exists()


def test_it_lists_what_is_missing(client, leader, framework_v4):
    skipped = [competency(framework_v4, "2.3"), competency(framework_v4, "4.1")]
    data = answers(framework_v4)
    for c in skipped:
        del data[f"c{c.pk}_level"]
    client.force_login(leader)
    response = client.post(URL, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors() == ["Rate every competency before saving. Still to rate: 2.3, 4.1."]
    assert {name for name in form.errors if name != "__all__"} == {f"c{c.pk}_level" for c in skipped}
    assert not Assessment.objects.exists()


def test_it_keeps_what_was_typed_when_something_is_missing(client, leader, framework_v4):
    skipped, kept = competency(framework_v4, "2.3"), competency(framework_v4, "1.2")
    data = answers(framework_v4, **{f"c{kept.pk}_level": "4", f"c{kept.pk}_evidence": "Family nights"})
    del data[f"c{skipped.pk}_level"]
    client.force_login(leader)
    html = client.post(URL, data).content.decode()
    assert f'value="4" class="btn-check" autocomplete="off" id="id_c{kept.pk}_level_3" checked>' in html
    assert "Family nights</textarea>" in html


def test_it_refuses_an_empty_form(client, leader, framework_v4):
    client.force_login(leader)
    response = client.post(URL, {})
    assert "Still to rate: 1.1, 1.2, 1.3" in response.context["form"].non_field_errors()[0]
    assert not Assessment.objects.exists()


def test_it_asks_for_a_level_when_evidence_is_written(client, leader, framework_v4):
    target = competency(framework_v4, "3.1")
    data = answers(framework_v4, **{f"c{target.pk}_evidence": "Data cycles every six weeks"})
    del data[f"c{target.pk}_level"]
    client.force_login(leader)
    response = client.post(URL, data)
    assert response.context["form"].errors[f"c{target.pk}_level"] == [
        "Choose a level for the evidence you wrote."
    ]


# --- pre-filling -------------------------------------------------------------------------------------


def test_it_prefills_from_the_last_self_assessment(client, leader, framework_v4):
    target = competency(framework_v4, "3.2")
    person = leader.person
    older = AssessmentFactory(person=person, version=framework_v4, assessed_on=datetime.date(2026, 9, 1))
    RatingFactory(assessment=older, competency=target, level=1, evidence="Old")
    newer = AssessmentFactory(person=person, version=framework_v4, assessed_on=datetime.date(2026, 10, 1))
    RatingFactory(assessment=newer, competency=target, level=3, evidence="Newer")
    client.force_login(leader)
    response = client.get(URL)
    form = response.context["form"]
    assert form[f"c{target.pk}_level"].value() == 3
    assert form[f"c{target.pk}_evidence"].value() == "Newer"
    assert "Filled in from your self-assessment of\n      October 1, 2026" in response.content.decode()


def test_it_does_not_prefill_from_someone_elses_assessment(client, leader, framework_v4):
    target = competency(framework_v4, "3.2")
    theirs = AssessmentFactory(version=framework_v4)  # another person's self-assessment
    RatingFactory(assessment=theirs, competency=target, level=4, evidence="Their private evidence")
    coach = AssessmentFactory(person=leader.person, version=framework_v4, kind=AssessmentKind.COACH)
    RatingFactory(assessment=coach, competency=target, level=2, evidence="Coach's view")
    client.force_login(leader)
    response = client.get(URL)
    assert response.context["form"][f"c{target.pk}_level"].value() is None
    html = response.content.decode()
    assert "Their private evidence" not in html and "Coach&#x27;s view" not in html


def test_it_starts_blank_without_an_earlier_self_assessment(client, leader, framework_v4):
    client.force_login(leader)
    response = client.get(URL)
    assert response.context["last"] is None
    assert " checked" not in response.content.decode()


# --- which version -----------------------------------------------------------------------------------


def test_it_says_when_no_version_is_active(client, leader, framework_v4):
    framework_v4.status = VersionStatus.RETIRED
    framework_v4.save()
    client.force_login(leader)
    response = client.get(URL)
    assert response.status_code == 200
    assert "No framework is active right now" in response.content.decode()
    assert client.post(URL, {}).status_code == 200
    assert not Assessment.objects.exists()


def test_it_uses_the_office_framework_when_several_are_active(client, leader, framework_v4):
    framework_with_content()
    client.force_login(leader)
    assert client.get(URL).context["version"] == framework_v4


def test_it_uses_the_only_active_version_whatever_its_framework(client, leader, framework_v4):
    framework_v4.status = VersionStatus.RETIRED
    framework_v4.save()
    other = framework_with_content()
    client.force_login(leader)
    assert client.get(URL).context["version"] == other


def test_it_shows_domain_titles_as_text(client, leader, framework_v4, monkeypatch):
    version = FrameworkVersionFactory()
    domain = DomainFactory(version=version, number=1, title="{{ 6|add:1 }} <b>bold</b>")
    Competency.objects.create(domain=domain, number=1, statement="Statement")
    monkeypatch.setattr(assessment_queries, "OFFICE_FRAMEWORK", version.framework.name)
    client.force_login(leader)
    html = client.get(URL).content.decode()
    assert 'mb-3">1. {{ 6|add:1 }} &lt;b&gt;bold&lt;/b&gt;</legend>' in html


# --- queries -----------------------------------------------------------------------------------------


def _with_last_self_assessment(person, version):
    assessment = AssessmentFactory(person=person, version=version)
    Rating.objects.bulk_create(
        Rating(assessment=assessment, competency=c, level=2, evidence="x")
        for c in Competency.objects.of_version(version)
    )


def test_its_query_count_does_not_grow_with_the_framework(
    client, leader, framework_v4, monkeypatch, django_assert_max_num_queries
):
    client.force_login(leader)
    _with_last_self_assessment(leader.person, framework_v4)
    with django_assert_max_num_queries(10):
        assert len(client.get(URL).context["form"].competencies) == 16

    big = framework_with_content(domains=6, per_domain=8)
    monkeypatch.setattr(assessment_queries, "OFFICE_FRAMEWORK", big.framework.name)
    _with_last_self_assessment(leader.person, big)
    with django_assert_max_num_queries(10):
        assert len(client.get(URL).context["form"].competencies) == 48
