"""The web's input for licensure pursuits: starting one, recording progress on a requirement, adding
evidence (a file or a link), and the team's return-with-reason and status change.

Forms check what a form can (required fields, the kind and size of a file, one of file or link); the
rules live in licensure.services.progress, which checks again when it writes and raises DomainError,
shown on the form. The checklist page shows one progress form and one evidence form per requirement, so
each takes a prefix from its requirement and its ids never collide.
"""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.utils import timezone

from .models import EVIDENCE_RULE, ProgressStatus, PursuitStatus, RequirementProgress
from .queries import pursuits as queries
from .services.progress import amount_text

DATE_INPUT = {"type": "date"}


def _helper(layout=None) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # the page owns the <form> and its button
    helper.disable_csrf = True
    if layout is not None:
        helper.layout = layout
    return helper


def _plain(amount):
    """120 rather than 120.0 in a number input; 12.5 as it is."""
    if amount is None or amount % 1:
        return amount
    return amount.quantize(1)


class StartPursuitForm(forms.Form):
    """An employee starts pursuing a license: which one (active ones they do not pursue yet) and when
    they mean to apply to the state."""

    license_type = forms.ModelChoiceField(
        queryset=None, label="License", empty_label="Choose a license", to_field_name="pk"
    )
    target_date = forms.DateField(
        label="When do you mean to apply?",
        widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
        help_text="Your target date; the licensure team plans support around it. If it moves, tell them.",
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["license_type"].queryset = queries.startable_license_types(person)
        self.fields["target_date"].widget.attrs["min"] = timezone.localdate().isoformat()
        self.helper = _helper()

    def clean_target_date(self):
        target = self.cleaned_data["target_date"]
        if target < timezone.localdate():
            raise forms.ValidationError("Choose a date from today on.")
        return target


class ProgressForm(forms.Form):
    """Where one requirement stands, from the employee: in progress or submitted, an amount for a
    countable requirement, when it was done, and a note."""

    status = forms.ChoiceField(
        label="Where does it stand?",
        choices=[
            (ProgressStatus.IN_PROGRESS, "Still working on it"),
            (ProgressStatus.SUBMITTED, "Done: submit for verification"),
        ],
        widget=forms.RadioSelect,
    )
    amount_done = forms.DecimalField(
        min_value=0,
        max_digits=7,
        decimal_places=1,
        required=False,
        widget=forms.NumberInput(attrs={"step": "0.5"}),
    )
    completed_on = forms.DateField(
        label="Completed on",
        required=False,
        widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
        help_text="When you finished it (the course passed, the test taken).",
    )
    note = forms.CharField(
        label="Note for the team",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, requirement, progress: RequirementProgress | None = None, **kwargs):
        kwargs.setdefault("prefix", f"progress-{requirement.pk}")
        if progress is not None:
            submitted = progress.status == ProgressStatus.SUBMITTED
            status = ProgressStatus.SUBMITTED if submitted else ProgressStatus.IN_PROGRESS
            kwargs.setdefault(
                "initial",
                {
                    "status": status,
                    "amount_done": _plain(progress.amount_done),
                    "completed_on": progress.completed_on,
                    "note": progress.note,
                },
            )
        else:
            kwargs.setdefault("initial", {"status": ProgressStatus.IN_PROGRESS})
        super().__init__(*args, **kwargs)
        self.requirement = requirement
        self.fields["completed_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        fields = [InlineRadios("status")]
        if requirement.target_amount is None:
            del self.fields["amount_done"]
            fields.append("completed_on")
        else:
            unit = requirement.unit or "amount"
            amount = self.fields["amount_done"]
            amount.label = f"{unit.capitalize()} done"
            amount.help_text = f"Of {amount_text(requirement.target_amount)} {unit} needed."
            amount.widget.attrs["max"] = amount_text(requirement.target_amount * 2)
            amount.widget.attrs["inputmode"] = "decimal"
            fields.append(
                Row(Column("amount_done", css_class="col-6"), Column("completed_on", css_class="col-6"))
            )
        fields.append(Field("note"))
        self.helper = _helper(Layout(*fields))

    def progress_fields(self) -> dict:
        """The cleaned data as services.progress.update_progress takes it."""
        data = self.cleaned_data
        return {
            "status": data["status"],
            "amount_done": data.get("amount_done"),
            "completed_on": data.get("completed_on"),
            "note": data.get("note", ""),
        }


class EvidenceForm(forms.Form):
    """A file or a link that shows a requirement is met, with what it is."""

    file = forms.FileField(
        label="A file",
        required=False,
        validators=[EVIDENCE_RULE],
        help_text=f"{EVIDENCE_RULE.description}.",
        widget=forms.ClearableFileInput(attrs={"accept": EVIDENCE_RULE.accept}),
    )
    link = forms.URLField(
        label="Or a link",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="For example to an online score report or a transcript portal.",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    description = forms.CharField(
        label="What is it?",
        max_length=200,
        help_text="For example “MTEL score report” or “practicum log, fall semester”.",
    )

    def __init__(self, *args, requirement, **kwargs):
        kwargs.setdefault("prefix", f"evidence-{requirement.pk}")
        super().__init__(*args, **kwargs)
        self.requirement = requirement
        self.helper = _helper()

    def clean(self):
        data = super().clean()
        has_file, has_link = bool(data.get("file")), bool(data.get("link"))
        if has_file and has_link:
            raise forms.ValidationError("Give a file or a link, not both.")
        if not has_file and not has_link and not self.has_error("file") and not self.has_error("link"):
            raise forms.ValidationError("Choose a file or give a link.")
        return data

    def evidence_fields(self) -> dict:
        data = self.cleaned_data
        return {"file": data.get("file"), "link": data.get("link", ""), "description": data["description"]}


class ReturnForm(forms.Form):
    """The team's reason for returning an item: what the employee must change."""

    reason = forms.CharField(
        label="What needs to change?",
        max_length=RequirementProgress._meta.get_field("returned_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, progress: RequirementProgress, **kwargs):
        kwargs.setdefault("prefix", f"return-{progress.pk}")
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class PursuitStatusForm(forms.Form):
    """The team moves a pursuit: its status, and the license's date when it is licensed."""

    status = forms.ChoiceField(label="Status", choices=PursuitStatus.choices)
    licensed_on = forms.DateField(
        label="Licensed on",
        required=False,
        widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
        help_text="Only when licensed.",
    )

    def __init__(self, *args, pursuit, **kwargs):
        kwargs.setdefault("initial", {"status": pursuit.status, "licensed_on": pursuit.licensed_on})
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Layout(Row(Column("status", css_class="col-sm-6"), Column("licensed_on", css_class="col-sm-6")))
        )

    def clean(self):
        data = super().clean()
        if data.get("status") == PursuitStatus.LICENSED and not data.get("licensed_on"):
            self.add_error("licensed_on", "Give the date of the license.")
        return data
