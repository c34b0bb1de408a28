"""A meeting's page: agenda, place and time in the district's zone; the attendance sheet and notes for
those who run the group; the notes and only one's own status and next steps for a member. And the
notes form."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from leaderdev.permissions import Role
from licensure.models import AttendanceStatus, MeetingAttendance
from tests.factories import UserFactory
from tests.factories.licensure import SupportMeetingFactory

from .meetings_setup import a_group, a_member, fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db

MINE = "Finish the practicum log through November."
THEIRS = "Register for the communication and literacy test."


def text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).strip()


def page(meeting):
    return reverse("licensure:meeting_detail", args=[meeting.pk])


def notes_url(meeting):
    return reverse("licensure:meeting_notes", args=[meeting.pk])


@pytest.fixture
def team(make_user):
    return make_user(Role.LICENSURE_TEAM, is_staff=True)


@pytest.fixture
def scene(school_year):
    scene = a_group(school_year, name="Principal licensure")
    scene.held.location = "Bolling Building, room 2"
    scene.held.notes = "We read the performance assessment rubric together."
    scene.held.save()
    MeetingAttendance.objects.create(
        meeting=scene.held, person=scene.member_person, status=AttendanceStatus.PRESENT, next_steps=MINE
    )
    MeetingAttendance.objects.create(
        meeting=scene.held, person=scene.other_person, status=AttendanceStatus.ABSENT, next_steps=THEIRS
    )
    return scene


# --- What each person sees ---------------------------------------------------------------------------------


def test_a_facilitator_sees_the_agenda_place_and_a_sheet_row_per_member(client, scene):
    client.force_login(scene.facilitator)
    response = client.get(page(scene.held))
    html = response.content.decode()
    assert "Practicum logs; the performance assessment." in html
    assert "Bolling Building, room 2" in html
    for person, steps in ((scene.member_person, MINE), (scene.other_person, THEIRS)):
        row = re.search(rf'<div[^>]*id="member-{person.pk}".*?</textarea>', html, re.S).group(0)
        assert person.full_name in row
        assert re.findall(r'type="radio"[^>]*value="(\w+)"', row) == [
            "present",
            "excused",
            "absent",
        ]
        assert steps in row
    assert f'action="{reverse("licensure:meeting_attendance", args=[scene.held.pk])}"' in html
    assert f'action="{notes_url(scene.held)}"' in html
    assert "We read the performance assessment rubric together." in html


def test_the_sheet_shows_what_is_recorded(client, scene):
    client.force_login(scene.facilitator)
    html = client.get(page(scene.held)).content.decode()
    checked = re.findall(r'<input type="radio" name="status_(\d+)" value="(\w+)"[^>]*checked', html)
    assert sorted(checked) == sorted(
        [(str(scene.member_person.pk), "present"), (str(scene.other_person.pk), "absent")]
    )


def test_the_team_sees_the_sheet_too(client, team, scene):
    client.force_login(team)
    response = client.get(page(scene.held))
    assert response.context["runs_it"] is True
    assert THEIRS in response.content.decode() and MINE in response.content.decode()


def test_the_time_is_shown_in_the_districts_zone(client, scene):
    winter = SupportMeetingFactory(
        group=scene.group,
        starts_at=datetime.datetime(2027, 1, 20, 21, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2027, 1, 20, 22, 30, tzinfo=datetime.UTC),
    )
    client.force_login(scene.member)
    shown = text(client.get(page(winter)).content.decode())
    assert "January 20, 2027, 4:00\N{EN DASH}5:30 PM EST" in shown


def test_a_member_sees_the_notes_and_only_their_own_status_and_next_steps(client, scene):
    client.force_login(scene.member)
    response = client.get(page(scene.held))
    html = response.content.decode()
    assert "We read the performance assessment rubric together." in html
    assert MINE in html
    assert "Present" in text(html)
    assert THEIRS not in html
    assert scene.other_person.full_name not in html
    assert "Absent" not in text(html)
    assert "<textarea" not in html and 'type="radio"' not in html
    assert response.context["runs_it"] is False


def test_a_member_with_nothing_recorded_is_told_so(client, scene):
    newcomer = a_member(scene.group).person.user
    client.force_login(newcomer)
    html = client.get(page(scene.held)).content.decode()
    assert "Nothing recorded for you yet." in html
    assert MINE not in html and THEIRS not in html


def test_the_sheet_waits_for_the_day_of_the_meeting(client, scene):
    client.force_login(scene.facilitator)
    response = client.get(page(scene.upcoming))
    assert "Attendance opens on the day of the meeting." in response.content.decode()
    assert response.context["sheet"] is None


def test_someone_elses_meeting_answers_404(client, scene):
    other = a_group(scene.group.school_year)
    client.force_login(scene.facilitator)
    assert client.get(page(other.held)).status_code == 404
    client.force_login(scene.member)
    assert client.get(page(other.held)).status_code == 404


def test_the_meeting_page_refuses_a_login_without_a_role(client, scene):
    client.force_login(UserFactory())
    assert client.get(page(scene.held)).status_code == 403


def test_the_meeting_page_sends_anonymous_visitors_to_log_in(client, scene):
    response = client.get(page(scene.held))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_meeting_page_refuses_post(client, scene):
    client.force_login(scene.facilitator)
    assert client.post(page(scene.held)).status_code == 405


def test_the_sheet_costs_the_same_for_3_and_30_members(client, scene, django_assert_max_num_queries):
    client.force_login(scene.facilitator)
    a_member(scene.group)
    with django_assert_max_num_queries(10):
        assert len(client.get(page(scene.held)).context["sheet"].members) == 3
    for _ in range(27):
        a_member(scene.group)
    with django_assert_max_num_queries(10):
        assert len(client.get(page(scene.held)).context["sheet"].members) == 30


# --- Notes -------------------------------------------------------------------------------------------------


def test_a_facilitator_saves_the_notes_and_members_read_them(client, scene):
    client.force_login(scene.facilitator)
    response = client.post(notes_url(scene.held), {"notes": "  Mapped each person's remaining hours.  "})
    assert response.status_code == 302 and response.url == f"{page(scene.held)}#notes"
    scene.held.refresh_from_db()
    assert scene.held.notes == "Mapped each person's remaining hours."
    client.force_login(scene.member)
    assert "Mapped each person&#x27;s remaining hours." in client.get(page(scene.held)).content.decode()


def test_a_member_may_not_write_the_notes(client, scene):
    client.force_login(scene.member)
    assert client.post(notes_url(scene.held), {"notes": "Mine now."}).status_code == 403
    scene.held.refresh_from_db()
    assert scene.held.notes == "We read the performance assessment rubric together."


def test_another_groups_facilitator_gets_404_on_the_notes(client, scene):
    other = a_group(scene.group.school_year)
    client.force_login(other.facilitator)
    assert client.post(notes_url(scene.held), {"notes": "Mine now."}).status_code == 404
    scene.held.refresh_from_db()
    assert scene.held.notes == "We read the performance assessment rubric together."


def test_the_notes_refuse_get_and_anonymous_visitors(client, scene):
    response = client.post(notes_url(scene.held), {"notes": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    client.force_login(scene.facilitator)
    assert client.get(notes_url(scene.held)).status_code == 405


def test_notes_that_are_too_long_are_a_form_error(client, scene):
    client.force_login(scene.facilitator)
    response = client.post(notes_url(scene.held), {"notes": "x" * 10_001})
    assert response.status_code == 200
    assert response.context["notes_form"].errors["notes"]
    scene.held.refresh_from_db()
    assert scene.held.notes == "We read the performance assessment rubric together."


def test_the_local_day_decides_when_the_sheet_opens(client, scene):
    """A meeting at 11 pm tonight (the district's clock) opens its sheet today."""
    tonight = timezone.localtime().replace(hour=23, minute=0, second=0, microsecond=0)
    meeting = SupportMeetingFactory(group=scene.group, starts_at=tonight)
    client.force_login(scene.facilitator)
    assert client.get(page(meeting)).context["sheet_open"] is True
