"""Read paths of growth: one person's ratings over time, and how a group of people is spread over levels.

Both answers are plain data (dataclasses and named tuples) that pages, charts and later exports share.
Each costs a fixed number of queries however many assessments, ratings or competencies there are.

Competencies are matched across versions of a framework by their code ("3.4"): a rating made against
version 4 and one made against version 5 of the same competency sit on the same row. The wording shown
is the newest version's.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property
from itertools import groupby
from typing import NamedTuple

from django.db.models import Count, OuterRef, QuerySet, Subquery

from leaderdev.models import Person, School

from ..models import Assessment, AssessmentKind, Competency, FrameworkVersion, ProficiencyLevel, Rating

KIND_ORDER = {kind: index for index, kind in enumerate(AssessmentKind.values)}
KIND_LABELS = dict(AssessmentKind.choices)


def code_key(code: str) -> tuple[int, int]:
    """Sort key of a competency code: "1.10" comes after "1.9"."""
    domain, _, number = code.partition(".")
    return int(domain), int(number)


class ScaleLevel(NamedTuple):
    value: int
    label: str


class GrowthPoint(NamedTuple):
    """One rating of one competency, as a point on its growth line."""

    assessed_on: datetime.date
    kind: str
    level: int
    scale_max: int
    assessment_id: int


@dataclass(frozen=True)
class AssessmentSummary:
    id: int
    assessed_on: datetime.date
    kind: str
    assessor: str | None
    version_label: str
    levels: tuple[ScaleLevel, ...]  # the scale of the version it was made against

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    def level(self, value: int | None) -> ScaleLevel | None:
        if value is None:
            return None
        return next((lv for lv in self.levels if lv.value == value), ScaleLevel(value, ""))


@dataclass
class CompetencyGrowth:
    """One competency's ratings over time: kind -> points, oldest first, kinds in AssessmentKind order."""

    code: str
    domain_number: int
    domain_title: str
    statement: str
    points: dict[str, list[GrowthPoint]] = field(default_factory=dict)

    @property
    def short_statement(self) -> str:
        return self.statement if len(self.statement) <= 80 else self.statement[:77].rstrip() + "…"

    @property
    def is_rated(self) -> bool:
        return bool(self.points)


class GrowthTableRow(NamedTuple):
    assessment: AssessmentSummary
    cells: list[ScaleLevel | None]  # one per competency of the domain, None where it was not rated


@dataclass
class DomainGrowth:
    number: int
    title: str
    competencies: list[CompetencyGrowth]
    assessments: list[AssessmentSummary]

    @cached_property
    def table(self) -> list[GrowthTableRow]:
        """Rows = assessments (oldest first), columns = this domain's competencies: the charts' numbers."""
        by_assessment = {
            (point.assessment_id, competency.code): point.level
            for competency in self.competencies
            for points in competency.points.values()
            for point in points
        }
        return [
            GrowthTableRow(a, [a.level(by_assessment.get((a.id, c.code))) for c in self.competencies])
            for a in reversed(self.assessments)
        ]


@dataclass
class PersonGrowth:
    """Everything the growth pages show about one person."""

    person: Person
    competencies: dict[str, CompetencyGrowth]  # keyed by code, in code order
    assessments: list[AssessmentSummary]  # newest first
    levels: tuple[ScaleLevel, ...]  # the scale of the newest version assessed on
    version: FrameworkVersion | None  # the newest version assessed on, None without assessments

    @cached_property
    def domains(self) -> list[DomainGrowth]:
        domains = []
        for number, rows in groupby(self.competencies.values(), key=lambda c: c.domain_number):
            rows = list(rows)
            domains.append(DomainGrowth(number, rows[0].domain_title, rows, self.assessments))
        return domains


# --- Who and what the growth pages are about --------------------------------------------------------


def people() -> QuerySet[Person]:
    """People as the growth pages show them (name, position, school)."""
    return Person.objects.select_related("school")


def assessments_of(person: Person) -> QuerySet[Assessment]:
    """Every assessment of `person`; filter it with visible_to() before passing it to person_growth()."""
    return Assessment.objects.filter(person=person)


