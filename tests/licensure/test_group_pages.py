"""The support-group pages: the list of groups, a group's page (members and their progress, schedule), and
its actions (add and remove a member, schedule one meeting or the year)."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from leaderdev.permissions import Role
from licensure.models import AttendanceStatus, GroupMembership, MeetingAttendance, SupportMeeting
from tests.factories import PersonFactory, SchoolYearFactory, UserFactory
from tests.factories.licensure import (
    GroupMembershipFactory,
    LicensePursuitFactory,
    RequirementFactory,
    SupportGroupFactory,
    VerifiedProgressFactory,
)
from tests.factories.mentoring import VeteranFactory

from .meetings_setup import a_group, a_member, fast_passwords, meeting_at  # noqa: F401

pytestmark = pytest.mark.django_db

GROUP_LIST = reverse("licensure:group_list")


def text(html: str) -> str:
    """What a reader sees: tags dropped, entities decoded, whitespace collapsed."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).strip()


def detail(group):
    return reverse("licensure:group_detail", args=[group.pk])


def action(name, group, *args):
    return reverse(f"licensure:group_{name}", args=[group.pk, *args])


def row_of(html: str, group) -> str:
    return text(re.search(rf'href="{detail(group)}".*?</tr>', html, re.S).group(0))


@pytest.fixture
def team(make_user):
    return make_user(Role.LICENSURE_TEAM, is_staff=True)


@pytest.fixture
def scene(school_year):
    return a_group(school_year, name="Principal licensure, Wednesdays")


def last_year():
    return SchoolYearFactory(
        name="2025-2026",
        start_date=datetime.date(2025, 8, 31),
        end_date=datetime.date(2026, 6, 30),
        is_current=False,
    )


# --- The list of groups -------------------------------------------------------------------------------------


def test_the_team_sees_every_group_with_facilitators_members_next_meeting_and_rate(client, team, scene):
    other = a_group(scene.group.school_year, name="AP licensure")
    MeetingAttendance.objects.create(
        meeting=scene.held, person=scene.member_person, status=AttendanceStatus.PRESENT
    )
    MeetingAttendance.objects.create(
        meeting=scene.held, person=scene.other_person, status=AttendanceStatus.ABSENT
    )
    third = a_member(scene.group).person  # excused: left out of the rate
    MeetingAttendance.objects.create(meeting=scene.held, person=third, status=AttendanceStatus.EXCUSED)
    client.force_login(team)
    response = client.get(GROUP_LIST)
    html = response.content.decode()
    row = row_of(html, scene.group)
    facilitator = scene.group.facilitators.get()
    assert facilitator.full_name in row
    counts = {
        group.pk: (group.member_count, group.attendance_percent) for group in response.context["groups"]
    }
    assert counts == {scene.group.pk: (3, 50), other.group.pk: (2, None)}
    upcoming = timezone.localtime(scene.upcoming.starts_at)
    assert f"{upcoming:%a %b} {upcoming.day}" in row
    assert "50% 1 of 2" in row
    assert f'href="{reverse("licensure:meeting_detail", args=[scene.upcoming.pk])}"' in html
    assert row_of(html, other.group).endswith("—")  # nothing recorded yet: no rate


def test_the_team_may_look_at_another_year(client, team, scene):
    old = a_group(last_year(), name="Last year's group")
    client.force_login(team)
    html = client.get(GROUP_LIST).content.decode()
    assert "Last year&#x27;s group" not in html and "Principal licensure, Wednesdays" in html
    html = client.get(GROUP_LIST, {"school_year": old.group.school_year.pk}).content.decode()
    assert "Last year&#x27;s group" in html and "Principal licensure, Wednesdays" not in html


def test_a_facilitator_sees_only_the_groups_they_run(client, scene):
    a_group(scene.group.school_year, name="Someone else's group")
    client.force_login(scene.facilitator)
    html = client.get(GROUP_LIST).content.decode()
    assert "Principal licensure, Wednesdays" in html
    assert "Someone else" not in html


def test_a_facilitator_cannot_pick_another_year(client, scene):
    client.force_login(scene.facilitator)
    response = client.get(GROUP_LIST, {"school_year": last_year().pk})
    assert "Principal licensure, Wednesdays" in response.content.decode()
    assert response.context["filter"] is None


def test_a_member_sees_their_own_group(client, scene):
    a_group(scene.group.school_year, name="Someone else's group")
    client.force_login(scene.member)
    html = client.get(GROUP_LIST).content.decode()
    assert "Principal licensure, Wednesdays" in html
    assert "Someone else" not in html


