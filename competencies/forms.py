"""The web's input for competencies: rating a person against one framework version.

``AssessmentForm`` builds, for one FrameworkVersion, a level field (radio buttons of the version's scale)
and an optional evidence field per competency, grouped in one fieldset per domain. Field names are
stable, ``c<competency pk>_level`` and ``c<competency pk>_evidence``, so a posted form can be checked
against the version it was built for: an answer for a competency of another version is refused, never
silently dropped. ``ratings()`` turns the cleaned form into the service's input.

``SelfAssessmentForm`` is the leader's own reflection: every competency must be rated.
``PersonAssessmentForm`` is for whoever records an assessment of someone (coach, mentor, supervisor,
program staff): it adds the kind (limited to what that user may record about that person), the date and
notes, and needs at least one rating (all of them when the kind is a self-assessment).
"""

import re
from itertools import groupby

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import conditional_escape

from .models import AssessmentKind, Competency, FrameworkVersion
from .queries import frameworks as framework_queries
from .services import RatingInput

ANSWER_FIELD = re.compile(r"^c(\d+)_(level|evidence)$")
LEVEL_FIELD_TEMPLATE = "competencies/partials/assessment_level_field.html"
FORM_TEMPLATE = "competencies/partials/assessment_form.html"


def level_field_name(competency) -> str:
    return f"c{competency.pk}_level"


def evidence_field_name(competency) -> str:
    return f"c{competency.pk}_evidence"


class TextFieldset(Fieldset):
    """A crispy Fieldset whose legend is plain text from the database, escaped.

    crispy's own Fieldset renders its legend as a template, so a domain title containing "{{" would be
    evaluated; domain titles are data, not templates.
    """

    template = "competencies/partials/assessment_fieldset.html"

    def render(self, form, context, template_pack=None, **kwargs):
        fields = self.get_rendered_fields(form, context, template_pack, **kwargs)
        context.update({"fieldset": self, "legend": conditional_escape(self.legend), "fields": fields})
        return render_to_string(self.get_template_name(template_pack), context.flatten())


