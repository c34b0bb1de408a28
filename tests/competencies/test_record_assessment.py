"""services.record_assessment: what the framework demands of an assessment, whoever records it."""

import datetime

import pytest
from django.utils import timezone

from competencies.models import Assessment, AssessmentKind, Competency, Rating, VersionStatus
from competencies.services import RatingInput, record_assessment
from leaderdev.errors import DomainError
from tests.factories import PersonFactory, UserFactory
from tests.factories.competencies import framework_with_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db):
    return PersonFactory()


@pytest.fixture
def assessor(db):
    return UserFactory()


def ids(version, *codes):
    return [Competency.objects.by_code(version, code).pk for code in codes]


def record(person, version, ratings, assessor=None, **kwargs):
    return record_assessment(
        person=person,
        version=version,
        kind=AssessmentKind.COACH,
        assessor=assessor,
        ratings=ratings,
        **kwargs,
    )


def test_it_records_the_assessment_and_its_ratings(person, assessor, framework_v4):
    first, second = ids(framework_v4, "1.1", "3.2")
    assessment = record(
        person,
        framework_v4,
        {first: RatingInput(2, "  Leads data meetings \n"), second: RatingInput(4)},
        assessor=assessor,
        assessed_on=datetime.date(2026, 10, 5),
        notes="Mid-year",
    )
    assessment = Assessment.objects.get(pk=assessment.pk)
    assert (assessment.person, assessment.version, assessment.kind) == (person, framework_v4, "coach")
    assert (assessment.assessor, assessment.assessed_on, assessment.notes) == (
        assessor,
        datetime.date(2026, 10, 5),
        "Mid-year",
    )
    saved = {r.competency_id: (r.level, r.evidence) for r in Rating.objects.filter(assessment=assessment)}
    assert saved == {first: (2, "Leads data meetings"), second: (4, "")}


def test_it_dates_an_assessment_today_by_default(person, framework_v4):
    (first,) = ids(framework_v4, "1.1")
    assert record(person, framework_v4, {first: RatingInput(3)}).assessed_on == timezone.localdate()


@pytest.mark.parametrize("status", [VersionStatus.DRAFT, VersionStatus.RETIRED])
def test_it_refuses_a_version_that_is_not_active(person, status):
    version = framework_with_content(status=status)
    competency = Competency.objects.of_version(version).first()
    with pytest.raises(DomainError, match="Assessments use the active version"):
        record(person, version, {competency.pk: RatingInput(2)})
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("level", [0, 5, 9])
def test_it_refuses_a_level_off_the_scale(person, framework_v4, level):
    first, second = ids(framework_v4, "1.1", "1.2")
    with pytest.raises(DomainError, match=f"Ratings must be one of 1, 2, 3, 4 .*; got {level}."):
        record(person, framework_v4, {first: RatingInput(2), second: RatingInput(level)})
    assert not Assessment.objects.exists()


def test_it_refuses_a_competency_of_another_version(person, framework_v4):
    (first,) = ids(framework_v4, "1.1")
    foreign = Competency.objects.of_version(framework_with_content()).first()
    with pytest.raises(DomainError, match="competencies of another framework version"):
        record(person, framework_v4, {first: RatingInput(2), foreign.pk: RatingInput(2)})
    assert not Assessment.objects.exists()


def test_it_refuses_an_assessment_with_no_rating(person, framework_v4):
    with pytest.raises(DomainError, match=r"Rate at least one competency\."):
        record(person, framework_v4, {})
    assert not Assessment.objects.exists()


def test_it_follows_the_versions_own_scale(person):
    version = framework_with_content(scale__levels=6)
    competency = Competency.objects.of_version(version).first()
    assessment = record(person, version, {competency.pk: RatingInput(6)})
    assert assessment.ratings.get().level == 6
