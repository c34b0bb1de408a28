"""Residency plans: the plan page its fellow, host principal and program staff read, and each thing they
do on it as its own small POST view.

Who does what: the fellow logs and corrects weeks of hours, marks milestones complete (or undoes that)
and writes reflections; the host principal and program staff sign off weeks and milestones, or reopen
them. Everyone fetches the plan through the object rules first, so another fellow's plan answers 404;
someone who may see the plan but not do the thing gets 403 (a host trying to log hours, a fellow trying
to sign off their own week).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leaderdev.errors import DomainError
from leaderdev.permissions import PORTAL_ROLES, Role, role_required

from .. import rules
from ..forms_residency import HoursForm, MilestoneDoneForm, ReflectionForm
from ..queries import residency as queries
from ..services import residency as services

# Fellows and host principals hold portal roles (leader, mentor); program staff run the fellowship.
RESIDENCY_ROLES = (Role.PROGRAM_STAFF, *PORTAL_ROLES)


def _plan_url(residency, anchor: str = "") -> str:
    url = reverse("fellowships:residency_detail", args=[residency.pk])
    return f"{url}#{anchor}" if anchor else url


def _week_label(week) -> str:
    return f"{week:%B} {week.day}"


def _require_fellow(user, residency):
    if not rules.may_keep_plan(user, residency):
        raise PermissionDenied("Only the fellow keeps their residency plan.")


def _require_signer(user, residency):
    if not rules.may_sign_off(user, residency):
        raise PermissionDenied("Only the host principal or program staff sign off a residency plan.")


# --- Reading ----------------------------------------------------------------------------------------


@require_GET
@role_required(*RESIDENCY_ROLES)
def residency_detail(request, pk):
    """The residency plan: hours and their progress, milestones, reflections, and the actions allowed."""
    residency = queries.residency_for(request.user, pk)
    page = queries.plan_page(request.user, residency)
    if page.may_log:
        for milestone in page.milestones:
            milestone.done_form = MilestoneDoneForm(milestone=milestone)
    return render(
        request, "fellowships/residency/residency_detail.html", {"page": page, "residency": residency}
    )


@require_GET
@role_required(*RESIDENCY_ROLES)
def my_residency(request):
    """The signed-in fellow's way in: straight to their residency plan, or a page that says why not."""
    residency = queries.current_residency_of(request.user)
    if residency is not None:
        return redirect(_plan_url(residency))
    return render(request, "fellowships/residency/no_residency.html")


# --- The fellow's hours ------------------------------------------------------------------------------


def _hours_form_page(request, residency, form, entry=None):
    return render(
        request,
        "fellowships/residency/hours_form.html",
        {"form": form, "residency": residency, "entry": entry, "cancel_url": _plan_url(residency, "hours")},
    )


@require_http_methods(["GET", "POST"])
@role_required(*RESIDENCY_ROLES)
def hours_new(request, pk):
    """The fellow logs a week of hours (the phone form)."""
    residency = queries.residency_for(request.user, pk)
    _require_fellow(request.user, residency)
    form = HoursForm(request.POST or None, residency=residency, logged_weeks=queries.logged_weeks(residency))
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.log_hours(residency, **form.hours_fields())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"{entry.hours} hours logged for the week of {_week_label(entry.week_of)}."
            )
            return redirect(_plan_url(residency, f"week-{entry.pk}"))
    return _hours_form_page(request, residency, form)


@require_http_methods(["GET", "POST"])
@role_required(*RESIDENCY_ROLES)
def hours_edit(request, pk):
    """The fellow corrects a week their host has not signed off yet."""
    entry = queries.hours_entry_for(request.user, pk)
    residency = entry.residency
    _require_fellow(request.user, residency)
    form = HoursForm(request.POST or None, residency=residency, entry=entry)
    if request.method == "POST" and form.is_valid():
        try:
            services.log_hours(residency, **form.hours_fields())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"The week of {_week_label(entry.week_of)} is updated.")
            return redirect(_plan_url(residency, f"week-{entry.pk}"))
    return _hours_form_page(request, residency, form, entry)


# --- The host's sign-off of hours ---------------------------------------------------------------------


@require_POST
@role_required(*RESIDENCY_ROLES)
def hours_sign_off(request, pk):
    """The host (or staff) signs off one week."""
    entry = queries.hours_entry_for(request.user, pk)
    _require_signer(request.user, entry.residency)
    if services.sign_off_hours([entry], user=request.user):
        messages.success(request, f"The week of {_week_label(entry.week_of)} is signed off.")
    else:
        messages.info(request, f"The week of {_week_label(entry.week_of)} was already signed off.")
    return redirect(_plan_url(entry.residency, f"week-{entry.pk}"))


@require_POST
@role_required(*RESIDENCY_ROLES)
def hours_sign_off_all(request, pk):
    """The host (or staff) signs off every week waiting for it."""
    residency = queries.residency_for(request.user, pk)
    _require_signer(request.user, residency)
    count = services.sign_off_hours(queries.pending_weeks(residency), user=request.user)
    if count:
        messages.success(request, f"{count} week{'s' if count != 1 else ''} signed off.")
    else:
        messages.info(request, "No week was waiting for your sign-off.")
    return redirect(_plan_url(residency, "hours"))


