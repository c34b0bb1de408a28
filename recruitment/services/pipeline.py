"""Write workflows of the pipeline: apply, move (one or many), and the gates between stages.

apply              a candidate applies for a role in a cycle from a source (first StageChange recorded)
move               move one application to a stage allowed by STAGE_TRANSITIONS, with who/when/why
move_many          the same for a list of applications: each moves or is refused with its reason
hire               lives in services.hiring (it also changes the shared schema)

Gates: leaving reference checks forward needs RECRUITMENT_REQUIRED_REFERENCES completed reference
checks; hired is reached only through services.hiring.hire, which also records the person's new role.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from leaderdev.audit import note_change
from leaderdev.errors import DomainError

from ..models import (
    CLOSED_STAGES,
    REASON_REQUIRED,
    STAGE_TRANSITIONS,
    Application,
    ReferenceStatus,
    Stage,
    StageChange,
)

STAGE_LABELS = dict(Stage.choices)


def apply(candidate, cycle, *, role, source, school_level="", opening=None, user=None) -> Application:
    """Open an application of `candidate` for `role` in `cycle`; refused if one already exists."""
    if Application.objects.filter(cycle=cycle, candidate=candidate, role=role).exists():
        raise DomainError(f"{candidate} already applied for this role in {cycle}.")
    now = timezone.now()
    with transaction.atomic():
        application = Application.objects.create(
            cycle=cycle,
            candidate=candidate,
            role=role,
            source=source,
            school_level=school_level,
            opening=opening,
            stage=Stage.APPLIED,
            stage_entered_at=now,
        )
        StageChange.objects.create(
            application=application, from_stage="", to_stage=Stage.APPLIED, changed_by=user, changed_at=now
        )
    return application


def refusal(application: Application, to_stage: str, reason: str = "", *, completed_references=None) -> str:
    """Why `application` may not move to `to_stage` now, or "" when it may.

    `completed_references` lets a bulk move pass counts it read in one query.
    """
    current = STAGE_LABELS[application.stage]
    if to_stage not in STAGE_LABELS:
        return f"“{to_stage}” is not a stage."
    if to_stage == application.stage:
        return f"It is already at {current.lower()}."
    if to_stage not in STAGE_TRANSITIONS[application.stage]:
        allowed = ", ".join(STAGE_LABELS[s].lower() for s in application.allowed_moves) or "nothing"
        return f"From {current.lower()} it can move only to: {allowed}."
    if to_stage == Stage.HIRED:
        return "Hiring records the school and start date: use Hire."
    if to_stage in REASON_REQUIRED and not reason.strip():
        return f"Say why it is {STAGE_LABELS[to_stage].lower()}."
    if application.stage == Stage.REFERENCE_CHECKS and to_stage == Stage.FINALIST:
        if completed_references is None:
            completed_references = application.references.filter(status=ReferenceStatus.COMPLETED).count()
        needed = settings.RECRUITMENT_REQUIRED_REFERENCES
        if completed_references < needed:
            return f"It needs {needed} completed reference checks to pass; it has {completed_references}."
    return ""


def move(application: Application, to_stage: str, *, user=None, reason: str = "") -> Application:
    """Move one application to `to_stage`, recording who, when and why; DomainError if not allowed."""
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        problem = refusal(application, to_stage, reason)
        if problem:
            raise DomainError(f"{application.candidate}: {problem}")
        _record_move(application, to_stage, user=user, reason=reason)
    return application


def _record_move(application, to_stage, *, user, reason, at=None):
    at = at or timezone.now()
    from_stage = application.stage
    application.stage = to_stage
    application.stage_entered_at = at
    if to_stage in (Stage.REJECTED, Stage.WITHDRAWN):
        application.closed_reason = reason.strip()
    elif from_stage in CLOSED_STAGES:
        application.closed_reason = ""
    note_change(application, user=user, reason=reason.strip())
    application.save(update_fields=["stage", "stage_entered_at", "closed_reason", "updated_at"])
    StageChange.objects.create(
        application=application,
        from_stage=from_stage,
        to_stage=to_stage,
        changed_by=user,
        reason=reason.strip()[:300],
        changed_at=at,
    )


@dataclass
class BulkMoveReport:
    moved: list[Application] = field(default_factory=list)
    refused: list[tuple[Application, str]] = field(default_factory=list)


def move_many(applications, to_stage: str, *, user=None, reason: str = "") -> BulkMoveReport:
    """Move each of `applications` to `to_stage` where allowed; report who moved and why others did not.

    One transaction; the applications are locked and re-read, so a stale list cannot skip a gate.
    """
    from django.db.models import Count, Q

    report = BulkMoveReport()
    ids = [a.pk for a in applications]
    with transaction.atomic():
        locked = list(
            Application.objects.select_for_update(of=("self",))
            .filter(pk__in=ids)
            .select_related("candidate")
            .order_by("pk")
        )
        completed = dict(
            Application.objects.filter(pk__in=ids)
            .annotate(done=Count("references", filter=Q(references__status=ReferenceStatus.COMPLETED)))
            .values_list("pk", "done")
        )
        now = timezone.now()
        for application in locked:
            problem = refusal(
                application, to_stage, reason, completed_references=completed.get(application.pk, 0)
            )
            if problem:
                report.refused.append((application, f"{application.candidate}: {problem}"))
                continue
            _record_move(application, to_stage, user=user, reason=reason, at=now)
            report.moved.append(application)
    return report
