"""The growth read paths: one person's ratings over time, and a group's spread over levels."""

import datetime

import pytest

from competencies import services
from competencies.models import Assessment, AssessmentKind, Competency, Rating
from competencies.queries.growth import GrowthPoint, ScaleLevel, distribution, person_growth
from leaderdev.models import Person
from tests.factories import PersonFactory, SchoolFactory, UserFactory
from tests.factories.competencies import AssessmentFactory, framework_with_content

pytestmark = pytest.mark.django_db

SEP_15, NOV_10, JAN_20 = datetime.date(2026, 9, 15), datetime.date(2026, 11, 10), datetime.date(2027, 1, 20)
SELF, COACH = AssessmentKind.SELF, AssessmentKind.COACH


def assess(person, version, kind, on, levels, assessor=None):
    """An assessment of `person` with a rating per competency code: assess(p, v, SELF, day, {"1.1": 2})."""
    assessment = AssessmentFactory(
        person=person, version=version, kind=kind, assessed_on=on, assessor=assessor
    )
    Rating.objects.bulk_create(
        Rating(assessment=assessment, competency=Competency.objects.by_code(version, code), level=level)
        for code, level in levels.items()
    )
    return assessment


def growth_of(person):
    return person_growth(person, Assessment.objects.filter(person=person))


# --- person_growth ----------------------------------------------------------------------------------


@pytest.fixture
def version():
    """Two domains of three competencies (1.1 ... 2.3) on a four-level scale."""
    return framework_with_content(domains=2, per_domain=3)


@pytest.fixture
def three_assessments(version):
    """Two self-assessments and a coach's, on different dates; 1.3 and 2.3 are never rated."""
    person = PersonFactory()
    coach = UserFactory(full_name="Cora Coach")
    first = assess(person, version, SELF, SEP_15, {"1.1": 1, "1.2": 2, "2.1": 1})  # paper form: no assessor
    coached = assess(person, version, COACH, NOV_10, {"1.1": 2, "2.1": 2, "2.2": 3}, assessor=coach)
    last = assess(person, version, SELF, JAN_20, {"1.1": 3, "1.2": 2, "2.2": 2}, assessor=coach)
    return person, first, coached, last


def test_it_gives_each_competencys_points_by_kind(three_assessments):
    person, first, coached, last = three_assessments
    growth = growth_of(person)
    points = {code: row.points for code, row in growth.competencies.items()}
    assert points == {
        "1.1": {
            "self": [GrowthPoint(SEP_15, "self", 1, 4, first.pk), GrowthPoint(JAN_20, "self", 3, 4, last.pk)],
            "coach": [GrowthPoint(NOV_10, "coach", 2, 4, coached.pk)],
        },
        "1.2": {
            "self": [GrowthPoint(SEP_15, "self", 2, 4, first.pk), GrowthPoint(JAN_20, "self", 2, 4, last.pk)],
        },
        "1.3": {},
        "2.1": {
            "self": [GrowthPoint(SEP_15, "self", 1, 4, first.pk)],
            "coach": [GrowthPoint(NOV_10, "coach", 2, 4, coached.pk)],
        },
        "2.2": {
            "self": [GrowthPoint(JAN_20, "self", 2, 4, last.pk)],
            "coach": [GrowthPoint(NOV_10, "coach", 3, 4, coached.pk)],
        },
        "2.3": {},
    }


def test_it_orders_kinds_self_coach_mentor_supervisor(three_assessments):
    growth = growth_of(three_assessments[0])
    assert list(growth.competencies["2.2"].points) == ["self", "coach"]


def test_it_describes_each_competency_from_the_version(three_assessments, version):
    growth = growth_of(three_assessments[0])
    row = growth.competencies["2.3"]
    assert (row.code, row.domain_number, row.domain_title, row.statement) == (
        "2.3",
        2,
        "Domain 2",
        "Statement 2.3",
    )
    assert growth.version == version
    assert growth.levels == tuple(ScaleLevel(v, f"Level {v}") for v in (1, 2, 3, 4))


def test_it_lists_the_assessments_newest_first(three_assessments, version):
    person, first, coached, last = three_assessments
    growth = growth_of(person)
    assert [(a.id, a.assessed_on, a.kind, a.assessor, a.version_label) for a in growth.assessments] == [
        (last.pk, JAN_20, "self", "Cora Coach", version.label),
        (coached.pk, NOV_10, "coach", "Cora Coach", version.label),
        (first.pk, SEP_15, "self", None, version.label),
    ]
    assert growth.assessments[1].kind_label == "Coach"


