"""The filters of the school-team pages: the network overview and its CSV export take the same ones.

Network, level and the school-name search narrow the schools in SQL. The plan's status at a glance and
"has overdue steps" are computed in Python by the services (programs.services.cta, .teams), so those two
filters only record the choice here and programs.queries.network applies it to the computed rows.
"""

from functools import cached_property

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict

from leaderdev.models import Network, NetworkSupportMember, School, SchoolLevel, SchoolYear
from leaderdev.permissions import Role, has_role

from .services.cta import PlanHealth

WITH_OVERDUE = "yes"
WITHOUT_OVERDUE = "no"


class YearSelect(forms.Select):
    """A select that always has a choice: Django's check for an empty first option would re-run the query."""

    def use_required_attribute(self, initial):
        return False


def networks_for(request):
    """The networks a viewer may pick: all of them for program staff, the ones they support otherwise."""
    networks = Network.objects.order_by("name")
    if request is None or has_role(request.user, Role.PROGRAM_STAFF):
        return networks
    return networks.filter(
        Exists(NetworkSupportMember.objects.filter(network=OuterRef("pk"), person__user=request.user))
    )


class TeamOverviewFilter(django_filters.FilterSet):
    """The network overview's filters. ``year`` defaults to the current school year.

    The queryset given is the schools the viewer may see (programs.queries.network.overview_schools).
    """

    year = django_filters.ModelChoiceFilter(
        queryset=SchoolYear.objects.order_by("-start_date"),
        method="computed",
        label="School year",
        empty_label=None,
        widget=YearSelect,
    )
    network = django_filters.ModelChoiceFilter(
        queryset=networks_for, label="Learning network", empty_label="Any network"
    )
    level = django_filters.ChoiceFilter(
        choices=SchoolLevel.choices, label="School level", empty_label="Any level"
    )
    health = django_filters.ChoiceFilter(
        choices=PlanHealth.choices, method="computed", label="Plan status", empty_label="Any plan status"
    )
    overdue = django_filters.ChoiceFilter(
        choices=[(WITH_OVERDUE, "With overdue steps"), (WITHOUT_OVERDUE, "Without overdue steps")],
        method="computed",
        label="Overdue steps",
        empty_label="Any",
    )
    q = django_filters.CharFilter(method="search", label="School name")

    class Meta:
        model = School
        fields = ["year", "network", "level", "health", "overdue", "q"]

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        data.pop("page", None)
        if not data.get("year"):
            current = SchoolYear.objects.current()
            if current is not None:
                data["year"] = str(current.pk)
        super().__init__(data, *args, **kwargs)

    @cached_property
    def chosen_year(self) -> SchoolYear | None:
        """The year shown: the one asked for, else the current one (None when there is neither)."""
        self.errors  # noqa: B018  (validates the form, filling cleaned_data)
        return self.form.cleaned_data.get("year") or SchoolYear.objects.current()

    @property
    def chosen_health(self) -> str:
        self.errors  # noqa: B018
        return self.form.cleaned_data.get("health") or ""

    @property
    def chosen_overdue(self) -> str:
        self.errors  # noqa: B018
        return self.form.cleaned_data.get("overdue") or ""

    def computed(self, queryset, name, value):
        return queryset  # applied to the computed rows by programs.queries.network

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(name__icontains=word) | Q(code__iexact=word))
        return queryset
