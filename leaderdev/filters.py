"""List filters for the shared schema's staff pages."""

import django_filters
from django.db.models import Q

from .models import LeadershipTier, Network, Person, Position, SchoolLevel, SchoolYear


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name, e-mail or employee ID")
    position = django_filters.ChoiceFilter(choices=Position.choices, empty_label="Any position")
    tier = django_filters.ChoiceFilter(
        choices=LeadershipTier.choices, label="Leadership tier", empty_label="Any tier"
    )
    level = django_filters.ChoiceFilter(
        field_name="school__level", choices=SchoolLevel.choices, label="School level", empty_label="Any level"
    )
    network = django_filters.ModelChoiceFilter(
        field_name="school__network",
        queryset=Network.objects.all(),
        label="Learning network",
        empty_label="Any network",
    )
    new_leaders = django_filters.BooleanFilter(
        method="filter_new_leaders",
        label="First- or second-year leader",
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
        """Yes: only this year's first- and second-year school leaders; No: everyone else."""
        school_year = SchoolYear.objects.current()
        if value is None or school_year is None:
            return queryset
        new_leaders = Person.objects.new_leaders(school_year).values("pk")
        return queryset.filter(pk__in=new_leaders) if value else queryset.exclude(pk__in=new_leaders)
