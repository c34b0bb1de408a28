"""The mentoring admin: cheap changelists for program staff, and workflows through the services."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from competencies.models import Competency
from leaderdev.models import Position
from leaderdev.permissions import Role
from mentoring.models import (
    CoachAssignment,
    LogEntry,
    MatchRound,
    Mentor,
    Mentorship,
    MentorshipStatus,
    MentorStatus,
    MentorStatusChange,
    RoundStatus,
)
from mentoring.services.matching import run_round
from tests.factories import PersonFactory
from tests.factories.mentoring import (
    CoachAssignmentFactory,
    CoachFactory,
    ConflictFactory,
    LogEntryFactory,
    MatchConstraintFactory,
    MatchRoundFactory,
    MenteeFeedbackFactory,
    MenteeProfileFactory,
    MentorFactory,
    MentorPreferenceFactory,
    MentorshipFactory,
    VeteranFactory,
)

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "mentor",
    "mentorstatuschange",
    "menteeprofile",
    "mentorpreference",
    "conflict",
    "matchround",
    "matchconstraint",
    "matchproposal",
    "unmatchedmentee",
    "mentorship",
    "partnerorganization",
    "coach",
    "coachassignment",
    "logentry",
    "menteefeedback",
]


def changelist(model):
    return reverse(f"admin:mentoring_{model}_changelist")


def change(model, pk):
    return reverse(f"admin:mentoring_{model}_change", args=[pk])


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def staff_client(client, program_staff):
    client.force_login(program_staff)
    return client


def grow(school_year, count):
    """`count` of everything the changelists show, each with its relations, and a round with results."""
    competencies = list(Competency.objects.all()[:2])
    for _ in range(count):
        mentor = MentorFactory(school_year=school_year, capacity=2, strengths=competencies)
        MentorStatusChange.objects.create(mentor=mentor, to_status=MentorStatus.SELECTED)
        profile = MenteeProfileFactory(school_year=school_year, needs=competencies)
        MentorPreferenceFactory(profile=profile, mentor=mentor)
        ConflictFactory()
        mentorship = MentorshipFactory(school_year=school_year, mentor=mentor)
        LogEntryFactory(mentorship=mentorship)
        MenteeFeedbackFactory(mentorship=mentorship)
        assignment = CoachAssignmentFactory(school_year=school_year)
        LogEntryFactory(mentorship=None, coaching=assignment)
        match_round = MatchRoundFactory(school_year=school_year)
        MatchConstraintFactory(round=match_round, mentor=mentor)
        PersonFactory()  # a mentee without a mentor, so the round proposes and leaves someone unmatched
        run_round(match_round.pk)


# --- Changelists ---------------------------------------------------------------------------------------


def test_changelist_query_counts_do_not_grow(staff_client, school_year, django_assert_max_num_queries):
    """Every changelist at 2 and 12 rows of everything (one set-up for all: growing data is slow)."""
    grow(school_year, 2)
    for model in CHANGELISTS:
        with django_assert_max_num_queries(14, info=model):
            assert staff_client.get(changelist(model)).status_code == 200, model
    grow(school_year, 10)
    for model in CHANGELISTS:
        with django_assert_max_num_queries(14, info=model):
            response = staff_client.get(changelist(model))
        assert response.status_code == 200, model
        assert response.context["cl"].result_count >= 10, model


@pytest.mark.parametrize("model", CHANGELISTS)
def test_changelists_search(staff_client, school_year, model):
    grow(school_year, 1)
    assert staff_client.get(changelist(model), {"q": "a"}).status_code == 200


@pytest.mark.parametrize("model", ["mentor", "mentorship", "coachassignment", "matchround", "menteeprofile"])
def test_change_pages_open(staff_client, school_year, model):
    grow(school_year, 1)
    obj = {
        "mentor": Mentor,
        "mentorship": Mentorship,
        "coachassignment": CoachAssignment,
        "matchround": MatchRound,
        "menteeprofile": MenteeProfileFactory._meta.model,
    }[model].objects.first()
    assert staff_client.get(change(model, obj.pk)).status_code == 200


@pytest.mark.parametrize("role", [Role.LEADER, Role.MENTOR, Role.COACH])
def test_leaders_mentors_and_coaches_are_kept_out(client, make_user, role):
    client.force_login(make_user(role))
    for model in ("mentor", "mentorship", "logentry"):
        response = client.get(changelist(model))
        assert response.status_code == 302
        assert "/admin/login/" in response.url


def test_staff_of_another_role_cannot_open_mentoring(client, make_user):
    client.force_login(make_user(Role.RECRUITMENT_STAFF, is_staff=True))
    assert client.get(changelist("mentor")).status_code == 403


# --- The pool ------------------------------------------------------------------------------------------


def mentor_post(person, school_year, **changes):
    return {
        "person": person.pk,
        "school_year": school_year.pk,
        "source": "nominated",
        "nominated_by": "Network superintendent",
        "capacity": 2,
        "availability": "",
        "languages": ["es"],
        "notes": "",
        "status_changes-TOTAL_FORMS": 0,
        "status_changes-INITIAL_FORMS": 0,
        "status_changes-MIN_NUM_FORMS": 0,
        "status_changes-MAX_NUM_FORMS": 1000,
    } | changes


def test_a_mentor_added_in_the_admin_joins_with_history(staff_client, program_staff, school_year):
    person = VeteranFactory()
    strength = Competency.objects.first()
    data = mentor_post(person, school_year, strengths=[strength.pk], status="selected")
    response = staff_client.post(reverse("admin:mentoring_mentor_add"), data)
    assert response.status_code == 302
    mentor = Mentor.objects.get(person=person)
    assert mentor.status == MentorStatus.NOMINATED  # a posted status is ignored: it is read-only
    assert list(mentor.strengths.all()) == [strength]
    assert mentor.languages == ["es"]
    change_row = MentorStatusChange.objects.get(mentor=mentor)
    assert (change_row.to_status, change_row.changed_by) == (MentorStatus.NOMINATED, program_staff)


def test_the_admin_refuses_a_mentor_who_left(staff_client, school_year):
    person = VeteranFactory(is_active=False)
    response = staff_client.post(reverse("admin:mentoring_mentor_add"), mentor_post(person, school_year))
    assert response.status_code == 200
    assert "left the district" in response.content.decode()
    assert not Mentor.objects.exists()


def test_the_status_cannot_be_typed_in_the_change_form(staff_client, school_year):
    mentor = MentorFactory(school_year=school_year, status=MentorStatus.SCREENING)
    data = mentor_post(mentor.person, school_year, status="selected", capacity=3)
    assert staff_client.post(change("mentor", mentor.pk), data).status_code == 302
    mentor.refresh_from_db()
    assert (mentor.status, mentor.capacity) == (MentorStatus.SCREENING, 3)


def test_the_capacity_cannot_drop_below_the_mentees_taken(staff_client, school_year):
    mentor = MentorFactory(school_year=school_year, capacity=2)
    MentorshipFactory(school_year=school_year, mentor=mentor)
    MentorshipFactory(school_year=school_year, mentor=mentor)
    response = staff_client.post(
        change("mentor", mentor.pk), mentor_post(mentor.person, school_year, capacity=1)
    )
    assert response.status_code == 200
    assert "cannot be lower than 2" in response.content.decode()
    mentor.refresh_from_db()
    assert mentor.capacity == 2


def test_the_move_action_moves_through_the_service(staff_client, program_staff, school_year):
    screening = MentorFactory(school_year=school_year, status=MentorStatus.SCREENING)
    nominated = MentorFactory(school_year=school_year, status=MentorStatus.NOMINATED)
    response = staff_client.post(
        changelist("mentor"),
        {"action": "move_to_selected", "_selected_action": [screening.pk, nominated.pk]},
    )
    screening.refresh_from_db()
    nominated.refresh_from_db()
    assert (screening.status, nominated.status) == (MentorStatus.SELECTED, MentorStatus.NOMINATED)
    assert MentorStatusChange.objects.get(mentor=screening).changed_by == program_staff
    messages = texts(response)
    assert any(m.startswith("Moved to selected") for m in messages)
    assert any("not to “selected”" in m for m in messages)


# --- Mentorships and coaching ----------------------------------------------------------------------------


def test_mentorships_are_not_added_in_the_admin(staff_client):
    assert staff_client.get(reverse("admin:mentoring_mentorship_add")).status_code == 403


def test_the_end_action_ends_mentorships(staff_client, school_year):
    mentorship = MentorshipFactory(school_year=school_year, started_on=datetime.date(2026, 9, 1))
    staff_client.post(
        changelist("mentorship"), {"action": "end_mentorships", "_selected_action": [mentorship.pk]}
    )
    mentorship.refresh_from_db()
    assert mentorship.status == MentorshipStatus.ENDED
    assert mentorship.end_reason == "Ended in the admin"


def test_a_log_entry_added_inline_is_stamped_with_its_author(staff_client, program_staff, school_year):
    mentorship = MentorshipFactory(school_year=school_year)
    data = {
        "end_reason": "",
        "log_entries-TOTAL_FORMS": 1,
        "log_entries-INITIAL_FORMS": 0,
        "log_entries-MIN_NUM_FORMS": 0,
        "log_entries-MAX_NUM_FORMS": 1000,
        "log_entries-0-date": "2026-10-14",
        "log_entries-0-kind": "meeting",
        "log_entries-0-duration_minutes": 45,
        "log_entries-0-notes": "Planned the first ILT meeting.",
        "log_entries-0-next_steps": "",
        "log_entries-0-private_notes": "",
        "feedback-TOTAL_FORMS": 0,
        "feedback-INITIAL_FORMS": 0,
        "feedback-MIN_NUM_FORMS": 0,
        "feedback-MAX_NUM_FORMS": 1,
    }
    response = staff_client.post(change("mentorship", mentorship.pk), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    entry = LogEntry.objects.get(mentorship=mentorship)
    assert (entry.logged_by, entry.date) == (program_staff, datetime.date(2026, 10, 14))


def coaching_post(coach, leader, school_year):
    return {"coach": coach.pk, "leader": leader.pk, "school_year": school_year.pk, "started_on": "2026-09-14"}


def test_a_coaching_assignment_added_in_the_admin_goes_through_the_rules(staff_client, school_year):
    coach, leader = CoachFactory(), PersonFactory()
    response = staff_client.post(
        reverse("admin:mentoring_coachassignment_add"), coaching_post(coach, leader, school_year)
    )
    assert response.status_code == 302
    assert CoachAssignment.objects.get(leader=leader).coach == coach


def test_the_admin_refuses_a_second_coach(staff_client, school_year):
    current = CoachAssignmentFactory(school_year=school_year)
    response = staff_client.post(
        reverse("admin:mentoring_coachassignment_add"),
        coaching_post(CoachFactory(), current.leader, school_year),
    )
    assert response.status_code == 200
    assert "already has a coach" in response.content.decode()
    assert CoachAssignment.objects.filter(leader=current.leader).count() == 1


def test_the_admin_refuses_a_teacher(staff_client, school_year):
    teacher = PersonFactory(position=Position.TEACHER_LEADER)
    response = staff_client.post(
        reverse("admin:mentoring_coachassignment_add"), coaching_post(CoachFactory(), teacher, school_year)
    )
    assert "not a school leader" in response.content.decode()
    assert not CoachAssignment.objects.exists()


def test_the_end_action_ends_coaching(staff_client, school_year):
    assignment = CoachAssignmentFactory(school_year=school_year, started_on=datetime.date(2026, 9, 1))
    staff_client.post(
        changelist("coachassignment"), {"action": "end_assignments", "_selected_action": [assignment.pk]}
    )
    assignment.refresh_from_db()
    assert assignment.status == MentorshipStatus.ENDED


# --- Matching rounds ------------------------------------------------------------------------------------


def test_the_approve_action_turns_proposals_into_mentorships(staff_client, program_staff, school_year):
    mentor = MentorFactory(school_year=school_year)
    mentee = PersonFactory()
    match_round = MatchRoundFactory(school_year=school_year)
    run_round(match_round.pk)
    response = staff_client.post(
        changelist("matchround"), {"action": "approve_rounds", "_selected_action": [match_round.pk]}
    )
    match_round.refresh_from_db()
    assert (match_round.status, match_round.approved_by) == (RoundStatus.APPROVED, program_staff)
    assert Mentorship.objects.get(mentee=mentee).mentor == mentor
    assert any(m.startswith("Approved") for m in texts(response))


def test_approving_a_draft_round_is_refused_with_the_reason(staff_client, school_year):
    match_round = MatchRoundFactory(school_year=school_year)
    response = staff_client.post(
        changelist("matchround"), {"action": "approve_rounds", "_selected_action": [match_round.pk]}
    )
    match_round.refresh_from_db()
    assert match_round.status == RoundStatus.DRAFT
    assert any("run it first" in m for m in texts(response))


def test_a_round_added_in_the_admin_records_who_made_it(staff_client, program_staff, school_year):
    data = {
        "school_year": school_year.pk,
        "name": "Fall round",
        "weight_same_level": 5,
        "weight_same_network": 2,
        "weight_strengths": 8,
        "weight_language": 4,
        "weight_distance": 2,
        "weight_preference": 6,
        "max_distance_km": "",
    }
    for prefix in ("constraints", "proposals", "unmatched"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    response = staff_client.post(reverse("admin:mentoring_matchround_add"), data)
    assert response.status_code == 302
    assert MatchRound.objects.get(name="Fall round").created_by == program_staff


def test_a_round_page_shows_its_first_proposals_and_saves(staff_client, school_year, monkeypatch):
    from mentoring import admin as mentoring_admin

    monkeypatch.setattr(mentoring_admin, "INLINE_LIMIT", 2)
    mentors = [MentorFactory(school_year=school_year, capacity=2) for _ in range(2)]
    for _ in range(3):
        PersonFactory()
    match_round = MatchRoundFactory(school_year=school_year)
    run_round(match_round.pk)
    assert match_round.proposals.count() == 3 and mentors

    response = staff_client.get(change("matchround", match_round.pk))
    formsets = {f.formset.prefix: f.formset for f in response.context["inline_admin_formsets"]}
    assert len(formsets["proposals"].forms) == 2
    data = {"school_year": school_year.pk, "name": "Renamed round", "max_distance_km": ""}
    data |= {f"weight_{key}": value for key, value in match_round.weights.items()}
    for prefix, formset in formsets.items():
        data |= {f"{prefix}-{key}": value for key, value in formset.management_form.initial.items()}
        for index, form in enumerate(formset.forms):
            data |= {f"{prefix}-{index}-id": form.instance.pk, f"{prefix}-{index}-round": match_round.pk}
    response = staff_client.post(change("matchround", match_round.pk), data)
    assert response.status_code == 302
    match_round.refresh_from_db()
    assert match_round.name == "Renamed round"
    assert match_round.proposals.count() == 3
