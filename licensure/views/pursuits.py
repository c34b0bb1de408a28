"""Licensure pages: pursuits with their checklists, evidence and verification, and the team's board.

Who sees what comes from licensure.rules through get_visible_or_404: the employee their own pursuits,
the licensure team every pursuit, a facilitator the pursuits of this year's group members (read only);
anyone else gets 404. Only the employee records progress and evidence (licensure.services.progress
says so again), only the team verifies, returns and changes a pursuit's status.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leaderdev.errors import DomainError
from leaderdev.exports import export_response
from leaderdev.models import Person
from leaderdev.permissions import Role, get_visible_or_404, role_required, visible_to
from leaderdev.uploads import serve

from ..filters import BoardFilter
from ..forms_pursuits import EvidenceForm, ProgressForm, PursuitStatusForm, ReturnForm, StartPursuitForm
from ..models import ProgressStatus, PursuitStatus
from ..queries import pursuits as queries
from ..rules import is_licensure_team
from ..services import progress as services

PAGE_SIZE = 50


def _item_url(pursuit, requirement_pk) -> str:
    return f"{reverse('licensure:pursuit_detail', args=[pursuit.pk])}#requirement-{requirement_pk}"


# --- The team's board ------------------------------------------------------------------------------------


@require_GET
@role_required(Role.LICENSURE_TEAM)
def board(request):
    """Every pursuit with its progress, soonest target first: filters, summary cards, a page at a time."""
    board_filter = BoardFilter(request.GET, queryset=visible_to(request.user, queries.board()))
    page = Paginator(board_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "licensure/pursuits/board.html",
        {
            "filter": board_filter,
            "page": page,
            "rows": queries.with_days_to_target(page.object_list),
            "summary": queries.board_summary(board_filter.qs),
            "query": request.GET.urlencode(),
            "stale_days": queries.STALE_AFTER_DAYS,
        },
    )


@require_GET
@role_required(Role.LICENSURE_TEAM)
def board_export(request):
    """The board's filtered pursuits as CSV, every matching one rather than a page."""
    board_filter = BoardFilter(request.GET, queryset=visible_to(request.user, queries.board()))
    return export_response(
        board_filter.qs, queries.board_columns(), f"licensure-board-{timezone.localdate().isoformat()}"
    )


# --- My licensure ------------------------------------------------------------------------------------------


def _own_person(user):
    person = visible_to(user, Person.objects.select_related("school")).filter(user=user).first()
    if person is None:
        raise PermissionDenied("Licensure support is for district employees with a staff record.")
    return person


@require_http_methods(["GET", "POST"])
@login_required
def my_licensure(request):
    """The signed-in employee's pursuits with their progress, and the form to start pursuing a license."""
    person = _own_person(request.user)
    form = StartPursuitForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            pursuit = services.start_pursuit(
                person,
                form.cleaned_data["license_type"],
                form.cleaned_data["target_date"],
                user=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"You are pursuing {pursuit.license_type}. Work through its checklist below; "
                "the licensure team verifies each item.",
            )
            return redirect(pursuit)
    return render(
        request,
        "licensure/pursuits/my_licensure.html",
        {"person": person, "pursuits": queries.my_pursuits(person), "form": form},
    )


# --- One pursuit ------------------------------------------------------------------------------------------


def _pursuit_page(request, pursuit, *, bound=None, status=200):
    """The checklist page; `bound` is a form that failed (shown with its errors, its item opened)."""
    checklist = queries.checklist(pursuit)
    may_update = services.may_update(request.user, pursuit)
    is_team = is_licensure_team(request.user)
    for item in checklist:
        requirement = item.requirement
        item.progress_form = item.evidence_form = item.return_form = None
        if may_update and not item.is_verified:
            item.progress_form = ProgressForm(requirement=requirement, progress=item.progress)
            item.evidence_form = EvidenceForm(requirement=requirement)
        if is_team and item.progress is not None:
            item.return_form = ReturnForm(progress=item.progress)
        if bound is not None and getattr(bound, "requirement", None) == requirement:
            attribute = "progress_form" if isinstance(bound, ProgressForm) else "evidence_form"
            setattr(item, attribute, bound)
            item.opened = attribute
        for evidence in item.evidence:
            evidence.removable = services.may_remove_evidence(request.user, evidence)
    return render(
        request,
        "licensure/pursuits/pursuit_detail.html",
        {
            "pursuit": pursuit,
            "person": pursuit.person,
            "checklist": checklist,
            "may_update": may_update,
            "is_pursuer": services.is_pursuer(request.user, pursuit),
            "is_team": is_team,
            "status_form": PursuitStatusForm(pursuit=pursuit) if is_team else None,
            "is_overdue": queries.is_overdue(pursuit),
        },
        status=status,
    )


@require_GET
@login_required
def pursuit_detail(request, pk):
    """A pursuit's checklist: each requirement's status, amount, note, evidence; forms for the employee,
    verify and return buttons for the team, read only for the employee's facilitators."""
    return _pursuit_page(request, get_visible_or_404(request.user, queries.pursuit_detail(), pk=pk))


def _own_pursuit(request, pk):
    """The pursuit, if visible (else 404), when the signed-in user is its employee (else 403). A closed
    pursuit is refused by the service, with a message on the form."""
    pursuit = get_visible_or_404(request.user, queries.pursuit_detail(), pk=pk)
    if not services.is_pursuer(request.user, pursuit):
        raise PermissionDenied("Only the employee pursuing this license records its progress.")
    return pursuit


