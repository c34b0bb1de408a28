"""Writing to the log of a mentorship or a coaching assignment, and a mentee's end-of-year feedback.

A log entry belongs to exactly one relationship (a Mentorship or a CoachAssignment). Its mentor or
coach adds to it while the relationship is active; program staff may add to any (mentoring.rules.may_log
says who). Whoever wrote an entry may correct or remove it while they may still log; nobody edits
someone else's words.

Feedback is the mentee's alone: one answer per mentorship, given once the mentorship has ended or in the
last weeks of its school year (``feedback_window``), and changeable until that school year ends.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from competencies.models import Competency
from leaderdev.errors import DomainError

from ..models import CoachAssignment, LogEntry, LogKind, MenteeFeedback, Mentorship, MentorshipStatus
from ..rules import may_log

MAX_NOTES = 8000
# End-of-year feedback opens this long before the school year's last day (or as soon as a mentorship
# ends early), so mentees answer while the year is fresh and staff still have time to remind them.
FEEDBACK_OPENS_BEFORE_YEAR_END = datetime.timedelta(days=45)


# --- The log -----------------------------------------------------------------------------------------


def _check_fields(relationship, *, date, kind, duration_minutes, focus, notes, next_steps, private_notes):
    """Raise DomainError for what the office's rules refuse in an entry's fields."""
    if date is None:
        raise DomainError("Give the date of the conversation.")
    if date > timezone.localdate():
        raise DomainError("The date is in the future: log a conversation once it has happened.")
    if date < relationship.started_on:
        raise DomainError(
            f"The date is before this relationship started ({relationship.started_on:%B} "
            f"{relationship.started_on.day}, {relationship.started_on.year})."
        )
    if kind not in LogKind.values:
        raise DomainError("Choose what kind of conversation it was.")
    if duration_minutes is not None and not 5 <= duration_minutes <= 600:
        raise DomainError("A duration is between 5 minutes and 10 hours.")
    for text in (notes, next_steps, private_notes):
        if len(text) > MAX_NOTES:
            raise DomainError(f"Notes are at most {MAX_NOTES} characters each.")
    non_competencies = [c for c in focus if not isinstance(c, Competency)]
    if non_competencies:
        raise DomainError("Focus areas are competencies of the framework.")


def _relationship_fields(relationship) -> dict:
    if isinstance(relationship, Mentorship):
        return {"mentorship": relationship, "coaching": None}
    if isinstance(relationship, CoachAssignment):
        return {"mentorship": None, "coaching": relationship}
    raise TypeError(f"Not a mentorship or coaching assignment: {relationship!r}")


def log_entry(
    user,
    relationship: Mentorship | CoachAssignment,
    *,
    date: datetime.date,
    kind: str = LogKind.MEETING,
    duration_minutes: int | None = None,
    focus=(),
    notes: str = "",
    next_steps: str = "",
    private_notes: str = "",
) -> LogEntry:
    """Add `user`'s entry to the log of `relationship` (a mentorship or coaching assignment).

    Only the relationship's mentor or coach while it is active, and program staff, may log. The date
    may not be in the future nor before the relationship started. Returns the saved entry with its
    focus competencies set; ``logged_by`` records who wrote it.
    """
    _relationship_fields(relationship)  # a TypeError for anything else, before any permission talk
    if not may_log(user, relationship):
        raise DomainError(
            "Only the mentor or coach of this pair may log its conversations while it is active."
        )
    focus = list(focus)
    _check_fields(
        relationship,
        date=date,
        kind=kind,
        duration_minutes=duration_minutes,
        focus=focus,
        notes=notes,
        next_steps=next_steps,
        private_notes=private_notes,
    )
    with transaction.atomic():
        entry = LogEntry.objects.create(
            **_relationship_fields(relationship),
            date=date,
            kind=kind,
            duration_minutes=duration_minutes,
            notes=notes.strip(),
            next_steps=next_steps.strip(),
            private_notes=private_notes.strip(),
            logged_by=user,
        )
        entry.focus.set(focus)
    return entry


def may_change(user, entry: LogEntry) -> bool:
    """Whether `user` may correct or remove `entry`: its author, while they may still log there."""
    return user.is_authenticated and entry.logged_by_id == user.pk and may_log(user, entry.relationship)


def edit_entry(
    user,
    entry: LogEntry,
    *,
    date: datetime.date,
    kind: str,
    duration_minutes: int | None,
    focus,
    notes: str,
    next_steps: str,
    private_notes: str,
) -> LogEntry:
    """Correct `user`'s own entry: every field at once, under the same rules as a new entry."""
    if not may_change(user, entry):
        raise DomainError("Only the person who wrote this entry may change it, while the pair is active.")
    focus = list(focus)
    _check_fields(
        entry.relationship,
        date=date,
        kind=kind,
        duration_minutes=duration_minutes,
        focus=focus,
        notes=notes,
        next_steps=next_steps,
        private_notes=private_notes,
    )
    with transaction.atomic():
        entry.date = date
        entry.kind = kind
        entry.duration_minutes = duration_minutes
        entry.notes = notes.strip()
        entry.next_steps = next_steps.strip()
        entry.private_notes = private_notes.strip()
        entry.save()
        entry.focus.set(focus)
    return entry


