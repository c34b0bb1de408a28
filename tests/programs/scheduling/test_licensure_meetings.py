"""Licensure's monthly support meetings use the same date rules: never on a blackout or in another month."""

import datetime

import pytest
from django.utils import timezone

from licensure.services import meetings
from tests.factories.licensure import SupportGroupFactory
from tests.factories.scheduling import BlackoutDateFactory

pytestmark = pytest.mark.django_db


def schedule(group):
    return meetings.schedule_monthly(
        group, weekday=2, nth=2, start_time=datetime.time(16), minutes=90, location="Bolling"
    )


def test_a_meeting_on_a_blackout_moves_to_the_next_school_day_of_its_month(school_year):
    BlackoutDateFactory(school_year=school_year, start_date=datetime.date(2026, 10, 14), reason="PD day")
    BlackoutDateFactory(
        school_year=school_year,
        start_date=datetime.date(2027, 4, 14),
        end_date=datetime.date(2027, 4, 16),
        reason="MCAS ELA testing window",
    )
    days = [
        timezone.localtime(m.starts_at).date() for m in schedule(SupportGroupFactory(school_year=school_year))
    ]
    assert datetime.date(2026, 10, 15) in days  # Thursday after the PD day
    assert datetime.date(2027, 4, 19) in days  # Monday after the window, over the weekend
    assert len(days) == 10


def test_a_month_with_no_school_day_left_has_no_meeting_and_a_rerun_adds_nothing(school_year):
    BlackoutDateFactory(
        school_year=school_year,
        start_date=datetime.date(2026, 12, 9),
        end_date=datetime.date(2026, 12, 31),
        reason="Winter recess",
    )
    group = SupportGroupFactory(school_year=school_year)
    days = [timezone.localtime(m.starts_at).date() for m in schedule(group)]
    assert len(days) == 9
    assert not [day for day in days if day.month == 12]
    assert schedule(group) == []
