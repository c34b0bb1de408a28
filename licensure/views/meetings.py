"""Licensure pages: the monthly support groups and their meetings.

group_list              a year's groups with facilitators, members, next meeting and attendance rate: the
                        licensure team sees every group (and may pick another year); a facilitator or a
                        member sees the current year's groups they run or belong to; anyone else, 403
group_detail            a group: for the team and its facilitators, the members with their license
                        progress, the schedule with attendance counts, and forms to add a member and
                        schedule meetings; for a member, the schedule with their own attendance
group_add_member ...    the group's actions (POST only), for the team and the group's facilitators
meeting_detail          a meeting: agenda, place and time; for the team and facilitators the attendance
                        sheet (status and next steps per member, saved in one POST) and the notes; for a
                        member the notes and only their own status and next steps
meeting_attendance      saves the attendance sheet
meeting_notes           saves the meeting's notes

Who may see what comes from licensure.rules: a group or meeting someone may not see answers 404; one they
see but may not run (a member) answers 403 on the actions.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from leaderdev.errors import DomainError
from leaderdev.permissions import Role, get_visible_or_404, role_required

from ..forms_meetings import (
    AddMemberForm,
    AttendanceSheetForm,
    GroupFilter,
    NotesForm,
    ScheduleMeetingForm,
    ScheduleMonthlyForm,
)
from ..queries import meetings as queries
from ..rules import is_licensure_team
from ..services import meetings as services

# Facilitators and members hold any role (a veteran principal, a mentor, an AP): the group's
# facilitator and member lists decide, through the object rules.
ANY_ROLE = tuple(Role)


def _group_for(user, pk):
    return get_visible_or_404(user, queries.groups(), pk=pk)


def _group_to_run(user, pk):
    """The group, if `user` may see it (else 404) and run it (else 403)."""
    group = _group_for(user, pk)
    if not services.may_run(user, group):
        raise PermissionDenied("Only the licensure team and the group's facilitators change a group.")
    return group


def _meeting_to_run(user, pk):
    meeting = get_visible_or_404(user, queries.meetings(), pk=pk)
    if not services.may_run(user, meeting.group):
        raise PermissionDenied("Only the licensure team and the group's facilitators record a meeting.")
    return meeting


@require_GET
@role_required(*ANY_ROLE)
def group_list(request):
    """The groups of a school year the user may see, or 403 for someone who neither runs nor is in one."""
    is_team = is_licensure_team(request.user)
    year_filter = GroupFilter(request.GET if is_team else None)
    groups = queries.group_list(request.user, year_filter.chosen_year)
    if not is_team and not groups:
        raise PermissionDenied(
            "This page lists the licensure support groups you run or belong to: none this year."
        )
    return render(
        request,
        "licensure/meetings/group_list.html",
        {
            "groups": groups,
            "filter": year_filter if is_team else None,
            "school_year": year_filter.chosen_year,
        },
    )


def _render_group(request, group, status=200, **forms):
    runs_it = services.may_run(request.user, group)
    context = {
        "group": group,
        "page": queries.group_page(request.user, group, runs_it=runs_it),
        "runs_it": runs_it,
        "is_team": is_licensure_team(request.user),
    }
    if runs_it:
        context.update(
            add_form=forms.get("add_form") or AddMemberForm(candidates=queries.member_candidates(group)),
            schedule_form=forms.get("schedule_form") or ScheduleMeetingForm(),
            monthly_form=forms.get("monthly_form") or ScheduleMonthlyForm(),
        )
    return render(request, "licensure/meetings/group_detail.html", context, status=status)


@require_GET
@role_required(*ANY_ROLE)
def group_detail(request, pk):
    """A group's members, progress and schedule (for those who run it), or its schedule (for a member)."""
    return _render_group(request, _group_for(request.user, pk))


@require_POST
@role_required(*ANY_ROLE)
def group_add_member(request, pk):
    """Add someone with an active license pursuit to the group."""
    group = _group_to_run(request.user, pk)
    form = AddMemberForm(request.POST, candidates=queries.member_candidates(group))
    if form.is_valid():
        person = form.cleaned_data["person"]
        try:
            services.add_member(group, person, joined_on=form.cleaned_data["joined_on"])
        except DomainError as error:
            form.add_error("person", str(error))
        else:
            messages.success(request, f"{person.full_name} joined {group.name}.")
            return redirect(f"{group.get_absolute_url()}#members")
    return _render_group(request, group, add_form=form)


@require_POST
@role_required(*ANY_ROLE)
def group_remove_member(request, pk, person_pk):
    """Take someone out of the group (their past attendance and next steps stay)."""
    group = _group_to_run(request.user, pk)
    person = group.members.filter(pk=person_pk).first()
    if person is None:
        messages.error(request, "That person is not in this group.")
    else:
        try:
            services.remove_member(group, person)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{person.full_name} left {group.name}.")
    return redirect(f"{group.get_absolute_url()}#members")


