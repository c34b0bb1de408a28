"""The web's input for programs: roster actions, the bulk enrollment form, and the admin's enrollment forms.

Forms validate and say what is wrong in words; the rules themselves live in programs.services.enrollment,
which every form calls (and which checks again, under a lock, when it writes).
"""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError

from leaderdev.models import Person, Position

from .models import Enrollment, EnrollmentStatus, Offering
from .services import enrollment as services

# --- The roster's row actions ----------------------------------------------------------------------------

ENROLL, COMPLETE, WITHDRAW, INVITE = "enroll", "complete", "withdraw", "invite"
ACTION_CHOICES = [
    (ENROLL, "Enroll"),
    (COMPLETE, "Mark completed"),
    (WITHDRAW, "Withdraw"),
    (INVITE, "Invite"),
]


def roster_actions(enrollment: Enrollment, offering: Offering) -> list[tuple[str, str]]:
    """The buttons a roster row offers: (action, label), most likely first."""
    status, opt_in = enrollment.status, offering.is_opt_in
    if status == EnrollmentStatus.INVITED:
        return [(ENROLL, "Accepted: enroll" if opt_in else "Enroll"), (WITHDRAW, "Withdraw")]
    if status == EnrollmentStatus.WAITLISTED:
        return [(ENROLL, "Enroll now"), (WITHDRAW, "Withdraw")]
    if status == EnrollmentStatus.ENROLLED:
        return [(COMPLETE, "Mark completed"), (WITHDRAW, "Withdraw")]
    if status == EnrollmentStatus.WITHDRAWN:
        return [(INVITE, "Invite again")] if opt_in else [(ENROLL, "Re-enroll")]
    return []  # completed: reopen it in the admin if it was a mistake


def names_list(people) -> str:
    """At most ten names, for messages: "Ana Ruiz, Ben Oh, ... and 3 more"."""
    names = [p.full_name for p in people]
    return ", ".join(names[:10]) + (f" and {len(names) - 10} more" if len(names) > 10 else "")


