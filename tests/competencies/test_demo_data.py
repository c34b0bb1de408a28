"""seed_demo's competencies step: assessments with growth to show, and a rubric with history."""

from io import StringIO

import pytest
from django.core.management import call_command

from competencies.models import Assessment, AssessmentKind, ImplementationRating, ImplementationSystem, Rating
from leaderdev.models import Person, School, SchoolYear

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", allow_production=True, stdout=StringIO())


def test_demo_leader_has_three_assessments_of_every_competency(framework_v4):
    seed()
    leader = Person.objects.get(user__email="leader@leaderdev.example")
    assessments = Assessment.objects.filter(person=leader).order_by("assessed_on")
    assert [a.kind for a in assessments] == [AssessmentKind.SELF, AssessmentKind.COACH, AssessmentKind.SELF]
    assert {a.version_id for a in assessments} == {framework_v4.pk}
    assert all(a.ratings.count() == 16 for a in assessments)
    assert assessments[1].assessor.email == "coach@leaderdev.example"


def test_every_new_leader_has_a_self_assessment_this_fall(framework_v4):
    seed()
    new_leaders = Person.objects.new_leaders(SchoolYear.objects.current())
    assessed = set(Assessment.objects.filter(kind=AssessmentKind.SELF).values_list("person_id", flat=True))
    assert new_leaders.exists()
    assert set(new_leaders.values_list("pk", flat=True)) <= assessed


def test_ratings_sit_on_the_scale(framework_v4):
    seed()
    levels = set(framework_v4.scale.levels.values_list("value", flat=True))
    assert set(Rating.objects.values_list("level", flat=True)) <= levels


def test_every_school_is_rated_on_every_system(framework_v4):
    seed()
    systems = ImplementationSystem.objects.filter(is_active=True).count()
    rated = ImplementationRating.objects.values("school_id", "system_id").distinct().count()
    assert rated == School.objects.count() * systems
    assert ImplementationRating.objects.count() > rated  # some schools were rated twice: history


def test_second_run_adds_nothing(framework_v4):
    seed()
    before = (Assessment.objects.count(), Rating.objects.count(), ImplementationRating.objects.count())
    seed()
    assert (
        Assessment.objects.count(),
        Rating.objects.count(),
        ImplementationRating.objects.count(),
    ) == before
