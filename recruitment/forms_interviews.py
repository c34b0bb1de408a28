"""The web's input for interviews and reference checks: scheduling an interview, a panelist's scorecard,
a referee, a contact attempt, the referee's answers and a decline.

The scorecard is made for a phone: each competency is a fieldset with four big rating buttons (1 little
or no evidence ... 4 strong) and a box for the evidence; the recommendation is four buttons too.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from competencies.models import Competency
from competencies.queries.assessments import office_version
from competencies.tagging import CompetencyChoiceField

from .models import (
    REFERENCE_QUESTIONS,
    ContactMethod,
    InterviewKind,
    Recommendation,
    ReferenceCheck,
    Stage,
)
from .services.interviews import SCORE_LEVELS

SCORE_FIELD_TEMPLATE = "recruitment/interviews/score_field.html"
RECOMMENDATION_FIELD_TEMPLATE = "recruitment/interviews/recommendation_field.html"
CHECKBOX_GROUPS_TEMPLATE = "recruitment/interviews/competency_checkboxes.html"
MAX_TEXT = 4000


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # the page owns the <form> and its buttons
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper


class PanelistField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_full_name()} ({obj.email})" if obj.full_name else obj.email


class InterviewForm(forms.Form):
    """Schedule an interview of an application: kind, when, where, the panel and what it rates."""

    kind = forms.ChoiceField(choices=InterviewKind.choices)
    scheduled_at = forms.DateTimeField(
        label="Date and time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    location = forms.CharField(max_length=200, required=False, help_text="A room, a school, or a video link.")
    panelists = PanelistField(
        queryset=get_user_model().objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Who interviews and scores. Hold Ctrl (or ⌘) to choose several.",
    )
    competencies = CompetencyChoiceField(
        queryset=Competency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="The active framework's competencies the panel rates the candidate against.",
    )

    def __init__(self, *args, application, **kwargs):
        initial = kwargs.setdefault("initial", {})
        if application.stage == Stage.IN_DEPTH_INTERVIEW:
            initial.setdefault("kind", InterviewKind.IN_DEPTH)
        else:
            initial.setdefault("kind", InterviewKind.FIRST)
        super().__init__(*args, **kwargs)
        self.fields["panelists"].queryset = (
            get_user_model().objects.filter(is_active=True).order_by("full_name", "email")
        )
        version = office_version()
        self.version = version
        self.fields["competencies"].queryset = (
            Competency.objects.of_version(version) if version else Competency.objects.none()
        )
        self.helper = _helper(
            Row(
                Column("kind", css_class="col-md-4"),
                Column("scheduled_at", css_class="col-md-4"),
                Column("location", css_class="col-md-4"),
            ),
            "panelists",
            Field("competencies", template=CHECKBOX_GROUPS_TEMPLATE),
        )

    def competency_groups(self):
        """[(domain label, [checkbox, ...]), ...]: the checkboxes under their domain's heading."""
        bound = self["competencies"]
        checkboxes = iter(bound.subwidgets)
        return [(label, [next(checkboxes) for _ in options]) for label, options in bound.field.choices]

    def interview_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "scheduled_at": data["scheduled_at"],
            "location": data["location"],
            "panelists": list(data["panelists"]),
            "competencies": list(data["competencies"]),
        }


class PanelForm(forms.Form):
    """Change who sits on an interview's panel."""

    panelists = PanelistField(
        queryset=get_user_model().objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Hold Ctrl (or ⌘) to choose several. A panelist who submitted stays on the panel.",
    )

    def __init__(self, *args, interview, **kwargs):
        kwargs.setdefault("initial", {"panelists": [p.pk for p in interview.panelists.all()]})
        super().__init__(*args, **kwargs)
        self.fields["panelists"].queryset = (
            get_user_model().objects.filter(is_active=True).order_by("full_name", "email")
        )
        self.helper = _helper("panelists")


