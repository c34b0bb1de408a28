"""Staff's forms for placements and the end-of-year decision."""

from django import forms

from .models import Readiness
from .queries import placements as queries


class PlaceFellowForm(forms.Form):
    """Place one unplaced fellow with a host who has a free place (the same rules as the matching)."""

    fellow = forms.ModelChoiceField(
        queryset=None, empty_label="Choose a fellow", widget=forms.Select(attrs={"class": "form-select"})
    )
    host = forms.ModelChoiceField(
        queryset=None, empty_label="Choose a host", widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fellow"].queryset = queries.placeable_fellows(cohort)
        self.fields["fellow"].label_from_instance = lambda f: (
            f"{f.person.full_name} ({f.person.school.name if f.person.school else 'central office'})"
        )
        self.fields["host"].queryset = queries.hosts_to_offer(cohort)
        self.fields["host"].label_from_instance = lambda h: (
            f"{h.person.full_name}, {h.person.school.name if h.person.school else 'no school'} "
            f"({h.free} place{'s' if h.free != 1 else ''} left)"
        )


class ReadinessForm(forms.Form):
    readiness = forms.ChoiceField(choices=Readiness.choices, widget=forms.RadioSelect, label="Decision")
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="What the residency showed; the fellow reads this.",
    )