def test_someone_in_no_group_is_refused(client, leader, scene):
    client.force_login(leader)
    assert client.get(GROUP_LIST).status_code == 403


def test_last_years_facilitator_is_refused(client):
    old = a_group(last_year())
    SchoolYearFactory()  # the current year, in which they run nothing
    client.force_login(old.facilitator)
    assert client.get(GROUP_LIST).status_code == 403


def test_the_list_sends_anonymous_visitors_to_log_in(client):
    response = client.get(GROUP_LIST)
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_list_refuses_post(client, team):
    client.force_login(team)
    assert client.post(GROUP_LIST).status_code == 405


def test_the_list_costs_the_same_for_3_and_30_groups(
    client, team, school_year, django_assert_max_num_queries
):
    def grow(count):
        for _ in range(count):
            scene = a_group(school_year)
            MeetingAttendance.objects.create(
                meeting=scene.held, person=scene.member_person, status=AttendanceStatus.PRESENT
            )

    client.force_login(team)
    grow(3)
    with django_assert_max_num_queries(9):
        assert len(client.get(GROUP_LIST).context["groups"]) == 3
    grow(27)
    with django_assert_max_num_queries(9):
        assert len(client.get(GROUP_LIST).context["groups"]) == 30


# --- A group's page -----------------------------------------------------------------------------------------


def test_a_facilitator_sees_the_members_license_and_verified_progress(client, scene):
    pursuit = scene.member_person.license_pursuits.get()
    requirements = [RequirementFactory(license_type=pursuit.license_type) for _ in range(4)]
    for requirement in requirements[:3]:
        VerifiedProgressFactory(pursuit=pursuit, requirement=requirement)
    RequirementFactory(license_type=pursuit.license_type, is_active=False)  # retired: counts for nothing
    client.force_login(scene.facilitator)
    html = client.get(detail(scene.group)).content.decode()
    row = text(re.search(rf'<tr id="member-{scene.member_person.pk}".*?</tr>', html, re.S).group(0))
    assert scene.member_person.full_name in row
    assert pursuit.license_type.name in row
    assert "3 of 4 verified" in row
    assert f'href="{reverse("licensure:pursuit_detail", args=[pursuit.pk])}"' in html
    assert scene.other_person.full_name in html


def test_a_member_without_a_pursuit_says_so(client, scene):
    GroupMembershipFactory(group=scene.group, person=PersonFactory(first_name="Ruth", last_name="Nopursuit"))
    client.force_login(scene.facilitator)
    assert "No license pursuit recorded" in client.get(detail(scene.group)).content.decode()


def test_the_schedule_shows_upcoming_and_held_meetings_with_attendance_counts(client, scene):
    MeetingAttendance.objects.create(
        meeting=scene.held, person=scene.member_person, status=AttendanceStatus.PRESENT
    )
    MeetingAttendance.objects.create(
        meeting=scene.held, person=scene.other_person, status=AttendanceStatus.ABSENT
    )
    untaken = meeting_at(scene.group, -35)
    client.force_login(scene.facilitator)
    response = client.get(detail(scene.group))
    page = response.context["page"]
    assert page.upcoming == [scene.upcoming]
    assert page.past == [scene.held, untaken]  # the latest first
    schedule = text(response.content.decode().split('id="schedule"')[1])
    assert "1 present 1 absent" in schedule
    assert "Attendance not taken" in schedule


def test_the_team_sees_the_group_and_its_forms(client, team, scene):
    client.force_login(team)
    html = client.get(detail(scene.group)).content.decode()
    assert scene.member_person.full_name in html
    assert f'action="{action("add_member", scene.group)}"' in html
    assert f'action="{action("schedule_meeting", scene.group)}"' in html
    assert f'action="{action("schedule_monthly", scene.group)}"' in html


def test_a_member_sees_the_schedule_and_their_own_status_but_not_the_roster(client, scene):
    MeetingAttendance.objects.create(
        meeting=scene.held, person=scene.member_person, status=AttendanceStatus.EXCUSED, next_steps="Mine."
    )
    MeetingAttendance.objects.create(
        meeting=scene.held, person=scene.other_person, status=AttendanceStatus.PRESENT, next_steps="Theirs."
    )
    client.force_login(scene.member)
    html = client.get(detail(scene.group)).content.decode()
    assert f'href="{reverse("licensure:meeting_detail", args=[scene.held.pk])}"' in html
    assert "You: Excused" in text(html)
    assert scene.other_person.full_name not in html
    assert "Present" not in text(html)
    assert "Add a member" not in html and "Schedule" in html and "Schedule the year" not in html