def schools() -> QuerySet[School]:
    """Schools as the distribution page heads them (name, network, level)."""
    return School.objects.select_related("network")


def school_leaders(school: School) -> QuerySet[Person]:
    """The active principals, heads of school, APs and admin team members of `school`."""
    return Person.objects.school_leaders().filter(school=school, is_active=True)


# --- One person's growth ------------------------------------------------------------------------------


def _version_recency(version: FrameworkVersion):
    return (version.published_on or datetime.date.min, version.created_at, version.pk)


def _levels_by_scale(scale_ids) -> dict[int, tuple[ScaleLevel, ...]]:
    levels: dict[int, list[ScaleLevel]] = {scale_id: [] for scale_id in scale_ids}
    rows = ProficiencyLevel.objects.filter(scale_id__in=scale_ids).order_by("scale_id", "value")
    for scale_id, value, label in rows.values_list("scale_id", "value", "label"):
        levels[scale_id].append(ScaleLevel(value, label))
    return {scale_id: tuple(values) for scale_id, values in levels.items()}


def person_growth(person: Person, assessments: QuerySet[Assessment]) -> PersonGrowth:
    """Each competency's ratings of `person` over time, by kind, and the list of their assessments.

    `assessments` is what the viewer may see: pass ``visible_to(user, Assessment.objects.filter(
    person=person))``. Assessments against every version of the framework of the newest version count,
    matched by competency code; a person assessed against two different frameworks (the district has
    one) is shown on the framework of their newest version. Four queries, whatever the numbers.
    """
    rows = list(
        assessments.filter(person=person)
        .select_related("version__framework", "assessor")
        .order_by("-assessed_on", "-created_at", "-pk")
    )
    if not rows:
        return PersonGrowth(person=person, competencies={}, assessments=[], levels=(), version=None)

    newest = max((a.version for a in rows), key=_version_recency)
    rows = [a for a in rows if a.version.framework_id == newest.framework_id]
    levels = _levels_by_scale({a.version.scale_id for a in rows})
    summaries = [
        AssessmentSummary(
            id=a.pk,
            assessed_on=a.assessed_on,
            kind=a.kind,
            assessor=str(a.assessor) if a.assessor else None,
            version_label=a.version.label,
            levels=levels[a.version.scale_id],
        )
        for a in rows
    ]
    assessment_by_id = {a.pk: a for a in rows}

    competencies: dict[str, CompetencyGrowth] = {}
    for domain_number, number, statement, domain_title in Competency.objects.of_version(newest).values_list(
        "domain__number", "number", "statement", "domain__title"
    ):
        code = f"{domain_number}.{number}"
        competencies[code] = CompetencyGrowth(code, domain_number, domain_title, statement)

    ratings = Rating.objects.filter(assessment_id__in=list(assessment_by_id)).values_list(
        "assessment_id",
        "level",
        "competency__domain__number",
        "competency__number",
        "competency__statement",
        "competency__domain__title",
    )
    # Newest version first, so a competency dropped from the framework keeps its latest wording.
    ratings = sorted(ratings, key=lambda r: _version_recency(assessment_by_id[r[0]].version), reverse=True)
    for assessment_id, level, domain_number, number, statement, domain_title in ratings:
        code = f"{domain_number}.{number}"
        row = competencies.setdefault(code, CompetencyGrowth(code, domain_number, domain_title, statement))
        assessment = assessment_by_id[assessment_id]
        scale_max = max((lv.value for lv in levels[assessment.version.scale_id]), default=level)
        point = GrowthPoint(assessment.assessed_on, assessment.kind, level, scale_max, assessment_id)
        row.points.setdefault(assessment.kind, []).append(point)

    for row in competencies.values():
        row.points = {
            kind: sorted(row.points[kind], key=lambda p: (p.assessed_on, p.assessment_id))
            for kind in sorted(row.points, key=lambda k: KIND_ORDER.get(k, len(KIND_ORDER)))
        }
    return PersonGrowth(
        person=person,
        competencies={code: competencies[code] for code in sorted(competencies, key=code_key)},
        assessments=summaries,
        levels=levels[newest.scale_id],
        version=newest,
    )


# --- Distribution over a group of people ----------------------------------------------------------


