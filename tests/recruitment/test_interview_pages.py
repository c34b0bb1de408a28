"""The interview pages: scheduling (staff), the interview page, changing the panel (staff), a panelist's
scorecard and their list of interviews. Who may enter each, what each changes, and fixed query counts."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from competencies.models import Competency
from leaderdev.permissions import Role
from recruitment.models import Interview, InterviewKind, Recommendation, Scorecard, Stage
from recruitment.services.interviews import save_scorecard
from tests.factories import PersonFactory, UserFactory
from tests.factories.recruitment import ApplicationFactory, InterviewFactory

pytestmark = pytest.mark.django_db


def text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).strip()


@pytest.fixture
def staff(make_user):
    return make_user(Role.RECRUITMENT_STAFF, is_staff=True)


@pytest.fixture
def competencies(framework_v4):
    return list(Competency.objects.of_version(framework_v4)[:2])


@pytest.fixture
def panelist(db):
    return UserFactory(full_name="Ana Ortiz", roles=[Role.LEADER])


@pytest.fixture
def interview(panelist, competencies):
    interview = InterviewFactory(panelists=[panelist], competencies=competencies, location="Room 4")
    Scorecard.objects.create(interview=interview, panelist=panelist)
    return interview


def other_candidates_panelist(competencies):
    """Someone on the panel of another candidate's interview."""
    user = UserFactory(roles=[Role.LEADER])
    other = InterviewFactory(panelists=[user], competencies=competencies)
    Scorecard.objects.create(interview=other, panelist=user)
    return user


def outsiders(make_user):
    """A leader (with a staff record), a mentor and program staff: none may see candidates."""
    leader = make_user(Role.LEADER)
    PersonFactory(user=leader)
    return [leader, make_user(Role.MENTOR), make_user(Role.PROGRAM_STAFF)]


# --- Scheduling --------------------------------------------------------------------------------------


def new_url(application):
    return reverse("recruitment:interview_new", args=[application.pk])


def test_staff_see_the_schedule_form_with_the_active_frameworks_competencies(client, staff, competencies):
    application = ApplicationFactory(stage=Stage.FIRST_INTERVIEW)
    client.force_login(staff)

    response = client.get(new_url(application))

    assert response.status_code == 200
    html = response.content.decode()
    assert competencies[0].short_statement[:30] in unescape(html)
    assert 'value="first" selected' in html


def test_staff_schedule_an_interview(client, staff, competencies, panelist):
    application = ApplicationFactory(stage=Stage.FIRST_INTERVIEW)
    client.force_login(staff)

    response = client.post(
        new_url(application),
        {
            "kind": InterviewKind.FIRST,
            "scheduled_at": "2027-01-12T15:30",
            "location": "Bolling Building",
            "panelists": [panelist.pk],
            "competencies": [c.pk for c in competencies],
        },
    )

    interview = Interview.objects.get(application=application)
    assert response.status_code == 302
    assert response.url == reverse("recruitment:interview_detail", args=[interview.pk])
    assert interview.location == "Bolling Building"
    assert timezone.localtime(interview.scheduled_at).strftime("%Y-%m-%d %H:%M") == "2027-01-12 15:30"
    assert list(Scorecard.objects.filter(interview=interview).values_list("panelist", flat=True)) == [
        panelist.pk
    ]


def test_scheduling_at_the_wrong_stage_says_why_and_saves_nothing(client, staff, competencies, panelist):
    application = ApplicationFactory(stage=Stage.SCREENED)
    client.force_login(staff)

    response = client.post(
        new_url(application),
        {
            "kind": InterviewKind.FIRST,
            "scheduled_at": "2027-01-12T15:30",
            "panelists": [panelist.pk],
            "competencies": [c.pk for c in competencies],
        },
    )

    assert response.status_code == 200
    assert "happens at first interview" in text(response.content.decode())
    assert not Interview.objects.exists()


def test_scheduling_needs_recruitment_staff(client, make_user, panelist, interview):
    client.force_login(panelist)  # even a panelist of this candidate
    assert client.get(new_url(interview.application)).status_code == 403
    for user in outsiders(make_user):
        client.force_login(user)
        assert client.get(new_url(interview.application)).status_code == 403


def test_scheduling_sends_anonymous_users_to_log_in(client):
    response = client.get(new_url(ApplicationFactory()))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_scheduling_for_a_missing_application_is_404(client, staff):
    client.force_login(staff)
    assert client.get(reverse("recruitment:interview_new", args=[999999])).status_code == 404


def test_scheduling_rejects_put(client, staff):
    client.force_login(staff)
    assert client.put(new_url(ApplicationFactory())).status_code == 405


# --- The interview page ------------------------------------------------------------------------------


def detail_url(interview):
    return reverse("recruitment:interview_detail", args=[interview.pk])


def test_a_panelist_sees_the_interview_with_a_link_to_their_scorecard(client, panelist, interview):
    client.force_login(panelist)

    response = client.get(detail_url(interview))

    assert response.status_code == 200
    page = text(response.content.decode())
    assert f"First interview of {interview.application.candidate}" in page
    assert "Ana Ortiz (you)" in page
    assert "Not started" in page
    assert reverse("recruitment:scorecard_edit", args=[interview.pk]) in response.content.decode()


