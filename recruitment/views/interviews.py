"""Interview and reference-check pages: scheduling an interview and changing its panel (recruitment
staff), the interview page with its blinded scores, a panelist's own scorecard (made for a phone), a
panelist's list of their interviews, and the reference checks of an application.

Interviews and references are candidate data: pages fetch them with ``candidate_or_403`` (403 to a signed-in
user who may not see the candidate, 404 when nothing exists). Panelists read; recruitment staff change.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leaderdev.errors import DomainError
from leaderdev.permissions import Role, has_role, role_required

from ..forms_interviews import (
    ContactAttemptForm,
    DeclineForm,
    InterviewForm,
    PanelForm,
    ReferenceAnswersForm,
    ReferenceForm,
    ScorecardForm,
)
from ..queries import interviews as queries
from ..services import interviews as services
from ..services import references as reference_services
from ..services.interviews import SCORE_LEVELS

STAFF = Role.RECRUITMENT_STAFF


# --- Interviews --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(STAFF)
def interview_new(request, pk):
    """Schedule an interview of an application: kind, time, place, panel and competencies."""
    application = queries.application_for(request.user, pk)
    form = InterviewForm(request.POST or None, application=application)
    if request.method == "POST" and form.is_valid():
        try:
            interview = services.schedule_interview(application, user=request.user, **form.interview_fields())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{interview.get_kind_display()} of {application.candidate} scheduled; "
                f"{len(form.cleaned_data['panelists'])} panelists have a scorecard to fill in.",
            )
            return redirect("recruitment:interview_detail", pk=interview.pk)
    return render(
        request, "recruitment/interviews/interview_form.html", {"form": form, "application": application}
    )


@require_GET
@login_required
def interview_detail(request, pk):
    """An interview: the panel and each scorecard's status; scores only for who may read them."""
    page = queries.interview_page(request.user, pk)
    return render(
        request,
        "recruitment/interviews/interview_detail.html",
        {"page": page, "interview": page.interview, "summary": page.summary, "levels": dict(SCORE_LEVELS)},
    )


@require_http_methods(["GET", "POST"])
@role_required(STAFF)
def interview_panel(request, pk):
    """Change who sits on an interview's panel."""
    interview = queries.interview_for(request.user, pk)
    form = PanelForm(request.POST or None, interview=interview)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_panel(interview, list(form.cleaned_data["panelists"]), user=request.user)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The panel is updated.")
            return redirect("recruitment:interview_detail", pk=interview.pk)
    return render(request, "recruitment/interviews/panel_form.html", {"form": form, "interview": interview})


@require_http_methods(["GET", "POST"])
@login_required
def scorecard_edit(request, pk):
    """The signed-in panelist's own scorecard of an interview: save a draft or submit it (then final)."""
    interview = queries.interview_for(request.user, pk)
    scorecard = queries.own_scorecard(request.user, interview)
    competencies = queries.interview_competencies(interview)
    submit = request.POST.get("action") == "submit"
    if scorecard.is_submitted and request.method == "POST":
        messages.error(request, "You have submitted this scorecard; it is final.")
        return redirect("recruitment:interview_detail", pk=interview.pk)
    form = ScorecardForm(request.POST or None, scorecard=scorecard, competencies=competencies, submit=submit)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_scorecard(scorecard, user=request.user, **form.scorecard_fields())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            if submit:
                messages.success(request, "Your scorecard is submitted. You can now read the panel's scores.")
                return redirect("recruitment:interview_detail", pk=interview.pk)
            messages.success(request, "Draft saved. Only you can see it until you submit.")
            return redirect("recruitment:scorecard_edit", pk=interview.pk)
    return render(
        request,
        "recruitment/interviews/scorecard_form.html",
        {"form": form, "interview": interview, "scorecard": scorecard, "competencies": competencies},
    )


