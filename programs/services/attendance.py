"""Write workflows of attendance and session feedback.

record_attendance   a facilitator's (or program staff member's) marks for one session, saved in one go
submit_feedback     a leader's short survey answer about a session they attended
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from leaderdev.errors import DomainError
from leaderdev.models import Person

from ..models import (
    ATTENDED,
    PARTICIPATING,
    Attendance,
    AttendanceStatus,
    Enrollment,
    Session,
    SessionFeedback,
)

#: How many names a refusal lists before it says "and N others".
NAMES_IN_A_MESSAGE = 5


@dataclass
class RecordedAttendance:
    """What record_attendance did: the rows it created or changed, and whose marks it cleared."""

    created: list[Attendance] = field(default_factory=list)
    updated: list[Attendance] = field(default_factory=list)
    cleared: list[int] = field(default_factory=list)  # person ids

    @property
    def saved(self) -> list[Attendance]:
        return [*self.created, *self.updated]

    @property
    def changed(self) -> int:
        return len(self.created) + len(self.updated) + len(self.cleared)

    def counts(self) -> dict[str, int]:
        """Saved marks per status, in AttendanceStatus order, statuses with none left out."""
        tally = dict.fromkeys(AttendanceStatus.values, 0)
        for row in self.saved:
            tally[row.status] += 1
        return {status: n for status, n in tally.items() if n}


def _names(person_ids) -> str:
    people = Person.objects.filter(pk__in=person_ids).order_by("last_name", "first_name", "pk")
    names = [p.full_name for p in people[:NAMES_IN_A_MESSAGE]]
    missing = len(set(person_ids)) - len(names)
    if missing > 0:
        names.append(f"{missing} other{'s' if missing > 1 else ''}")
    return ", ".join(names)


def record_attendance(
    session: Session,
    marks: Mapping[int, str | None],
    *,
    by,
    rest_absent: bool = False,
) -> RecordedAttendance:
    """Save attendance marks for `session`: ``{person_id: status}``, a status of None (or "") clears one.

    Only the people expected at the session may be marked: those taking part in its offering (enrollment
    status in ``PARTICIPATING``). Marking anyone else, or using an unknown status, refuses the whole
    batch with a DomainError naming them, and nothing is saved. Marks equal to what is stored are left
    alone; new ones are inserted and changed ones updated in bulk (one row per person and session,
    whatever the order two facilitators save in), recorded as made `by` that user.

    With ``rest_absent``, every expected person still without a mark once `marks` are applied is marked
    absent as well: the sign-in page's "mark everyone not yet marked as absent".
    """
    wanted: dict[int, str | None] = {int(pid): (status or None) for pid, status in marks.items()}
    unknown = sorted({s for s in wanted.values() if s is not None} - set(AttendanceStatus.values))
    if unknown:
        raise DomainError(f"Unknown attendance status: {', '.join(unknown)}.")
    now = timezone.now()
    result = RecordedAttendance()
    with transaction.atomic():
        expected = set(
            Enrollment.objects.filter(offering_id=session.offering_id, status__in=PARTICIPATING).values_list(
                "person_id", flat=True
            )
        )
        strangers = set(wanted) - expected
        if strangers:
            raise DomainError(
                f"Not expected at “{session.title}” (not taking part in its offering): {_names(strangers)}."
            )
        existing = {
            row.person_id: row
            for row in Attendance.objects.select_for_update().filter(session=session, person_id__in=expected)
        }
        if rest_absent:
            for person_id in expected:
                marked = (
                    wanted[person_id]
                    if person_id in wanted
                    else getattr(existing.get(person_id), "status", None)
                )
                if marked is None:
                    wanted[person_id] = AttendanceStatus.ABSENT
        for person_id, status in sorted(wanted.items()):
            row = existing.get(person_id)
            if status is None:
                if row is not None:
                    result.cleared.append(person_id)
            elif row is None:
                result.created.append(
                    Attendance(session=session, person_id=person_id, status=status, recorded_by=by)
                )
            elif row.status != status:
                row.status, row.recorded_by, row.updated_at = status, by, now
                result.updated.append(row)
        if result.cleared:
            Attendance.objects.filter(session=session, person_id__in=result.cleared).delete()
        if result.updated:
            Attendance.objects.bulk_update(result.updated, ["status", "recorded_by", "updated_at"])
        if result.created:
            # Another facilitator may have saved the same person a moment ago: their row is updated.
            Attendance.objects.bulk_create(
                result.created,
                update_conflicts=True,
                unique_fields=["session", "person"],
                update_fields=["status", "recorded_by", "updated_at"],
            )
    return result


def submit_feedback(session: Session, person: Person, rating: int, comment: str = "") -> SessionFeedback:
    """Save `person`'s feedback on `session` (a rating from 1 to 5 and an optional comment).

    One answer per person and session: answering again replaces the earlier answer. Only people who
    attended (present or late) may answer, and only once the session has started.
    """
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise DomainError("Choose a rating from 1 (not useful) to 5 (very useful).")
    if session.starts_at > timezone.now():
        raise DomainError(f"Feedback on “{session.title}” opens when the session starts.")
    with transaction.atomic():
        attended = Attendance.objects.filter(session=session, person=person, status__in=ATTENDED).exists()
        if not attended:
            raise DomainError(
                f"Only people who attended “{session.title}” give feedback on it, and the sign-in "
                f"list does not show {person.full_name} as present."
            )
        feedback, _ = SessionFeedback.objects.update_or_create(
            session=session, person=person, defaults={"rating": rating, "comment": comment.strip()}
        )
    return feedback
