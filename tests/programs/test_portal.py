"""The portal's programs sections: my plan, upcoming sessions, calendar feed, attendance, equity, growth."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from competencies.models import AssessmentKind, Competency
from leaderdev.models import Position
from leaderdev.permissions import Role
from programs.models import AttendanceStatus, CalendarFeed, EnrollmentStatus, GoalStatus
from tests.factories import PersonFactory, SchoolYearFactory
from tests.factories.competencies import AssessmentFactory
from tests.factories.programs import (
    AttendanceFactory,
    EnrollmentFactory,
    OfferingFactory,
    PDPlanFactory,
    PlanGoalFactory,
    SessionFactory,
    equity_program,
)

pytestmark = pytest.mark.django_db

PORTAL = reverse("portal")


def text(html: str) -> str:
    """What a reader sees: tags dropped, entities decoded, whitespace collapsed."""
    flat = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()
    return unescape(re.sub(r" ([.,:;)])", r"\1", flat))


def section(html: str, slug: str) -> str:
    """The text of one portal section (by its id)."""
    match = re.search(rf'<section id="{slug}".*?</section>', html, re.S)
    assert match, f"no section {slug}"
    return text(match.group(0))


def days(n: int) -> datetime.datetime:
    """n days from now (negative: ago), at 9 AM in the district's zone."""
    day = timezone.localdate() + datetime.timedelta(days=n)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


def session_at(offering, start, **kwargs):
    return SessionFactory(
        offering=offering, starts_at=start, ends_at=start + datetime.timedelta(hours=3), **kwargs
    )


def give_programs(person, school_year, count, framework):
    """`count` offerings the person is in, each with a held session (attended) and one to come; `count`
    goals (the first met); and `count` self-assessments."""
    competencies = list(Competency.objects.of_version(framework))
    plan = PDPlanFactory(person=person, school_year=school_year)
    for index in range(count):
        offering = OfferingFactory(school_year=school_year)
        EnrollmentFactory(offering=offering, person=person)
        held = session_at(offering, days(-10 - index), title=f"Held session {index}")
        AttendanceFactory(session=held, person=person, status=AttendanceStatus.PRESENT)
        session_at(offering, days(5 + index), title=f"Coming session {index}")
        PlanGoalFactory(
            plan=plan,
            competency=competencies[index % len(competencies)],
            goal=f"Goal number {index}",
            status=GoalStatus.MET if index == 0 else GoalStatus.IN_PROGRESS,
        )
        AssessmentFactory(
            person=person,
            version=framework,
            kind=AssessmentKind.SELF,
            assessed_on=datetime.date(2026, 9, 1) + datetime.timedelta(days=index),
        )
    return plan


@pytest.fixture
def with_data(leader, school_year, framework_v4):
    give_programs(leader.person, school_year, 2, framework_v4)
    return leader


def test_it_shows_the_sections_in_order(client, with_data):
    client.force_login(with_data)
    response = client.get(PORTAL)
    titles = [s.title for s in response.context["sections"]]
    assert titles[:5] == [
        "My PD plan",
        "My upcoming sessions",
        "My attendance",
        "My equity track",
        "My competency growth",
    ]


def test_my_plan_section_lists_the_goals_with_competency_codes(client, with_data):
    client.force_login(with_data)
    html = client.get(PORTAL).content.decode()
    plan = section(html, "my-pd-plan")
    assert "1 of 2 goals met" in plan
    assert "1.1 Goal number 0 Met" in plan
    assert "1.2 Goal number 1 In progress" in plan
    assert f'href="{reverse("programs:my_plan")}"' in html


def test_upcoming_sessions_show_time_place_and_add_to_calendar(client, with_data):
    client.force_login(with_data)
    html = client.get(PORTAL).content.decode()
    sessions = section(html, "my-upcoming-sessions")
    assert "Coming session 0" in sessions and "Coming session 1" in sessions
    assert "Held session" not in sessions
    assert "9:00 AM to 12:00 PM E" in sessions  # the district's zone, EST or EDT
    assert "Bolling Building, Room 200" in sessions
    coming = with_data.person.enrollments.first().offering.sessions.get(title__startswith="Coming")
    assert f'href="{reverse("programs:session_ics", args=[coming.pk])}"' in html


def test_upcoming_sessions_stop_at_five(client, leader, school_year):
    offering = OfferingFactory(school_year=school_year)
    EnrollmentFactory(offering=offering, person=leader.person)
    for index in range(7):
        session_at(offering, days(1 + index), title=f"Meeting {index}")
    client.force_login(leader)
    sessions = client.get(PORTAL).context["sections"][1]
    assert "Meeting 4" in sessions.html and "Meeting 5" not in sessions.html