def test_it_tabulates_a_domain_by_assessment(three_assessments):
    person, first, coached, last = three_assessments
    domain_two = growth_of(person).domains[1]
    assert [c.code for c in domain_two.competencies] == ["2.1", "2.2", "2.3"]
    cells = [
        (row.assessment.id, [cell.value if cell else None for cell in row.cells]) for row in domain_two.table
    ]
    assert cells == [(first.pk, [1, None, None]), (coached.pk, [2, 3, None]), (last.pk, [None, 2, None])]


def test_it_shows_only_the_assessments_it_is_given(three_assessments):
    person, first, coached, last = three_assessments
    growth = person_growth(person, Assessment.objects.filter(person=person).exclude(pk=coached.pk))
    assert "coach" not in growth.competencies["1.1"].points
    assert [a.id for a in growth.assessments] == [last.pk, first.pk]


def test_it_ignores_other_peoples_assessments_in_the_queryset(three_assessments, version):
    person = three_assessments[0]
    other = assess(PersonFactory(), version, COACH, NOV_10, {"1.3": 4})
    growth = person_growth(person, Assessment.objects.all())
    assert growth.competencies["1.3"].points == {}
    assert other.pk not in [a.id for a in growth.assessments]


def test_a_person_without_assessments_has_no_growth():
    growth = growth_of(PersonFactory())
    assert (growth.competencies, growth.assessments, growth.version) == ({}, [], None)


def test_it_matches_competencies_across_versions_by_code(version):
    """1.1 is rated on version 1 and on its successor; 2.3 left the framework; 1.4 is new."""
    person = PersonFactory()
    old = assess(person, version, SELF, SEP_15, {"1.1": 1, "2.3": 2})
    successor = services.draft_next_version(version, "next")
    Competency.objects.filter(domain__version=successor, domain__number=1, number=1).update(
        statement="Statement 1.1, reworded"
    )
    Competency.objects.filter(domain__version=successor, domain__number=2, number=3).delete()
    Competency.objects.create(domain=successor.domains.get(number=1), number=4, statement="Statement 1.4")
    services.publish(successor, on=datetime.date(2026, 12, 1))
    new = assess(person, successor, SELF, JAN_20, {"1.1": 3, "1.4": 2})

    growth = growth_of(person)
    assert growth.version == successor
    assert list(growth.competencies) == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3"]
    assert growth.competencies["1.1"].statement == "Statement 1.1, reworded"
    assert growth.competencies["1.1"].points == {
        "self": [GrowthPoint(SEP_15, "self", 1, 4, old.pk), GrowthPoint(JAN_20, "self", 3, 4, new.pk)]
    }
    assert growth.competencies["2.3"].statement == "Statement 2.3"  # kept from the version it was rated on
    assert growth.competencies["2.3"].points == {"self": [GrowthPoint(SEP_15, "self", 2, 4, old.pk)]}
    assert [a.version_label for a in growth.assessments] == ["next", version.label]


def test_it_sorts_codes_numerically():
    version = framework_with_content(domains=1, per_domain=10)
    person = PersonFactory()
    assess(person, version, SELF, SEP_15, {"1.10": 2, "1.9": 1})
    assert list(growth_of(person).competencies)[-2:] == ["1.9", "1.10"]


def _many_assessments(person, version, count):
    competencies = list(Competency.objects.of_version(version))
    for index in range(count):
        assessment = AssessmentFactory(
            person=person,
            version=version,
            kind=AssessmentKind.values[index % 4],
            assessed_on=SEP_15 + datetime.timedelta(days=7 * index),
            assessor=None,
        )
        Rating.objects.bulk_create(
            Rating(assessment=assessment, competency=c, level=1 + (index + i) % 4)
            for i, c in enumerate(competencies)
        )


@pytest.mark.parametrize(("count", "domains", "per_domain"), [(3, 4, 4), (30, 4, 12)])
def test_person_growth_costs_four_queries_whatever_the_size(
    django_assert_num_queries, count, domains, per_domain
):
    version = framework_with_content(domains=domains, per_domain=per_domain)
    person = PersonFactory()
    _many_assessments(person, version, count)
    with django_assert_num_queries(4):
        growth = growth_of(person)
        _ = [domain.table for domain in growth.domains]
    assert len(growth.competencies) == domains * per_domain
    assert len(growth.assessments) == count


# --- distribution -----------------------------------------------------------------------------------


