"""Who may read and write which log (issue 5's permission tests).

A mentor sees only their own mentees' logs: another mentor's mentorship, its log and its entries answer
404 and never appear in their lists. A coach's (or mentor's) private notes are hidden from the mentee and
from other coaches, on every page and portal panel where entries show: the rendered HTML is checked, not
only the context. A mentee cannot log; a leader cannot open the phone page; anonymous users go to login.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from leaderdev.errors import DomainError
from leaderdev.permissions import Role
from mentoring.models import LogEntry, MentorshipStatus
from mentoring.queries import logs as queries
from mentoring.services import logs as services
from tests.factories import PersonFactory, UserFactory
from tests.factories.mentoring import (
    CoachAssignmentFactory,
    CoachFactory,
    LogEntryFactory,
    MentorFactory,
    MentorshipFactory,
)

pytestmark = pytest.mark.django_db

PORTAL = reverse("portal")
MY_PEOPLE = reverse("mentoring:my_people")
MENTOR_SECRET = "MENTOR-PRIVATE: worried about the budget meeting"
COACH_SECRET = "COACH-PRIVATE: the ILT does not trust her yet"
OTHER_COACH_SECRET = "OTHER-COACH-PRIVATE: left after an hour"


def today():
    return timezone.localdate()


@pytest.fixture
def mentor_entry(mentorship):
    return LogEntryFactory(
        mentorship=mentorship,
        date=today(),
        notes="Shared: budget walk-through.",
        next_steps="Send the draft budget.",
        private_notes=MENTOR_SECRET,
        logged_by=mentorship.mentor.person.user,
    )


@pytest.fixture
def coach_entry(coaching):
    return LogEntryFactory(
        mentorship=None,
        coaching=coaching,
        date=today(),
        notes="Shared: observed the ILT meeting.",
        next_steps="Rewrite the ILT norms.",
        private_notes=COACH_SECRET,
        logged_by=coaching.coach.user,
    )


@pytest.fixture
def other_mentor(school_year):
    """A mentor with a mentee of their own."""
    user = UserFactory(roles=[Role.MENTOR])
    pair = MentorshipFactory(
        school_year=school_year, mentor=MentorFactory(person__user=user, school_year=school_year)
    )
    return user, pair


@pytest.fixture
def other_coach(school_year):
    """A coach of the same partner world, with a leader of their own and a private note about them."""
    user = UserFactory(roles=[Role.COACH])
    assignment = CoachAssignmentFactory(
        coach=CoachFactory(user=user),
        leader=PersonFactory(user=UserFactory(roles=[Role.LEADER])),
        school_year=school_year,
    )
    LogEntryFactory(mentorship=None, coaching=assignment, date=today(), private_notes=OTHER_COACH_SECRET)
    return user, assignment


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def coaching_url(coaching):
    return reverse("mentoring:coaching_detail", args=[coaching.pk])


def mentorship_url(mentorship):
    return reverse("mentoring:mentorship_detail", args=[mentorship.pk])


# --- A mentor sees only their own mentees' logs ------------------------------------------------------


def test_a_mentor_reads_their_own_mentees_log(client, mentorship, mentor_entry):
    html = page(client, mentorship.mentor.person.user, mentorship_url(mentorship))
    assert "Shared: budget walk-through." in html and MENTOR_SECRET in html


def test_another_mentor_gets_404_on_the_mentorship(client, mentorship, mentor_entry, other_mentor):
    user, _ = other_mentor
    client.force_login(user)
    assert client.get(mentorship_url(mentorship)).status_code == 404
    assert client.get(reverse("mentoring:log_new", args=[mentorship.pk])).status_code == 404
    assert client.post(reverse("mentoring:log_new", args=[mentorship.pk]), {}).status_code == 404


def test_another_mentor_gets_404_on_an_entry(client, mentor_entry, other_mentor):
    user, _ = other_mentor
    client.force_login(user)
    assert client.get(reverse("mentoring:log_edit", args=[mentor_entry.pk])).status_code == 404
    assert client.post(reverse("mentoring:log_delete", args=[mentor_entry.pk])).status_code == 404
    assert LogEntry.objects.filter(pk=mentor_entry.pk).exists()


def test_another_mentor_does_not_list_the_mentee(client, mentorship, mentor_entry, other_mentor):
    user, own_pair = other_mentor
    for url in (MY_PEOPLE, PORTAL):
        html = page(client, user, url)
        assert own_pair.mentee.full_name in html
        assert mentorship.mentee.full_name not in html
        assert "budget walk-through" not in html and MENTOR_SECRET not in html


def test_the_mentees_coach_cannot_open_the_mentorship(client, school_year, mentorship, mentor_entry):
    coach_user = UserFactory(roles=[Role.COACH])
    CoachAssignmentFactory(
        coach=CoachFactory(user=coach_user), leader=mentorship.mentee, school_year=school_year
    )
    client.force_login(coach_user)
    assert client.get(mentorship_url(mentorship)).status_code == 404


def test_the_mentor_cannot_open_the_mentees_coaching(client, school_year, mentorship, coach_entry):
    coaching = coach_entry.coaching
    coaching.leader = mentorship.mentee
    coaching.save()
    client.force_login(mentorship.mentor.person.user)
    assert client.get(coaching_url(coaching)).status_code == 404


def test_a_mentor_loses_the_log_form_when_the_mentorship_ends(client, mentorship):
    mentorship.status = MentorshipStatus.ENDED
    mentorship.ended_on = today()
    mentorship.save()
    client.force_login(mentorship.mentor.person.user)
    assert (
        client.post(reverse("mentoring:log_new", args=[mentorship.pk]), {"date": today()}).status_code == 403
    )
    assert not LogEntry.objects.exists()


# --- Private notes: hidden from the mentee and from other coaches --------------------------------------


def test_the_coach_reads_their_private_notes(client, coaching, coach_entry):
    assert COACH_SECRET in page(client, coaching.coach.user, coaching_url(coaching))


def test_program_staff_read_private_notes(client, program_staff, coaching, coach_entry, mentor_entry):
    assert COACH_SECRET in page(client, program_staff, coaching_url(coaching))
    assert MENTOR_SECRET in page(client, program_staff, mentorship_url(mentor_entry.mentorship))


def test_the_coached_leader_sees_the_shared_part_only(client, coaching, coach_entry):
    html = page(client, coaching.leader.user, coaching_url(coaching))
    assert "Shared: observed the ILT meeting." in html and "Rewrite the ILT norms." in html
    assert COACH_SECRET not in html
    assert "Private" not in html


def test_the_coached_leaders_portal_panel_hides_private_notes(client, coaching, coach_entry):
    html = page(client, coaching.leader.user, PORTAL)
    assert "Shared: observed the ILT meeting." in html
    assert COACH_SECRET not in html


def test_the_mentee_sees_the_shared_part_only(client, mentorship, mentor_entry):
    html = page(client, mentorship.mentee.user, mentorship_url(mentorship))
    assert "Shared: budget walk-through." in html and "Send the draft budget." in html
    assert MENTOR_SECRET not in html


def test_the_mentees_portal_panel_hides_private_notes(client, mentorship, mentor_entry):
    html = page(client, mentorship.mentee.user, PORTAL)
    assert "Shared: budget walk-through." in html
    assert MENTOR_SECRET not in html


def test_another_coach_gets_404_on_the_coaching_and_its_entries(client, coaching, coach_entry, other_coach):
    user, _ = other_coach
    client.force_login(user)
    assert client.get(coaching_url(coaching)).status_code == 404
    assert client.get(reverse("mentoring:coaching_log_new", args=[coaching.pk])).status_code == 404
    assert client.get(reverse("mentoring:log_edit", args=[coach_entry.pk])).status_code == 404


def test_another_coach_never_sees_the_private_notes_on_their_own_pages(
    client, coaching, coach_entry, other_coach
):
    user, assignment = other_coach
    for url in (MY_PEOPLE, PORTAL, coaching_url(assignment)):
        html = page(client, user, url)
        assert COACH_SECRET not in html and coaching.leader.full_name not in html
    assert OTHER_COACH_SECRET in page(client, user, coaching_url(assignment))


def test_a_leaders_earlier_coach_does_not_read_the_new_coachs_notes(
    client, school_year, coaching, coach_entry
):
    """A leader's first coach (assignment ended) and the coach who took over: each reads only their own."""
    first_user = UserFactory(roles=[Role.COACH])
    first = CoachAssignmentFactory(
        coach=CoachFactory(user=first_user),
        leader=coaching.leader,
        school_year=school_year,
        status=MentorshipStatus.ENDED,
        ended_on=coaching.started_on,
        started_on=coaching.started_on,
    )
    LogEntryFactory(
        mentorship=None, coaching=first, date=coaching.started_on, private_notes=OTHER_COACH_SECRET
    )
    html = page(client, first_user, coaching_url(first))
    assert OTHER_COACH_SECRET in html and COACH_SECRET not in html
    client.force_login(first_user)
    assert client.get(coaching_url(coaching)).status_code == 404
    assert OTHER_COACH_SECRET not in page(client, coaching.coach.user, coaching_url(coaching))


