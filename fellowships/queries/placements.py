"""Read paths of the placements page: the cohort's counts, proposals with their explained scores, the
residencies made, and what the manual placement form offers. A fixed number of queries per page.
"""

from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum

from mentoring.models import CRITERIA
from mentoring.queries.rounds import SHORT_LABELS, Criterion

from ..models import Cohort, Fellow, FellowStatus, Host, HostStatus, PlacementProposal, Residency
from ..services.placement import DEFAULT_WEIGHTS, hosts_with_places, unplaced_fellows

LABELS = {**dict(CRITERIA), "preference": "Fellow's preference"}


@dataclass(frozen=True)
class CohortCounts:
    fellows: int
    placed: int
    hosts: int
    places: int
    taken: int

    @property
    def unplaced(self) -> int:
        return self.fellows - self.placed

    @property
    def free_places(self) -> int:
        return self.places - self.taken


def counts(cohort: Cohort) -> CohortCounts:
    """Fellows in residency and how many are placed; confirmed hosts, their places and those taken."""
    fellows = Fellow.objects.filter(cohort=cohort, status=FellowStatus.ACTIVE).aggregate(
        fellows=Count("pk"), placed=Count("residency")
    )
    hosts = Host.objects.filter(cohort=cohort, status=HostStatus.CONFIRMED).aggregate(
        hosts=Count("pk"), places=Sum("capacity")
    )
    taken = Residency.objects.filter(fellow__cohort=cohort).count()
    return CohortCounts(fellows["fellows"], fellows["placed"], hosts["hosts"], hosts["places"] or 0, taken)


def weights() -> list[tuple[str, str, int]]:
    return [(key, LABELS[key], DEFAULT_WEIGHTS[key]) for key, _ in CRITERIA]


def max_score() -> int:
    return sum(DEFAULT_WEIGHTS.values())


@dataclass
class ProposalRow:
    proposal: PlacementProposal
    criteria: list[Criterion]
    max_score: int

    @property
    def segments(self) -> list[tuple[str, int]]:
        return [(c.key, _percent(c.points, self.max_score)) for c in self.criteria if c.points > 0]


def _percent(part: float, whole: float) -> int:
    return 0 if whole <= 0 else max(0, min(100, round(100 * part / whole)))


def proposal_rows(cohort: Cohort) -> list[ProposalRow]:
    """The cohort's proposals, best first, each with its breakdown as lines (one query)."""
    best = max_score()
    rows = []
    proposals = (
        PlacementProposal.objects.filter(cohort=cohort)
        .select_related("fellow__person__school", "host__person__school")
        .order_by("-score", "fellow__person__last_name", "pk")
    )
    for proposal in proposals:
        breakdown = proposal.breakdown or {}
        rows.append(
            ProposalRow(
                proposal=proposal,
                criteria=[
                    Criterion(
                        key=key,
                        label=label,
                        short_label=SHORT_LABELS[key],
                        points=float(breakdown.get(key, {}).get("points", 0.0)),
                        weight=weight,
                        why=breakdown.get(key, {}).get("why", ""),
                    )
                    for key, label, weight in weights()
                ],
                max_score=best,
            )
        )
    return rows


def residencies(cohort: Cohort):
    return (
        Residency.objects.filter(fellow__cohort=cohort)
        .select_related("fellow__person", "host__person", "school")
        .order_by("fellow__person__last_name", "fellow__person__first_name")
    )


def placeable_fellows(cohort: Cohort):
    return (
        unplaced_fellows(cohort)
        .select_related("person__school")
        .order_by("person__last_name", "person__first_name")
    )


def hosts_to_offer(cohort: Cohort):
    return (
        hosts_with_places(cohort)
        .filter(free__gt=0)
        .select_related("person__school")
        .order_by("person__last_name", "person__first_name")
    )


def hosts(cohort: Cohort):
    """Every host of the cohort with places taken, for the hosts table."""
    return (
        Host.objects.filter(cohort=cohort)
        .annotate(taken=Count("residencies"), free=F("capacity") - Count("residencies"))
        .select_related("person__school")
        .order_by("status", "person__last_name")
    )


def unproposed_count(cohort: Cohort) -> int:
    return unplaced_fellows(cohort).filter(~Q(pk__in=PlacementProposal.objects.values("fellow_id"))).count()
