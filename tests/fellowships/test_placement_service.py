"""Placing fellows with hosts: mentoring's matching engine proposes, staff approve, the rules hold.

One host per fellow per year (a second residency is refused, also in the database), a host never gets
more fellows than their places, never the fellow's own school, never a recorded conflict.
"""

import datetime

import pytest
from django.db import IntegrityError, transaction

from competencies.models import Competency
from fellowships.models import FellowStatus, HostStatus, Milestone, PlacementProposal, Residency
from fellowships.services import placement
from leaderdev.errors import DomainError
from mentoring.models import Conflict, ConflictReason
from tests.factories.district import SchoolFactory
from tests.factories.fellowships import (
    CohortFactory,
    CohortMilestoneFactory,
    FellowFactory,
    HostFactory,
    HostPreferenceFactory,
)
from tests.factories.mentoring import VeteranFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(school_year):
    return CohortFactory(school_year=school_year)


def test_it_proposes_one_host_for_each_fellow_within_capacity(cohort):
    fellows = [FellowFactory(application__cohort=cohort) for _ in range(3)]
    HostFactory(cohort=cohort, capacity=2)
    HostFactory(cohort=cohort, capacity=1)

    proposals, unmatched = placement.propose_placements(cohort)

    assert sorted(p.fellow_id for p in proposals) == sorted(f.pk for f in fellows)
    assert unmatched == []
    per_host = {}
    for p in proposals:
        per_host[p.host_id] = per_host.get(p.host_id, 0) + 1
    for host_id, count in per_host.items():
        assert count <= type(proposals[0].host).objects.get(pk=host_id).capacity


def test_it_says_why_a_fellow_has_no_host_when_places_run_out(cohort):
    FellowFactory(application__cohort=cohort)
    FellowFactory(application__cohort=cohort)
    HostFactory(cohort=cohort, capacity=1)

    proposals, unmatched = placement.propose_placements(cohort)

    assert len(proposals) == 1
    assert len(unmatched) == 1
    _, detail = unmatched[0]
    assert "eligible host" in detail and "fellow" in detail
    assert "mentor" not in detail


def test_it_never_places_a_fellow_at_their_own_school(cohort):
    school = SchoolFactory()
    fellow = FellowFactory(application__cohort=cohort, application__person__school=school)
    HostFactory(cohort=cohort, person=VeteranFactory(school=school))

    proposals, unmatched = placement.propose_placements(cohort)

    assert proposals == []
    assert unmatched[0][0] == fellow
    assert "same school" in unmatched[0][1]


def test_it_never_places_a_pair_with_a_recorded_conflict_either_way(cohort):
    fellow = FellowFactory(application__cohort=cohort)
    host = HostFactory(cohort=cohort)
    Conflict.objects.create(mentee=host.person, mentor=fellow.person, reason=ConflictReason.FAMILY)

    proposals, unmatched = placement.propose_placements(cohort)

    assert proposals == []
    assert "conflict" in unmatched[0][1]


def test_it_prefers_the_host_whose_strengths_meet_the_growth_areas(cohort, framework_v4):
    wanted = list(Competency.objects.filter(domain__version=framework_v4)[:2])
    fellow = FellowFactory(application__cohort=cohort, growth_areas=wanted)
    HostFactory(cohort=cohort)
    strong = HostFactory(cohort=cohort, strengths=wanted)

    proposals, _ = placement.propose_placements(cohort)

    assert [(p.fellow_id, p.host_id) for p in proposals] == [(fellow.pk, strong.pk)]
    assert "Strong in 2 of 2" in proposals[0].breakdown["strengths"]["why"]


def test_it_weighs_the_fellows_ranked_wish_and_explains_it(cohort):
    fellow = FellowFactory(application__cohort=cohort)
    HostFactory(cohort=cohort)
    wished = HostFactory(cohort=cohort)
    HostPreferenceFactory(fellow=fellow, host=wished, rank=1)

    proposals, _ = placement.propose_placements(cohort)

    assert proposals[0].host_id == wished.pk
    assert proposals[0].breakdown["preference"]["why"] == "Fellow's choice #1"


def test_it_ignores_hosts_who_have_not_confirmed(cohort):
    FellowFactory(application__cohort=cohort)
    HostFactory(cohort=cohort, status=HostStatus.INVITED)

    proposals, unmatched = placement.propose_placements(cohort)

    assert proposals == [] and len(unmatched) == 1


def test_it_keeps_a_pinned_proposal_when_it_runs_again(cohort):
    fellow = FellowFactory(application__cohort=cohort)
    HostFactory(cohort=cohort)
    other = HostFactory(cohort=cohort)
    placement.propose_placements(cohort)
    PlacementProposal.objects.filter(fellow=fellow).update(host=other, pinned=True)

    placement.propose_placements(cohort)

    kept = PlacementProposal.objects.get(fellow=fellow)
    assert (kept.host_id, kept.pinned) == (other.pk, True)