def test_the_query_never_hands_a_leader_the_private_text(coaching, coach_entry, django_assert_num_queries):
    (entry,) = queries.log_of(coaching.leader.user, coaching)
    with django_assert_num_queries(0):
        assert entry.private_notes == "" and entry.private_visible is False
    (entry,) = queries.log_of(coaching.coach.user, coaching)
    assert entry.private_notes == COACH_SECRET and entry.private_visible is True


# --- Who may log, who may open the phone page ----------------------------------------------------------


def test_a_mentee_cannot_log(client, mentorship):
    client.force_login(mentorship.mentee.user)
    url = reverse("mentoring:log_new", args=[mentorship.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"date": today().isoformat(), "kind": "meeting"}).status_code == 403
    assert not LogEntry.objects.exists()


def test_a_mentee_who_also_mentors_cannot_log_their_own_mentorship(client, mentorship):
    mentorship.mentee.user.groups.add(Group.objects.get(name=Role.MENTOR.group_name))
    client.force_login(mentorship.mentee.user)
    assert client.get(reverse("mentoring:log_new", args=[mentorship.pk])).status_code == 403
    with pytest.raises(DomainError):
        services.log_entry(mentorship.mentee.user, mentorship, date=today())


def test_a_coached_leader_cannot_log(client, coaching):
    client.force_login(coaching.leader.user)
    assert client.get(reverse("mentoring:coaching_log_new", args=[coaching.pk])).status_code == 403


def test_a_leader_cannot_open_the_phone_page(client, mentorship):
    client.force_login(mentorship.mentee.user)
    assert client.get(MY_PEOPLE).status_code == 403


def test_anonymous_users_go_to_login(client, mentorship, mentor_entry, coaching):
    urls = [
        MY_PEOPLE,
        mentorship_url(mentorship),
        coaching_url(coaching),
        reverse("mentoring:log_new", args=[mentorship.pk]),
        reverse("mentoring:coaching_log_new", args=[coaching.pk]),
        reverse("mentoring:log_edit", args=[mentor_entry.pk]),
        reverse("mentoring:mentorship_feedback", args=[mentorship.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    response = client.post(reverse("mentoring:log_delete", args=[mentor_entry.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert LogEntry.objects.filter(pk=mentor_entry.pk).exists()


def test_a_user_without_a_portal_role_gets_403(client, make_user, mentorship):
    user = make_user(Role.RECRUITMENT_STAFF)
    client.force_login(user)
    assert client.get(mentorship_url(mentorship)).status_code == 403
    assert client.get(MY_PEOPLE).status_code == 403
