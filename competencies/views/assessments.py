"""Assessment pages: a leader's self-assessment, recording someone's assessment, one assessment.

Who may record what is competencies.rules' question (kinds_user_may_record, can_assess); who may see an
assessment follows the object rules (visible_to). What makes an assessment valid is the service's
(services.record_assessment) and the form's (a rating per competency of the version, on its scale).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from leaderdev.errors import DomainError
from leaderdev.models import Person
from leaderdev.permissions import PORTAL_ROLES, get_visible_or_404, role_required, visible_to

from .. import services
from ..forms import PersonAssessmentForm, SelfAssessmentForm
from ..models import Assessment, AssessmentKind, FrameworkVersion, Rating
from ..rules import can_assess, kinds_user_may_record

# The framework the Office assesses its leaders on, when more than one framework has an active version.
OFFICE_FRAMEWORK = "Unified Set of BPS Leader Competencies"


# --- Read paths of these pages -----------------------------------------------------------------------
# They belong in competencies/queries/assessments.py (owned elsewhere); kept here, small and pure, until
# they move.


def office_version() -> FrameworkVersion | None:
    """The version people are assessed on: the only active version, or the Office framework's one."""
    active = list(FrameworkVersion.objects.active().select_related("framework", "scale"))
    if len(active) == 1:
        return active[0]
    return next((v for v in active if v.framework.name == OFFICE_FRAMEWORK), None)


def own_person(user) -> Person | None:
    """The staff record linked to `user`'s login, if any."""
    return visible_to(user, Person.objects.all()).filter(user=user).first()


def last_self_assessment(person: Person, version: FrameworkVersion) -> Assessment | None:
    """`person`'s most recent self-assessment against `version`, its ratings loaded."""
    return (
        Assessment.objects.filter(person=person, version=version, kind=AssessmentKind.SELF)
        .order_by("-assessed_on", "-created_at")
        .prefetch_related("ratings")
        .first()
    )


def assessment_page(user, pk: int) -> Assessment:
    """One assessment `user` may see, with its ratings in framework order, each with its scale level."""
    assessment = get_visible_or_404(
        user,
        Assessment.objects.select_related(
            "person", "assessor", "version__framework", "version__scale"
        ).prefetch_related(
            Prefetch("ratings", queryset=Rating.objects.select_related("competency__domain")),
            "version__scale__levels",
        ),
        pk=pk,
    )
    levels = {level.value: level for level in assessment.version.scale.levels.all()}
    for rating in assessment.ratings.all():
        rating.scale_level = levels.get(rating.level)
    return assessment


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
