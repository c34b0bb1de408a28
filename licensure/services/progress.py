"""Licensure pursuits: starting one, its status, progress per requirement, evidence and verification.

start_pursuit        an employee (or the team for them) starts pursuing an active license, once per license
set_pursuit_status   the team moves a pursuit (applied to the state, licensed with its date, paused ...)
update_progress      the pursuer records where a requirement stands: in progress, or submitted for
                     verification (with an amount for countable ones: practicum hours, PAL tasks)
add_evidence         the pursuer adds a file (checked by leaderdev.uploads) or a link to a requirement
remove_evidence      the uploader takes back a piece of evidence before the item is verified
verify               the licensure team verifies an item from its evidence
return_for_changes   the team sends an item back with the reason

A requirement without a RequirementProgress row is "not started"; the first update or piece of evidence
creates the row. Verified items are closed: only returning them (the team) reopens them. Every refusal
is a DomainError whose message is written for the person who asked.
"""

import datetime
import os
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from leaderdev.audit import note_change
from leaderdev.errors import DomainError

from ..models import (
    Evidence,
    LicensePursuit,
    LicenseType,
    ProgressStatus,
    PursuitStatus,
    Requirement,
    RequirementProgress,
)
from ..rules import is_licensure_team

# Statuses a pursuer may give an item themselves; "verified" and "returned" are the team's.
PURSUER_STATUSES = (ProgressStatus.IN_PROGRESS, ProgressStatus.SUBMITTED)
# A pursuit in one of these is over: its checklist is kept as it was.
CLOSED_PURSUIT_STATUSES = (PursuitStatus.LICENSED, PursuitStatus.WITHDRAWN)
# An amount above this many times the target is a typo (5000 hours for 500), not extra effort.
MAX_AMOUNT_FACTOR = 2


def amount_text(amount: Decimal) -> str:
    """An amount as people write it: 500 rather than 500.0, 12.5 as it is."""
    return f"{amount.normalize():f}"


def is_pursuer(user, pursuit: LicensePursuit) -> bool:
    """Whether `user` is the employee of `pursuit` (the only one who records its progress)."""
    return user is not None and user.is_authenticated and pursuit.person.user_id == user.pk


def may_update(user, pursuit: LicensePursuit) -> bool:
    """Whether `user` may record progress and evidence on `pursuit` (its employee, while it is open)."""
    return is_pursuer(user, pursuit) and pursuit.status not in CLOSED_PURSUIT_STATUSES


def _check_team(user, action: str):
    if not is_licensure_team(user):
        raise DomainError(f"Only the licensure team may {action}.")


def _check_pursuer(user, pursuit: LicensePursuit):
    if not is_pursuer(user, pursuit):
        raise DomainError("Only the employee pursuing this license records its progress and evidence.")
    if pursuit.status in CLOSED_PURSUIT_STATUSES:
        raise DomainError(
            f"This pursuit is {pursuit.get_status_display().lower()}; its checklist no longer changes."
        )


def _check_requirement(pursuit: LicensePursuit, requirement: Requirement):
    if requirement.license_type_id != pursuit.license_type_id:
        raise DomainError(f"“{requirement}” is not a requirement of {pursuit.license_type}.")
    if not requirement.is_active:
        raise DomainError(f"“{requirement}” is retired from the checklist.")


def _progress_for_update(pursuit: LicensePursuit, requirement: Requirement) -> RequirementProgress:
    """The pursuit's progress row on `requirement`, locked, created "in progress" on first use."""
    progress = (
        RequirementProgress.objects.select_for_update()
        .filter(pursuit=pursuit, requirement=requirement)
        .first()
    )
    if progress is None:
        progress = RequirementProgress.objects.create(
            pursuit=pursuit, requirement=requirement, status=ProgressStatus.IN_PROGRESS
        )
    progress.pursuit, progress.requirement = pursuit, requirement
    return progress


def _check_not_verified(progress: RequirementProgress):
    if progress.status == ProgressStatus.VERIFIED:
        raise DomainError(
            f"“{progress.requirement}” is verified; ask the licensure team to return it if it must change."
        )


