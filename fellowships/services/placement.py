"""Placing fellows with host principals: the mentoring app's matching engine, reused.

propose_placements   score every unplaced fellow against every confirmed host with a free place and
                     solve for the optimal assignment (mentoring.matching: as many fellows placed as the
                     hard rules allow, then the best total score); the result replaces the cohort's
                     earlier proposals, except pinned ones, which are kept as they are
pin_proposal         keep (or stop keeping) a proposed pair when the matching runs again
approve_placements   turn every proposal into a Residency, in one transaction
place_fellow         staff place one fellow with one host by hand (the same rules, checked here)
free_places          each host's places left (capacity minus residencies)

The engine's criteria mean here: the fellow's school level against the host school's, same network,
the host's strengths meeting the fellow's growth areas, a shared language, travel between the fellow's
current school and the host's, and the fellow's ranked wishes. Its hard rules: never the fellow's own
school, never a recorded conflict (mentoring.Conflict, between any two people), never a full host.
Placement is unique: one residency per fellow (a one-to-one in the database), so one host per fellow
for the year, and a host never gets more fellows than their capacity (checked under a row lock).
"""

import numpy as np
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from leaderdev.errors import DomainError
from leaderdev.models import Network
from mentoring import matching
from mentoring.models import Conflict
from mentoring.services.matching import LoadedRound, explain_pairs, language_matrix, side_from_rows

from ..models import (
    Cohort,
    Fellow,
    FellowStatus,
    Host,
    HostPreference,
    HostStatus,
    Milestone,
    PlacementProposal,
    Residency,
)

# The weights of the criteria for fellow-host matching (0-10, as mentoring rounds use them): learning
# what the fellow needs from a host at a similar school matters most; travel matters less than for
# monthly mentoring, because a resident goes to one school and stays there.
DEFAULT_WEIGHTS = {
    "same_level": 6,
    "same_network": 2,
    "strengths": 8,
    "language": 3,
    "distance": 3,
    "preference": 7,
}
PERSON_SCHOOL_FIELDS = (
    "person_id",
    "person__first_name",
    "person__last_name",
    "person__school_id",
    "person__school__name",
    "person__school__level",
    "person__school__network_id",
    "person__school__latitude",
    "person__school__longitude",
)


def unplaced_fellows(cohort: Cohort):
    """The cohort's fellows in residency who have no residency yet."""
    return Fellow.objects.filter(cohort=cohort, status=FellowStatus.ACTIVE, residency__isnull=True)


def hosts_with_places(cohort: Cohort):
    """Confirmed hosts of the cohort, annotated with ``taken`` residencies and ``free`` places."""
    return (
        Host.objects.filter(cohort=cohort, status=HostStatus.CONFIRMED)
        .annotate(taken=Count("residencies"))
        .annotate(free=models_free())
    )


def models_free():
    from django.db.models import F

    return F("capacity") - F("taken")


def free_places(host: Host) -> int:
    return host.capacity - Residency.objects.filter(host=host).count()


def _rules_broken(fellow: Fellow, host: Host) -> list[str]:
    reasons = []
    if fellow.person_id == host.person_id:
        reasons.append("a fellow cannot host themselves")
    if fellow.person.school_id and fellow.person.school_id == host.person.school_id:
        reasons.append("the host school is the fellow's own school")
    if Conflict.objects.filter(
        Q(mentee_id=fellow.person_id, mentor_id=host.person_id)
        | Q(mentee_id=host.person_id, mentor_id=fellow.person_id)
    ).exists():
        reasons.append("a conflict is recorded between them")
    if host.status != HostStatus.CONFIRMED:
        reasons.append("the host has not confirmed")
    if host.cohort_id != fellow.cohort_id:
        reasons.append("the host belongs to another cohort")
    return reasons


