"""Who may see what in recruitment (see leaderdev.permissions for how rules combine).

Candidates' personal data, applications, scorecards and references are visible only to recruitment staff
and to the panelists of that candidate's interviews. Scorecards are blinded: a panelist sees their own
scorecard, and the other panelists' submitted scorecards of an interview only once they have submitted
their own. Pages answer 403 to a signed-in user who may not see a candidate (``may_see_candidate``), so
a leader, a mentor or a panelist of another candidate learns nothing, not even whether it exists in
their reach.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q

from leaderdev.permissions import Role, grant_admin, has_role, rule, visible_to

from .models import (
    Application,
    Candidate,
    ContactAttempt,
    HiringCycle,
    Interview,
    Opening,
    ReferenceCheck,
    Scorecard,
    ScorecardRating,
    Source,
    StageChange,
)


def _recruitment_staff(user):
    return has_role(user, Role.RECRUITMENT_STAFF)


for _model in (
    HiringCycle,
    Opening,
    Source,
    Candidate,
    Application,
    StageChange,
    Interview,
    Scorecard,
    ScorecardRating,
    ReferenceCheck,
    ContactAttempt,
):
    rule(_model)(_recruitment_staff)


def _panels_of(user, application_ref: str):
    """Exists: `user` sits on a panel of the application at `application_ref` (an OuterRef path)."""
    return Exists(
        Interview.panelists.through.objects.filter(
            interview__application=OuterRef(application_ref), user=user
        )
    )


@rule(Candidate)
def panelists_see_their_candidates(user):
    return Q(
        Exists(
            Interview.panelists.through.objects.filter(
                interview__application__candidate=OuterRef("pk"), user=user
            )
        )
    )


@rule(Application)
def panelists_see_their_applications(user):
    return Q(_panels_of(user, "pk"))


@rule(StageChange)
@rule(ReferenceCheck)
def panelists_see_their_applications_history_and_references(user):
    return Q(_panels_of(user, "application"))


@rule(ContactAttempt)
def panelists_see_reference_attempts(user):
    return Q(_panels_of(user, "reference__application"))


@rule(Interview)
def panelists_see_their_candidates_interviews(user):
    return Q(_panels_of(user, "application"))


@rule(Scorecard)
def panelists_see_their_own_scorecards(user):
    return Q(panelist=user)


@rule(Scorecard)
def panelists_see_submitted_scorecards_once_they_submitted(user):
    return Q(submitted_at__isnull=False) & Q(
        Exists(
            Scorecard.objects.filter(
                interview=OuterRef("interview"), panelist=user, submitted_at__isnull=False
            )
        )
    )


@rule(ScorecardRating)
def ratings_follow_their_scorecard(user):
    return Q(scorecard__panelist=user) | (
        Q(scorecard__submitted_at__isnull=False)
        & Q(
            Exists(
                Scorecard.objects.filter(
                    interview=OuterRef("scorecard__interview"), panelist=user, submitted_at__isnull=False
                )
            )
        )
    )


def may_see_candidate(user, candidate) -> bool:
    return visible_to(user, Candidate.objects.filter(pk=candidate.pk)).exists()


def candidate_or_403(user, queryset, **lookup):
    """Fetch a candidate-side record the user may see; 403 (not 404) when it exists but is not theirs.

    The issue asks that a leader, a mentor and a panelist of another candidate get 403: the page exists,
    their role does not reach it. A record that does not exist at all is still 404.
    """
    from django.http import Http404

    obj = visible_to(user, queryset).filter(**lookup).first()
    if obj is not None:
        return obj
    if queryset.model._default_manager.filter(**lookup).exists():
        raise PermissionDenied("Only recruitment staff and this candidate's panelists may see this.")
    raise Http404(f"No {queryset.model._meta.verbose_name} found.")


for _label in (
    "recruitment.hiringcycle",
    "recruitment.opening",
    "recruitment.source",
    "recruitment.candidate",
    "recruitment.application",
    "recruitment.stagechange",
    "recruitment.interview",
    "recruitment.scorecard",
    "recruitment.scorecardrating",
    "recruitment.referencecheck",
    "recruitment.contactattempt",
):
    grant_admin(Role.RECRUITMENT_STAFF, _label, "add", "change", "delete", "view")
