"""The competencies admin: drafts are edited, published versions are read-only, new versions start and go
live through actions, changelists stay cheap, and ratings are checked against their version."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse

from competencies import services
from competencies.models import (
    Competency,
    Domain,
    FrameworkVersion,
    ImplementationRating,
    Rating,
    VersionStatus,
)
from leaderdev.permissions import Role
from tests.factories import PersonFactory, SchoolFactory, SchoolYearFactory
from tests.factories.competencies import (
    AssessmentFactory,
    ImplementationSystemFactory,
    RatingFactory,
    framework_with_content,
)

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "framework",
    "frameworkversion",
    "domain",
    "competency",
    "proficiencyscale",
    "assessment",
    "implementationsystem",
    "implementationrating",
]


def _change(model, obj):
    return reverse(f"admin:competencies_{model}_change", args=[obj.pk])


def _version_post(version, **domain_titles):
    """The version change form as the admin would post it, with domain titles changed as given."""
    domains = list(Domain.objects.filter(version=version).order_by("number"))
    data = {
        "framework": version.framework_id,
        "label": version.label,
        "description": version.description,
        "scale": version.scale_id,
        "domains-TOTAL_FORMS": len(domains),
        "domains-INITIAL_FORMS": len(domains),
        "domains-MIN_NUM_FORMS": 0,
        "domains-MAX_NUM_FORMS": 1000,
    }
    for i, domain in enumerate(domains):
        data |= {
            f"domains-{i}-id": domain.pk,
            f"domains-{i}-version": version.pk,
            f"domains-{i}-number": domain.number,
            f"domains-{i}-title": domain_titles.get(f"d{domain.number}", domain.title),
            f"domains-{i}-description": domain.description,
        }
    return data


# --- published versions are read-only, drafts are editable ------------------------------------------


def test_active_version_page_is_read_only(client, superuser, framework_v4):
    client.force_login(superuser)
    response = client.get(_change("frameworkversion", framework_v4))
    assert response.status_code == 200
    [domains] = response.context["inline_admin_formsets"]
    assert not domains.has_change_permission
    assert not domains.has_add_permission
    assert not domains.has_delete_permission
    assert {"label", "description", "scale", "framework"} <= set(
        response.context["adminform"].readonly_fields
    )
    assert 'name="domains-0-title"' not in response.content.decode()


def test_posting_to_an_active_version_changes_nothing(client, superuser, framework_v4):
    before = list(Domain.objects.filter(version=framework_v4).values_list("title", flat=True))
    client.force_login(superuser)
    data = _version_post(framework_v4, d1="Rewritten in place") | {
        "label": "4-edited",
        "description": "Rewritten framing",
    }
    client.post(_change("frameworkversion", framework_v4), data)
    framework_v4.refresh_from_db()
    assert (framework_v4.label, framework_v4.status) == ("4", VersionStatus.ACTIVE)
    assert framework_v4.description.startswith("Why did we build these competencies?")
    assert list(Domain.objects.filter(version=framework_v4).values_list("title", flat=True)) == before


def test_domain_and_competency_of_an_active_version_refuse_changes(client, superuser, framework_v4):
    domain = Domain.objects.filter(version=framework_v4).first()
    competency = Competency.objects.of_version(framework_v4).first()
    client.force_login(superuser)
    response = client.get(_change("domain", domain))
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert client.post(_change("domain", domain), {"title": "Nope"}).status_code == 403
    assert client.post(_change("competency", competency), {"statement": "Nope"}).status_code == 403
    domain.refresh_from_db()
    competency.refresh_from_db()
    assert domain.title == "Lead with equity and authenticity"
    assert competency.statement.startswith("Recognize and disrupt")


def test_a_draft_is_editable(client, superuser, framework_v4):
    draft = services.draft_next_version(framework_v4, "5")
    client.force_login(superuser)
    response = client.get(_change("frameworkversion", draft))
    [domains] = response.context["inline_admin_formsets"]
    assert domains.has_change_permission and domains.has_add_permission
    response = client.post(
        _change("frameworkversion", draft), _version_post(draft, d2="Inspire a shared vision")
    )
    assert response.status_code == 302
    assert Domain.objects.get(version=draft, number=2).title == "Inspire a shared vision"
    assert Domain.objects.get(version=framework_v4, number=2).title == "Inspire commitment to a common vision"


def test_a_drafts_competency_is_editable(client, superuser, framework_v4):
    draft = services.draft_next_version(framework_v4, "5")
    competency = Competency.objects.by_code(draft, "2.3")
    client.force_login(superuser)
    response = client.post(
        _change("competency", competency),
        {
            "domain": competency.domain_id,
            "number": 3,
            "statement": "Cultivate and maintain a culture of belief",
        },
    )
    assert response.status_code == 302
    competency.refresh_from_db()
    assert competency.statement == "Cultivate and maintain a culture of belief"


# --- actions -----------------------------------------------------------------------------------------


def _action(client, action, *versions):
    return client.post(
        reverse("admin:competencies_frameworkversion_changelist"),
        {"action": action, "_selected_action": [v.pk for v in versions]},
    )


def test_start_next_version_action_makes_a_draft_copy(client, superuser, framework_v4):
    client.force_login(superuser)
    response = _action(client, "start_next_version", framework_v4)
    assert response.status_code == 302
    draft = FrameworkVersion.objects.get(framework=framework_v4.framework, label="5")
    assert (draft.status, draft.based_on) == (VersionStatus.DRAFT, framework_v4)
    assert Competency.objects.filter(domain__version=draft).count() == 16
    [message] = get_messages(response.wsgi_request)
    assert str(message) == f"{draft} is a new draft; edit it, then publish it."


def test_publish_action_activates_the_draft(client, superuser, framework_v4):
    draft = services.draft_next_version(framework_v4, "5")
    client.force_login(superuser)
    response = _action(client, "publish_versions", draft)
    assert response.status_code == 302
    draft.refresh_from_db()
    framework_v4.refresh_from_db()
    assert (draft.status, framework_v4.status) == (VersionStatus.ACTIVE, VersionStatus.RETIRED)
    assert framework_v4.retired_on is not None
    assert [str(m) for m in get_messages(response.wsgi_request)] == [f"{draft} is now active."]


def test_publish_action_explains_a_refusal(client, superuser, framework_v4):
    client.force_login(superuser)
    response = _action(client, "publish_versions", framework_v4)
    [message] = get_messages(response.wsgi_request)
    assert message.level_tag == "error"
    assert "Only a draft can be published" in str(message)
    framework_v4.refresh_from_db()
    assert framework_v4.status == VersionStatus.ACTIVE


# --- who may use it ----------------------------------------------------------------------------------


def test_leaders_are_kept_out(client, leader, framework_v4):
    client.force_login(leader)
    response = client.get(reverse("admin:competencies_frameworkversion_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_program_staff_hold_the_competencies_admin_grants_after_a_fresh_migrate(program_staff):
    group = Group.objects.get(name=Role.PROGRAM_STAFF.group_name)
    assert group.permissions.filter(content_type__app_label="competencies").count() == 40


# --- changelists -------------------------------------------------------------------------------------


def _grow_data():
    school_year = SchoolYearFactory()
    systems = ImplementationSystemFactory.create_batch(4)
    for _ in range(8):
        version = framework_with_content(domains=2, per_domain=4)
        services.draft_next_version(version, "next")
        competencies = list(Competency.objects.of_version(version))
        for _ in range(3):
            assessment = AssessmentFactory(version=version, person=PersonFactory(), assessor=None)
            Rating.objects.bulk_create(
                Rating(assessment=assessment, competency=c, level=2) for c in competencies
            )
    schools = SchoolFactory.create_batch(30)
    ImplementationRating.objects.bulk_create(
        ImplementationRating(
            school=s, school_year=school_year, system=system, level=1, rated_on=datetime.date.today()
        )
        for s in schools
        for system in systems
    )


@pytest.mark.parametrize("model", CHANGELISTS)
def test_changelist_query_count_does_not_grow(
    client, superuser, framework_v4, django_assert_max_num_queries, model
):
    client.force_login(superuser)
    url = reverse(f"admin:competencies_{model}_changelist")
    AssessmentFactory(version=framework_v4)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    _grow_data()
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("model", CHANGELISTS)
def test_changelists_search_and_filter(client, superuser, framework_v4, model):
    client.force_login(superuser)
    url = reverse(f"admin:competencies_{model}_changelist")
    assert client.get(url, {"q": "data"}).status_code == 200


def test_competency_changelist_filters_by_version_status(client, superuser, framework_v4):
    services.draft_next_version(framework_v4, "5")
    client.force_login(superuser)
    response = client.get(
        reverse("admin:competencies_competency_changelist"), {"domain__version__status__exact": "draft"}
    )
    assert response.context["cl"].result_count == 16
    assert {c.domain.version.label for c in response.context["cl"].result_list} == {"5"}


# --- ratings are checked against their assessment's version ------------------------------------------


def _assessment_post(assessment, competency, level):
    return {
        "person": assessment.person_id,
        "version": assessment.version_id,
        "kind": assessment.kind,
        "assessor": assessment.assessor_id,
        "assessed_on": assessment.assessed_on.isoformat(),
        "notes": "",
        "ratings-TOTAL_FORMS": 1,
        "ratings-INITIAL_FORMS": 0,
        "ratings-MIN_NUM_FORMS": 0,
        "ratings-MAX_NUM_FORMS": 1000,
        "ratings-0-competency": competency.pk,
        "ratings-0-level": level,
        "ratings-0-evidence": "",
    }


def _rating_errors(response):
    [ratings] = response.context["inline_admin_formsets"]
    return ratings.formset.errors[0]


def test_rating_inline_refuses_a_competency_of_another_version(client, superuser, framework_v4):
    assessment = AssessmentFactory(version=framework_v4)
    draft = services.draft_next_version(framework_v4, "5")
    client.force_login(superuser)
    response = client.post(
        _change("assessment", assessment),
        _assessment_post(assessment, Competency.objects.by_code(draft, "1.1"), 2),
    )
    assert response.status_code == 200
    assert _rating_errors(response)["competency"] == [f"This competency is not part of {framework_v4}."]
    assert not assessment.ratings.exists()


def test_rating_inline_refuses_an_off_scale_level(client, superuser, framework_v4):
    assessment = AssessmentFactory(version=framework_v4)
    client.force_login(superuser)
    response = client.post(
        _change("assessment", assessment),
        _assessment_post(assessment, Competency.objects.by_code(framework_v4, "1.1"), 9),
    )
    assert response.status_code == 200
    assert "Choose a level from 1 to 4" in _rating_errors(response)["level"][0]
    assert not assessment.ratings.exists()


def test_rating_inline_saves_a_good_rating(client, superuser, framework_v4):
    assessment = AssessmentFactory(version=framework_v4)
    competency = Competency.objects.by_code(framework_v4, "3.2")
    client.force_login(superuser)
    response = client.post(_change("assessment", assessment), _assessment_post(assessment, competency, 4))
    assert response.status_code == 302
    assert list(assessment.ratings.values_list("competency", "level")) == [(competency.pk, 4)]


def test_rating_inline_checks_ratings_of_a_new_assessment(client, superuser, framework_v4):
    template = AssessmentFactory.build(version=framework_v4, person=PersonFactory(), assessor=superuser)
    client.force_login(superuser)
    response = client.post(
        reverse("admin:competencies_assessment_add"),
        _assessment_post(template, Competency.objects.by_code(framework_v4, "1.1"), 9),
    )
    assert response.status_code == 200
    assert not Rating.objects.filter(level=9).exists()


def test_rating_factory_defaults_are_on_the_scale(framework_v4):
    # The factories used above make ratings the model itself accepts.
    rating = RatingFactory(
        assessment=AssessmentFactory(version=framework_v4),
        competency=Competency.objects.by_code(framework_v4, "1.1"),
    )
    rating.full_clean()