@require_POST
@role_required(*RESIDENCY_ROLES)
def hours_reopen(request, pk):
    """The host (or staff) reopens a signed-off week so the fellow can correct it."""
    entry = queries.hours_entry_for(request.user, pk)
    _require_signer(request.user, entry.residency)
    services.reopen_hours(entry)
    messages.success(
        request, f"The week of {_week_label(entry.week_of)} is reopened; the fellow can correct it."
    )
    return redirect(_plan_url(entry.residency, f"week-{entry.pk}"))


# --- Milestones ---------------------------------------------------------------------------------------


def _milestone_done(request, milestone, call, success: str):
    """Run one milestone service call; its DomainError becomes a message on the plan page."""
    try:
        call()
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(_plan_url(milestone.residency, f"milestone-{milestone.pk}"))


@require_POST
@role_required(*RESIDENCY_ROLES)
def milestone_complete(request, pk):
    """The fellow marks a milestone complete, with the day and a note of what they did."""
    milestone = queries.milestone_for(request.user, pk)
    _require_fellow(request.user, milestone.residency)
    form = MilestoneDoneForm(request.POST, milestone=milestone)
    if not form.is_valid():
        problems = " ".join(error for errors in form.errors.values() for error in errors)
        messages.error(request, f"“{milestone.title}” is not marked complete: {problems}")
        return redirect(_plan_url(milestone.residency, f"milestone-{milestone.pk}"))
    data = form.cleaned_data
    return _milestone_done(
        request,
        milestone,
        lambda: services.complete_milestone(
            milestone, completed_on=data["completed_on"], evidence_note=data["evidence_note"].strip()
        ),
        f"“{milestone.title}” is marked complete; your host can sign it off.",
    )


@require_POST
@role_required(*RESIDENCY_ROLES)
def milestone_undo(request, pk):
    """The fellow takes back "complete" on a milestone the host has not signed off."""
    milestone = queries.milestone_for(request.user, pk)
    _require_fellow(request.user, milestone.residency)
    return _milestone_done(
        request,
        milestone,
        lambda: services.undo_milestone(milestone),
        f"“{milestone.title}” is no longer marked complete.",
    )


@require_POST
@role_required(*RESIDENCY_ROLES)
def milestone_sign_off(request, pk):
    """The host (or staff) signs off a milestone the fellow completed."""
    milestone = queries.milestone_for(request.user, pk)
    _require_signer(request.user, milestone.residency)
    return _milestone_done(
        request,
        milestone,
        lambda: services.sign_off_milestone(milestone, user=request.user),
        f"“{milestone.title}” is signed off.",
    )


@require_POST
@role_required(*RESIDENCY_ROLES)
def milestone_reopen(request, pk):
    """The host (or staff) reopens a signed-off milestone so the fellow can change it."""
    milestone = queries.milestone_for(request.user, pk)
    _require_signer(request.user, milestone.residency)
    return _milestone_done(
        request,
        milestone,
        lambda: services.sign_off_milestone(milestone, user=request.user, reopen=True),
        f"“{milestone.title}” is reopened.",
    )


# --- Reflections --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(*RESIDENCY_ROLES)
def reflection_new(request, pk):
    """The fellow writes a reflection, shared with their host or kept for the Office."""
    residency = queries.residency_for(request.user, pk)
    _require_fellow(request.user, residency)
    form = ReflectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reflection = services.add_reflection(residency, **form.reflection_fields())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            shared = "shared with your host" if reflection.shared_with_host else "kept for you and the Office"
            messages.success(request, f"Your reflection “{reflection.title}” is saved, {shared}.")
            return redirect(_plan_url(residency, f"reflection-{reflection.pk}"))
    return render(
        request,
        "fellowships/residency/reflection_form.html",
        {"form": form, "residency": residency, "cancel_url": _plan_url(residency, "reflections")},
    )


urlpatterns = [
    path("my-residency/", my_residency, name="my_residency"),
    path("residencies/<int:pk>/", residency_detail, name="residency_detail"),
    path("residencies/<int:pk>/hours/new/", hours_new, name="hours_new"),
    path("residencies/<int:pk>/hours/sign-off/", hours_sign_off_all, name="hours_sign_off_all"),
    path("residencies/<int:pk>/reflections/new/", reflection_new, name="reflection_new"),
    path("residencies/hours/<int:pk>/edit/", hours_edit, name="hours_edit"),
    path("residencies/hours/<int:pk>/sign-off/", hours_sign_off, name="hours_sign_off"),
    path("residencies/hours/<int:pk>/reopen/", hours_reopen, name="hours_reopen"),
    path("residencies/milestones/<int:pk>/complete/", milestone_complete, name="milestone_complete"),
    path("residencies/milestones/<int:pk>/undo/", milestone_undo, name="milestone_undo"),
    path("residencies/milestones/<int:pk>/sign-off/", milestone_sign_off, name="milestone_sign_off"),
    path("residencies/milestones/<int:pk>/reopen/", milestone_reopen, name="milestone_reopen"),
]
