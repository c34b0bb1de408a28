"""Read paths of the interview and reference-check pages, each a fixed number of queries.

Every record is fetched through the object rules (recruitment.rules): ``candidate_or_403`` answers 403 to a
signed-in user who may not see the candidate (a leader, a mentor, a panelist of another candidate) and 404
when nothing exists. Scores are read through ``visible_to`` (services.interviews.summarize), so a panelist
with a draft never receives the other panelists' scores, whatever a template does.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.utils import timezone

from competencies.models import Competency
from leaderdev.permissions import Role, has_role, visible_to

from ..models import (
    REFERENCE_QUESTIONS,
    Application,
    ContactAttempt,
    Interview,
    ReferenceCheck,
    Scorecard,
    ScorecardRating,
)
from ..rules import candidate_or_403
from ..services.interviews import InterviewSummary, summarize
from ..services.references import unanswered


def application_for(user, pk: int) -> Application:
    """An application `user` may see, with its candidate and cycle (403 when it is not theirs)."""
    return candidate_or_403(user, Application.objects.select_related("candidate", "cycle"), pk=pk)


# --- Interviews --------------------------------------------------------------------------------------


@dataclass
class PanelSeat:
    """One panelist of an interview, their scorecard's status, and the card when the viewer may read it."""

    panelist: object
    submitted_at: object
    started: bool
    card: Scorecard | None
    is_viewer: bool


@dataclass
class InterviewPage:
    interview: Interview
    summary: InterviewSummary
    seats: list[PanelSeat]
    own_scorecard: Scorecard | None
    is_staff: bool

    @property
    def own_seat(self) -> PanelSeat | None:
        return next((seat for seat in self.seats if seat.is_viewer), None)

    @property
    def may_score(self) -> bool:
        return self.own_scorecard is not None and not self.own_scorecard.is_submitted


def interview_page(user, pk: int) -> InterviewPage:
    """An interview as `user` may see it: the panel and each seat's status; the other panelists'
    scorecards and the summary only when the rules let `user` read them."""
    candidate_or_403(user, Interview.objects.all(), pk=pk)
    summary = summarize(
        Interview.objects.filter(pk=pk).select_related(
            "application__candidate", "application__cycle", "application__source"
        ),
        user,
    )[0]
    interview = summary.interview
    readable = {card.pk: card for card in summary.scorecards}
    started = set(
        ScorecardRating.objects.filter(scorecard__interview=interview).values_list("scorecard_id", flat=True)
    )
    seats = [
        PanelSeat(
            panelist=card.panelist,
            submitted_at=card.submitted_at,
            started=card.pk in started or bool(card.recommendation),
            card=readable.get(card.pk),
            is_viewer=card.panelist_id == user.pk,
        )
        for card in interview.all_cards
    ]
    seats.sort(key=lambda seat: (not seat.is_viewer, str(seat.panelist)))
    own = next((card for card in interview.all_cards if card.panelist_id == user.pk), None)
    return InterviewPage(
        interview=interview,
        summary=summary,
        seats=seats,
        own_scorecard=own,
        is_staff=has_role(user, Role.RECRUITMENT_STAFF),
    )


def interview_for(user, pk: int) -> Interview:
    """An interview `user` may see, with its application, candidate and panel (403 when not theirs)."""
    return candidate_or_403(
        user,
        Interview.objects.select_related("application__candidate", "application__cycle").prefetch_related(
            "panelists"
        ),
        pk=pk,
    )


def own_scorecard(user, interview: Interview) -> Scorecard:
    """`user`'s own scorecard of `interview`, its ratings loaded; 403 for someone not on the panel."""
    card = Scorecard.objects.filter(interview=interview, panelist=user).prefetch_related("ratings").first()
    if card is None:
        raise PermissionDenied("Only the panelists of this interview have a scorecard to fill in.")
    return card


def interview_competencies(interview: Interview) -> list[Competency]:
    return list(interview.competencies.with_code())


def my_interviews(user) -> tuple[list[Interview], list[Interview]]:
    """`user`'s own panels, (upcoming, past), each with `my_submitted_at` and `my_started`.

    Only panels `user` sits on, even for recruitment staff: this is their own to-do list.
    """
    own = Scorecard.objects.filter(interview=OuterRef("pk"), panelist=user)
    interviews = list(
        visible_to(user, Interview.objects.filter(panelists=user))
        .select_related("application__candidate", "application__cycle")
        .annotate(
            my_submitted_at=Subquery(own.values("submitted_at")[:1]),
            my_started=Exists(
                ScorecardRating.objects.filter(scorecard__interview=OuterRef("pk"), scorecard__panelist=user)
            ),
        )
        .order_by("scheduled_at")
    )
    now = timezone.now()
    upcoming = [i for i in interviews if i.scheduled_at >= now or i.my_submitted_at is None]
    past = [i for i in interviews if i not in upcoming]
    past.reverse()
    return upcoming, past


# --- Reference checks --------------------------------------------------------------------------------


def reference_page(user, pk: int) -> ReferenceCheck:
    """A reference check `user` may see, with its attempts (who made them) and its answers in question
    order as `questions`: [(question, answer), ...]."""
    reference = candidate_or_403(
        user,
        ReferenceCheck.objects.select_related(
            "application__candidate", "application__cycle", "checked_by"
        ).prefetch_related(
            Prefetch("attempts", queryset=ContactAttempt.objects.select_related("by").order_by("-at"))
        ),
        pk=pk,
    )
    answers = reference.answers or {}
    reference.questions = [(text, answers.get(key, "")) for key, text in REFERENCE_QUESTIONS]
    reference.unanswered = unanswered(reference)
    return reference


def reference_for(user, pk: int) -> ReferenceCheck:
    """A reference check `user` may see, with its application and candidate (403 when not theirs)."""
    return candidate_or_403(user, ReferenceCheck.objects.select_related("application__candidate"), pk=pk)


# --- The application page's interviews and references -----------------------------------------------


def application_extra(user, application: Application) -> dict:
    """What the application page shows of interviews and references, as `user` may see it."""
    summaries = summarize(
        visible_to(user, Interview.objects.filter(application=application)).order_by("scheduled_at"), user
    )
    references = list(
        visible_to(user, ReferenceCheck.objects.filter(application=application)).order_by("created_at")
    )
    return {"summaries": summaries, "references": references}
