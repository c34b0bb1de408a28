"""The web's input for a mentee's wishes: competencies to grow, languages and up to three mentors."""

from crispy_forms.helper import FormHelper
from django import forms

from competencies.queries.assessments import office_version
from competencies.tagging import CompetencyChoiceField, taggable_competencies

from .models import Language, Mentor
from .services.profiles import MAX_NEEDS


class MentorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, mentor):
        person = mentor.person
        school = person.school.name if person.school else "Central office"
        return f"{person.full_name} — {person.get_position_display()}, {school}"


class ProfileForm(forms.Form):
    needs = CompetencyChoiceField(
        queryset=taggable_competencies(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Competencies I most want to grow",
        help_text=f"Up to {MAX_NEEDS}. Mentors strong in them are matched first.",
    )
    languages = forms.MultipleChoiceField(
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Languages I would like my mentor to share",
        help_text="Leave empty if any language is fine.",
    )
    first_choice = MentorChoiceField(queryset=Mentor.objects.none(), required=False, label="First choice")
    second_choice = MentorChoiceField(queryset=Mentor.objects.none(), required=False, label="Second choice")
    third_choice = MentorChoiceField(queryset=Mentor.objects.none(), required=False, label="Third choice")
    notes = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Anything else the Office should know",
    )

    def __init__(self, *args, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_choice", "second_choice", "third_choice"):
            self.fields[name].queryset = mentors
            self.fields[name].empty_label = "No preference"
        version = office_version()
        if version is not None:
            self.fields["needs"].queryset = taggable_competencies().filter(domain__version=version)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_needs(self):
        needs = self.cleaned_data["needs"]
        if len(needs) > MAX_NEEDS:
            raise forms.ValidationError(f"Choose at most {MAX_NEEDS}: the ones that matter most this year.")
        return needs

    def clean(self):
        cleaned = super().clean()
        chosen = [cleaned.get(n) for n in ("first_choice", "second_choice", "third_choice") if cleaned.get(n)]
        if len({m.pk for m in chosen}) != len(chosen):
            raise forms.ValidationError("Choose each mentor only once.")
        return cleaned

    @property
    def preferred_mentors(self):
        return [self.cleaned_data.get(n) for n in ("first_choice", "second_choice", "third_choice")]
