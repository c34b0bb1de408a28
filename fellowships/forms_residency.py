"""The web's input for residency plans: a week of hours, a milestone marked complete, a reflection.

The hours form is made for a phone and one screen: any day of the week (the service files it under the
Monday), the hours, a few lines of what the fellow did, and the competencies practised (the Office
framework's active version, grouped by domain, as mentoring's log form does) folded away until wanted.
"""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.db.models import Q
from django.utils import timezone

from competencies.models import Competency
from competencies.queries.assessments import office_version
from mentoring.forms_logs import FocusField

from .models import MAX_WEEKLY_HOURS
from .services.residency import monday_of

COMPETENCIES_FIELD_TEMPLATE = "fellowships/residency/competencies_field.html"
MAX_NOTE = 2000


class CompetencyGroupsMixin:
    """The competencies checkboxes under their domain's heading, for COMPETENCIES_FIELD_TEMPLATE."""

    def _limit_competencies(self, kept=()):
        """Offer the Office framework's active version, plus whatever an existing record already carries."""
        version = office_version()
        field = self.fields["competencies"]
        field.office_version_id = version.pk if version else None
        allowed = Q(domain__version=version) if version else Q(pk__in=[])
        if kept:
            allowed |= Q(pk__in=[c.pk for c in kept])
        field.queryset = Competency.objects.filter(allowed)

    def competency_groups(self):
        """[(domain label, [checkbox, ...]), ...]."""
        bound = self["competencies"]
        checkboxes = iter(bound.subwidgets)
        return [(label, [next(checkboxes) for _ in options]) for label, options in bound.field.choices]

    @property
    def competencies_chosen(self) -> int:
        return len(self["competencies"].value() or [])


def competencies_field(label="Competencies practised"):
    return FocusField(
        queryset=Competency.objects.none(),
        required=False,
        label=label,
        widget=forms.CheckboxSelectMultiple,
    )


class HoursForm(CompetencyGroupsMixin, forms.Form):
    """A week of residency hours; `entry` when correcting a week already logged (its week stays put).

    `logged_weeks` are the Mondays the residency already has: logging one of them again is refused with
    a pointer to correcting it, so a second entry never silently replaces the first.
    """

    week_of = forms.DateField(
        label="Week",
        help_text="Any day of the week; it is filed under its Monday.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    hours = forms.DecimalField(
        label="Hours",
        min_value=Decimal("0.5"),
        max_value=MAX_WEEKLY_HOURS,
        max_digits=4,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"}),
    )
    activities = forms.CharField(
        label="What you did",
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you led, observed or practised this week.",
    )
    competencies = competencies_field()

    def __init__(self, *args, residency, entry=None, logged_weeks=(), **kwargs):
        today = timezone.localdate()
        if entry is not None:
            kwargs.setdefault(
                "initial",
                {
                    "week_of": entry.week_of,
                    "hours": entry.hours,
                    "activities": entry.activities,
                    "competencies": [c.pk for c in entry.competencies.all()],
                },
            )
        else:
            kwargs.setdefault("initial", {"week_of": today})
        super().__init__(*args, **kwargs)
        self.entry = entry
        self.logged_weeks = set(logged_weeks)
        cohort = residency.fellow.cohort
        week = self.fields["week_of"]
        week.widget.attrs.update(
            {"min": monday_of(cohort.residency_starts_on).isoformat(), "max": today.isoformat()}
        )
        if entry is not None:
            week.disabled = True
            week.help_text = "To log another week, go back and log it separately."
        self._limit_competencies(entry.competencies.all() if entry is not None else ())

        self.helper = FormHelper()
        self.helper.form_tag = False  # the page owns the <form> and its buttons
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(Column("week_of", css_class="col-7"), Column("hours", css_class="col-5"), css_class="g-2"),
            "activities",
            Field("competencies", template=COMPETENCIES_FIELD_TEMPLATE),
        )

    def clean_week_of(self):
        day = self.cleaned_data["week_of"]
        if self.entry is None and monday_of(day) in self.logged_weeks:
            week = monday_of(day)
            raise forms.ValidationError(
                f"You already logged the week of {week:%B} {week.day}; "
                "correct that week in the table instead."
            )
        return day

    def hours_fields(self) -> dict:
        """The cleaned fields, as services.residency.log_hours takes them."""
        data = self.cleaned_data
        return {
            "week_of": data["week_of"],
            "hours": data["hours"],
            "activities": data["activities"].strip(),
            "competencies": list(data["competencies"]),
        }


class MilestoneDoneForm(forms.Form):
    """The fellow marks a milestone complete: when, and what they did."""

    completed_on = forms.DateField(
        label="Completed on", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    evidence_note = forms.CharField(
        label="What you did",
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="A few lines your host reads before signing off.",
    )

    def __init__(self, *args, milestone=None, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault("initial", {"completed_on": today})
        kwargs.setdefault("prefix", f"milestone-{milestone.pk}" if milestone is not None else None)
        super().__init__(*args, **kwargs)
        self.fields["completed_on"].widget.attrs["max"] = today.isoformat()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_completed_on(self):
        day = self.cleaned_data["completed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("A milestone cannot be completed in the future.")
        return day


class ReflectionForm(CompetencyGroupsMixin, forms.Form):
    """A reflection the fellow writes, shared with their host unless they untick it."""

    title = forms.CharField(max_length=160)
    body = forms.CharField(label="Reflection", max_length=10_000, widget=forms.Textarea(attrs={"rows": 8}))
    competencies = competencies_field("Competencies it touches")
    shared_with_host = forms.BooleanField(
        label="Share with my host principal",
        required=False,
        initial=True,
        help_text="Untick to keep it between you and the Office: program staff can always read it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_competencies()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "title",
            "body",
            Field("competencies", template=COMPETENCIES_FIELD_TEMPLATE),
            "shared_with_host",
        )

    def reflection_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"].strip(),
            "body": data["body"].strip(),
            "shared_with_host": data["shared_with_host"],
            "competencies": list(data["competencies"]),
        }
