"""The racial-equity rule: every principal and assistant principal takes exactly one racial-equity offering
per school year. The compliance page and its CSV read everything from here.

How the rule is read, precisely (the Office's decisions):

- **Who is held to it**: active principals, heads of school and assistant principals. A head of school is
  a high school's principal, so heads of school count as principals. Admin team members, teacher leaders
  and central office are not held to it. Someone whose role starts after the school year ends is not
  counted for that year: they were not in the role. People are counted in their current position and
  school (the district keeps no history of positions), also for past years.
- **What counts**: an enrollment in an offering *of that school year* whose program's kind is a
  racial-equity track (``ProgramKind.is_equity_track``), with a participating status (enrolled or
  completed, ``programs.models.PARTICIPATING``). Invited and waitlisted people do not take part yet, and
  withdrawn people no longer do, so those enrollments do not count; they are shown beside the person so a
  coordinator sees why someone has none.
- **Status**: *none* (no counted enrollment), *one* (compliant) or *more* (two or more).

The counts are made in SQL (a correlated subquery per person, filterable and countable in the database)
and which offerings each person is in is fetched for all listed people at once, so a page or an export
costs the same handful of queries for ten people or ten thousand.
"""

from dataclasses import dataclass, field
from functools import cached_property

import django_filters
from django import forms
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import QueryDict

from leaderdev.exports import Column
from leaderdev.models import Network, Person, Position, SchoolLevel, SchoolYear

from ..models import PARTICIPATING, Enrollment, EnrollmentStatus, Offering

# The positions held to the rule; a head of school is the principal of a high school.
EQUITY_POSITIONS = (Position.PRINCIPAL, Position.HEAD_OF_SCHOOL, Position.ASSISTANT_PRINCIPAL)


class EquityStatus:
    """Where a person stands on the rule in a school year: the values of the ``equity_status`` annotation."""

    NONE = "none"
    ONE = "one"
    MORE = "more"
    LABELS = {NONE: "None", ONE: "Exactly one", MORE: "More than one"}
    TITLES = {
        NONE: "No racial-equity offering",
        ONE: "Exactly one racial-equity offering",
        MORE: "More than one racial-equity offering",
    }
    ORDER = (NONE, MORE, ONE)  # the page's order: who needs a place, who has too many, who is fine


# --- Read paths ---------------------------------------------------------------------------------------


def equity_offerings(school_year: SchoolYear) -> QuerySet[Offering]:
    """The racial-equity offerings of `school_year`."""
    return Offering.objects.filter(school_year=school_year, program__kind__is_equity_track=True)


def equity_enrollments(school_year: SchoolYear) -> QuerySet[Enrollment]:
    """Every enrollment, of any status, in the racial-equity offerings of `school_year`."""
    return Enrollment.objects.filter(
        offering__school_year=school_year, offering__program__kind__is_equity_track=True
    )


def counted_enrollments(school_year: SchoolYear) -> QuerySet[Enrollment]:
    """The enrollments that count toward the rule: participating ones in `school_year`'s equity offerings."""
    return equity_enrollments(school_year).filter(status__in=PARTICIPATING)


def held_to_the_rule(school_year: SchoolYear, people: QuerySet[Person] | None = None) -> QuerySet[Person]:
    """The people of `people` (default: everyone) the rule applies to in `school_year`."""
    people = Person.objects.all() if people is None else people
    return people.filter(
        is_active=True, position__in=EQUITY_POSITIONS, role_start_date__lte=school_year.end_date
    )


def with_equity_status(
    people: QuerySet[Person], school_year: SchoolYear, offering_ids: list[int] | None = None
) -> QuerySet[Person]:
    """`people` annotated with ``equity_count`` (counted enrollments) and ``equity_status`` (none/one/more).

    Ordered as the page lists them: status (none, more, one), then name. `offering_ids` are the ids of
    the year's equity offerings when the caller has them (one query otherwise). They are passed as a
    list on purpose: the count is a correlated subquery evaluated per person (and per reference to it),
    and matching a short list of offering ids on the (person, status) index keeps each evaluation to a
    few index entries, where joining offering, program and kind in every evaluation made the page ten
    times slower on Postgres at the scale of a large district.
    """
    if offering_ids is None:
        offering_ids = list(equity_offerings(school_year).values_list("pk", flat=True))
    count = (
        Enrollment.objects.filter(
            person=OuterRef("pk"), status__in=PARTICIPATING, offering_id__in=offering_ids
        )
        .order_by()
        .values("person")
        .annotate(n=Count("pk"))
        .values("n")
    )
    status_rank = {status: rank for rank, status in enumerate(EquityStatus.ORDER)}
    return (
        people.annotate(
            equity_count=Coalesce(Subquery(count, output_field=IntegerField()), 0),
        )
        .annotate(
            equity_status=Case(
                When(equity_count=0, then=Value(EquityStatus.NONE)),
                When(equity_count=1, then=Value(EquityStatus.ONE)),
                default=Value(EquityStatus.MORE),
            ),
            equity_rank=Case(
                When(equity_count=0, then=Value(status_rank[EquityStatus.NONE])),
                When(equity_count=1, then=Value(status_rank[EquityStatus.ONE])),
                default=Value(status_rank[EquityStatus.MORE]),
            ),
        )
        .order_by("equity_rank", "last_name", "first_name", "pk")
    )


