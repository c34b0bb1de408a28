"""List filters of recruitment's pipeline pages (django-filter).

ApplicationFilter   the application list: cycle, role, stage, source, kind of source, school level, and a
                    name or e-mail search
BoardFilter         the pipeline board: one cycle (the default cycle unless chosen), role, school level and
                    kind of source; its stages are the board's columns
"""

import django_filters
from django.db.models import Q

from leaderdev.models import SchoolLevel

from .models import Application, HiringCycle, HiringRole, Source, SourceKind, Stage


def _role_filter():
    return django_filters.ChoiceFilter(choices=HiringRole.choices, label="Role", empty_label="Any role")


def _level_filter():
    return django_filters.ChoiceFilter(
        field_name="school_level",
        choices=SchoolLevel.choices,
        label="School level",
        empty_label="Any level",
    )


def _source_kind_filter():
    return django_filters.ChoiceFilter(
        field_name="source__kind",
        choices=SourceKind.choices,
        label="Kind of source",
        empty_label="Any kind",
    )


class ApplicationFilter(django_filters.FilterSet):
    """The application list; filters recruitment.queries.pipeline.application_list."""

    q = django_filters.CharFilter(method="search", label="Name or e-mail")
    cycle = django_filters.ModelChoiceFilter(
        queryset=HiringCycle.objects.order_by("-opens_on"), label="Cycle", empty_label="Every cycle"
    )
    role = _role_filter()
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label="Stage", empty_label="Any stage")
    source = django_filters.ModelChoiceFilter(
        queryset=Source.objects.order_by("name"), label="Source", empty_label="Any source"
    )
    source_kind = _source_kind_filter()
    level = _level_filter()

    class Meta:
        model = Application
        fields = ["q", "cycle", "role", "stage", "source", "source_kind", "level"]

    def search(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(
                Q(candidate__first_name__icontains=word)
                | Q(candidate__last_name__icontains=word)
                | Q(candidate__email__icontains=word)
            )
        return queryset


class BoardFilter(django_filters.FilterSet):
    """The board: always one cycle (the view fills in the default one), then role, level, source kind."""

    cycle = django_filters.ModelChoiceFilter(
        queryset=HiringCycle.objects.select_related("school_year").order_by("-opens_on"),
        label="Cycle",
        empty_label=None,
    )
    role = _role_filter()
    level = _level_filter()
    source_kind = _source_kind_filter()

    class Meta:
        model = Application
        fields = ["cycle", "role", "level", "source_kind"]
