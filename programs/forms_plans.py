"""The web's input for PD plans: a new goal, a goal's status, the reflection, and a comment.

The plan page holds several forms; each posts an ``action`` (see ``PLAN_ACTIONS``) and carries a prefix,
so a form with errors re-renders with what was typed while the others keep their own values.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Hidden, Layout
from django import forms

from competencies.tagging import CompetencyChoiceField, GroupedCompetencyIterator, taggable_competencies

from .models import GoalStatus
from .services.plans import MAX_TEXT

ADD_GOAL, GOAL_STATUS, REFLECTION = "add_goal", "goal_status", "reflection"
PLAN_ACTIONS = (ADD_GOAL, GOAL_STATUS, REFLECTION)


class CompetencyField(forms.ModelChoiceField):
    """One competency, chosen from the list CompetencyChoiceField shows (grouped by version and domain).

    CompetencyChoiceField picks several competencies to tag a session; a goal grows exactly one, so this
    is its single-choice twin, with the same groups and the same "2.1 Listen effectively ..." labels.
    """

    iterator = GroupedCompetencyIterator
    label_from_instance = CompetencyChoiceField.label_from_instance


class GoalForm(forms.Form):
    prefix = "goal"

    competency = CompetencyField(
        queryset=taggable_competencies(),
        empty_label="Choose a competency",
        help_text="The leader competency this goal grows.",
    )
    goal = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_TEXT,
        help_text="What you will do this year, and how you will know you did it.",
    )


class GoalStatusForm(forms.Form):
    """One goal's status; the goal is the one named in the posted ``goal_id``, looked up in the plan.

    Shown inline under each goal, so its label is for screen readers only ("Status of goal 2.1").
    """

    status = forms.ChoiceField(choices=GoalStatus.choices, label="Status")

    def __init__(self, *args, goal, **kwargs):
        kwargs.setdefault("prefix", f"goal-{goal.pk}")
        kwargs.setdefault("initial", {"status": goal.status})
        super().__init__(*args, **kwargs)
        self.goal = goal
        label = f"Status of goal {goal.competency.code}"
        self.fields["status"].label = label
        self.fields["status"].widget.attrs.update({"aria-label": label, "class": "form-select-sm"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.form_show_labels = False
        self.helper.layout = Layout(
            Hidden("action", GOAL_STATUS),
            Hidden("goal_id", goal.pk),
            Field("status"),
        )


class ReflectionForm(forms.Form):
    prefix = "reflection"

    reflection = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=MAX_TEXT,
        label="Reflection notes",
        help_text="What you are learning, what is working, what you want to try next. Only you, program "
        "staff and your coach or mentor see it.",
    )


class CommentForm(forms.Form):
    prefix = "comment"

    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX_TEXT, label="Your comment"
    )