def nobody(people: QuerySet[Person]) -> QuerySet[Person]:
    """No one, with the annotations of with_equity_status (for a district that has no school year yet)."""
    return people.none().annotate(
        equity_count=Value(0), equity_status=Value(EquityStatus.NONE), equity_rank=Value(0)
    )


def equity_report_people(
    school_year: SchoolYear, people: QuerySet[Person] | None = None, offering_ids: list[int] | None = None
) -> QuerySet[Person]:
    """Everyone held to the rule in `school_year`, with their status, school and network."""
    people = held_to_the_rule(school_year, people)
    return with_equity_status(people, school_year, offering_ids).select_related("school__network")


# --- The page's filters -------------------------------------------------------------------------------

NEEDS_ATTENTION = "attention"
EVERYONE = "all"
STATUS_CHOICES = [
    (NEEDS_ATTENTION, "None or more than one"),
    (EquityStatus.NONE, "None"),
    (EquityStatus.MORE, "More than one"),
    (EquityStatus.ONE, "Exactly one (compliant)"),
    (EVERYONE, "Everyone"),
]


class YearSelect(forms.Select):
    """A select that always has a choice: Django's check for an empty first option would re-run the query."""

    def use_required_attribute(self, initial):
        return False


class EquityFilter(django_filters.FilterSet):
    """The compliance page's filters; the CSV export takes the same ones.

    ``school_year`` defaults to the current one and ``status`` to "none or more than one": the people a
    coordinator has to act on. The queryset given is the people the viewer may see; the filter narrows it
    to those held to the rule in the chosen year and annotates their status.
    """

    school_year = django_filters.ModelChoiceFilter(
        queryset=SchoolYear.objects.order_by("-start_date"),
        method="for_any_year",
        label="School year",
        empty_label=None,
        widget=YearSelect,
    )
    network = django_filters.ModelChoiceFilter(
        field_name="school__network",
        queryset=Network.objects.all(),
        label="Learning network",
        empty_label="Any network",
    )
    level = django_filters.ChoiceFilter(
        field_name="school__level", choices=SchoolLevel.choices, label="School level", empty_label="Any level"
    )
    position = django_filters.ChoiceFilter(
        choices=[(p.value, p.label) for p in EQUITY_POSITIONS], empty_label="Any position"
    )
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES, method="by_status", label="Offerings taken", empty_label=None
    )
    q = django_filters.CharFilter(method="search", label="Name or e-mail")

    class Meta:
        model = Person
        fields = ["school_year", "network", "level", "position", "status", "q"]

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("status"):
            data["status"] = NEEDS_ATTENTION
        if not data.get("school_year"):
            current = SchoolYear.objects.current()
            if current is not None:
                data["school_year"] = str(current.pk)
        super().__init__(data, *args, **kwargs)

    @cached_property
    def chosen_year(self) -> SchoolYear | None:
        """The year reported on: the one asked for, else the current one (None when there is neither)."""
        self.errors  # noqa: B018  (validates the form, filling cleaned_data)
        chosen = self.form.cleaned_data.get("school_year")
        return chosen or SchoolYear.objects.current()

    @cached_property
    def equity_offering_ids(self) -> list[int]:
        """The chosen year's racial-equity offerings, read once for the list, the summary and the export."""
        if self.chosen_year is None:
            return []
        return list(equity_offerings(self.chosen_year).values_list("pk", flat=True))

    @property
    def chosen_status(self) -> str:
        return self.form.cleaned_data.get("status") or NEEDS_ATTENTION

    def filter_queryset(self, queryset):
        if self.chosen_year is None:
            return nobody(queryset)
        people = equity_report_people(self.chosen_year, queryset, self.equity_offering_ids)
        return super().filter_queryset(people)

    def filter_except_status(self) -> QuerySet[Person]:
        """The people matching every filter but the status: what the summary counts."""
        queryset = self.queryset.all()
        if self.chosen_year is None:
            return nobody(queryset)
        queryset = equity_report_people(self.chosen_year, queryset, self.equity_offering_ids)
        for name, value in self.form.cleaned_data.items():
            if name != "status":
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def for_any_year(self, queryset, name, value):
        return queryset  # the year is applied in filter_queryset, before every other filter

    def by_status(self, queryset, name, value):
        if value == NEEDS_ATTENTION:
            return queryset.exclude(equity_count=1)
        if value in EquityStatus.LABELS:
            return queryset.filter(equity_status=value)
        return queryset

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        words = value.split()
        for word in words:
            queryset = queryset.filter(
                Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
            )
        return queryset


# --- The page -------------------------------------------------------------------------------------------


@dataclass
class PersonRow:
    """One person on the compliance page: their counted offerings and the enrollments that did not count."""

    person: Person
    counted: list[Enrollment] = field(default_factory=list)
    not_counted: list[Enrollment] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.person.equity_status


