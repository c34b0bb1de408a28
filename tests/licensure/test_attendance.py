"""Taking a meeting's attendance: every member's status and next steps saved in one POST, only what changed,
by the licensure team or the group's facilitators only."""

import pytest
from django.urls import reverse

from leaderdev.permissions import Role
from licensure.models import AttendanceStatus, MeetingAttendance

from .meetings_setup import a_group, fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db


def sheet_url(meeting):
    return reverse("licensure:meeting_attendance", args=[meeting.pk])


def sheet(rows: dict, drawn: dict | None = None) -> dict:
    """POST data of the sheet: ``{person: (status, next_steps)}`` as sent, ``drawn`` as the page was drawn
    (nothing recorded unless given)."""
    drawn = drawn or {}
    data = {}
    for person, (status, steps) in rows.items():
        was_status, was_steps = drawn.get(person, ("", ""))
        data |= {
            f"status_{person.pk}": status,
            f"initial-status_{person.pk}": was_status,
            f"steps_{person.pk}": steps,
            f"initial-steps_{person.pk}": was_steps,
        }
    return data


@pytest.fixture
def scene(school_year):
    return a_group(school_year)


def recorded(meeting) -> dict:
    return {
        row.person: (row.status, row.next_steps) for row in MeetingAttendance.objects.filter(meeting=meeting)
    }


def test_a_facilitator_saves_every_members_status_and_next_steps_in_one_post(client, scene):
    client.force_login(scene.facilitator)
    response = client.post(
        sheet_url(scene.held),
        sheet(
            {
                scene.member_person: ("present", "Log the October practicum hours."),
                scene.other_person: ("excused", ""),
            }
        ),
    )
    assert response.status_code == 302
    assert response.url == reverse("licensure:meeting_detail", args=[scene.held.pk])
    assert recorded(scene.held) == {
        scene.member_person: ("present", "Log the October practicum hours."),
        scene.other_person: ("excused", ""),
    }
    assert "Attendance saved for 2 members." in client.get(response.url).content.decode()


def test_the_team_may_take_attendance(client, make_user, scene):
    client.force_login(make_user(Role.LICENSURE_TEAM))
    client.post(sheet_url(scene.held), sheet({scene.member_person: ("absent", "")}))
    assert recorded(scene.held) == {scene.member_person: ("absent", "")}


def test_only_changed_rows_are_saved(client, scene):
    """A co-facilitator changed a row after this page was drawn: saving this page does not undo it."""
    MeetingAttendance.objects.create(
        meeting=scene.held, person=scene.other_person, status=AttendanceStatus.PRESENT, next_steps="Newer."
    )
    client.force_login(scene.facilitator)
    data = sheet(
        {scene.member_person: ("present", "Mine."), scene.other_person: ("absent", "Older.")},
        drawn={scene.other_person: ("absent", "Older.")},
    )
    response = client.post(sheet_url(scene.held), data, follow=True)
    assert recorded(scene.held) == {
        scene.member_person: ("present", "Mine."),
        scene.other_person: ("present", "Newer."),
    }
    assert "Attendance saved for 1 member." in response.content.decode()


def test_a_sheet_with_nothing_changed_says_so(client, scene):
    client.force_login(scene.facilitator)
    response = client.post(sheet_url(scene.held), sheet({scene.member_person: ("", "")}), follow=True)
    assert "Nothing changed on the sheet." in response.content.decode()
    assert recorded(scene.held) == {}


def test_resaving_updates_the_row(client, scene):
    client.force_login(scene.facilitator)
    client.post(sheet_url(scene.held), sheet({scene.member_person: ("absent", "")}))
    client.post(
        sheet_url(scene.held),
        sheet(
            {scene.member_person: ("present", "Arrived late.")}, drawn={scene.member_person: ("absent", "")}
        ),
    )
    assert recorded(scene.held) == {scene.member_person: ("present", "Arrived late.")}


def test_next_steps_without_a_status_are_a_form_error_and_nothing_is_saved(client, scene):
    client.force_login(scene.facilitator)
    response = client.post(
        sheet_url(scene.held),
        sheet(
            {scene.member_person: ("present", "Fine."), scene.other_person: ("", "Call the state office.")}
        ),
    )
    assert response.status_code == 200
    assert f"Say whether {scene.other_person.full_name} came." in response.content.decode()
    assert "Call the state office." in response.content.decode()  # nothing typed is lost
    assert recorded(scene.held) == {}


def test_an_unknown_status_is_a_form_error(client, scene):
    client.force_login(scene.facilitator)
    response = client.post(sheet_url(scene.held), sheet({scene.member_person: ("late", "")}))
    assert response.status_code == 200
    assert response.context["sheet"].errors
    assert recorded(scene.held) == {}


def test_a_meeting_not_yet_held_refuses_the_sheet(client, scene):
    client.force_login(scene.facilitator)
    response = client.post(sheet_url(scene.upcoming), sheet({scene.member_person: ("present", "")}))
    assert response.status_code == 200
    assert "has not happened yet" in response.content.decode()
    assert recorded(scene.upcoming) == {}


def test_a_member_may_not_take_attendance(client, scene):
    client.force_login(scene.member)
    response = client.post(sheet_url(scene.held), sheet({scene.other_person: ("absent", "Skipped.")}))
    assert response.status_code == 403
    assert recorded(scene.held) == {}


def test_another_groups_facilitator_gets_404(client, scene):
    other = a_group(scene.group.school_year)
    client.force_login(other.facilitator)
    assert client.post(sheet_url(scene.held), sheet({scene.member_person: ("absent", "")})).status_code == 404
    assert recorded(scene.held) == {}


def test_a_leader_outside_the_group_gets_404(client, leader, scene):
    client.force_login(leader)
    assert client.post(sheet_url(scene.held), sheet({scene.member_person: ("absent", "")})).status_code == 404


def test_the_sheet_refuses_get(client, scene):
    client.force_login(scene.facilitator)
    assert client.get(sheet_url(scene.held)).status_code == 405


def test_the_sheet_sends_anonymous_visitors_to_log_in(client, scene):
    response = client.post(sheet_url(scene.held), sheet({scene.member_person: ("absent", "")}))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert recorded(scene.held) == {}


def test_people_outside_the_group_in_the_post_are_ignored(client, scene, leader):
    """The sheet's fields are the group's members: a forged field for someone else is not read."""
    client.force_login(scene.facilitator)
    data = sheet({scene.member_person: ("present", "")}) | {f"status_{leader.person.pk}": "present"}
    client.post(sheet_url(scene.held), data)
    assert recorded(scene.held) == {scene.member_person: ("present", "")}
