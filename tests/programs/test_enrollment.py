"""Enrolling: capacity and the automatic waitlist, status transitions, duplicates, bulk enrollment."""

import datetime
import threading
import time

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection, connections
from django.utils import timezone

from leaderdev.errors import DomainError
from leaderdev.models import Position
from programs.models import Enrollment, EnrollmentStatus
from programs.services import enrollment as services
from tests.factories import PersonFactory
from tests.factories.programs import EnrollmentFactory, OfferingFactory

pytestmark = pytest.mark.django_db

ENROLLED, WAITLISTED, INVITED = (
    EnrollmentStatus.ENROLLED,
    EnrollmentStatus.WAITLISTED,
    EnrollmentStatus.INVITED,
)
WITHDRAWN, COMPLETED = EnrollmentStatus.WITHDRAWN, EnrollmentStatus.COMPLETED


@pytest.fixture
def offering(school_year):
    return OfferingFactory(school_year=school_year, capacity=2)


def statuses(offering):
    return dict(Enrollment.objects.filter(offering=offering).values_list("person__last_name", "status"))


def people(*last_names):
    return [PersonFactory(last_name=name) for name in last_names]


def fill(offering, *last_names):
    """Enroll new people with these last names one after the other (so first come, first served)."""
    return [services.enroll(offering, person) for person in people(*last_names)]


# --- capacity and the waitlist -----------------------------------------------------------------------


def test_it_enrolls_while_places_are_free(offering):
    enrollment = services.enroll(offering, PersonFactory())
    enrollment.refresh_from_db()
    assert enrollment.status == ENROLLED
    assert enrollment.status_changed_at is not None


def test_it_waitlists_once_the_offering_is_full(offering):
    fill(offering, "Adams", "Baker", "Chen", "Diaz")
    assert statuses(offering) == {
        "Adams": ENROLLED,
        "Baker": ENROLLED,
        "Chen": WAITLISTED,
        "Diaz": WAITLISTED,
    }


def test_an_offering_without_capacity_never_waitlists(school_year):
    offering = OfferingFactory(school_year=school_year, capacity=None)
    fill(offering, *[f"P{n}" for n in range(5)])
    assert set(statuses(offering).values()) == {ENROLLED}


def test_withdrawing_promotes_the_earliest_waitlisted(offering):
    adams, *_ = fill(offering, "Adams", "Baker", "Chen", "Diaz")
    change = services.withdraw(adams)
    assert [e.person.last_name for e in change.promoted] == ["Chen"]
    assert statuses(offering) == {"Adams": WITHDRAWN, "Baker": ENROLLED, "Chen": ENROLLED, "Diaz": WAITLISTED}


def test_the_waitlist_is_first_come_first_served_by_status_change_time(offering):
    fill(offering, "Adams", "Baker")
    later, earlier = people("Later", "Earlier")
    EnrollmentFactory(offering=offering, person=later, status=WAITLISTED)
    EnrollmentFactory(
        offering=offering,
        person=earlier,
        status=WAITLISTED,
        status_changed_at=timezone.now() - datetime.timedelta(days=3),
    )
    services.withdraw(Enrollment.objects.get(offering=offering, person__last_name="Baker"))
    assert statuses(offering)["Earlier"] == ENROLLED
    assert statuses(offering)["Later"] == WAITLISTED


def test_withdrawing_from_the_waitlist_promotes_nobody(offering):
    *_, chen, _diaz = fill(offering, "Adams", "Baker", "Chen", "Diaz")
    assert services.withdraw(chen).promoted == []
    assert statuses(offering)["Diaz"] == WAITLISTED


def test_completed_still_holds_a_place(offering):
    adams, _baker, chen = fill(offering, "Adams", "Baker", "Chen")
    assert services.complete(adams).promoted == []
    chen.refresh_from_db()
    assert chen.status == WAITLISTED
    assert services.enroll(offering, PersonFactory()).status == WAITLISTED


def test_raising_the_capacity_promotes_in_order(offering):
    fill(offering, "Adams", "Baker", "Chen", "Diaz", "Evans")
    promoted = services.set_capacity(offering, 4)
    assert [e.person.last_name for e in promoted] == ["Chen", "Diaz"]
    assert statuses(offering)["Evans"] == WAITLISTED
    offering.refresh_from_db()
    assert offering.capacity == 4


def test_removing_the_limit_promotes_everyone(offering):
    fill(offering, "Adams", "Baker", "Chen", "Diaz")
    assert len(services.set_capacity(offering, None)) == 2
    assert set(statuses(offering).values()) == {ENROLLED}


def test_lowering_the_capacity_bumps_nobody(offering):
    fill(offering, "Adams", "Baker")
    assert services.set_capacity(offering, 1) == []
    assert set(statuses(offering).values()) == {ENROLLED}
    assert services.enroll(offering, PersonFactory()).status == WAITLISTED


