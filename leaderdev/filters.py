"""List filters for the shared schema's staff pages."""

import django_filters
from django.db.models import Q

from .models import LeadershipTier, Network, Person, Position, SchoolLevel, SchoolYear


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name, e-mail or employee ID")
    position = django_filters.ChoiceFilter(choices=Position.choices)
    tier = django_filters.ChoiceFilter(choices=LeadershipTier.choices, label="Leadership tier")
    level = django_filters.ChoiceFilter(
        field_name="school__level", choices=SchoolLevel.choices, label="School level"
    )
    network = django_filters.ModelChoiceFilter(field_name="school__network", queryset=Network.objects.all())
    new_leaders = django_filters.BooleanFilter(
        method="filter_new_leaders",
        label="First- or second-year leaders only",
        widget=django_filters.widgets.BooleanWidget(),
    )

    class Meta:
        model = Person
        fields = ["q", "position", "tier", "level", "network", "new_leaders"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
            | Q(email__icontains=value)
            | Q(employee_id__iexact=value)
        )

    def filter_new_leaders(self, queryset, name, value):
        school_year = SchoolYear.objects.current()
        if not value or school_year is None:
            return queryset
        return queryset.new_leaders(school_year)
