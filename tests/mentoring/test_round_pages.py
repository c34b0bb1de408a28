"""The staff pages of matching rounds: the list, a new round, a round's page and its progress, and the
actions (run, pin or forbid, lift, approve)."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from leaderdev.models import SchoolYear
from leaderdev.permissions import Role
from mentoring.models import (
    ConstraintKind,
    MatchConstraint,
    MatchRound,
    Mentorship,
    MentorshipStatus,
    RoundStatus,
)
from mentoring.services import matching
from tests.factories.district import PersonFactory, SchoolFactory, SchoolYearFactory
from tests.factories.mentoring import (
    MatchConstraintFactory,
    MatchRoundFactory,
    MenteeProfileFactory,
    MentorFactory,
)

pytestmark = pytest.mark.django_db

ROUNDS = reverse("mentoring:round_list")
NEW_ROUND = reverse("mentoring:round_create")


def url(name, match_round, *args):
    return reverse(f"mentoring:{name}", args=[match_round.pk, *args])


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def staff_client(client, program_staff):
    client.force_login(program_staff)
    return client


@pytest.fixture
def leader_client(client, leader):
    client.force_login(leader)
    return client


@pytest.fixture
def pool(school_year):
    """Two new leaders and two selected mentors with one place each, at four different schools."""
    mentees = [
        PersonFactory(first_name="Ana", last_name="Díaz"),
        PersonFactory(first_name="Ben", last_name="Ode"),
    ]
    mentors = [MentorFactory(school_year=school_year), MentorFactory(school_year=school_year)]
    return mentees, mentors


@pytest.fixture
def computed(school_year, pool):
    """A round of the pool, run (status proposed)."""
    return matching.run_round(MatchRoundFactory(school_year=school_year, name="Fall matching").pk)


def other_year():
    return SchoolYearFactory(
        name="2025-2026",
        start_date=datetime.date(2025, 8, 31),
        end_date=datetime.date(2026, 6, 30),
        is_current=False,
    )


# --- the list ------------------------------------------------------------------------------------------


def test_the_list_shows_this_years_rounds_with_their_results(staff_client, computed):
    MatchRoundFactory(school_year=other_year(), name="Last year's round")

    response = staff_client.get(ROUNDS)

    assert response.status_code == 200
    [row] = response.context["page"]
    assert row == computed
    assert (row.pair_count, row.unmatched_count) == (2, 0)
    html = response.content.decode()
    assert "Fall matching" in html and "Proposed" in html and "Last year&#x27;s round" not in html


def test_the_list_shows_every_year_when_asked(staff_client, computed):
    MatchRoundFactory(school_year=other_year())
    assert len(staff_client.get(ROUNDS, {"school_year": ""}).context["page"]) == 2


def test_the_list_requires_program_staff(leader_client):
    assert leader_client.get(ROUNDS).status_code == 403


def test_the_list_sends_anonymous_users_to_log_in(client):
    response = client.get(ROUNDS)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_list_rejects_post(staff_client):
    assert staff_client.post(ROUNDS).status_code == 405


@pytest.mark.parametrize("count", [2, 20])
def test_the_list_costs_the_same_queries_for_any_number_of_rounds(
    staff_client, school_year, pool, django_assert_max_num_queries, count
):
    for _ in range(count):
        matching.run_round(MatchRoundFactory(school_year=school_year).pk)
    with django_assert_max_num_queries(8):
        response = staff_client.get(ROUNDS)
    assert len(response.context["page"]) == count


# --- a new round ---------------------------------------------------------------------------------------


def new_round_data(school_year, **changes):
    data = {
        "school_year": school_year.pk,
        "name": "Spring re-match",
        "weight_same_level": 7,
        "weight_same_network": 0,
        "weight_strengths": 10,
        "weight_language": 3,
        "weight_distance": 1,
        "weight_preference": 9,
        "max_distance_km": 12,
    }
    data.update(changes)
    return data


def test_the_form_shows_the_six_weights_with_their_help(staff_client, school_year):
    response = staff_client.get(NEW_ROUND)
    html = response.content.decode()
    assert response.status_code == 200
    for label in ("Same school level", "Same network", "Strengths meet needs", "Shared language"):
        assert label in html
    assert "K-8 counts half" in html and "0 ignores it, 10 matters most" in html


def test_it_creates_a_round_with_the_weights(staff_client, program_staff, school_year):
    response = staff_client.post(NEW_ROUND, new_round_data(school_year))

    match_round = MatchRound.objects.get()
    assert response.status_code == 302 and response.url == url("round_detail", match_round)
    assert match_round.weights == {
        "same_level": 7,
        "same_network": 0,
        "strengths": 10,
        "language": 3,
        "distance": 1,
        "preference": 9,
    }
    assert (match_round.max_distance_km, match_round.status) == (12, RoundStatus.DRAFT)
    assert match_round.created_by == program_staff and match_round.school_year == school_year


def test_it_refuses_a_weight_above_ten(staff_client, school_year):
    response = staff_client.post(NEW_ROUND, new_round_data(school_year, weight_language=11))
    assert response.status_code == 200
    assert "weight_language" in response.context["form"].errors
    assert not MatchRound.objects.exists()


def test_creating_requires_program_staff(leader_client, school_year):
    assert leader_client.post(NEW_ROUND, new_round_data(school_year)).status_code == 403
    assert not MatchRound.objects.exists()


def test_creating_sends_anonymous_users_to_log_in(client, school_year):
    assert client.post(NEW_ROUND, new_round_data(school_year)).status_code == 302
    assert not MatchRound.objects.exists()


# --- a round's page -------------------------------------------------------------------------------------


def test_the_page_shows_each_pair_with_its_score_broken_down(staff_client, school_year, framework_v4):
    competencies = list(framework_v4.domains.first().competencies.all()[:2])
    profile = MenteeProfileFactory(
        school_year=school_year, needs=competencies, languages=["es"], person__last_name="Díaz"
    )
    MentorFactory(
        school_year=school_year, strengths=competencies[:1], languages=["es"], person__last_name="Okafor"
    )
    match_round = matching.run_round(MatchRoundFactory(school_year=school_year).pk)

    response = staff_client.get(url("round_detail", match_round))

    assert response.status_code == 200
    [row] = response.context["rows"]
    assert row.proposal.mentee == profile.person
    assert [c.key for c in row.criteria] == [
        "same_level",
        "same_network",
        "strengths",
        "language",
        "distance",
        "preference",
    ]
    language = row.criteria[3]
    assert (language.points, language.weight, language.why) == (4.0, 4, "Both speak Spanish")
    html = response.content.decode()
    assert "Strong in 1 of 2 needs" in html and "Both speak Spanish" in html and "Okafor" in html


def test_the_page_lists_the_unmatched_with_their_reason(staff_client, school_year):
    school = SchoolFactory()
    PersonFactory(school=school, last_name="Alone")
    MentorFactory(school_year=school_year, person__school=school)
    match_round = matching.run_round(MatchRoundFactory(school_year=school_year).pk)

    response = staff_client.get(url("round_detail", match_round))

    [unmatched] = response.context["unmatched"]
    assert unmatched.mentee.last_name == "Alone"
    assert "No eligible mentor" in response.content.decode() and "1 same school" in unmatched.detail


def test_the_page_filters_pairs_by_name_and_score(staff_client, computed, pool):
    mentees, _ = pool
    response = staff_client.get(url("round_detail", computed), {"q": "ana díaz"})
    assert [row.proposal.mentee for row in response.context["rows"]] == [mentees[0]]
    response = staff_client.get(url("round_detail", computed), {"score_below": 0})
    assert response.context["rows"] == []


def test_a_queued_round_shows_its_progress_and_the_poller(staff_client, school_year):
    match_round = MatchRoundFactory(
        school_year=school_year,
        status=RoundStatus.RUNNING,
        progress=35,
        progress_message="Scoring 40 mentees…",
    )
    html = staff_client.get(url("round_detail", match_round)).content.decode()
    assert 'aria-valuenow="35"' in html and "ld-w-35" in html and "Scoring 40 mentees…" in html
    assert "mentoring/round_progress.js" in html
    assert f'data-round-progress="{url("round_progress", match_round)}"' in html
    assert ">Refresh</a>" in html


def test_a_computed_round_has_no_poller(staff_client, computed):
    html = staff_client.get(url("round_detail", computed)).content.decode()
    assert "round_progress.js" not in html and "<script>" not in html


def test_the_page_says_when_pins_changed_since_the_run(staff_client, computed, pool):
    mentees, mentors = pool
    matching.set_constraint(computed, mentees[0], mentors[0], ConstraintKind.FORBID)
    response = staff_client.get(url("round_detail", computed))
    assert response.context["constraints_changed"]
    assert "Re-run the round" in response.content.decode()


def test_the_page_answers_404_for_a_round_that_does_not_exist(staff_client):
    assert staff_client.get(reverse("mentoring:round_detail", args=[999999])).status_code == 404


def test_the_page_requires_program_staff(leader_client, computed):
    assert leader_client.get(url("round_detail", computed)).status_code == 403


def test_the_page_sends_anonymous_users_to_log_in(client, computed):
    assert client.get(url("round_detail", computed)).status_code == 302


def test_the_page_rejects_post(staff_client, computed):
    assert staff_client.post(url("round_detail", computed)).status_code == 405


@pytest.mark.parametrize("mentees", [3, 60])
def test_the_page_costs_the_same_queries_for_any_number_of_pairs(
    staff_client, school_year, django_assert_max_num_queries, mentees
):
    school = SchoolFactory()
    people = [PersonFactory() for _ in range(mentees)]
    PersonFactory(school=school)  # unmatched: no eligible mentor
    mentors = [
        MentorFactory(school_year=school_year, capacity=3, person__school=school) for _ in range(mentees // 3)
    ]
    match_round = MatchRoundFactory(school_year=school_year)
    matching.set_constraint(match_round, people[0], mentors[0], ConstraintKind.PIN)
    matching.set_constraint(match_round, people[1], mentors[0], ConstraintKind.FORBID)
    matching.run_round(match_round.pk)

    with django_assert_max_num_queries(10):
        response = staff_client.get(url("round_detail", match_round))

    assert len(response.context["rows"]) == min(mentees - 1, 25)  # one pair is forbidden
    assert response.context["unmatched"].paginator.count >= 1


# --- progress -------------------------------------------------------------------------------------------


def test_progress_answers_json(staff_client, school_year):
    match_round = MatchRoundFactory(
        school_year=school_year, status=RoundStatus.QUEUED, progress=5, progress_message="Loading…"
    )
    response = staff_client.get(url("round_progress", match_round))
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    assert response.json() == {
        "status": "queued",
        "status_label": "Queued",
        "progress": 5,
        "message": "Loading…",
        "active": True,
    }


def test_progress_says_when_the_round_is_done(staff_client, computed):
    state = staff_client.get(url("round_progress", computed)).json()
    assert (state["status"], state["progress"], state["active"]) == ("proposed", 100, False)


def test_progress_requires_program_staff(leader_client, computed):
    assert leader_client.get(url("round_progress", computed)).status_code == 403


def test_progress_rejects_post(staff_client, computed):
    assert staff_client.post(url("round_progress", computed)).status_code == 405


def test_progress_answers_404_for_a_round_that_does_not_exist(staff_client):
    assert staff_client.get(reverse("mentoring:round_progress", args=[999999])).status_code == 404


# --- run ------------------------------------------------------------------------------------------------


def test_running_computes_the_round_once_the_request_commits(
    staff_client, school_year, pool, django_capture_on_commit_callbacks
):
    match_round = MatchRoundFactory(school_year=school_year)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = staff_client.post(url("round_run", match_round))

    assert len(callbacks) == 1
    assert response.status_code == 302 and response.url == url("round_detail", match_round)
    match_round.refresh_from_db()
    assert (match_round.status, match_round.progress) == (RoundStatus.PROPOSED, 100)
    assert match_round.proposals.count() == 2


def test_running_queues_the_round_before_the_commit(staff_client, school_year, pool):
    match_round = MatchRoundFactory(school_year=school_year)
    response = staff_client.post(url("round_run", match_round))
    match_round.refresh_from_db()
    assert match_round.status == RoundStatus.QUEUED
    assert texts(response) == ["Round queued: this page shows its progress and refreshes when it is done."]


def test_running_an_approved_round_is_refused(staff_client, computed, program_staff):
    matching.approve_round(computed, user=program_staff)
    response = staff_client.post(url("round_run", computed))
    computed.refresh_from_db()
    assert computed.status == RoundStatus.APPROVED
    assert texts(response) == ["This round is approved or already running."]


def test_running_requires_program_staff(leader_client, school_year):
    match_round = MatchRoundFactory(school_year=school_year)
    assert leader_client.post(url("round_run", match_round)).status_code == 403
    match_round.refresh_from_db()
    assert match_round.status == RoundStatus.DRAFT


def test_running_rejects_get(staff_client, computed):
    assert staff_client.get(url("round_run", computed)).status_code == 405


# --- pin, forbid, lift ----------------------------------------------------------------------------------


def test_the_pair_form_starts_from_the_chosen_mentee(staff_client, computed, pool):
    mentees, _ = pool
    response = staff_client.get(url("round_pair", computed), {"mentee": mentees[1].pk})
    assert response.status_code == 200
    assert response.context["form"]["mentee"].value() == str(mentees[1].pk)


def test_it_pins_a_pair(staff_client, computed, pool, program_staff):
    mentees, mentors = pool
    response = staff_client.post(
        url("round_pair", computed), {"mentee": mentees[0].pk, "mentor": mentors[1].pk, "kind": "pin"}
    )
    assert response.status_code == 302 and response.url == url("round_detail", computed)
    constraint = MatchConstraint.objects.get()
    assert (constraint.mentee, constraint.mentor, constraint.kind) == (
        mentees[0],
        mentors[1],
        ConstraintKind.PIN,
    )
    assert constraint.created_by == program_staff


def test_a_table_button_forbids_a_pair_and_keeps_the_filters(staff_client, computed, pool):
    mentees, mentors = pool
    response = staff_client.post(
        url("round_pair", computed) + "?q=ana&page=1",
        {"mentee": mentees[0].pk, "mentor": mentors[0].pk, "kind": "forbid", "from": "table"},
    )
    assert response.url == url("round_detail", computed) + "?q=ana&page=1"
    assert MatchConstraint.objects.get().kind == ConstraintKind.FORBID


def test_a_pin_that_breaks_a_hard_rule_is_refused_with_a_message(staff_client, school_year):
    school = SchoolFactory()
    mentee = PersonFactory(school=school)
    mentor = MentorFactory(school_year=school_year, person__school=school)
    match_round = MatchRoundFactory(school_year=school_year)
    response = staff_client.post(
        url("round_pair", match_round), {"mentee": mentee.pk, "mentor": mentor.pk, "kind": "pin"}
    )
    assert not MatchConstraint.objects.exists()
    assert "they work at the same school" in texts(response)[0]


def test_a_mentor_of_another_year_cannot_be_chosen(staff_client, computed, pool):
    mentees, _ = pool
    stranger = MentorFactory(school_year=other_year())
    response = staff_client.post(
        url("round_pair", computed), {"mentee": mentees[0].pk, "mentor": stranger.pk, "kind": "pin"}
    )
    assert response.status_code == 200 and "mentor" in response.context["form"].errors
    assert not MatchConstraint.objects.exists()


def test_pinning_requires_program_staff(leader_client, computed, pool):
    mentees, mentors = pool
    response = leader_client.post(
        url("round_pair", computed), {"mentee": mentees[0].pk, "mentor": mentors[0].pk, "kind": "pin"}
    )
    assert response.status_code == 403 and not MatchConstraint.objects.exists()


def test_it_lifts_a_constraint(staff_client, computed, pool):
    mentees, mentors = pool
    constraint = matching.set_constraint(computed, mentees[0], mentors[0], ConstraintKind.FORBID)
    response = staff_client.post(url("round_lift", computed, constraint.pk))
    assert response.status_code == 302
    assert not MatchConstraint.objects.exists()
    assert texts(response)[0].startswith("Lifted the forbid of")


def test_lifting_another_rounds_constraint_answers_404(staff_client, computed, school_year):
    other = MatchConstraintFactory(round=MatchRoundFactory(school_year=school_year))
    assert staff_client.post(url("round_lift", computed, other.pk)).status_code == 404
    assert MatchConstraint.objects.filter(pk=other.pk).exists()


def test_lifting_rejects_get(staff_client, computed, pool):
    mentees, mentors = pool
    constraint = matching.set_constraint(computed, mentees[0], mentors[0], ConstraintKind.FORBID)
    assert staff_client.get(url("round_lift", computed, constraint.pk)).status_code == 405


def test_lifting_requires_program_staff(leader_client, computed, pool):
    mentees, mentors = pool
    constraint = matching.set_constraint(computed, mentees[0], mentors[0], ConstraintKind.FORBID)
    assert leader_client.post(url("round_lift", computed, constraint.pk)).status_code == 403
    assert MatchConstraint.objects.filter(pk=constraint.pk).exists()


# --- approve --------------------------------------------------------------------------------------------


def test_approving_makes_the_pairs_active_mentorships(staff_client, computed, program_staff):
    response = staff_client.post(url("round_approve", computed))
    assert response.status_code == 302
    computed.refresh_from_db()
    assert (computed.status, computed.approved_by) == (RoundStatus.APPROVED, program_staff)
    assert Mentorship.objects.filter(match_round=computed, status=MentorshipStatus.ACTIVE).count() == 2
    assert texts(response)[0].startswith("Approved: 2 mentorships")


def test_approving_a_round_that_has_not_run_shows_why_not(staff_client, school_year):
    match_round = MatchRoundFactory(school_year=school_year)
    response = staff_client.post(url("round_approve", match_round))
    assert texts(response) == ["Only a round with proposals can be approved; run it first."]
    assert not Mentorship.objects.exists()


def test_approving_requires_program_staff(leader_client, computed):
    assert leader_client.post(url("round_approve", computed)).status_code == 403
    computed.refresh_from_db()
    assert computed.status == RoundStatus.PROPOSED and not Mentorship.objects.exists()


def test_approving_rejects_get(staff_client, computed):
    assert staff_client.get(url("round_approve", computed)).status_code == 405


def test_a_mentor_cannot_reach_the_rounds(client, make_user, computed):
    client.force_login(make_user(Role.MENTOR))
    assert client.get(url("round_detail", computed)).status_code == 403


def test_the_current_year_is_the_default_for_a_new_round(staff_client, school_year):
    other_year()
    form = staff_client.get(NEW_ROUND).context["form"]
    assert form["school_year"].value() == school_year.pk
    assert SchoolYear.objects.count() == 2
