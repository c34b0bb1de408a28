"""The web's input for logs: one entry of a mentorship's or coaching's log, and a mentee's end-of-year
feedback.

The log form is made for a phone and for a minute: the date defaults to today, the kind is four big
buttons, the duration is optional, and the focus competencies (the Office framework's active version,
grouped by domain) fold away until wanted. Private notes sit in their own box that says who reads them.
"""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Field, Layout, Row
from django import forms
from django.db.models import Q
from django.utils import timezone

from competencies.models import Competency
from competencies.queries.assessments import office_version
from competencies.tagging import CompetencyChoiceField, GroupedCompetencyIterator

from .models import LogKind
from .services.logs import MAX_NOTES

KIND_FIELD_TEMPLATE = "mentoring/logs/kind_field.html"
FOCUS_FIELD_TEMPLATE = "mentoring/logs/focus_field.html"
PRIVATE_FIELD_TEMPLATE = "mentoring/logs/private_field.html"
RATING_FIELD_TEMPLATE = "mentoring/logs/rating_field.html"
PRIVATE_LABEL = "Private notes"
PRIVATE_HELP = "Private: only you and program staff see these, never the person you support."


class DomainGroupedIterator(GroupedCompetencyIterator):
    """Group the choices by domain, naming the version only for competencies of another version than
    the Office's (a corrected entry may keep its older tags)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        queryset = self.queryset.select_related("domain__version").order_by(
            "-domain__version__created_at", "domain__number", "number"
        )
        groups: dict = {}
        for competency in queryset:
            groups.setdefault(competency.domain, []).append(self.choice(competency))
        for domain, choices in groups.items():
            label = str(domain)
            if domain.version_id != self.field.office_version_id:
                label = f"Version {domain.version.label} · {label}"
            yield (label, choices)


class FocusField(CompetencyChoiceField):
    iterator = DomainGroupedIterator

    def __init__(self, *args, office_version_id=None, **kwargs):
        self.office_version_id = office_version_id
        super().__init__(*args, **kwargs)


class LogEntryForm(forms.Form):
    """One conversation of a mentorship or a coaching assignment (`relationship`); `entry` when
    correcting an existing one."""

    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    kind = forms.ChoiceField(
        label="What was it?",
        choices=LogKind.choices,
        widget=forms.RadioSelect(attrs={"class": "btn-check", "autocomplete": "off"}),
    )
    duration_minutes = forms.IntegerField(
        label="Minutes",
        required=False,
        min_value=5,
        max_value=600,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 5, "placeholder": "optional"}),
    )
    focus = FocusField(
        queryset=Competency.objects.none(),
        required=False,
        label="Focus competencies",
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=MAX_NOTES,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shared: the person you support sees these.",
    )
    next_steps = forms.CharField(
        label="Next steps",
        required=False,
        max_length=MAX_NOTES,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Shared: what each of you will do before you next meet.",
    )
    private_notes = forms.CharField(
        label=PRIVATE_LABEL,
        required=False,
        max_length=MAX_NOTES,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=PRIVATE_HELP,
    )

    def __init__(self, *args, relationship, entry=None, **kwargs):
        today = timezone.localdate()
        if entry is not None:
            kwargs.setdefault(
                "initial",
                {
                    "date": entry.date,
                    "kind": entry.kind,
                    "duration_minutes": entry.duration_minutes,
                    "focus": [c.pk for c in entry.focus.all()],
                    "notes": entry.notes,
                    "next_steps": entry.next_steps,
                    "private_notes": entry.private_notes,
                },
            )
        else:
            kwargs.setdefault("initial", {"date": today, "kind": LogKind.MEETING})
        super().__init__(*args, **kwargs)
        self.relationship = relationship
        self.fields["date"].widget.attrs.update(
            {"max": today.isoformat(), "min": relationship.started_on.isoformat()}
        )

        version = office_version()
        focus = self.fields["focus"]
        focus.office_version_id = version.pk if version else None
        allowed = Q(domain__version=version) if version else Q(pk__in=[])
        if entry is not None:
            allowed |= Q(pk__in=[c.pk for c in entry.focus.all()])
        focus.queryset = Competency.objects.filter(allowed)

        self.helper = FormHelper()
        self.helper.form_tag = False  # the page owns the <form>, its hidden next and its buttons
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("date", css_class="col-7"),
                Column("duration_minutes", css_class="col-5"),
                css_class="g-2",
            ),
            Field("kind", template=KIND_FIELD_TEMPLATE),
            Field("focus", template=FOCUS_FIELD_TEMPLATE),
            "notes",
            "next_steps",
            Div(Field("private_notes", template=PRIVATE_FIELD_TEMPLATE)),
        )

    def focus_groups(self):
        """[(domain label, [checkbox, ...]), ...]: the focus checkboxes under their domain's heading."""
        bound = self["focus"]
        checkboxes = iter(bound.subwidgets)
        return [(label, [next(checkboxes) for _ in options]) for label, options in bound.field.choices]

    @property
    def focus_chosen(self) -> int:
        value = self["focus"].value() or []
        return len(value)

    def entry_fields(self) -> dict:
        """The cleaned fields, as services.logs.log_entry and edit_entry take them."""
        data = self.cleaned_data
        return {
            "date": data["date"],
            "kind": data["kind"],
            "duration_minutes": data["duration_minutes"],
            "focus": list(data["focus"]),
            "notes": data["notes"],
            "next_steps": data["next_steps"],
            "private_notes": data["private_notes"],
        }


RATINGS = [
    (1, "Not helpful"),
    (2, "A little"),
    (3, "Somewhat"),
    (4, "Helpful"),
    (5, "Very helpful"),
]


class FeedbackForm(forms.Form):
    """A mentee's end-of-year feedback on their mentorship."""

    rating = forms.TypedChoiceField(
        label="How helpful was your mentorship this year?",
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "btn-check", "autocomplete": "off"}),
        error_messages={"required": "Choose a rating from 1 to 5."},
    )
    most_helpful = forms.CharField(
        label="What helped you most?",
        required=False,
        max_length=MAX_NOTES,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    suggestions = forms.CharField(
        label="What should the Office change about mentoring?",
        required=False,
        max_length=MAX_NOTES,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    would_recommend = forms.TypedChoiceField(
        label="Would you recommend your mentor to a new leader?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="yes",
    )

    def __init__(self, *args, feedback=None, **kwargs):
        if feedback is not None:
            kwargs.setdefault(
                "initial",
                {
                    "rating": feedback.rating,
                    "most_helpful": feedback.most_helpful,
                    "suggestions": feedback.suggestions,
                    "would_recommend": "yes" if feedback.would_recommend else "no",
                },
            )
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field("rating", template=RATING_FIELD_TEMPLATE),
            "most_helpful",
            "suggestions",
            InlineRadios("would_recommend"),
        )

    def feedback_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "rating": data["rating"],
            "most_helpful": data["most_helpful"],
            "suggestions": data["suggestions"],
            "would_recommend": data["would_recommend"],
        }
