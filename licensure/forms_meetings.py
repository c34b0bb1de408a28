"""The web's input for support groups and meetings: the list's year filter, adding a member, scheduling
one meeting or the whole year, a meeting's attendance sheet and its notes.

``AttendanceSheetForm`` has, per member, a status radio group (``status_<person pk>``) and a next-steps
textarea (``steps_<person pk>``), both pre-set to what is recorded. Each field also carries the value
the page was drawn with (Django's ``show_hidden_initial``), so ``rows()`` holds only the members whose
row the facilitator changed: a co-facilitator saving the same sheet on another phone is not undone.
"""

import datetime

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.utils import timezone

from leaderdev.models import Person, SchoolYear

from .models import AttendanceStatus, SupportGroup
from .services.meetings import MAX_NEXT_STEPS, MAX_NOTES

STATUS_FIELD_TEMPLATE = "licensure/meetings/status_field.html"
WEEKDAYS = [(0, "Monday"), (1, "Tuesday"), (2, "Wednesday"), (3, "Thursday"), (4, "Friday")]
NTH = [(1, "First"), (2, "Second"), (3, "Third"), (4, "Fourth"), (-1, "Last")]


def _helper() -> FormHelper:
    """The page owns each <form> (its action URL and button): crispy draws the fields."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class GroupFilter(django_filters.FilterSet):
    """The group list: one school year, the current one unless another is chosen."""

    school_year = django_filters.ModelChoiceFilter(
        queryset=SchoolYear.objects.all(), label="School year", empty_label=None, method="in_year"
    )

    class Meta:
        model = SupportGroup
        fields = ["school_year"]

    def __init__(self, data=None, *args, **kwargs):
        self.current_year = SchoolYear.objects.current()
        data = data.copy() if data is not None else {}
        if not data.get("school_year") and self.current_year:
            data["school_year"] = str(self.current_year.pk)
        super().__init__(data, *args, **kwargs)
        self.form.helper = _helper()

    def in_year(self, queryset, name, value):
        return queryset.filter(school_year=value)

    @property
    def chosen_year(self) -> SchoolYear | None:
        """The year chosen (a valid one), else the current year."""
        if self.form.is_valid() and self.form.cleaned_data.get("school_year"):
            return self.form.cleaned_data["school_year"]
        return self.current_year


class AddMemberForm(forms.Form):
    """Add someone to a group: anyone with an active license pursuit who is not in it and does not run it
    (``candidates`` comes from queries.meetings.member_candidates)."""

    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label="Who joins",
        empty_label="Choose a person",
        help_text="People with an active license pursuit who are not in this group yet.",
    )
    joined_on = forms.DateField(
        label="Joined on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Today unless you say otherwise.",
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = candidates
        self.fields["person"].label_from_instance = lambda p: (
            f"{p.last_name}, {p.first_name} · {p.school.name if p.school else 'Central office'}"
        )
        self.helper = _helper()


class _MeetingTimes(forms.Form):
    def _aware(self, day: datetime.date, time: datetime.time) -> datetime.datetime:
        """A date and a time on the district's clock."""
        return timezone.make_aware(datetime.datetime.combine(day, time), timezone.get_current_timezone())


