"""The web's input for the pipeline: adding a candidate (with duplicate detection), applying, moving one
application or many, and hiring.

Forms validate and say what is wrong in words; the rules live in recruitment.services (pipeline, hiring,
candidates), which check again when they write and raise DomainError, shown on the form.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms

from leaderdev.errors import DomainError
from leaderdev.models import School, SchoolLevel

from .models import Application, HiringRole, Source, Stage
from .queries import pipeline as queries
from .services import candidates as candidate_services
from .services import hiring, pipeline

# Where a bulk move may send applications: every stage but hired, which only Hire reaches.
MOVE_CHOICES = [(value, label) for value, label in Stage.choices if value != Stage.HIRED]


def _helper(layout=None) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout is not None:
        helper.layout = layout
    return helper


def _sources():
    return Source.objects.filter(is_active=True).order_by("name")


class _ApplicationFields(forms.Form):
    """What an application needs: the cycle, the role, the source, a preferred school level."""

    cycle = forms.ModelChoiceField(queryset=queries.cycles(), label="Cycle", empty_label="Choose a cycle")
    role = forms.ChoiceField(choices=[("", "Choose a role"), *HiringRole.choices], label="Role")
    source = forms.ModelChoiceField(queryset=_sources(), label="Source", empty_label="Choose a source")
    school_level = forms.ChoiceField(
        choices=[("", "No preference"), *SchoolLevel.choices], label="Preferred school level", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = queries.cycles()
        self.fields["source"].queryset = _sources()
        self.fields["cycle"].initial = queries.default_cycle()


class CandidateForm(_ApplicationFields):
    """A new candidate and, optionally, their first application.

    On a likely duplicate (same name, ignoring case and accents) the form is refused with the matches in
    ``duplicates``, and offers ``confirm_new`` ("this is someone else"); the same e-mail is refused
    outright, since the office knows that person already. Everything typed stays on the form.
    """

    first_name = forms.CharField(max_length=80)
    last_name = forms.CharField(max_length=80)
    email = forms.EmailField(label="E-mail")
    phone = forms.CharField(max_length=40, required=False)
    current_role = forms.CharField(
        max_length=200, required=False, label="Current role", help_text="Their current job, as they say it."
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    add_application = forms.BooleanField(
        required=False, initial=True, label="Add an application for this candidate now"
    )
    confirm_new = forms.BooleanField(
        required=False,
        label="This is someone else: add them anyway",
        help_text="Tick only after checking the people listed above.",
    )

    field_order = [
        "first_name",
        "last_name",
        "email",
        "phone",
        "current_role",
        "notes",
        "add_application",
        "cycle",
        "role",
        "source",
        "school_level",
        "confirm_new",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicates = []
        self.same_email = []
        for name in ("cycle", "role", "source"):
            self.fields[name].required = False
        self.helper = _helper(
            Layout(
                Fieldset(
                    "The candidate",
                    Div(
                        Div("first_name", css_class="col-sm-6"),
                        Div("last_name", css_class="col-sm-6"),
                        Div("email", css_class="col-sm-6"),
                        Div("phone", css_class="col-sm-6"),
                        Div("current_role", css_class="col-12"),
                        Div("notes", css_class="col-12"),
                        css_class="row",
                    ),
                ),
                Fieldset(
                    "Their application",
                    Field("add_application"),
                    Div(
                        Div("cycle", css_class="col-sm-6"),
                        Div("role", css_class="col-sm-6"),
                        Div("source", css_class="col-sm-6"),
                        Div("school_level", css_class="col-sm-6"),
                        css_class="row",
                    ),
                ),
            )
        )

    def clean(self):
        data = super().clean()
        if data.get("add_application"):
            for name, message in (
                ("cycle", "Choose the cycle."),
                ("role", "Choose the role they apply for."),
                ("source", "Choose where they come from."),
            ):
                if not data.get(name):
                    self.add_error(name, message)
        if not all(data.get(name) for name in ("first_name", "last_name", "email")):
            return data
        self.duplicates = candidate_services.possible_duplicates(
            first_name=data["first_name"], last_name=data["last_name"], email=data["email"]
        )
        email = data["email"].strip().lower()
        self.same_email = [c for c in self.duplicates if c.email.lower() == email]
        if self.same_email:
            self.add_error(
                "email", f"{self.same_email[0]} already has this e-mail: open their record instead."
            )
        elif self.duplicates and not data.get("confirm_new"):
            self.add_error(
                None,
                "This may be someone the office already knows (listed below). Open their record, or tick "
                "“This is someone else” to add a new candidate.",
            )
        return data

    @property
    def asks_to_confirm(self) -> bool:
        """Show the "this is someone else" box: only when there are same-name matches to confirm against."""
        return bool(self.duplicates) and not self.same_email

    def save(self, user):
        """Add the candidate (and application); DomainError from the services lands on the form."""
        data = self.cleaned_data
        apply_now = data.get("add_application")
        try:
            return candidate_services.add_candidate_and_apply(
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                phone=data["phone"],
                current_role=data["current_role"],
                notes=data["notes"],
                user=user,
                confirm_new=data["confirm_new"],
                cycle=data["cycle"] if apply_now else None,
                role=data["role"],
                source=data["source"],
                school_level=data["school_level"],
            )
        except DomainError as error:
            self.add_error(None, str(error))
            return None


class ApplyForm(_ApplicationFields):
    """Another application of a known candidate (another role or another cycle)."""

    def __init__(self, candidate, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidate = candidate
        self.helper = _helper(
            Layout(
                Div(
                    Div("cycle", css_class="col-sm-6"),
                    Div("role", css_class="col-sm-6"),
                    Div("source", css_class="col-sm-6"),
                    Div("school_level", css_class="col-sm-6"),
                    css_class="row",
                )
            )
        )

    def save(self, user):
        data = self.cleaned_data
        try:
            return pipeline.apply(
                self.candidate,
                data["cycle"],
                role=data["role"],
                source=data["source"],
                school_level=data["school_level"],
                user=user,
            )
        except DomainError as error:
            self.add_error(None, str(error))
            return None


class MoveForm(forms.Form):
    """One application's move: the stage (a button's value) and a reason (required to reject/withdraw)."""

    to_stage = forms.ChoiceField(choices=MOVE_CHOICES)
    reason = forms.CharField(
        max_length=300,
        required=False,
        label="Reason",
        help_text="Kept in the stage history. Required to reject or withdraw.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class BulkMoveForm(forms.Form):
    """Move the ticked applications of the list to one stage; each moves or is refused with its reason."""

    applications = forms.ModelMultipleChoiceField(
        queryset=Application.objects.none(), widget=forms.MultipleHiddenInput, label="Applications"
    )
    to_stage = forms.ChoiceField(choices=[("", "Choose a stage"), *MOVE_CHOICES], label="Move to")
    reason = forms.CharField(
        max_length=300,
        required=False,
        label="Reason",
        help_text="Kept in each application's history. Required to reject or withdraw.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = Application.objects.all()
        self.fields["applications"].error_messages["required"] = "Tick at least one application to move."
        self.fields["to_stage"].error_messages["required"] = "Choose the stage to move them to."
        self.helper = _helper()

    def perform(self, user) -> pipeline.BulkMoveReport:
        data = self.cleaned_data
        return pipeline.move_many(data["applications"], data["to_stage"], user=user, reason=data["reason"])


class OpeningChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, opening):
        return f"{opening.get_role_display()} at {opening.school.name}"


class HireForm(forms.Form):
    """Hire an application in the pool: the school, the start date, HR's employee id for an external
    candidate, and the opening it fills (optional; its school is used when no school is chosen)."""

    opening = OpeningChoiceField(
        queryset=None, required=False, label="Opening filled", empty_label="No particular opening"
    )
    school = forms.ModelChoiceField(
        queryset=School.objects.order_by("name"),
        required=False,
        label="School",
        empty_label="Choose a school",
    )
    start_date = forms.DateField(
        label="Starts in the role on", widget=forms.DateInput(attrs={"type": "date"})
    )
    employee_id = forms.CharField(
        max_length=20, required=False, label="Employee ID", help_text="The id HR gave the new hire."
    )

    def __init__(self, application, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        self.fields["opening"].queryset = queries.open_openings(application)
        self.fields["start_date"].initial = application.cycle.school_year.start_date
        if application.candidate.is_internal:
            del self.fields["employee_id"]
        else:
            self.fields["employee_id"].required = True
        self.helper = _helper()

    def clean(self):
        data = super().clean()
        if not data.get("school"):
            if data.get("opening"):
                data["school"] = data["opening"].school
            else:
                self.add_error("school", "Choose the school they will lead (or the opening they fill).")
        return data

    def save(self, user):
        data = self.cleaned_data
        try:
            return hiring.hire(
                self.application,
                user=user,
                school=data["school"],
                start_date=data["start_date"],
                employee_id=data.get("employee_id", ""),
                opening=data.get("opening"),
            )
        except DomainError as error:
            self.add_error(None, str(error))
            return None