class ScorecardForm(forms.Form):
    """A panelist's scorecard: per competency a 1-4 rating and the evidence, a recommendation, notes.

    `submit` says whether the panelist pressed Submit: then every competency needs a rating and a
    recommendation is required (a draft may be partial).
    """

    recommendation = forms.ChoiceField(
        label="Your recommendation",
        choices=Recommendation.choices,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "btn-check", "autocomplete": "off"}),
    )
    notes = forms.CharField(
        label="Notes for the Office",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Anything the ratings do not say: follow-up questions, concerns, strengths.",
    )

    def __init__(self, *args, scorecard, competencies, submit=False, **kwargs):
        self.competencies = list(competencies)
        self.submit = submit
        ratings = {r.competency_id: r for r in scorecard.ratings.all()}
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("recommendation", scorecard.recommendation)
        initial.setdefault("notes", scorecard.notes)
        for competency in self.competencies:
            rating = ratings.get(competency.pk)
            if rating is not None:
                initial.setdefault(f"score_{competency.pk}", rating.score)
                initial.setdefault(f"evidence_{competency.pk}", rating.evidence)
        super().__init__(*args, **kwargs)
        layout = []
        for competency in self.competencies:
            score, evidence = f"score_{competency.pk}", f"evidence_{competency.pk}"
            self.fields[score] = forms.TypedChoiceField(
                label=f"{competency.code} {competency.statement}",
                choices=SCORE_LEVELS,
                coerce=int,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "btn-check", "autocomplete": "off"}),
            )
            self.fields[evidence] = forms.CharField(
                label=f"Evidence for {competency.code}",
                required=False,
                max_length=MAX_TEXT,
                widget=forms.Textarea(attrs={"rows": 2, "placeholder": "What did you see or hear?"}),
            )
            layout += [Field(score, template=SCORE_FIELD_TEMPLATE), Field(evidence, wrapper_class="mb-4")]
        self.order_fields(
            [
                *(f for c in self.competencies for f in (f"score_{c.pk}", f"evidence_{c.pk}")),
                "recommendation",
                "notes",
            ]
        )
        self.helper = _helper(
            *layout, Field("recommendation", template=RECOMMENDATION_FIELD_TEMPLATE), "notes"
        )

    def clean(self):
        data = super().clean()
        for competency in self.competencies:
            score = data.get(f"score_{competency.pk}")
            if score in (None, ""):
                if (data.get(f"evidence_{competency.pk}") or "").strip():
                    self.add_error(f"score_{competency.pk}", "Give a rating to keep this evidence.")
                elif self.submit:
                    self.add_error(f"score_{competency.pk}", "Rate this competency before you submit.")
        if self.submit and not data.get("recommendation"):
            self.add_error("recommendation", "Choose a recommendation before you submit.")
        return data

    def scorecard_fields(self) -> dict:
        """The cleaned fields, as services.interviews.save_scorecard takes them."""
        data = self.cleaned_data
        return {
            "ratings": {
                c.pk: {
                    "score": data.get(f"score_{c.pk}") or None,
                    "evidence": data.get(f"evidence_{c.pk}", ""),
                }
                for c in self.competencies
            },
            "recommendation": data.get("recommendation", ""),
            "notes": data.get("notes", ""),
            "submit": self.submit,
        }


# --- Reference checks --------------------------------------------------------------------------------


class ReferenceForm(forms.ModelForm):
    """A referee of an application."""

    class Meta:
        model = ReferenceCheck
        fields = ["referee_name", "referee_title", "relationship", "email", "phone"]
        labels = {"referee_name": "Referee's name", "referee_title": "Their title", "email": "E-mail"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("referee_name", css_class="col-md-6"), Column("referee_title", css_class="col-md-6")),
            "relationship",
            Row(Column("email", css_class="col-md-6"), Column("phone", css_class="col-md-6")),
        )


class ContactAttemptForm(forms.Form):
    """One attempt to reach a referee."""

    method = forms.ChoiceField(choices=ContactMethod.choices)
    at = forms.DateTimeField(
        label="When",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    outcome = forms.CharField(
        max_length=300, required=False, help_text="E.g. “left a message”, “call booked for Tuesday”."
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"at": timezone.localtime().replace(second=0, microsecond=0)})
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("method", css_class="col-sm-5"), Column("at", css_class="col-sm-7")), "outcome"
        )


class ReferenceAnswersForm(forms.Form):
    """The referee's answers to the Office's questions, and the checker's notes."""

    notes = forms.CharField(
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Your own notes: tone, hesitations, anything to follow up.",
    )

    def __init__(self, *args, reference, **kwargs):
        initial = kwargs.setdefault("initial", {})
        for key, _ in REFERENCE_QUESTIONS:
            initial.setdefault(f"answer_{key}", (reference.answers or {}).get(key, ""))
        initial.setdefault("notes", reference.notes)
        super().__init__(*args, **kwargs)
        for key, question in REFERENCE_QUESTIONS:
            self.fields[f"answer_{key}"] = forms.CharField(
                label=question, required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
            )
        self.order_fields([*(f"answer_{key}" for key, _ in REFERENCE_QUESTIONS), "notes"])
        self.helper = _helper(*(f"answer_{key}" for key, _ in REFERENCE_QUESTIONS), "notes")

    def answers(self) -> dict:
        return {key: self.cleaned_data[f"answer_{key}"] for key, _ in REFERENCE_QUESTIONS}


class DeclineForm(forms.Form):
    """Why a reference check is declined."""

    note = forms.CharField(
        label="Why is it declined?",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="E.g. “referee would not comment”, “no answer after three attempts”.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("note")
