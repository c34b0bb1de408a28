"""List filters of licensure's pages (django-filter).

BoardFilter   the team's progress board and its CSV: a name or employee ID search, license, status,
              network, school, and the overdue and stale flags (annotated by queries.pursuits.board)
"""

import django_filters
from django.db.models import Q

from leaderdev.models import Network, School
from leaderdev.widgets import LongSelect

from .models import LicensePursuit, LicenseType, PursuitStatus


class FlagWidget(django_filters.widgets.BooleanWidget):
    """Yes / No / either, as a select whose empty choice reads "Any" (BooleanWidget says "Unknown")."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", "Any"), ("true", "Yes"), ("false", "No")]


def _flag_filter(label: str, field_name: str):
    return django_filters.BooleanFilter(field_name=field_name, label=label, widget=FlagWidget())


class BoardFilter(django_filters.FilterSet):
    """Filters queries.pursuits.board(); the overdue and stale flags are its annotations."""

    q = django_filters.CharFilter(method="search", label="Name or employee ID")
    license_type = django_filters.ModelChoiceFilter(
        queryset=LicenseType.objects.order_by("name"), label="License", empty_label="Any license"
    )
    status = django_filters.ChoiceFilter(
        choices=PursuitStatus.choices, label="Status", empty_label="Any status"
    )
    network = django_filters.ModelChoiceFilter(
        field_name="person__school__network",
        queryset=Network.objects.order_by("name"),
        label="Network",
        empty_label="Any network",
    )
    school = django_filters.ModelChoiceFilter(
        field_name="person__school",
        queryset=School.objects.order_by("name"),
        label="School",
        empty_label="Any school",
        widget=LongSelect,
    )
    overdue = _flag_filter("Past their target", "is_overdue")
    stale = _flag_filter("No change in 60 days", "is_stale")

    class Meta:
        model = LicensePursuit
        fields = ["q", "license_type", "status", "network", "school", "overdue", "stale"]

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(person__first_name__icontains=word)
                | Q(person__last_name__icontains=word)
                | Q(person__employee_id__iexact=word)
            )
        return queryset
