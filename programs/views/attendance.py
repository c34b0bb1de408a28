"""Attendance and feedback pages.

sign_in             a session's fast, phone-first sign-in page, for program staff and its facilitators
sign_in_sheet       the same list on paper: names, schools, a line to sign
sign_in_export      the sign-in list as CSV (the page's search applies)
attendance_grid     an offering's people x sessions grid with rates, for program staff
attendance_export   the grid's marks as CSV, one line per person and session (the grid's filters apply)
session_feedback    a leader's survey about a session they attended; program staff see its results
offering_feedback   the survey results of every session of an offering, for program staff

Who may see what: a session someone may not see answers 404 (the object rules of programs.rules); a
session they may see but not take attendance for (a leader of its cohort) answers 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from leaderdev.errors import DomainError
from leaderdev.exports import export_response
from leaderdev.models import Person
from leaderdev.permissions import PORTAL_ROLES, Role, get_visible_or_404, has_role, role_required

from ..forms_attendance import AttendanceFilter, FeedbackForm, SignInForm, SignInSearchForm
from ..models import ATTENDED, AttendanceStatus, Session
from ..queries import attendance as queries
from ..rules import can_take_attendance
from ..services import attendance as services

# Facilitators may hold any role (a principal who leads a session, a coach, a mentor): the session's
# facilitator list decides, through can_take_attendance.
ANY_ROLE = tuple(Role)
FEEDBACK_ROLES = (Role.PROGRAM_STAFF, *PORTAL_ROLES)


def _session_for_attendance(user, pk, sessions=None) -> Session:
    """The session, if `user` may see it (else 404) and take its attendance (else 403)."""
    session = get_visible_or_404(user, queries.sessions() if sessions is None else sessions, pk=pk)
    if not can_take_attendance(user, session):
        raise PermissionDenied("Only program staff and the session's facilitators take its attendance.")
    return session


def _searched_people(request):
    search = SignInSearchForm(request.GET or None)
    people = queries.search_people(Person.objects.all(), search.text) if search.text else None
    return search, people


def _saved_message(result) -> str:
    if not result.changed:
        return "No mark changed, so there was nothing to save."
    parts = [f"{n} {AttendanceStatus(status).label.lower()}" for status, n in result.counts().items()]
    if result.cleared:
        parts.append(f"{len(result.cleared)} cleared")
    return f"Attendance saved: {', '.join(parts)}."


@require_http_methods(["GET", "POST"])
@role_required(*ANY_ROLE)
def sign_in(request, pk):
    """Mark who came, one tap per person; one POST saves every change."""
    session = _session_for_attendance(request.user, pk)
    search, people = _searched_people(request)
    expected = queries.expected_people(session, people)
    if request.method == "POST":
        form = SignInForm(expected, request.POST)
        if form.is_valid():
            try:
                result = services.record_attendance(
                    session, form.marks(), by=request.user, rest_absent="rest_absent" in request.POST
                )
            except DomainError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _saved_message(result))
                return redirect(request.get_full_path())
    else:
        form = SignInForm(expected)
    return render(
        request,
        "programs/sign_in.html",
        {
            "session": session,
            "form": form,
            "search": search,
            "counts": queries.session_counts(session),
            "statuses": AttendanceStatus.choices,
            "is_staff": has_role(request.user, Role.PROGRAM_STAFF),
        },
    )


@require_GET
@role_required(*ANY_ROLE)
def sign_in_sheet(request, pk):
    """The sign-in list to print: everyone expected, their school and a line to sign."""
    session = _session_for_attendance(request.user, pk)
    return render(
        request,
        "programs/sign_in_sheet.html",
        {"session": session, "people": queries.expected_people(session), "blank_lines": range(5)},
    )


@require_GET
@role_required(*ANY_ROLE)
def sign_in_export(request, pk):
    """The sign-in list as CSV, with the sign-in page's search."""
    session = _session_for_attendance(request.user, pk, Session.objects.select_related("offering__program"))
    _, people = _searched_people(request)
    local_start = timezone.localtime(session.starts_at)
    filename = f"sign-in {session.offering.program.name} {session.title} {local_start:%Y-%m-%d}"
    return export_response(queries.expected_people(session, people), queries.SIGN_IN_COLUMNS, filename)


@require_GET
@role_required(Role.PROGRAM_STAFF)
def attendance_grid(request, pk):
    """Who came to which session of an offering, each person's rate and each session's counts."""
    offering = get_visible_or_404(request.user, queries.offerings(), pk=pk)
    people_filter = AttendanceFilter.for_offering(request.GET, offering)
    grid = queries.attendance_grid(offering, people_filter.qs)
    return render(
        request,
        "programs/attendance_grid.html",
        {
            "offering": offering,
            "filter": people_filter,
            "grid": grid,
            "export_query": request.GET.urlencode(),
            "statuses": AttendanceStatus.choices,
        },
    )


@require_GET
@role_required(Role.PROGRAM_STAFF)
def attendance_export(request, pk):
    """The grid as CSV: one line per person and session, with the grid's filters."""
    offering = get_visible_or_404(request.user, queries.offerings(), pk=pk)
    lines = queries.attendance_lines(offering, AttendanceFilter.for_offering(request.GET, offering).qs)
    filename = f"attendance {offering} {timezone.localdate():%Y-%m-%d}"
    return export_response(lines, queries.ATTENDANCE_COLUMNS, filename)


@require_http_methods(["GET", "POST"])
@role_required(*FEEDBACK_ROLES)
def session_feedback(request, pk):
    """Program staff: the session's survey results. A leader who attended: the survey itself."""
    session = get_visible_or_404(request.user, queries.sessions(), pk=pk)
    if has_role(request.user, Role.PROGRAM_STAFF):
        if request.method == "POST":
            return redirect(request.path)
        return render(
            request,
            "programs/session_feedback.html",
            {"session": session, "results": queries.session_feedback_results(session), "is_staff": True},
        )
    person = Person.objects.filter(user=request.user).first()
    if person is None:  # a login with no staff record attended nothing
        raise Http404("No session found.")
    mark = queries.own_mark(session, person)
    answer = queries.own_feedback(session, person)
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            try:
                services.submit_feedback(
                    session, person, form.cleaned_data["rating"], form.cleaned_data["comment"]
                )
            except DomainError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, "Thank you: your feedback is saved and will shape next year's sessions."
                )
                return redirect(request.path)
    else:
        initial = {"rating": answer.rating, "comment": answer.comment} if answer else None
        form = FeedbackForm(initial=initial)
    return render(
        request,
        "programs/session_feedback.html",
        {
            "session": session,
            "form": form,
            "answer": answer,
            "attended": mark in ATTENDED,
            "mark_label": AttendanceStatus(mark).label if mark else None,
            "has_started": session.starts_at <= timezone.now(),
        },
    )


@require_GET
@role_required(Role.PROGRAM_STAFF)
def offering_feedback(request, pk):
    """The survey results of every session of an offering, and of the offering as a whole."""
    offering = get_visible_or_404(request.user, queries.offerings(), pk=pk)
    return render(
        request,
        "programs/offering_feedback.html",
        {"offering": offering, "results": queries.offering_feedback_results(offering)},
    )