def test_upcoming_sessions_leave_out_offerings_the_leader_does_not_take_part_in(client, leader, school_year):
    for status in (EnrollmentStatus.INVITED, EnrollmentStatus.WAITLISTED, EnrollmentStatus.WITHDRAWN):
        offering = OfferingFactory(school_year=school_year)
        EnrollmentFactory(offering=offering, person=leader.person, status=status)
        session_at(offering, days(3), title=f"Not for a {status} leader")
    someone_elses = OfferingFactory(school_year=school_year)
    EnrollmentFactory(offering=someone_elses)
    session_at(someone_elses, days(3), title="Someone else's session")
    client.force_login(leader)
    html = client.get(PORTAL).content.decode()
    assert "Not for a" not in html and "Someone else" not in html
    assert "No sessions are planned" in section(html, "my-upcoming-sessions")


def test_it_creates_the_calendar_feed_and_shows_its_url(client, leader, school_year):
    client.force_login(leader)
    html = client.get(PORTAL).content.decode()
    feed = CalendarFeed.objects.get(person=leader.person)
    url = f"http://testserver{reverse('programs:calendar_feed', args=[feed.token])}"
    assert f'value="{url}"' in html
    assert 'for="calendar-feed-url"' in html
    client.get(PORTAL)
    assert CalendarFeed.objects.filter(person=leader.person).count() == 1


