"""The selection service: applying (window, who may, once), the recommendation, moves along the allowed
transitions with their reasons and history, the cohort's places, and the last place taken by two staff
at the same moment."""

import datetime
import threading
import time

import pytest
from django.db import connection

from fellowships.models import (
    ApplicationStatus,
    ApplicationStatusChange,
    Endorsement,
    Fellow,
    FellowshipApplication,
    FellowStatus,
    Recommendation,
)
from fellowships.services import selection
from leaderdev.errors import DomainError
from leaderdev.models import Position
from tests.factories import PersonFactory, SchoolYearFactory
from tests.factories.fellowships import (
    AspiringLeaderFactory,
    CohortFactory,
    FellowFactory,
    FellowshipApplicationFactory,
    RecommendationFactory,
)
from tests.factories.mentoring import VeteranFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 2)
ESSAYS = {
    "why_principal": "To lead a school where every child is known.",
    "leadership_experience": "I led the grade 3 team's data cycles.",
    "equity_commitment": "I rebuilt our referral process with families.",
}


@pytest.fixture
def cohort(school_year):
    return CohortFactory(school_year=school_year, places=2)


def apply(cohort, person=None, supervisor=None, day=DAY, **kwargs):
    return selection.apply(
        cohort,
        person or AspiringLeaderFactory(),
        supervisor=supervisor or VeteranFactory(),
        essays=ESSAYS,
        today=day,
        **kwargs,
    )


def at(status, cohort, **kwargs):
    return FellowshipApplicationFactory(cohort=cohort, status=status, **kwargs)


# --- Applying ----------------------------------------------------------------------------------------------


def test_apply_makes_a_submitted_application_with_its_first_history_row(cohort, program_staff):
    person, supervisor = AspiringLeaderFactory(), VeteranFactory()
    application = apply(cohort, person, supervisor, user=program_staff)
    application = FellowshipApplication.objects.get(pk=application.pk)
    assert (application.person, application.supervisor) == (person, supervisor)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.why_principal == ESSAYS["why_principal"]
    change = ApplicationStatusChange.objects.get(application=application)
    assert (change.from_status, change.to_status, change.changed_by) == ("", "submitted", program_staff)


@pytest.mark.parametrize("day", [datetime.date(2026, 1, 4), datetime.date(2027, 1, 1)])
def test_apply_refuses_outside_the_window(cohort, day):
    with pytest.raises(DomainError, match="open from January 5 to December 31, 2026"):
        apply(cohort, day=day)
    assert not FellowshipApplication.objects.exists()


@pytest.mark.parametrize("day", [datetime.date(2026, 1, 5), datetime.date(2026, 12, 31)])
def test_apply_accepts_the_first_and_last_days(cohort, day):
    assert apply(cohort, day=day).pk


@pytest.mark.parametrize("position", [Position.PRINCIPAL, Position.HEAD_OF_SCHOOL])
def test_principals_and_heads_of_school_do_not_apply(cohort, position):
    with pytest.raises(DomainError, match="already lead a school"):
        apply(cohort, PersonFactory(position=position))


def test_people_who_left_do_not_apply(cohort):
    with pytest.raises(DomainError, match="current district employees"):
        apply(cohort, AspiringLeaderFactory(is_active=False))


def test_the_supervisor_is_someone_else(cohort):
    person = AspiringLeaderFactory()
    with pytest.raises(DomainError, match="not yourself"):
        apply(cohort, person, supervisor=person)


def test_apply_once_per_cohort(cohort):
    person = AspiringLeaderFactory()
    apply(cohort, person)
    with pytest.raises(DomainError, match="already applied"):
        apply(cohort, person)
    assert FellowshipApplication.objects.filter(person=person).count() == 1


# --- The recommendation ------------------------------------------------------------------------------------