@pytest.fixture
def school_with_ratings(version):
    """Four leaders of one school (the fourth never rated) and someone at another school."""
    school = SchoolFactory()
    p1, p2, p3, p4 = (
        PersonFactory(school=school, last_name=name) for name in ("Ames", "Baker", "Cole", "Diaz")
    )
    assess(p1, version, SELF, SEP_15, {"1.1": 1})
    assess(p1, version, COACH, NOV_10, {"1.1": 3})
    assess(p1, version, SELF, JAN_20, {"1.1": 2})
    assess(p2, version, SELF, SEP_15, {"1.1": 4, "1.2": 3})
    assess(p2, version, COACH, NOV_10, {"1.2": 2})
    assess(p3, version, COACH, SEP_15, {"1.1": 3})
    assess(p3, version, SELF, NOV_10, {"1.2": 1})
    assess(p3, version, SELF, NOV_10, {"1.2": 4})  # same day, recorded later: this one is the latest
    assess(PersonFactory(), version, SELF, JAN_20, {"1.1": 1, "1.2": 1, "2.1": 1})
    return school, (p1, p2, p3, p4)


def counts_of(result):
    return {row.code: (row.counts, row.not_yet_rated) for row in result.competencies}


def test_distribution_counts_each_persons_latest_rating(school_with_ratings, version):
    school, _ = school_with_ratings
    result = distribution(school.staff.all(), version)
    assert counts_of(result) == {
        "1.1": ({1: 0, 2: 1, 3: 1, 4: 1}, 1),
        "1.2": ({1: 0, 2: 1, 3: 0, 4: 1}, 2),
        "1.3": ({1: 0, 2: 0, 3: 0, 4: 0}, 4),
        "2.1": ({1: 0, 2: 0, 3: 0, 4: 0}, 4),
        "2.2": ({1: 0, 2: 0, 3: 0, 4: 0}, 4),
        "2.3": ({1: 0, 2: 0, 3: 0, 4: 0}, 4),
    }
    assert [p.full_name.split()[-1] for p in result.people] == ["Ames", "Baker", "Cole", "Diaz"]
    assert [d.number for d in result.domains] == [1, 2]


def test_distribution_filters_by_kind(school_with_ratings, version):
    school, _ = school_with_ratings
    coach = counts_of(distribution(school.staff.all(), version, kind=COACH))
    assert coach["1.1"] == ({1: 0, 2: 0, 3: 2, 4: 0}, 2)
    assert coach["1.2"] == ({1: 0, 2: 1, 3: 0, 4: 0}, 3)
    own = counts_of(distribution(school.staff.all(), version, kind=SELF))
    assert own["1.1"] == ({1: 0, 2: 1, 3: 0, 4: 1}, 2)
    assert own["1.2"] == ({1: 0, 2: 0, 3: 1, 4: 1}, 2)


def test_distribution_counts_only_the_assessments_it_is_given(school_with_ratings, version):
    school, (p1, *_) = school_with_ratings
    visible = Assessment.objects.exclude(person=p1)
    result = counts_of(distribution(school.staff.all(), version, assessments=visible))
    assert result["1.1"] == ({1: 0, 2: 0, 3: 1, 4: 1}, 2)


def test_distribution_works_for_any_group_of_people(school_with_ratings, version):
    _, (p1, p2, _, _) = school_with_ratings
    result = counts_of(distribution(Person.objects.filter(pk__in=[p1.pk, p2.pk]), version))
    assert result["1.1"] == ({1: 0, 2: 1, 3: 0, 4: 1}, 0)


def test_distribution_matches_older_versions_by_code_but_not_other_frameworks(version):
    person = PersonFactory()
    assess(person, version, SELF, SEP_15, {"1.1": 2})
    successor = services.draft_next_version(version, "next")
    services.publish(successor, on=datetime.date(2026, 12, 1))
    other_framework = framework_with_content(domains=1, per_domain=2, scale=version.scale)
    assess(person, other_framework, SELF, JAN_20, {"1.1": 4, "1.2": 4})
    result = counts_of(distribution(Person.objects.filter(pk=person.pk), successor))
    assert result["1.1"] == ({1: 0, 2: 1, 3: 0, 4: 0}, 0)
    assert result["1.2"] == ({1: 0, 2: 0, 3: 0, 4: 0}, 1)


@pytest.mark.parametrize(("count", "domains", "per_domain"), [(3, 4, 4), (30, 4, 12)])
def test_distribution_costs_four_queries_whatever_the_size(
    django_assert_num_queries, count, domains, per_domain
):
    version = framework_with_content(domains=domains, per_domain=per_domain)
    school = SchoolFactory()
    for _ in range(count):
        _many_assessments(PersonFactory(school=school), version, 2)
    with django_assert_num_queries(4):
        result = distribution(school.staff.all(), version, kind=SELF, assessments=Assessment.objects.all())
        _ = result.domains
    assert len(result.competencies) == domains * per_domain
    assert result.people_count == count
    assert all(row.rated + row.not_yet_rated == count for row in result.competencies)
