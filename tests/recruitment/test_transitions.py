"""The pipeline's state machine: every allowed move works and records who, when and why; every other
move is refused with a clear message and changes nothing."""

import pytest

from leaderdev.errors import DomainError
from recruitment.models import STAGE_TRANSITIONS, ReferenceStatus, Stage, StageChange
from recruitment.services import pipeline
from tests.factories.recruitment import ApplicationFactory, ReferenceCheckFactory

pytestmark = pytest.mark.django_db

ALLOWED = sorted((a, b) for a, targets in STAGE_TRANSITIONS.items() for b in targets if b != Stage.HIRED)
REFUSED = sorted(
    (a, b) for a in Stage.values for b in Stage.values if b not in STAGE_TRANSITIONS[a] and a != b
)


def _ready(application):
    """Give an application at reference checks the completed references it needs to pass."""
    for _ in range(2):
        ReferenceCheckFactory(application=application, status=ReferenceStatus.COMPLETED)


@pytest.mark.parametrize(("from_stage", "to_stage"), ALLOWED)
def test_every_allowed_move_works_and_is_recorded(from_stage, to_stage, make_user):
    user = make_user()
    application = ApplicationFactory(stage=from_stage)
    if from_stage == Stage.REFERENCE_CHECKS:
        _ready(application)

    pipeline.move(application, to_stage, user=user, reason="Panel agreed.")

    application.refresh_from_db()
    assert application.stage == to_stage
    change = StageChange.objects.get(application=application)
    assert (change.from_stage, change.to_stage, change.changed_by, change.reason) == (
        from_stage,
        to_stage,
        user,
        "Panel agreed.",
    )


@pytest.mark.parametrize(("from_stage", "to_stage"), REFUSED)
def test_every_other_move_is_refused_and_changes_nothing(from_stage, to_stage):
    application = ApplicationFactory(stage=from_stage)

    with pytest.raises(DomainError, match=r"can move only to|use Hire"):
        pipeline.move(application, to_stage, reason="Because.")

    application.refresh_from_db()
    assert application.stage == from_stage
    assert not StageChange.objects.exists()


def test_hired_is_reached_only_through_hire():
    application = ApplicationFactory(stage=Stage.IN_POOL)
    with pytest.raises(DomainError, match="use Hire"):
        pipeline.move(application, Stage.HIRED)


@pytest.mark.parametrize("to_stage", [Stage.REJECTED, Stage.WITHDRAWN])
def test_rejecting_or_withdrawing_needs_a_reason(to_stage):
    application = ApplicationFactory(stage=Stage.SCREENED)
    with pytest.raises(DomainError, match="Say why"):
        pipeline.move(application, to_stage, reason="  ")


def test_the_reason_for_closing_is_kept_and_cleared_on_reopening():
    application = ApplicationFactory(stage=Stage.SCREENED)
    pipeline.move(application, Stage.WITHDRAWN, reason="Took a job in another district.")
    application.refresh_from_db()
    assert application.closed_reason == "Took a job in another district."

    pipeline.move(application, Stage.APPLIED, reason="Came back.")
    application.refresh_from_db()
    assert application.closed_reason == ""


def test_reference_checks_need_the_required_completed_references(settings):
    settings.RECRUITMENT_REQUIRED_REFERENCES = 2
    application = ApplicationFactory(stage=Stage.REFERENCE_CHECKS)
    ReferenceCheckFactory(application=application, status=ReferenceStatus.COMPLETED)
    ReferenceCheckFactory(application=application, status=ReferenceStatus.DECLINED)

    with pytest.raises(DomainError, match="needs 2 completed reference checks to pass; it has 1"):
        pipeline.move(application, Stage.FINALIST)

    ReferenceCheckFactory(application=application, status=ReferenceStatus.COMPLETED)
    pipeline.move(application, Stage.FINALIST)
    application.refresh_from_db()
    assert application.stage == Stage.FINALIST


def test_a_bulk_move_moves_who_may_and_says_why_the_others_may_not(make_user):
    ready = ApplicationFactory(stage=Stage.APPLIED)
    also_ready = ApplicationFactory(stage=Stage.APPLIED)
    too_far = ApplicationFactory(stage=Stage.FINALIST)

    report = pipeline.move_many([ready, also_ready, too_far], Stage.SCREENED, user=make_user())

    assert {a.pk for a in report.moved} == {ready.pk, also_ready.pk}
    assert [a.pk for a, _ in report.refused] == [too_far.pk]
    assert "can move only to" in report.refused[0][1]
    too_far.refresh_from_db()
    assert too_far.stage == Stage.FINALIST
    assert StageChange.objects.count() == 2


def test_a_bulk_move_applies_the_reference_gate(settings):
    settings.RECRUITMENT_REQUIRED_REFERENCES = 1
    checked = ApplicationFactory(stage=Stage.REFERENCE_CHECKS)
    ReferenceCheckFactory(application=checked, status=ReferenceStatus.COMPLETED)
    unchecked = ApplicationFactory(stage=Stage.REFERENCE_CHECKS)

    report = pipeline.move_many([checked, unchecked], Stage.FINALIST)

    assert [a.pk for a in report.moved] == [checked.pk]
    assert "needs 1 completed reference" in report.refused[0][1]
