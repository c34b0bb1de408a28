"""A school's team page, and the small pages that change its members, initiative, steps and notes.

Whoever sees the school's teams sees the page (programs.rules, "School teams"); a school or row outside
their reach is a 404. Those who ``may_manage_team`` change members, the initiative and its steps; those who
``may_contribute`` (and a step's owner) move a step's status and write monitoring notes; anyone else 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from leaderdev.errors import DomainError
from leaderdev.permissions import Role, get_visible_or_404, role_required

from ..forms_teams import (
    AdjustStepForm,
    ChangeTierForm,
    EndMembershipForm,
    InitiativeForm,
    MemberForm,
    NoteForm,
    StepForm,
    StepStatusForm,
)
from ..queries import teams as queries
from ..rules import may_contribute, may_manage_team
from ..services import teams as services

TEAM_ROLES = (Role.PROGRAM_STAFF, Role.NETWORK_STAFF, Role.LEADER, Role.MENTOR, Role.COACH)


def team_url(school, school_year=None, anchor: str = "") -> str:
    """The school's team page for a year (?year=), with an optional #anchor."""
    url = reverse("programs:school_team", args=[school.pk])
    if school_year is not None:
        url = f"{url}?year={school_year.pk}"
    return f"{url}#{anchor}" if anchor else url


def _require_manager(user, school):
    if not may_manage_team(user, school):
        raise PermissionDenied(
            "Only the school's principal, its team leads, network and program staff do this."
        )


def _form_page(request, form, *, title, school, back, submit, intro=""):
    return render(
        request,
        "programs/teams/form.html",
        {"form": form, "title": title, "school": school, "back": back, "submit": submit, "intro": intro},
    )


@require_GET
@role_required(*TEAM_ROLES)
def school_team(request, pk):
    """The school's teams, members by tier with their history, the year's initiative and the plan's state."""
    school = queries.visible_school_or_404(request.user, pk)
    school_year = queries.school_year_or_404(request.GET.get("year"))
    if school_year is None:
        return render(request, "programs/teams/team.html", {"school": school, "page": None})
    page = queries.team_page(school, school_year)
    may_manage = may_manage_team(request.user, school)
    may_write = may_manage or may_contribute(request.user, school)
    if page.initiative is not None and not may_write:
        for group in page.step_groups:
            for step in group.steps:
                step.may_update = step.owner is not None and step.owner.user_id == request.user.pk
    return render(
        request,
        "programs/teams/team.html",
        {
            "school": school,
            "school_year": school_year,
            "page": page,
            "years": queries.team_years(school),
            "may_manage": may_manage,
            "may_contribute": may_write,
        },
    )


