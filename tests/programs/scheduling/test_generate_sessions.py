"""generate_sessions: a series' rule becomes sessions, once; editing the rule moves only the future."""

import datetime
import threading
import time

import pytest
from django.db import IntegrityError, connection
from django.utils import timezone

from leaderdev.errors import DomainError
from programs.models import Attendance, SeriesPattern, Session
from programs.services import scheduling
from programs.services.scheduling import generate_sessions
from tests.factories import SchoolFactory
from tests.factories.programs import AttendanceFactory, SessionFactory, SessionFeedbackFactory
from tests.factories.scheduling import (
    BlackoutDateFactory,
    SeriesHostFactory,
    SessionSeriesFactory,
    SpreadSeriesFactory,
)

pytestmark = pytest.mark.django_db

SUMMER = datetime.date(2026, 8, 15)  # before the year: every occurrence is in the future
MID_OCTOBER = datetime.date(2026, 10, 20)  # September and October's sessions have happened


def local_days(series):
    return [timezone.localtime(s.starts_at).date() for s in Session.objects.filter(series=series)]


def test_it_creates_one_session_per_occurrence_at_the_rules_time_and_place(school_year):
    series = SessionSeriesFactory(offering__school_year=school_year)
    result = generate_sessions(series, today=SUMMER)
    sessions = list(Session.objects.filter(series=series).order_by("occurrence"))
    assert [s.occurrence for s in sessions] == list(range(1, 11))
    assert result.created_ids == [s.pk for s in sessions]
    assert local_days(series)[0] == datetime.date(2026, 9, 8)
    # 4 pm in the district's zone in September (summer time) and in January alike
    assert {
        (timezone.localtime(s.starts_at).hour, timezone.localtime(s.starts_at).minute) for s in sessions
    } == {(16, 0)}
    assert {s.ends_at - s.starts_at for s in sessions} == {datetime.timedelta(minutes=120)}
    assert {(s.title, s.location, s.offering_id) for s in sessions} == {
        ("Leadership Conference", "Bolling Building, Room 200", series.offering_id)
    }


def test_it_never_puts_a_session_on_a_blackout(school_year):
    series = SessionSeriesFactory(offering__school_year=school_year)
    BlackoutDateFactory(
        school_year=school_year, start_date=datetime.date(2026, 11, 10), reason="Election recount"
    )
    generate_sessions(series, today=SUMMER)
    assert datetime.date(2026, 11, 10) not in local_days(series)
    assert datetime.date(2026, 11, 11) in local_days(series)


def test_a_rerun_creates_and_updates_nothing(school_year):
    series = SessionSeriesFactory(offering__school_year=school_year)
    generate_sessions(series, today=SUMMER)
    before = {s.pk: s.updated_at for s in Session.objects.filter(series=series)}
    result = generate_sessions(series, today=SUMMER)
    assert (result.created, result.updated, result.removed) == ([], [], [])
    assert len(result.unchanged) == 10
    assert {s.pk: s.updated_at for s in Session.objects.filter(series=series)} == before


def test_the_database_refuses_a_second_session_for_an_occurrence(school_year):
    series = SessionSeriesFactory(offering__school_year=school_year)
    SessionFactory(offering=series.offering, series=series, occurrence=3)
    with pytest.raises(IntegrityError):
        SessionFactory(offering=series.offering, series=series, occurrence=3)


# serialized_rollback: the flush after a transactional test would otherwise take the shipped data (role
# groups, the framework) that the following tests expect.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_once_never_duplicate_an_occurrence(school_year, monkeypatch):
    series = SessionSeriesFactory(offering__school_year=school_year)
    work_out_dates = scheduling.occurrence_dates

    def slowly(*args):  # hold each run between its start and its writes, so the two overlap
        time.sleep(0.5)
        return work_out_dates(*args)

    monkeypatch.setattr(scheduling, "occurrence_dates", slowly)
    start = threading.Barrier(2)
    created, errors = [], []

    def run():
        try:
            start.wait()
            created.append(len(generate_sessions(series, today=SUMMER).created))
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(created) == [0, 10]
    assert Session.objects.filter(series=series).count() == 10


def test_editing_the_time_and_place_moves_future_sessions_only(school_year):
    series = SessionSeriesFactory(offering__school_year=school_year)
    generate_sessions(series, today=SUMMER)
    september = Session.objects.get(series=series, occurrence=1)
    person_present = AttendanceFactory(session=september)
    series.start_time, series.location = datetime.time(9, 30), "Madison Park, Auditorium"
    series.save()

    result = generate_sessions(series, today=MID_OCTOBER)

    assert sorted(s.occurrence for s in result.updated) == list(range(3, 11))
    september_after = Session.objects.get(pk=september.pk)
    assert (september_after.starts_at, september_after.location, september_after.updated_at) == (
        september.starts_at,
        september.location,
        september.updated_at,
    )
    assert Attendance.objects.get(pk=person_present.pk).session_id == september.pk
    october = Session.objects.get(series=series, occurrence=2)  # Oct 13: past too, without attendance
    assert timezone.localtime(october.starts_at).hour == 16
    november = Session.objects.get(series=series, occurrence=3)
    assert timezone.localtime(november.starts_at).time() == datetime.time(9, 30)
    assert november.ends_at - november.starts_at == datetime.timedelta(minutes=120)
    assert november.location == "Madison Park, Auditorium"