def test_staff_see_the_interview_and_may_change_the_panel(client, staff, interview):
    client.force_login(staff)

    response = client.get(detail_url(interview))

    assert response.status_code == 200
    assert reverse("recruitment:interview_panel", args=[interview.pk]) in response.content.decode()


def test_the_interview_page_is_403_for_a_leader_a_mentor_and_program_staff(client, make_user, interview):
    for user in outsiders(make_user):
        client.force_login(user)
        assert client.get(detail_url(interview)).status_code == 403


def test_the_interview_page_is_403_for_another_candidates_panelist(client, interview, competencies):
    client.force_login(other_candidates_panelist(competencies))
    assert client.get(detail_url(interview)).status_code == 403


def test_the_interview_page_sends_anonymous_users_to_log_in(client, interview):
    response = client.get(detail_url(interview))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_missing_interview_is_404(client, staff):
    client.force_login(staff)
    assert client.get(reverse("recruitment:interview_detail", args=[999999])).status_code == 404


def test_the_interview_page_rejects_post(client, panelist, interview):
    client.force_login(panelist)
    assert client.post(detail_url(interview)).status_code == 405


def panel_of(size, framework_v4):
    """An interview with `size` panelists, all submitted, rating `size` competencies."""
    competencies = list(Competency.objects.of_version(framework_v4)[:size])
    users = [UserFactory() for _ in range(size)]
    interview = InterviewFactory(panelists=users, competencies=competencies)
    for user in users:
        save_scorecard(
            Scorecard.objects.create(interview=interview, panelist=user),
            user=user,
            ratings={c: {"score": 3, "evidence": "Seen."} for c in competencies},
            recommendation=Recommendation.YES,
            submit=True,
        )
    return interview, users


@pytest.mark.parametrize("size", [2, 10])
def test_the_interview_page_takes_a_fixed_number_of_queries(
    client, staff, framework_v4, size, django_assert_max_num_queries
):
    interview, users = panel_of(size, framework_v4)
    for viewer in (staff, users[0]):
        client.force_login(viewer)
        with django_assert_max_num_queries(11):
            response = client.get(detail_url(interview))
        assert response.status_code == 200
        assert response.content.decode().count('class="card mb-3" aria-labelledby="card-') == size


# --- Changing the panel ------------------------------------------------------------------------------


def panel_url(interview):
    return reverse("recruitment:interview_panel", args=[interview.pk])


def test_staff_change_the_panel(client, staff, interview, panelist):
    newcomer = UserFactory()
    client.force_login(staff)

    response = client.post(panel_url(interview), {"panelists": [panelist.pk, newcomer.pk]})

    assert response.status_code == 302
    assert set(interview.panelists.all()) == {panelist, newcomer}
    assert Scorecard.objects.filter(interview=interview, panelist=newcomer).exists()


def test_changing_the_panel_needs_recruitment_staff(client, panelist, interview):
    client.force_login(panelist)
    assert client.post(panel_url(interview), {"panelists": [panelist.pk]}).status_code == 403


# --- The scorecard -----------------------------------------------------------------------------------


def scorecard_url(interview):
    return reverse("recruitment:scorecard_edit", args=[interview.pk])


def scorecard_data(competencies, action, **overrides):
    data = {"action": action, "recommendation": Recommendation.STRONG_YES, "notes": "Ready to lead."}
    for c in competencies:
        data[f"score_{c.pk}"] = "4"
        data[f"evidence_{c.pk}"] = f"Evidence on {c.code}"
    data.update(overrides)
    return data


def test_a_panelist_sees_their_scorecard_with_the_rating_levels(client, panelist, interview):
    client.force_login(panelist)

    response = client.get(scorecard_url(interview))

    assert response.status_code == 200
    page = text(response.content.decode())
    for label in ("Little or no evidence", "Some evidence", "Solid evidence", "Strong evidence", "Strong no"):
        assert label in page
    assert "Save draft" in page
    assert "Submit" in page


def test_saving_a_draft_keeps_it_unsubmitted(client, panelist, interview, competencies):
    client.force_login(panelist)

    response = client.post(
        scorecard_url(interview),
        {"action": "draft", f"score_{competencies[0].pk}": "2", f"evidence_{competencies[0].pk}": "Thin."},
    )

    assert response.status_code == 302
    assert response.url == scorecard_url(interview)
    card = Scorecard.objects.get(interview=interview, panelist=panelist)
    assert card.submitted_at is None
    assert list(card.ratings.values_list("score", "evidence")) == [(2, "Thin.")]


def test_submitting_makes_the_scorecard_final_and_opens_the_interview_page(
    client, panelist, interview, competencies
):
    client.force_login(panelist)

    response = client.post(scorecard_url(interview), scorecard_data(competencies, "submit"))

    assert response.status_code == 302
    assert response.url == detail_url(interview)
    card = Scorecard.objects.get(interview=interview, panelist=panelist)
    assert card.is_submitted
    assert card.recommendation == Recommendation.STRONG_YES
    assert sorted(card.ratings.values_list("score", flat=True)) == [4, 4]


