"""Read paths of the shared schema that pages and exports share."""

from django.db.models import Count, Q
from django.http import HttpRequest

from .exports import Column
from .models import (
    SCHOOL_LEADER_POSITIONS,
    LeadershipTier,
    Network,
    Person,
    Position,
    School,
    SchoolLevel,
    SchoolYear,
)


def people_directory():
    """People with their school and network loaded, ready for a list or an export."""
    return Person.objects.select_related("school__network", "user").order_by("last_name", "first_name", "pk")


def district_summary(school_year: SchoolYear | None) -> dict:
    """The staff dashboard's counts, in a handful of queries whatever the district's size."""
    people = Person.objects.filter(is_active=True).aggregate(
        total=Count("pk"),
        school_leaders=Count("pk", filter=Q(position__in=SCHOOL_LEADER_POSITIONS)),
        with_login=Count("pk", filter=Q(user__isnull=False)),
    )
    new_leaders = Person.objects.new_leaders(school_year).count() if school_year else 0
    return {
        "school_year": school_year,
        "networks": Network.objects.count(),
        "schools": School.objects.filter(is_active=True).count(),
        "people": people["total"],
        "school_leaders": people["school_leaders"],
        "with_login": people["with_login"],
        "new_leaders": new_leaders,
    }


# --- Exports of the shared schema -------------------------------------------------------------------


def people_columns(school_year) -> list[Column]:
    """The staff directory's columns; "Year in role" is counted for `school_year` (empty without one).

    The year comes from Person.year_in_role, the one place the rule lives, applied to the row's
    role_start_date: no query per row, and the file always agrees with the page.
    """

    def year_in_role(row):
        if school_year is None:
            return None
        return Person(role_start_date=row["role_start_date"]).year_in_role(school_year)

    return [
        Column("Employee ID", "employee_id"),
        Column("Last name", "last_name"),
        Column("First name", "first_name"),
        Column("E-mail", "email"),
        Column("Position", "position", choices=Position),
        Column("Leadership tier", "tier", choices=LeadershipTier),
        Column("School", "school__name"),
        Column("School code", "school__code"),
        Column("School level", "school__level", choices=SchoolLevel),
        Column("Network", "school__network__name"),
        Column("Role start date", "role_start_date"),
        Column("Year in role", value=year_in_role, uses=["role_start_date"]),
        Column("Active", "is_active"),
    ]


def people_columns_for(request: HttpRequest) -> list[Column]:
    """people_columns for the current school year (the admin action's columns)."""
    return people_columns(SchoolYear.objects.current())