def test_a_future_session_with_attendance_is_not_moved_and_is_reported(school_year):
    series = SessionSeriesFactory(offering__school_year=school_year)
    generate_sessions(series, today=SUMMER)
    december = Session.objects.get(series=series, occurrence=4)
    AttendanceFactory(session=december, status="excused")  # recorded ahead of the day
    series.location = "Elsewhere"
    series.save()
    result = generate_sessions(series, today=MID_OCTOBER)
    december.refresh_from_db()
    assert december.location == "Bolling Building, Room 200"
    assert [(s.occurrence, "has attendance" in s.reason) for s in result.skipped] == [(4, True)]


def test_a_new_blackout_moves_a_future_session_on_the_next_run(school_year):
    series = SessionSeriesFactory(offering__school_year=school_year)
    generate_sessions(series, today=SUMMER)
    BlackoutDateFactory(
        school_year=school_year, start_date=datetime.date(2027, 3, 9), reason="MCAS make-up day"
    )
    result = generate_sessions(series, today=MID_OCTOBER)
    assert [s.occurrence for s in result.updated] == [7]
    assert timezone.localtime(Session.objects.get(series=series, occurrence=7).starts_at).date() == (
        datetime.date(2027, 3, 10)
    )


def test_shrinking_the_series_removes_future_sessions_without_attendance_and_reports_the_others(school_year):
    series = SessionSeriesFactory(offering__school_year=school_year)
    generate_sessions(series, today=SUMMER)
    past_with_attendance = Session.objects.get(series=series, occurrence=1)
    AttendanceFactory(session=past_with_attendance)
    future_with_attendance = Session.objects.get(series=series, occurrence=8)
    AttendanceFactory(session=future_with_attendance, status="excused")
    future_with_feedback = Session.objects.get(series=series, occurrence=9)
    SessionFeedbackFactory(session=future_with_feedback)
    series.last_month = 12  # September to December: 4 occurrences instead of 10
    series.save()

    result = generate_sessions(series, today=MID_OCTOBER)

    remaining = set(Session.objects.filter(series=series).values_list("occurrence", flat=True))
    assert remaining == {1, 2, 3, 4, 8, 9}
    assert len(result.removed) == 4  # January, February, March and June: in the future, nothing recorded
    assert sorted(s.occurrence for s in result.skipped) == [8, 9]
    assert all("no longer in the rule" in s.reason for s in result.skipped)
    assert Attendance.objects.filter(session=past_with_attendance).exists()


def test_a_past_occurrence_is_not_created(school_year):
    series = SessionSeriesFactory(offering__school_year=school_year)
    result = generate_sessions(series, today=MID_OCTOBER)
    assert sorted(s.occurrence for s in result.created) == list(range(3, 11))
    assert [(s.occurrence, s.reason) for s in result.skipped] == [
        (1, "in the past: not created"),
        (2, "in the past: not created"),
    ]


def test_a_spread_series_rotates_through_its_host_schools(school_year):
    series = SpreadSeriesFactory(offering__school_year=school_year, offering__school_level="elementary")
    hosts = [SchoolFactory(name=name) for name in ("Adams", "Blackstone", "Curley")]
    for position, school in enumerate(hosts):
        SeriesHostFactory(series=series, school=school, position=position)

    generate_sessions(series, today=SUMMER)

    sessions = Session.objects.filter(series=series).order_by("occurrence").select_related("school")
    assert [s.school.name for s in sessions] == ["Adams", "Blackstone", "Curley", "Adams"]
    assert sessions[0].where == "Library, Adams"
    assert len(local_days(series)) == 4


def test_reordering_the_hosts_rehosts_future_sessions(school_year):
    series = SpreadSeriesFactory(offering__school_year=school_year)
    first, second = SeriesHostFactory(series=series, position=1), SeriesHostFactory(series=series, position=2)
    generate_sessions(series, today=SUMMER)
    first.position = 3
    first.save()
    result = generate_sessions(series, today=SUMMER)
    assert len(result.updated) == 4
    sessions = Session.objects.filter(series=series).order_by("occurrence")
    assert [s.school_id for s in sessions] == [second.school_id, first.school_id] * 2


def test_an_inactive_series_generates_nothing(school_year):
    series = SessionSeriesFactory(offering__school_year=school_year, is_active=False)
    with pytest.raises(DomainError, match="not active"):
        generate_sessions(series, today=SUMMER)
    assert not Session.objects.exists()


def test_sessions_not_from_the_series_are_left_alone(school_year):
    series = SessionSeriesFactory(offering__school_year=school_year)
    by_hand = SessionFactory(
        offering=series.offering, starts_at=timezone.make_aware(datetime.datetime(2027, 1, 12, 16))
    )
    generate_sessions(series, today=SUMMER)
    by_hand.refresh_from_db()
    assert by_hand.series_id is None
    assert Session.objects.filter(offering=series.offering).count() == 11


def test_a_pattern_without_its_number_is_refused_by_the_database(school_year):
    with pytest.raises(IntegrityError):
        SessionSeriesFactory(
            offering__school_year=school_year, pattern=SeriesPattern.SPREAD, times_per_year=None
        )