class RosterActionForm(forms.Form):
    """One button of a roster row: withdraw, enroll (from the waitlist, an invitation, or again), complete."""

    enrollment = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=ACTION_CHOICES)

    def __init__(self, offering: Offering, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.offering = offering

    def clean(self):
        cleaned = super().clean()
        pk, action = cleaned.get("enrollment"), cleaned.get("action")
        if pk is None or action is None:
            return cleaned
        enrollment = (
            Enrollment.objects.filter(offering=self.offering, pk=pk).select_related("person__school").first()
        )
        if enrollment is None:
            raise ValidationError("That person is not on this roster (any more).")
        if action not in dict(roster_actions(enrollment, self.offering)):
            label = dict(ACTION_CHOICES)[action].lower()
            raise ValidationError(
                f"{enrollment.person.full_name} is {enrollment.get_status_display().lower()}: "
                f"“{label}” does not apply (the roster may have changed meanwhile)."
            )
        cleaned["enrollment"] = enrollment
        return cleaned

    def perform(self, by) -> str:
        """Carry out the action through the enrollment services; return what happened, for a message.

        Raises DomainError when the rules refuse (the offering filled up meanwhile, say).
        """
        enrollment, action = self.cleaned_data["enrollment"], self.cleaned_data["action"]
        person, offering = enrollment.person, self.offering
        if action == WITHDRAW:
            change = services.withdraw(enrollment, by=by)
            message = f"{person.full_name} is withdrawn."
            if change.promoted:
                message += f" Moved up from the waitlist: {names_list(e.person for e in change.promoted)}."
            return message
        if action == COMPLETE:
            services.complete(enrollment, by=by)
            return f"{person.full_name} has completed {offering.program}."
        if action == INVITE:
            services.enroll(offering, person, by=by, status=EnrollmentStatus.INVITED)
            return f"{person.full_name} is invited again."
        if enrollment.status == EnrollmentStatus.WAITLISTED:
            services.change_status(enrollment, EnrollmentStatus.ENROLLED, by=by)
            return f"{person.full_name} is enrolled from the waitlist."
        # Invited (on an opt-in offering the button says they accepted) or withdrawn: join again.
        joined = services.enroll(offering, person, by=by, opted_in=offering.is_opt_in)
        if joined.status == EnrollmentStatus.WAITLISTED:
            return f"{offering} is full: {person.full_name} is on the waitlist."
        return f"{person.full_name} is enrolled."


# --- The bulk enrollment form ----------------------------------------------------------------------------

CHOSEN, NEW_LEADERS = "chosen", "new_leaders"


class BulkEnrollForm(forms.Form):
    """Many people at once: the ones ticked, or every first- and second-year leader the filters show.

    `candidates` is who may be ticked (eligible and not yet in the offering). The page draws the ticks
    as a table of people; the submit button says which of the two is meant.
    """

    people = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="People to enroll",
    )
    scope = forms.ChoiceField(
        choices=[(CHOSEN, "The people ticked"), (NEW_LEADERS, "Every first- and second-year leader shown")],
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, candidates, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = candidates
        self.fields["people"].error_messages["invalid_choice"] = (
            "Someone you ticked can no longer be enrolled (they joined meanwhile, or are not eligible)."
        )
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page draws the ticks in its table, inside its own <form>
        self.helper.disable_csrf = True

    @property
    def wants_new_leaders(self) -> bool:
        return self.cleaned_data.get("scope") == NEW_LEADERS

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") != NEW_LEADERS and not cleaned.get("people") and "people" not in self.errors:
            self.add_error(
                "people", "Tick at least one person, or enroll every first- and second-year leader shown."
            )
        return cleaned


# --- The admin's forms -----------------------------------------------------------------------------------


class OfferingAdminForm(forms.ModelForm):
    """An offering, with its eligible positions as tick boxes rather than raw JSON."""

    eligible_positions = forms.MultipleChoiceField(
        choices=Position.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Positions that may enroll; none ticked means every school-leader position "
        "(principal, head of school, assistant principal, admin team member).",
    )

    class Meta:
        model = Offering
        fields = [
            "program",
            "school_year",
            "cohort",
            "description",
            "capacity",
            "eligible_positions",
            "max_year_in_role",
            "school_level",
            "is_opt_in",
            "facilitators",
        ]


AUTOMATIC = ""
JOIN_CHOICES = [
    (AUTOMATIC, "Automatic: enrolled, or waitlisted when full (invited on opt-in offerings)"),
    (EnrollmentStatus.INVITED, "Invited"),
]


class EnrollmentAddForm(forms.ModelForm):
    """Add someone to an offering the way the roster page does: through the enrollment rules.

    The status is automatic (a place, else the waitlist) or an invitation. Someone who withdrew or was
    invited earlier may be added again: their existing enrollment moves on (the service does that).
    """

    join_as = forms.ChoiceField(choices=JOIN_CHOICES, required=False, label="Status")

    class Meta:
        model = Enrollment
        fields = ["offering", "person", "join_as", "note"]

    def _get_validation_exclusions(self):
        # One enrollment per offering and person is checked in clean(): a withdrawn person may rejoin.
        return {*super()._get_validation_exclusions(), "person"}

    def offering_for_rules(self) -> Offering | None:
        return self.cleaned_data.get("offering")

    def clean(self):
        cleaned = super().clean()
        offering, person = self.offering_for_rules(), cleaned.get("person")
        if offering is not None and person is not None:
            refusal = services.check_enroll(offering, person, status=cleaned.get("join_as") or None)
            if refusal:
                self.add_error("person", f"{person.full_name} cannot join: {refusal}.")
        return cleaned

    def enroll(self, offering: Offering, by) -> Enrollment:
        """Save through the service (which locks the offering and decides enrolled or waitlisted)."""
        data = self.cleaned_data
        return services.enroll(
            offering, data["person"], by=by, status=data.get("join_as") or None, note=data.get("note", "")
        )


class EnrollmentInlineForm(EnrollmentAddForm):
    """A row of the offering page's enrollments: new rows join through the rules; existing rows show
    their status (change it with the roster page or the enrollment actions) and keep an editable note.
    """

    class Meta:
        model = Enrollment
        fields = ["person", "join_as", "note"]

    def __init__(self, *args, offering: Offering | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.offering = offering  # the page's offering, unsaved on the admin's add page
        if self.instance.pk:
            self.fields["person"].disabled = True
            self.fields["join_as"].disabled = True
            self.fields["join_as"].choices = EnrollmentStatus.choices
            self.initial["join_as"] = self.instance.status

    def offering_for_rules(self) -> Offering | None:
        return None if self.instance.pk else self.offering

    def clean(self):
        if self.instance.pk:
            return forms.ModelForm.clean(self)
        return super().clean()


class EnrollmentInlineFormSet(forms.BaseInlineFormSet):
    """Hands each row the offering it belongs to, saved or not, for the eligibility rules."""

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "offering": self.instance}
