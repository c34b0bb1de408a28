"""Applying to the fellowship and selecting fellows.

apply                  a district employee applies to a cohort while its window is open (once)
write_recommendation   the supervisor (or staff on their behalf) records the recommendation
move_application       move an application along APPLICATION_TRANSITIONS, with the reason; selecting
                       creates the Fellow and is refused once the cohort's places are all taken
move_applications      the same for many applications at once (one report)
places_left            how many places a cohort still has

Selecting locks the cohort's row first, so two staff selecting the last place at the same moment
cannot both succeed: the second waits, then finds no place left.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from leaderdev.audit import note_change
from leaderdev.errors import DomainError

from ..models import (
    APPLICATION_TRANSITIONS,
    DECISION_REASON_REQUIRED,
    ApplicationStatus,
    ApplicationStatusChange,
    Cohort,
    Fellow,
    FellowshipApplication,
    FellowStatus,
    Recommendation,
)

STATUS_LABELS = dict(ApplicationStatus.choices)
# Positions that are already school leadership roles the fellowship prepares for: they do not apply.
ALREADY_PRINCIPALS = ("principal", "head_of_school")


def _day(day) -> str:
    return f"{day:%B} {day.day}"


def places_left(cohort: Cohort) -> int:
    """The cohort's places not yet taken by a fellow who is still in it."""
    taken = Fellow.objects.filter(cohort=cohort).exclude(status=FellowStatus.WITHDRAWN).count()
    return max(cohort.places - taken, 0)


def apply(
    cohort: Cohort, person, *, supervisor, essays: dict, today=None, user=None
) -> FellowshipApplication:
    """`person` applies to `cohort`.

    `essays` holds why_principal, leadership_experience and equity_commitment.
    """
    today = today or timezone.localdate()
    if not cohort.applications_open(today):
        raise DomainError(
            f"Applications to {cohort} are open from {_day(cohort.applications_open_on)} "
            f"to {_day(cohort.applications_close_on)}, {cohort.applications_close_on.year}."
        )
    if person.position in ALREADY_PRINCIPALS:
        raise DomainError(
            "Principals and heads of school already lead a school; the fellowship prepares others."
        )
    if not person.is_active:
        raise DomainError("Only current district employees can apply.")
    if supervisor.pk == person.pk:
        raise DomainError("Your recommendation must come from your principal or supervisor, not yourself.")
    if FellowshipApplication.objects.filter(cohort=cohort, person=person).exists():
        raise DomainError("You have already applied to this cohort.")
    with transaction.atomic():
        application = FellowshipApplication.objects.create(
            cohort=cohort, person=person, supervisor=supervisor, **essays
        )
        ApplicationStatusChange.objects.create(
            application=application, to_status=ApplicationStatus.SUBMITTED, changed_by=user
        )
    return application


def write_recommendation(
    application: FellowshipApplication, *, endorsement: str, text: str, user
) -> Recommendation:
    """Record (or correct) the supervisor's recommendation while the application is still being decided."""
    if not application.is_open:
        raise DomainError("This application has been decided; its recommendation can no longer change.")
    recommendation, _ = Recommendation.objects.update_or_create(
        application=application, defaults={"endorsement": endorsement, "text": text, "written_by": user}
    )
    return recommendation


def move_application(application: FellowshipApplication, to_status: str, *, reason: str = "", user=None):
    """Move `application` to `to_status`, keeping the history; selecting makes them a fellow.

    Refused when the move is not in APPLICATION_TRANSITIONS, when a decision needs a reason and has
    none, or when selecting and the cohort has no place left. Withdrawing a selected application
    withdraws the fellow too (their place opens for someone on the waiting list).
    """
    reason = reason.strip()
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().get(pk=application.cohort_id)
        application = FellowshipApplication.objects.select_for_update().get(pk=application.pk)
        from_status = application.status
        if to_status not in APPLICATION_TRANSITIONS[from_status]:
            allowed = (
                ", ".join(f"“{STATUS_LABELS[s].lower()}”" for s in application.allowed_moves) or "nothing"
            )
            raise DomainError(
                f"{application.person} is “{STATUS_LABELS[from_status].lower()}” "
                f"and can move only to {allowed}."
            )
        if to_status in DECISION_REASON_REQUIRED and not reason:
            raise DomainError(f"Give a reason for “{STATUS_LABELS[to_status].lower()}”.")
        if to_status == ApplicationStatus.SELECTED:
            if places_left(cohort) <= 0:
                raise DomainError(
                    f"All {cohort.places} places of {cohort} are taken. Waitlist {application.person}, "
                    "or add a place to the cohort first."
                )
            fellow, created = Fellow.objects.get_or_create(
                application=application, defaults={"cohort": cohort, "person": application.person}
            )
            if not created and fellow.status == FellowStatus.WITHDRAWN:
                fellow.status = FellowStatus.ACTIVE
                fellow.save(update_fields=["status", "updated_at"])
        if from_status == ApplicationStatus.SELECTED and to_status == ApplicationStatus.WITHDRAWN:
            Fellow.objects.filter(application=application).update(
                status=FellowStatus.WITHDRAWN, updated_at=timezone.now()
            )
        application.status = to_status
        application.decision_reason = (
            reason if to_status in DECISION_REASON_REQUIRED else application.decision_reason
        )
        note_change(application, user=user, reason=reason or f"Moved to {STATUS_LABELS[to_status].lower()}")
        application.save(update_fields=["status", "decision_reason", "updated_at"])
        ApplicationStatusChange.objects.create(
            application=application,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
            changed_by=user,
        )
    return application


@dataclass
class MoveReport:
    moved: list = field(default_factory=list)
    refused: list[tuple[object, str]] = field(default_factory=list)


def move_applications(applications: Iterable[FellowshipApplication], to_status: str, *, reason="", user=None):
    """Move many applications; each succeeds or is refused on its own (e.g. places run out mid-way)."""
    report = MoveReport()
    for application in applications:
        try:
            report.moved.append(move_application(application, to_status, reason=reason, user=user))
        except DomainError as error:
            report.refused.append((application, str(error)))
    return report
