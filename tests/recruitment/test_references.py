"""Reference checks (services.references): referees, contact attempts, answers, completing and declining,
and the pipeline's gate out of reference checks, which counts completed checks."""

import pytest
from django.core.exceptions import PermissionDenied

from leaderdev.errors import DomainError
from leaderdev.permissions import Role
from recruitment.models import REFERENCE_QUESTIONS, ContactAttempt, ReferenceStatus, Stage
from recruitment.services import pipeline
from recruitment.services import references as services
from tests.factories.recruitment import ApplicationFactory, ReferenceCheckFactory

pytestmark = pytest.mark.django_db

ALL_ANSWERS = {key: f"An answer to {key}." for key, _ in REFERENCE_QUESTIONS}


@pytest.fixture
def staff(make_user):
    return make_user(Role.RECRUITMENT_STAFF)


def completed_check(application, staff):
    reference = services.add_reference(application, referee_name="Dr. Rosa Vega", user=staff)
    services.record_answers(reference, answers=ALL_ANSWERS, user=staff)
    return services.complete(reference, user=staff)


def test_it_adds_a_referee(staff):
    application = ApplicationFactory(stage=Stage.REFERENCE_CHECKS)

    reference = services.add_reference(
        application,
        referee_name=" Dr. Rosa Vega ",
        referee_title="Network superintendent",
        relationship="Supervisor 2019-2024",
        email="rvega@district.test",
        user=staff,
    )

    reference.refresh_from_db()
    assert (reference.application, reference.referee_name, reference.status) == (
        application,
        "Dr. Rosa Vega",
        ReferenceStatus.PENDING,
    )


@pytest.mark.parametrize("stage", [Stage.HIRED, Stage.REJECTED, Stage.WITHDRAWN])
def test_a_closed_application_takes_no_referee(staff, stage):
    application = ApplicationFactory(stage=stage)
    with pytest.raises(DomainError, match="takes no new references"):
        services.add_reference(application, referee_name="Rosa Vega", user=staff)


def test_only_recruitment_staff_change_references(make_user):
    reference = ReferenceCheckFactory()
    for role in (Role.LEADER, Role.MENTOR, Role.PROGRAM_STAFF):
        with pytest.raises(PermissionDenied):
            services.log_attempt(reference, method="phone", user=make_user(role))
    assert not ContactAttempt.objects.exists()


def test_the_first_attempt_marks_the_check_as_contacting(staff):
    reference = ReferenceCheckFactory()

    attempt = services.log_attempt(reference, method="voicemail", outcome="Left a message.", user=staff)

    reference.refresh_from_db()
    assert reference.status == ReferenceStatus.IN_PROGRESS
    assert (attempt.method, attempt.outcome, attempt.by) == ("voicemail", "Left a message.", staff)


def test_an_unknown_contact_method_is_refused(staff):
    with pytest.raises(DomainError, match="not a way of contacting"):
        services.log_attempt(ReferenceCheckFactory(), method="pigeon", user=staff)


def test_answers_are_kept_by_question_and_blank_ones_dropped(staff):
    reference = ReferenceCheckFactory()

    services.record_answers(
        reference, answers={"relationship": " Her supervisor. ", "growth": "  "}, notes="Warm.", user=staff
    )

    reference.refresh_from_db()
    assert reference.answers == {"relationship": "Her supervisor."}
    assert (reference.notes, reference.checked_by, reference.status) == (
        "Warm.",
        staff,
        ReferenceStatus.IN_PROGRESS,
    )


def test_answers_to_questions_the_office_does_not_ask_are_refused(staff):
    with pytest.raises(DomainError, match="Unknown reference questions: shoe_size"):
        services.record_answers(ReferenceCheckFactory(), answers={"shoe_size": "9"}, user=staff)


def test_completing_needs_every_question_answered(staff):
    reference = ReferenceCheckFactory()
    services.record_answers(reference, answers={**ALL_ANSWERS, "rehire": ""}, user=staff)

    with pytest.raises(DomainError, match="1 still open: Would you hire"):
        services.complete(reference, user=staff)
    reference.refresh_from_db()
    assert reference.status == ReferenceStatus.IN_PROGRESS


def test_completing_closes_the_check(staff):
    reference = completed_check(ApplicationFactory(stage=Stage.REFERENCE_CHECKS), staff)

    reference.refresh_from_db()
    assert reference.status == ReferenceStatus.COMPLETED
    assert reference.completed_at is not None
    assert reference.checked_by == staff


def test_declining_needs_a_note(staff):
    reference = ReferenceCheckFactory()
    with pytest.raises(DomainError, match="Say why"):
        services.decline(reference, note="  ", user=staff)
    reference.refresh_from_db()
    assert reference.status == ReferenceStatus.PENDING


def test_declining_keeps_the_note(staff):
    reference = ReferenceCheckFactory(notes="Called twice.")

    services.decline(reference, note="Referee would not comment.", user=staff)

    reference.refresh_from_db()
    assert reference.status == ReferenceStatus.DECLINED
    assert reference.notes.startswith("Called twice.")
    assert "Referee would not comment." in reference.notes


@pytest.mark.parametrize("status", [ReferenceStatus.COMPLETED, ReferenceStatus.DECLINED])
def test_a_closed_check_does_not_change(staff, status):
    reference = ReferenceCheckFactory(status=status, answers={"growth": "Delegation."})

    with pytest.raises(DomainError, match="it is closed"):
        services.record_answers(reference, answers=ALL_ANSWERS, user=staff)
    with pytest.raises(DomainError, match="it is closed"):
        services.log_attempt(reference, method="phone", user=staff)

    reference.refresh_from_db()
    assert reference.answers == {"growth": "Delegation."}


def test_the_pipeline_passes_reference_checks_only_with_the_required_completed_checks(staff, settings):
    settings.RECRUITMENT_REQUIRED_REFERENCES = 2
    application = ApplicationFactory(stage=Stage.REFERENCE_CHECKS)
    completed_check(application, staff)
    declined = services.add_reference(application, referee_name="Sam Ruiz", user=staff)
    services.decline(declined, note="No answer after three calls.", user=staff)

    with pytest.raises(DomainError, match="needs 2 completed reference checks to pass; it has 1"):
        pipeline.move(application, Stage.FINALIST, user=staff)
    application.refresh_from_db()
    assert application.stage == Stage.REFERENCE_CHECKS

    completed_check(application, staff)
    pipeline.move(application, Stage.FINALIST, user=staff)
    application.refresh_from_db()
    assert application.stage == Stage.FINALIST
