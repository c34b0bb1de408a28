"""The portal's mentoring sections: my mentor, my coach, and (for mentors and coaches) my mentees
(registered with leaderdev.portal, which finds this module by itself; programs use orders 10-50).

Each builder runs at most two queries and answers None when it has nothing to say: no school year, no
mentorship or coach this year, no one to support. My mentees reads the signed-in user, not `person`, so
it also works for a partner coach, who has a login but no staff record (``person`` None). Log entries
come through queries.logs, so a leader's panels never carry a private note.
"""

from django.utils import timezone

from leaderdev.permissions import Role, has_role
from leaderdev.portal import PortalSection, portal_section

from .queries import portal as queries
from .services.logs import feedback_window


@portal_section(order=60)
def my_mentor(request, person, school_year):
    if school_year is None or person is None:
        return None
    mentorship = queries.my_mentorship(person, school_year)
    if mentorship is None:
        if not (person.is_school_leader and person.year_in_role(school_year) in (1, 2)):
            return None
        # A new leader without a mentor yet: point them at their wishes, which the next round weighs.
        return PortalSection(
            "My mentor",
            "mentoring/partials/portal_no_mentor.html",
            {"has_wishes": queries.has_wishes(person, school_year)},
        )
    window = feedback_window(mentorship)
    today = timezone.localdate()
    return PortalSection(
        "My mentor",
        "mentoring/partials/portal_mentor.html",
        {
            "mentorship": mentorship,
            "mentor": mentorship.mentor,
            "entries": queries.latest_entries(request.user, mentorship),
            "feedback": getattr(mentorship, "feedback", None),
            "feedback_window": window,
            "feedback_open": window.is_open(today),
        },
    )


@portal_section(order=65)
def my_coach(request, person, school_year):
    if school_year is None or person is None:
        return None
    coaching = queries.my_coaching(person, school_year)
    if coaching is None:
        return None
    return PortalSection(
        "My coach",
        "mentoring/partials/portal_coach.html",
        {
            "coaching": coaching,
            "coach": coaching.coach,
            "entries": queries.latest_entries(request.user, coaching),
        },
    )


@portal_section(order=70)
def my_mentees(request, person, school_year):
    if not has_role(request.user, Role.MENTOR, Role.COACH):
        return None
    people = queries.my_people(request.user, school_year)
    if not people:
        return None
    if people.mentorships and people.coachings:
        title = "My mentees and coachees"
    elif people.mentorships:
        title = "My mentees"
    else:
        title = "Leaders I coach"
    return PortalSection(title, "mentoring/partials/portal_mentees.html", {"people": people})
