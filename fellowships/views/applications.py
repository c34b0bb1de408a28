"""Applying to the fellowship and selecting fellows.

For district employees (any login linked to a staff record): the application form while a cohort's window
is open, and My application (status, history, withdrawing). For the supervisor named on an application:
the recommendation form (program staff may enter it on their behalf). For program staff: the cohorts,
a cohort's fellows, the application list with bulk moves, and one application with its essays,
recommendation, score, history and moves.

Applicants never read their recommendation (queries.applications loads only whether it has arrived);
every move goes through services.selection, whose refusals are shown as messages or form errors.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leaderdev.errors import DomainError
from leaderdev.permissions import Role, has_role, role_required, visible_to

from ..filters import ApplicationFilter
from ..forms_applications import (
    ApplyForm,
    BulkMoveForm,
    MoveForm,
    RecommendationForm,
    ScoreForm,
    WithdrawForm,
)
from ..models import ApplicationStatus, FellowshipApplication
from ..queries import applications as queries
from ..services import selection

PAGE_SIZE = 50
# Refusals of a bulk move shown one by one; beyond this, one line says how many more.
MAX_REFUSALS_SHOWN = 15
STAFF = Role.PROGRAM_STAFF


def _no_staff_record(request):
    return render(request, "fellowships/applications/no_staff_record.html", status=403)


# --- Applicants ---------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def apply(request):
    """Apply to the cohort whose window is open today; after applying, My application."""
    person = queries.person_of(request.user)
    if person is None:
        return _no_staff_record(request)
    today = timezone.localdate()
    cohort = queries.open_cohort(today)
    if cohort is None:
        return render(
            request, "fellowships/applications/closed.html", {"next_cohort": queries.next_cohort(today)}
        )
    if not queries.may_apply(person):
        return render(
            request, "fellowships/applications/not_eligible.html", {"cohort": cohort, "person": person}
        )
    if queries.has_applied(person, cohort):
        messages.info(request, f"You have applied to {cohort}. Here is where your application stands.")
        return redirect("fellowships:my_application")
    form = ApplyForm(request.POST if request.method == "POST" else None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            selection.apply(
                cohort,
                person,
                supervisor=form.cleaned_data["supervisor"],
                essays=form.essays(),
                today=today,
                user=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            supervisor = form.cleaned_data["supervisor"]
            messages.success(
                request,
                f"Your application to {cohort} is submitted. {supervisor.full_name} is asked for your "
                "recommendation.",
            )
            return redirect("fellowships:my_application")
    return render(
        request,
        "fellowships/applications/apply.html",
        {"form": form, "cohort": cohort, "person": person, "milestones": cohort.milestones.all()},
    )


@require_GET
@login_required
def my_application(request):
    """The signed-in person's applications: where each stands, its history, and withdrawing while open."""
    person = queries.person_of(request.user)
    if person is None:
        return _no_staff_record(request)
    applications = queries.my_applications(person)
    today = timezone.localdate()
    return render(
        request,
        "fellowships/applications/my_application.html",
        {
            "applications": applications,
            "open_cohort": None if applications else queries.open_cohort(today),
            "may_apply": queries.may_apply(person),
            "withdraw_form": WithdrawForm(),
        },
    )


