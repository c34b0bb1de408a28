"""The scheduling tasks, run eagerly (no broker in tests): thin wrappers that return what they made."""

import datetime

import pytest
from django.db.models import Count

from programs.models import Session
from programs.tasks import generate_all_series, generate_series_sessions
from tests.factories import SchoolYearFactory
from tests.factories.scheduling import SessionSeriesFactory, SpreadSeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def future_year(school_year):
    """A current year still ahead whatever the clock says (2026-2027 exists too, no longer current)."""
    year = SchoolYearFactory(
        name="2030-2031",
        start_date=datetime.date(2030, 8, 26),
        end_date=datetime.date(2031, 6, 27),
        is_current=False,
    )
    year.make_current()
    return year


def test_the_task_returns_the_ids_of_the_sessions_it_created(future_year):
    series = SessionSeriesFactory(offering__school_year=future_year)
    ids = generate_series_sessions.delay(series.pk).get()
    assert sorted(ids) == sorted(Session.objects.filter(series=series).values_list("pk", flat=True))
    assert len(ids) == 10
    assert generate_series_sessions.delay(series.pk).get() == []  # idempotent
    assert Session.objects.filter(series=series).count() == 10


def test_the_task_skips_a_deleted_or_inactive_series(future_year):
    inactive = SessionSeriesFactory(offering__school_year=future_year, is_active=False)
    assert generate_series_sessions.delay(inactive.pk).get() == []
    assert generate_series_sessions.delay(inactive.pk + 1000).get() == []
    assert not Session.objects.exists()


def test_generate_all_series_runs_the_active_series_of_the_current_year(
    future_year, school_year, django_capture_on_commit_callbacks
):
    monthly = SessionSeriesFactory(offering__school_year=future_year)
    spread = SpreadSeriesFactory(offering__school_year=future_year)
    SessionSeriesFactory(offering__school_year=future_year, is_active=False)
    SessionSeriesFactory(offering__school_year=school_year)  # last year's

    with django_capture_on_commit_callbacks(execute=True):  # one task per series, through the outbox
        assert generate_all_series.delay().get() == [monthly.pk, spread.pk]

    counts = dict(Session.objects.values("series").annotate(n=Count("pk")).values_list("series", "n"))
    assert counts == {monthly.pk: 10, spread.pk: 4}
