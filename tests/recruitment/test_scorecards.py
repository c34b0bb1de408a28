"""A panelist's scorecard (services.interviews.save_scorecard): drafts, the rules of submitting, and a
submitted scorecard being final."""

import pytest
from django.core.exceptions import PermissionDenied

from competencies.models import Competency
from leaderdev.errors import DomainError
from recruitment.models import Recommendation, Scorecard, ScorecardRating
from recruitment.services.interviews import save_scorecard
from tests.factories import UserFactory
from tests.factories.recruitment import InterviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def competencies(framework_v4):
    return list(Competency.objects.of_version(framework_v4)[:3])


@pytest.fixture
def panelist(db):
    return UserFactory(full_name="Ana Ortiz")


@pytest.fixture
def card(panelist, competencies):
    interview = InterviewFactory(panelists=[panelist], competencies=competencies)
    return Scorecard.objects.create(interview=interview, panelist=panelist)


def all_rated(competencies, score=3):
    return {c: {"score": score, "evidence": f"Evidence on {c.code}"} for c in competencies}


def test_a_draft_keeps_partial_ratings_and_stays_unsubmitted(card, panelist, competencies):
    save_scorecard(
        card,
        user=panelist,
        ratings={competencies[0]: {"score": 2, "evidence": "Vague on data cycles."}},
        notes="Ask about coaching.",
    )

    card.refresh_from_db()
    assert card.submitted_at is None
    assert card.notes == "Ask about coaching."
    assert list(card.ratings.values_list("competency", "score", "evidence")) == [
        (competencies[0].pk, 2, "Vague on data cycles.")
    ]


def test_saving_again_replaces_the_ratings(card, panelist, competencies):
    save_scorecard(card, user=panelist, ratings=all_rated(competencies, 2))
    save_scorecard(card, user=panelist, ratings={competencies[1]: {"score": 4, "evidence": ""}})

    assert list(card.ratings.values_list("competency", "score")) == [(competencies[1].pk, 4)]


def test_submitting_records_when_and_everything(card, panelist, competencies):
    save_scorecard(
        card,
        user=panelist,
        ratings=all_rated(competencies, 4),
        recommendation=Recommendation.YES,
        submit=True,
    )

    card.refresh_from_db()
    assert card.is_submitted
    assert card.recommendation == Recommendation.YES
    assert card.ratings.count() == 3


def test_submitting_needs_every_competency_rated(card, panelist, competencies):
    with pytest.raises(DomainError, match=f"still to rate: {competencies[2].code}"):
        save_scorecard(
            card,
            user=panelist,
            ratings=all_rated(competencies[:2]),
            recommendation=Recommendation.YES,
            submit=True,
        )
    card.refresh_from_db()
    assert not card.is_submitted
    assert not card.ratings.exists()


def test_submitting_needs_a_recommendation(card, panelist, competencies):
    with pytest.raises(DomainError, match="Choose a recommendation"):
        save_scorecard(card, user=panelist, ratings=all_rated(competencies), submit=True)
    card.refresh_from_db()
    assert not card.is_submitted


def test_a_submitted_scorecard_cannot_change(card, panelist, competencies):
    save_scorecard(
        card,
        user=panelist,
        ratings=all_rated(competencies, 4),
        recommendation=Recommendation.YES,
        submit=True,
    )

    with pytest.raises(DomainError, match="it is final"):
        save_scorecard(card, user=panelist, ratings=all_rated(competencies, 1), recommendation="strong_no")

    card.refresh_from_db()
    assert card.recommendation == Recommendation.YES
    assert set(card.ratings.values_list("score", flat=True)) == {4}


def test_only_the_panelist_fills_in_their_scorecard(card, competencies):
    other = UserFactory()
    with pytest.raises(PermissionDenied):
        save_scorecard(card, user=other, ratings=all_rated(competencies))
    assert not ScorecardRating.objects.exists()


@pytest.mark.parametrize("score", [0, 5])
def test_a_rating_is_from_1_to_4(card, panelist, competencies, score):
    with pytest.raises(DomainError, match="from 1 to 4"):
        save_scorecard(card, user=panelist, ratings={competencies[0]: {"score": score}})


def test_only_the_interviews_competencies_are_rated(card, panelist, framework_v4, competencies):
    elsewhere = (
        Competency.objects.of_version(framework_v4).exclude(pk__in=[c.pk for c in competencies]).first()
    )
    with pytest.raises(DomainError, match="only the competencies this panel"):
        save_scorecard(card, user=panelist, ratings={elsewhere: {"score": 3}})


def test_evidence_without_a_rating_is_refused_rather_than_lost(card, panelist, competencies):
    with pytest.raises(DomainError, match="a rating to keep its evidence"):
        save_scorecard(card, user=panelist, ratings={competencies[0]: {"score": None, "evidence": "Strong."}})


def test_an_unknown_recommendation_is_refused(card, panelist, competencies):
    with pytest.raises(DomainError, match="not a recommendation"):
        save_scorecard(card, user=panelist, ratings=all_rated(competencies), recommendation="maybe")
