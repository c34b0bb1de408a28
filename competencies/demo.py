"""Demo data for competencies: assessments of the new leaders and the schools' implementation rubric.

Runs after the district seeder (leaderdev.demo). Every first- and second-year school leader has a
self-assessment this fall; second-year leaders also have last year's self- and coach assessments, so their
growth shows. The demo leader (leader@) has three assessments this year and the demo AP (ap@) three over
two years. Every school has a rating on each implementation system this fall, and some a later one, so
the rubric has history. Deterministic for a seed; a second run inserts nothing.
"""

import datetime

from leaderdev.demo import DemoRun, seeder
from leaderdev.models import Person, School, SchoolYear, User

from .models import (
    Assessment,
    AssessmentKind,
    Competency,
    ImplementationLevel,
    ImplementationRating,
    ImplementationSystem,
    Rating,
)
from .queries.assessments import office_version

# (kind, date, how far along the year's growth is: 0 = where they started, 1 = a year's growth)
FEATURED_ASSESSMENTS = {
    "leader@leaderdev.example": [
        (AssessmentKind.SELF, datetime.date(2026, 9, 15), 0.0),
        (AssessmentKind.COACH, datetime.date(2026, 10, 20), 0.3),
        (AssessmentKind.SELF, datetime.date(2026, 11, 18), 0.5),
    ],
    "ap@leaderdev.example": [
        (AssessmentKind.SELF, datetime.date(2025, 10, 6), 0.0),
        (AssessmentKind.COACH, datetime.date(2026, 5, 12), 0.7),
        (AssessmentKind.SELF, datetime.date(2026, 10, 5), 1.0),
    ],
}
FALL_SELF = datetime.date(2026, 9, 22)
LAST_YEAR = [
    (AssessmentKind.SELF, datetime.date(2025, 9, 23), 0.0),
    (AssessmentKind.COACH, datetime.date(2026, 4, 14), 0.7),
]
RUBRIC_FALL = datetime.date(2026, 9, 30)
RUBRIC_WINTER = datetime.date(2026, 11, 17)


@seeder
def seed_competencies(run: DemoRun) -> None:
    version = office_version()
    school_year = SchoolYear.objects.current()
    if version is None or school_year is None:
        return
    competency_ids = list(
        Competency.objects.filter(domain__version=version)
        .order_by("domain__number", "number")
        .values_list("pk", flat=True)
    )
    levels = sorted(version.scale.levels.values_list("value", flat=True))
    _seed_assessments(run, version, school_year, competency_ids, levels)
    _seed_rubric(run, school_year)


def _plans_for(person: Person, year_in_role: int, featured_email: str | None):
    if featured_email in FEATURED_ASSESSMENTS:
        return FEATURED_ASSESSMENTS[featured_email]
    plans = [(AssessmentKind.SELF, FALL_SELF, 0.4 if year_in_role == 2 else 0.0)]
    if year_in_role == 2:
        plans = [*LAST_YEAR, (AssessmentKind.SELF, FALL_SELF, 1.0)]
    return plans


def _seed_assessments(run, version, school_year, competency_ids, levels):
    new_leaders = list(Person.objects.new_leaders(school_year).select_related("user").order_by("employee_id"))
    existing = set(Assessment.objects.filter(version=version).values_list("person_id", "kind", "assessed_on"))
    coach = User.objects.filter(email="coach@leaderdev.example").first()
    planned: list[tuple[Assessment, list[int]]] = []
    for person in new_leaders:
        email = person.user.email if person.user else None
        rng = run.rng("competency-start", person.employee_id)
        # Where this leader started on each competency, and how much a year of growth adds.
        start = [rng.choices(levels[:3], weights=[3, 5, 2])[0] for _ in competency_ids]
        gain = [rng.choice([0, 0, 1, 1, 1, 2]) for _ in competency_ids]
        for kind, day, progress in _plans_for(person, person.year_in_role(school_year), email):
            if (person.pk, kind, day) in existing:
                continue
            noise = run.rng("competency-noise", person.employee_id, kind, day.isoformat())
            ratings = [
                max(levels[0], min(levels[-1], round(s + g * progress + noise.choice([-0.4, 0, 0, 0.4]))))
                for s, g in zip(start, gain, strict=True)
            ]
            assessor = person.user if kind == AssessmentKind.SELF else coach
            planned.append(
                (
                    Assessment(person=person, version=version, kind=kind, assessed_on=day, assessor=assessor),
                    ratings,
                )
            )
    inserted = Assessment.objects.bulk_create([a for a, _ in planned], batch_size=1000)
    Rating.objects.bulk_create(
        (
            Rating(assessment=assessment, competency_id=cid, level=level)
            for assessment, (_, ratings) in zip(inserted, planned, strict=True)
            for cid, level in zip(competency_ids, ratings, strict=True)
        ),
        batch_size=2000,
    )
    run.created[str(Assessment._meta.verbose_name_plural)] += len(inserted)
    run.created[str(Rating._meta.verbose_name_plural)] += len(inserted) * len(competency_ids)


def _seed_rubric(run, school_year):
    systems = list(ImplementationSystem.objects.filter(is_active=True).order_by("order", "name"))
    existing = set(
        ImplementationRating.objects.filter(school_year=school_year).values_list(
            "school_id", "system_id", "rated_on"
        )
    )
    ratings = []
    for school_id, code in School.objects.order_by("code").values_list("pk", "code"):
        rng = run.rng("rubric", code)
        for system in systems:
            fall = rng.choices(ImplementationLevel.values, weights=[15, 40, 35, 10])[0]
            visits = [(RUBRIC_FALL, fall, "Baseline from the fall network visit.")]
            if rng.random() < 0.4:
                later = min(ImplementationLevel.FULL, fall + rng.choice([0, 1]))
                visits.append((RUBRIC_WINTER, later, "Reviewed with the ILT after the data cycle."))
            for day, level, notes in visits:
                if (school_id, system.pk, day) not in existing:
                    ratings.append(
                        ImplementationRating(
                            school_id=school_id,
                            school_year=school_year,
                            system=system,
                            level=level,
                            notes=notes,
                            rated_on=day,
                        )
                    )
    ImplementationRating.objects.bulk_create(ratings, batch_size=2000)
    run.created[str(ImplementationRating._meta.verbose_name_plural)] += len(ratings)
