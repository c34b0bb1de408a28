"""The portal's mentoring sections: My mentor and My coach for a leader, My mentees for a mentor."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from leaderdev.permissions import Role
from mentoring.models import MentorshipStatus
from tests.factories import PersonFactory, SchoolYearFactory, UserFactory
from tests.factories.mentoring import (
    CoachAssignmentFactory,
    LogEntryFactory,
    MenteeFeedbackFactory,
    MentorFactory,
    MentorshipFactory,
)

pytestmark = pytest.mark.django_db

PORTAL = reverse("portal")


def text(html: str) -> str:
    flat = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()
    return unescape(re.sub(r" ([.,:;)])", r"\1", flat))


def section(html: str, slug: str) -> str:
    match = re.search(rf'<section id="{slug}".*?</section>', html, re.S)
    assert match, f"no section {slug}"
    return match.group(0)


def today():
    return timezone.localdate()


def titles(client, user):
    client.force_login(user)
    return [s.title for s in client.get(PORTAL).context["sections"]]


@pytest.fixture
def mentee(mentorship, coaching):
    """The mentorship's mentee, who is also the leader the coaching assignment coaches."""
    coaching.leader = mentorship.mentee
    coaching.save()
    return mentorship.mentee.user


def test_a_leader_sees_my_mentor_then_my_coach_after_programs(client, mentee):
    names = titles(client, mentee)
    mentor = names.index("My mentor")
    # Every section before the mentor's is one of programs' (competency growth and the school team last).
    assert names[:mentor] == [
        "My PD plan",
        "My upcoming sessions",
        "My attendance",
        "My equity track",
        "My competency growth",
        "My school team",
    ]
    assert names.index("My coach") == names.index("My mentor") + 1


def test_my_mentor_shows_who_where_how_to_reach_and_when(client, mentorship, mentee):
    person = mentorship.mentor.person
    person.phone = "617 555 0142"
    person.save()
    mentorship.mentor.availability = "Wednesday mornings"
    mentorship.mentor.save()
    client.force_login(mentee)
    html = section(client.get(PORTAL).content.decode(), "my-mentor")
    assert person.full_name in text(html) and person.school.name in text(html)
    assert "Available: Wednesday mornings" in text(html)
    assert 'href="tel:6175550142"' in html and f'href="mailto:{person.email}"' in html
    assert f'href="{reverse("mentoring:mentorship_detail", args=[mentorship.pk])}"' in html


def test_my_mentor_shows_the_last_three_shared_entries(client, mentorship, mentee):
    for days_ago in range(5):
        LogEntryFactory(
            mentorship=mentorship,
            date=today() - datetime.timedelta(days=days_ago),
            notes=f"Meeting {days_ago} days ago.",
        )
    client.force_login(mentee)
    html = text(section(client.get(PORTAL).content.decode(), "my-mentor"))
    assert "Meeting 0 days ago." in html and "Meeting 2 days ago." in html
    assert "Meeting 3 days ago." not in html
    assert html.index("Meeting 0 days ago.") < html.index("Meeting 2 days ago.")


def test_my_mentor_says_when_nothing_is_logged(client, mentee):
    client.force_login(mentee)
    assert "Nothing logged yet" in text(section(client.get(PORTAL).content.decode(), "my-mentor"))


def test_my_coach_shows_the_coach_organisation_contact_and_entries(client, coaching, mentee):
    coaching.coach.phone = "617-555-0177"
    coaching.coach.save()
    LogEntryFactory(mentorship=None, coaching=coaching, date=today(), notes="Observed morning arrival.")
    client.force_login(mentee)
    html = section(client.get(PORTAL).content.decode(), "my-coach")
    assert coaching.coach.full_name in text(html) and coaching.coach.organization.name in text(html)
    assert 'href="tel:617-555-0177"' in html and f'href="mailto:{coaching.coach.email}"' in html
    assert "Observed morning arrival." in text(html)
    assert f'href="{reverse("mentoring:coaching_detail", args=[coaching.pk])}"' in html


def test_a_veteran_without_mentor_or_coach_sees_neither(client, make_user, school_year):
    user = make_user(Role.LEADER)
    PersonFactory(user=user, role_start_date=datetime.date(2014, 7, 1))
    names = titles(client, user)
    assert "My mentor" not in names and "My coach" not in names and "My mentees" not in names


def test_a_new_leader_without_a_mentor_is_asked_for_their_wishes(client, leader, school_year):
    client.force_login(leader)
    html = section(client.get(PORTAL).content.decode(), "my-mentor")
    assert reverse("mentoring:my_wishes") in html
    assert "Tell us what you want from a mentor" in text(html)


def test_a_new_leader_who_gave_wishes_may_change_them(client, leader, school_year):
    from tests.factories.mentoring import MenteeProfileFactory

    MenteeProfileFactory(person=leader.person, school_year=school_year)
    client.force_login(leader)
    html = section(client.get(PORTAL).content.decode(), "my-mentor")
    assert "Change my mentoring wishes" in text(html)


