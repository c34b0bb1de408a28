"""The web's input for applying and selecting: the application, the supervisor's recommendation, the
applicant's withdrawal, and staff's moves (one or many) and screening score.

Forms validate and say what is wrong in words; the rules live in fellowships.services.selection, which
checks again when it writes and raises DomainError, shown on the form or as a message.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Fieldset, Layout
from django import forms

from leaderdev.models import Person

from .models import ESSAY_WORDS, ApplicationStatus, Endorsement, FellowshipApplication, Recommendation
from .queries import applications as queries
from .services import selection

ESSAYS = ("why_principal", "leadership_experience", "equity_commitment")
ENDORSEMENT_FIELD_TEMPLATE = "fellowships/applications/endorsement_field.html"
# Where a bulk move may send applications: every status but submitted, which only applying reaches.
MOVE_CHOICES = [
    (value, label) for value, label in ApplicationStatus.choices if value != ApplicationStatus.SUBMITTED
]


def _helper(layout=None) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout is not None:
        helper.layout = layout
    return helper


def word_count(text: str) -> int:
    return len(text.split())


class EssayField(forms.CharField):
    """A required essay of at most ESSAY_WORDS words (counted on the server; the page's script only
    shows the count as one types)."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", forms.Textarea(attrs={"rows": 8, "data-word-limit": ESSAY_WORDS, "class": "ld-essay"})
        )
        kwargs.setdefault("help_text", f"Up to {ESSAY_WORDS} words.")
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        words = word_count(value or "")
        if words > ESSAY_WORDS:
            raise forms.ValidationError(
                f"Keep it to {ESSAY_WORDS} words: this has {words}. Cut {words - ESSAY_WORDS}.",
                code="too_long",
            )


class SupervisorField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        where = person.school.name if person.school else "Central office"
        return f"{person.last_name}, {person.first_name} · {person.get_position_display()}, {where}"


class ApplyForm(forms.Form):
    """An application to `cohort` by `person`: who recommends them and the three essays."""

    supervisor = SupervisorField(
        queryset=Person.objects.none(),
        empty_label="Choose your principal or supervisor",
        label="Who recommends you",
        help_text="Your principal, head of school or central office supervisor. They are asked to write "
        "your recommendation, which only the selection committee reads.",
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = queries.supervisors(person)
        for name in ESSAYS:
            model_field = FellowshipApplication._meta.get_field(name)
            self.fields[name] = EssayField(label=model_field.verbose_name)
        self.helper = _helper(
            Layout(
                Fieldset("Your recommendation", Field("supervisor")),
                Fieldset("Your essays", *ESSAYS),
            )
        )

    def essays(self) -> dict:
        return {name: self.cleaned_data[name].strip() for name in ESSAYS}


class EndorsementWidget(forms.RadioSelect):
    def __init__(self):
        super().__init__(attrs={"class": "btn-check", "autocomplete": "off"})


class RecommendationForm(forms.Form):
    """The supervisor's endorsement, as big buttons, and their letter."""

    endorsement = forms.ChoiceField(
        choices=Endorsement.choices, widget=EndorsementWidget(), label="Your endorsement"
    )
    text = forms.CharField(
        label="Your recommendation",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=Recommendation._meta.get_field("text").help_text,
        max_length=10_000,
    )

    def __init__(self, *args, recommendation=None, **kwargs):
        if recommendation is not None:
            kwargs.setdefault(
                "initial", {"endorsement": recommendation.endorsement, "text": recommendation.text}
            )
        super().__init__(*args, **kwargs)
        self.helper = _helper(Layout(Field("endorsement", template=ENDORSEMENT_FIELD_TEMPLATE), "text"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        max_length=300,
        label="Why are you withdrawing?",
        help_text="A line for the selection committee.",
        widget=forms.TextInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class MoveForm(forms.Form):
    """One application's move: the button pressed gives the status; the reason box serves every button."""

    to_status = forms.ChoiceField(choices=MOVE_CHOICES)
    reason = forms.CharField(
        max_length=300,
        required=False,
        label="Reason",
        help_text="Needed for waitlisted, not selected and withdrawn; the applicant reads it.",
    )


class BulkMoveForm(MoveForm):
    """Move the ticked applications through selection.move_applications."""

    applications = forms.ModelMultipleChoiceField(
        queryset=FellowshipApplication.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    to_status = forms.ChoiceField(choices=[("", "Choose a status"), *MOVE_CHOICES], label="Move to")

    def __init__(self, *args, applications=None, **kwargs):
        super().__init__(*args, **kwargs)
        if applications is not None:
            self.fields["applications"].queryset = applications
        self.fields["applications"].error_messages["required"] = "Tick at least one application to move."
        self.fields["to_status"].error_messages["required"] = "Choose the status to move them to."

    def perform(self, user) -> selection.MoveReport:
        data = self.cleaned_data
        return selection.move_applications(
            data["applications"].select_related("person", "cohort"),
            data["to_status"],
            reason=data["reason"],
            user=user,
        )


class ScoreForm(forms.ModelForm):
    class Meta:
        model = FellowshipApplication
        fields = ["screening_score"]
        labels = {"screening_score": "Screening score"}
        widgets = {"screening_score": forms.NumberInput(attrs={"min": 0, "max": 100, "inputmode": "numeric"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
