"""Mentorship health's read path: meetings per month in one query, last contact, staleness, the summary."""

import datetime

import pytest

from mentoring.models import LogKind, MentorshipStatus
from mentoring.queries import health
from tests.factories.mentoring import (
    CoachAssignmentFactory,
    LogEntryFactory,
    MenteeFeedbackFactory,
    MentorshipFactory,
)

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 11, 25)
D = datetime.date


def log(pair, *days, kind=LogKind.MEETING):
    for day in days:
        if hasattr(pair, "mentee"):
            LogEntryFactory(mentorship=pair, date=day, kind=kind)
        else:
            LogEntryFactory(mentorship=None, coaching=pair, date=day, kind=kind)


def test_school_months_run_september_to_june(school_year):
    months = health.school_months(school_year)
    assert [m.label for m in months] == ["Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun"]
    assert (months[0].first, months[0].following) == (D(2026, 9, 1), D(2026, 10, 1))
    assert (months[3].first, months[3].following) == (D(2026, 12, 1), D(2027, 1, 1))
    assert months[4].first == D(2027, 1, 1)


def test_it_counts_entries_per_month_with_last_contact(school_year, django_assert_num_queries):
    pair = MentorshipFactory(school_year=school_year, started_on=D(2026, 9, 10))
    log(pair, D(2026, 9, 20), D(2026, 10, 6), D(2026, 10, 20))
    log(pair, D(2026, 11, 3), kind=LogKind.CHECK_IN)  # a check-in is contact too
    with django_assert_num_queries(1):
        row = health.mentorship_health(school_year).get()
    assert [getattr(row, f) for f in health.MONTH_FIELDS] == [1, 2, 1, 0, 0, 0, 0, 0, 0, 0]
    assert (row.total, row.last_contact, row.quiet_since) == (4, D(2026, 11, 3), D(2026, 11, 3))
    assert row.mentee.school.network.name  # select_related: no query


def test_a_pair_with_no_entries_is_quiet_since_it_started(school_year):
    MentorshipFactory(school_year=school_year, started_on=D(2026, 9, 15))
    row = health.mentorship_health(school_year).get()
    assert (row.total, row.last_contact, row.quiet_since) == (0, None, D(2026, 9, 15))


def test_only_active_pairs_of_the_year_are_listed(school_year):
    active = MentorshipFactory(school_year=school_year)
    MentorshipFactory(school_year=school_year, status=MentorshipStatus.ENDED)
    assert list(health.mentorship_health(school_year)) == [active]


def test_feedback_rating_comes_with_the_pair(school_year):
    pair = MentorshipFactory(school_year=school_year)
    MenteeFeedbackFactory(mentorship=pair, rating=4)
    log(pair, D(2026, 10, 1), D(2026, 10, 2))  # the join to feedback does not multiply the counts
    row = health.mentorship_health(school_year).get()
    assert (row.feedback_rating, row.total) == (4, 2)


def test_stale_means_no_contact_in_n_weeks_counting_from_the_start(school_year):
    quiet = MentorshipFactory(school_year=school_year, started_on=D(2026, 9, 10))
    log(quiet, D(2026, 10, 1))
    recent = MentorshipFactory(school_year=school_year, started_on=D(2026, 9, 10))
    log(recent, D(2026, 11, 10))
    never_met = MentorshipFactory(school_year=school_year, started_on=D(2026, 9, 10))
    just_started = MentorshipFactory(school_year=school_year, started_on=D(2026, 11, 16))
    stale = set(health.mentorship_health(school_year).filter(health.stale_q(AS_OF, 4)))
    assert stale == {quiet, never_met}
    assert just_started not in stale and recent not in stale
    assert set(health.mentorship_health(school_year).filter(health.stale_q(AS_OF, 8))) == {never_met}


def test_rows_leave_months_to_come_empty_and_count_weeks(school_year):
    pair = MentorshipFactory(school_year=school_year, started_on=D(2026, 9, 10))
    log(pair, D(2026, 10, 1))
    [row] = health.health_rows(health.mentorship_health(school_year), school_year, AS_OF, 4)
    assert [cell.count for cell in row.months][:4] == [0, 1, 0, None]
    assert row.weeks_since == 7  # Oct 1 to Nov 25
    assert row.stale


def test_rows_leave_months_before_the_start_empty(school_year):
    MentorshipFactory(school_year=school_year, started_on=D(2026, 10, 16))
    [row] = health.health_rows(health.mentorship_health(school_year), school_year, AS_OF, 4)
    assert [cell.count for cell in row.months][:4] == [None, 0, 0, None]


def test_the_summary_adds_up_the_filtered_pairs(school_year, django_assert_num_queries):
    september = MentorshipFactory(school_year=school_year, started_on=D(2026, 9, 10))
    log(september, D(2026, 9, 20), D(2026, 10, 6), D(2026, 11, 10))
    MenteeFeedbackFactory(mentorship=september, rating=5)
    october = MentorshipFactory(school_year=school_year, started_on=D(2026, 10, 15))
    log(october, D(2026, 10, 20))
    MenteeFeedbackFactory(mentorship=october, rating=3)
    with django_assert_num_queries(1):
        result = health.summary(
            health.mentorship_health(school_year), school_year, AS_OF, 4, with_feedback=True
        )
    assert (result.pairs, result.contacted, result.stale, result.meetings) == (2, 1, 1, 4)
    assert result.contacted_percent == 50
    assert result.pair_months == 3 + 2  # Sep-Nov, and Oct-Nov
    assert result.meetings_per_pair_month == 0.8
    assert result.feedback_average == 4.0


def test_an_empty_summary_has_no_averages(school_year):
    result = health.summary(health.mentorship_health(school_year), school_year, AS_OF, 4, with_feedback=True)
    assert (result.pairs, result.contacted_percent, result.meetings_per_pair_month) == (0, None, None)
    assert result.feedback_average is None


def test_coaching_health_counts_coaching_logs(school_year):
    assignment = CoachAssignmentFactory(school_year=school_year, started_on=D(2026, 9, 1))
    log(assignment, D(2026, 9, 8), D(2026, 9, 22), kind=LogKind.OBSERVATION)
    MentorshipFactory(school_year=school_year)  # a mentorship's log is not the coaching's
    row = health.coaching_health(school_year).get()
    assert (row.m_1, row.total, row.last_contact) == (2, 2, D(2026, 9, 22))
    assert row.coach.organization.name
