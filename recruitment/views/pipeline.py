"""Recruitment staff's pipeline pages: the board, the list with bulk moves, adding a candidate, and the
application and candidate pages with moves and hiring.

The board and the list are for recruitment staff. A candidate's and an application's pages are also open,
read-only, to the panelists of that candidate's interviews; anyone else signed in gets 403
(recruitment.rules.candidate_or_403), as the issue asks. Only recruitment staff change anything.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leaderdev.errors import DomainError
from leaderdev.exports import export_response
from leaderdev.permissions import Role, has_role, role_required, visible_to

from ..filters import ApplicationFilter, BoardFilter
from ..forms_pipeline import ApplyForm, BulkMoveForm, CandidateForm, HireForm, MoveForm
from ..models import PIPELINE, Application, Stage
from ..queries import pipeline as queries
from ..queries.interviews import application_extra
from ..rules import candidate_or_403
from ..services import pipeline as pipeline_services

PAGE_SIZE = 50
# Refusals of a bulk move shown one by one; beyond this, one line says how many more.
MAX_REFUSALS_SHOWN = 15


def _may_change(user) -> bool:
    return has_role(user, Role.RECRUITMENT_STAFF)


# --- The board --------------------------------------------------------------------------------------------


@require_GET
@role_required(Role.RECRUITMENT_STAFF)
def board(request):
    """A cycle's pipeline: a column per stage with its count and most recent cards; filters apply."""
    data = request.GET.copy()
    default = queries.default_cycle()
    if not data.get("cycle") and default is not None:
        data["cycle"] = str(default.pk)
    board_filter = BoardFilter(data, queryset=visible_to(request.user, queries.applications()))
    cycle = board_filter.form.cleaned_data.get("cycle") if board_filter.is_valid() else None
    if cycle is None:
        return render(request, "recruitment/pipeline/board.html", {"filter": board_filter, "board": None})
    result = queries.board(board_filter.qs)
    # "See all" keeps the board's filters and adds the stage.
    list_query = QueryDict(mutable=True)
    for name in ("cycle", "role", "level", "source_kind"):
        if board_filter.form.cleaned_data.get(name):
            list_query[name] = data[name]
    return render(
        request,
        "recruitment/pipeline/board.html",
        {
            "filter": board_filter,
            "cycle": cycle,
            "board": result,
            "list_url": f"{reverse('recruitment:application_list')}?{list_query.urlencode()}",
            "per_column": queries.CARDS_PER_COLUMN,
        },
    )


# --- The list ---------------------------------------------------------------------------------------------


@require_GET
@role_required(Role.RECRUITMENT_STAFF)
def application_list(request):
    """Every application matching the filters, a page at a time, with ticks and a bulk move."""
    application_filter = ApplicationFilter(
        request.GET, queryset=visible_to(request.user, queries.application_list())
    )
    page = Paginator(application_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "recruitment/pipeline/application_list.html",
        {
            "filter": application_filter,
            "page": page,
            "rows": queries.with_days_in_stage(page.object_list),
            "move_form": BulkMoveForm(),
            "query": request.GET.urlencode(),
        },
    )


@require_GET
@role_required(Role.RECRUITMENT_STAFF)
def application_export(request):
    """The filtered applications as CSV, with the candidates' contact details: recruitment staff only."""
    application_filter = ApplicationFilter(
        request.GET, queryset=visible_to(request.user, queries.application_list())
    )
    filename = f"applications {timezone.localdate()}"
    return export_response(application_filter.qs, queries.application_columns(), filename)


@require_POST
@role_required(Role.RECRUITMENT_STAFF)
def application_bulk_move(request):
    """Move the ticked applications through services.pipeline.move_many; say who moved and who not."""
    back = reverse("recruitment:application_list")
    if request.GET:
        back = f"{back}?{request.GET.urlencode()}"
    form = BulkMoveForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    report = form.perform(request.user)
    if report.moved:
        label = Stage(form.cleaned_data["to_stage"]).label.lower()
        count = len(report.moved)
        messages.success(request, f"Moved {count} application{'s' if count != 1 else ''} to {label}.")
    for _, refusal in report.refused[:MAX_REFUSALS_SHOWN]:
        messages.error(request, refusal)
    hidden = len(report.refused) - MAX_REFUSALS_SHOWN
    if hidden > 0:
        messages.error(request, f"{hidden} more application{'s' if hidden != 1 else ''} could not move.")
    return redirect(back)


# --- Adding a candidate -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(Role.RECRUITMENT_STAFF)
def candidate_new(request):
    """Add a candidate and their first application; likely duplicates are shown before anything is added."""
    form = CandidateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = form.save(request.user)
        if result is not None:
            candidate, application = result
            messages.success(request, f"Added {candidate}.")
            if application is not None:
                return redirect("recruitment:application_detail", pk=application.pk)
            return redirect("recruitment:candidate_detail", pk=candidate.pk)
    return render(request, "recruitment/pipeline/candidate_new.html", {"form": form})


# --- One application --------------------------------------------------------------------------------------


