"""The recruitment admin: cheap changelists for recruitment staff only, moves through the pipeline's rules,
new applications through the service, and the audit history."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from leaderdev.permissions import Role
from recruitment.models import (
    Application,
    Candidate,
    ReferenceStatus,
    Stage,
    StageChange,
)
from tests.factories import SchoolFactory, UserFactory
from tests.factories.recruitment import (
    ApplicationFactory,
    CandidateFactory,
    ContactAttemptFactory,
    HiringCycleFactory,
    InterviewFactory,
    OpeningFactory,
    ReferenceCheckFactory,
    ScorecardFactory,
    SourceFactory,
    StageChangeFactory,
)

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "hiringcycle",
    "opening",
    "source",
    "candidate",
    "application",
    "stagechange",
    "interview",
    "scorecard",
    "referencecheck",
]


def changelist(model):
    return reverse(f"admin:recruitment_{model}_changelist")


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def recruiter(make_user):
    return make_user(Role.RECRUITMENT_STAFF, is_staff=True)


@pytest.fixture
def staff_client(client, recruiter):
    client.force_login(recruiter)
    return client


def grow(count):
    """`count` of everything the changelists show, each with its relations."""
    cycle = HiringCycleFactory()
    for _ in range(count):
        OpeningFactory(cycle=cycle, school=SchoolFactory())
        application = ApplicationFactory(cycle=cycle, stage=Stage.REFERENCE_CHECKS, source=SourceFactory())
        StageChangeFactory(application=application, changed_by=UserFactory())
        interview = InterviewFactory(application=application, panelists=[UserFactory()])
        ScorecardFactory(interview=interview)
        reference = ReferenceCheckFactory(application=application)
        ContactAttemptFactory(reference=reference)


def test_changelist_query_counts_do_not_grow(staff_client, django_assert_max_num_queries):
    """Every changelist, at 2 and at 32 rows of everything (one set-up for all, as growing data is slow)."""
    grow(2)
    for model in CHANGELISTS:
        with django_assert_max_num_queries(14, info=model):
            assert staff_client.get(changelist(model)).status_code == 200
    grow(30)
    for model in CHANGELISTS:
        with django_assert_max_num_queries(14, info=model):
            response = staff_client.get(changelist(model))
        assert response.status_code == 200
        if model != "hiringcycle":  # one cycle: the factory gets or makes 2027-2028's
            assert response.context["cl"].result_count >= 30, model


@pytest.mark.parametrize("model", CHANGELISTS)
def test_changelists_search(staff_client, model):
    grow(1)
    assert staff_client.get(changelist(model), {"q": "a"}).status_code == 200


def test_candidates_are_found_by_email(staff_client):
    CandidateFactory(email="dana.wells@applicant.test")
    CandidateFactory(email="someone@applicant.test")
    response = staff_client.get(changelist("candidate"), {"q": "dana.wells"})
    assert response.context["cl"].result_count == 1


@pytest.mark.parametrize("role", [Role.LEADER, Role.PROGRAM_STAFF, Role.MENTOR])
@pytest.mark.parametrize("model", ["candidate", "application", "scorecard", "referencecheck"])
def test_other_roles_cannot_reach_recruitment(client, make_user, role, model):
    client.force_login(make_user(role, is_staff=True))
    assert client.get(changelist(model)).status_code == 403


def test_the_admin_index_hides_recruitment_from_program_staff(client, program_staff):
    client.force_login(program_staff)
    assert "Recruitment" not in client.get(reverse("admin:index")).content.decode()


def test_change_pages_load(staff_client):
    grow(1)
    application = Application.objects.get()
    interview = application.interviews.get()
    pages = [
        reverse("admin:recruitment_hiringcycle_change", args=[application.cycle_id]),
        reverse("admin:recruitment_candidate_change", args=[application.candidate_id]),
        reverse("admin:recruitment_application_change", args=[application.pk]),
        reverse("admin:recruitment_interview_change", args=[interview.pk]),
        reverse(
            "admin:recruitment_scorecard_change", args=[application.interviews.get().scorecards.get().pk]
        ),
        reverse("admin:recruitment_referencecheck_change", args=[application.references.get().pk]),
        reverse("admin:recruitment_application_add"),
    ]
    for page in pages:
        assert staff_client.get(page).status_code == 200, page


# --- moves ---------------------------------------------------------------------------------------------


def test_the_move_action_moves_and_records_who(staff_client, recruiter):
    application = ApplicationFactory(stage=Stage.APPLIED)
    response = staff_client.post(
        changelist("application"),
        {"action": "move_to_screened", "_selected_action": [application.pk]},
        follow=True,
    )
    application.refresh_from_db()
    assert application.stage == Stage.SCREENED
    change = StageChange.objects.get(application=application)
    assert (change.from_stage, change.to_stage, change.changed_by) == (
        Stage.APPLIED,
        Stage.SCREENED,
        recruiter,
    )
    assert "Moved 1 to screened." in texts(response)


def test_the_move_action_refuses_what_the_rules_refuse(staff_client):
    application = ApplicationFactory(stage=Stage.REFERENCE_CHECKS)
    ReferenceCheckFactory(application=application, status=ReferenceStatus.COMPLETED)
    response = staff_client.post(
        changelist("application"),
        {"action": "move_to_finalist", "_selected_action": [application.pk]},
        follow=True,
    )
    application.refresh_from_db()
    assert application.stage == Stage.REFERENCE_CHECKS
    assert not StageChange.objects.exists()
    assert any("needs 2 completed reference checks" in text for text in texts(response))


def test_there_is_no_action_to_hire_reject_or_withdraw(staff_client):
    ApplicationFactory()
    actions = staff_client.get(changelist("application")).context["action_form"].fields["action"].choices
    names = {name for name, _ in actions}
    assert "move_to_screened" in names
    assert not names & {"move_to_hired", "move_to_rejected", "move_to_withdrawn"}


def test_the_stage_cannot_be_edited_by_hand(staff_client):
    application = ApplicationFactory(stage=Stage.APPLIED)
    form = (
        staff_client.get(reverse("admin:recruitment_application_change", args=[application.pk]))
        .context["adminform"]
        .form
    )
    assert "stage" not in form.fields


def test_adding_an_application_records_its_first_move(staff_client, recruiter):
    cycle = HiringCycleFactory()
    candidate = CandidateFactory()
    source = SourceFactory()
    response = staff_client.post(
        reverse("admin:recruitment_application_add"),
        {
            "cycle": cycle.pk,
            "candidate": candidate.pk,
            "role": "principal",
            "source": source.pk,
            "school_level": "",
            "opening": "",
            "stage_changes-TOTAL_FORMS": 0,
            "stage_changes-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    application = Application.objects.get()
    assert application.stage == Stage.APPLIED
    change = StageChange.objects.get(application=application)
    assert (change.to_stage, change.changed_by) == (Stage.APPLIED, recruiter)


# --- history -------------------------------------------------------------------------------------------


def test_the_history_shows_a_change(staff_client):
    candidate = CandidateFactory(current_role="Teacher")
    candidate.current_role = "Assistant principal at the Hurley K-8"
    candidate.save()
    response = staff_client.get(reverse("admin:recruitment_candidate_history", args=[candidate.pk]))
    assert response.status_code == 200
    records = response.context["page_obj"].object_list
    assert [record.current_role for record in records] == ["Assistant principal at the Hurley K-8", "Teacher"]


def test_the_history_of_an_application_shows_its_moves(staff_client):
    application = ApplicationFactory(stage=Stage.APPLIED)
    staff_client.post(
        changelist("application"), {"action": "move_to_screened", "_selected_action": [application.pk]}
    )
    response = staff_client.get(reverse("admin:recruitment_application_history", args=[application.pk]))
    records = response.context["page_obj"].object_list
    assert [record.stage for record in records][:2] == [Stage.SCREENED, Stage.APPLIED]


@pytest.mark.parametrize("model", ["interview", "scorecard", "referencecheck"])
def test_audited_records_have_a_history_page(staff_client, model):
    grow(1)
    obj = {
        "interview": lambda: Application.objects.get().interviews.get(),
        "scorecard": lambda: Application.objects.get().interviews.get().scorecards.get(),
        "referencecheck": lambda: Application.objects.get().references.get(),
    }[model]()
    assert staff_client.get(reverse(f"admin:recruitment_{model}_history", args=[obj.pk])).status_code == 200


def test_a_leader_cannot_read_a_candidates_history(client, make_user):
    candidate = CandidateFactory()
    client.force_login(make_user(Role.LEADER, is_staff=True))
    response = client.get(reverse("admin:recruitment_candidate_history", args=[candidate.pk]))
    assert response.status_code == 403
    assert Candidate.objects.filter(pk=candidate.pk).exists()
