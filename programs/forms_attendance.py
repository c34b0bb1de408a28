"""The web's input for attendance and feedback: the sign-in page's marks and search, the grid's filters,
and a leader's feedback on a session.

``SignInForm`` has one radio group per expected person (``p<person pk>``: present, late, excused,
absent), pre-set to their current mark. Each group also carries the mark the page was drawn with
(Django's ``show_hidden_initial``), so ``marks()`` returns only what the facilitator changed: two
facilitators marking the same room on two phones never undo each other's marks.
"""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms

from leaderdev.models import Position

from .filters import RosterFilter
from .models import PARTICIPATING, AttendanceStatus, Enrollment
from .queries.attendance import RATING_LABELS

MARK_FIELD_TEMPLATE = "programs/partials/attendance_mark_field.html"
RATING_FIELD_TEMPLATE = "programs/partials/feedback_rating_field.html"


def mark_field_name(person) -> str:
    return f"p{person.pk}"


class SignInSearchForm(forms.Form):
    """The sign-in page's search (?q=): filters the list on the server, and as you type with JavaScript."""

    q = forms.CharField(
        label="Find a person",
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": "Name, e-mail or employee ID",
                "autocomplete": "off",
                "data-sign-in-search": "",
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    @property
    def text(self) -> str:
        return self.cleaned_data.get("q", "") if self.is_valid() else ""


class SignInForm(forms.Form):
    """Marks for `people` (rows of queries.attendance.expected_people, each with ``mark``)."""

    def __init__(self, people, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = list(people)
        for person in self.people:
            field = forms.ChoiceField(
                label=person.full_name,
                choices=AttendanceStatus.choices,
                required=False,  # an untouched group keeps its mark; "clear" sends ""
                initial=person.mark or "",
                show_hidden_initial=True,
                widget=forms.RadioSelect(attrs={"class": "btn-check", "autocomplete": "off"}),
            )
            field.person = person  # for the template: school, position, search text
            self.fields[mark_field_name(person)] = field
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page owns the <form> and its two submit buttons
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            *[Field(mark_field_name(p), template=MARK_FIELD_TEMPLATE) for p in self.people]
        )

    def marks(self) -> dict[int, str | None]:
        """``{person_id: status or None}`` for the groups changed on the page (call after is_valid())."""
        return {
            self.fields[name].person.pk: (self.cleaned_data.get(name) or None)
            for name in self.changed_data
            if name in self.fields
        }


class FeedbackForm(forms.Form):
    """A leader's short survey about one session."""

    rating = forms.TypedChoiceField(
        label="How useful was this session for your work?",
        choices=list(RATING_LABELS.items()),
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "btn-check", "autocomplete": "off"}),
        error_messages={"required": "Choose a rating from 1 to 5."},
    )
    comment = forms.CharField(
        label="Comment (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What worked, and what should change when the Office plans next year's sessions?",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field("rating", template=RATING_FIELD_TEMPLATE), "comment")


class AttendanceFilter(RosterFilter):
    """Who the attendance grid and its CSV show: the offering roster's own filters (RosterFilter, on
    the offering's enrollments), with the status narrowed to those of people taking part."""

    position = django_filters.ChoiceFilter(
        field_name="person__position", choices=Position.choices, label="Position", empty_label="Any position"
    )
    status = django_filters.ChoiceFilter(
        choices=[(status.value, status.label) for status in PARTICIPATING],
        label="Status",
        empty_label="Enrolled or completed",
    )

    class Meta(RosterFilter.Meta):
        pass

    @classmethod
    def for_offering(cls, data, offering) -> "AttendanceFilter":
        """The filter of `offering`'s grid and CSV for the query `data` (request.GET)."""
        return cls(data, queryset=Enrollment.objects.filter(offering=offering), offering=offering)
