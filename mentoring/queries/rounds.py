"""Read paths of matching rounds, for the staff pages: the list, a round's heading, its proposals with
their score breakdowns, the unmatched, the pins and forbids, and its progress.

Each returns a queryset (or plain rows built from one page of it) whose cost is a fixed number of
queries however many proposals a round has: counts are subqueries, people come with their school and
network, and a page of proposals is turned into rows in Python from what was already read.
"""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ..models import (
    CRITERIA,
    ConstraintKind,
    MatchConstraint,
    MatchProposal,
    MatchRound,
    RoundStatus,
    UnmatchedMentee,
)

ACTIVE_STATUSES = (RoundStatus.QUEUED, RoundStatus.RUNNING)

# Short names for the breakdown's narrow column, in CRITERIA order; the full label is the legend's.
SHORT_LABELS = {
    "same_level": "Level",
    "same_network": "Network",
    "strengths": "Strengths",
    "language": "Language",
    "distance": "Travel",
    "preference": "Preference",
}


def _count(model, **extra) -> Coalesce:
    """The number of `model` rows of each round, as a subquery (no join that multiplies rows)."""
    rows = (
        model.objects.filter(round=OuterRef("pk"), **extra)
        .order_by()
        .values("round")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def rounds() -> QuerySet[MatchRound]:
    """Rounds with their year and people, and how many pairs they propose and leave unmatched."""
    return MatchRound.objects.select_related("school_year", "created_by", "approved_by").annotate(
        pair_count=_count(MatchProposal),
        unmatched_count=_count(UnmatchedMentee),
        pinned_count=_count(MatchProposal, pinned=True),
    )


def round_list() -> QuerySet[MatchRound]:
    """The staff list of rounds, newest first (the list page filters it by school year)."""
    return rounds().order_by("-school_year__start_date", "-created_at", "-pk")


def is_active(match_round: MatchRound) -> bool:
    """Whether the round is waiting for or on a worker, so its page shows progress."""
    return match_round.status in ACTIVE_STATUSES


def progress(match_round: MatchRound) -> dict:
    """What the progress endpoint answers: status, percent, message, and whether it is still going."""
    return {
        "status": match_round.status,
        "status_label": match_round.get_status_display(),
        "progress": match_round.progress,
        "message": match_round.progress_message,
        "active": is_active(match_round),
    }


def weights(match_round: MatchRound) -> list[tuple[str, str, int]]:
    """(key, label, weight) of each criterion, in display order."""
    return [(key, label, getattr(match_round, f"weight_{key}")) for key, label in CRITERIA]


def max_score(match_round: MatchRound) -> int:
    """The best score a pair can reach in the round: every criterion in full, the sum of the weights."""
    return sum(weight for _, _, weight in weights(match_round))


# --- Proposals ---------------------------------------------------------------------------------------


def proposals(match_round: MatchRound) -> QuerySet[MatchProposal]:
    """The round's proposals, best first, with both people's school and network."""
    return (
        MatchProposal.objects.filter(round=match_round)
        .select_related("mentee__school__network", "mentor__person__school__network")
        .order_by("-score", "mentee__last_name", "mentee__first_name", "pk")
    )


@dataclass
class Criterion:
    """One line of a pair's breakdown."""

    key: str
    label: str
    short_label: str
    points: float
    weight: int
    why: str

    @property
    def percent_of_weight(self) -> int:
        """How much of this criterion's possible points the pair earns, 0-100 (the line's bar)."""
        return _percent(self.points, self.weight)


@dataclass
class ProposalRow:
    """One line of the proposals table: the pair, its breakdown and its current pin or forbid."""

    proposal: MatchProposal
    criteria: list[Criterion]
    max_score: int
    constraint: MatchConstraint | None

    @property
    def segments(self) -> list[tuple[str, int]]:
        """(criterion key, percent of the best possible score) for the stacked score bar."""
        return [(c.key, _percent(c.points, self.max_score)) for c in self.criteria if c.points > 0]

    @property
    def is_pinned_now(self) -> bool:
        return self.constraint is not None and self.constraint.kind == ConstraintKind.PIN

    @property
    def is_forbidden_now(self) -> bool:
        return self.constraint is not None and self.constraint.kind == ConstraintKind.FORBID


def _percent(part: float, whole: float) -> int:
    if whole <= 0:
        return 0
    return max(0, min(100, round(100 * part / whole)))


def proposal_rows(match_round: MatchRound, page, constraints: list[MatchConstraint]) -> list[ProposalRow]:
    """Rows for one page of ``proposals(round)``, matched to the round's current pins and forbids.

    No query: the breakdown is the proposal's own JSON, the constraints are the list the page shows.
    """
    by_pair = {(c.mentee_id, c.mentor_id): c for c in constraints}
    round_weights = weights(match_round)
    best = max_score(match_round)
    rows = []
    for proposal in page:
        breakdown = proposal.breakdown or {}
        criteria = [
            Criterion(
                key=key,
                label=label,
                short_label=SHORT_LABELS[key],
                points=float(breakdown.get(key, {}).get("points", 0.0)),
                weight=weight,
                why=breakdown.get(key, {}).get("why", ""),
            )
            for key, label, weight in round_weights
        ]
        rows.append(
            ProposalRow(
                proposal=proposal,
                criteria=criteria,
                max_score=best,
                constraint=by_pair.get((proposal.mentee_id, proposal.mentor_id)),
            )
        )
    return rows


# --- Unmatched, pins and forbids ------------------------------------------------------------------------


def unmatched(match_round: MatchRound) -> QuerySet[UnmatchedMentee]:
    """Who the round could not match and why, by name, with their school."""
    return (
        UnmatchedMentee.objects.filter(round=match_round)
        .select_related("mentee__school__network")
        .order_by("mentee__last_name", "mentee__first_name", "pk")
    )


def constraints(match_round: MatchRound) -> list[MatchConstraint]:
    """The round's pins and forbids, pins first, with both people's school."""
    return list(
        MatchConstraint.objects.filter(round=match_round)
        .select_related("mentee__school", "mentor__person__school", "created_by")
        .order_by("kind", "mentee__last_name", "mentee__first_name", "pk")
    )


def constraints_changed_since_run(match_round: MatchRound, round_constraints: list[MatchConstraint]) -> bool:
    """Whether a pin or forbid was set after the round last ran, so its proposals do not show it yet."""
    if match_round.computed_at is None:
        return bool(round_constraints)
    return any(c.created_at > match_round.computed_at for c in round_constraints)
