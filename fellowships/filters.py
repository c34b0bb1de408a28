"""List filters of the fellowship's staff pages (django-filter).

ApplicationFilter   the application list: cohort, status, whether the recommendation has arrived, the
                    applicant's school network, and a search by name
"""

import django_filters
from django.db.models import Q

from leaderdev.models import Network

from .models import ApplicationStatus, Cohort, FellowshipApplication


class ApplicationFilter(django_filters.FilterSet):
    """The application list; filters fellowships.queries.applications.application_list."""

    q = django_filters.CharFilter(method="search", label="Name")
    cohort = django_filters.ModelChoiceFilter(
        queryset=Cohort.objects.order_by("-residency_starts_on"), label="Cohort", empty_label="Every cohort"
    )
    status = django_filters.ChoiceFilter(
        choices=ApplicationStatus.choices, label="Status", empty_label="Any status"
    )
    has_recommendation = django_filters.ChoiceFilter(
        choices=[("yes", "Received"), ("no", "Not yet received")],
        method="recommendation_received",
        label="Recommendation",
        empty_label="Either",
    )
    network = django_filters.ModelChoiceFilter(
        field_name="person__school__network",
        queryset=Network.objects.order_by("name"),
        label="School network",
        empty_label="Any network",
    )

    class Meta:
        model = FellowshipApplication
        fields = ["q", "cohort", "status", "has_recommendation", "network"]

    def recommendation_received(self, queryset, name, value):
        return queryset.filter(recommendation__isnull=value != "yes")

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(person__first_name__icontains=word) | Q(person__last_name__icontains=word)
            )
        return queryset
