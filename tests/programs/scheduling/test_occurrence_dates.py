"""The dates a series' rule gives in a school year: pure date logic, no database."""

import datetime

from leaderdev.models import SchoolYear
from programs.models import BlackoutDate, BlackoutKind, SeriesPattern, SessionSeries, Weekday
from programs.services.scheduling import closure, next_school_day, nth_weekday, occurrence_dates

YEAR = SchoolYear(
    name="2026-2027", start_date=datetime.date(2026, 8, 31), end_date=datetime.date(2027, 6, 30)
)


def blackout(start, end=None, reason="Blackout", kind=BlackoutKind.HOLIDAY):
    return BlackoutDate(start_date=start, end_date=end or start, reason=reason, kind=kind)


# The district's 2026-2027 calendar, as staff would enter it.
THANKSGIVING = blackout(datetime.date(2026, 11, 26), datetime.date(2026, 11, 27), "Thanksgiving recess")
WINTER_BREAK = blackout(datetime.date(2026, 12, 24), datetime.date(2027, 1, 1), "Winter recess")
MCAS_ELA = blackout(
    datetime.date(2027, 4, 5), datetime.date(2027, 4, 16), "MCAS ELA testing window", BlackoutKind.TESTING
)
APRIL_VACATION = blackout(datetime.date(2027, 4, 19), datetime.date(2027, 4, 23), "April vacation")
CALENDAR = [THANKSGIVING, WINTER_BREAK, MCAS_ELA, APRIL_VACATION]


def second_tuesday(**overrides):
    rule = {"pattern": SeriesPattern.MONTHLY_NTH_WEEKDAY, "weekday": Weekday.TUESDAY, "nth": 2}
    return SessionSeries(**{"first_month": 9, "last_month": 6, **rule, **overrides})


def spread(times, **overrides):
    rule = {"pattern": SeriesPattern.SPREAD, "weekday": Weekday.THURSDAY, "times_per_year": times}
    return SessionSeries(**{"first_month": 9, "last_month": 6, **rule, **overrides})


def days(result):
    return [day for _, day in result.dates]


def test_the_second_tuesday_september_to_june_gives_ten_school_days():
    result = occurrence_dates(second_tuesday(), YEAR, CALENDAR)
    assert [k for k, _ in result.dates] == list(range(1, 11))
    assert [(d.year, d.month) for d in days(result)] == [
        (2026, 9), (2026, 10), (2026, 11), (2026, 12), (2027, 1),
        (2027, 2), (2027, 3), (2027, 4), (2027, 5), (2027, 6),
    ]  # fmt: skip
    assert all(day.weekday() < 5 for day in days(result))
    assert not [day for day in days(result) for b in CALENDAR if b.covers(day)]
    assert days(result)[0] == datetime.date(2026, 9, 8)
    assert not result.skipped


def test_a_blackout_on_the_second_tuesday_moves_it_to_the_next_school_day():
    pd_day = blackout(datetime.date(2026, 10, 13), reason="District professional development day")
    result = occurrence_dates(second_tuesday(), YEAR, [pd_day])
    assert days(result)[1] == datetime.date(2026, 10, 14)  # Wednesday, not the next Tuesday
    assert [(m.occurrence, m.planned, m.reason) for m in result.moved] == [
        (2, datetime.date(2026, 10, 13), "District professional development day")
    ]


def test_a_move_steps_over_the_weekend_and_back_to_back_blackouts():
    result = occurrence_dates(second_tuesday(), YEAR, CALENDAR)
    # April 13 is inside the MCAS window, the week after is April vacation: the next school day is the 26th.
    assert days(result)[7] == datetime.date(2027, 4, 26)


def test_an_occurrence_with_no_school_day_left_in_its_month_is_skipped_with_a_reason():
    end_of_year = blackout(datetime.date(2027, 6, 7), datetime.date(2027, 6, 30), "End-of-year closeout")
    result = occurrence_dates(second_tuesday(), YEAR, [end_of_year])
    assert len(result.dates) == 9
    assert days(result)[-1] == datetime.date(2027, 5, 11)  # never moved out of June into July
    [skip] = result.skipped
    assert (skip.occurrence, skip.day) == (10, datetime.date(2027, 6, 8))
    assert "End-of-year closeout" in skip.reason and "June 2027" in skip.reason


def test_occurrence_numbers_stay_with_their_months_when_one_is_skipped():
    december = blackout(datetime.date(2026, 12, 1), datetime.date(2026, 12, 31), "December closed")
    result = occurrence_dates(second_tuesday(), YEAR, [december])
    assert [k for k, _ in result.dates] == [1, 2, 3, 5, 6, 7, 8, 9, 10]
    assert dict(result.dates)[5] == datetime.date(2027, 1, 12)


def test_the_last_weekday_and_a_missing_fifth_weekday():
    assert days(occurrence_dates(second_tuesday(nth=-1, last_month=9), YEAR, []))[0] == datetime.date(
        2026, 9, 29
    )
    fifth = occurrence_dates(second_tuesday(nth=5, last_month=12), YEAR, [])
    assert days(fifth) == [datetime.date(2026, 9, 29), datetime.date(2026, 12, 29)]
    assert [(s.occurrence, s.day) for s in fifth.skipped] == [(2, None), (3, None)]
    assert "has no such day" in fifth.skipped[0].reason


def test_a_day_outside_the_school_year_is_skipped():
    late_start = SchoolYear(
        name="x", start_date=datetime.date(2026, 9, 14), end_date=datetime.date(2027, 6, 4)
    )
    result = occurrence_dates(second_tuesday(), late_start, [])
    assert days(result)[0] == datetime.date(2026, 10, 13)
    assert days(result)[-1] == datetime.date(2027, 5, 11)
    assert [s.occurrence for s in result.skipped] == [1, 10]


def test_four_a_year_spreads_over_the_year_on_the_weekday():
    result = occurrence_dates(spread(4), YEAR, [])
    assert days(result) == [
        datetime.date(2026, 10, 8),
        datetime.date(2026, 12, 24),
        datetime.date(2027, 3, 11),
        datetime.date(2027, 5, 27),
    ]
    assert {day.weekday() for day in days(result)} == {Weekday.THURSDAY}


def test_a_spread_meeting_in_winter_break_moves_to_the_first_school_day_after_it():
    result = occurrence_dates(spread(4), YEAR, CALENDAR)
    assert days(result)[1] == datetime.date(2027, 1, 4)
    assert result.moved[0].reason == "Winter recess"


def test_monthly_meetings_never_collide_and_spread_ones_stay_in_order():
    for times in range(1, 13):
        result = occurrence_dates(spread(times), YEAR, CALENDAR)
        assert days(result) == sorted(set(days(result)))
        assert len(result.dates) + len(result.skipped) == times


def test_next_school_day_stops_at_the_limit():
    friday, monday = datetime.date(2026, 10, 16), datetime.date(2026, 10, 19)
    assert closure(datetime.date(2026, 10, 17), []) == "a weekend"
    assert next_school_day(datetime.date(2026, 10, 17), [], last=monday) == monday
    assert next_school_day(datetime.date(2026, 10, 17), [], last=friday + datetime.timedelta(days=2)) is None


def test_nth_weekday():
    assert nth_weekday(2026, 9, Weekday.WEDNESDAY, 4) == datetime.date(2026, 9, 23)
    assert nth_weekday(2026, 9, Weekday.WEDNESDAY, -1) == datetime.date(2026, 9, 30)
    assert nth_weekday(2026, 10, Weekday.TUESDAY, 5) is None
