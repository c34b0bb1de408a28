"""End of the residency: the readiness decision, and a ready fellow entering next year's recruitment pool."""

import datetime

import pytest

from fellowships.models import FellowStatus, Readiness
from fellowships.services import outcomes
from leaderdev.errors import DomainError
from leaderdev.models import SchoolYear
from recruitment.models import Application, Candidate, SourceKind, Stage
from tests.factories.fellowships import CohortFactory, FellowFactory
from tests.factories.recruitment import HiringCycleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def next_year(db):
    return SchoolYear.objects.create(
        name="2027-2028", start_date=datetime.date(2027, 9, 1), end_date=datetime.date(2028, 6, 22)
    )


@pytest.fixture
def fellow(school_year):
    return FellowFactory(application__cohort=CohortFactory(school_year=school_year))


def test_a_ready_fellow_enters_next_years_pool_as_eligible_for_hire(fellow, next_year, program_staff):
    cycle = HiringCycleFactory(school_year=next_year)

    outcomes.decide_readiness(
        fellow, Readiness.READY, rationale="Led the ILT all spring.", user=program_staff
    )

    fellow.refresh_from_db()
    application = fellow.pool_application
    assert (application.cycle, application.role, application.stage) == (cycle, "principal", Stage.IN_POOL)
    assert application.candidate.person == fellow.person
    assert application.source.kind == SourceKind.FELLOWSHIP
    change = application.stage_changes.get()
    assert (change.to_stage, change.changed_by) == (Stage.IN_POOL, program_staff)
    assert (fellow.status, fellow.readiness_decided_by) == (FellowStatus.COMPLETED, program_staff)


def test_a_fellow_ready_as_an_ap_enters_the_ap_pool(fellow, next_year):
    HiringCycleFactory(school_year=next_year)

    outcomes.decide_readiness(fellow, Readiness.READY_AS_AP, rationale="Strong with adults.")

    fellow.refresh_from_db()
    assert fellow.pool_application.role == "assistant_principal"


def test_a_fellow_not_yet_ready_stays_out_of_the_pool(fellow, next_year):
    HiringCycleFactory(school_year=next_year)

    outcomes.decide_readiness(fellow, Readiness.NOT_YET, rationale="Another year as AP.")

    fellow.refresh_from_db()
    assert fellow.pool_application is None
    assert not Application.objects.exists()


def test_deciding_again_never_makes_a_second_pool_application(fellow, next_year):
    HiringCycleFactory(school_year=next_year)
    outcomes.decide_readiness(fellow, Readiness.READY, rationale="Ready.")

    outcomes.decide_readiness(fellow, Readiness.READY, rationale="Still ready.")

    assert Application.objects.count() == 1
    assert Candidate.objects.filter(person=fellow.person).count() == 1


def test_an_existing_candidate_record_is_reused(fellow, next_year):
    HiringCycleFactory(school_year=next_year)
    existing = Candidate.objects.create(
        first_name=fellow.person.first_name,
        last_name=fellow.person.last_name,
        email="x@y.z",
        person=fellow.person,
    )

    outcomes.decide_readiness(fellow, Readiness.READY, rationale="Ready.")

    fellow.refresh_from_db()
    assert fellow.pool_application.candidate == existing


def test_without_a_next_cycle_the_decision_is_kept_and_no_pool_entry_is_made(fellow):
    outcomes.decide_readiness(fellow, Readiness.READY, rationale="Ready.")

    fellow.refresh_from_db()
    assert (fellow.readiness, fellow.pool_application) == (Readiness.READY, None)


def test_it_needs_a_rationale(fellow):
    with pytest.raises(DomainError, match="rationale"):
        outcomes.decide_readiness(fellow, Readiness.READY, rationale="  ")
    fellow.refresh_from_db()
    assert fellow.readiness == ""


def test_a_withdrawn_fellow_gets_no_decision(fellow):
    fellow.status = FellowStatus.WITHDRAWN
    fellow.save()

    with pytest.raises(DomainError, match="withdrew"):
        outcomes.decide_readiness(fellow, Readiness.READY, rationale="x")