def test_a_group_of_someone_else_answers_404(client, scene):
    other = a_group(scene.group.school_year)
    client.force_login(scene.facilitator)
    assert client.get(detail(other.group)).status_code == 404
    client.force_login(scene.member)
    assert client.get(detail(other.group)).status_code == 404


def test_last_years_group_answers_404_to_its_facilitator(client, school_year):
    old = a_group(last_year())
    client.force_login(old.facilitator)
    assert client.get(detail(old.group)).status_code == 404


def test_the_group_page_refuses_a_login_without_a_role(client, scene):
    client.force_login(UserFactory())
    assert client.get(detail(scene.group)).status_code == 403


def test_the_group_page_sends_anonymous_visitors_to_log_in(client, scene):
    response = client.get(detail(scene.group))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_group_page_refuses_post(client, scene):
    client.force_login(scene.facilitator)
    assert client.post(detail(scene.group)).status_code == 405


def test_the_group_page_costs_the_same_for_3_and_30_members(client, scene, django_assert_max_num_queries):
    def grow(count):
        for _ in range(count):
            membership = a_member(scene.group)
            pursuit = membership.person.license_pursuits.get()
            VerifiedProgressFactory(pursuit=pursuit)
            meeting_at(scene.group, -7 * (SupportMeeting.objects.count() + 2))

    client.force_login(scene.facilitator)
    grow(1)
    with django_assert_max_num_queries(12):
        assert len(client.get(detail(scene.group)).context["page"].members) == 3
    grow(27)
    with django_assert_max_num_queries(12):
        assert len(client.get(detail(scene.group)).context["page"].members) == 30


# --- Adding and removing members ----------------------------------------------------------------------------


def test_a_facilitator_adds_someone_with_a_pursuit(client, scene):
    newcomer = LicensePursuitFactory(person=PersonFactory(first_name="Ines", last_name="Newcomer")).person
    client.force_login(scene.facilitator)
    response = client.post(
        action("add_member", scene.group), {"person": newcomer.pk, "joined_on": "2026-10-05"}
    )
    assert response.status_code == 302 and response.url == f"{detail(scene.group)}#members"
    membership = GroupMembership.objects.get(group=scene.group, person=newcomer)
    assert membership.joined_on == datetime.date(2026, 10, 5)
    assert "Ines Newcomer joined" in client.get(response.url).content.decode()


def test_the_add_form_offers_people_with_a_pursuit_who_are_not_in_the_group(client, scene):
    waiting = LicensePursuitFactory(person=PersonFactory(last_name="Waiting")).person
    PersonFactory(last_name="Nopursuit")
    client.force_login(scene.facilitator)
    choices = client.get(detail(scene.group)).context["add_form"].fields["person"].queryset
    assert list(choices) == [waiting]


def test_adding_a_facilitator_is_refused_with_a_form_error(client, scene):
    facilitator = scene.group.facilitators.get()
    LicensePursuitFactory(person=facilitator)
    client.force_login(scene.facilitator)
    response = client.post(action("add_member", scene.group), {"person": facilitator.pk})
    assert response.status_code == 200
    assert response.context["add_form"].errors["person"]
    assert not GroupMembership.objects.filter(person=facilitator).exists()


def test_a_member_may_not_add_members(client, scene):
    newcomer = LicensePursuitFactory().person
    client.force_login(scene.member)
    assert client.post(action("add_member", scene.group), {"person": newcomer.pk}).status_code == 403
    assert not GroupMembership.objects.filter(person=newcomer).exists()


def test_another_groups_facilitator_gets_404_on_the_actions(client, scene):
    other = a_group(scene.group.school_year)
    newcomer = LicensePursuitFactory().person
    client.force_login(other.facilitator)
    assert client.post(action("add_member", scene.group), {"person": newcomer.pk}).status_code == 404
    assert client.post(action("remove_member", scene.group, scene.member_person.pk)).status_code == 404
    assert GroupMembership.objects.filter(group=scene.group).count() == 2


