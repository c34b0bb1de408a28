"""The web's input for a school's team page: members, the initiative, its action steps and notes.

Each form is shown on its own small page and posts there; the services in programs.services.teams decide
what is allowed, and a DomainError they raise becomes a form error.
"""

from django import forms
from django.utils import timezone

from competencies.tagging import CompetencyChoiceField, taggable_competencies
from leaderdev.models import LeadershipTier

from .models import StepStatus, TeamKind, TeamRole
from .queries.teams import school_staff

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _competencies():
    return CompetencyChoiceField(
        queryset=taggable_competencies(),
        required=False,
        help_text="Hold Ctrl (or ⌘) to choose several.",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.get_position_display()})"


class MemberForm(forms.Form):
    team = forms.ChoiceField(choices=TeamKind.choices, initial=TeamKind.PIPELINE)
    person = StaffChoiceField(queryset=None, empty_label="Choose someone on the school's staff")
    tier = forms.ChoiceField(
        label="Leadership tier",
        choices=[("", "Their tier on record"), *LeadershipTier.choices],
        required=False,
        help_text="Leave it to use the tier on their record.",
    )
    role = forms.ChoiceField(choices=TeamRole.choices, initial=TeamRole.MEMBER)
    start_date = forms.DateField(label="On the team from", widget=DATE)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = school_staff(school)
        self.fields["start_date"].initial = timezone.localdate()


class EndMembershipForm(forms.Form):
    end_date = forms.DateField(label="Left the team on", widget=DATE)
    reason = forms.CharField(
        max_length=200, required=False, help_text='For example "Moved to another school".'
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_date"].initial = timezone.localdate()


class ChangeTierForm(forms.Form):
    tier = forms.ChoiceField(label="New leadership tier", choices=LeadershipTier.choices)
    on_date = forms.DateField(label="In the new tier from", widget=DATE)

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tier"].choices = [c for c in LeadershipTier.choices if c[0] != membership.tier]
        self.fields["on_date"].initial = timezone.localdate()


class InitiativeForm(forms.Form):
    team = forms.ChoiceField(
        choices=TeamKind.choices, initial=TeamKind.PIPELINE, help_text="The team that leads it."
    )
    title = forms.CharField(max_length=200)
    focus = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The problem of practice and why the team chose it.",
    )
    success_measure = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What will be different when it works.",
    )

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competencies"] = _competencies()
        if editing:
            del self.fields["team"]


class StepForm(forms.Form):
    tier = forms.ChoiceField(label="Leadership tier", choices=LeadershipTier.choices)
    description = forms.CharField(max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    owner = StaffChoiceField(queryset=None, required=False, empty_label="No owner yet")
    due_date = forms.DateField(required=False, widget=DATE)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = school_staff(school)
        self.fields["competencies"] = _competencies()


class AdjustStepForm(forms.Form):
    description = forms.CharField(max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    tier = forms.ChoiceField(label="Leadership tier", choices=LeadershipTier.choices)
    owner = StaffChoiceField(queryset=None, required=False, empty_label="No owner")
    due_date = forms.DateField(required=False, widget=DATE)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why the team changes the step; it is written in the initiative's monitoring notes.",
    )

    def __init__(self, *args, step, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "description": step.description,
                "tier": step.tier,
                "owner": step.owner,
                "due_date": step.due_date,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = school_staff(step.initiative.team.school)


class StepStatusForm(forms.Form):
    status = forms.ChoiceField(choices=StepStatus.choices)
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Optional, but required when the step is dropped: say why.",
    )

    def __init__(self, *args, step, **kwargs):
        kwargs.setdefault("initial", {"status": step.status})
        super().__init__(*args, **kwargs)


class NoteForm(forms.Form):
    text = forms.CharField(label="What the team saw", widget=forms.Textarea(attrs={"rows": 3}))
    step = forms.ModelChoiceField(queryset=None, required=False, empty_label="The initiative as a whole")

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].queryset = initiative.steps.order_by("order", "pk")
