"""Write workflows of interviews and their blinded scorecards, and the per-application summary.

schedule_interview   recruitment staff put an application at an interview stage in front of a panel, to be
                     rated against chosen competencies of the active framework; each panelist gets an
                     empty scorecard
update_panel         change who sits on a panel; a panelist who already submitted stays
save_scorecard       a panelist saves a draft of their own scorecard or submits it (then it is final)
interview_summary    per interview of an application: the average submitted score per competency, the
                     recommendations and who has not submitted yet, as far as the viewer may see scores

Blinding lives in recruitment.rules: a panelist reads the other panelists' scorecards only after submitting
their own. The summary reads scores through ``visible_to`` so a panelist with a draft gets no numbers,
whatever the page does with them.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from competencies.models import Competency
from competencies.queries.assessments import office_version
from leaderdev.errors import DomainError
from leaderdev.permissions import Role, has_role, visible_to

from ..models import (
    Interview,
    InterviewKind,
    Recommendation,
    Scorecard,
    ScorecardRating,
    Stage,
)

# An interview of each kind happens while the application is at its stage, and only then.
KIND_STAGE = {InterviewKind.FIRST: Stage.FIRST_INTERVIEW, InterviewKind.IN_DEPTH: Stage.IN_DEPTH_INTERVIEW}

# What each rating means, shown beside the radio buttons and in the summary.
SCORE_LEVELS = (
    (1, "Little or no evidence"),
    (2, "Some evidence"),
    (3, "Solid evidence"),
    (4, "Strong evidence"),
)


def _require_recruitment_staff(user, doing: str):
    if not has_role(user, Role.RECRUITMENT_STAFF):
        raise PermissionDenied(f"Only recruitment staff may {doing}.")


def _check_panel(panelists) -> list:
    panelists = list(dict.fromkeys(panelists))  # the same person twice is one panelist
    if not panelists:
        raise DomainError("A panel needs at least one panelist.")
    inactive = [str(p) for p in panelists if not p.is_active]
    if inactive:
        raise DomainError(f"{', '.join(inactive)} cannot sign in, so cannot sit on a panel.")
    return panelists


def _check_competencies(competencies) -> list:
    competencies = list(dict.fromkeys(competencies))
    if not competencies:
        raise DomainError("Choose at least one competency for the panel to rate.")
    version = office_version()
    if version is None:
        raise DomainError("There is no active competency framework version to rate against.")
    outside = [c for c in competencies if c.domain.version_id != version.pk]
    if outside:
        codes = ", ".join(str(c) for c in outside)
        raise DomainError(f"Rate only competencies of the active framework ({version}); not: {codes}.")
    return competencies


def schedule_interview(
    application, *, kind, scheduled_at, location="", panelists, competencies, user
) -> Interview:
    """Schedule a first or in-depth interview of `application` and give each panelist an empty scorecard.

    Recruitment staff only. The application must be at the interview's stage (a first interview at first
    interview, an in-depth one at in-depth interview); the competencies must belong to the framework
    version in use, so every panel of a cycle rates against the same standard.
    """
    _require_recruitment_staff(user, "schedule interviews")
    if kind not in KIND_STAGE:
        raise DomainError(f"“{kind}” is not a kind of interview.")
    expected = KIND_STAGE[kind]
    if application.stage != expected:
        raise DomainError(
            f"{application.candidate} is at {application.get_stage_display().lower()}; "
            f"a {InterviewKind(kind).label.lower()} happens at {expected.label.lower()}."
        )
    panelists = _check_panel(panelists)
    competencies = _check_competencies(competencies)
    with transaction.atomic():
        interview = Interview.objects.create(
            application=application, kind=kind, scheduled_at=scheduled_at, location=location.strip()
        )
        interview.panelists.set(panelists)
        interview.competencies.set(competencies)
        # One by one, not bulk_create: each new scorecard starts its audit history.
        for panelist in panelists:
            Scorecard.objects.create(interview=interview, panelist=panelist)
    return interview


def update_panel(interview, panelists, *, user) -> Interview:
    """Set who sits on `interview`'s panel: newcomers get an empty scorecard, leavers lose their draft.

    A panelist who submitted their scorecard cannot be taken off: their scores are part of the record.
    """
    _require_recruitment_staff(user, "change a panel")
    panelists = _check_panel(panelists)
    wanted = {p.pk for p in panelists}
    with transaction.atomic():
        interview = Interview.objects.select_for_update().get(pk=interview.pk)
        cards = {card.panelist_id: card for card in interview.scorecards.select_related("panelist")}
        leaving = [card for pk, card in cards.items() if pk not in wanted]
        submitted = [str(card.panelist) for card in leaving if card.is_submitted]
        if submitted:
            raise DomainError(
                f"{', '.join(submitted)} already submitted a scorecard, so they stay on the panel."
            )
        for card in leaving:
            card.delete()
        for panelist in panelists:
            if panelist.pk not in cards:
                Scorecard.objects.create(interview=interview, panelist=panelist)
        interview.panelists.set(panelists)
    return interview


def save_scorecard(scorecard, *, user, ratings, recommendation="", notes="", submit=False) -> Scorecard:
    """Save `user`'s own scorecard as a draft, or submit it.

    `ratings` maps each competency (or its pk) to ``{"score": 1-4 or None, "evidence": "..."}``; a
    competency left out or without a score has no rating. Submitting needs every competency of the
    interview rated and a recommendation, and makes the scorecard final: from then on the other
    submitted panelists read it, so it may no longer change.
    """
    if scorecard.panelist_id != user.pk:
        raise PermissionDenied("Only the panelist may fill in their scorecard.")
    with transaction.atomic():
        scorecard = Scorecard.objects.select_for_update().get(pk=scorecard.pk)
        if scorecard.is_submitted:
            local = timezone.localtime(scorecard.submitted_at)
            raise DomainError(f"You submitted this scorecard on {local:%B} {local.day}; it is final.")
        competencies = {c.pk: c for c in scorecard.interview.competencies.with_code()}
        scores: dict[int, tuple[int, str]] = {}
        for key, value in ratings.items():
            pk = getattr(key, "pk", key)
            if pk not in competencies:
                raise DomainError("Rate only the competencies this panel was asked to rate.")
            score = value.get("score")
            evidence = (value.get("evidence") or "").strip()
            if score in (None, ""):
                if evidence:
                    raise DomainError(f"Give {competencies[pk].code} a rating to keep its evidence.")
                continue
            score = int(score)
            if score not in dict(SCORE_LEVELS):
                raise DomainError(f"A rating is from 1 to 4, not {score}.")
            scores[pk] = (score, evidence)
        if recommendation and recommendation not in Recommendation.values:
            raise DomainError(f"“{recommendation}” is not a recommendation.")
        if submit:
            missing = [c.code for pk, c in competencies.items() if pk not in scores]
            if missing:
                raise DomainError(
                    f"Rate every competency before you submit; still to rate: {', '.join(missing)}."
                )
            if not recommendation:
                raise DomainError("Choose a recommendation before you submit.")

        scorecard.ratings.exclude(competency_id__in=scores).delete()
        for pk, (score, evidence) in scores.items():
            ScorecardRating.objects.update_or_create(
                scorecard=scorecard, competency_id=pk, defaults={"score": score, "evidence": evidence}
            )
        scorecard.recommendation = recommendation
        scorecard.notes = notes.strip()
        if submit:
            scorecard.submitted_at = timezone.now()
        scorecard.save()
    return scorecard


# --- The summary -------------------------------------------------------------------------------------


@dataclass
class CompetencySummary:
    competency: Competency
    average: float | None
    count: int


@dataclass
class InterviewSummary:
    """What the viewer may know of one interview's scores; `scores_visible` is False while they may not
    see the other panelists' scores (a panelist with a draft), and then every number is empty."""

    interview: Interview
    scores_visible: bool
    submitted: int
    pending: list = field(default_factory=list)
    competencies: list[CompetencySummary] = field(default_factory=list)
    recommendations: list[tuple[str, int]] = field(default_factory=list)
    scorecards: list[Scorecard] = field(default_factory=list)
    own: Scorecard | None = None


