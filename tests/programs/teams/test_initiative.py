"""The pages that start and edit the initiative, add and adjust its steps, move their status and add notes."""

import datetime

import pytest
from django.urls import reverse

from leaderdev.models import LeadershipTier, Position
from leaderdev.permissions import Role
from programs.models import ActionStep, Initiative, MonitoringKind, MonitoringNote, StepStatus, TeamKind
from tests.factories import PersonFactory, SchoolFactory
from tests.factories.teams import (
    ActionStepFactory,
    InitiativeFactory,
    SchoolTeamFactory,
    TeamMembershipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return SchoolFactory()


@pytest.fixture
def principal(make_user, school):
    user = make_user(Role.LEADER)
    PersonFactory(user=user, school=school, position=Position.PRINCIPAL)
    return user


@pytest.fixture
def initiative(school, school_year):
    return InitiativeFactory(team=SchoolTeamFactory(school=school), school_year=school_year)


def test_it_starts_the_years_initiative(client, principal, school, school_year):
    client.force_login(principal)

    response = client.post(
        f"{reverse('programs:initiative_edit', args=[school.pk])}?year={school_year.pk}",
        {
            "team": TeamKind.PIPELINE,
            "title": "Looking at student work",
            "focus": "Why",
            "success_measure": "",
        },
    )

    assert response.status_code == 302
    initiative = Initiative.objects.get()
    assert (initiative.team.school, initiative.team.kind, initiative.school_year) == (
        school,
        TeamKind.PIPELINE,
        school_year,
    )
    assert initiative.title == "Looking at student work"


def test_it_edits_the_initiative(client, principal, school, initiative):
    client.force_login(principal)

    response = client.post(
        reverse("programs:initiative_edit", args=[school.pk]),
        {"title": "Student work, weekly", "focus": "", "success_measure": "Every team, every week"},
    )

    assert response.status_code == 302
    initiative.refresh_from_db()
    assert (initiative.title, initiative.success_measure) == (
        "Student work, weekly",
        "Every team, every week",
    )
    assert Initiative.objects.count() == 1


def test_it_adds_a_step(client, principal, school, initiative):
    owner = PersonFactory(school=school)
    client.force_login(principal)

    response = client.post(
        reverse("programs:step_add", args=[initiative.pk]),
        {
            "tier": LeadershipTier.LEAD_LEARNER,
            "description": "Pilot the protocol",
            "owner": owner.pk,
            "due_date": "2027-01-29",
        },
    )

    assert response.status_code == 302
    step = ActionStep.objects.get()
    assert (step.tier, step.owner, step.due_date) == (
        LeadershipTier.LEAD_LEARNER,
        owner,
        datetime.date(2027, 1, 29),
    )


def test_it_adjusts_a_step_and_writes_the_note(client, principal, initiative):
    step = ActionStepFactory(initiative=initiative, description="Pilot", due_date=datetime.date(2026, 12, 18))
    client.force_login(principal)

    response = client.post(
        reverse("programs:step_adjust", args=[step.pk]),
        {
            "description": "Pilot",
            "tier": step.tier,
            "owner": "",
            "due_date": "2027-01-29",
            "reason": "Winter break came early.",
        },
    )

    assert response.status_code == 302
    step.refresh_from_db()
    assert step.due_date == datetime.date(2027, 1, 29)
    note = MonitoringNote.objects.get()
    assert note.kind == MonitoringKind.ADJUSTMENT
    assert note.author == principal
    assert "Winter break came early." in note.text


def test_it_requires_a_reason_to_adjust(client, principal, initiative):
    step = ActionStepFactory(initiative=initiative, description="Pilot")
    client.force_login(principal)

    response = client.post(
        reverse("programs:step_adjust", args=[step.pk]),
        {"description": "Pilot twice", "tier": step.tier, "owner": "", "due_date": "", "reason": ""},
    )

    assert response.status_code == 200
    step.refresh_from_db()
    assert step.description == "Pilot"


def test_dropping_a_step_without_a_note_is_a_form_error(client, principal, initiative):
    step = ActionStepFactory(initiative=initiative)
    client.force_login(principal)

    response = client.post(reverse("programs:step_status", args=[step.pk]), {"status": StepStatus.DROPPED})

    assert response.status_code == 200
    assert "Say why the step is dropped" in response.content.decode()
    step.refresh_from_db()
    assert step.status == StepStatus.NOT_STARTED


def test_a_team_member_adds_a_monitoring_note(client, make_user, initiative):
    user = make_user(Role.LEADER)
    TeamMembershipFactory(team=initiative.team, person__user=user, person__position=Position.TEACHER_LEADER)
    step = ActionStepFactory(initiative=initiative)
    client.force_login(user)

    response = client.post(
        reverse("programs:note_add", args=[initiative.pk]), {"text": "Two teams used it.", "step": step.pk}
    )

    assert response.status_code == 302
    note = MonitoringNote.objects.get()
    assert (note.text, note.step, note.author, note.kind) == (
        "Two teams used it.",
        step,
        user,
        MonitoringKind.OBSERVATION,
    )


def test_a_team_member_may_not_add_steps(client, make_user, initiative):
    user = make_user(Role.LEADER)
    TeamMembershipFactory(team=initiative.team, person__user=user, person__position=Position.TEACHER_LEADER)
    client.force_login(user)

    response = client.post(
        reverse("programs:step_add", args=[initiative.pk]),
        {"tier": LeadershipTier.LEAD_LEARNER, "description": "Mine"},
    )

    assert response.status_code == 403
    assert not ActionStep.objects.exists()


def test_it_hides_another_schools_initiative(client, principal, school_year):
    other = InitiativeFactory(school_year=school_year)
    step = ActionStepFactory(initiative=other)
    client.force_login(principal)
    assert client.get(reverse("programs:step_add", args=[other.pk])).status_code == 404
    assert client.get(reverse("programs:note_add", args=[other.pk])).status_code == 404
    assert client.get(reverse("programs:step_status", args=[step.pk])).status_code == 404
    assert client.get(reverse("programs:step_adjust", args=[step.pk])).status_code == 404
    assert client.get(reverse("programs:initiative_edit", args=[other.team.school.pk])).status_code == 404


def test_it_refuses_a_role_without_access(client, make_user, initiative):
    client.force_login(make_user(Role.RECRUITMENT_STAFF))
    assert client.get(reverse("programs:note_add", args=[initiative.pk])).status_code == 403


def test_it_sends_anonymous_users_to_log_in(client, initiative):
    assert client.get(reverse("programs:step_add", args=[initiative.pk])).status_code == 302


def test_it_rejects_delete(client, principal, initiative):
    client.force_login(principal)
    assert client.delete(reverse("programs:note_add", args=[initiative.pk])).status_code == 405