def _requirement_or_404(pursuit, requirement_pk):
    requirement = queries.requirement_of(pursuit, requirement_pk)
    if requirement is None:
        raise Http404("No such requirement on this checklist.")
    return requirement


@require_POST
@login_required
def progress_update(request, pk, requirement_pk):
    """The employee records where one requirement stands (in progress or submitted, amount, note)."""
    pursuit = _own_pursuit(request, pk)
    requirement = _requirement_or_404(pursuit, requirement_pk)
    form = ProgressForm(request.POST, requirement=requirement)
    if form.is_valid():
        try:
            progress = services.update_progress(
                pursuit, requirement, user=request.user, **form.progress_fields()
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            if progress.status == ProgressStatus.SUBMITTED:
                messages.success(request, f"“{requirement}” is submitted; the licensure team will verify it.")
            else:
                messages.success(request, f"Your progress on “{requirement}” is saved.")
            return redirect(_item_url(pursuit, requirement.pk))
    return _pursuit_page(request, pursuit, bound=form)


@require_POST
@login_required
def evidence_add(request, pk, requirement_pk):
    """The employee adds a file or a link as evidence for one requirement."""
    pursuit = _own_pursuit(request, pk)
    requirement = _requirement_or_404(pursuit, requirement_pk)
    form = EvidenceForm(request.POST, request.FILES, requirement=requirement)
    if form.is_valid():
        try:
            evidence = services.add_evidence(
                pursuit, requirement, user=request.user, **form.evidence_fields()
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"“{evidence.description}” is added to “{requirement}”.")
            return redirect(_item_url(pursuit, requirement.pk))
    return _pursuit_page(request, pursuit, bound=form)


@require_POST
@role_required(Role.LICENSURE_TEAM)
def pursuit_status(request, pk):
    """The team changes a pursuit's status (licensed with its date, paused, withdrawn ...)."""
    pursuit = get_visible_or_404(request.user, queries.pursuit_detail(), pk=pk)
    form = PursuitStatusForm(request.POST, pursuit=pursuit)
    if form.is_valid():
        try:
            services.set_pursuit_status(
                pursuit, form.cleaned_data["status"], form.cleaned_data["licensed_on"], user=request.user
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            label = PursuitStatus(pursuit.status).label.lower()
            messages.success(request, f"{pursuit.person.full_name}'s pursuit is now {label}.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(pursuit)


@require_POST
@role_required(Role.LICENSURE_TEAM)
def progress_verify(request, pk):
    """The team verifies one requirement of a pursuit."""
    progress = get_visible_or_404(request.user, queries.progress_detail(), pk=pk)
    try:
        services.verify(progress, request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"“{progress.requirement}” is verified for {progress.pursuit.person.full_name}."
        )
    return redirect(_item_url(progress.pursuit, progress.requirement_id))


@require_POST
@role_required(Role.LICENSURE_TEAM)
def progress_return(request, pk):
    """The team returns one requirement to the employee with the reason."""
    progress = get_visible_or_404(request.user, queries.progress_detail(), pk=pk)
    form = ReturnForm(request.POST, progress=progress)
    if form.is_valid():
        try:
            services.return_for_changes(progress, form.cleaned_data["reason"], request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, f"“{progress.requirement}” is returned to {progress.pursuit.person.full_name}."
            )
    else:
        messages.error(request, "Say what needs to change, so the employee knows what to do.")
    return redirect(_item_url(progress.pursuit, progress.requirement_id))


# --- Evidence ---------------------------------------------------------------------------------------------


@require_GET
@login_required
def evidence_download(request, pk):
    """A piece of evidence's file, as an attachment, for those who may see it (else 404)."""
    evidence = get_visible_or_404(request.user, queries.evidence_detail(), pk=pk)
    return serve(evidence.file, filename=evidence.original_name or None)


@require_POST
@login_required
def evidence_remove(request, pk):
    """Its uploader takes back a piece of evidence before the item is verified; the file is deleted."""
    evidence = get_visible_or_404(request.user, queries.evidence_detail(), pk=pk)
    progress = evidence.progress
    if not services.may_remove_evidence(request.user, evidence):
        raise PermissionDenied("Only the person who added this evidence may remove it, before verification.")
    try:
        services.remove_evidence(evidence, request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"“{evidence.description}” is removed.")
    return redirect(_item_url(progress.pursuit, progress.requirement_id))


urlpatterns = [
    path("board/", board, name="board"),
    path("board/export.csv", board_export, name="board_export"),
    path("mine/", my_licensure, name="my_licensure"),
    path("pursuits/<int:pk>/", pursuit_detail, name="pursuit_detail"),
    path("pursuits/<int:pk>/status/", pursuit_status, name="pursuit_status"),
    path(
        "pursuits/<int:pk>/requirements/<int:requirement_pk>/progress/",
        progress_update,
        name="progress_update",
    ),
    path(
        "pursuits/<int:pk>/requirements/<int:requirement_pk>/evidence/",
        evidence_add,
        name="evidence_add",
    ),
    path("progress/<int:pk>/verify/", progress_verify, name="progress_verify"),
    path("progress/<int:pk>/return/", progress_return, name="progress_return"),
    path("evidence/<int:pk>/", evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/remove/", evidence_remove, name="evidence_remove"),
]