def test_write_recommendation_records_and_then_corrects_it(cohort, leader):
    application = at(ApplicationStatus.SCREENING, cohort)
    selection.write_recommendation(application, endorsement=Endorsement.RECOMMEND, text="Good.", user=leader)
    selection.write_recommendation(application, endorsement=Endorsement.STRONG, text="Better.", user=leader)
    recommendation = Recommendation.objects.get(application=application)
    assert (recommendation.endorsement, recommendation.text) == (Endorsement.STRONG, "Better.")
    assert recommendation.written_by == leader


@pytest.mark.parametrize(
    "status", [ApplicationStatus.SELECTED, ApplicationStatus.NOT_SELECTED, ApplicationStatus.WITHDRAWN]
)
def test_a_decided_application_keeps_its_recommendation(cohort, leader, status):
    recommendation = RecommendationFactory(application=at(status, cohort), text="As it was.")
    with pytest.raises(DomainError, match="has been decided"):
        selection.write_recommendation(
            recommendation.application, endorsement=Endorsement.DO_NOT, text="Changed.", user=leader
        )
    recommendation.refresh_from_db()
    assert (recommendation.endorsement, recommendation.text) == (Endorsement.STRONG, "As it was.")


# --- Moves -------------------------------------------------------------------------------------------------


def test_a_move_writes_the_status_and_the_history(cohort, program_staff):
    application = at(ApplicationStatus.SUBMITTED, cohort)
    selection.move_application(
        application, ApplicationStatus.SCREENING, reason=" Strong essays ", user=program_staff
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SCREENING
    assert application.decision_reason == ""  # screening needs no reason, so none is kept as the decision's
    change = application.status_changes.get()
    assert (change.from_status, change.to_status, change.reason, change.changed_by) == (
        "submitted",
        "screening",
        "Strong essays",
        program_staff,
    )


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [
        (ApplicationStatus.SUBMITTED, ApplicationStatus.SELECTED),
        (ApplicationStatus.SUBMITTED, ApplicationStatus.INTERVIEW),
        (ApplicationStatus.SCREENING, ApplicationStatus.WAITLISTED),
        (ApplicationStatus.SELECTED, ApplicationStatus.NOT_SELECTED),
        (ApplicationStatus.WITHDRAWN, ApplicationStatus.SCREENING),
        (ApplicationStatus.NOT_SELECTED, ApplicationStatus.SELECTED),
    ],
)
def test_moves_outside_the_table_are_refused_and_change_nothing(cohort, from_status, to_status):
    application = at(from_status, cohort)
    with pytest.raises(DomainError, match="can move only to"):
        selection.move_application(application, to_status, reason="Because")
    application.refresh_from_db()
    assert application.status == from_status
    assert not application.status_changes.exists()
    assert not Fellow.objects.exists()


def test_the_refusal_names_the_allowed_moves(cohort):
    application = at(ApplicationStatus.SCREENING, cohort)
    with pytest.raises(DomainError) as error:
        selection.move_application(application, ApplicationStatus.SELECTED)
    assert "“interview”, “not selected”, “withdrawn”" in str(error.value)


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [
        (ApplicationStatus.INTERVIEW, ApplicationStatus.NOT_SELECTED),
        (ApplicationStatus.INTERVIEW, ApplicationStatus.WAITLISTED),
        (ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN),
    ],
)
def test_decisions_need_a_reason(cohort, from_status, to_status):
    application = at(from_status, cohort)
    with pytest.raises(DomainError, match="Give a reason"):
        selection.move_application(application, to_status, reason="   ")
    application.refresh_from_db()
    assert application.status == from_status


def test_the_decision_reason_is_kept_for_the_applicant(cohort):
    application = at(ApplicationStatus.INTERVIEW, cohort)
    selection.move_application(application, ApplicationStatus.WAITLISTED, reason="Strong; places are full.")
    application.refresh_from_db()
    assert (application.status, application.decision_reason) == ("waitlisted", "Strong; places are full.")


def test_selecting_makes_a_fellow(cohort):
    application = at(ApplicationStatus.INTERVIEW, cohort)
    selection.move_application(application, ApplicationStatus.SELECTED)
    fellow = Fellow.objects.get(application=application)
    assert (fellow.cohort, fellow.person, fellow.status) == (cohort, application.person, FellowStatus.ACTIVE)
    assert selection.places_left(cohort) == 1