def test_promote_waitlist_fills_places_freed_by_hand(offering):
    adams, _baker, _chen = fill(offering, "Adams", "Baker", "Chen")
    Enrollment.objects.filter(pk=adams.pk).delete()
    assert [e.person.last_name for e in services.promote_waitlist(offering)] == ["Chen"]


def test_promotion_passes_over_someone_no_longer_eligible(offering):
    adams, _baker, chen, _diaz = fill(offering, "Adams", "Baker", "Chen", "Diaz")
    chen.person.is_active = False
    chen.person.save()
    services.withdraw(adams)
    assert statuses(offering) == {"Adams": WITHDRAWN, "Baker": ENROLLED, "Chen": WAITLISTED, "Diaz": ENROLLED}


def test_enroll_as_enrolled_is_refused_when_full(offering):
    fill(offering, "Adams", "Baker")
    with pytest.raises(DomainError, match="the offering is full"):
        services.enroll(offering, PersonFactory(), status=ENROLLED)


def test_the_locked_count_is_what_decides(offering):
    """A stale copy of the offering (read before others joined) does not let anyone past the capacity."""
    stale = type(offering).objects.get(pk=offering.pk)
    fill(offering, "Adams", "Baker")
    assert services.enroll(stale, PersonFactory()).status == WAITLISTED


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises every write anyway")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_enrollments_never_exceed_capacity(school_year, monkeypatch):
    offering = OfferingFactory(school_year=school_year, capacity=1)
    first, second = PersonFactory(), PersonFactory()
    barrier, results = threading.Barrier(2), []
    count_places = services.places_held

    def slow_count(offering):
        held = count_places(offering)
        time.sleep(0.3)  # both threads would read "one place free" here, were the offering not locked
        return held

    monkeypatch.setattr(services, "places_held", slow_count)

    def take_the_last_place(person):
        try:
            barrier.wait()
            results.append(services.enroll(offering, person).status)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take_the_last_place, args=(p,)) for p in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [ENROLLED, WAITLISTED]


# --- transitions ---------------------------------------------------------------------------------------


def test_a_withdrawn_person_re_enrolls(offering):
    [adams] = fill(offering, "Adams")
    services.withdraw(adams, note="Family leave")
    again = services.enroll(offering, adams.person)
    assert again.pk == adams.pk
    again.refresh_from_db()
    assert (again.status, again.note) == (ENROLLED, "Family leave")


def test_a_withdrawn_person_rejoins_the_waitlist_when_full(offering):
    adams, _baker = fill(offering, "Adams", "Baker")
    services.withdraw(adams)
    services.enroll(offering, PersonFactory())
    assert services.enroll(offering, adams.person).status == WAITLISTED


def test_a_waitlisted_person_is_enrolled_when_a_place_is_free(offering):
    adams, _baker, chen = fill(offering, "Adams", "Baker", "Chen")
    Enrollment.objects.filter(pk=adams.pk).update(status=WITHDRAWN)  # freed without promotion
    change = services.change_status(chen, ENROLLED)
    assert change.enrollment.status == ENROLLED
    chen.refresh_from_db()
    assert chen.status == ENROLLED


def test_enrolling_from_the_waitlist_is_refused_when_full(offering):
    *_, chen = fill(offering, "Adams", "Baker", "Chen")
    with pytest.raises(DomainError, match=r"is full \(2 of 2 places taken\)"):
        services.change_status(chen, ENROLLED)
    chen.refresh_from_db()
    assert chen.status == WAITLISTED


def test_a_transition_outside_the_table_is_refused_with_the_allowed_ones(offering):
    [adams] = fill(offering, "Adams")
    services.withdraw(adams)
    with pytest.raises(DomainError) as refused:
        services.change_status(adams, COMPLETED)
    assert "is withdrawn in" in str(refused.value)
    assert "can only become invited, enrolled and waitlisted" in str(refused.value)
    adams.refresh_from_db()
    assert adams.status == WITHDRAWN


def test_the_same_status_is_refused(offering):
    [adams] = fill(offering, "Adams")
    with pytest.raises(DomainError, match="is already enrolled"):
        services.change_status(adams, ENROLLED)


def test_an_unknown_status_is_refused(offering):
    [adams] = fill(offering, "Adams")
    with pytest.raises(DomainError, match="not an enrollment status"):
        services.change_status(adams, "graduated")


def test_waitlisting_by_hand_is_refused_while_a_place_is_free(offering):
    adams = services.enroll(offering, PersonFactory(), status=INVITED)
    with pytest.raises(DomainError, match="has a free place"):
        services.change_status(adams, WAITLISTED)


def test_completion_can_be_undone(offering):
    [adams] = fill(offering, "Adams")
    services.complete(adams)
    assert services.change_status(adams, ENROLLED).enrollment.status == ENROLLED


