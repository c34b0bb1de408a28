"""Milestones: the fellow marks one complete with a note (or undoes it before sign-off); the host or staff
sign a completed one off, or reopen it. Each action is its own POST view with its own permission check."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from fellowships.models import FellowStatus
from leaderdev.permissions import Role
from tests.factories.fellowships import MilestoneFactory

from .plan_helpers import make_plan, text, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(school_year):
    return make_plan()


@pytest.fixture
def milestone(plan):
    return MilestoneFactory(residency=plan.residency, title="Lead a data cycle", due_on=today())


@pytest.fixture
def completed(plan):
    return MilestoneFactory(
        residency=plan.residency,
        title="Entry plan",
        due_on=today(),
        completed_on=today(),
        evidence_note="Presented it to the ILT.",
    )


def url(name, milestone):
    return reverse(f"fellowships:milestone_{name}", args=[milestone.pk])


def done_data(milestone, **overrides):
    prefix = f"milestone-{milestone.pk}"
    data = {f"{prefix}-completed_on": today().isoformat(), f"{prefix}-evidence_note": " Ran two cycles. "}
    data.update({f"{prefix}-{key}": value for key, value in overrides.items()})
    return data


# --- Completing -----------------------------------------------------------------------------------------


def test_the_fellow_marks_a_milestone_complete_with_a_note(client, plan, milestone):
    client.force_login(plan.fellow_user)
    response = client.post(url("complete", milestone), done_data(milestone))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#milestone-{milestone.pk}")
    milestone.refresh_from_db()
    assert milestone.completed_on == today()
    assert milestone.evidence_note == "Ran two cycles."
    assert milestone.signed_off_at is None


def test_completing_says_the_host_can_sign_off(client, plan, milestone):
    client.force_login(plan.fellow_user)
    response = client.post(url("complete", milestone), done_data(milestone), follow=True)
    assert "“Lead a data cycle” is marked complete; your host can sign it off." in text(
        response.content.decode()
    )


def test_a_note_is_required(client, plan, milestone):
    client.force_login(plan.fellow_user)
    response = client.post(url("complete", milestone), done_data(milestone, evidence_note=""), follow=True)
    assert "is not marked complete" in text(response.content.decode())
    milestone.refresh_from_db()
    assert milestone.completed_on is None


def test_a_future_completion_date_is_refused(client, plan, milestone):
    tomorrow = today() + datetime.timedelta(days=1)
    client.force_login(plan.fellow_user)
    response = client.post(
        url("complete", milestone), done_data(milestone, completed_on=tomorrow.isoformat()), follow=True
    )
    assert "cannot be completed in the future" in text(response.content.decode())
    milestone.refresh_from_db()
    assert milestone.completed_on is None


def test_a_signed_off_milestone_cannot_be_completed_again(client, plan, completed):
    completed.signed_off_at = timezone.now()
    completed.save()
    client.force_login(plan.fellow_user)
    response = client.post(
        url("complete", completed), done_data(completed, evidence_note="Changed"), follow=True
    )
    assert "ask your host to reopen it" in text(response.content.decode())
    completed.refresh_from_db()
    assert completed.evidence_note == "Presented it to the ILT."


def test_a_withdrawn_fellow_cannot_complete(client, plan, milestone):
    plan.fellow.status = FellowStatus.WITHDRAWN
    plan.fellow.save()
    client.force_login(plan.fellow_user)
    response = client.post(url("complete", milestone), done_data(milestone), follow=True)
    assert "can no longer change" in text(response.content.decode())
    milestone.refresh_from_db()
    assert milestone.completed_on is None


def test_the_host_cannot_complete_a_milestone(client, plan, milestone):
    client.force_login(plan.host_user)
    assert client.post(url("complete", milestone), done_data(milestone)).status_code == 403
    milestone.refresh_from_db()
    assert milestone.completed_on is None


def test_another_fellow_gets_404(client, plan, milestone):
    other = make_plan(plan.cohort, fellow_name=("Jonah", "Berg"), host_name=("Ines", "Duarte"))
    client.force_login(other.fellow_user)
    assert client.post(url("complete", milestone), done_data(milestone)).status_code == 404


def test_complete_rejects_get(client, plan, milestone):
    client.force_login(plan.fellow_user)
    assert client.get(url("complete", milestone)).status_code == 405


def test_complete_sends_anonymous_to_log_in(client, milestone):
    assert client.post(url("complete", milestone))["Location"].startswith(reverse("login"))


def test_complete_needs_a_fellowship_role(client, milestone, make_user):
    client.force_login(make_user(Role.RECRUITMENT_STAFF))
    assert client.post(url("complete", milestone)).status_code == 403


# --- Undoing ----------------------------------------------------------------------------------------------


def test_the_fellow_undoes_complete(client, plan, completed):
    client.force_login(plan.fellow_user)
    assert client.post(url("undo", completed)).status_code == 302
    completed.refresh_from_db()
    assert completed.completed_on is None


def test_a_signed_off_milestone_cannot_be_undone(client, plan, completed):
    completed.signed_off_at = timezone.now()
    completed.save()
    client.force_login(plan.fellow_user)
    client.post(url("undo", completed))
    completed.refresh_from_db()
    assert completed.completed_on == today()


def test_the_host_cannot_undo(client, plan, completed):
    client.force_login(plan.host_user)
    assert client.post(url("undo", completed)).status_code == 403
    completed.refresh_from_db()
    assert completed.completed_on == today()


def test_undo_rejects_get(client, plan, completed):
    client.force_login(plan.fellow_user)
    assert client.get(url("undo", completed)).status_code == 405


# --- Signing off and reopening ----------------------------------------------------------------------------


def test_the_host_signs_off_a_completed_milestone(client, plan, completed):
    client.force_login(plan.host_user)
    response = client.post(url("sign_off", completed), follow=True)
    assert "“Entry plan” is signed off." in text(response.content.decode())
    completed.refresh_from_db()
    assert completed.signed_off_at is not None
    assert completed.signed_off_by == plan.host_user


def test_staff_sign_off_a_completed_milestone(client, plan, completed, program_staff):
    client.force_login(program_staff)
    client.post(url("sign_off", completed))
    completed.refresh_from_db()
    assert completed.signed_off_by == program_staff


def test_an_unfinished_milestone_cannot_be_signed_off(client, plan, milestone):
    client.force_login(plan.host_user)
    response = client.post(url("sign_off", milestone), follow=True)
    assert "has not marked this milestone complete yet" in text(response.content.decode())
    milestone.refresh_from_db()
    assert milestone.signed_off_at is None


def test_the_fellow_cannot_sign_off(client, plan, completed):
    client.force_login(plan.fellow_user)
    assert client.post(url("sign_off", completed)).status_code == 403
    completed.refresh_from_db()
    assert completed.signed_off_at is None


def test_another_host_cannot_sign_off(client, plan, completed):
    other = make_plan(plan.cohort, fellow_name=("Jonah", "Berg"), host_name=("Ines", "Duarte"))
    client.force_login(other.host_user)
    assert client.post(url("sign_off", completed)).status_code == 404
    completed.refresh_from_db()
    assert completed.signed_off_at is None


def test_sign_off_rejects_get(client, plan, completed):
    client.force_login(plan.host_user)
    assert client.get(url("sign_off", completed)).status_code == 405


def test_the_host_reopens_a_signed_off_milestone(client, plan, completed):
    completed.signed_off_at, completed.signed_off_by = timezone.now(), plan.host_user
    completed.save()
    client.force_login(plan.host_user)
    assert client.post(url("reopen", completed)).status_code == 302
    completed.refresh_from_db()
    assert (completed.signed_off_at, completed.signed_off_by) == (None, None)
    assert completed.completed_on == today()


def test_the_fellow_cannot_reopen(client, plan, completed):
    completed.signed_off_at = timezone.now()
    completed.save()
    client.force_login(plan.fellow_user)
    assert client.post(url("reopen", completed)).status_code == 403
    completed.refresh_from_db()
    assert completed.signed_off_at is not None


def test_reopen_rejects_get(client, plan, completed):
    client.force_login(plan.host_user)
    assert client.get(url("reopen", completed)).status_code == 405


def test_reopen_sends_anonymous_to_log_in(client, completed):
    assert client.post(url("reopen", completed))["Location"].startswith(reverse("login"))
