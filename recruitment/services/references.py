"""Write workflows of reference checks: a referee for an application, the attempts to reach them, their
answers to the Office's questions, and the outcome.

add_reference     recruitment staff name a referee of an application
log_attempt       record one attempt to reach the referee (how, what happened)
record_answers    keep the referee's answers to REFERENCE_QUESTIONS and the checker's notes
complete          close the check as completed: every question must have an answer
decline           close it as declined (the referee would not or could not speak): a note says why

Completed checks open the pipeline's gate out of reference checks (services.pipeline.refusal counts them
against RECRUITMENT_REQUIRED_REFERENCES). Every change here is kept in the check's audit history.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from leaderdev.errors import DomainError
from leaderdev.permissions import Role, has_role

from ..models import (
    CLOSED_STAGES,
    REFERENCE_QUESTIONS,
    ContactAttempt,
    ContactMethod,
    ReferenceCheck,
    ReferenceStatus,
)

QUESTION_KEYS = tuple(key for key, _ in REFERENCE_QUESTIONS)
CLOSED_STATUSES = (ReferenceStatus.COMPLETED, ReferenceStatus.DECLINED)


def _require_recruitment_staff(user):
    if not has_role(user, Role.RECRUITMENT_STAFF):
        raise PermissionDenied("Only recruitment staff may change reference checks.")


def _locked_open(reference) -> ReferenceCheck:
    """Re-read `reference` under a lock; refuse when it is already completed or declined."""
    reference = ReferenceCheck.objects.select_for_update().get(pk=reference.pk)
    if reference.status in CLOSED_STATUSES:
        raise DomainError(f"This reference check is {reference.get_status_display().lower()}; it is closed.")
    return reference


def add_reference(
    application, *, referee_name, referee_title="", relationship="", email="", phone="", user
) -> ReferenceCheck:
    """Add a referee to `application`; not once the application is hired, rejected or withdrawn."""
    _require_recruitment_staff(user)
    if application.stage in CLOSED_STAGES:
        raise DomainError(
            f"The application is {application.get_stage_display().lower()}; it takes no new references."
        )
    if not referee_name.strip():
        raise DomainError("Name the referee.")
    return ReferenceCheck.objects.create(
        application=application,
        referee_name=referee_name.strip(),
        referee_title=referee_title.strip(),
        relationship=relationship.strip(),
        email=email.strip(),
        phone=phone.strip(),
    )


def log_attempt(reference, *, method, outcome="", at=None, user) -> ContactAttempt:
    """Record one attempt to reach the referee; the first attempt marks the check as being contacted."""
    _require_recruitment_staff(user)
    if method not in ContactMethod.values:
        raise DomainError(f"“{method}” is not a way of contacting a referee.")
    at = at or timezone.now()
    if at > timezone.now() + datetime.timedelta(minutes=5):
        raise DomainError("An attempt cannot be in the future.")
    with transaction.atomic():
        reference = _locked_open(reference)
        attempt = ContactAttempt.objects.create(
            reference=reference, at=at, method=method, outcome=outcome.strip()[:300], by=user
        )
        if reference.status == ReferenceStatus.PENDING:
            reference.status = ReferenceStatus.IN_PROGRESS
            reference.save(update_fields=["status", "updated_at"])
    return attempt


def record_answers(reference, *, answers: dict, notes="", user) -> ReferenceCheck:
    """Keep the referee's answers (by question key) and the notes; the check stays open.

    Answers to questions the Office does not ask are refused, so no stray keys creep into the record.
    """
    _require_recruitment_staff(user)
    unknown = set(answers) - set(QUESTION_KEYS)
    if unknown:
        raise DomainError(f"Unknown reference questions: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        reference = _locked_open(reference)
        reference.answers = {
            key: (answers.get(key) or "").strip() for key in QUESTION_KEYS if (answers.get(key) or "").strip()
        }
        reference.notes = notes.strip()
        reference.checked_by = user
        if reference.status == ReferenceStatus.PENDING:
            reference.status = ReferenceStatus.IN_PROGRESS
        reference.save()
    return reference


def unanswered(reference) -> list[str]:
    """The questions of REFERENCE_QUESTIONS that `reference` has no answer to yet."""
    return [text for key, text in REFERENCE_QUESTIONS if not (reference.answers or {}).get(key, "").strip()]


def complete(reference, *, user) -> ReferenceCheck:
    """Close the check as completed; every question needs an answer first."""
    _require_recruitment_staff(user)
    with transaction.atomic():
        reference = _locked_open(reference)
        missing = unanswered(reference)
        if missing:
            raise DomainError(
                f"Answer every question before completing; {len(missing)} still open: {missing[0]}"
            )
        reference.status = ReferenceStatus.COMPLETED
        reference.completed_at = timezone.now()
        reference.checked_by = user
        reference.save()
    return reference


def decline(reference, *, note, user) -> ReferenceCheck:
    """Close the check as declined; `note` (required) says why, and is added to the notes."""
    _require_recruitment_staff(user)
    note = note.strip()
    if not note:
        raise DomainError("Say why the reference check is declined.")
    with transaction.atomic():
        reference = _locked_open(reference)
        stamp = timezone.localdate().isoformat()
        reference.notes = f"{reference.notes}\n\nDeclined {stamp}: {note}".strip()
        reference.status = ReferenceStatus.DECLINED
        reference.checked_by = user
        reference.save()
    return reference
