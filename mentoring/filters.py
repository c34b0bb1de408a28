"""List filters of mentoring's staff pages (django-filter). A page and its CSV export use the same FilterSet.

MentorPoolFilter     the pool: status, school level, network, free places, a name
MenteeFilter         the year's mentees: matched or not, profile or not, level, network, position, a name
CoverageFilter       partner coaching: organisation, covered or not, level, network, a name
MentorshipHealthFilter / CoachingHealthFilter
                     mentorship health: network, level, mentor (or organisation), stale only, and
                     ``weeks``, the "no contact in N weeks" threshold (settings.MENTORING_NO_CONTACT_WEEKS
                     by default)
"""

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Exists, OuterRef

from leaderdev.models import Network, Person, SchoolLevel
from programs.filters import name_search

from .models import CoachAssignment, Mentor, Mentorship, MentorStatus, PartnerOrganization
from .queries import pool as pool_queries

YES_NO = [("yes", "Yes"), ("no", "No")]
MAX_WEEKS = 52


class YesNoFilter(django_filters.ChoiceFilter):
    """ "Yes" keeps the rows whose boolean annotation `field_name` is true, "no" those where it is false."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", YES_NO)
        kwargs.setdefault("empty_label", "Either")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value not in ("yes", "no"):
            return qs
        return qs.filter(**{self.field_name: value == "yes"})


def _network_filter(path: str):
    return django_filters.ModelChoiceFilter(
        field_name=f"{path}school__network",
        queryset=Network.objects.all(),
        label="Learning network",
        empty_label="Any network",
    )


def _level_filter(path: str):
    return django_filters.ChoiceFilter(
        field_name=f"{path}school__level",
        choices=SchoolLevel.choices,
        label="School level",
        empty_label="Any level",
    )


class _NameSearch:
    person_path = ""

    def search(self, queryset, name, value):
        return name_search(queryset, self.person_path, value)


# --- The pool and the mentees --------------------------------------------------------------------------


class MentorPoolFilter(_NameSearch, django_filters.FilterSet):
    """The pool page: filters a queryset from mentoring.queries.pool.pool (it needs the ``free`` column)."""

    person_path = "person__"

    q = django_filters.CharFilter(method="search", label="Name, e-mail or employee ID")
    status = django_filters.ChoiceFilter(choices=MentorStatus.choices, empty_label="Any status")
    level = _level_filter("person__")
    network = _network_filter("person__")
    has_places = django_filters.ChoiceFilter(
        method="filter_places", choices=YES_NO, label="Has free places", empty_label="Either"
    )

    class Meta:
        model = Mentor
        fields = ["q", "status", "level", "network", "has_places"]

    def filter_places(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(free__gt=0)
        if value == "no":
            return queryset.filter(free__lte=0)
        return queryset


class MenteeFilter(_NameSearch, django_filters.FilterSet):
    """The mentees tab: filters mentoring.queries.pool.mentees."""

    q = django_filters.CharFilter(method="search", label="Name, e-mail or employee ID")
    matched = YesNoFilter(field_name="is_matched", label="Has a mentor")
    profile = YesNoFilter(field_name="has_profile", label="Has a mentee profile")
    level = _level_filter("")
    network = _network_filter("")

    class Meta:
        model = Person
        fields = ["q", "matched", "profile", "level", "network"]


class CoverageFilter(_NameSearch, django_filters.FilterSet):
    """The coaching coverage page: filters mentoring.queries.pool.coverage for `school_year`."""

    q = django_filters.CharFilter(method="search", label="Name, e-mail or employee ID")
    covered = YesNoFilter(field_name="has_coach", label="Has a coach")
    organization = django_filters.ModelChoiceFilter(
        queryset=PartnerOrganization.objects.all(),
        method="filter_organization",
        label="Coach's organisation",
        empty_label="Any organisation",
    )
    level = _level_filter("")
    network = _network_filter("")

    class Meta:
        model = Person
        fields = ["q", "covered", "organization", "level", "network"]

    def __init__(self, data=None, queryset=None, *, school_year, **kwargs):
        self.school_year = school_year
        super().__init__(data, queryset, **kwargs)

    def filter_organization(self, queryset, name, value):
        if not value:
            return queryset
        coached = pool_queries.active_assignments(self.school_year).filter(
            leader=OuterRef("pk"), coach__organization=value
        )
        return queryset.filter(Exists(coached))


# --- Mentorship health ----------------------------------------------------------------------------------


class WeeksFilter(django_filters.Filter):
    """The "no contact in N weeks" threshold: a whole number of weeks. It filters nothing itself; the
    health FilterSet reads it (``threshold``) for its stale filter and its summary."""

    field_class = forms.IntegerField

    def filter(self, qs, value):
        return qs


class _HealthFilter(django_filters.FilterSet):
    """What both health tables filter by; the queryset comes from mentoring.queries.health.

    ``weeks`` is valid between 1 and 52; anything else shows an error on the form and the default
    (settings.MENTORING_NO_CONTACT_WEEKS) applies.
    """

    network = _network_filter("")
    level = _level_filter("")
    stale = django_filters.BooleanFilter(
        method="filter_stale",
        label="Only pairs with no recent contact",
        widget=forms.CheckboxInput,
    )
    weeks = WeeksFilter(
        label="No contact in (weeks)",
        min_value=1,
        max_value=MAX_WEEKS,
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_WEEKS}),
    )

    def __init__(self, data=None, queryset=None, *, school_year, as_of, **kwargs):
        self.school_year = school_year
        self.as_of = as_of
        if data is not None and not data.get("weeks"):
            data = data.copy()  # no threshold asked for: show (and use) the office's default
            data["weeks"] = str(self.default_weeks())
        super().__init__(data, queryset, **kwargs)

    @staticmethod
    def default_weeks() -> int:
        return settings.MENTORING_NO_CONTACT_WEEKS

    @property
    def threshold(self) -> int:
        """The threshold in force: the valid ``weeks`` asked for, else the setting."""
        if self.is_bound:
            self.errors  # noqa: B018  (validates the form, so cleaned_data holds the valid fields)
            return self.form.cleaned_data.get("weeks") or self.default_weeks()
        return self.default_weeks()

    def filter_stale(self, queryset, name, value):
        from .queries import health

        if not value:
            return queryset
        return queryset.filter(health.stale_q(self.as_of, self.threshold))


class MentorshipHealthFilter(_HealthFilter):
    network = _network_filter("mentee__")
    level = _level_filter("mentee__")
    mentor = django_filters.ModelChoiceFilter(
        queryset=Mentor.objects.none(), label="Mentor", empty_label="Any mentor"
    )

    class Meta:
        model = Mentorship
        fields = ["network", "level", "mentor", "stale", "weeks"]

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        # Only mentors who have a pair this year, named without a query per option.
        self.filters["mentor"].queryset = (
            Mentor.objects.filter(
                school_year=self.school_year,
                pk__in=pool_queries.active_mentorships(self.school_year).values("mentor_id"),
            )
            .select_related("person")
            .only("pk", "person__first_name", "person__last_name")
            .order_by("person__last_name", "person__first_name", "pk")
        )
        self.filters["mentor"].field.label_from_instance = lambda mentor: mentor.person.full_name


class CoachingHealthFilter(_HealthFilter):
    network = _network_filter("leader__")
    level = _level_filter("leader__")
    organization = django_filters.ModelChoiceFilter(
        field_name="coach__organization",
        queryset=PartnerOrganization.objects.all(),
        label="Coach's organisation",
        empty_label="Any organisation",
    )

    class Meta:
        model = CoachAssignment
        fields = ["network", "level", "organization", "stale", "weeks"]
