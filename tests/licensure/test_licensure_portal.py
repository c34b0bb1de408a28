"""The portal's "My licensure" section: each active pursuit's progress, the next item to work on and the
target; the next support meeting; nothing for someone with no active pursuit; three queries at most."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from licensure.models import ProgressStatus, PursuitStatus
from licensure.portal import my_licensure
from tests.factories.licensure import (
    GroupMembershipFactory,
    RequirementProgressFactory,
    SupportGroupFactory,
    SupportMeetingFactory,
    VerifiedProgressFactory,
)

from .pursuit_data import last_year, make_pursuit, pursuer_login, requirement

pytestmark = pytest.mark.django_db

PORTAL = reverse("portal")


def text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).strip()


def section(client, user) -> str:
    """The text of the My licensure card on the user's portal ('' when it is not there)."""
    client.force_login(user)
    html = client.get(PORTAL).content.decode()
    found = re.search(r'<section id="my-licensure".*?</section>', html, re.S)
    return found.group(0) if found else ""


@pytest.fixture
def pursuit(school_year):
    return make_pursuit()


@pytest.fixture
def employee(pursuit):
    return pursuit.person.user


def meeting_for(person, school_year, days_ahead=10, **kwargs):
    group = SupportGroupFactory(school_year=school_year, name="Tuesday licensure group")
    GroupMembershipFactory(group=group, person=person)
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days_ahead)
    return SupportMeetingFactory(
        group=group, starts_at=starts, ends_at=starts + datetime.timedelta(minutes=90), **kwargs
    )


def test_it_shows_progress_the_next_item_and_the_target(client, pursuit, employee):
    VerifiedProgressFactory(pursuit=pursuit, requirement=requirement(pursuit, "Coursework"))
    card = text(section(client, employee))
    assert pursuit.license_type.name in card
    assert "1 of 2 verified" in card
    assert "Next: Practicum, 500 hours" in card
    assert "Target date Jun 30, 2027" in card


def test_it_links_the_checklist_and_draws_the_bar(client, pursuit, employee):
    html = section(client, employee)
    assert reverse("licensure:pursuit_detail", args=[pursuit.pk]) in html
    assert 'role="progressbar"' in html and 'aria-valuenow="0"' in html


def test_the_next_item_skips_what_waits_for_the_team(client, pursuit, employee):
    RequirementProgressFactory(
        pursuit=pursuit, requirement=requirement(pursuit, "Coursework"), status=ProgressStatus.SUBMITTED
    )
    assert "Next: Practicum, 500 hours" in text(section(client, employee))


def test_a_returned_item_is_next_and_says_so(client, pursuit, employee):
    RequirementProgressFactory(
        pursuit=pursuit,
        requirement=requirement(pursuit, "Coursework"),
        status=ProgressStatus.RETURNED,
        returned_reason="Official transcript please.",
    )
    assert "Next: Coursework Returned for changes" in text(section(client, employee))


def test_when_everything_is_submitted_it_says_the_team_is_verifying(client, pursuit, employee):
    for title in ("Coursework", "Practicum, 500 hours"):
        RequirementProgressFactory(
            pursuit=pursuit, requirement=requirement(pursuit, title), status=ProgressStatus.SUBMITTED
        )
    assert "the licensure team is verifying it" in text(section(client, employee))


def test_it_shows_the_next_meeting_with_a_link(client, school_year, pursuit, employee):
    meeting = meeting_for(pursuit.person, school_year, location="Bolling Building, room 2")
    html = section(client, employee)
    card = text(html)
    local = timezone.localtime(meeting.starts_at)
    assert f"Next support meeting: {local:%A}, {local:%b} {local.day}" in card
    assert "Bolling Building, room 2" in card and "Tuesday licensure group" in card
    assert f'href="{reverse("licensure:meeting_detail", args=[meeting.pk])}"' in html


def test_a_meeting_of_last_years_group_is_not_shown(client, pursuit, employee):
    meeting_for(pursuit.person, last_year())
    assert "Next support meeting" not in text(section(client, employee))


def test_nothing_for_someone_with_no_pursuit(client, school_year):
    assert section(client, pursuer_login()) == ""


@pytest.mark.parametrize("status", [PursuitStatus.PAUSED, PursuitStatus.WITHDRAWN])
def test_nothing_for_a_pursuit_that_is_not_active(client, school_year, status):
    user = pursuer_login()
    make_pursuit(user, status=status)
    assert section(client, user) == ""


def test_only_active_pursuits_are_listed(client, pursuit, employee):
    make_pursuit(employee, status=PursuitStatus.WITHDRAWN)
    card = text(section(client, employee))
    assert card.count("verified") == 1


@pytest.mark.parametrize("size", [1, 6])
def test_it_costs_three_queries_at_most(school_year, employee, size):
    for _ in range(size - 1):
        other = make_pursuit(employee)
        VerifiedProgressFactory(pursuit=other, requirement=requirement(other, "Coursework"))
    meeting_for(employee.person, school_year)
    request = RequestFactory().get(PORTAL)
    request.user = employee
    with CaptureQueriesContext(connection) as queries:
        built = my_licensure(request, employee.person, school_year)
    assert len(queries.captured_queries) <= 3
    assert len(built.context["pursuits"]) == size and built.context["meeting"] is not None
    assert all(p.next_requirement is not None for p in built.context["pursuits"])