def test_submitting_an_incomplete_scorecard_marks_what_is_missing(client, panelist, interview, competencies):
    client.force_login(panelist)

    response = client.post(
        scorecard_url(interview),
        scorecard_data(
            competencies,
            "submit",
            recommendation="",
            **{f"score_{competencies[1].pk}": "", f"evidence_{competencies[1].pk}": ""},
        ),
    )

    assert response.status_code == 200
    page = text(response.content.decode())
    assert "Rate this competency before you submit." in page
    assert "Choose a recommendation before you submit." in page
    card = Scorecard.objects.get(interview=interview, panelist=panelist)
    assert not card.is_submitted
    assert not card.ratings.exists()


def test_evidence_without_a_rating_is_kept_on_the_form_with_a_note(client, panelist, interview, competencies):
    client.force_login(panelist)

    response = client.post(
        scorecard_url(interview),
        {"action": "draft", f"evidence_{competencies[0].pk}": "Strong on data."},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Give a rating to keep this evidence." in text(html)
    assert "Strong on data." in html
    assert not Scorecard.objects.get(interview=interview, panelist=panelist).ratings.exists()


def test_a_submitted_scorecard_cannot_be_changed_through_the_page(client, panelist, interview, competencies):
    client.force_login(panelist)
    client.post(scorecard_url(interview), scorecard_data(competencies, "submit"))

    response = client.post(
        scorecard_url(interview), scorecard_data(competencies, "draft", recommendation=Recommendation.NO)
    )

    assert response.status_code == 302
    card = Scorecard.objects.get(interview=interview, panelist=panelist)
    assert card.recommendation == Recommendation.STRONG_YES
    assert "it is final" in text(client.get(scorecard_url(interview)).content.decode())


def test_only_a_panelist_has_a_scorecard_even_among_staff(client, staff, interview):
    client.force_login(staff)
    assert client.get(scorecard_url(interview)).status_code == 403


def test_the_scorecard_is_403_for_another_candidates_panelist_and_outsiders(
    client, make_user, interview, competencies
):
    for user in [other_candidates_panelist(competencies), *outsiders(make_user)]:
        client.force_login(user)
        assert client.get(scorecard_url(interview)).status_code == 403
        assert (
            client.post(scorecard_url(interview), scorecard_data(competencies, "submit")).status_code == 403
        )
    assert not Scorecard.objects.filter(submitted_at__isnull=False).exists()


def test_the_scorecard_sends_anonymous_users_to_log_in(client, interview):
    response = client.get(scorecard_url(interview))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_scorecard_rejects_put(client, panelist, interview):
    client.force_login(panelist)
    assert client.put(scorecard_url(interview)).status_code == 405


# --- My interviews -----------------------------------------------------------------------------------

MINE = reverse("recruitment:my_interviews")


def test_my_interviews_lists_only_my_panels_with_their_status(client, panelist, interview, competencies):
    done = InterviewFactory(
        panelists=[panelist],
        competencies=competencies,
        scheduled_at=timezone.now() - datetime.timedelta(days=5),
    )
    save_scorecard(
        Scorecard.objects.create(interview=done, panelist=panelist),
        user=panelist,
        ratings={c: {"score": 3} for c in competencies},
        recommendation=Recommendation.YES,
        submit=True,
    )
    not_mine = InterviewFactory(competencies=competencies)
    client.force_login(panelist)

    response = client.get(MINE)

    assert response.status_code == 200
    page = text(response.content.decode())
    todo, _, past = page.partition("Done")
    assert str(interview.application.candidate) in todo
    assert "Not started" in todo
    assert str(done.application.candidate) in past
    assert "Submitted" in past
    assert str(not_mine.application.candidate) not in page


def test_my_interviews_is_empty_for_staff_who_sit_on_no_panel(client, staff, interview):
    client.force_login(staff)
    page = text(client.get(MINE).content.decode())
    assert str(interview.application.candidate) not in page
    assert "Nothing to do" in page


def test_my_interviews_sends_anonymous_users_to_log_in(client):
    response = client.get(MINE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_my_interviews_rejects_post(client, panelist):
    client.force_login(panelist)
    assert client.post(MINE).status_code == 405


@pytest.mark.parametrize("count", [2, 30])
def test_my_interviews_takes_a_fixed_number_of_queries(
    client, panelist, competencies, count, django_assert_max_num_queries
):
    for i in range(count):
        interview = InterviewFactory(
            panelists=[panelist],
            competencies=competencies,
            scheduled_at=timezone.now() + datetime.timedelta(days=i - count // 2),
        )
        Scorecard.objects.create(interview=interview, panelist=panelist)
    client.force_login(panelist)

    with django_assert_max_num_queries(5):
        response = client.get(MINE)

    assert response.status_code == 200
    assert response.content.decode().count('<article class="card mb-2">') == count