@require_POST
@login_required
def withdraw(request, pk):
    """The applicant withdraws their own open application, with a reason."""
    application = queries.own_application(request.user, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say in a line why you are withdrawing, then press Withdraw again.")
    elif not application.is_open:
        messages.error(
            request, "This application has been decided; write to the Office if you need to step back."
        )
    else:
        try:
            selection.move_application(
                application,
                ApplicationStatus.WITHDRAWN,
                reason=form.cleaned_data["reason"],
                user=request.user,
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Your application to {application.cohort} is withdrawn.")
    return redirect("fellowships:my_application")


# --- Supervisors ------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def recommendation(request, pk):
    """The supervisor named on an application writes (or corrects) the recommendation while it is open."""
    application = queries.application_to_recommend(request.user, pk)
    current = queries.recommendation_of(application)
    form = RecommendationForm(request.POST if request.method == "POST" else None, recommendation=current)
    if request.method == "POST" and form.is_valid():
        try:
            selection.write_recommendation(
                application,
                endorsement=form.cleaned_data["endorsement"],
                text=form.cleaned_data["text"].strip(),
                user=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Your recommendation of {application.person.full_name} is saved. You may change it "
                "until the selection committee decides.",
            )
            if application.supervisor.user_id != request.user.pk:
                return redirect("fellowships:application_detail", pk=application.pk)
            return redirect("fellowships:recommendation", pk=application.pk)
    return render(
        request,
        "fellowships/applications/recommendation.html",
        {
            "application": application,
            "recommendation": current,
            "form": form,
            "is_supervisor": application.supervisor.user_id == request.user.pk,
            "is_staff": has_role(request.user, STAFF),
        },
    )


# --- Staff: cohorts ---------------------------------------------------------------------------------------


@require_GET
@role_required(STAFF)
def cohort_list(request):
    """Every cohort: places taken, applications by status, confirmed hosts."""
    return render(
        request, "fellowships/cohorts/cohort_list.html", {"rows": queries.cohort_rows(request.user)}
    )


@require_GET
@role_required(STAFF)
def cohort_detail(request, pk):
    """A cohort's summary and its fellows: school, status, host, hours logged and readiness."""
    page = queries.cohort_page(request.user, pk)
    return render(
        request,
        "fellowships/cohorts/cohort_detail.html",
        {"page": page, "cohort": page.cohort, "row": page.row},
    )


# --- Staff: applications ----------------------------------------------------------------------------------


def _filter(request):
    data = request.GET.copy()
    if "cohort" not in data:
        default = queries.default_cohort(timezone.localdate())
        if default is not None:
            data["cohort"] = str(default.pk)
    return ApplicationFilter(data, queryset=visible_to(request.user, queries.application_list()))


@require_GET
@role_required(STAFF)
def application_list(request):
    """Applications matching the filters, 50 a page, with ticks and a bulk move."""
    application_filter = _filter(request)
    page = Paginator(application_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    cohort = application_filter.form.cleaned_data.get("cohort") if application_filter.is_valid() else None
    query = application_filter.data.copy()
    query.pop("page", None)
    return render(
        request,
        "fellowships/applications/application_list.html",
        {
            "filter": application_filter,
            "page": page,
            "cohort": cohort,
            "places": queries.places_summary(cohort) if cohort else None,
            "move_form": BulkMoveForm(),
            "query": query.urlencode(),
        },
    )


@require_POST
@role_required(STAFF)
def application_bulk_move(request):
    """Move the ticked applications through selection.move_applications; say how many moved and why the
    others did not."""
    back = reverse("fellowships:application_list")
    if request.GET:
        back = f"{back}?{request.GET.urlencode()}"
    form = BulkMoveForm(
        request.POST, applications=visible_to(request.user, FellowshipApplication.objects.all())
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    report = form.perform(request.user)
    label = ApplicationStatus(form.cleaned_data["to_status"]).label.lower()
    if report.moved:
        count = len(report.moved)
        messages.success(request, f"Moved {count} application{'s' if count != 1 else ''} to “{label}”.")
    if report.refused:
        count = len(report.refused)
        messages.error(
            request, f"{count} application{'s' if count != 1 else ''} could not move to “{label}”:"
        )
    for _, refusal in report.refused[:MAX_REFUSALS_SHOWN]:
        messages.error(request, refusal)
    hidden = len(report.refused) - MAX_REFUSALS_SHOWN
    if hidden > 0:
        messages.error(request, f"… and {hidden} more.")
    return redirect(back)


def _moves(application) -> list[tuple[str, str]]:
    return [(status, ApplicationStatus(status).label) for status in application.allowed_moves]


@require_GET
@role_required(STAFF)
def application_detail(request, pk):
    """An application: essays, the recommendation, the score, the history and the moves it allows."""
    application = queries.application_detail(request.user, pk)
    taken, places = queries.places_summary(application.cohort)
    return render(
        request,
        "fellowships/applications/application_detail.html",
        {
            "application": application,
            "person": application.person,
            "recommendation": queries.recommendation_of(application),
            "moves": _moves(application),
            "move_form": MoveForm(),
            "score_form": ScoreForm(instance=application),
            "taken": taken,
            "places": places,
        },
    )


@require_POST
@role_required(STAFF)
def application_move(request, pk):
    """Move one application to the status of the button pressed; a refusal changes nothing and says why."""
    application = queries.application_for_staff(request.user, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        to_status = form.cleaned_data["to_status"]
        try:
            selection.move_application(
                application, to_status, reason=form.cleaned_data["reason"], user=request.user
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            label = ApplicationStatus(to_status).label.lower()
            messages.success(request, f"Moved {application.person.full_name} to “{label}”.")
    else:
        messages.error(request, "Choose a status to move to.")
    return redirect("fellowships:application_detail", pk=pk)


@require_POST
@role_required(STAFF)
def application_score(request, pk):
    """Record the selection committee's screening score (0-100, or empty)."""
    application = queries.application_for_staff(request.user, pk)
    form = ScoreForm(request.POST, instance=application)
    if form.is_valid():
        # Only the score: a move made meanwhile on another page must not be written back.
        form.save(commit=False).save(update_fields=["screening_score", "updated_at"])
        score = form.cleaned_data["screening_score"]
        messages.success(
            request,
            "The screening score is cleared." if score is None else f"Screening score saved: {score}.",
        )
    else:
        messages.error(request, f"The score was not saved: {' '.join(form.errors['screening_score'])}")
    return redirect("fellowships:application_detail", pk=pk)


urlpatterns = [
    path("apply/", apply, name="apply"),
    path("my-application/", my_application, name="my_application"),
    path("my-application/<int:pk>/withdraw/", withdraw, name="withdraw"),
    path("recommendations/<int:pk>/", recommendation, name="recommendation"),
    path("cohorts/", cohort_list, name="cohort_list"),
    path("cohorts/<int:pk>/", cohort_detail, name="cohort_detail"),
    path("applications/", application_list, name="application_list"),
    path("applications/move/", application_bulk_move, name="application_bulk_move"),
    path("applications/<int:pk>/", application_detail, name="application_detail"),
    path("applications/<int:pk>/move/", application_move, name="application_move"),
    path("applications/<int:pk>/score/", application_score, name="application_score"),
]
