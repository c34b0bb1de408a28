"""The fellowship admin: every changelist and change page opens for program staff and superusers in a
fixed number of queries; statuses are read-only and move only through the selection service."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from competencies.models import Competency
from fellowships.models import (
    ApplicationStatus,
    ApplicationStatusChange,
    Cohort,
    CohortMilestone,
    Endorsement,
    Fellow,
    FellowshipApplication,
    Host,
    HostPreference,
    HoursEntry,
    Milestone,
    PlacementProposal,
    Recommendation,
    Reflection,
    Residency,
)
from fellowships.services import placement
from leaderdev.permissions import Role
from tests.factories import SchoolYearFactory
from tests.factories.fellowships import (
    CohortFactory,
    CohortMilestoneFactory,
    FellowFactory,
    FellowshipApplicationFactory,
    HostFactory,
    HostPreferenceFactory,
    HoursEntryFactory,
    MilestoneFactory,
    RecommendationFactory,
    ReflectionFactory,
    ResidencyFactory,
)

pytestmark = pytest.mark.django_db

MODELS = {
    "cohort": Cohort,
    "cohortmilestone": CohortMilestone,
    "fellowshipapplication": FellowshipApplication,
    "applicationstatuschange": ApplicationStatusChange,
    "recommendation": Recommendation,
    "fellow": Fellow,
    "host": Host,
    "hostpreference": HostPreference,
    "placementproposal": PlacementProposal,
    "residency": Residency,
    "milestone": Milestone,
    "hoursentry": HoursEntry,
    "reflection": Reflection,
}


def changelist(model):
    return reverse(f"admin:fellowships_{model}_changelist")


def change(model, pk):
    return reverse(f"admin:fellowships_{model}_change", args=[pk])


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def cohort(school_year):
    return CohortFactory(school_year=school_year, places=3)


@pytest.fixture
def staff_client(client, program_staff):
    client.force_login(program_staff)
    return client


def another_cohort():
    year = 2030 + Cohort.objects.count()
    school_year = SchoolYearFactory(
        name=f"{year}-{year + 1}",
        start_date=datetime.date(year, 8, 25),
        end_date=datetime.date(year + 1, 6, 30),
        is_current=False,
    )
    return CohortFactory(
        school_year=school_year,
        applications_open_on=datetime.date(year, 1, 5),
        applications_close_on=datetime.date(year, 3, 31),
        residency_starts_on=datetime.date(year, 9, 1),
        residency_ends_on=datetime.date(year + 1, 6, 18),
    )


def grow(cohort, count):
    """`count` of every fellowship record, each with its relations, and a set of placement proposals."""
    competencies = list(Competency.objects.all()[:2])
    for _ in range(count):
        another_cohort()
        CohortMilestoneFactory(cohort=cohort)
        application = FellowshipApplicationFactory(cohort=cohort, status=ApplicationStatus.SCREENING)
        ApplicationStatusChange.objects.create(application=application, to_status=ApplicationStatus.SUBMITTED)
        RecommendationFactory(application=application)
        residency = ResidencyFactory(
            fellow=FellowFactory(application__cohort=cohort, growth_areas=competencies)
        )
        HostPreferenceFactory(fellow=residency.fellow, host=residency.host)
        MilestoneFactory(residency=residency)
        HoursEntryFactory(residency=residency)
        ReflectionFactory(residency=residency)
        FellowFactory(application__cohort=cohort)  # unplaced, for the proposals
        HostFactory(cohort=cohort, capacity=1, strengths=competencies)
    placement.propose_placements(cohort)


# --- Every page opens ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["program_staff", "superuser"])
def test_every_changelist_and_change_page_opens(client, cohort, who, request):
    grow(cohort, 1)
    client.force_login(request.getfixturevalue(who))
    for name, model in MODELS.items():
        assert client.get(changelist(name)).status_code == 200, name
        obj = model.objects.first()
        assert obj is not None, name
        assert client.get(change(name, obj.pk)).status_code == 200, name


@pytest.mark.parametrize("name", list(MODELS))
def test_changelists_search(staff_client, cohort, name):
    grow(cohort, 1)
    assert staff_client.get(changelist(name), {"q": "a"}).status_code == 200


def test_changelist_query_counts_do_not_grow(staff_client, cohort, django_assert_max_num_queries):
    """Every changelist at 2 and 12 rows of everything (one set-up for all: growing data is slow)."""
    grow(cohort, 2)
    for name in MODELS:
        with django_assert_max_num_queries(14, info=name):
            assert staff_client.get(changelist(name)).status_code == 200, name
    grow(cohort, 10)
    for name in MODELS:
        with django_assert_max_num_queries(14, info=name):
            response = staff_client.get(changelist(name))
        assert response.status_code == 200, name
        assert response.context["cl"].result_count >= 10, name


@pytest.mark.parametrize("role", [Role.LEADER, Role.MENTOR])
def test_leaders_and_mentors_are_kept_out(client, make_user, role):
    client.force_login(make_user(role))
    response = client.get(changelist("fellowshipapplication"))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_staff_of_another_role_cannot_open_the_fellowship(client, make_user):
    client.force_login(make_user(Role.RECRUITMENT_STAFF, is_staff=True))
    assert client.get(changelist("fellowshipapplication")).status_code == 403


# --- Applications ------------------------------------------------------------------------------------------


def test_applications_are_not_added_in_the_admin(staff_client):
    assert staff_client.get(reverse("admin:fellowships_fellowshipapplication_add")).status_code == 403


def application_post(application, **changes):
    data = {
        "supervisor": application.supervisor_id,
        "screening_score": "",
        "status": "selected",
        "decision_reason": "typed",
    }
    for prefix in ("recommendation", "status_changes"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data | changes


def test_the_status_cannot_be_typed_in_the_change_form(staff_client, cohort):
    application = FellowshipApplicationFactory(cohort=cohort)
    response = staff_client.post(
        change("fellowshipapplication", application.pk), application_post(application, screening_score="77")
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.decision_reason) == (ApplicationStatus.SUBMITTED, "")
    assert application.screening_score == 77
    assert not Fellow.objects.exists()


def test_the_move_action_moves_through_the_service(staff_client, program_staff, cohort):
    submitted = FellowshipApplicationFactory(cohort=cohort)
    interview = FellowshipApplicationFactory(cohort=cohort, status=ApplicationStatus.INTERVIEW)
    response = staff_client.post(
        changelist("fellowshipapplication"),
        {"action": "move_to_screening", "_selected_action": [submitted.pk, interview.pk]},
    )
    submitted.refresh_from_db()
    interview.refresh_from_db()
    assert (submitted.status, interview.status) == (ApplicationStatus.SCREENING, ApplicationStatus.INTERVIEW)
    assert submitted.status_changes.get().changed_by == program_staff
    messages = texts(response)
    assert any(m.startswith("Moved to screening") for m in messages)
    assert any("can move only to" in m for m in messages)


def test_the_select_action_respects_the_places(staff_client, cohort):
    FellowFactory(application__cohort=cohort)
    best, good, third = (
        FellowshipApplicationFactory(cohort=cohort, status=ApplicationStatus.INTERVIEW, screening_score=score)
        for score in (90, 80, 70)
    )
    response = staff_client.post(
        changelist("fellowshipapplication"),
        {"action": "move_to_selected", "_selected_action": [third.pk, good.pk, best.pk]},
    )
    statuses = {
        a.pk: a.status for a in FellowshipApplication.objects.filter(pk__in=[best.pk, good.pk, third.pk])
    }
    assert statuses == {
        best.pk: "selected",
        good.pk: "selected",
        third.pk: "interview",
    }  # the best scores first
    assert Fellow.objects.filter(cohort=cohort).count() == 3
    assert any("places" in m and "are taken" in m for m in texts(response))


def test_the_history_and_recommendation_are_read_only_on_the_application(staff_client, cohort):
    application = FellowshipApplicationFactory(cohort=cohort)
    RecommendationFactory(application=application)
    ApplicationStatusChange.objects.create(application=application, to_status=ApplicationStatus.SUBMITTED)
    response = staff_client.get(change("fellowshipapplication", application.pk))
    formsets = {f.formset.prefix: f for f in response.context["inline_admin_formsets"]}
    assert set(formsets) == {"recommendation", "status_changes"}
    for inline in formsets.values():
        assert not inline.has_add_permission and not inline.has_change_permission
    assert 'name="status"' not in response.content.decode()


# --- Recommendations ---------------------------------------------------------------------------------------


def test_a_recommendation_added_in_the_admin_goes_through_the_service(staff_client, program_staff, cohort):
    application = FellowshipApplicationFactory(cohort=cohort)
    response = staff_client.post(
        reverse("admin:fellowships_recommendation_add"),
        {"application": application.pk, "endorsement": Endorsement.RECOMMEND, "text": "Read over the phone."},
    )
    assert response.status_code == 302
    recommendation = Recommendation.objects.get(application=application)
    assert (recommendation.endorsement, recommendation.written_by) == (Endorsement.RECOMMEND, program_staff)


def test_a_decided_applications_recommendation_cannot_change(staff_client, cohort):
    recommendation = RecommendationFactory(
        application=FellowshipApplicationFactory(cohort=cohort, status=ApplicationStatus.NOT_SELECTED),
        text="As sent.",
    )
    response = staff_client.post(
        change("recommendation", recommendation.pk), {"endorsement": Endorsement.DO_NOT, "text": "Changed."}
    )
    assert response.status_code == 200
    assert "can no longer change" in response.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.text == "As sent."


# --- Fellows, residencies, hours ----------------------------------------------------------------------------


def test_fellows_and_residencies_are_not_added_in_the_admin(staff_client):
    assert staff_client.get(reverse("admin:fellowships_fellow_add")).status_code == 403
    assert staff_client.get(reverse("admin:fellowships_residency_add")).status_code == 403


def test_a_fellows_status_readiness_and_public_choices_are_read_only(staff_client, cohort):
    fellow = FellowFactory(application__cohort=cohort)
    competency = Competency.objects.first()
    data = {
        "growth_areas": [competency.pk],
        "languages": ["es"],
        "status": "completed",
        "readiness": "ready",
        "public_opt_in": "on",
        "bio": "Typed by staff.",
        "host_preferences-TOTAL_FORMS": 0,
        "host_preferences-INITIAL_FORMS": 0,
    }
    response = staff_client.post(change("fellow", fellow.pk), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    fellow.refresh_from_db()
    assert (fellow.status, fellow.readiness, fellow.public_opt_in, fellow.bio) == ("active", "", False, "")
    assert fellow.languages == ["es"] and list(fellow.growth_areas.all()) == [competency]


def test_the_residency_page_shows_milestones_hours_and_reflections(staff_client, cohort):
    residency = ResidencyFactory(fellow=FellowFactory(application__cohort=cohort))
    MilestoneFactory(residency=residency)
    HoursEntryFactory(residency=residency)
    ReflectionFactory(residency=residency)
    response = staff_client.get(change("residency", residency.pk))
    prefixes = {f.formset.prefix for f in response.context["inline_admin_formsets"]}
    assert prefixes == {"milestones", "hours", "reflections"}


def test_the_hours_actions_sign_off_and_reopen(staff_client, program_staff, cohort):
    residency = ResidencyFactory(fellow=FellowFactory(application__cohort=cohort))
    entry = HoursEntryFactory(residency=residency)
    staff_client.post(changelist("hoursentry"), {"action": "sign_off", "_selected_action": [entry.pk]})
    entry.refresh_from_db()
    assert entry.signed_off_by == program_staff and entry.signed_off_at is not None
    staff_client.post(changelist("hoursentry"), {"action": "reopen", "_selected_action": [entry.pk]})
    entry.refresh_from_db()
    assert entry.signed_off_at is None


def test_an_unfinished_milestone_is_not_signed_off(staff_client, cohort):
    milestone = MilestoneFactory(residency=ResidencyFactory(fellow=FellowFactory(application__cohort=cohort)))
    response = staff_client.post(
        changelist("milestone"), {"action": "sign_off", "_selected_action": [milestone.pk]}
    )
    assert any("not marked this milestone complete" in m for m in texts(response))
    milestone.refresh_from_db()
    assert milestone.signed_off_at is None


def test_a_cohort_added_in_the_admin_keeps_its_milestones(staff_client, school_year):
    data = {
        "school_year": school_year.pk,
        "name": "Aspiring Principal Fellowship 2026-2027",
        "slug": "2026-2027",
        "places": 8,
        "applications_open_on": "2026-01-05",
        "applications_close_on": "2026-03-31",
        "residency_starts_on": "2026-09-01",
        "residency_ends_on": "2027-06-18",
        "required_hours": 500,
        "public_intro": "",
        "milestones-TOTAL_FORMS": 1,
        "milestones-INITIAL_FORMS": 0,
        "milestones-0-title": "Lead a data cycle",
        "milestones-0-due_on": "2026-12-18",
        "milestones-0-description": "",
    }
    response = staff_client.post(reverse("admin:fellowships_cohort_add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    cohort = Cohort.objects.get(slug="2026-2027")
    assert list(cohort.milestones.values_list("title", flat=True)) == ["Lead a data cycle"]