def load_problem(cohort: Cohort, weights: dict | None = None, *, pinned=()) -> LoadedRound:
    """The cohort's unplaced fellows and hosts with places as the engine's Problem (fixed queries)."""
    weights = {**DEFAULT_WEIGHTS, **(weights or {})}
    fellow_rows = list(
        unplaced_fellows(cohort).order_by("pk").values("pk", "languages", *PERSON_SCHOOL_FIELDS)
    )
    host_rows = list(
        hosts_with_places(cohort)
        .filter(free__gt=0)
        .order_by("pk")
        .values("pk", "languages", "free", *PERSON_SCHOOL_FIELDS)
    )
    fellow_index = {row["pk"]: i for i, row in enumerate(fellow_rows)}
    host_index = {row["pk"]: j for j, row in enumerate(host_rows)}
    host_by_person = {row["person_id"]: j for j, row in enumerate(host_rows)}
    fellow_by_person = {row["person_id"]: i for i, row in enumerate(fellow_rows)}

    needs = list(
        Fellow.growth_areas.through.objects.filter(fellow__cohort=cohort).values_list(
            "fellow_id", "competency__domain__number", "competency__number"
        )
    )
    strengths = list(
        Host.strengths.through.objects.filter(host__cohort=cohort).values_list(
            "host_id", "competency__domain__number", "competency__number"
        )
    )
    codes = sorted({(d, c) for _, d, c in needs} | {(d, c) for _, d, c in strengths})
    code_index = {code: k for k, code in enumerate(codes)}
    n, m = len(fellow_rows), len(host_rows)
    need_matrix = np.zeros((n, len(codes)), dtype=bool)
    for fellow_id, d, c in needs:
        if fellow_id in fellow_index:
            need_matrix[fellow_index[fellow_id], code_index[(d, c)]] = True
    strength_matrix = np.zeros((m, len(codes)), dtype=bool)
    for host_id, d, c in strengths:
        if host_id in host_index:
            strength_matrix[host_index[host_id], code_index[(d, c)]] = True

    rank = np.zeros((n, m), dtype=int)
    for fellow_id, host_id, r in HostPreference.objects.filter(fellow__cohort=cohort).values_list(
        "fellow_id", "host_id", "rank"
    ):
        if fellow_id in fellow_index and host_id in host_index:
            rank[fellow_index[fellow_id], host_index[host_id]] = r

    conflict = np.zeros((n, m), dtype=bool)
    people = set(fellow_by_person) | set(host_by_person)
    pairs = Conflict.objects.filter(mentee_id__in=people, mentor_id__in=people).values_list(
        "mentee_id", "mentor_id"
    )
    for a, b in pairs:
        for f, h in ((a, b), (b, a)):
            if f in fellow_by_person and h in host_by_person:
                conflict[fellow_by_person[f], host_by_person[h]] = True

    pins = [(fellow_index[f], host_index[h]) for f, h in pinned if f in fellow_index and h in host_index]
    problem = matching.Problem(
        mentees=side_from_rows(
            fellow_rows,
            "person__",
            need_matrix,
            language_matrix([r["languages"] for r in fellow_rows]),
            [r["pk"] for r in fellow_rows],
            [r["person_id"] for r in fellow_rows],
        ),
        mentors=side_from_rows(
            host_rows,
            "person__",
            strength_matrix,
            language_matrix([r["languages"] for r in host_rows]),
            [r["pk"] for r in host_rows],
            [r["person_id"] for r in host_rows],
        ),
        capacity=np.array([r["free"] for r in host_rows], dtype=int).reshape(m),
        weights={k: float(v) for k, v in weights.items()},
        preference_rank=rank,
        conflict=conflict,
        forbidden=np.zeros((n, m), dtype=bool),
        pins=pins,
        nouns=("fellow", "host"),
    )
    # explain_pairs reads a mentee's school as "school__..." and a mentor's as "person__school__...".
    mentees = [
        {**row, **{k.removeprefix("person__"): v for k, v in row.items() if k.startswith("person__school")}}
        for row in fellow_rows
    ]
    return LoadedRound(
        problem=problem,
        mentees=mentees,
        mentors=host_rows,
        competency_codes=[f"{d}.{c}" for d, c in codes],
        network_names=dict(Network.objects.values_list("pk", "name")),
    )