def start_pursuit(
    person,
    license_type: LicenseType,
    target_date: datetime.date,
    started_on: datetime.date | None = None,
    user=None,
) -> LicensePursuit:
    """Start `person`'s pursuit of `license_type` ("planning"), aiming to apply by `target_date`.

    Refuses a license that is no longer offered, a second pursuit of the same license (whatever became of
    the first: the team reopens it instead), and a target before the start. `user`, when given, must be
    the person themselves or the licensure team.
    """
    if user is not None and not (is_licensure_team(user) or person.user_id == user.pk):
        raise DomainError("Only the employee or the licensure team may start a pursuit.")
    if not license_type.is_active:
        raise DomainError(f"{license_type} is no longer offered; choose another license.")
    started_on = started_on or timezone.localdate()
    if target_date < started_on:
        raise DomainError("The target date cannot be before the start.")
    if LicensePursuit.objects.filter(person=person, license_type=license_type).exists():
        raise DomainError(f"{person.full_name} already pursues {license_type}.")
    try:
        with transaction.atomic():
            return LicensePursuit.objects.create(
                person=person, license_type=license_type, started_on=started_on, target_date=target_date
            )
    except IntegrityError:  # a second click that raced the first
        raise DomainError(f"{person.full_name} already pursues {license_type}.") from None


def set_pursuit_status(
    pursuit: LicensePursuit, status: str, licensed_on: datetime.date | None = None, *, user
) -> LicensePursuit:
    """The team sets a pursuit's status; "licensed" needs the license's date, which other statuses clear."""
    _check_team(user, "change a pursuit's status")
    if status not in PursuitStatus.values:
        raise DomainError("Choose one of the pursuit statuses.")
    if status == PursuitStatus.LICENSED:
        if licensed_on is None:
            raise DomainError("Give the date of the license.")
        if licensed_on > timezone.localdate():
            raise DomainError("The license date cannot be in the future.")
        if licensed_on < pursuit.started_on:
            raise DomainError("The license date cannot be before the pursuit started.")
    else:
        licensed_on = None
    pursuit.status = status
    pursuit.licensed_on = licensed_on
    note_change(pursuit, user=user, reason="Status set by the licensure team")
    pursuit.save(update_fields=["status", "licensed_on", "updated_at"])
    return pursuit


def update_progress(
    pursuit: LicensePursuit,
    requirement: Requirement,
    *,
    status: str,
    amount_done: Decimal | None = None,
    completed_on: datetime.date | None = None,
    note: str = "",
    user,
) -> RequirementProgress:
    """The pursuer records where `requirement` stands: still in progress, or submitted for verification.

    Creates the progress row on first use. Refuses another license's requirement, a verified item, an
    amount on an item that is not counted, a negative amount or more than twice the target, a completion
    date in the future, and submitting an item that needs evidence before any is added. Resubmitting a
    returned item clears the team's reason.
    """
    _check_pursuer(user, pursuit)
    _check_requirement(pursuit, requirement)
    if status not in PURSUER_STATUSES:
        raise DomainError("Mark the item in progress or submit it for verification.")
    if amount_done is not None:
        if requirement.target_amount is None:
            raise DomainError(f"“{requirement}” is not counted in {requirement.unit or 'an amount'}.")
        if amount_done < 0:
            raise DomainError("The amount done cannot be negative.")
        ceiling = requirement.target_amount * MAX_AMOUNT_FACTOR
        if amount_done > ceiling:
            raise DomainError(
                f"{amount_text(amount_done)} {requirement.unit} is more than twice the "
                f"{amount_text(requirement.target_amount)} needed; check the number."
            )
    if completed_on is not None and completed_on > timezone.localdate():
        raise DomainError("The completion date cannot be in the future.")
    with transaction.atomic():
        progress = _progress_for_update(pursuit, requirement)
        _check_not_verified(progress)
        if (
            status == ProgressStatus.SUBMITTED
            and requirement.evidence_required
            and not progress.evidence.exists()
        ):
            raise DomainError(f"Add evidence for “{requirement}” before submitting it for verification.")
        progress.status = status
        progress.amount_done = amount_done
        progress.completed_on = completed_on
        progress.note = note.strip()
        if status == ProgressStatus.SUBMITTED:
            progress.returned_reason = ""
        progress.save()
    return progress


