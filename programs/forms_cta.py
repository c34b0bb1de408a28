"""The web's input for a school's Call-to-Action plan: drafting it, its vision, goals, targets and actions,
adopting, the Winter review, check-ins and an action's status.

The plan page holds several forms; each posts an ``action`` (see the constants) and carries a prefix, so a
form with errors re-renders with what was typed while the others keep their own values.
"""

from django import forms
from django.utils import timezone

from competencies.models import ImplementationSystem
from leaderdev.models import Person

from .models import GoalAction, GoalTarget, Institute, StepStatus, StrategicGoal
from .queries.cta import institute_sessions, year_sessions

DRAFT, VISION, ADD_GOAL, ADOPT, REVIEW, CLOSE = "draft", "vision", "add_goal", "adopt", "review", "close"
EDIT, REMOVE, ADD_TARGET, ADD_ACTION = "edit", "remove", "add_target", "add_action"

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, session):
        return f"{session.title} ({session.starts_at:%b %-d, %Y})"


class DraftPlanForm(forms.Form):
    prefix = "draft"

    drafted_at = SessionChoiceField(
        queryset=None,
        required=False,
        label="Drafted at",
        empty_label="Not at an institute session",
        help_text="The Summer Institute session where the ILT drafted the plan.",
    )
    vision = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="The school's call to action, in a few sentences. You can write it later.",
    )

    def __init__(self, *args, school_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["drafted_at"].queryset = institute_sessions(school_year, Institute.SUMMER)


class VisionForm(forms.Form):
    prefix = "vision"

    vision = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="The school's call to action, in a few sentences.",
    )


class GoalForm(forms.ModelForm):
    prefix = "goal"

    class Meta:
        model = StrategicGoal
        fields = ["statement", "system", "order"]
        labels = {"statement": "Goal", "system": "School system it strengthens"}
        help_texts = {"order": "Goals are listed by this number."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["system"].queryset = ImplementationSystem.objects.filter(is_active=True)
        self.fields["system"].empty_label = "None in particular"


class TargetForm(forms.ModelForm):
    prefix = "target"

    class Meta:
        model = GoalTarget
        fields = ["measure", "unit", "baseline", "target", "due_date"]
        widgets = {"due_date": DATE}
        labels = {"due_date": "Due"}
        help_texts = {"target": "Lower than the baseline when the measure should go down."}


class ActionForm(forms.ModelForm):
    prefix = "action"

    class Meta:
        model = GoalAction
        fields = ["description", "owner", "due_date"]
        widgets = {"due_date": DATE}
        labels = {"description": "What will be done", "owner": "Who", "due_date": "By when"}

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Person.objects.filter(school=school, is_active=True).order_by(
            "last_name", "first_name"
        )
        self.fields["owner"].empty_label = "Nobody yet"


class ReviewForm(forms.Form):
    prefix = "review"

    reviewed_at = SessionChoiceField(
        queryset=None,
        required=False,
        label="Reviewed at",
        empty_label="Not at an institute session",
        help_text="The Winter Institute session where the ILT reviewed the plan.",
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="What the review found and what changed",
    )

    def __init__(self, *args, school_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewed_at"].queryset = institute_sessions(school_year, Institute.WINTER)


class CheckInForm(forms.Form):
    prefix = "check_in"

    value = forms.DecimalField(max_digits=10, decimal_places=2, label="Value measured")
    checked_on = forms.DateField(widget=DATE, label="Measured on", initial=timezone.localdate)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="What the team made of it.",
    )
    session = SessionChoiceField(
        queryset=None,
        required=False,
        empty_label="Not at a session",
        help_text="The session where it was measured, if any.",
    )

    def __init__(self, *args, school_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = year_sessions(school_year)


class ActionStatusForm(forms.Form):
    """One action's status, inline in the action plan table (so its label is for screen readers)."""

    status = forms.ChoiceField(choices=StepStatus.choices)

    def __init__(self, *args, action, **kwargs):
        kwargs.setdefault("prefix", f"action-{action.pk}")
        kwargs.setdefault("initial", {"status": action.status})
        super().__init__(*args, **kwargs)
        self.fields["status"].widget.attrs.update(
            {"aria-label": f"Status of “{action.description}”", "class": "form-select form-select-sm"}
        )
