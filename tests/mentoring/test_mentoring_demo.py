"""seed_demo's mentoring data: a pool with history, a real approved round, coaching, logs; idempotent."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from leaderdev.demo import DEMO_PASSWORD, SCHOOL_LATITUDES, SCHOOL_LONGITUDES
from leaderdev.models import Person, School, SchoolYear
from leaderdev.permissions import visible_to
from mentoring.models import (
    Coach,
    CoachAssignment,
    Conflict,
    LogEntry,
    MatchProposal,
    MatchRound,
    MenteeProfile,
    Mentor,
    MentorPreference,
    Mentorship,
    MentorshipStatus,
    MentorStatus,
    MentorStatusChange,
    PartnerOrganization,
    RoundStatus,
    UnmatchedMentee,
)
from mentoring.queries import health, pool
from tests.login import log_in_with_the_form

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 11, 25)
MODELS = (
    Mentor,
    MentorStatusChange,
    MenteeProfile,
    MentorPreference,
    Conflict,
    MatchRound,
    MatchProposal,
    UnmatchedMentee,
    Mentorship,
    PartnerOrganization,
    Coach,
    CoachAssignment,
    LogEntry,
)


def seed_demo(**options) -> str:
    out = StringIO()
    call_command("seed_demo", allow_production=True, stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def person_of(email) -> Person:
    return Person.objects.get(user__email=email)


@pytest.fixture
def seeded(db):
    return seed_demo()


@pytest.fixture
def year(seeded):
    return SchoolYear.objects.current()


# --- Idempotent, and at every scale --------------------------------------------------------------------


def test_seeding_twice_changes_nothing(seeded):
    before = counts()
    stamps = {
        model: dict(model.objects.values_list("pk", "updated_at"))
        for model in (Mentor, MenteeProfile, Mentorship, CoachAssignment, LogEntry, MatchRound)
    }
    schools = dict(School.objects.values_list("code", "latitude"))

    output = seed_demo()

    assert counts() == before
    for model, stamp in stamps.items():
        assert dict(model.objects.values_list("pk", "updated_at")) == stamp, model
    assert dict(School.objects.values_list("code", "latitude")) == schools
    assert re.search(r"^\s*mentorships\s+0 created", output, re.MULTILINE), output


def test_it_fills_a_district_and_a_larger_scale_only_adds(seeded):
    small = counts()
    seed_demo(scale="district")
    district = counts()
    assert all(district[name] >= small[name] for name in small)
    year = SchoolYear.objects.current()
    assert Mentorship.objects.filter(school_year=year).count() > 60
    assert pool.coverage_summary(year)["uncovered"] >= 1  # some new heads still wait for a coach
    before = counts()
    seed_demo(scale="district")
    assert counts() == before


def test_the_same_seed_makes_the_same_pool_and_pairs(db):
    def digest():
        mentors = Mentor.objects.values_list("person__employee_id", "status", "capacity", "languages")
        pairs = Mentorship.objects.values_list(
            "mentor__person__employee_id", "mentee__employee_id", "started_on"
        )
        logs = LogEntry.objects.values_list(
            "mentorship__mentee__employee_id", "coaching__leader__employee_id", "date"
        )
        return sorted(mentors), sorted(pairs), sorted(logs, key=str)

    seed_demo(seed=5)
    first = digest()
    for model in (Mentorship, CoachAssignment, MatchRound, MenteeProfile, Mentor, Conflict, Coach):
        model.objects.all().delete()
    seed_demo(seed=5)
    assert digest() == first


# --- Schools, the pool and mentees ----------------------------------------------------------------------


def test_every_school_stands_around_boston(seeded):
    for latitude, longitude in School.objects.values_list("latitude", "longitude"):
        assert SCHOOL_LATITUDES[0] <= latitude <= SCHOOL_LATITUDES[1]
        assert SCHOOL_LONGITUDES[0] <= longitude <= SCHOOL_LONGITUDES[1]


def test_an_older_demo_database_gets_coordinates(seeded):
    before = dict(School.objects.values_list("code", "latitude"))
    School.objects.update(latitude=None, longitude=None)
    seed_demo()
    assert dict(School.objects.values_list("code", "latitude")) == before


def test_the_pool_has_a_status_mix_with_history(year):
    statuses = set(Mentor.objects.filter(school_year=year).values_list("status", flat=True))
    assert MentorStatus.SELECTED in statuses and len(statuses) >= 2
    for mentor in Mentor.objects.filter(school_year=year).prefetch_related("status_changes"):
        history = sorted(mentor.status_changes.all(), key=lambda change: change.changed_at)
        assert history[0].from_status == "", mentor
        assert history[-1].to_status == mentor.status, mentor
        assert 1 <= mentor.capacity <= 3
        assert mentor.strengths.exists()
        assert "en" in mentor.languages
        assert mentor.person.year_in_role(year) >= 3


def test_most_new_leaders_have_a_profile_with_needs(year):
    new_leaders = Person.objects.new_leaders(year).count()
    profiles = MenteeProfile.objects.filter(school_year=year)
    assert profiles.count() >= new_leaders * 0.6
    assert all(profile.needs.exists() for profile in profiles)
    assert Conflict.objects.exists()


# --- Matching, mentorships and the demo logins ----------------------------------------------------------


def test_one_approved_round_made_the_mentorships_with_real_scores(year):
    match_round = MatchRound.objects.get(school_year=year)
    assert match_round.status == RoundStatus.APPROVED
    assert match_round.total_score > 0
    proposal = match_round.proposals.first()
    assert set(proposal.breakdown) == {
        "same_level",
        "same_network",
        "strengths",
        "language",
        "distance",
        "preference",
    }
    pairs = set(Mentorship.objects.filter(match_round=match_round).values_list("mentor_id", "mentee_id"))
    assert pairs == set(match_round.proposals.values_list("mentor_id", "mentee_id"))
    for mentorship in Mentorship.objects.filter(school_year=year).select_related("mentee"):
        assert mentorship.started_on >= mentorship.mentee.role_start_date
        assert mentorship.started_on <= AS_OF


def test_mentor_mentors_the_leader_by_a_pin(year):
    mentor = Mentor.objects.get(person=person_of("mentor@leaderdev.example"), school_year=year)
    leader = person_of("leader@leaderdev.example")
    assert mentor.status == MentorStatus.SELECTED
    mentees = set(
        mentor.mentorships.filter(status=MentorshipStatus.ACTIVE).values_list("mentee_id", flat=True)
    )
    assert leader.pk in mentees and 1 <= len(mentees) <= 2
    assert MatchProposal.objects.get(mentee=leader).pinned


def test_mentor_sees_their_mentees(year, client):
    assert log_in_with_the_form(client, "mentor@leaderdev.example", DEMO_PASSWORD)
    leader = person_of("leader@leaderdev.example")
    user = person_of("mentor@leaderdev.example").user
    assert visible_to(user, Person.objects.filter(pk=leader.pk)).exists()
    response = client.get(reverse("mentoring:my_people"), HTTP_HOST="localhost")
    assert response.status_code == 200
    assert leader.full_name in response.content.decode()


def test_coach_login_is_a_partner_coach_of_the_leader(year):
    coach = Coach.objects.get(email="coach@leaderdev.example")
    assert coach.user.email == "coach@leaderdev.example"
    assert CoachAssignment.objects.filter(
        coach=coach, leader=person_of("leader@leaderdev.example"), status=MentorshipStatus.ACTIVE
    ).exists()
    assert PartnerOrganization.objects.count() >= 2


# --- Logs ------------------------------------------------------------------------------------------------


def test_logs_run_from_each_start_to_the_demos_today(year):
    entries = LogEntry.objects.select_related("mentorship", "coaching")
    assert entries.exists()
    for entry in entries:
        assert entry.relationship.started_on <= entry.date < AS_OF
        assert entry.date.weekday() < 5
    assert entries.exclude(private_notes="").exists()
    assert entries.filter(coaching__isnull=False).exists()


def test_some_pairs_went_quiet(year):
    summary = health.summary(health.mentorship_health(year), year, AS_OF, 4, with_feedback=True)
    assert summary.stale >= 1
    assert summary.contacted > summary.stale  # most pairs keep meeting
