"""The web's input for the mentor pool and partner coaching: status moves, assigning a coach, and the
admin's forms (languages as tick boxes, capacity checked against mentees already taken).

Forms validate and say what is wrong in words; the rules live in mentoring.services.pool and
mentoring.services.coaching, which check again when they write.
"""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError

from leaderdev.errors import DomainError
from leaderdev.models import Person

from .models import Coach, CoachAssignment, Language, Mentor, MentorStatus
from .queries import pool as queries
from .services import coaching as coaching_services
from .services import pool as pool_services

# Where a staff member can move mentors from the pool page: every status but the two a mentor enters with.
MOVE_CHOICES = [(status, MentorStatus(status).label) for status in pool_services.MOVE_ORDER]


class MentorMoveForm(forms.Form):
    """Move the ticked mentors (or one row's, through its button ``quick="<id>:<status>"``) to a status.

    A row button carries the mentor and the status in its own value, so one form holds the whole table:
    the ticks and the bulk bar for many mentors, the row buttons for one; the reason box serves both.
    """

    mentors = forms.ModelMultipleChoiceField(
        queryset=Mentor.objects.none(), widget=forms.CheckboxSelectMultiple, label="Mentors"
    )
    to_status = forms.ChoiceField(choices=MOVE_CHOICES, label="Move to")
    reason = forms.CharField(
        max_length=300, required=False, label="Reason", help_text="Kept in each mentor's status history."
    )

    def __init__(self, school_year, data=None, **kwargs):
        if data is not None and data.get("quick"):
            mentor, _, status = data["quick"].partition(":")
            data = data.copy()
            data.setlist("mentors", [mentor])
            data["to_status"] = status
        super().__init__(data, **kwargs)
        self.fields["mentors"].queryset = Mentor.objects.filter(school_year=school_year).select_related(
            "person"
        )
        self.fields["mentors"].error_messages["required"] = "Tick at least one mentor to move."
        self.helper = FormHelper()
        self.helper.form_tag = False

    def perform(self, user) -> pool_services.MoveReport:
        data = self.cleaned_data
        return pool_services.move_mentors(
            data["mentors"], data["to_status"], user=user, reason=data["reason"]
        )


class CoachChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, coach):
        load = getattr(coach, "load", None)
        coaching = f" · coaches {load}" if load is not None else ""
        return f"{coach.full_name} ({coach.organization.name}){coaching}"


class AssignCoachForm(forms.Form):
    """Give a new school leader a partner coach for the school year."""

    leader = forms.ModelChoiceField(queryset=Person.objects.none(), widget=forms.HiddenInput)
    coach = CoachChoiceField(queryset=Coach.objects.none(), empty_label="Choose a coach")
    started_on = forms.DateField(
        label="Starts on", widget=forms.DateInput(attrs={"type": "date"}), help_text="The first meeting."
    )

    def __init__(self, school_year, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.school_year = school_year
        self.fields["leader"].queryset = Person.objects.school_leaders().filter(is_active=True)
        self.fields["coach"].queryset = queries.coach_choices(school_year)
        self.fields["started_on"].initial = coaching_services.default_start(school_year)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def save(self) -> CoachAssignment:
        """Assign the coach; raises DomainError when the rules refuse."""
        data = self.cleaned_data
        return coaching_services.assign_coach(
            data["coach"], data["leader"], self.school_year, started_on=data["started_on"]
        )


# --- The admin's forms -------------------------------------------------------------------------------------


class LanguagesField(forms.MultipleChoiceField):
    """The district's languages as tick boxes, stored as a list of codes."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", Language.choices)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class MentorAdminForm(forms.ModelForm):
    """A mentor in the admin: status is moved by actions (so history is written), not typed here."""

    languages = LanguagesField()

    class Meta:
        model = Mentor
        fields = [
            "person",
            "school_year",
            "source",
            "nominated_by",
            "capacity",
            "availability",
            "strengths",
            "languages",
            "notes",
        ]

    def clean(self):
        cleaned = super().clean()
        person, school_year = cleaned.get("person"), cleaned.get("school_year")
        if self.instance.pk is None and person and school_year:
            try:
                pool_services.check_can_join(person, school_year)
            except DomainError as error:
                raise ValidationError(str(error)) from None
        return cleaned

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if self.instance.pk is not None:
            try:
                pool_services.check_capacity(self.instance, capacity)
            except DomainError as error:
                raise ValidationError(str(error)) from None
        return capacity


class LanguagesAdminForm(forms.ModelForm):
    """Any mentoring record with a ``languages`` list (mentee profiles, coaches)."""

    languages = LanguagesField()
