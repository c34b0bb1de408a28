"""The scheduling admin: program staff open every page, generate a series' sessions with an action, and
keep the year's blackout dates on the school year's page."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from programs.models import Session
from tests.factories import SchoolYearFactory
from tests.factories.scheduling import BlackoutDateFactory, SeriesHostFactory, SessionSeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, program_staff):
    client.force_login(program_staff)
    return client


@pytest.fixture
def future_year(db):
    """A year still ahead whatever the clock says, so "now" generates every occurrence."""
    return SchoolYearFactory(
        name="2030-2031",
        start_date=datetime.date(2030, 8, 26),
        end_date=datetime.date(2031, 6, 27),
        is_current=False,
    )


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("model", ["sessionseries", "blackoutdate"])
def test_program_staff_open_the_list_and_add_pages(staff_client, school_year, model):
    SeriesHostFactory(series__offering__school_year=school_year)
    BlackoutDateFactory(school_year=school_year)
    assert staff_client.get(reverse(f"admin:programs_{model}_changelist")).status_code == 200
    assert staff_client.get(reverse(f"admin:programs_{model}_add")).status_code == 200


def test_a_leader_may_not_open_the_series(client, leader):
    client.force_login(leader)
    response = client.get(reverse("admin:programs_sessionseries_changelist"))
    assert response.status_code == 302


def test_the_series_page_shows_its_rule_hosts_and_generated_sessions(staff_client, future_year):
    host = SeriesHostFactory(series__offering__school_year=future_year, school__name="Hernández K-8")
    series = host.series
    staff_client.post(
        reverse("admin:programs_sessionseries_changelist"),
        {"action": "generate_now", "_selected_action": [series.pk]},
    )
    html = staff_client.get(reverse("admin:programs_sessionseries_change", args=[series.pk])).content.decode()
    assert "Second Tuesday of each month, September to June, 4:00 PM, 120 minutes" in html
    assert "Hernández K-8" in html
    assert "Sept. 10, 2030, 4 p.m." in html  # the first occurrence, in the district's zone


def test_the_generate_action_creates_the_sessions_and_reports_counts(staff_client, future_year):
    series = SessionSeriesFactory(offering__school_year=future_year)
    BlackoutDateFactory(
        school_year=future_year,
        start_date=datetime.date(2031, 6, 2),
        end_date=datetime.date(2031, 6, 27),
        reason="End-of-year closeout",
    )
    url = reverse("admin:programs_sessionseries_changelist")
    response = staff_client.post(
        url, {"action": "generate_now", "_selected_action": [series.pk]}, follow=True
    )
    assert response.redirect_chain == [(url, 302)]
    assert Session.objects.filter(series=series).count() == 9
    assert messages_of(response) == [
        "Leadership Conference: 9 created, 0 updated, 0 unchanged, 0 removed, 1 skipped.",
        "Leadership Conference, not scheduled: Occurrence 10 (Tue Jun 10, 2031): End-of-year closeout, and "
        "no school day is left in June 2031.",
    ]
    response = staff_client.post(url, {"action": "generate_now", "_selected_action": [series.pk]})
    assert "0 created, 0 updated, 9 unchanged" in messages_of(response)[0]
    assert Session.objects.filter(series=series).count() == 9


def test_the_generate_action_explains_an_inactive_series(staff_client, future_year):
    series = SessionSeriesFactory(offering__school_year=future_year, is_active=False)
    response = staff_client.post(
        reverse("admin:programs_sessionseries_changelist"),
        {"action": "generate_now", "_selected_action": [series.pk]},
    )
    assert messages_of(response) == [
        "“Leadership Conference” is not active: turn it on to generate its sessions."
    ]
    assert not Session.objects.exists()


def test_the_school_year_page_lists_and_adds_blackout_dates(staff_client, school_year):
    BlackoutDateFactory(school_year=school_year, reason="Thanksgiving recess")
    url = reverse("admin:leaderdev_schoolyear_change", args=[school_year.pk])
    assert "Thanksgiving recess" in staff_client.get(url).content.decode()
    prefix = "blackout_dates"
    existing = school_year.blackout_dates.get()
    data = {
        "name": school_year.name,
        "start_date": "2026-08-31",
        "end_date": "2027-06-30",
        "is_current": "on",
        f"{prefix}-TOTAL_FORMS": "2",
        f"{prefix}-INITIAL_FORMS": "1",
        f"{prefix}-0-id": existing.pk,
        f"{prefix}-0-school_year": school_year.pk,
        f"{prefix}-0-start_date": "2026-11-26",
        f"{prefix}-0-end_date": "2026-11-27",
        f"{prefix}-0-kind": "holiday",
        f"{prefix}-0-reason": "Thanksgiving recess",
        f"{prefix}-1-school_year": school_year.pk,
        f"{prefix}-1-start_date": "2027-03-23",
        f"{prefix}-1-end_date": "2027-04-09",
        f"{prefix}-1-kind": "testing",
        f"{prefix}-1-reason": "MCAS ELA testing window",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 302
    assert list(school_year.blackout_dates.values_list("reason", "kind")) == [
        ("Thanksgiving recess", "holiday"),
        ("MCAS ELA testing window", "testing"),
    ]


def test_a_blackout_that_ends_before_it_starts_is_a_form_error(staff_client, school_year):
    response = staff_client.post(
        reverse("admin:programs_blackoutdate_add"),
        {
            "school_year": school_year.pk,
            "start_date": "2026-12-31",
            "end_date": "2026-12-24",
            "kind": "holiday",
            "reason": "Winter recess",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["end_date"]


def test_a_weekend_rule_is_a_form_error(staff_client, school_year):
    series = SessionSeriesFactory(offering__school_year=school_year)
    response = staff_client.post(
        reverse("admin:programs_sessionseries_add"),
        {
            "offering": series.offering_id,
            "title": "Saturday academy",
            "is_active": "on",
            "pattern": "monthly_nth_weekday",
            "weekday": "5",
            "nth": "1",
            "first_month": "9",
            "last_month": "6",
            "start_time": "09:00",
            "minutes": "180",
            "hosts-TOTAL_FORMS": "0",
            "hosts-INITIAL_FORMS": "0",
            "sessions-TOTAL_FORMS": "0",
            "sessions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "never scheduled on a weekend" in response.content.decode()