@dataclass
class StatusGroup:
    status: str
    rows: list[PersonRow]

    @property
    def label(self) -> str:
        return EquityStatus.LABELS[self.status]

    @property
    def title(self) -> str:
        return EquityStatus.TITLES[self.status]


@dataclass
class Summary:
    none: int = 0
    one: int = 0
    more: int = 0

    @property
    def total(self) -> int:
        return self.none + self.one + self.more


@dataclass
class OfferingCount:
    offering: Offering
    enrolled: int
    waitlisted: int
    invited: int

    @property
    def is_full(self) -> bool:
        return self.offering.capacity is not None and self.enrolled >= self.offering.capacity


@dataclass
class ComplianceReport:
    school_year: SchoolYear | None
    summary: Summary
    groups: list[StatusGroup]  # in EquityStatus.ORDER, only the statuses the filter shows
    offerings: list[OfferingCount]

    @property
    def listed(self) -> int:
        return sum(len(group.rows) for group in self.groups)


def shown_statuses(status_filter: str) -> tuple[str, ...]:
    if status_filter == NEEDS_ATTENTION:
        return (EquityStatus.NONE, EquityStatus.MORE)
    if status_filter in EquityStatus.LABELS:
        return (status_filter,)
    return EquityStatus.ORDER


def summary_of(people: QuerySet[Person]) -> Summary:
    """How many of `people` (annotated by with_equity_status) are at each status: one query."""
    counts = dict(people.order_by().values_list("equity_status").annotate(n=Count("pk")))
    return Summary(**{status: counts.get(status, 0) for status in EquityStatus.LABELS})


def offering_counts(school_year: SchoolYear) -> list[OfferingCount]:
    """Each racial-equity offering of `school_year` with its enrolled, waitlisted and invited counts."""
    offerings = (
        equity_offerings(school_year)
        .select_related("program")
        .annotate(
            enrolled=Count("enrollments", filter=Q(enrollments__status__in=PARTICIPATING)),
            waitlisted=Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.WAITLISTED)),
            invited=Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.INVITED)),
        )
        .order_by("program__name", "cohort", "pk")
    )
    return [OfferingCount(o, o.enrolled, o.waitlisted, o.invited) for o in offerings]


def compliance_report(equity_filter: EquityFilter) -> ComplianceReport:
    """Everything the compliance page shows for the filter's year and filters, in a fixed number of queries.

    The summary counts every status under the other filters (so "3 with none" stays visible while the
    list shows the compliant); the lists show the statuses the status filter asks for.
    """
    school_year = equity_filter.chosen_year
    if school_year is None:
        return ComplianceReport(school_year=None, summary=Summary(), groups=[], offerings=[])
    enrollments = (
        equity_enrollments(school_year)
        .select_related("offering__program")
        .order_by("offering__program__name", "offering__cohort", "pk")
    )
    people = equity_filter.qs.prefetch_related(
        Prefetch("enrollments", queryset=enrollments, to_attr="equity_enrollments")
    )
    rows: dict[str, list[PersonRow]] = {status: [] for status in EquityStatus.ORDER}
    for person in people:
        row = PersonRow(person)
        for enrollment in person.equity_enrollments:
            (row.counted if enrollment.status in PARTICIPATING else row.not_counted).append(enrollment)
        rows[person.equity_status].append(row)
    groups = [StatusGroup(status, rows[status]) for status in shown_statuses(equity_filter.chosen_status)]
    return ComplianceReport(
        school_year=school_year,
        summary=summary_of(equity_filter.filter_except_status()),
        groups=groups,
        offerings=offering_counts(school_year),
    )


# --- The export -----------------------------------------------------------------------------------------


def offering_label(program_name: str, cohort: str) -> str:
    return f"{program_name} ({cohort})" if cohort else program_name


def export_columns(people: QuerySet[Person], school_year: SchoolYear | None) -> list[Column]:
    """The CSV's columns for `people` (the filtered, annotated queryset the export streams).

    The offering names are read for all of them in one query before the export starts.
    """
    names: dict[int, list[str]] = {}
    if school_year is not None:
        counted = (
            counted_enrollments(school_year)
            .filter(person__in=people.values("pk"))
            .order_by("offering__program__name", "offering__cohort", "pk")
            .values_list("person_id", "offering__program__name", "offering__cohort")
        )
        for person_id, program_name, cohort in counted:
            names.setdefault(person_id, []).append(offering_label(program_name, cohort))

    return [
        Column("Last name", "last_name"),
        Column("First name", "first_name"),
        Column("E-mail", "email"),
        Column("Position", "position", choices=Position),
        Column("School", "school__name"),
        Column("Network", "school__network__name"),
        Column("Level", "school__level", choices=SchoolLevel),
        Column("Equity offerings", "equity_count"),
        Column("Offering names", value=lambda row: "; ".join(names.get(row["pk"], ())), uses=["pk"]),
        Column("Status", "equity_status", choices=EquityStatus.LABELS.items()),
    ]