@require_GET
@login_required
def my_interviews(request):
    """The signed-in user's own panels, upcoming and past, with their scorecard's status."""
    upcoming, past = queries.my_interviews(request.user)
    return render(request, "recruitment/interviews/my_interviews.html", {"upcoming": upcoming, "past": past})


# --- Reference checks --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(STAFF)
def reference_new(request, pk):
    """Add a referee to an application."""
    application = queries.application_for(request.user, pk)
    form = ReferenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reference = reference_services.add_reference(application, user=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{reference.referee_name} is added as a referee.")
            return redirect("recruitment:reference_detail", pk=reference.pk)
    return render(
        request, "recruitment/references/reference_form.html", {"form": form, "application": application}
    )


def _reference_page(request, reference, *, attempt_form=None, decline_form=None, status=200):
    may_change = has_role(request.user, STAFF)
    return render(
        request,
        "recruitment/references/reference_detail.html",
        {
            "reference": reference,
            "application": reference.application,
            "may_change": may_change,
            "attempt_form": attempt_form or (ContactAttemptForm() if may_change else None),
            "decline_form": decline_form or (DeclineForm() if may_change else None),
        },
        status=status,
    )


@require_GET
@login_required
def reference_detail(request, pk):
    """A reference check: the referee, attempts, answers and notes; staff log, answer and close it."""
    return _reference_page(request, queries.reference_page(request.user, pk))


@require_POST
@role_required(STAFF)
def reference_attempt(request, pk):
    """Log one attempt to reach the referee."""
    reference = queries.reference_for(request.user, pk)
    form = ContactAttemptForm(request.POST)
    if form.is_valid():
        try:
            reference_services.log_attempt(reference, user=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Contact attempt logged.")
        return redirect("recruitment:reference_detail", pk=pk)
    return _reference_page(request, queries.reference_page(request.user, pk), attempt_form=form, status=400)


@require_http_methods(["GET", "POST"])
@role_required(STAFF)
def reference_answers(request, pk):
    """Record the referee's answers and notes; "Save and complete" also closes the check as completed."""
    reference = queries.reference_for(request.user, pk)
    form = ReferenceAnswersForm(request.POST or None, reference=reference)
    if request.method == "POST" and form.is_valid():
        try:
            reference = reference_services.record_answers(
                reference, answers=form.answers(), notes=form.cleaned_data["notes"], user=request.user
            )
            if request.POST.get("action") == "complete":
                reference_services.complete(reference, user=request.user)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            done = request.POST.get("action") == "complete"
            messages.success(request, "Reference check completed." if done else "Answers saved.")
            return redirect("recruitment:reference_detail", pk=pk)
    return render(request, "recruitment/references/answers_form.html", {"form": form, "reference": reference})


@require_POST
@role_required(STAFF)
def reference_decline(request, pk):
    """Close a reference check as declined, with a note saying why."""
    reference = queries.reference_for(request.user, pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            reference_services.decline(reference, note=form.cleaned_data["note"], user=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Reference check marked as declined.")
        return redirect("recruitment:reference_detail", pk=pk)
    return _reference_page(request, queries.reference_page(request.user, pk), decline_form=form, status=400)


urlpatterns = [
    path("applications/<int:pk>/interviews/new/", interview_new, name="interview_new"),
    path("applications/<int:pk>/references/new/", reference_new, name="reference_new"),
    path("interviews/mine/", my_interviews, name="my_interviews"),
    path("interviews/<int:pk>/", interview_detail, name="interview_detail"),
    path("interviews/<int:pk>/panel/", interview_panel, name="interview_panel"),
    path("interviews/<int:pk>/scorecard/", scorecard_edit, name="scorecard_edit"),
    path("references/<int:pk>/", reference_detail, name="reference_detail"),
    path("references/<int:pk>/attempts/", reference_attempt, name="reference_attempt"),
    path("references/<int:pk>/answers/", reference_answers, name="reference_answers"),
    path("references/<int:pk>/decline/", reference_decline, name="reference_decline"),
]