@require_POST
@role_required(*ANY_ROLE)
def group_schedule_meeting(request, pk):
    """Schedule one meeting of the group."""
    group = _group_to_run(request.user, pk)
    form = ScheduleMeetingForm(request.POST)
    if form.is_valid():
        try:
            meeting = services.schedule_meeting(group, **form.meeting_fields())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Meeting scheduled for {_when(meeting)}.")
            return redirect(f"{group.get_absolute_url()}#schedule")
    return _render_group(request, group, schedule_form=form)


@require_POST
@role_required(*ANY_ROLE)
def group_schedule_monthly(request, pk):
    """Schedule the year's monthly meetings of the group (months that have one are left alone)."""
    group = _group_to_run(request.user, pk)
    form = ScheduleMonthlyForm(request.POST)
    if form.is_valid():
        try:
            added = services.schedule_monthly(group, **form.monthly_fields())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            if added:
                messages.success(
                    request,
                    f"{len(added)} meeting{'s' if len(added) != 1 else ''} scheduled, "
                    f"from {_when(added[0])} to {_when(added[-1])}.",
                )
            else:
                messages.info(
                    request, "Every month from September to June already has a meeting: nothing added."
                )
            return redirect(f"{group.get_absolute_url()}#schedule")
    return _render_group(request, group, monthly_form=form)


def _when(meeting) -> str:
    local = timezone.localtime(meeting.starts_at)
    return f"{local:%a} {local:%b} {local.day}"


def _render_meeting(request, meeting, status=200, **forms):
    runs_it = services.may_run(request.user, meeting.group)
    context = {"meeting": meeting, "group": meeting.group, "runs_it": runs_it}
    if runs_it:
        sheet_open = services.attendance_is_open(meeting)
        context.update(
            sheet_open=sheet_open,
            sheet=forms.get("sheet")
            or (AttendanceSheetForm(queries.meeting_sheet(meeting)) if sheet_open else None),
            notes_form=forms.get("notes_form") or NotesForm(initial={"notes": meeting.notes}),
        )
    else:
        context["own"] = queries.own_attendance(request.user, meeting)
    return render(request, "licensure/meetings/meeting_detail.html", context, status=status)


@require_GET
@role_required(*ANY_ROLE)
def meeting_detail(request, pk):
    """A meeting's agenda, place and time; the attendance sheet and notes, or one's own row and the notes."""
    return _render_meeting(request, get_visible_or_404(request.user, queries.meetings(), pk=pk))


@require_POST
@role_required(*ANY_ROLE)
def meeting_attendance(request, pk):
    """Save the attendance sheet: every changed member's status and next steps, in one go."""
    meeting = _meeting_to_run(request.user, pk)
    form = AttendanceSheetForm(queries.meeting_sheet(meeting), request.POST)
    if form.is_valid():
        rows = form.rows()
        try:
            services.record_attendance(meeting, rows, request.user)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            if rows:
                messages.success(
                    request, f"Attendance saved for {len(rows)} member{'s' if len(rows) != 1 else ''}."
                )
            else:
                messages.info(request, "Nothing changed on the sheet.")
            return redirect(reverse("licensure:meeting_detail", args=[meeting.pk]))
    return _render_meeting(request, meeting, sheet=form)


@require_POST
@role_required(*ANY_ROLE)
def meeting_notes(request, pk):
    """Save what the group worked on."""
    meeting = _meeting_to_run(request.user, pk)
    form = NotesForm(request.POST)
    if form.is_valid():
        try:
            services.save_notes(meeting, form.cleaned_data["notes"], request.user)
        except DomainError as error:
            form.add_error("notes", str(error))
        else:
            messages.success(request, "Meeting notes saved.")
            return redirect(f"{reverse('licensure:meeting_detail', args=[meeting.pk])}#notes")
    return _render_meeting(request, meeting, notes_form=form)


urlpatterns = [
    path("groups/", group_list, name="group_list"),
    path("groups/<int:pk>/", group_detail, name="group_detail"),
    path("groups/<int:pk>/members/add/", group_add_member, name="group_add_member"),
    path("groups/<int:pk>/members/<int:person_pk>/remove/", group_remove_member, name="group_remove_member"),
    path("groups/<int:pk>/meetings/add/", group_schedule_meeting, name="group_schedule_meeting"),
    path("groups/<int:pk>/meetings/monthly/", group_schedule_monthly, name="group_schedule_monthly"),
    path("meetings/<int:pk>/", meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/attendance/", meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/notes/", meeting_notes, name="meeting_notes"),
]