class ScheduleMeetingForm(_MeetingTimes):
    """One meeting of a group, in the district's zone."""

    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start_time = forms.TimeField(
        label="Starts", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(label="Ends", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    location = forms.CharField(max_length=200, required=False, help_text="A room, or a video link.")
    agenda = forms.CharField(required=False, max_length=MAX_NOTES, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.helper.layout = Layout(
            Div(
                Div("date", css_class="col-12"),
                Div("start_time", css_class="col-6"),
                Div("end_time", css_class="col-6"),
                css_class="row g-2",
            ),
            "location",
            "agenda",
        )

    def clean(self):
        data = super().clean()
        if all(data.get(key) for key in ("date", "start_time", "end_time")):
            data["starts_at"] = self._aware(data["date"], data["start_time"])
            data["ends_at"] = self._aware(data["date"], data["end_time"])
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end_time", "The meeting must end after it starts.")
        return data

    def meeting_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "location": data["location"],
            "agenda": data["agenda"],
        }


class ScheduleMonthlyForm(_MeetingTimes):
    """The year's meetings: the nth weekday of each month, September to June."""

    nth = forms.TypedChoiceField(label="Which", choices=NTH, coerce=int, initial=2)
    weekday = forms.TypedChoiceField(label="Day", choices=WEEKDAYS, coerce=int, initial=2)
    start_time = forms.TimeField(
        label="Starts",
        initial=datetime.time(16, 0),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    minutes = forms.IntegerField(
        label="Minutes", min_value=15, max_value=480, initial=90, widget=forms.NumberInput(attrs={"step": 15})
    )
    location = forms.CharField(max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.helper.layout = Layout(
            Div(
                Div("nth", css_class="col-6"),
                Div("weekday", css_class="col-6"),
                Div("start_time", css_class="col-6"),
                Div("minutes", css_class="col-6"),
                css_class="row g-2",
            ),
            "location",
        )

    def monthly_fields(self) -> dict:
        return {
            key: self.cleaned_data[key] for key in ("weekday", "nth", "start_time", "minutes", "location")
        }


def status_name(person_id: int) -> str:
    return f"status_{person_id}"


def steps_name(person_id: int) -> str:
    return f"steps_{person_id}"


class AttendanceSheetForm(forms.Form):
    """A meeting's attendance sheet: one row per member (``members`` from queries.meetings.meeting_sheet,
    each with its ``attendance`` or None)."""

    def __init__(self, members, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        rows = []
        for membership in self.members:
            person, recorded = membership.person, membership.attendance
            status = forms.ChoiceField(
                label=person.full_name,
                choices=AttendanceStatus.choices,
                required=False,
                initial=recorded.status if recorded else "",
                show_hidden_initial=True,
                widget=forms.RadioSelect(attrs={"class": "btn-check", "autocomplete": "off"}),
            )
            status.person = person  # for the template: the school under the name
            steps = forms.CharField(
                label=f"Next steps for {person.full_name}",
                required=False,
                max_length=MAX_NEXT_STEPS,
                initial=recorded.next_steps if recorded else "",
                show_hidden_initial=True,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[status_name(person.pk)] = status
            self.fields[steps_name(person.pk)] = steps
            rows.append(
                Div(
                    Field(status_name(person.pk), template=STATUS_FIELD_TEMPLATE),
                    Field(steps_name(person.pk), wrapper_class="mb-0"),
                    css_class="ld-sheet-row border-bottom py-3",
                    css_id=f"member-{person.pk}",
                )
            )
        self.helper = _helper()
        self.helper.layout = Layout(*rows)

    def clean(self):
        data = super().clean()
        for membership in self.members:
            pid = membership.person.pk
            if data.get(steps_name(pid)) and not data.get(status_name(pid)):
                self.add_error(status_name(pid), f"Say whether {membership.person.full_name} came.")
        return data

    def rows(self) -> dict[int, tuple[str, str]]:
        """``{person_id: (status, next_steps)}`` for the members whose row changed and has a status."""
        changed = set(self.changed_data)
        rows = {}
        for membership in self.members:
            pid = membership.person.pk
            status = self.cleaned_data.get(status_name(pid))
            if status and {status_name(pid), steps_name(pid)} & changed:
                rows[pid] = (status, self.cleaned_data.get(steps_name(pid), ""))
        return rows


class NotesForm(forms.Form):
    """What the group worked on at a meeting; every member reads it."""

    notes = forms.CharField(
        label="Notes for the whole group",
        required=False,
        max_length=MAX_NOTES,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Every member of the group reads these. Write each person's next steps on their row.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
