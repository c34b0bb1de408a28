"""The web's input for coaching sessions and spotlights.

The coaching form offers the school's teams, the people who may be coached with them (current members and
the school's staff), the action steps of the year's initiatives and, for individual coaching, starts from
the competencies the participant is growing. The rules that tie these together live in
programs.services.coaching; the view turns its DomainError into a form error.
"""

from django import forms

from competencies.tagging import CompetencyChoiceField, taggable_competencies
from leaderdev.models import Person

from .models import CoachingKind, CoachingSession, Facilitator, Session, Spotlight


class PersonChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.get_position_display()})" if obj.position else obj.full_name


class StepChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.initiative.team.get_kind_display()} · {obj.get_tier_display()}: {obj.description}"


class CoachingSessionForm(forms.ModelForm):
    participants = PersonChoices(
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Individual coaching is with one person.",
    )
    action_steps = StepChoices(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Action steps worked on",
    )
    competencies = CompetencyChoiceField(
        queryset=taggable_competencies(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        label="Competencies worked on",
    )

    class Meta:
        model = CoachingSession
        fields = [
            "team",
            "kind",
            "held_on",
            "coach",
            "duration_minutes",
            "participants",
            "focus",
            "is_observation",
            "action_steps",
            "competencies",
            "notes",
            "next_steps",
        ]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"held_on": "Date", "duration_minutes": "Minutes"}

    def __init__(self, *args, teams, people, steps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["team"].empty_label = None
        self.fields["participants"].queryset = people
        self.fields["action_steps"].queryset = steps
        self.fields["coach"].queryset = Facilitator.objects.select_related("person")
        self.fields["kind"].choices = CoachingKind.choices

    def service_arguments(self) -> dict:
        """The cleaned data as programs.services.coaching.log_session/edit_session take it."""
        data = dict(self.cleaned_data)
        data.pop("team")
        return data


class SpotlightForm(forms.ModelForm):
    presenters = PersonChoices(
        queryset=Person.objects.filter(is_active=True),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Spotlight
        fields = [
            "school",
            "title",
            "held_on",
            "practice",
            "initiative",
            "session",
            "presenters",
            "competencies",
        ]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}),
            "practice": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"held_on": "Date", "session": "Program session"}

    def __init__(self, *args, schools, initiatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["initiative"].queryset = initiatives
        self.fields["session"].queryset = Session.objects.select_related("offering__program").order_by(
            "-starts_at"
        )
        self.fields["competencies"].required = False

    def service_arguments(self) -> dict:
        return dict(self.cleaned_data)