class AssessmentForm(forms.Form):
    """Ratings of every competency of `version`, on its scale, with optional evidence.

    The version must come with its scale loaded (``select_related("scale")``); the form reads the
    version's competencies and the scale's levels once each, whatever their number.
    """

    fixed_kind: str | None = None  # set by a subclass that records one kind only

    def __init__(self, version: FrameworkVersion, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.competencies = list(Competency.objects.of_version(version))
        self.levels = list(version.scale.levels.all())
        self._competency_ids = {c.pk for c in self.competencies}
        values = [level.value for level in self.levels]
        invalid = (
            f"Choose a level from {min(values)} to {max(values)}." if values else "This scale has no levels."
        )
        choices = [(level.value, f"{level.value} · {level.label}") for level in self.levels]
        for competency in self.competencies:
            self.fields[level_field_name(competency)] = forms.TypedChoiceField(
                label=f"{competency.code} {competency.statement}",
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,  # completeness is checked in clean(), to list what is missing in one place
                widget=forms.RadioSelect(attrs={"class": "btn-check", "autocomplete": "off"}),
                error_messages={"invalid_choice": invalid},
            )
            self.fields[evidence_field_name(competency)] = forms.CharField(
                label=f"Evidence for {competency.code} (optional)",
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            for name in (level_field_name(competency), evidence_field_name(competency)):
                self.fields[name].competency = competency  # for templates: the code, the statement
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page owns the <form>, its csrf token and buttons
        self.helper.disable_csrf = True
        self.helper.template = FORM_TEMPLATE  # errors are summed up by the page, above the scale
        self.helper.layout = Layout(*self.header_layout(), *self.domain_layout())

    # --- layout ------------------------------------------------------------------------------------

    def header_layout(self) -> list:
        """What comes above the domains: nothing here; PersonAssessmentForm adds kind, date and notes."""
        return []

    def domain_layout(self) -> list:
        """One card per domain, its legend "1. Lead with equity ...", a block per competency."""
        return [
            Div(
                TextFieldset(
                    str(domain),
                    *[
                        Div(
                            Field(level_field_name(c), template=LEVEL_FIELD_TEMPLATE),
                            Field(evidence_field_name(c), css_class="form-control-sm", wrapper_class="small"),
                            css_class="ld-competency border-top pt-3" if n else "ld-competency",
                        )
                        for n, c in enumerate(competencies)
                    ],
                    css_class="card-body",
                ),
                css_class="card mb-3 ld-domain",
            )
            for domain, competencies in groupby(self.competencies, key=lambda c: c.domain)
        ]

    # --- validation --------------------------------------------------------------------------------

    def kind_of_assessment(self) -> str | None:
        return self.fixed_kind

    def clean(self):
        cleaned = super().clean()
        self._refuse_other_versions()
        rated = {c.pk for c in self.competencies if cleaned.get(level_field_name(c)) is not None}
        unreadable = {c.pk for c in self.competencies if level_field_name(c) in self.errors}
        for competency in self.competencies:
            wrote_evidence = cleaned.get(evidence_field_name(competency), "").strip()
            if wrote_evidence and competency.pk not in rated | unreadable:
                self.add_error(level_field_name(competency), "Choose a level for the evidence you wrote.")
                unreadable.add(competency.pk)
        if self.kind_of_assessment() == AssessmentKind.SELF:
            # A self-assessment is a reflection on the whole framework, not on a few competencies.
            missing = [c for c in self.competencies if c.pk not in rated | unreadable]
            for competency in missing:
                self.add_error(level_field_name(competency), "Choose a level.")
            if missing or unreadable:
                codes = ", ".join(c.code for c in self.competencies if c.pk not in rated)
                self.add_error(None, f"Rate every competency before saving. Still to rate: {codes}.")
        elif not rated and not unreadable:
            self.add_error(None, "Rate at least one competency.")
        return cleaned

    def _refuse_other_versions(self):
        """An answer for a competency outside this version is an error, never silently dropped."""
        for key, value in self.data.items():
            match = ANSWER_FIELD.match(key)
            if match and int(match[1]) not in self._competency_ids and str(value).strip():
                self.add_error(
                    None,
                    f"This form had answers for competencies that are not part of {self.version}. "
                    "Reload the page and rate the competencies shown.",
                )
                return

    # --- output ------------------------------------------------------------------------------------

    def ratings(self) -> dict[int, RatingInput]:
        """The service's input: {competency id: RatingInput(level, evidence)} for each rated competency."""
        return {
            c.pk: RatingInput(
                level=self.cleaned_data[level_field_name(c)],
                evidence=self.cleaned_data.get(evidence_field_name(c), ""),
            )
            for c in self.competencies
            if self.cleaned_data.get(level_field_name(c)) is not None
        }

    def competencies_with_errors(self) -> list:
        """The competencies whose answers need another look, for the page's error summary."""
        return [
            c
            for c in self.competencies
            if level_field_name(c) in self.errors or evidence_field_name(c) in self.errors
        ]

    @staticmethod
    def initial_from(assessment) -> dict:
        """Initial values repeating an earlier assessment's answers (with its ratings prefetched)."""
        initial = {}
        for rating in assessment.ratings.all():
            initial[f"c{rating.competency_id}_level"] = rating.level
            initial[f"c{rating.competency_id}_evidence"] = rating.evidence
        return initial


class SelfAssessmentForm(AssessmentForm):
    """A leader's self-assessment: a reflection on every competency of the version."""

    fixed_kind = AssessmentKind.SELF


class PersonAssessmentForm(AssessmentForm):
    """An assessment of someone by a user who may record the kinds in `kinds` about them."""

    kind = forms.ChoiceField(label="Kind of assessment")
    assessed_on = forms.DateField(
        label="Date of the assessment",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The day the assessment was made; not in the future.",
    )
    notes = forms.CharField(
        label="Notes (optional)", required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, version: FrameworkVersion, *args, kinds: list[str], **kwargs):
        initial = kwargs.setdefault("initial", {})
        # Staff mostly type in someone else's assessment; offer that before "self" when they may.
        initial.setdefault("kind", next((k for k in kinds if k != AssessmentKind.SELF), kinds[0]))
        initial.setdefault("assessed_on", timezone.localdate())
        super().__init__(version, *args, **kwargs)
        self.fields["kind"].choices = [(k, AssessmentKind(k).label) for k in kinds]

    def header_layout(self) -> list:
        return [
            Div(
                TextFieldset("About this assessment", "kind", "assessed_on", "notes", css_class="card-body"),
                css_class="card mb-3",
            )
        ]

    def kind_of_assessment(self) -> str | None:
        return self.cleaned_data.get("kind")

    def clean_assessed_on(self):
        day = self.cleaned_data["assessed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return day


class KindFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of assessment",
        required=False,
        choices=[("", "Any kind (the latest rating)"), *AssessmentKind.choices],
    )

    @property
    def chosen_kind(self) -> str | None:
        """The chosen kind, or None for any kind (also when the input is malformed)."""
        return (self.cleaned_data.get("kind") or None) if self.is_valid() else None


class CompareForm(forms.Form):
    """Which other version of the same framework to compare a version with (?against=<pk>)."""

    def __init__(self, *args, version: FrameworkVersion, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.user = user
        self.choices = list(framework_queries.other_versions(user, version))
        # A select the form checks itself (clean_against), so that each bad value gets its own message.
        self.fields["against"] = forms.CharField(
            label="Compare with",
            required=False,
            widget=forms.Select(
                choices=[("", "Choose a version")]
                + [(v.pk, f"Version {v.label} ({v.get_status_display().lower()})") for v in self.choices]
            ),
        )

    def clean_against(self):
        raw = self.cleaned_data["against"]
        if not raw:
            raise ValidationError("Choose a version to compare with.")
        try:
            pk = int(raw)
        except (TypeError, ValueError):
            raise ValidationError(
                "“%(value)s” is not a version: choose one from the list.", params={"value": raw[:40]}
            ) from None
        if not 0 < pk < 2**63:
            raise ValidationError("There is no version %(pk)s to compare with.", params={"pk": pk})
        if pk == self.version.pk:
            raise ValidationError("That is the version you are looking at: choose another one to compare.")
        other = next((v for v in self.choices if v.pk == pk), None)
        if other is None:
            elsewhere = (
                framework_queries.versions_visible_to(self.user)
                .select_related("framework")
                .filter(pk=pk)
                .first()
            )
            if elsewhere is not None:
                raise ValidationError(
                    "%(other)s belongs to another framework: choose a version of %(framework)s.",
                    params={"other": elsewhere, "framework": self.version.framework},
                )
            raise ValidationError("There is no version %(pk)s to compare with.", params={"pk": pk})
        return other
