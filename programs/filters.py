"""List filters of the programs pages (django-filter). A page and its CSV export use the same FilterSet."""

import django_filters
from django.db.models import Q

from leaderdev.models import Network, Person, Position, School, SchoolLevel, SchoolYear, leadership_year_start
from leaderdev.widgets import LongSelect

from .models import Enrollment, EnrollmentStatus, Offering, Program, ProgramKind

YEAR_IN_ROLE_CHOICES = [("1", "First year"), ("2", "Second year"), ("3", "Third year or later")]


def people_in_year_of_role(school_year: SchoolYear, value: str):
    """People in year `value` ("1", "2", or "3" for three and beyond) of their role during `school_year`."""
    if value == "3":
        # Year 3 or later: the role began before the leadership year two years back (see year_in_role).
        return Person.objects.filter(
            role_start_date__lt=leadership_year_start(school_year.leadership_year - 1)
        )
    year = int(value)
    return Person.objects.in_year_of_role(school_year, years=(year, year))


def name_search(queryset, prefix: str, value: str):
    """Name, e-mail or employee ID, as the staff directory searches them."""
    value = value.strip()
    if not value:
        return queryset
    return queryset.filter(
        Q(**{f"{prefix}first_name__icontains": value})
        | Q(**{f"{prefix}last_name__icontains": value})
        | Q(**{f"{prefix}email__icontains": value})
        | Q(**{f"{prefix}employee_id__iexact": value})
    )


class OfferingFilter(django_filters.FilterSet):
    """The staff list of offerings: one school year (the current one unless chosen), a kind, a program."""

    school_year = django_filters.ModelChoiceFilter(
        queryset=SchoolYear.objects.all(), label="School year", empty_label="Every year"
    )
    kind = django_filters.ModelChoiceFilter(
        field_name="program__kind",
        queryset=ProgramKind.objects.all(),
        label="Kind of program",
        empty_label="Any kind",
    )
    program = django_filters.ModelChoiceFilter(
        queryset=Program.objects.select_related("kind"), label="Program", empty_label="Any program"
    )

    class Meta:
        model = Offering
        fields = ["school_year", "kind", "program"]

    def __init__(self, data=None, *args, **kwargs):
        # No year in the query: show the current one. An explicit empty year means every year.
        if data is not None and "school_year" not in data:
            current = SchoolYear.objects.current()
            if current is not None:
                data = data.copy()
                data["school_year"] = str(current.pk)
        super().__init__(data, *args, **kwargs)


class _PeopleFilterMixin:
    """Filters on a person, reached through `person_path` ("" for Person, "person__" for Enrollment)."""

    person_path = ""

    def search(self, queryset, name, value):
        return name_search(queryset, self.person_path, value)

    def filter_year_in_role(self, queryset, name, value):
        if not value:
            return queryset
        people = people_in_year_of_role(self.offering.school_year, value).values("pk")
        lookup = "person__in" if self.person_path else "pk__in"
        return queryset.filter(**{lookup: people})


class RosterFilter(_PeopleFilterMixin, django_filters.FilterSet):
    """An offering's roster: school, network, level, position, year in role, status and a name search.

    Pass the offering (with its school year): the year in role is counted for its school year, and the
    school and network choices are those of the people on its roster.
    """

    person_path = "person__"

    q = django_filters.CharFilter(method="search", label="Name, e-mail or employee ID")
    school = django_filters.ModelChoiceFilter(
        field_name="person__school",
        queryset=School.objects.none(),
        label="School",
        empty_label="Any school",
        widget=LongSelect,
    )
    network = django_filters.ModelChoiceFilter(
        field_name="person__school__network",
        queryset=Network.objects.none(),
        label="Learning network",
        empty_label="Any network",
    )
    level = django_filters.ChoiceFilter(
        field_name="person__school__level",
        choices=SchoolLevel.choices,
        label="School level",
        empty_label="Any level",
    )
    position = django_filters.ChoiceFilter(
        field_name="person__position", choices=Position.choices, label="Position", empty_label="Any position"
    )
    year_in_role = django_filters.ChoiceFilter(
        method="filter_year_in_role",
        choices=YEAR_IN_ROLE_CHOICES,
        label="Year in role",
        empty_label="Any year",
    )
    status = django_filters.ChoiceFilter(choices=EnrollmentStatus.choices, empty_label="Any status")

    class Meta:
        model = Enrollment
        fields = ["q", "school", "network", "level", "position", "year_in_role", "status"]

    def __init__(self, data=None, queryset=None, *, offering: Offering, **kwargs):
        self.offering = offering
        super().__init__(data, queryset, **kwargs)
        on_roster = {"staff__enrollments__offering": offering}
        self.filters["school"].queryset = School.objects.filter(**on_roster).distinct()
        self.filters["network"].queryset = Network.objects.filter(
            **{f"schools__{key}": value for key, value in on_roster.items()}
        ).distinct()


class CandidateFilter(_PeopleFilterMixin, django_filters.FilterSet):
    """The people the bulk form offers for an offering: the roster's filters, without status.

    Its fields carry the prefix "add" (add-q, add-school ...), so they live beside the roster's filters
    in one page's query string.
    """

    q = django_filters.CharFilter(method="search", label="Name, e-mail or employee ID")
    school = django_filters.ModelChoiceFilter(
        queryset=School.objects.filter(is_active=True),
        label="School",
        empty_label="Any school",
        widget=LongSelect,
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
    position = django_filters.ChoiceFilter(choices=Position.choices, empty_label="Any position")
    year_in_role = django_filters.ChoiceFilter(
        method="filter_year_in_role",
        choices=YEAR_IN_ROLE_CHOICES,
        label="Year in role",
        empty_label="Any year",
    )

    class Meta:
        model = Person
        fields = ["q", "school", "network", "level", "position", "year_in_role"]

    def __init__(self, data=None, queryset=None, *, offering: Offering, **kwargs):
        self.offering = offering
        kwargs.setdefault("prefix", "add")
        super().__init__(data, queryset, **kwargs)
