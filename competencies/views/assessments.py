"""Assessment pages: a leader's self-assessment, recording someone's assessment, one assessment.

Who may record what is competencies.rules' question (kinds_user_may_record, can_assess); who may see an
assessment follows the object rules (visible_to). What makes an assessment valid is the service's
(services.record_assessment) and the form's (a rating per competency of the version, on its scale).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from leaderdev.errors import DomainError
from leaderdev.models import Person
from leaderdev.permissions import PORTAL_ROLES, role_required

from .. import services
from ..forms import PersonAssessmentForm, SelfAssessmentForm
from ..models import AssessmentKind
from ..queries.assessments import assessment_page, last_self_assessment, office_version, own_person
from ..rules import can_assess, kinds_user_may_record

# --- Pages -------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(*PORTAL_ROLES)
def self_assessment(request):
    """A leader rates themselves on every competency of the active framework version."""
    person = own_person(request.user)
    if person is None:
        # Not a permission problem the user can solve: the Office links logins to staff records.
        return render(request, "competencies/self_assessment.html", {"person": None})
    if not can_assess(request.user, person, AssessmentKind.SELF):
        raise PermissionDenied("You cannot record a self-assessment.")
    version = office_version()
    if version is None:
        return render(request, "competencies/self_assessment.html", {"person": person, "version": None})

    last = None
    if request.method == "POST":
        form = SelfAssessmentForm(version, request.POST)
        if form.is_valid():
            try:
                services.record_assessment(
                    person=person,
                    version=version,
                    kind=AssessmentKind.SELF,
                    assessor=request.user,
                    ratings=form.ratings(),
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Your self-assessment is saved.")
                return redirect("competencies:my_growth")
    else:
        last = last_self_assessment(person, version)
        form = SelfAssessmentForm(version, initial=SelfAssessmentForm.initial_from(last) if last else None)
    return render(
        request,
        "competencies/self_assessment.html",
        {"person": person, "version": version, "form": form, "last": last},
    )


@require_http_methods(["GET", "POST"])
@login_required
def assess_person(request, person_id):
    """Record an assessment of someone, of a kind the user may record about them."""
    person = get_object_or_404(Person.objects.select_related("school"), pk=person_id)
    kinds = kinds_user_may_record(request.user, person)
    if not kinds:
        raise PermissionDenied("You may not record assessments of this person.")
    if kinds == [AssessmentKind.SELF] and person.user_id == request.user.pk:
        return redirect("competencies:self_assessment")  # one's own assessment has its own page
    version = office_version()
    if version is None:
        return render(request, "competencies/assess_person.html", {"person": person, "version": None})

    form = PersonAssessmentForm(version, request.POST or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        kind = AssessmentKind(form.cleaned_data["kind"])
        try:
            services.record_assessment(
                person=person,
                version=version,
                kind=kind,
                assessor=request.user,
                ratings=form.ratings(),
                assessed_on=form.cleaned_data["assessed_on"],
                notes=form.cleaned_data["notes"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            what = "self-assessment" if kind == AssessmentKind.SELF else f"{kind.label.lower()} assessment"
            messages.success(request, f"The {what} of {person} is saved.")
            return redirect(reverse("competencies:person_growth", args=[person.pk]))
    return render(
        request, "competencies/assess_person.html", {"person": person, "version": version, "form": form}
    )


@require_GET
@login_required
def assessment_detail(request, pk):
    """One assessment: who rated whom, when, against which version, and each rating with its evidence."""
    assessment = assessment_page(request.user, pk)
    return render(request, "competencies/assessment_detail.html", {"assessment": assessment})