# --- Members -------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(*TEAM_ROLES)
def add_member(request, pk):
    school = queries.visible_school_or_404(request.user, pk)
    _require_manager(request.user, school)
    form = MemberForm(request.POST or None, school=school)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = services.add_member(
                services.team_of(school, data["team"]),
                data["person"],
                start_date=data["start_date"],
                tier=data["tier"],
                role=data["role"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{membership.person} is on the {membership.team.get_kind_display()}.")
            return redirect(team_url(school, anchor=f"team-{membership.team.kind}"))
    return _form_page(
        request, form, title="Add a team member", school=school, back=team_url(school), submit="Add member"
    )


@require_http_methods(["GET", "POST"])
@role_required(*TEAM_ROLES)
def end_membership(request, pk):
    membership = get_visible_or_404(request.user, queries.memberships(), pk=pk)
    school = membership.team.school
    _require_manager(request.user, school)
    form = EndMembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_membership(
                membership, end_date=form.cleaned_data["end_date"], reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{membership.person} is off the {membership.team.get_kind_display()}.")
            return redirect(team_url(school, anchor=f"team-{membership.team.kind}"))
    return _form_page(
        request,
        form,
        title=f"Take {membership.person} off the {membership.team.get_kind_display()}",
        school=school,
        back=team_url(school),
        submit="End membership",
        intro="The membership stays in the team's history.",
    )


@require_http_methods(["GET", "POST"])
@role_required(*TEAM_ROLES)
def change_tier(request, pk):
    membership = get_visible_or_404(request.user, queries.memberships(), pk=pk)
    school = membership.team.school
    _require_manager(request.user, school)
    form = ChangeTierForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.change_tier(
                membership, tier=form.cleaned_data["tier"], on_date=form.cleaned_data["on_date"]
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"{moved.person} is now in the {moved.get_tier_display().lower()} tier."
            )
            return redirect(team_url(school, anchor=f"team-{moved.team.kind}"))
    return _form_page(
        request,
        form,
        title=f"Move {membership.person} to another tier",
        school=school,
        back=team_url(school),
        submit="Move",
        intro=f"Now: {membership.get_tier_display()}. The current spell ends the day before the move.",
    )


# --- The initiative, its steps and notes -------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(*TEAM_ROLES)
def edit_initiative(request, pk):
    """Start the year's initiative (?year=, default current), or edit the one the team page shows."""
    school = queries.visible_school_or_404(request.user, pk)
    school_year = queries.school_year_or_404(request.GET.get("year"))
    _require_manager(request.user, school)
    if school_year is None:
        raise PermissionDenied("No school year is marked current.")
    initiative = queries.initiative_of(school, school_year)
    initial = None
    if initiative is not None:
        initial = {
            "title": initiative.title,
            "focus": initiative.focus,
            "success_measure": initiative.success_measure,
            "competencies": list(initiative.competencies.all()),
        }
    form = InitiativeForm(request.POST or None, initial=initial, editing=initiative is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {k: data[k] for k in ("title", "focus", "success_measure", "competencies")}
        try:
            if initiative is None:
                initiative = services.start_initiative(
                    services.team_of(school, data["team"]), school_year, **fields
                )
            else:
                services.edit_initiative(initiative, **fields)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"The initiative “{initiative.title}” is saved.")
            return redirect(team_url(school, school_year, anchor="initiative"))
    title = "Edit the initiative" if initial else f"Start the improvement initiative for {school_year}"
    return _form_page(
        request, form, title=title, school=school, back=team_url(school, school_year), submit="Save"
    )


@require_http_methods(["GET", "POST"])
@role_required(*TEAM_ROLES)
def add_step(request, pk):
    initiative = get_visible_or_404(request.user, queries.initiatives(), pk=pk)
    school = initiative.team.school
    _require_manager(request.user, school)
    form = StepForm(request.POST or None, school=school)
    back = team_url(school, initiative.school_year, anchor="steps")
    if request.method == "POST" and form.is_valid():
        try:
            services.add_step(initiative, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The action step is added.")
            return redirect(back)
    return _form_page(request, form, title="Add an action step", school=school, back=back, submit="Add step")


@require_http_methods(["GET", "POST"])
@role_required(*TEAM_ROLES)
def adjust_step(request, pk):
    step = get_visible_or_404(request.user, queries.steps(), pk=pk)
    school = step.initiative.team.school
    _require_manager(request.user, school)
    form = AdjustStepForm(request.POST or None, step=step)
    back = team_url(school, step.initiative.school_year, anchor="steps")
    if request.method == "POST" and form.is_valid():
        changes = {k: form.cleaned_data[k] for k in ("description", "tier", "owner", "due_date")}
        try:
            _, note = services.adjust_step(
                step, reason=form.cleaned_data["reason"], by=request.user, **changes
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            if note is None:
                messages.info(request, "Nothing changed in the step.")
            else:
                messages.success(request, "The step is adjusted and the change is in the monitoring notes.")
            return redirect(back)
    return _form_page(
        request,
        form,
        title=f"Adjust the step “{step.description}”",
        school=school,
        back=back,
        submit="Adjust",
    )


@require_http_methods(["GET", "POST"])
@role_required(*TEAM_ROLES)
def step_status(request, pk):
    step = queries.step_for_status_or_404(request.user, pk)
    school = step.initiative.team.school
    is_owner = step.owner is not None and step.owner.user_id == request.user.pk
    if not (is_owner or may_contribute(request.user, school)):
        raise PermissionDenied("You may not update this step.")
    form = StepStatusForm(request.POST or None, step=step)
    back = team_url(school, step.initiative.school_year, anchor="steps")
    if request.method == "POST" and form.is_valid():
        try:
            step = services.set_step_status(
                step, form.cleaned_data["status"], by=request.user, note=form.cleaned_data["note"]
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"The step is now “{step.get_status_display()}”.")
            return redirect(back)
    return _form_page(
        request,
        form,
        title=f"Update the step “{step.description}”",
        school=school,
        back=back,
        submit="Update",
        intro=f"Now: {step.get_status_display()}.",
    )


@require_http_methods(["GET", "POST"])
@role_required(*TEAM_ROLES)
def add_note(request, pk):
    initiative = get_visible_or_404(request.user, queries.initiatives(), pk=pk)
    school = initiative.team.school
    if not may_contribute(request.user, school):
        raise PermissionDenied("You may not write on this initiative.")
    form = NoteForm(request.POST or None, initiative=initiative)
    back = team_url(school, initiative.school_year, anchor="notes")
    if request.method == "POST" and form.is_valid():
        try:
            services.add_note(
                initiative, form.cleaned_data["text"], by=request.user, step=form.cleaned_data["step"]
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your monitoring note is added.")
            return redirect(back)
    return _form_page(
        request, form, title="Add a monitoring note", school=school, back=back, submit="Add note"
    )


urlpatterns = [
    path("schools/<int:pk>/team/", school_team, name="school_team"),
    path("schools/<int:pk>/team/members/add/", add_member, name="team_member_add"),
    path("team-members/<int:pk>/end/", end_membership, name="team_member_end"),
    path("team-members/<int:pk>/tier/", change_tier, name="team_member_tier"),
    path("schools/<int:pk>/initiative/", edit_initiative, name="initiative_edit"),
    path("initiatives/<int:pk>/steps/add/", add_step, name="step_add"),
    path("initiatives/<int:pk>/notes/add/", add_note, name="note_add"),
    path("steps/<int:pk>/adjust/", adjust_step, name="step_adjust"),
    path("steps/<int:pk>/status/", step_status, name="step_status"),
]