def propose_placements(
    cohort: Cohort, *, weights: dict | None = None
) -> tuple[list[PlacementProposal], list]:
    """Compute the optimal fellow-host pairs for the cohort's unplaced fellows and save them as proposals.

    Pinned proposals are kept and given to the engine as pins; every other proposal is replaced.
    Returns the saved proposals and the engine's list of unmatched fellows (with reasons, as
    ``(fellow, detail)``).
    """
    with transaction.atomic():
        Cohort.objects.select_for_update().get(pk=cohort.pk)
        pinned = list(
            PlacementProposal.objects.filter(cohort=cohort, pinned=True).values_list("fellow_id", "host_id")
        )
        loaded = load_problem(cohort, weights, pinned=pinned)
        try:
            result = matching.solve(loaded.problem)
        except matching.MatchingError as error:
            raise DomainError(f"The matching could not run: {error} Unpin a pair and try again.") from error
        breakdowns = explain_pairs(loaded, result, chooser="Fellow")
        PlacementProposal.objects.filter(cohort=cohort).delete()
        proposals = PlacementProposal.objects.bulk_create(
            [
                PlacementProposal(
                    cohort=cohort,
                    fellow_id=loaded.mentees[i]["pk"],
                    host_id=loaded.mentors[j]["pk"],
                    score=round(result.pair_score(i, j), 4),
                    breakdown=breakdown,
                    pinned=(i, j) in result.pinned,
                )
                for (i, j), breakdown in zip(result.pairs, breakdowns, strict=True)
            ]
        )
    fellows = {
        f.pk: f
        for f in Fellow.objects.filter(
            pk__in=[loaded.mentees[u.mentee]["pk"] for u in result.unmatched]
        ).select_related("person")
    }
    unmatched = [(fellows[loaded.mentees[u.mentee]["pk"]], u.detail) for u in result.unmatched]
    return proposals, unmatched


def pin_proposal(proposal: PlacementProposal, pinned: bool = True) -> PlacementProposal:
    proposal.pinned = pinned
    proposal.save(update_fields=["pinned"])
    return proposal


def place_fellow(fellow: Fellow, host: Host, *, user=None, score=None, breakdown=None) -> Residency:
    """Start `fellow`'s residency with `host`, checking the hard rules and the host's free places.

    Locks the host's row so two placements cannot take the same last place; the one-to-one from
    Residency to Fellow refuses a second residency for the same fellow.
    """
    with transaction.atomic():
        host = Host.objects.select_for_update(of=("self",)).select_related("person__school").get(pk=host.pk)
        fellow = Fellow.objects.select_related("person", "cohort").get(pk=fellow.pk)
        if fellow.status != FellowStatus.ACTIVE:
            raise DomainError(f"{fellow.person} is not in residency ({fellow.get_status_display().lower()}).")
        if Residency.objects.filter(fellow=fellow).exists():
            raise DomainError(f"{fellow.person} already has a host this year.")
        broken = _rules_broken(fellow, host)
        if broken:
            raise DomainError(f"{fellow.person} cannot be placed with {host.person}: {'; '.join(broken)}.")
        if free_places(host) <= 0:
            raise DomainError(f"{host.person} has no free place left (hosts {host.capacity}).")
        if host.person.school_id is None:
            raise DomainError(f"{host.person} has no school to host at.")
        start = max(timezone.localdate(), fellow.cohort.residency_starts_on)
        residency = Residency.objects.create(
            fellow=fellow,
            host=host,
            school_id=host.person.school_id,
            started_on=start,
            match_score=score,
            match_breakdown=breakdown or {},
            approved_by=user,
        )
        _copy_milestones(residency)
        PlacementProposal.objects.filter(fellow=fellow).delete()
    return residency


def _copy_milestones(residency: Residency) -> None:
    template = list(residency.fellow.cohort.milestones.prefetch_related("competencies"))
    made = Milestone.objects.bulk_create(
        [
            Milestone(residency=residency, title=m.title, description=m.description, due_on=m.due_on)
            for m in template
        ]
    )
    through = Milestone.competencies.through
    through.objects.bulk_create(
        [
            through(milestone_id=new.pk, competency_id=competency.pk)
            for new, old in zip(made, template, strict=True)
            for competency in old.competencies.all()
        ]
    )


def approve_placements(cohort: Cohort, *, user) -> list[Residency]:
    """Turn all of the cohort's proposals into residencies, all or nothing (a stale one refuses all)."""
    with transaction.atomic():
        Cohort.objects.select_for_update().get(pk=cohort.pk)
        proposals = list(PlacementProposal.objects.filter(cohort=cohort).select_related("fellow", "host"))
        if not proposals:
            raise DomainError("There are no proposals to approve; run the matching first.")
        residencies = []
        for proposal in proposals:
            try:
                residencies.append(
                    place_fellow(
                        proposal.fellow,
                        proposal.host,
                        user=user,
                        score=proposal.score,
                        breakdown=proposal.breakdown,
                    )
                )
            except DomainError as error:
                raise DomainError(
                    f"{error} The hosts or fellows changed since the matching ran: run it again."
                ) from error
    return residencies