def test_selecting_is_refused_once_the_places_are_taken(cohort):
    FellowFactory(application__cohort=cohort)
    FellowFactory(application__cohort=cohort)
    application = at(ApplicationStatus.WAITLISTED, cohort)
    with pytest.raises(DomainError, match=r"All 2 places of .* are taken"):
        selection.move_application(application, ApplicationStatus.SELECTED)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WAITLISTED
    assert Fellow.objects.filter(cohort=cohort).count() == 2


def test_a_withdrawn_fellow_frees_their_place(cohort):
    first = at(ApplicationStatus.INTERVIEW, cohort)
    second = at(ApplicationStatus.INTERVIEW, cohort)
    waiting = at(ApplicationStatus.WAITLISTED, cohort)
    selection.move_application(first, ApplicationStatus.SELECTED)
    selection.move_application(second, ApplicationStatus.SELECTED)
    assert selection.places_left(cohort) == 0

    selection.move_application(first, ApplicationStatus.WITHDRAWN, reason="Moving away.")
    assert Fellow.objects.get(application=first).status == FellowStatus.WITHDRAWN
    assert selection.places_left(cohort) == 1
    selection.move_application(waiting, ApplicationStatus.SELECTED)
    assert Fellow.objects.get(application=waiting).status == FellowStatus.ACTIVE


def test_places_of_other_cohorts_do_not_count(cohort):
    next_year = SchoolYearFactory(
        name="2027-2028",
        start_date=datetime.date(2027, 8, 30),
        end_date=datetime.date(2028, 6, 30),
        is_current=False,
    )
    other = CohortFactory(school_year=next_year, places=5)
    FellowFactory(application__cohort=other)
    FellowFactory(application__cohort=other)
    assert selection.places_left(cohort) == 2
    assert selection.places_left(other) == 3


def test_move_applications_reports_who_moved_and_who_not(cohort, program_staff):
    first, second, third = (at(ApplicationStatus.INTERVIEW, cohort) for _ in range(3))
    submitted = at(ApplicationStatus.SUBMITTED, cohort)
    report = selection.move_applications(
        [first, second, third, submitted], ApplicationStatus.SELECTED, user=program_staff
    )
    assert [a.pk for a in report.moved] == [first.pk, second.pk]
    refused = {a.pk: reason for a, reason in report.refused}
    assert "places" in refused[third.pk] and "can move only to" in refused[submitted.pk]
    assert Fellow.objects.filter(cohort=cohort).count() == 2


# --- The last place, taken twice at the same moment ---------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_staff_selecting_the_last_place_at_once_select_one(monkeypatch):
    """Each thread counts the places, then pauses: without the cohort's row lock both would see one place
    left and both would select. With it, the second waits for the first to commit and is refused."""
    if connection.vendor != "postgresql":
        pytest.fail("This test needs Postgres (SELECT ... FOR UPDATE); set DATABASE_URL.")
    cohort = CohortFactory(places=1)
    applications = [
        FellowshipApplicationFactory(cohort=cohort, status=ApplicationStatus.INTERVIEW) for _ in range(2)
    ]
    counted = selection.places_left

    def slow_places_left(c):
        left = counted(c)
        time.sleep(0.5)
        return left

    monkeypatch.setattr(selection, "places_left", slow_places_left)
    start = threading.Barrier(2)
    outcomes = {}

    def select(application):
        start.wait()
        try:
            selection.move_application(application, ApplicationStatus.SELECTED)
            outcomes[application.pk] = "selected"
        except DomainError as error:
            outcomes[application.pk] = str(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=select, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert sorted(o == "selected" for o in outcomes.values()) == [False, True], outcomes
    assert any("places" in o for o in outcomes.values() if o != "selected")
    assert Fellow.objects.filter(cohort=cohort).count() == 1
    assert FellowshipApplication.objects.filter(cohort=cohort, status=ApplicationStatus.SELECTED).count() == 1
