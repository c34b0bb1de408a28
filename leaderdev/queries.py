"""Read paths of the shared schema that pages and exports share."""

from django.db.models import Count, Q

from .models import SCHOOL_LEADER_POSITIONS, Network, Person, School, SchoolYear


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