@dataclass
class CompetencyDistribution:
    code: str
    domain_number: int
    domain_title: str
    statement: str
    counts: dict[int, int]  # level value -> people whose latest rating is that level, every level listed
    not_yet_rated: int

    @property
    def short_statement(self) -> str:
        return self.statement if len(self.statement) <= 80 else self.statement[:77].rstrip() + "…"

    @property
    def rated(self) -> int:
        return sum(self.counts.values())


@dataclass
class DomainDistribution:
    number: int
    title: str
    competencies: list[CompetencyDistribution]


class PersonRef(NamedTuple):
    pk: int
    full_name: str


@dataclass
class Distribution:
    """How a group of people is spread over the levels of each competency of one version."""

    version: FrameworkVersion
    levels: tuple[ScaleLevel, ...]
    kind: str | None
    people: list[PersonRef]
    competencies: list[CompetencyDistribution]  # in code order

    @property
    def people_count(self) -> int:
        return len(self.people)

    @property
    def kind_label(self) -> str | None:
        return KIND_LABELS.get(self.kind) if self.kind else None

    @cached_property
    def domains(self) -> list[DomainDistribution]:
        domains = []
        for number, rows in groupby(self.competencies, key=lambda c: c.domain_number):
            rows = list(rows)
            domains.append(DomainDistribution(number, rows[0].domain_title, rows))
        return domains


def distribution(
    people: QuerySet[Person],
    version: FrameworkVersion,
    *,
    kind: str | None = None,
    assessments: QuerySet[Assessment] | None = None,
) -> Distribution:
    """For each competency of `version`, how many of `people` are at each level of its scale.

    Each person counts once per competency, at the level of their latest rating of it (latest by
    assessment date, then by when it was recorded), or as "not yet rated". Ratings against any version
    of the same framework on the same scale count, matched by competency code. `kind` keeps only one kind
    of assessment (self, coach, mentor, supervisor); None takes the latest of any kind. `assessments`
    limits which assessments count (pass what the viewer may see; default: all). `people` may be any
    queryset of Person: a school's leaders, a program's cohort. Four queries, counted in the database.
    """
    people_list = [
        PersonRef(pk, f"{first} {last}")
        for pk, first, last in Person.objects.filter(pk__in=people.values("pk"))
        .order_by("last_name", "first_name", "pk")
        .values_list("pk", "first_name", "last_name")
    ]
    levels = _levels_by_scale([version.scale_id])[version.scale_id]

    counted = Rating.objects.filter(
        assessment__version__framework_id=version.framework_id,
        assessment__version__scale_id=version.scale_id,
    )
    if kind is not None:
        counted = counted.filter(assessment__kind=kind)
    if assessments is not None:
        counted = counted.filter(assessment__in=assessments.values("pk"))
    latest_of_person_and_code = (
        counted.filter(
            assessment__person_id=OuterRef("assessment__person_id"),
            competency__domain__number=OuterRef("competency__domain__number"),
            competency__number=OuterRef("competency__number"),
        )
        .order_by("-assessment__assessed_on", "-assessment__created_at", "-assessment_id")
        .values("pk")[:1]
    )
    tallies = (
        counted.filter(assessment__person__in=people.values("pk"), pk=Subquery(latest_of_person_and_code))
        .values_list("competency__domain__number", "competency__number", "level")
        .annotate(people=Count("pk"))
        .order_by()
    )
    count_by_code_and_level = {(f"{d}.{n}", level): total for d, n, level, total in tallies}

    rows = []
    for domain_number, number, statement, domain_title in Competency.objects.of_version(version).values_list(
        "domain__number", "number", "statement", "domain__title"
    ):
        code = f"{domain_number}.{number}"
        counts = {lv.value: count_by_code_and_level.get((code, lv.value), 0) for lv in levels}
        rows.append(
            CompetencyDistribution(
                code=code,
                domain_number=domain_number,
                domain_title=domain_title,
                statement=statement,
                counts=counts,
                not_yet_rated=len(people_list) - sum(counts.values()),
            )
        )
    return Distribution(version=version, levels=levels, kind=kind, people=people_list, competencies=rows)
