"""A mentee's end-of-year feedback on their mentorship: the service's rules and the page."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from leaderdev.errors import DomainError
from leaderdev.permissions import Role
from mentoring.models import MenteeFeedback, MentorshipStatus
from mentoring.services import logs as services
from tests.factories import SchoolYearFactory
from tests.factories.mentoring import MenteeFeedbackFactory, MentorshipFactory

pytestmark = pytest.mark.django_db

YEAR_END = datetime.date(2027, 6, 30)  # the school_year fixture's last day
OPENS = YEAR_END - datetime.timedelta(days=45)


def today():
    return timezone.localdate()


def answer(**overrides):
    values = {
        "rating": 4,
        "most_helpful": "Budget help.",
        "suggestions": "Meet monthly.",
        "would_recommend": True,
    }
    values.update(overrides)
    return values


def end(mentorship, on=None):
    mentorship.status = MentorshipStatus.ENDED
    mentorship.ended_on = on or today()
    mentorship.save()
    return mentorship


def url(mentorship):
    return reverse("mentoring:mentorship_feedback", args=[mentorship.pk])


# --- The service -------------------------------------------------------------------------------------


def test_the_mentee_gives_feedback_in_the_last_weeks(mentorship):
    services.submit_feedback(mentorship.mentee.user, mentorship, **answer(), today=OPENS)
    feedback = MenteeFeedback.objects.get(mentorship=mentorship)
    assert (feedback.rating, feedback.most_helpful, feedback.suggestions, feedback.would_recommend) == (
        4,
        "Budget help.",
        "Meet monthly.",
        True,
    )


def test_feedback_is_not_open_before_the_last_weeks(mentorship):
    with pytest.raises(DomainError, match="Feedback opens on May 16, 2027"):
        services.submit_feedback(
            mentorship.mentee.user, mentorship, **answer(), today=OPENS - datetime.timedelta(days=1)
        )
    assert not MenteeFeedback.objects.exists()


def test_feedback_opens_when_a_mentorship_ends_early(mentorship):
    end(mentorship, on=datetime.date(2027, 1, 15))
    services.submit_feedback(mentorship.mentee.user, mentorship, **answer(), today=datetime.date(2027, 1, 15))
    assert MenteeFeedback.objects.filter(mentorship=mentorship).exists()


def test_feedback_closes_when_the_year_ends(mentorship):
    with pytest.raises(DomainError, match="closed on June 30, 2027"):
        services.submit_feedback(
            mentorship.mentee.user, mentorship, **answer(), today=YEAR_END + datetime.timedelta(days=1)
        )


def test_a_second_answer_replaces_the_first(mentorship):
    services.submit_feedback(mentorship.mentee.user, mentorship, **answer(), today=OPENS)
    services.submit_feedback(
        mentorship.mentee.user, mentorship, **answer(rating=2, would_recommend=False), today=YEAR_END
    )
    feedback = MenteeFeedback.objects.get(mentorship=mentorship)
    assert (feedback.rating, feedback.would_recommend) == (2, False)


def test_only_the_mentee_may_answer(mentorship, program_staff):
    for user in (mentorship.mentor.person.user, program_staff):
        with pytest.raises(DomainError, match="Only the mentee"):
            services.submit_feedback(user, mentorship, **answer(), today=OPENS)
    assert not MenteeFeedback.objects.exists()


def test_a_rating_is_one_to_five(mentorship):
    with pytest.raises(DomainError, match="from 1 to 5"):
        services.submit_feedback(mentorship.mentee.user, mentorship, **answer(rating=6), today=OPENS)


# --- The page ----------------------------------------------------------------------------------------


def test_the_page_shows_the_form_once_feedback_is_open(client, mentorship):
    end(mentorship)
    client.force_login(mentorship.mentee.user)
    html = client.get(url(mentorship)).content.decode()
    assert "How helpful was your mentorship this year?" in html
    assert "Send my feedback" in html


def test_the_page_saves_the_answer(client, mentorship):
    end(mentorship)
    client.force_login(mentorship.mentee.user)
    response = client.post(
        url(mentorship),
        {"rating": "5", "most_helpful": "Walkthroughs.", "suggestions": "", "would_recommend": "no"},
    )
    assert response.status_code == 302 and response.url == reverse("portal")
    feedback = MenteeFeedback.objects.get(mentorship=mentorship)
    assert (feedback.rating, feedback.most_helpful, feedback.would_recommend) == (5, "Walkthroughs.", False)


def test_the_page_shows_the_earlier_answer_to_change(client, mentorship):
    end(mentorship)
    MenteeFeedbackFactory(mentorship=mentorship, rating=3, most_helpful="The school visits.")
    client.force_login(mentorship.mentee.user)
    html = client.get(url(mentorship)).content.decode()
    assert "The school visits." in html and "Update my feedback" in html


def test_the_page_keeps_the_answers_without_a_rating(client, mentorship):
    end(mentorship)
    client.force_login(mentorship.mentee.user)
    response = client.post(url(mentorship), {"most_helpful": "Walkthroughs.", "would_recommend": "yes"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose a rating from 1 to 5." in html and "Walkthroughs." in html
    assert not MenteeFeedback.objects.exists()


def test_the_page_says_when_feedback_opens(client, mentorship):
    client.force_login(mentorship.mentee.user)
    html = client.get(url(mentorship)).content.decode()
    assert "Feedback opens on May 16, 2027" in html and "<form" not in html.split("<main")[1]


def test_the_page_refuses_a_post_before_feedback_opens(client, mentorship):
    client.force_login(mentorship.mentee.user)
    client.post(url(mentorship), {"rating": "5", "would_recommend": "yes"})
    assert not MenteeFeedback.objects.exists()


def test_the_page_says_when_feedback_has_closed(client, mentorship):
    last_year = SchoolYearFactory(
        name="2025-2026",
        start_date=datetime.date(2025, 8, 31),
        end_date=datetime.date(2026, 6, 30),
        is_current=False,
    )
    old = MentorshipFactory(
        school_year=last_year,
        mentor__school_year=last_year,
        mentee=mentorship.mentee,
        started_on=datetime.date(2025, 9, 15),
    )
    client.force_login(mentorship.mentee.user)
    assert "closed on June 30, 2026" in client.get(url(old)).content.decode()


def test_another_leaders_mentorship_is_404(client, school_year, mentorship):
    other = end(MentorshipFactory(school_year=school_year))
    client.force_login(mentorship.mentee.user)
    assert client.get(url(other)).status_code == 404
    assert client.post(url(other), {"rating": "5", "would_recommend": "yes"}).status_code == 404
    assert not MenteeFeedback.objects.exists()


def test_the_mentor_may_not_answer(client, mentorship):
    end(mentorship)
    client.force_login(mentorship.mentor.person.user)
    assert client.get(url(mentorship)).status_code == 403


def test_a_mentor_who_is_also_a_leader_gets_404_on_their_mentees_feedback(client, mentorship):
    mentor_user = mentorship.mentor.person.user
    mentor_user.groups.add(Group.objects.get(name=Role.LEADER.group_name))
    end(mentorship)
    client.force_login(mentor_user)
    assert client.get(url(mentorship)).status_code == 404


def test_the_page_rejects_put(client, mentorship):
    client.force_login(mentorship.mentee.user)
    assert client.put(url(mentorship)).status_code == 405
