"""The support-group services: groups, members, scheduling one meeting or the year, attendance and notes."""

import datetime

import pytest
from django.utils import timezone

from leaderdev.errors import DomainError
from leaderdev.permissions import Role
from licensure.models import (
    AttendanceStatus,
    GroupMembership,
    MeetingAttendance,
    SupportGroup,
    SupportMeeting,
)
from licensure.services import meetings as services
from tests.factories import PersonFactory, SchoolYearFactory
from tests.factories.licensure import SupportGroupFactory, SupportMeetingFactory
from tests.factories.mentoring import VeteranFactory

from .meetings_setup import a_group, a_member, fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db

PRESENT, EXCUSED, ABSENT = AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT


def local(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def team(make_user):
    return make_user(Role.LICENSURE_TEAM, is_staff=True)


# --- Groups and members -------------------------------------------------------------------------------------


def test_create_group_saves_it_with_its_facilitators(school_year):
    leaders = [VeteranFactory(), VeteranFactory()]
    group = services.create_group(school_year, " Principal licensure ", leaders, "Second Wednesday")
    group = SupportGroup.objects.get(pk=group.pk)
    assert (group.name, group.school_year, group.usual_time) == (
        "Principal licensure",
        school_year,
        "Second Wednesday",
    )
    assert set(group.facilitators.all()) == set(leaders)


def test_create_group_refuses_a_group_without_facilitator(school_year):
    with pytest.raises(DomainError, match="at least one facilitator"):
        services.create_group(school_year, "Nobody runs it", [], "")
    assert not SupportGroup.objects.exists()


def test_create_group_refuses_a_name_taken_that_year(school_year):
    services.create_group(school_year, "AP licensure", [VeteranFactory()])
    with pytest.raises(DomainError, match="already has a group called"):
        services.create_group(school_year, "ap licensure", [VeteranFactory()])
    assert SupportGroup.objects.count() == 1


def test_add_member_joins_today_by_default(school_year):
    group = SupportGroupFactory(school_year=school_year)
    person = PersonFactory()
    membership = services.add_member(group, person)
    assert GroupMembership.objects.get(pk=membership.pk).joined_on == timezone.localdate()


def test_add_member_keeps_the_date_given(school_year):
    group = SupportGroupFactory(school_year=school_year)
    membership = services.add_member(group, PersonFactory(), joined_on=datetime.date(2026, 10, 1))
    assert GroupMembership.objects.get(pk=membership.pk).joined_on == datetime.date(2026, 10, 1)


def test_add_member_refuses_a_facilitator_of_the_group(school_year):
    leader = VeteranFactory()
    group = SupportGroupFactory(school_year=school_year, facilitators=[leader])
    with pytest.raises(DomainError, match="facilitates"):
        services.add_member(group, leader)
    assert not GroupMembership.objects.exists()


def test_add_member_refuses_someone_already_in_the_group(school_year):
    group = SupportGroupFactory(school_year=school_year)
    person = PersonFactory()
    services.add_member(group, person)
    with pytest.raises(DomainError, match="already in"):
        services.add_member(group, person)
    assert GroupMembership.objects.count() == 1


def test_remove_member_keeps_their_past_attendance(school_year):
    scene = a_group(school_year)
    MeetingAttendance.objects.create(meeting=scene.held, person=scene.member_person, status=PRESENT)
    services.remove_member(scene.group, scene.member_person)
    assert not GroupMembership.objects.filter(person=scene.member_person).exists()
    assert MeetingAttendance.objects.filter(person=scene.member_person).exists()


def test_remove_member_refuses_someone_not_in_the_group(school_year):
    group = SupportGroupFactory(school_year=school_year)
    with pytest.raises(DomainError, match="is not in"):
        services.remove_member(group, PersonFactory())


# --- Scheduling ---------------------------------------------------------------------------------------------


def test_schedule_meeting_saves_it(school_year):
    group = SupportGroupFactory(school_year=school_year)
    meeting = services.schedule_meeting(
        group, local(2026, 12, 9, 16), local(2026, 12, 9, 17, 30), " Bolling, room 2 ", "Practicum logs"
    )
    meeting = SupportMeeting.objects.get(pk=meeting.pk)
    assert (meeting.group, meeting.starts_at, meeting.ends_at) == (
        group,
        local(2026, 12, 9, 16),
        local(2026, 12, 9, 17, 30),
    )
    assert (meeting.location, meeting.agenda) == ("Bolling, room 2", "Practicum logs")


@pytest.mark.parametrize("day", [datetime.date(2026, 8, 30), datetime.date(2027, 7, 1)])
def test_schedule_meeting_refuses_a_day_outside_the_school_year(school_year, day):
    group = SupportGroupFactory(school_year=school_year)
    starts = local(day.year, day.month, day.day, 16)
    with pytest.raises(DomainError, match="outside 2026-2027"):
        services.schedule_meeting(group, starts, starts + datetime.timedelta(hours=1))
    assert not SupportMeeting.objects.exists()


def test_schedule_meeting_reads_the_day_in_the_districts_zone(school_year):
    """8 pm on June 30 in Boston is already July 1 in UTC: still inside the year."""
    group = SupportGroupFactory(school_year=school_year)
    starts = local(2027, 6, 30, 20)
    assert starts.astimezone(datetime.UTC).date() == datetime.date(2027, 7, 1)
    services.schedule_meeting(group, starts, starts + datetime.timedelta(hours=1))
    assert SupportMeeting.objects.count() == 1


def test_schedule_meeting_refuses_a_second_meeting_at_the_same_time(school_year):
    group = SupportGroupFactory(school_year=school_year)
    services.schedule_meeting(group, local(2026, 12, 9, 16), local(2026, 12, 9, 17))
    with pytest.raises(DomainError, match="already meets at that time"):
        services.schedule_meeting(group, local(2026, 12, 9, 16), local(2026, 12, 9, 18))
    assert SupportMeeting.objects.count() == 1


def test_schedule_meeting_refuses_an_end_before_the_start(school_year):
    group = SupportGroupFactory(school_year=school_year)
    with pytest.raises(DomainError, match="end after it starts"):
        services.schedule_meeting(group, local(2026, 12, 9, 16), local(2026, 12, 9, 15))


def monthly(group, **overrides):
    options = {"weekday": 2, "nth": 2, "start_time": datetime.time(16), "minutes": 90, "location": "Bolling"}
    options.update(overrides)
    return services.schedule_monthly(group, **options)


def test_schedule_monthly_puts_a_meeting_on_the_nth_weekday_of_each_month_september_to_june(school_year):
    group = SupportGroupFactory(school_year=school_year)
    added = monthly(group)
    starts = [timezone.localtime(m.starts_at) for m in SupportMeeting.objects.filter(group=group)]
    assert [s.date() for s in starts] == [
        datetime.date(2026, 9, 9),
        datetime.date(2026, 10, 14),
        datetime.date(2026, 11, 11),
        datetime.date(2026, 12, 9),
        datetime.date(2027, 1, 13),
        datetime.date(2027, 2, 10),
        datetime.date(2027, 3, 10),
        datetime.date(2027, 4, 14),
        datetime.date(2027, 5, 12),
        datetime.date(2027, 6, 9),
    ]
    assert len(added) == 10
    assert {(s.hour, s.minute) for s in starts} == {(16, 0)}  # 4 pm in Boston, summer time or not
    assert {m.ends_at - m.starts_at for m in added} == {datetime.timedelta(minutes=90)}
    assert {m.location for m in added} == {"Bolling"}


def test_schedule_monthly_can_use_the_last_weekday(school_year):
    group = SupportGroupFactory(school_year=school_year)
    monthly(group, weekday=0, nth=-1)
    first = timezone.localtime(SupportMeeting.objects.filter(group=group).first().starts_at)
    assert first.date() == datetime.date(2026, 9, 28)


def test_schedule_monthly_twice_adds_nothing(school_year):
    group = SupportGroupFactory(school_year=school_year)
    monthly(group)
    assert monthly(group) == []
    assert SupportMeeting.objects.filter(group=group).count() == 10


def test_schedule_monthly_skips_months_that_have_a_meeting(school_year):
    group = SupportGroupFactory(school_year=school_year)
    services.schedule_meeting(group, local(2026, 10, 1, 9), local(2026, 10, 1, 10))
    added = monthly(group)
    assert len(added) == 9
    october = SupportMeeting.objects.filter(group=group, starts_at__month=10)
    assert [timezone.localtime(m.starts_at).day for m in october] == [1]


def test_schedule_monthly_skips_days_outside_the_school_year(school_year):
    """A year that starts mid-September has no meeting on September's first Wednesday."""
    late_year = SchoolYearFactory(
        name="2027-2028",
        start_date=datetime.date(2027, 9, 8),
        end_date=datetime.date(2028, 6, 1),
        is_current=False,
    )
    group = SupportGroupFactory(school_year=late_year)
    added = monthly(group, nth=1)
    days = [timezone.localtime(m.starts_at).date() for m in added]
    assert days[0] == datetime.date(2027, 10, 6)
    assert days[-1] == datetime.date(2028, 5, 3)  # June's first Wednesday (June 7) is after the year
    assert len(days) == 8


@pytest.mark.parametrize(
    ("overrides", "message"),
    [({"weekday": 7}, "day of the week"), ({"nth": 5}, "first, second"), ({"minutes": 0}, "at least")],
)
def test_schedule_monthly_refuses_bad_options(school_year, overrides, message):
    group = SupportGroupFactory(school_year=school_year)
    with pytest.raises(DomainError, match=message):
        monthly(group, **overrides)
    assert not SupportMeeting.objects.exists()


# --- Attendance and notes -----------------------------------------------------------------------------------


def test_record_attendance_saves_each_members_status_and_next_steps(school_year):
    scene = a_group(school_year)
    saved = services.record_attendance(
        scene.held,
        {scene.member_person: (PRESENT, " Log 20 practicum hours. "), scene.other_person: (EXCUSED, "")},
        scene.facilitator,
    )
    assert len(saved) == 2
    rows = {row.person: row for row in MeetingAttendance.objects.filter(meeting=scene.held)}
    assert (rows[scene.member_person].status, rows[scene.member_person].next_steps) == (
        PRESENT,
        "Log 20 practicum hours.",
    )
    assert rows[scene.other_person].status == EXCUSED


def test_record_attendance_updates_a_row_instead_of_adding_one(school_year):
    scene = a_group(school_year)
    services.record_attendance(scene.held, {scene.member_person.pk: (ABSENT, "")}, scene.facilitator)
    services.record_attendance(
        scene.held, {scene.member_person.pk: (PRESENT, "Book the test.")}, scene.facilitator
    )
    row = MeetingAttendance.objects.get(meeting=scene.held, person=scene.member_person)
    assert (row.status, row.next_steps) == (PRESENT, "Book the test.")
    assert MeetingAttendance.objects.count() == 1


def test_record_attendance_leaves_people_not_on_the_sheet_alone(school_year):
    scene = a_group(school_year)
    services.record_attendance(scene.held, {scene.other_person: (PRESENT, "Keep this.")}, scene.facilitator)
    services.record_attendance(scene.held, {scene.member_person: (ABSENT, "")}, scene.facilitator)
    assert MeetingAttendance.objects.get(person=scene.other_person).next_steps == "Keep this."


def test_record_attendance_refuses_someone_outside_the_group_and_saves_nothing(school_year):
    scene = a_group(school_year)
    stranger = PersonFactory(first_name="Zed", last_name="Outsider")
    with pytest.raises(DomainError, match=r"Not members of .*Zed Outsider"):
        services.record_attendance(
            scene.held,
            {scene.member_person: (PRESENT, ""), stranger: (PRESENT, "")},
            scene.facilitator,
        )
    assert not MeetingAttendance.objects.exists()


def test_record_attendance_refuses_an_unknown_status(school_year):
    scene = a_group(school_year)
    with pytest.raises(DomainError, match="Unknown attendance status: late"):
        services.record_attendance(scene.held, {scene.member_person: ("late", "")}, scene.facilitator)
    assert not MeetingAttendance.objects.exists()


def test_record_attendance_refuses_a_meeting_not_yet_held(school_year):
    scene = a_group(school_year)
    with pytest.raises(DomainError, match="has not happened yet"):
        services.record_attendance(scene.upcoming, {scene.member_person: (PRESENT, "")}, scene.facilitator)
    assert not MeetingAttendance.objects.exists()


def test_record_attendance_is_open_later_the_same_day(school_year):
    scene = a_group(school_year)
    later_today = timezone.localtime().replace(hour=23, minute=0, second=0, microsecond=0)
    tonight = SupportMeetingFactory(group=scene.group, starts_at=later_today)
    services.record_attendance(tonight, {scene.member_person: (PRESENT, "")}, scene.facilitator)
    assert MeetingAttendance.objects.filter(meeting=tonight).count() == 1


def test_record_attendance_refuses_a_member_of_the_group(school_year):
    scene = a_group(school_year)
    with pytest.raises(DomainError, match="Only the licensure team and the group's facilitators"):
        services.record_attendance(scene.held, {scene.other_person: (ABSENT, "")}, scene.member)
    assert not MeetingAttendance.objects.exists()


def test_record_attendance_lets_the_licensure_team_record(school_year, team):
    scene = a_group(school_year)
    services.record_attendance(scene.held, {scene.member_person: (PRESENT, "")}, team)
    assert MeetingAttendance.objects.count() == 1


def test_record_attendance_refuses_last_years_facilitator(school_year):
    last_year = SchoolYearFactory(
        name="2025-2026",
        start_date=datetime.date(2025, 8, 31),
        end_date=datetime.date(2026, 6, 30),
        is_current=False,
    )
    scene = a_group(last_year)
    with pytest.raises(DomainError, match="Only the licensure team"):
        services.record_attendance(scene.held, {scene.member_person: (PRESENT, "")}, scene.facilitator)


def test_record_attendance_saves_a_sheet_in_a_fixed_number_of_queries(
    school_year, django_assert_max_num_queries
):
    scene = a_group(school_year)
    for _ in range(20):
        a_member(scene.group)
    rows = {m.person_id: (PRESENT, "Next.") for m in GroupMembership.objects.filter(group=scene.group)}
    with django_assert_max_num_queries(8):
        services.record_attendance(scene.held, rows, scene.facilitator)
    assert MeetingAttendance.objects.filter(meeting=scene.held).count() == 22


def test_save_notes_saves_them(school_year):
    scene = a_group(school_year)
    services.save_notes(scene.held, "  Worked on the practicum log.  ", scene.facilitator)
    scene.held.refresh_from_db()
    assert scene.held.notes == "Worked on the practicum log."


def test_save_notes_refuses_a_member(school_year):
    scene = a_group(school_year)
    with pytest.raises(DomainError, match="Only the licensure team"):
        services.save_notes(scene.held, "Mine now.", scene.member)
    scene.held.refresh_from_db()
    assert scene.held.notes == ""


def test_nth_weekday_finds_the_fourth_and_the_last():
    assert services.nth_weekday(2026, 9, 2, 4) == datetime.date(2026, 9, 23)
    assert services.nth_weekday(2026, 9, 2, -1) == datetime.date(2026, 9, 30)
