"""The admin of school teams: every model's changelist and add page open for program staff, the big
changelists cost the same at two sizes, and a done step needs its completion date."""

import pytest
from django.urls import reverse

from programs.models import ActionStep, StepStatus
from tests.factories.teams import (
    ActionStepFactory,
    CheckInFactory,
    CoachingSessionFactory,
    GoalActionFactory,
    MonitoringNoteFactory,
    SpotlightFactory,
    TeamMembershipFactory,
)

pytestmark = pytest.mark.django_db

MODELS = [
    "schoolteam",
    "teammembership",
    "initiative",
    "actionstep",
    "monitoringnote",
    "calltoactionplan",
    "strategicgoal",
    "goaltarget",
    "goalaction",
    "checkin",
    "coachingsession",
    "spotlight",
]


@pytest.fixture
def staff_client(client, program_staff):
    client.force_login(program_staff)
    return client


def _rows(school_year):
    step = ActionStepFactory(initiative__school_year=school_year)
    TeamMembershipFactory(team=step.initiative.team)
    MonitoringNoteFactory(initiative=step.initiative, step=step)
    GoalActionFactory(goal__plan__school_year=school_year)
    CheckInFactory(target__goal__plan__school_year=school_year)
    CoachingSessionFactory(team=step.initiative.team).action_steps.add(step)
    SpotlightFactory(initiative=step.initiative, school=step.initiative.team.school)


@pytest.mark.parametrize("model", MODELS)
def test_each_page_opens(staff_client, school_year, model):
    _rows(school_year)
    assert staff_client.get(reverse(f"admin:programs_{model}_changelist")).status_code == 200
    assert staff_client.get(reverse(f"admin:programs_{model}_add")).status_code == 200


@pytest.mark.parametrize(
    "model", ["teammembership", "actionstep", "coachingsession", "checkin", "initiative"]
)
def test_big_changelists_cost_the_same_at_two_sizes(
    staff_client, school_year, model, django_assert_max_num_queries
):
    _rows(school_year)
    url = reverse(f"admin:programs_{model}_changelist")
    with django_assert_max_num_queries(30) as small:
        assert staff_client.get(url).status_code == 200
    for _ in range(4):
        _rows(school_year)
    with django_assert_max_num_queries(len(small)):
        assert staff_client.get(url).status_code == 200


def test_a_done_step_needs_its_completion_date(staff_client, school_year):
    step = ActionStepFactory(initiative__school_year=school_year)
    response = staff_client.post(
        reverse("admin:programs_actionstep_change", args=[step.pk]),
        {
            "initiative": step.initiative.pk,
            "tier": step.tier,
            "description": step.description,
            "status": StepStatus.DONE,
            "completed_on": "",
            "order": 0,
        },
    )
    assert response.status_code == 200
    assert "A done step needs the date it was completed." in str(response.context["adminform"].form.errors)
    assert ActionStep.objects.get(pk=step.pk).status == StepStatus.NOT_STARTED