def delete_entry(user, entry: LogEntry) -> None:
    """Remove `user`'s own entry (e.g. one logged on the wrong pair)."""
    if not may_change(user, entry):
        raise DomainError("Only the person who wrote this entry may remove it, while the pair is active.")
    entry.delete()


# --- End-of-year feedback ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackWindow:
    """When a mentorship's feedback may be given: ``opens_on`` to ``closes_on`` (both included)."""

    opens_on: datetime.date
    closes_on: datetime.date

    def is_open(self, today: datetime.date) -> bool:
        return self.opens_on <= today <= self.closes_on

    def has_closed(self, today: datetime.date) -> bool:
        return today > self.closes_on


def feedback_window(mentorship: Mentorship) -> FeedbackWindow:
    """Feedback opens 45 days before the school year's last day, or on the day the mentorship ended if
    that is earlier, and closes on the school year's last day (no query: the school year must be loaded).
    """
    closes_on = mentorship.school_year.end_date
    opens_on = closes_on - FEEDBACK_OPENS_BEFORE_YEAR_END
    if mentorship.status == MentorshipStatus.ENDED and mentorship.ended_on:
        opens_on = min(opens_on, mentorship.ended_on)
    return FeedbackWindow(opens_on=opens_on, closes_on=closes_on)


def submit_feedback(
    user,
    mentorship: Mentorship,
    *,
    rating: int,
    most_helpful: str = "",
    suggestions: str = "",
    would_recommend: bool = True,
    today: datetime.date | None = None,
) -> MenteeFeedback:
    """Record (or, while the school year lasts, change) the mentee's feedback on their mentorship.

    Only the mentee may answer, and only inside ``feedback_window``; there is one answer per mentorship,
    so answering again replaces the first answer.
    """
    today = today or timezone.localdate()
    if not user.is_authenticated or mentorship.mentee.user_id != user.pk:
        raise DomainError("Only the mentee of this mentorship may give feedback on it.")
    window = feedback_window(mentorship)
    if window.has_closed(today):
        raise DomainError(
            f"Feedback on {mentorship.school_year} mentorships closed on "
            f"{window.closes_on:%B} {window.closes_on.day}, {window.closes_on.year}."
        )
    if not window.is_open(today):
        raise DomainError(
            f"Feedback opens on {window.opens_on:%B} {window.opens_on.day}, {window.opens_on.year}, "
            "near the end of the school year."
        )
    if rating not in range(1, 6):
        raise DomainError("Rate your mentorship from 1 to 5.")
    for text in (most_helpful, suggestions):
        if len(text) > MAX_NOTES:
            raise DomainError(f"Answers are at most {MAX_NOTES} characters each.")
    with transaction.atomic():
        feedback, _ = MenteeFeedback.objects.select_for_update().update_or_create(
            mentorship=mentorship,
            defaults={
                "rating": rating,
                "most_helpful": most_helpful.strip(),
                "suggestions": suggestions.strip(),
                "would_recommend": would_recommend,
            },
        )
    return feedback
