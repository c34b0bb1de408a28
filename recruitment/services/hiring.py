"""Hiring: the last move of the pipeline, which also changes the district's shared schema.

hire   an application in the pool becomes hired: an internal candidate's staff record takes the new
       position, school and start date in role (so they become a first-year leader for programs and
       mentoring); an external candidate gets a new staff record (HR's employee id required). The
       opening it fills, if any, is marked filled.
"""

from django.db import transaction

from leaderdev.errors import DomainError
from leaderdev.models import Person

from ..models import Application, OpeningStatus, Stage
from .pipeline import _record_move


def hire(application, *, user, school, start_date, employee_id: str = "", opening=None) -> Person:
    """Hire `application` into its role at `school` from `start_date`; return the person's staff record."""
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("candidate__person", "opening")
            .get(pk=application.pk)
        )
        if application.stage != Stage.IN_POOL:
            raise DomainError(
                f"{application.candidate} is at {application.get_stage_display().lower()}: only candidates "
                "in the pool (eligible for hire) can be hired."
            )
        if school is None:
            raise DomainError("Choose the school they will lead.")
        opening = opening or application.opening
        if opening is not None:
            if opening.status != OpeningStatus.OPEN:
                raise DomainError(f"The opening {opening} is no longer open.")
            if opening.school_id != school.pk or opening.role != application.role:
                raise DomainError(f"The opening {opening} is for another school or role.")
        candidate = application.candidate
        person = candidate.person
        if person is None:
            employee_id = (employee_id or "").strip()
            if not employee_id:
                raise DomainError("An external candidate needs the employee id HR gave them.")
            if Person.objects.filter(employee_id=employee_id).exists():
                raise DomainError(f"Employee id {employee_id} belongs to someone else.")
            if Person.objects.filter(email__iexact=candidate.email).exists():
                raise DomainError(
                    f"A staff record with {candidate.email} exists: link the candidate to it first."
                )
            person = Person(
                employee_id=employee_id,
                first_name=candidate.first_name,
                last_name=candidate.last_name,
                email=candidate.email.lower(),
                phone=candidate.phone,
            )
        person.position = application.role
        person.school = school
        person.role_start_date = start_date
        person.is_active = True
        person.full_clean()
        person.save()
        if candidate.person_id is None:
            candidate.person = person
            candidate.save(update_fields=["person", "updated_at"])
        if opening is not None:
            opening.status = OpeningStatus.FILLED
            opening.save(update_fields=["status", "updated_at"])
            if application.opening_id != opening.pk:
                application.opening = opening
                application.save(update_fields=["opening", "updated_at"])
        _record_move(
            application,
            Stage.HIRED,
            user=user,
            reason=f"Hired at {school}, starting {start_date:%B %-d, %Y}.",
        )
    return person
