"""The portal's residency sections: "My residency" for a fellow (hours against the required hours, the
next milestone, the way into the plan) and "Fellows I host" for a host principal (each fellow's hours and
the weeks waiting for sign-off), each at most two queries whatever the size of the plans."""

import datetime
import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from fellowships import portal_residency
from fellowships.models import FellowStatus
from leaderdev.models import SchoolYear
from tests.factories.fellowships import HoursEntryFactory, MilestoneFactory

from .plan_helpers import make_plan, text, today, weeks_ago

pytestmark = pytest.mark.django_db

PORTAL = reverse("portal")
NAMES = [("Jonah", "Berg"), ("Lucía", "Ferrer"), ("Kwame", "Mensah"), ("Hana", "Sato"), ("Omar", "Haddad")]


@pytest.fixture
def plan(school_year):
    return make_plan()


def section(html: str, slug: str) -> str:
    """The text of one portal section, or "" when the portal does not show it."""
    match = re.search(rf'<section id="{slug}".*?</section>', html, re.S)
    return text(match.group()) if match else ""


def portal_as(client, user) -> str:
    client.force_login(user)
    response = client.get(PORTAL)
    assert response.status_code == 200
    return response.content.decode()


# --- My residency ----------------------------------------------------------------------------------------


def test_a_fellow_sees_their_hours_next_milestone_and_a_way_in(client, plan):
    HoursEntryFactory(residency=plan.residency, week_of=weeks_ago(1), hours=20, signed_off_at=timezone.now())
    HoursEntryFactory(residency=plan.residency, week_of=weeks_ago(2), hours=15)
    MilestoneFactory(residency=plan.residency, title="Entry plan", due_on=today(), completed_on=today())
    MilestoneFactory(
        residency=plan.residency, title="Lead a data cycle", due_on=today() + datetime.timedelta(days=9)
    )
    html = portal_as(client, plan.fellow_user)
    mine = section(html, "my-residency")
    assert "At Castillo Elementary with Renée Castillo" in mine
    assert "35 of 500 hours logged (7%)" in mine
    assert "20 signed off by the host" in mine
    assert "Next milestone Lead a data cycle" in mine
    assert reverse("fellowships:residency_detail", args=[plan.residency.pk]) in html
    assert reverse("fellowships:hours_new", args=[plan.residency.pk]) in html


def test_an_overdue_next_milestone_says_so(client, plan):
    MilestoneFactory(residency=plan.residency, title="Observe", due_on=today() - datetime.timedelta(days=3))
    assert "Observe overdue, was due" in section(portal_as(client, plan.fellow_user), "my-residency")


def test_a_fellow_with_every_milestone_done_is_told_so(client, plan):
    MilestoneFactory(residency=plan.residency, due_on=today(), completed_on=today())
    assert "Every milestone is marked complete." in section(
        portal_as(client, plan.fellow_user), "my-residency"
    )


def test_a_withdrawn_fellow_has_no_residency_section(client, plan):
    plan.fellow.status = FellowStatus.WITHDRAWN
    plan.fellow.save()
    assert section(portal_as(client, plan.fellow_user), "my-residency") == ""


def test_a_leader_who_is_no_fellow_has_no_residency_section(client, plan, leader):
    assert section(portal_as(client, leader), "my-residency") == ""


def test_the_host_has_no_my_residency_section(client, plan):
    assert section(portal_as(client, plan.host_user), "my-residency") == ""


# --- Fellows I host ---------------------------------------------------------------------------------------


def test_a_host_sees_each_fellow_with_hours_and_weeks_to_sign_off(client, plan):
    second = make_plan(plan.cohort, fellow_name=("Jonah", "Berg"), host_name=("Ines", "Duarte"))
    second.residency.host = plan.residency.host
    second.residency.save()
    HoursEntryFactory(residency=plan.residency, week_of=weeks_ago(1), hours=20, signed_off_at=timezone.now())
    HoursEntryFactory(residency=plan.residency, week_of=weeks_ago(2), hours=10)
    HoursEntryFactory(residency=plan.residency, week_of=weeks_ago(3), hours=5)
    html = portal_as(client, plan.host_user)
    hosted = section(html, "fellows-i-host")
    assert "Amara Okafor 35 of 500 hours · 2 weeks to sign off" in hosted
    assert "Jonah Berg 0 of 500 hours" in hosted
    assert "Jonah Berg 0 of 500 hours ·" not in hosted
    assert reverse("fellowships:residency_detail", args=[second.residency.pk]) in html


def test_the_fellow_has_no_fellows_i_host_section(client, plan):
    assert section(portal_as(client, plan.fellow_user), "fellows-i-host") == ""


def test_a_withdrawn_fellow_leaves_the_hosts_list(client, plan):
    plan.fellow.status = FellowStatus.WITHDRAWN
    plan.fellow.save()
    assert section(portal_as(client, plan.host_user), "fellows-i-host") == ""


# --- Cost -------------------------------------------------------------------------------------------------


def grow(plan, size):
    """`size` weeks and milestones in the plan, and `size` // 3 more fellows with the same host."""
    for n in range(size):
        HoursEntryFactory(
            residency=plan.residency,
            week_of=weeks_ago(n + 1),
            signed_off_at=None if n % 2 else timezone.now(),
        )
        MilestoneFactory(residency=plan.residency, due_on=today() + datetime.timedelta(days=n))
    for n in range(size // 3):
        other = make_plan(plan.cohort, fellow_name=(f"Fellow{n}", "Extra"), host_name=(f"Host{n}", "Extra"))
        other.residency.host = plan.residency.host
        other.residency.save()
        HoursEntryFactory(residency=other.residency, week_of=weeks_ago(1))


def build(builder, user, school_year):
    request = RequestFactory().get(PORTAL)
    request.user = user
    return builder(request, user.person, school_year)


@pytest.mark.parametrize("size", [3, 30])
def test_my_residency_costs_two_queries_at_any_size(plan, size, django_assert_max_num_queries):
    grow(plan, size)
    user, school_year = plan.fellow_user, SchoolYear.objects.current()
    user.person  # noqa: B018 -- the portal hands the builder the person it already loaded
    with django_assert_max_num_queries(2):
        section = build(portal_residency.my_residency, user, school_year)
    assert section.context["mine"].progress.logged == 12 * size


@pytest.mark.parametrize("size", [3, 30])
def test_fellows_i_host_costs_one_query_at_any_size(plan, size, django_assert_max_num_queries):
    grow(plan, size)
    user, school_year = plan.host_user, SchoolYear.objects.current()
    user.person  # noqa: B018
    with django_assert_max_num_queries(1):
        section = build(portal_residency.fellows_i_host, user, school_year)
    assert len(section.context["hosted"]) == 1 + size // 3
