"""A person's choice of reminders."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from .kinds import Kind


class PreferencesForm(forms.Form):
    """One tick box per kind of notification, labelled and described for the person choosing."""

    def __init__(self, kinds: list[Kind], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        for kind in kinds:
            self.fields[kind.code] = forms.BooleanField(
                label=kind.label, help_text=kind.description, required=False
            )
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.add_input(Submit("save", "Save my choices"))

    def enabled_codes(self) -> list[str]:
        return [kind.code for kind in self.kinds if self.cleaned_data.get(kind.code)]