def test_the_actions_refuse_get_and_anonymous_visitors(client, scene):
    for url in (
        action("add_member", scene.group),
        action("remove_member", scene.group, scene.member_person.pk),
        action("schedule_meeting", scene.group),
        action("schedule_monthly", scene.group),
    ):
        response = client.post(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url
    client.force_login(scene.facilitator)
    for url in (action("add_member", scene.group), action("schedule_monthly", scene.group)):
        assert client.get(url).status_code == 405, url


def test_the_team_removes_a_member(client, team, scene):
    client.force_login(team)
    response = client.post(action("remove_member", scene.group, scene.member_person.pk))
    assert response.status_code == 302
    assert not GroupMembership.objects.filter(group=scene.group, person=scene.member_person).exists()
    assert GroupMembership.objects.filter(group=scene.group, person=scene.other_person).exists()


def test_removing_someone_not_in_the_group_says_so(client, team, scene):
    client.force_login(team)
    response = client.post(action("remove_member", scene.group, PersonFactory().pk), follow=True)
    assert "That person is not in this group." in response.content.decode()
    assert GroupMembership.objects.filter(group=scene.group).count() == 2


def test_a_member_may_not_remove_anyone(client, scene):
    client.force_login(scene.member)
    assert client.post(action("remove_member", scene.group, scene.other_person.pk)).status_code == 403
    assert GroupMembership.objects.filter(group=scene.group).count() == 2


# --- Scheduling ---------------------------------------------------------------------------------------------


def test_a_facilitator_schedules_one_meeting_in_the_districts_zone(client, scene):
    client.force_login(scene.facilitator)
    response = client.post(
        action("schedule_meeting", scene.group),
        {
            "date": "2027-01-20",
            "start_time": "16:00",
            "end_time": "17:30",
            "location": "Bolling, room 2",
            "agenda": "The performance assessment.",
        },
    )
    assert response.status_code == 302 and response.url == f"{detail(scene.group)}#schedule"
    meeting = SupportMeeting.objects.get(group=scene.group, agenda="The performance assessment.")
    assert timezone.localtime(meeting.starts_at).replace(tzinfo=None) == datetime.datetime(2027, 1, 20, 16)
    assert meeting.starts_at.astimezone(datetime.UTC).hour == 21  # 4 pm in Boston in winter
    assert meeting.ends_at - meeting.starts_at == datetime.timedelta(minutes=90)
    assert meeting.location == "Bolling, room 2"


def test_a_meeting_outside_the_year_is_a_form_error(client, scene):
    client.force_login(scene.facilitator)
    response = client.post(
        action("schedule_meeting", scene.group),
        {"date": "2027-07-14", "start_time": "16:00", "end_time": "17:00"},
    )
    assert response.status_code == 200
    assert "outside 2026-2027" in text(response.content.decode())
    assert SupportMeeting.objects.filter(group=scene.group).count() == 2


def test_a_meeting_that_ends_before_it_starts_is_a_form_error(client, scene):
    client.force_login(scene.facilitator)
    response = client.post(
        action("schedule_meeting", scene.group),
        {"date": "2027-01-20", "start_time": "16:00", "end_time": "15:00"},
    )
    assert response.status_code == 200
    assert response.context["schedule_form"].errors["end_time"]


def test_a_facilitator_schedules_the_year_and_again_adds_nothing(client, scene):
    SupportMeeting.objects.filter(group=scene.group).delete()
    client.force_login(scene.facilitator)
    data = {"nth": "2", "weekday": "2", "start_time": "16:00", "minutes": "90", "location": "Bolling"}
    response = client.post(action("schedule_monthly", scene.group), data, follow=True)
    assert "10 meetings scheduled, from Wed Sep 9 to Wed Jun 9." in response.content.decode()
    assert SupportMeeting.objects.filter(group=scene.group).count() == 10
    response = client.post(action("schedule_monthly", scene.group), data, follow=True)
    assert "already has a meeting: nothing added" in response.content.decode()
    assert SupportMeeting.objects.filter(group=scene.group).count() == 10


def test_a_member_may_not_schedule(client, scene):
    client.force_login(scene.member)
    data = {"nth": "2", "weekday": "2", "start_time": "16:00", "minutes": "90"}
    assert client.post(action("schedule_monthly", scene.group), data).status_code == 403
    assert SupportMeeting.objects.filter(group=scene.group).count() == 2


def test_a_facilitator_of_two_groups_sees_both(client, scene):
    second = SupportGroupFactory(
        school_year=scene.group.school_year, name="Second group", facilitators=[scene.facilitator.person]
    )
    client.force_login(scene.facilitator)
    html = client.get(GROUP_LIST).content.decode()
    assert "Second group" in html and "Principal licensure, Wednesdays" in html
    assert client.get(detail(second)).status_code == 200


def test_a_veteran_who_runs_nothing_gets_404_on_a_group(client, scene):
    user = UserFactory(roles=[Role.MENTOR])
    VeteranFactory(user=user)
    client.force_login(user)
    assert client.get(detail(scene.group)).status_code == 404
