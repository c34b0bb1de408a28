"""The portal's programs sections: my PD plan, my upcoming sessions, my attendance, my equity track, my
competency growth, my school team (registered with leaderdev.portal, which finds this module by itself).

Each builder runs one or two queries (the sessions and the calendar feed's secret, created the first time;
the attendance summary's two) and answers None when there is nothing it could say, e.g. without a school
year.
"""

from django.urls import reverse

from leaderdev.portal import PortalSection, portal_section

from . import calendars
from .models import PARTICIPATING, GoalStatus
from .queries import attendance, equity, portal_teams
from .queries import portal as queries


@portal_section(order=10)
def my_pd_plan(request, person, school_year):
    if school_year is None:
        return None
    goals = queries.plan_goals(person, school_year)
    met = sum(1 for goal in goals if goal.status == GoalStatus.MET)
    return PortalSection(
        "My PD plan", "programs/partials/portal_plan.html", {"goals": goals, "goals_met": met}
    )


@portal_section(order=20)
def my_upcoming_sessions(request, person, school_year):
    sessions = queries.upcoming_sessions(person)
    feed = calendars.feed_of(person)
    feed_url = request.build_absolute_uri(reverse("programs:calendar_feed", args=[feed.token]))
    return PortalSection(
        "My upcoming sessions",
        "programs/partials/portal_sessions.html",
        {"sessions": sessions, "feed": feed, "feed_url": feed_url},
    )


@portal_section(order=30)
def my_attendance(request, person, school_year):
    if school_year is None:
        return None
    return PortalSection(
        "My attendance",
        "programs/partials/portal_attendance.html",
        {"summary": attendance.attendance_summary(person, school_year)},
    )


@portal_section(order=40)
def my_equity_track(request, person, school_year):
    if school_year is None:
        return None
    enrollments = queries.equity_enrollments(person, school_year)
    return PortalSection(
        "My equity track",
        "programs/partials/portal_equity.html",
        {
            "taking_part": [e for e in enrollments if e.status in PARTICIPATING],
            "others": [e for e in enrollments if e.status not in PARTICIPATING],
            # Principals, heads of school and APs take one a year (see programs.queries.equity).
            "held_to_the_rule": person.position in equity.EQUITY_POSITIONS,
        },
    )


@portal_section(order=50)
def my_competency_growth(request, person, school_year):
    return PortalSection(
        "My competency growth",
        "programs/partials/portal_growth.html",
        {"growth": queries.growth_summary(request.user, person)},
    )


@portal_section(order=55)
def my_school_team(request, person, school_year):
    if school_year is None:
        return None
    schools = portal_teams.my_school_teams(person, school_year)
    if schools is None:
        return None
    return PortalSection("My school team", "programs/partials/portal_team.html", {"schools": schools})
