"""Read paths of offerings and rosters, shared by the staff pages, the roster CSV and the admin.

Every function returns a queryset (or plain rows built from one) whose cost is a fixed number of
queries however many offerings or people there are: counts are annotated in SQL, people come with their
school and network, and the year in role is derived from ``role_start_date`` in Python (never stored,
never a query per row).
"""

from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When

from leaderdev.exports import Column
from leaderdev.models import Person, Position, SchoolLevel, SchoolYear

from ..models import PLACE_HOLDING, Enrollment, EnrollmentStatus, Offering
from ..services.enrollment import eligibility_problems, eligible_people

# --- Offerings -----------------------------------------------------------------------------------------


def offerings() -> QuerySet[Offering]:
    """Offerings with their program, kind and year, and their counts of places held, waiting and invited."""
    return (
        Offering.objects.select_related("program__kind", "school_year")
        .annotate(
            enrolled_count=Count("enrollments", filter=Q(enrollments__status__in=PLACE_HOLDING)),
            waitlisted_count=Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.WAITLISTED)),
            invited_count=Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.INVITED)),
        )
        .order_by("-school_year__start_date", "program__kind__order", "program__name", "cohort", "pk")
    )


def offering_list() -> QuerySet[Offering]:
    """The staff list of offerings: counts, plus their facilitators (one more query for the whole page)."""
    return offerings().prefetch_related("facilitators__person")


def offering_detail() -> QuerySet[Offering]:
    """One offering as the roster page heads it: counts and facilitators, program and year."""
    return offering_list()


# --- Rosters -------------------------------------------------------------------------------------------


def roster(offering: Offering) -> QuerySet[Enrollment]:
    """The enrollments of `offering` in roster order: everyone but the waitlist by name, then the waitlist
    first come, first served. The page, its CSV and its filters all start from this queryset.
    """
    return (
        Enrollment.objects.filter(offering=offering)
        .select_related("person__school__network")
        .annotate(
            on_waitlist=Case(
                When(status=EnrollmentStatus.WAITLISTED, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            waiting_since=Case(When(status=EnrollmentStatus.WAITLISTED, then=F("status_changed_at"))),
        )
        .order_by(
            "on_waitlist",
            F("waiting_since").asc(nulls_first=True),
            "person__last_name",
            "person__first_name",
            "pk",
        )
    )


def waitlist_positions(offering: Offering) -> dict[int, int]:
    """enrollment pk -> place in the offering's whole waitlist (1 is next), whatever a page filters."""
    waiting = (
        Enrollment.objects.filter(offering=offering, status=EnrollmentStatus.WAITLISTED)
        .order_by("status_changed_at", "pk")
        .values_list("pk", flat=True)
    )
    return {pk: position for position, pk in enumerate(waiting, start=1)}


@dataclass
class RosterRow:
    """One line of the roster page: the enrollment and what the page says and offers about it."""

    enrollment: Enrollment
    year_in_role: int | None
    waitlist_position: int | None
    problems: list[str]
    actions: list[tuple[str, str]]  # (action, label): the buttons the page offers

    @property
    def person(self) -> Person:
        return self.enrollment.person

    @property
    def is_waitlisted(self) -> bool:
        return self.enrollment.status == EnrollmentStatus.WAITLISTED


def roster_rows(offering: Offering, enrollments, actions=None) -> list[RosterRow]:
    """The page's rows for `enrollments` (a page of ``roster(offering)``), with one query for the waitlist.

    `offering` must come with its school year. Eligibility problems show for people who do not hold a
    place yet (someone who left the district while waiting, say). ``actions(enrollment, offering)``
    names each row's buttons.
    """
    positions = waitlist_positions(offering)
    rows = []
    for enrollment in enrollments:
        enrollment.offering = offering
        person = enrollment.person
        waiting = enrollment.status in (EnrollmentStatus.WAITLISTED, EnrollmentStatus.INVITED)
        rows.append(
            RosterRow(
                enrollment=enrollment,
                year_in_role=person.year_in_role(offering.school_year),
                waitlist_position=positions.get(enrollment.pk),
                problems=eligibility_problems(offering, person) if waiting else [],
                actions=actions(enrollment, offering) if actions else [],
            )
        )
    return rows


def _roster_columns(year_in_role: Column) -> list[Column]:
    return [
        Column("Last name", "person__last_name"),
        Column("First name", "person__first_name"),
        Column("E-mail", "person__email"),
        Column("Employee ID", "person__employee_id"),
        Column("Position", "person__position", choices=Position),
        Column("School", "person__school__name"),
        Column("Network", "person__school__network__name"),
        Column("Level", "person__school__level", choices=SchoolLevel),
        year_in_role,
        Column("Status", "status", choices=EnrollmentStatus),
        Column("Status changed at", "status_changed_at"),
    ]


def roster_columns(school_year: SchoolYear) -> list[Column]:
    """The roster CSV's columns; "Year in role" is counted for the offering's school year, as on the page."""

    def year_in_role(row):
        return Person(role_start_date=row["person__role_start_date"]).year_in_role(school_year)

    return _roster_columns(Column("Year in role", value=year_in_role, uses=["person__role_start_date"]))


def enrollment_columns() -> list[Column]:
    """Roster columns for enrollments of many offerings (the admin's export), the offering first.

    Each row's year in role is counted for its own offering's school year, read in the same row.
    """

    def year_in_role(row):
        school_year = SchoolYear(
            start_date=row["offering__school_year__start_date"],
            end_date=row["offering__school_year__end_date"],
        )
        return Person(role_start_date=row["person__role_start_date"]).year_in_role(school_year)

    year_column = Column(
        "Year in role",
        value=year_in_role,
        uses=[
            "person__role_start_date",
            "offering__school_year__start_date",
            "offering__school_year__end_date",
        ],
    )
    return [
        Column("Program", "offering__program__name"),
        Column("Cohort", "offering__cohort"),
        Column("School year", "offering__school_year__name"),
        *_roster_columns(year_column),
    ]


# --- Candidates for the bulk form ------------------------------------------------------------------------


def candidates(offering: Offering) -> QuerySet[Person]:
    """Eligible people not yet in `offering` (someone who withdrew may come back), by name."""
    taken = Enrollment.objects.filter(offering=offering).exclude(status=EnrollmentStatus.WITHDRAWN)
    return (
        eligible_people(offering)
        .exclude(pk__in=taken.values("person_id"))
        .select_related("school__network")
        .order_by("last_name", "first_name", "pk")
    )


def new_leaders_among(people: QuerySet[Person], school_year: SchoolYear) -> QuerySet[Person]:
    """The first- and second-year school leaders of `school_year` among `people`."""
    return people.filter(pk__in=Person.objects.new_leaders(school_year).values("pk"))
