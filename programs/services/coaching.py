"""School teams: logging coaching sessions and recording spotlights.

A coaching session is with a school team (team coaching) or with one of its members on their role in the
initiative (individual coaching, perhaps with an onsite observation and feedback). Each is tied to the
action steps and competencies it worked on. The writes run in one transaction and raise DomainError with a
sentence for people when the session does not hold together.
"""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from leaderdev.errors import DomainError
from leaderdev.models import Person, School

from ..models import ActionStep, CoachingKind, CoachingSession, Facilitator, SchoolTeam, Spotlight


def eligible_participants(team: SchoolTeam):
    """Who may be coached with `team`: its current members and the school's active staff."""
    return Person.objects.filter(
        Q(team_memberships__team=team, team_memberships__end_date__isnull=True)
        | Q(school_id=team.school_id, is_active=True)
    ).distinct()


def _check(team, kind, participants, action_steps, is_observation) -> None:
    if kind not in CoachingKind.values:
        raise DomainError("Choose team coaching or individual coaching.")
    if not participants:
        raise DomainError("Choose who was coached.")
    if kind == CoachingKind.INDIVIDUAL and len(participants) != 1:
        raise DomainError("Individual coaching is with exactly one participant.")
    if is_observation and kind != CoachingKind.INDIVIDUAL:
        raise DomainError("An onsite observation is part of individual coaching, not team coaching.")
    eligible = set(
        eligible_participants(team).filter(pk__in=[p.pk for p in participants]).values_list("pk", flat=True)
    )
    outsiders = [p for p in participants if p.pk not in eligible]
    if outsiders:
        names = ", ".join(p.full_name for p in outsiders)
        raise DomainError(f"{names} is not on the {team} nor on {team.school}'s staff.")
    foreign = [s for s in action_steps if s.initiative.team_id != team.pk]
    if foreign:
        raise DomainError(f"“{foreign[0]}” is a step of another team's initiative.")


@transaction.atomic
def log_session(
    team: SchoolTeam,
    *,
    kind: str,
    held_on: datetime.date,
    coach: Facilitator,
    participants: Iterable[Person],
    action_steps: Iterable[ActionStep] = (),
    competencies: Iterable = (),
    focus: str,
    is_observation: bool = False,
    notes: str = "",
    next_steps: str = "",
    duration_minutes: int = 60,
) -> CoachingSession:
    """Record a coaching session with `team` (team coaching) or one of its people (individual coaching).

    Individual coaching has exactly one participant; participants are the team's current members or the
    school's staff; the action steps belong to the team's initiatives; only individual coaching may be an
    onsite observation. Returns the new session.
    """
    participants, action_steps = list(participants), list(action_steps)
    _check(team, kind, participants, action_steps, is_observation)
    session = CoachingSession.objects.create(
        team=team,
        kind=kind,
        held_on=held_on,
        coach=coach,
        focus=focus,
        is_observation=is_observation,
        notes=notes,
        next_steps=next_steps,
        duration_minutes=duration_minutes,
    )
    session.participants.set(participants)
    session.action_steps.set(action_steps)
    session.competencies.set(list(competencies))
    return session


@transaction.atomic
def edit_session(
    session: CoachingSession,
    *,
    kind: str,
    held_on: datetime.date,
    coach: Facilitator,
    participants: Iterable[Person],
    action_steps: Iterable[ActionStep] = (),
    competencies: Iterable = (),
    focus: str,
    is_observation: bool = False,
    notes: str = "",
    next_steps: str = "",
    duration_minutes: int = 60,
) -> CoachingSession:
    """Change a logged session; the same rules as log_session hold. Returns the session."""
    participants, action_steps = list(participants), list(action_steps)
    _check(session.team, kind, participants, action_steps, is_observation)
    session.kind, session.held_on, session.coach, session.focus = kind, held_on, coach, focus
    session.is_observation, session.notes, session.next_steps = is_observation, notes, next_steps
    session.duration_minutes = duration_minutes
    session.save()
    session.participants.set(participants)
    session.action_steps.set(action_steps)
    session.competencies.set(list(competencies))
    return session


@transaction.atomic
def save_spotlight(
    spotlight: Spotlight,
    *,
    school: School,
    title: str,
    practice: str,
    held_on: datetime.date,
    initiative=None,
    session=None,
    presenters: Iterable[Person] = (),
    competencies: Iterable = (),
) -> Spotlight:
    """Record a new spotlight (an unsaved Spotlight()) or change one.

    The initiative shown must be one of the school's teams'; presenters are whoever presented, from any
    school (a partner school's principal may co-present). Returns the spotlight.
    """
    if initiative is not None and initiative.team.school_id != school.pk:
        raise DomainError(f"“{initiative.title}” is another school's initiative.")
    spotlight.school, spotlight.title, spotlight.practice = school, title, practice
    spotlight.held_on, spotlight.initiative, spotlight.session = held_on, initiative, session
    spotlight.save()
    spotlight.presenters.set(list(presenters))
    spotlight.competencies.set(list(competencies))
    return spotlight
