"""Factories for convening scheduling (programs.models.scheduling)."""

import datetime

import factory

from programs.models import BlackoutDate, BlackoutKind, SeriesHost, SeriesPattern, SessionSeries, Weekday

from .district import SchoolFactory, SchoolYearFactory
from .programs import OfferingFactory


class BlackoutDateFactory(factory.django.DjangoModelFactory):
    """Defaults to Thanksgiving and the day after, 2026."""

    class Meta:
        model = BlackoutDate

    school_year = factory.SubFactory(SchoolYearFactory)
    start_date = datetime.date(2026, 11, 26)
    end_date = factory.LazyAttribute(lambda o: o.start_date)
    kind = BlackoutKind.HOLIDAY
    reason = factory.Sequence(lambda n: f"Blackout {n}")


class SessionSeriesFactory(factory.django.DjangoModelFactory):
    """Defaults to a Leadership Conference: the second Tuesday of each month, September to June, 4-6 pm."""

    class Meta:
        model = SessionSeries

    offering = factory.SubFactory(OfferingFactory)
    title = "Leadership Conference"
    pattern = SeriesPattern.MONTHLY_NTH_WEEKDAY
    weekday = Weekday.TUESDAY
    nth = 2
    first_month = 9
    last_month = 6
    start_time = datetime.time(16, 0)
    minutes = 120
    location = "Bolling Building, Room 200"


class SpreadSeriesFactory(SessionSeriesFactory):
    """A level-alike meeting: four times a year on a Thursday, at rotating host schools."""

    title = "Elementary level-alike"
    pattern = SeriesPattern.SPREAD
    weekday = Weekday.THURSDAY
    nth = None
    times_per_year = 4
    location = "Library"


class SeriesHostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SeriesHost

    series = factory.SubFactory(SessionSeriesFactory)
    school = factory.SubFactory(SchoolFactory)
    position = factory.Sequence(lambda n: n)
