"""Running and approving a round against the database: who is in the pool, saved proposals, approval."""

import pytest

from leaderdev.errors import DomainError
from leaderdev.models import Position
from mentoring import matching as engine
from mentoring.models import ConstraintKind, MentorshipStatus, MentorStatus, RoundStatus, UnmatchedReason
from mentoring.services import matching
from tests.factories.district import PersonFactory, SchoolFactory
from tests.factories.mentoring import (
    ConflictFactory,
    MatchRoundFactory,
    MenteeProfileFactory,
    MentorFactory,
    MentorPreferenceFactory,
    MentorshipFactory,
)

pytestmark = pytest.mark.django_db


def test_it_matches_new_leaders_with_selected_mentors(school_year):
    mentee = PersonFactory()
    mentor = MentorFactory(school_year=school_year)
    MentorFactory(school_year=school_year, status=MentorStatus.SCREENING)  # not in the pool
    PersonFactory(role_start_date=mentor.person.role_start_date)  # a veteran: not a mentee

    result = matching.run_round(MatchRoundFactory(school_year=school_year).pk)

    assert result.status == RoundStatus.PROPOSED
    assert [(p.mentee_id, p.mentor_id) for p in result.proposals.all()] == [(mentee.pk, mentor.pk)]
    assert result.progress == 100


def test_it_saves_a_breakdown_that_adds_up_to_the_score(school_year, framework_v4):
    competencies = list(framework_v4.domains.first().competencies.all()[:2])
    profile = MenteeProfileFactory(school_year=school_year, needs=competencies, languages=["es"])
    mentor = MentorFactory(school_year=school_year, strengths=competencies[:1], languages=["es", "en"])
    MentorPreferenceFactory(profile=profile, mentor=mentor, rank=1)

    match_round = matching.run_round(MatchRoundFactory(school_year=school_year).pk)

    proposal = match_round.proposals.get()
    assert sum(part["points"] for part in proposal.breakdown.values()) == pytest.approx(
        proposal.score, abs=0.05
    )
    assert proposal.breakdown["strengths"]["why"].startswith("Strong in 1 of 2 needs")
    assert proposal.breakdown["language"]["why"] == "Both speak Spanish"
    assert proposal.breakdown["preference"]["why"] == "Mentee's choice #1"
    assert proposal.breakdown["language"]["points"] == match_round.weight_language


def test_it_never_pairs_people_of_the_same_school_and_says_why(school_year):
    school = SchoolFactory()
    mentee = PersonFactory(school=school)
    MentorFactory(school_year=school_year, person__school=school)

    match_round = matching.run_round(MatchRoundFactory(school_year=school_year).pk)

    assert not match_round.proposals.exists()
    unmatched = match_round.unmatched.get()
    assert unmatched.mentee_id == mentee.pk
    assert unmatched.reason == UnmatchedReason.NO_ELIGIBLE_MENTOR
    assert "1 same school" in unmatched.detail


def test_it_respects_recorded_conflicts_and_forbidden_pairs(school_year):
    mentee = PersonFactory()
    in_conflict = MentorFactory(school_year=school_year)
    forbidden = MentorFactory(school_year=school_year)
    allowed = MentorFactory(school_year=school_year)
    ConflictFactory(mentee=mentee, mentor=in_conflict.person)
    match_round = MatchRoundFactory(school_year=school_year)
    matching.set_constraint(match_round, mentee, forbidden, ConstraintKind.FORBID)

    matching.run_round(match_round.pk)

    assert match_round.proposals.get().mentor_id == allowed.pk


def test_a_pin_is_kept(school_year):
    mentee = PersonFactory()
    MentorFactory(school_year=school_year)
    pinned = MentorFactory(school_year=school_year)
    match_round = MatchRoundFactory(school_year=school_year)
    matching.set_constraint(match_round, mentee, pinned, ConstraintKind.PIN)

    matching.run_round(match_round.pk)

    proposal = match_round.proposals.get()
    assert (proposal.mentor_id, proposal.pinned) == (pinned.pk, True)


def test_a_pin_that_breaks_a_hard_rule_is_refused(school_year):
    school = SchoolFactory()
    mentee = PersonFactory(school=school)
    mentor = MentorFactory(school_year=school_year, person__school=school)

    with pytest.raises(DomainError, match="same school"):
        matching.set_constraint(
            MatchRoundFactory(school_year=school_year), mentee, mentor, ConstraintKind.PIN
        )


def test_active_mentorships_use_places_and_take_mentees_out_of_the_pool(school_year):
    mentor = MentorFactory(school_year=school_year, capacity=2)
    MentorshipFactory(school_year=school_year, mentor=mentor)
    newcomers = [PersonFactory(), PersonFactory()]

    match_round = matching.run_round(MatchRoundFactory(school_year=school_year).pk)

    assert match_round.proposals.count() == 1
    unmatched = match_round.unmatched.get()
    assert unmatched.mentee_id in {p.pk for p in newcomers}
    assert unmatched.reason == UnmatchedReason.CAPACITY


def test_approving_makes_active_mentorships(school_year, program_staff):
    PersonFactory(position=Position.ASSISTANT_PRINCIPAL)
    MentorFactory(school_year=school_year)
    match_round = matching.run_round(MatchRoundFactory(school_year=school_year).pk)

    mentorships = matching.approve_round(match_round, user=program_staff)

    match_round.refresh_from_db()
    assert match_round.status == RoundStatus.APPROVED and match_round.approved_by == program_staff
    assert [m.status for m in mentorships] == [MentorshipStatus.ACTIVE]
    assert mentorships[0].match_round == match_round


def test_approving_a_stale_round_is_refused(school_year, program_staff):
    mentee = PersonFactory()
    MentorFactory(school_year=school_year)
    match_round = matching.run_round(MatchRoundFactory(school_year=school_year).pk)
    MentorshipFactory(school_year=school_year, mentee=mentee)  # matched elsewhere meanwhile

    with pytest.raises(DomainError, match="Run the round again"):
        matching.approve_round(match_round, user=program_staff)
    match_round.refresh_from_db()
    assert match_round.status == RoundStatus.PROPOSED


def test_a_round_that_cannot_be_solved_is_marked_failed_with_the_reason(school_year, monkeypatch):
    PersonFactory()
    MentorFactory(school_year=school_year)

    def refuse(problem):
        raise engine.MatchingError("More pairs are pinned to a mentor than they have places.")

    monkeypatch.setattr(engine, "solve", refuse)
    match_round = matching.run_round(MatchRoundFactory(school_year=school_year).pk)

    assert (match_round.status, match_round.progress) == (RoundStatus.FAILED, 100)
    assert match_round.error == "More pairs are pinned to a mentor than they have places."


def test_an_unexpected_error_fails_the_round_and_is_raised(school_year, monkeypatch):
    match_round = MatchRoundFactory(school_year=school_year, status=RoundStatus.QUEUED)

    def crash(problem):
        raise RuntimeError("boom")

    monkeypatch.setattr(engine, "solve", crash)
    with pytest.raises(RuntimeError, match="boom"):
        matching.run_round(match_round.pk)

    match_round.refresh_from_db()
    assert match_round.status == RoundStatus.FAILED and "unexpected error" in match_round.error
    assert match_round.is_editable  # staff can run it again


def test_a_round_deleted_before_it_ran_is_skipped(school_year):
    match_round = MatchRoundFactory(school_year=school_year)
    round_id = match_round.pk
    match_round.delete()
    assert matching.run_round(round_id) is None