def test_last_years_mentor_is_not_shown(client, mentorship):
    last_year = SchoolYearFactory(
        name="2025-2026",
        start_date=datetime.date(2025, 8, 31),
        end_date=datetime.date(2026, 6, 30),
        is_current=False,
    )
    mentorship.school_year = last_year
    mentorship.save()
    client.force_login(mentorship.mentee.user)
    html = section(client.get(PORTAL).content.decode(), "my-mentor")
    assert mentorship.mentor.person.full_name not in html
    assert reverse("mentoring:my_wishes") in html


def test_an_ended_mentorship_of_this_year_still_shows_with_the_feedback_link(client, mentorship):
    mentorship.status = MentorshipStatus.ENDED
    mentorship.ended_on = today()
    mentorship.save()
    client.force_login(mentorship.mentee.user)
    html = section(client.get(PORTAL).content.decode(), "my-mentor")
    assert "This mentorship ended" in text(html)
    assert f'href="{reverse("mentoring:mentorship_feedback", args=[mentorship.pk])}"' in html
    assert "Give feedback on my mentorship" in text(html)


def test_the_feedback_link_waits_for_the_end_of_the_year(client, mentorship):
    client.force_login(mentorship.mentee.user)
    html = section(client.get(PORTAL).content.decode(), "my-mentor")
    assert reverse("mentoring:mentorship_feedback", args=[mentorship.pk]) not in html


def test_after_feedback_the_link_offers_a_change(client, mentorship):
    mentorship.status = MentorshipStatus.ENDED
    mentorship.ended_on = today()
    mentorship.save()
    MenteeFeedbackFactory(mentorship=mentorship)
    client.force_login(mentorship.mentee.user)
    assert "Change my feedback" in text(section(client.get(PORTAL).content.decode(), "my-mentor"))


def test_a_mentor_sees_my_mentees_with_a_link_to_the_phone_page(client, mentorship):
    LogEntryFactory(mentorship=mentorship, date=today())
    client.force_login(mentorship.mentor.person.user)
    html = section(client.get(PORTAL).content.decode(), "my-mentees")
    assert mentorship.mentee.full_name in text(html)
    assert f"last {today():%b} {today().day}" in text(html)
    assert f'href="{reverse("mentoring:my_people")}"' in html


def test_a_mentor_with_no_mentee_gets_no_section(client, make_user, school_year):
    user = make_user(Role.MENTOR)
    MentorFactory(person__user=user, school_year=school_year)
    assert "My mentees" not in titles(client, user)


def test_a_leader_who_is_no_mentor_gets_no_my_mentees(client, mentee):
    assert "My mentees" not in titles(client, mentee)


def give_portal_data(person, school_year, count):
    """`person` as a mentee with a mentorship and a coaching of `count` entries each, and as a mentor of
    `count` mentees (a second-year principal may do both)."""
    mentor = MentorFactory(person=person, school_year=school_year, capacity=6)
    mine = MentorshipFactory(school_year=school_year, mentee=person)
    coaching = CoachAssignmentFactory(leader=person, school_year=school_year)
    for index in range(count):
        LogEntryFactory(mentorship=mine, date=today() - datetime.timedelta(days=index))
        LogEntryFactory(mentorship=None, coaching=coaching, date=today() - datetime.timedelta(days=index))
        pair = MentorshipFactory(school_year=school_year, mentor=mentor)
        LogEntryFactory(mentorship=pair, date=today())


@pytest.mark.parametrize("count", [1, 10])
def test_the_sections_cost_the_same_queries_whatever_the_data(
    client, school_year, count, django_assert_max_num_queries
):
    """A leader who also mentors: all three sections, measured on the whole portal at two sizes."""
    user = UserFactory(roles=[Role.LEADER, Role.MENTOR])
    person = PersonFactory(user=user)
    give_portal_data(person, school_year, count)
    client.force_login(user)
    with django_assert_max_num_queries(30):
        response = client.get(PORTAL)
    names = [s.title for s in response.context["sections"]]
    assert {"My mentor", "My coach", "My mentees"} <= set(names)


@pytest.mark.parametrize("count", [1, 10])
def test_the_mentoring_builders_run_a_fixed_number_of_queries(
    rf, school_year, count, django_assert_num_queries
):
    from mentoring import portal

    user = UserFactory(roles=[Role.LEADER, Role.MENTOR])
    person = PersonFactory(user=user)
    give_portal_data(person, school_year, count)
    request = rf.get(PORTAL)
    request.user = user
    portal.my_mentor(request, person, school_year)  # warm the roles cache
    with django_assert_num_queries(2):
        portal.my_mentor(request, person, school_year)
    with django_assert_num_queries(2):
        portal.my_coach(request, person, school_year)
    with django_assert_num_queries(1):
        portal.my_mentees(request, person, school_year)


def test_the_builders_take_a_coach_without_a_staff_record(rf, coaching, school_year):
    """Partner coaches have a login but no Person: the leader panels say nothing, My mentees still works."""
    from mentoring import portal

    request = rf.get(PORTAL)
    request.user = coaching.coach.user
    assert portal.my_mentor(request, None, school_year) is None
    assert portal.my_coach(request, None, school_year) is None
    section = portal.my_mentees(request, None, school_year)
    assert section.title == "Leaders I coach"
    assert section.context["people"].coachings == [coaching]
