"""The web's input for matching rounds: a new round's weights, a pair to pin or forbid, and the filters
of the round list and of a round's proposals (django-filter)."""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout, Submit
from django import forms
from django.db.models import Q

from leaderdev.models import Network, Person, SchoolLevel, SchoolYear

from .models import CRITERIA, ConstraintKind, MatchProposal, MatchRound, Mentor
from .services.matching import eligible_mentees, mentors_with_places

# What each weight rewards, in the words staff use when they set it.
WEIGHT_HELP = {
    "same_level": "Leaders of the same kind of school (K-8 counts half with elementary and with middle).",
    "same_network": "Leaders of the same learning network.",
    "strengths": "The share of the mentee's needs that are among the mentor's strengths.",
    "language": "A language the mentee asked for that the mentor speaks.",
    "distance": "Schools close together (full points next door, none at the limit or 25 km).",
    "preference": "The mentee's own ranking of mentors (first choice earns the most).",
}
WEIGHT_FIELDS = [f"weight_{key}" for key, _ in CRITERIA]


class RoundForm(forms.ModelForm):
    """A new round: its year, name, the six weights (0-10) and an optional travel limit."""

    class Meta:
        model = MatchRound
        fields = ["school_year", "name", *WEIGHT_FIELDS, "max_distance_km"]
        labels = {f"weight_{key}": label for key, label in CRITERIA}
        widgets = {name: forms.NumberInput(attrs={"min": 0, "max": 10, "step": 1}) for name in WEIGHT_FIELDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].empty_label = None
        self.fields["school_year"].initial = SchoolYear.objects.current()
        self.fields["name"].widget.attrs["placeholder"] = "e.g. Fall matching, first pass"
        for key, _ in CRITERIA:
            self.fields[f"weight_{key}"].help_text = f"{WEIGHT_HELP[key]} 0 ignores it, 10 matters most."
        self.fields["max_distance_km"].widget.attrs.update({"min": 1, "placeholder": "No limit"})
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Div(Div("name", css_class="col-md-8"), Div("school_year", css_class="col-md-4"), css_class="row"),
            Fieldset(
                "Weights: how much each criterion counts",
                Div(
                    *[Div(Field(name), css_class="col-sm-6 col-lg-4") for name in WEIGHT_FIELDS],
                    css_class="row",
                ),
            ),
            Fieldset(
                "Hard rule", Div(Div("max_distance_km", css_class="col-sm-6 col-lg-4"), css_class="row")
            ),
            Submit("create", "Create round"),
        )

    def round_fields(self) -> dict:
        """The keyword arguments of services.matching.create_round, from the cleaned data."""
        data = dict(self.cleaned_data)
        data.pop("school_year")
        return data


class MenteeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        school = person.school.name if person.school_id else "central office"
        return f"{person.last_name}, {person.first_name} · {school}"


class MentorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, mentor):
        person = mentor.person
        school = person.school.name if person.school_id else "central office"
        free = mentor.capacity - mentor.taken
        places = f"{free} free place{'s' if free != 1 else ''}"
        return f"{person.last_name}, {person.first_name} · {school} · {places}"


class PairForm(forms.Form):
    """Pin (must pair) or forbid (never pair) a mentee and a mentor in a round.

    The proposals table's "pin" and "forbid" buttons post the same three fields as hidden inputs.
    """

    mentee = MenteeChoiceField(queryset=Person.objects.none(), empty_label="Choose a new leader")
    mentor = MentorChoiceField(queryset=Mentor.objects.none(), empty_label="Choose a mentor")
    kind = forms.ChoiceField(
        choices=ConstraintKind.choices,
        widget=forms.RadioSelect,
        initial=ConstraintKind.PIN,
        label="What to do",
        help_text="A pin must respect the hard rules; a forbidden pair is never proposed.",
    )

    def __init__(self, match_round, *args, **kwargs):
        super().__init__(*args, **kwargs)
        school_year = match_round.school_year
        self.fields["mentee"].queryset = (
            eligible_mentees(school_year).select_related("school").order_by("last_name", "first_name", "pk")
        )
        self.fields["mentor"].queryset = (
            mentors_with_places(school_year)
            .select_related("person__school")
            .order_by("person__last_name", "person__first_name", "pk")
        )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("mentee", css_class="form-select"),
            Field("mentor", css_class="form-select"),
            Field("kind"),
            Submit("save", "Save"),
        )


class RoundFilter(django_filters.FilterSet):
    """The round list: one school year, the current one unless another (or every year) is chosen."""

    school_year = django_filters.ModelChoiceFilter(
        queryset=SchoolYear.objects.all(), label="School year", empty_label="Every year"
    )

    class Meta:
        model = MatchRound
        fields = ["school_year"]

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and "school_year" not in data:
            current = SchoolYear.objects.current()
            if current is not None:
                data = data.copy()
                data["school_year"] = str(current.pk)
        super().__init__(data, *args, **kwargs)


class ProposalFilter(django_filters.FilterSet):
    """A round's proposals: a name (mentee or mentor), the mentee's network and level, a score below X."""

    q = django_filters.CharFilter(method="search", label="Mentee or mentor name")
    network = django_filters.ModelChoiceFilter(
        field_name="mentee__school__network",
        queryset=Network.objects.all(),
        label="Mentee's network",
        empty_label="Any network",
    )
    level = django_filters.ChoiceFilter(
        field_name="mentee__school__level",
        choices=SchoolLevel.choices,
        label="Mentee's school level",
        empty_label="Any level",
    )
    score_below = django_filters.NumberFilter(
        field_name="score", lookup_expr="lt", label="Score below", min_value=0
    )

    class Meta:
        model = MatchProposal
        fields = ["q", "network", "level", "score_below"]

    def search(self, queryset, name, value):
        """Every word must be in the mentee's or the mentor's first or last name ("ana diaz" works)."""
        for word in value.split():
            q = Q()
            for path in ("mentee__", "mentor__person__"):
                q |= Q(**{f"{path}first_name__icontains": word}) | Q(**{f"{path}last_name__icontains": word})
            queryset = queryset.filter(q)
        return queryset