def summarize(interviews, viewer) -> list[InterviewSummary]:
    """Summaries of `interviews` (a queryset) as `viewer` may see them; a fixed number of queries.

    Who has submitted is shown to everyone who sees the interview (it says nothing of the scores); the
    scores themselves come only from the scorecards ``visible_to(viewer)``.
    """
    interviews = list(
        interviews.prefetch_related(
            Prefetch("competencies", queryset=Competency.objects.with_code()),
            Prefetch(
                "scorecards",
                queryset=Scorecard.objects.select_related("panelist").order_by("pk"),
                to_attr="all_cards",
            ),
        )
    )
    ids = [i.pk for i in interviews]
    visible_cards = (
        visible_to(viewer, Scorecard.objects.filter(interview__in=ids, submitted_at__isnull=False))
        .select_related("panelist")
        .prefetch_related(
            Prefetch(
                "ratings",
                queryset=visible_to(
                    viewer, ScorecardRating.objects.select_related("competency__domain")
                ).order_by("competency__domain__number", "competency__number"),
            )
        )
        .order_by("submitted_at", "pk")
    )
    by_interview: dict[int, list[Scorecard]] = {}
    for card in visible_cards:
        by_interview.setdefault(card.interview_id, []).append(card)

    summaries = []
    for interview in interviews:
        cards = interview.all_cards
        submitted = [c for c in cards if c.is_submitted]
        own = next((c for c in cards if c.panelist_id == viewer.pk), None)
        scores_visible = has_role(viewer, Role.RECRUITMENT_STAFF) or bool(own and own.is_submitted)
        summary = InterviewSummary(
            interview=interview,
            scores_visible=scores_visible,
            submitted=len(submitted),
            pending=[c.panelist for c in cards if not c.is_submitted],
            own=own,
        )
        if scores_visible:
            seen = by_interview.get(interview.pk, [])
            summary.scorecards = seen
            scores: dict[int, list[int]] = {}
            for card in seen:
                for rating in card.ratings.all():
                    scores.setdefault(rating.competency_id, []).append(rating.score)
            for competency in interview.competencies.all():
                values = scores.get(competency.pk, [])
                average = round(sum(values) / len(values), 2) if values else None
                summary.competencies.append(CompetencySummary(competency, average, len(values)))
            counts = Counter(card.recommendation for card in seen)
            summary.recommendations = [(label, counts[value]) for value, label in Recommendation.choices]
        summaries.append(summary)
    return summaries


def interview_summary(application, viewer) -> list[InterviewSummary]:
    """Per interview of `application`, in date order: averages of submitted scores per competency,
    recommendation counts and who has not submitted, as far as `viewer` may see scores."""
    return summarize(Interview.objects.filter(application=application).order_by("scheduled_at"), viewer)