def _application_page(request, application, *, move_form=None, hire_form=None, status=200):
    may_change = _may_change(request.user)
    context = {
        "application": application,
        "candidate": application.candidate,
        "may_change": may_change,
        "stage_history": queries.stage_history(application),
        "other_applications": visible_to(
            request.user, queries.candidate_applications(application.candidate)
        ).exclude(pk=application.pk),
        "pipeline": _pipeline_steps(application),
        "required_references": queries.required_references(),
        # Interviews (blinded summaries) and reference checks the user may see, in a fixed number of queries.
        "extra": application_extra(request.user, application),
    }
    if may_change:
        context["moves"] = [
            (stage, Stage(stage).label) for stage in application.allowed_moves if stage != Stage.HIRED
        ]
        context["move_form"] = move_form or MoveForm()
        if application.stage == Stage.IN_POOL:
            context["hire_form"] = hire_form or HireForm(application)
        context["audit"] = queries.audit_trail(application)
    return render(request, "recruitment/pipeline/application_detail.html", context, status=status)


def _pipeline_steps(application):
    """The pipeline's stages, each marked done, current or to come, for the page's progress line."""
    index = PIPELINE.index(application.stage) if application.stage in PIPELINE else -1
    return [
        (stage, Stage(stage).label, "done" if i < index else "current" if i == index else "todo")
        for i, stage in enumerate(PIPELINE)
    ]


@require_GET
@login_required
def application_detail(request, pk):
    """An application: the candidate, the stage history, moves and hiring (staff), the audit history."""
    application = candidate_or_403(request.user, queries.application_detail(), pk=pk)
    return _application_page(request, application)


@require_POST
@role_required(Role.RECRUITMENT_STAFF)
def application_move(request, pk):
    """Move one application to the stage of the button pressed; a refusal is shown with its reason."""
    application = candidate_or_403(request.user, Application.objects.select_related("candidate"), pk=pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        to_stage = form.cleaned_data["to_stage"]
        try:
            pipeline_services.move(
                application, to_stage, user=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Moved {application.candidate} to {Stage(to_stage).label.lower()}.")
    else:
        messages.error(request, "Choose a stage to move to.")
    return redirect("recruitment:application_detail", pk=pk)


@require_POST
@role_required(Role.RECRUITMENT_STAFF)
def application_hire(request, pk):
    """Hire an application in the pool; on a refusal the page shows the form again with what was typed."""
    application = candidate_or_403(request.user, queries.application_detail(), pk=pk)
    form = HireForm(application, request.POST)
    if form.is_valid():
        person = form.save(request.user)
        if person is not None:
            messages.success(
                request,
                f"Hired {application.candidate}: {person.get_position_display().lower()} at {person.school}, "
                f"starting {person.role_start_date:%B %-d, %Y}.",
            )
            return redirect("recruitment:application_detail", pk=pk)
    return _application_page(request, application, hire_form=form, status=200)


# --- One candidate ----------------------------------------------------------------------------------------


@require_GET
@login_required
def candidate_detail(request, pk):
    """A candidate: personal data, their applications (those the viewer may see), the audit history."""
    candidate = candidate_or_403(request.user, queries.candidate_detail(), pk=pk)
    return _candidate_page(request, candidate)


def _candidate_page(request, candidate, *, apply_form=None, status=200):
    may_change = _may_change(request.user)
    context = {
        "candidate": candidate,
        "may_change": may_change,
        "applications": visible_to(request.user, queries.candidate_applications(candidate)),
    }
    if may_change:
        context["apply_form"] = apply_form or ApplyForm(candidate)
        context["audit"] = queries.audit_trail(candidate)
    return render(request, "recruitment/pipeline/candidate_detail.html", context, status=status)


@require_POST
@role_required(Role.RECRUITMENT_STAFF)
def candidate_apply(request, pk):
    """Open another application for a known candidate."""
    candidate = candidate_or_403(request.user, queries.candidate_detail(), pk=pk)
    form = ApplyForm(candidate, request.POST)
    if form.is_valid():
        application = form.save(request.user)
        if application is not None:
            messages.success(
                request, f"{candidate} now applies for {application.get_role_display().lower()}."
            )
            return redirect("recruitment:application_detail", pk=application.pk)
    return _candidate_page(request, candidate, apply_form=form, status=200)


urlpatterns = [
    path("", board, name="board"),
    path("applications/", application_list, name="application_list"),
    path("applications/export.csv", application_export, name="application_export"),
    path("applications/move/", application_bulk_move, name="application_bulk_move"),
    path("applications/<int:pk>/", application_detail, name="application_detail"),
    path("applications/<int:pk>/move/", application_move, name="application_move"),
    path("applications/<int:pk>/hire/", application_hire, name="application_hire"),
    path("candidates/new/", candidate_new, name="candidate_new"),
    path("candidates/<int:pk>/", candidate_detail, name="candidate_detail"),
    path("candidates/<int:pk>/apply/", candidate_apply, name="candidate_apply"),
]
