"""The web's input for the school implementation rubric: the overview's filters, the year shown on a
school's page, and a program staff member's new rating."""

from django import forms

from leaderdev.models import Network, SchoolLevel, SchoolYear

from .models import ImplementationLevel, ImplementationSystem


class SchoolYearField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", SchoolYear.objects.order_by("-start_date"))
        kwargs.setdefault("label", "School year")
        kwargs.setdefault("required", False)
        kwargs.setdefault("empty_label", "Current year")
        super().__init__(**kwargs)


class RubricFilterForm(forms.Form):
    """The overview's filters (?network=&level=&stage=&school_year=). All optional; a bad value is
    reported on its field and the other filters still apply."""

    network = forms.ModelChoiceField(
        queryset=Network.objects.order_by("name"),
        required=False,
        label="Learning network",
        empty_label="Any network",
    )
    level = forms.ChoiceField(
        choices=[("", "Any level"), *SchoolLevel.choices], required=False, label="School level"
    )
    stage = forms.TypedChoiceField(
        choices=[("", "Any stage"), *ImplementationLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
        label="Has a system at",
    )
    school_year = SchoolYearField()

    def filters(self) -> dict:
        """The valid filters, even when another one is not (call after is_valid())."""
        data = getattr(self, "cleaned_data", {})
        return {
            "network": data.get("network"),
            "level": data.get("level") or "",
            "stage": data.get("stage"),
        }


class SchoolYearChoiceForm(forms.Form):
    """Which school year a school's rubric shows (?school_year=)."""

    school_year = SchoolYearField()


class ImplementationRatingForm(forms.Form):
    """A new rating of one system of a school (for the school year the page shows)."""

    system = forms.ModelChoiceField(
        queryset=ImplementationSystem.objects.filter(is_active=True).order_by("order", "name"),
        empty_label="Choose a system",
    )
    level = forms.TypedChoiceField(
        choices=ImplementationLevel.choices, coerce=int, widget=forms.RadioSelect, label="Level"
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
        help_text="What you saw and what would move the school to the next level.",
    )