def test_a_withdrawn_person_who_left_cannot_come_back(offering):
    [adams] = fill(offering, "Adams")
    services.withdraw(adams)
    adams.person.is_active = False
    adams.person.save()
    with pytest.raises(DomainError, match="no longer active"):
        services.change_status(adams, ENROLLED)


# --- duplicates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [ENROLLED, WAITLISTED, COMPLETED])
def test_a_duplicate_is_refused(offering, status):
    existing = EnrollmentFactory(offering=offering, status=status)
    with pytest.raises(DomainError, match=f"cannot join .*: already {status}"):
        services.enroll(offering, existing.person)
    assert Enrollment.objects.filter(offering=offering).count() == 1


def test_inviting_twice_is_refused(offering):
    person = PersonFactory()
    services.enroll(offering, person, status=INVITED)
    with pytest.raises(DomainError, match="already invited"):
        services.enroll(offering, person, status=INVITED)


def test_an_invited_person_is_enrolled_by_enroll(offering):
    person = PersonFactory()
    invited = services.enroll(offering, person, status=INVITED)
    assert services.enroll(offering, person).pk == invited.pk
    invited.refresh_from_db()
    assert invited.status == ENROLLED


def test_enroll_refuses_statuses_it_does_not_make(offering):
    with pytest.raises(DomainError, match="the waitlist fills itself"):
        services.enroll(offering, PersonFactory(), status=WAITLISTED)


# --- the audit trail -------------------------------------------------------------------------------------


def test_changes_by_a_user_are_in_the_admin_history(offering, program_staff):
    adams, _baker, chen = fill(offering, "Adams", "Baker", "Chen")
    services.withdraw(adams, by=program_staff)
    messages = list(
        LogEntry.objects.filter(user=program_staff).order_by("pk").values_list("object_id", "change_message")
    )
    assert messages == [
        (str(adams.pk), "Status: enrolled → withdrawn."),
        (str(chen.pk), "Status: waitlisted → enrolled (moved up from the waitlist)."),
    ]


# --- enroll_many ---------------------------------------------------------------------------------------


def test_enroll_many_reports_each_person(school_year):
    offering = OfferingFactory(school_year=school_year, capacity=2, max_year_in_role=2)
    already = EnrollmentFactory(offering=offering, person=PersonFactory(last_name="Already")).person
    veteran = PersonFactory(last_name="Veteran", role_start_date=datetime.date(2020, 7, 1))
    first, second, third = people("First", "Second", "Third")
    report = services.enroll_many(offering, [already, first, veteran, second, third, first])
    assert report.enrolled == [first]
    assert report.waitlisted == [second, third]
    assert [(s.person, s.reason) for s in report.skipped] == [
        (already, "already enrolled"),
        (veteran, "in year 7 of their role; this offering is for first- and second-year leaders"),
    ]
    assert report.added == 3
    assert statuses(offering) == {
        "Already": ENROLLED,
        "First": ENROLLED,
        "Second": WAITLISTED,
        "Third": WAITLISTED,
    }


def test_enroll_many_keeps_the_list_order_on_the_waitlist(offering):
    fill(offering, "Adams", "Baker")
    zed, amy = people("Zed", "Amy")
    services.enroll_many(offering, [zed, amy])
    services.withdraw(Enrollment.objects.get(offering=offering, person__last_name="Adams"))
    assert statuses(offering)["Zed"] == ENROLLED
    assert statuses(offering)["Amy"] == WAITLISTED


def test_enroll_many_brings_back_withdrawn_people(offering):
    [adams] = fill(offering, "Adams")
    services.withdraw(adams)
    report = services.enroll_many(offering, [adams.person])
    assert report.enrolled == [adams.person]
    adams.refresh_from_db()
    assert adams.status == ENROLLED


def test_enroll_many_invites_on_an_opt_in_offering(school_year):
    offering = OfferingFactory(school_year=school_year, is_opt_in=True)
    person = PersonFactory()
    report = services.enroll_many(offering, [person])
    assert report.invited == [person]
    assert statuses(offering) == {person.last_name: INVITED}


def test_enroll_many_costs_the_same_queries_for_many_people(
    school_year, program_staff, django_assert_max_num_queries
):
    small, large = OfferingFactory(school_year=school_year), OfferingFactory(school_year=school_year)
    few = PersonFactory.create_batch(2, position=Position.ASSISTANT_PRINCIPAL)
    many = PersonFactory.create_batch(40, position=Position.ASSISTANT_PRINCIPAL)
    EnrollmentFactory(offering=large, person=many[0], status=WITHDRAWN)
    with django_assert_max_num_queries(12):
        services.enroll_many(small, few, by=program_staff)
    with django_assert_max_num_queries(12):
        report = services.enroll_many(large, many, by=program_staff)
    assert len(report.enrolled) == 40


def test_enroll_many_with_nobody_does_nothing(offering):
    report = services.enroll_many(offering, [])
    assert report.added == 0
    assert report.skipped == []
