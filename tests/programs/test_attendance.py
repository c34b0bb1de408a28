"""Recording attendance (services.attendance.record_attendance) and the attendance rate rule."""

import datetime

import pytest
from django.utils import timezone

from leaderdev.errors import DomainError
from programs.models import Attendance, AttendanceStatus, EnrollmentStatus
from programs.queries.attendance import (
    AttendanceSummary,
    attendance_summaries,
    attendance_summary,
    expected_people,
    session_counts,
    summarise,
)
from programs.services.attendance import record_attendance
from tests.factories import PersonFactory, SchoolYearFactory
from tests.factories.programs import (
    AttendanceFactory,
    EnrollmentFactory,
    OfferingFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

PRESENT, LATE, EXCUSED, ABSENT = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.LATE,
    AttendanceStatus.EXCUSED,
    AttendanceStatus.ABSENT,
)


def days_from_now(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def held_session(offering, days_ago=7, **kwargs):
    return SessionFactory(offering=offering, starts_at=days_from_now(-days_ago), **kwargs)


@pytest.fixture
def offering(school_year):
    return OfferingFactory(school_year=school_year)


@pytest.fixture
def session(offering):
    return held_session(offering)


@pytest.fixture
def cohort(offering):
    """Three enrolled people, by name: Adams, Baker, Clark."""
    return [
        EnrollmentFactory(offering=offering, person=PersonFactory(last_name=name)).person
        for name in ("Adams", "Baker", "Clark")
    ]


def marks_of(session):
    return dict(Attendance.objects.filter(session=session).values_list("person_id", "status"))


# --- record_attendance ----------------------------------------------------------------------------------


def test_it_records_a_mark_per_person(session, cohort, program_staff):
    adams, baker, clark = cohort
    result = record_attendance(
        session, {adams.pk: PRESENT, baker.pk: LATE, clark.pk: ABSENT}, by=program_staff
    )
    assert marks_of(session) == {adams.pk: PRESENT, baker.pk: LATE, clark.pk: ABSENT}
    assert len(result.created) == 3 and result.updated == [] and result.cleared == []
    assert Attendance.objects.get(session=session, person=adams).recorded_by == program_staff


def test_it_counts_what_it_saved_by_status(session, cohort, program_staff):
    adams, baker, clark = cohort
    result = record_attendance(session, {adams.pk: PRESENT, baker.pk: PRESENT, clark.pk: LATE}, by=None)
    assert result.counts() == {PRESENT: 2, LATE: 1}


def test_it_updates_a_changed_mark_in_place(session, cohort, program_staff, make_user):
    adams = cohort[0]
    first = AttendanceFactory(session=session, person=adams, status=ABSENT)
    other = make_user()
    result = record_attendance(session, {adams.pk: LATE}, by=other)
    first.refresh_from_db()
    assert (first.status, first.recorded_by) == (LATE, other)
    assert Attendance.objects.filter(session=session, person=adams).count() == 1
    assert [row.pk for row in result.updated] == [first.pk]


def test_it_leaves_an_unchanged_mark_alone(session, cohort, program_staff):
    adams = cohort[0]
    row = AttendanceFactory(session=session, person=adams, status=PRESENT, recorded_by=None)
    result = record_attendance(session, {adams.pk: PRESENT}, by=program_staff)
    row.refresh_from_db()
    assert row.recorded_by is None
    assert result.changed == 0


def test_it_clears_a_mark(session, cohort, program_staff):
    adams, baker, _ = cohort
    AttendanceFactory(session=session, person=adams, status=PRESENT)
    AttendanceFactory(session=session, person=baker, status=PRESENT)
    result = record_attendance(session, {adams.pk: None, baker.pk: ""}, by=program_staff)
    assert marks_of(session) == {}
    assert sorted(result.cleared) == sorted([adams.pk, baker.pk])


def test_it_refuses_people_not_taking_part_and_names_them(session, cohort, program_staff):
    stranger = PersonFactory(first_name="Zora", last_name="Stranger")
    with pytest.raises(DomainError, match="Zora Stranger"):
        record_attendance(session, {cohort[0].pk: PRESENT, stranger.pk: PRESENT}, by=program_staff)
    assert marks_of(session) == {}  # nothing of the batch is saved


def test_it_refuses_people_who_withdrew_or_wait(session, offering, program_staff):
    withdrawn = EnrollmentFactory(offering=offering, status=EnrollmentStatus.WITHDRAWN).person
    waiting = EnrollmentFactory(offering=offering, status=EnrollmentStatus.WAITLISTED).person
    with pytest.raises(DomainError, match="Not expected"):
        record_attendance(session, {withdrawn.pk: PRESENT}, by=program_staff)
    with pytest.raises(DomainError, match=waiting.last_name):
        record_attendance(session, {waiting.pk: PRESENT}, by=program_staff)


def test_it_refuses_people_of_another_offering_of_the_program(session, offering, program_staff):
    other_cohort = OfferingFactory(program=offering.program, school_year=offering.school_year)
    elsewhere = EnrollmentFactory(offering=other_cohort).person
    with pytest.raises(DomainError):
        record_attendance(session, {elsewhere.pk: PRESENT}, by=program_staff)


def test_it_counts_completed_enrollments_as_expected(session, offering, program_staff):
    done = EnrollmentFactory(offering=offering, status=EnrollmentStatus.COMPLETED).person
    record_attendance(session, {done.pk: PRESENT}, by=program_staff)
    assert marks_of(session) == {done.pk: PRESENT}


def test_it_refuses_an_unknown_status(session, cohort, program_staff):
    with pytest.raises(DomainError, match="Unknown attendance status: here"):
        record_attendance(session, {cohort[0].pk: "here"}, by=program_staff)
    assert marks_of(session) == {}


def test_it_marks_everyone_not_yet_marked_absent_on_request(session, cohort, program_staff):
    adams, baker, clark = cohort
    AttendanceFactory(session=session, person=baker, status=EXCUSED)
    record_attendance(session, {adams.pk: PRESENT}, by=program_staff, rest_absent=True)
    assert marks_of(session) == {adams.pk: PRESENT, baker.pk: EXCUSED, clark.pk: ABSENT}


def test_it_marks_nobody_else_without_being_asked(session, cohort, program_staff):
    record_attendance(session, {cohort[0].pk: PRESENT}, by=program_staff)
    assert marks_of(session) == {cohort[0].pk: PRESENT}


def test_it_keeps_one_row_per_person_when_saved_twice(session, cohort, program_staff):
    record_attendance(session, {cohort[0].pk: PRESENT}, by=program_staff)
    record_attendance(session, {cohort[0].pk: LATE}, by=program_staff)
    assert Attendance.objects.filter(session=session).count() == 1


# --- expected people and counts -------------------------------------------------------------------------


def test_expected_people_are_the_participants_by_name_with_their_mark(session, offering, cohort):
    baker = cohort[1]
    EnrollmentFactory(offering=offering, status=EnrollmentStatus.WITHDRAWN)
    AttendanceFactory(session=session, person=baker, status=LATE)
    rows = [(p.last_name, p.mark) for p in expected_people(session)]
    assert rows == [("Adams", None), ("Baker", LATE), ("Clark", None)]


def test_session_counts_count_each_mark_and_the_unmarked(session, cohort):
    AttendanceFactory(session=session, person=cohort[0], status=PRESENT)
    AttendanceFactory(session=session, person=cohort[1], status=ABSENT)
    counts = session_counts(session)
    assert (counts["total"], counts[PRESENT], counts[ABSENT], counts[LATE], counts["not_marked"]) == (
        3,
        1,
        1,
        0,
        1,
    )


# --- The rate rule --------------------------------------------------------------------------------------


def test_the_rate_is_attended_over_held_sessions():
    summary = summarise([PRESENT, LATE, ABSENT, None])
    assert (summary.attended, summary.expected, summary.rate) == (2, 4, 0.5)


def test_an_excused_absence_leaves_the_denominator():
    summary = summarise([PRESENT, EXCUSED, ABSENT])
    assert (summary.attended, summary.expected, summary.excused, summary.rate) == (1, 2, 1, 0.5)


def test_the_rate_is_none_when_nothing_is_expected():
    assert summarise([EXCUSED]).rate is None
    assert summarise([]).rate is None
    assert AttendanceSummary().percent is None


def test_the_percent_is_rounded():
    assert summarise([PRESENT, PRESENT, ABSENT]).percent == 67


@pytest.fixture
def year_of_sessions(offering, cohort):
    """Adams's year: present, late, excused, absent, no mark, and an upcoming session marked early."""
    adams = cohort[0]
    statuses = [PRESENT, LATE, EXCUSED, ABSENT, None]
    for days_ago, status in zip((50, 40, 30, 20, 10), statuses, strict=True):
        session = held_session(offering, days_ago=days_ago)
        if status:
            AttendanceFactory(session=session, person=adams, status=status)
    upcoming = SessionFactory(offering=offering, starts_at=days_from_now(5))
    AttendanceFactory(session=upcoming, person=adams, status=PRESENT)
    return adams


def test_attendance_summary_follows_the_rule(year_of_sessions, school_year):
    summary = attendance_summary(year_of_sessions, school_year)
    # Five held sessions, one excused: four expected; present and late attended; the upcoming one
    # counts for nothing even though it is marked.
    assert summary == AttendanceSummary(attended=2, expected=4, excused=1, held=5)
    assert summary.rate == 0.5


def test_attendance_summary_counts_only_the_school_year(year_of_sessions, school_year):
    last_year = SchoolYearFactory(
        name="2025-2026",
        start_date=datetime.date(2025, 8, 31),
        end_date=datetime.date(2026, 6, 30),
        is_current=False,
    )
    old = held_session(OfferingFactory(school_year=last_year), days_ago=300)
    EnrollmentFactory(offering=old.offering, person=year_of_sessions)
    AttendanceFactory(session=old, person=year_of_sessions, status=ABSENT)
    assert attendance_summary(year_of_sessions, school_year).expected == 4
    assert attendance_summary(year_of_sessions, last_year) == AttendanceSummary(0, 1, 0, 1)


def test_attendance_summary_ignores_offerings_the_person_left(offering, school_year):
    person = EnrollmentFactory(offering=offering, status=EnrollmentStatus.WITHDRAWN).person
    session = held_session(offering)
    AttendanceFactory(session=session, person=person, status=PRESENT)
    assert attendance_summary(person, school_year) == AttendanceSummary()


def test_attendance_summary_of_someone_with_no_sessions_is_empty(school_year):
    summary = attendance_summary(PersonFactory(), school_year)
    assert (summary.attended, summary.expected, summary.rate) == (0, 0, None)


def test_attendance_summary_takes_a_moment_to_count_from(year_of_sessions, school_year):
    before_any = timezone.now() - datetime.timedelta(days=60)
    assert attendance_summary(year_of_sessions, school_year, now=before_any).held == 0
    later = timezone.now() + datetime.timedelta(days=10)
    assert attendance_summary(year_of_sessions, school_year, now=later) == AttendanceSummary(3, 5, 1, 6)


def test_attendance_summaries_answer_for_many_people_in_two_queries(
    year_of_sessions, cohort, school_year, django_assert_num_queries
):
    from leaderdev.models import Person

    with django_assert_num_queries(2):
        summaries = attendance_summaries(Person.objects.filter(pk__in=[p.pk for p in cohort]), school_year)
    assert summaries[year_of_sessions.pk].rate == 0.5
    assert summaries[cohort[1].pk] == AttendanceSummary(attended=0, expected=5, excused=0, held=5)