def add_evidence(
    pursuit: LicensePursuit,
    requirement: Requirement,
    *,
    file=None,
    link: str = "",
    description: str,
    user,
) -> Evidence:
    """The pursuer adds a file or a link (one of the two) showing `requirement` is met.

    The file is checked by the model's validators (kind by content, extension, size: EVIDENCE_RULE)
    before anything is stored, under a random name; its original name is kept for the download. Creates
    the progress row ("in progress") on first use; refuses a verified item.
    """
    _check_pursuer(user, pursuit)
    _check_requirement(pursuit, requirement)
    link = (link or "").strip()
    description = (description or "").strip()
    if bool(file) == bool(link):
        raise DomainError("Upload a file or give a link (one of the two).")
    if not description:
        raise DomainError("Say what this evidence is, e.g. “MTEL score report”.")
    with transaction.atomic():
        progress = _progress_for_update(pursuit, requirement)
        _check_not_verified(progress)
        evidence = Evidence(
            progress=progress,
            link=link,
            description=description,
            uploaded_by=user,
            original_name=os.path.basename(file.name)[-200:] if file else "",
        )
        if file:
            evidence.file = file
        try:
            evidence.full_clean()
        except ValidationError as error:
            raise DomainError(" ".join(error.messages)) from error
        evidence.save()
        # New evidence is activity on the item: the board's "last activity" reads the progress row, and
        # the item's audit history says what was added.
        note_change(progress, user=user, reason=f"Evidence added: {evidence.description}")
        progress.save(update_fields=["updated_at"])
    return evidence


def may_remove_evidence(user, evidence: Evidence) -> bool:
    """Whether `user` may take back `evidence`: its uploader, while the item is not verified."""
    return (
        user is not None
        and evidence.uploaded_by_id == user.pk
        and evidence.progress.status != ProgressStatus.VERIFIED
    )


def remove_evidence(evidence: Evidence, user) -> None:
    """The uploader removes a piece of evidence before the item is verified; its stored file is deleted.

    A submitted item that needs evidence and has none left goes back to "in progress".
    """
    if evidence.uploaded_by_id != getattr(user, "pk", None):
        raise DomainError("Only the person who added this evidence may remove it.")
    with transaction.atomic():
        progress = (
            RequirementProgress.objects.select_for_update()
            .select_related("requirement")
            .get(pk=evidence.progress_id)
        )
        _check_not_verified(progress)
        stored = evidence.file.name if evidence.file else ""
        evidence.delete()
        if (
            progress.status == ProgressStatus.SUBMITTED
            and progress.requirement.evidence_required
            and not progress.evidence.exists()
        ):
            progress.status = ProgressStatus.IN_PROGRESS
        note_change(progress, user=user, reason=f"Evidence removed: {evidence.description}")
        progress.save(update_fields=["status", "updated_at"])
        if stored:
            storage = Evidence._meta.get_field("file").storage
            # Only once the row is surely gone: a rolled-back removal must not lose the file.
            transaction.on_commit(lambda: storage.delete(stored))


def verify(progress: RequirementProgress, user) -> RequirementProgress:
    """The licensure team verifies an item (from its evidence, when the item needs some)."""
    _check_team(user, "verify a requirement")
    with transaction.atomic():
        progress = (
            RequirementProgress.objects.select_for_update()
            .select_related("requirement", "pursuit__person")
            .get(pk=progress.pk)
        )
        if progress.status == ProgressStatus.VERIFIED:
            raise DomainError(f"“{progress.requirement}” is already verified.")
        if progress.requirement.evidence_required and not progress.evidence.exists():
            raise DomainError(f"“{progress.requirement}” needs evidence before it can be verified.")
        progress.status = ProgressStatus.VERIFIED
        progress.verified_at = timezone.now()
        progress.verified_by = user
        progress.returned_reason = ""
        note_change(progress, user=user, reason="Verified")
        progress.save()
    return progress


def return_for_changes(progress: RequirementProgress, reason: str, user) -> RequirementProgress:
    """The team sends an item back to the employee with the reason (also undoes a verification)."""
    _check_team(user, "return a requirement for changes")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Say what needs to change, so the employee knows what to do.")
    max_length = RequirementProgress._meta.get_field("returned_reason").max_length
    if len(reason) > max_length:
        raise DomainError(f"Keep the reason within {max_length} characters.")
    with transaction.atomic():
        progress = RequirementProgress.objects.select_for_update().get(pk=progress.pk)
        progress.status = ProgressStatus.RETURNED
        progress.returned_reason = reason
        progress.verified_at = None
        progress.verified_by = None
        note_change(progress, user=user, reason=f"Returned: {reason}")
        progress.save()
    return progress