def test_get_a_new_link_rotates_the_token(client, leader, school_year):
    client.force_login(leader)
    client.get(PORTAL)
    feed = CalendarFeed.objects.get(person=leader.person)
    old = feed.token
    response = client.post(reverse("programs:calendar_feed", args=[old]))
    assert response.status_code == 302
    assert response.url == f"{PORTAL}#my-calendar"
    feed.refresh_from_db()
    assert feed.token != old
    assert client.get(reverse("programs:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("programs:calendar_feed", args=[feed.token])).status_code == 200
    assert "new link" in client.get(PORTAL).content.decode()


def test_get_a_new_link_refuses_another_leaders_feed(client, leader, school_year, make_user):
    other = CalendarFeed.objects.create(person=PersonFactory())
    client.force_login(leader)
    assert client.post(reverse("programs:calendar_feed", args=[other.token])).status_code == 404
    token = other.token
    other.refresh_from_db()
    assert other.token == token


def test_get_a_new_link_requires_login(client, leader):
    feed = CalendarFeed.objects.create(person=leader.person)
    response = client.post(reverse("programs:calendar_feed", args=[feed.token]))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
    token = feed.token
    feed.refresh_from_db()
    assert feed.token == token


def test_my_attendance_counts_held_sessions(client, leader, school_year):
    offering = OfferingFactory(school_year=school_year)
    EnrollmentFactory(offering=offering, person=leader.person)
    marks = [
        AttendanceStatus.PRESENT,
        AttendanceStatus.LATE,
        AttendanceStatus.EXCUSED,
        AttendanceStatus.ABSENT,
    ]
    for index, status in enumerate(marks):
        AttendanceFactory(
            session=session_at(offering, days(-20 + index)), person=leader.person, status=status
        )
    session_at(offering, days(-1))  # held, not marked yet
    session_at(offering, days(4))  # to come: not expected yet
    last_year = OfferingFactory(
        school_year=SchoolYearFactory(
            name="2025-2026",
            start_date=datetime.date(2025, 8, 31),
            end_date=datetime.date(2026, 6, 30),
            is_current=False,
        )
    )
    EnrollmentFactory(offering=last_year, person=leader.person)
    session_at(last_year, days(-400))
    client.force_login(leader)
    attendance = section(client.get(PORTAL).content.decode(), "my-attendance")
    assert "50% attendance this year" in attendance  # 2 attended of 4 expected: the excused one leaves
    assert "5 sessions of your programs have been held so far this year" in attendance
    assert "Attended 2 Excused 1 Missed or not yet marked 2" in attendance


def test_my_attendance_before_any_session(client, leader, school_year):
    client.force_login(leader)
    html = client.get(PORTAL).content.decode()
    assert "No sessions of your programs have been held yet" in section(html, "my-attendance")


def test_my_equity_track_names_the_offering(client, leader, school_year):
    offering = OfferingFactory(program=equity_program("Self as Core"), school_year=school_year, cohort="")
    EnrollmentFactory(offering=offering, person=leader.person)
    client.force_login(leader)
    equity = section(client.get(PORTAL).content.decode(), "my-equity-track")
    assert "This year you take part in Self as Core." in equity


def test_my_equity_track_notes_more_than_one(client, leader, school_year):
    for name in ("Self as Core", "Micro Disruptions"):
        EnrollmentFactory(
            offering=OfferingFactory(program=equity_program(name), school_year=school_year),
            person=leader.person,
        )
    client.force_login(leader)
    equity = section(client.get(PORTAL).content.decode(), "my-equity-track")
    assert "This year you take part in 2 racial-equity offerings" in equity
    assert "which one to keep" in equity


def test_my_equity_track_without_one_is_a_gentle_note(client, leader, school_year):
    invited = OfferingFactory(program=equity_program("Macro Disruptions"), school_year=school_year, cohort="")
    EnrollmentFactory(offering=invited, person=leader.person, status=EnrollmentStatus.INVITED)
    EnrollmentFactory(offering=OfferingFactory(school_year=school_year), person=leader.person)  # not equity
    client.force_login(leader)
    equity = section(client.get(PORTAL).content.decode(), "my-equity-track")
    assert "You are not in a racial-equity learning offering this year yet." in equity
    assert "Macro Disruptions: Invited" in equity


def test_my_equity_track_does_not_hold_admin_team_members_to_the_rule(client, leader, school_year):
    leader.person.position = Position.ADMIN_TEAM_MEMBER
    leader.person.save()
    client.force_login(leader)
    equity = section(client.get(PORTAL).content.decode(), "my-equity-track")
    assert "You are not in a racial-equity learning offering this year." in equity
    assert "Every principal and assistant principal" not in equity


def test_my_competency_growth_gives_the_last_self_assessment(client, with_data, framework_v4, make_user):
    AssessmentFactory(
        person=with_data.person,
        version=framework_v4,
        kind=AssessmentKind.COACH,
        assessed_on=datetime.date(2026, 11, 2),
    )
    client.force_login(with_data)
    html = client.get(PORTAL).content.decode()
    growth = section(html, "my-competency-growth")
    assert "3 assessments on record, the latest on November 2, 2026." in growth
    assert "Your last self-assessment: September 2, 2026." in growth
    assert f'href="{reverse("competencies:my_growth")}"' in html


def test_a_leader_with_nothing_yet_sees_gentle_empty_sections(client, leader, school_year):
    client.force_login(leader)
    html = client.get(PORTAL).content.decode()
    assert "has no goals yet" in section(html, "my-pd-plan")
    assert "No sessions are planned" in section(html, "my-upcoming-sessions")
    assert "No assessments yet" in section(html, "my-competency-growth")


def test_without_a_school_year_only_year_free_sections_show(client, leader):
    client.force_login(leader)
    titles = [s.title for s in client.get(PORTAL).context["sections"]]
    assert titles == ["My upcoming sessions", "My competency growth"]


def test_it_never_shows_another_leaders_plan_or_sessions(client, leader, school_year, framework_v4):
    other = PersonFactory()
    give_programs(other, school_year, 2, framework_v4)
    client.force_login(leader)
    html = client.get(PORTAL).content.decode()
    assert "Goal number" not in html
    assert "Coming session" not in html
    assert "No assessments yet" in section(html, "my-competency-growth")


def test_mentors_and_coaches_with_a_staff_record_get_the_sections(client, make_user, school_year):
    coach = make_user(Role.COACH)
    PersonFactory(user=coach)
    client.force_login(coach)
    assert len(client.get(PORTAL).context["sections"]) >= 5


@pytest.mark.parametrize("count", [2, 20])
def test_the_portal_costs_the_same_queries_whatever_the_data(
    client, leader, school_year, framework_v4, django_assert_max_num_queries, count
):
    give_programs(leader.person, school_year, count, framework_v4)
    CalendarFeed.objects.create(person=leader.person)
    client.force_login(leader)
    # Programs' 12, mentoring's My mentor (2) and My coach (1), the fellowship's invitation (2),
    # recommendations to write (1), My residency (1) and Fellows I host (1), My licensure (1), and My
    # school team (4: memberships, the school's teams, initiatives, plans; this principal is on no team).
    with django_assert_max_num_queries(25):
        response = client.get(PORTAL)
    assert response.status_code == 200
    assert f"1 of {count} goals met" in response.content.decode()