def test_approving_starts_residencies_at_the_hosts_school_with_the_cohorts_milestones(cohort, program_staff):
    CohortMilestoneFactory(cohort=cohort, title="Entry plan", due_on=datetime.date(2026, 10, 30))
    CohortMilestoneFactory(cohort=cohort, title="Equity audit", due_on=datetime.date(2027, 1, 29))
    fellow = FellowFactory(application__cohort=cohort)
    host = HostFactory(cohort=cohort)
    placement.propose_placements(cohort)

    made = placement.approve_placements(cohort, user=program_staff)

    residency = Residency.objects.get(fellow=fellow)
    assert made == [residency]
    assert (residency.host, residency.school, residency.approved_by) == (
        host,
        host.person.school,
        program_staff,
    )
    assert residency.match_breakdown["strengths"]["points"] >= 0
    assert list(Milestone.objects.filter(residency=residency).values_list("title", flat=True)) == [
        "Entry plan",
        "Equity audit",
    ]
    assert not PlacementProposal.objects.filter(cohort=cohort).exists()


def test_approving_refuses_all_when_a_host_filled_up_since(cohort, program_staff):
    first = FellowFactory(application__cohort=cohort)
    FellowFactory(application__cohort=cohort)
    host = HostFactory(cohort=cohort, capacity=2)
    placement.propose_placements(cohort)
    host.capacity = 1
    host.save()

    with pytest.raises(DomainError, match="run it again"):
        placement.approve_placements(cohort, user=program_staff)

    assert not Residency.objects.filter(fellow__cohort=cohort).exists()
    assert PlacementProposal.objects.filter(fellow=first).exists()


def test_a_fellow_gets_one_host_for_the_year(cohort, program_staff):
    fellow = FellowFactory(application__cohort=cohort)
    first, second = HostFactory(cohort=cohort), HostFactory(cohort=cohort)
    placement.place_fellow(fellow, first, user=program_staff)

    with pytest.raises(DomainError, match="already has a host"):
        placement.place_fellow(fellow, second, user=program_staff)
    assert Residency.objects.filter(fellow=fellow).count() == 1


def test_the_database_refuses_a_second_residency_for_a_fellow(cohort):
    fellow = FellowFactory(application__cohort=cohort)
    first, second = HostFactory(cohort=cohort), HostFactory(cohort=cohort)
    Residency.objects.create(
        fellow=fellow, host=first, school=first.person.school, started_on=datetime.date(2026, 9, 1)
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        Residency.objects.create(
            fellow=fellow, host=second, school=second.person.school, started_on=datetime.date(2026, 9, 1)
        )


def test_a_host_takes_no_more_fellows_than_their_places(cohort, program_staff):
    host = HostFactory(cohort=cohort, capacity=1)
    placement.place_fellow(FellowFactory(application__cohort=cohort), host, user=program_staff)

    with pytest.raises(DomainError, match="no free place"):
        placement.place_fellow(FellowFactory(application__cohort=cohort), host, user=program_staff)
    assert Residency.objects.filter(host=host).count() == 1


def test_placing_by_hand_follows_the_same_rules(cohort, program_staff):
    school = SchoolFactory()
    fellow = FellowFactory(application__cohort=cohort, application__person__school=school)
    host = HostFactory(cohort=cohort, person=VeteranFactory(school=school))

    with pytest.raises(DomainError, match="own school"):
        placement.place_fellow(fellow, host, user=program_staff)


def test_a_withdrawn_fellow_is_neither_matched_nor_placed(cohort, program_staff):
    fellow = FellowFactory(application__cohort=cohort, status=FellowStatus.WITHDRAWN)
    host = HostFactory(cohort=cohort)

    proposals, unmatched = placement.propose_placements(cohort)
    assert proposals == [] and unmatched == []
    with pytest.raises(DomainError, match="not in residency"):
        placement.place_fellow(fellow, host, user=program_staff)


def test_a_host_of_another_cohort_is_refused(cohort, program_staff):
    from leaderdev.models import SchoolYear

    other_year = SchoolYear.objects.create(
        name="2027-2028", start_date=datetime.date(2027, 9, 1), end_date=datetime.date(2028, 6, 22)
    )
    other = CohortFactory(
        school_year=other_year,
        residency_starts_on=datetime.date(2027, 9, 1),
        residency_ends_on=datetime.date(2028, 6, 16),
    )
    fellow = FellowFactory(application__cohort=cohort)

    with pytest.raises(DomainError, match="another cohort"):
        placement.place_fellow(fellow, HostFactory(cohort=other), user=program_staff)
