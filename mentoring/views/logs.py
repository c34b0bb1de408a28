"""Logs and the phone view: a mentor's or coach's people, the log form, a relationship's page with its
log, correcting one's own entry, and the mentee's end-of-year feedback.

Every page fetches the relationship through the object rules (someone else's answers 404) and the log
through queries.logs.log_of, which never loads a private note for someone who may not read it.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leaderdev.errors import DomainError
from leaderdev.models import SchoolYear
from leaderdev.permissions import PORTAL_ROLES, Role, get_visible_or_404, role_required

from ..forms_logs import FeedbackForm, LogEntryForm
from ..models import Mentorship
from ..queries import logs as queries
from ..rules import may_log
from ..services import logs as services

LOGGER_ROLES = (Role.MENTOR, Role.COACH, Role.PROGRAM_STAFF)
READER_ROLES = (Role.PROGRAM_STAFF, *PORTAL_ROLES)


def _detail_url(relationship) -> str:
    if isinstance(relationship, Mentorship):
        return reverse("mentoring:mentorship_detail", args=[relationship.pk])
    return reverse("mentoring:coaching_detail", args=[relationship.pk])


def _is_own_pair(user, relationship) -> bool:
    if isinstance(relationship, Mentorship):
        return relationship.mentor.person.user_id == user.pk
    return relationship.coach.user_id == user.pk


def _back_url(request, relationship) -> str:
    """Where to go after logging: a safe ``next`` (the relationship's page links here with one), else the
    mentor's or coach's list, else (program staff) the relationship's page."""
    wanted = request.POST.get("next") or request.GET.get("next")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    if _is_own_pair(request.user, relationship):
        anchor = "mentorship" if isinstance(relationship, Mentorship) else "coaching"
        return f"{reverse('mentoring:my_people')}#{anchor}-{relationship.pk}"
    return _detail_url(relationship)


def _other_person(relationship):
    return relationship.mentee if isinstance(relationship, Mentorship) else relationship.leader


@require_GET
@role_required(Role.MENTOR, Role.COACH)
def my_people(request):
    """The mentor's or coach's phone page: each active mentee and coachee, with a button to log."""
    school_year = SchoolYear.objects.current()
    people = queries.my_people(request.user, school_year)
    return render(
        request,
        "mentoring/logs/my_people.html",
        {"people": people, "school_year": school_year, "quiet_weeks": settings.MENTORING_NO_CONTACT_WEEKS},
    )


def _log_new(request, relationship):
    if not may_log(request.user, relationship):
        raise PermissionDenied("Only the mentor or coach of this pair may log its conversations.")
    form = LogEntryForm(request.POST or None, relationship=relationship)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.log_entry(request.user, relationship, **form.entry_fields())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            person = _other_person(relationship)
            messages.success(
                request,
                f"{entry.get_kind_display()} with {person.full_name} on {entry.date:%b} {entry.date.day} "
                "is logged.",
            )
            return redirect(_back_url(request, relationship))
    return render(
        request,
        "mentoring/logs/log_form.html",
        {
            "form": form,
            "relationship": relationship,
            "person": _other_person(relationship),
            "is_mentorship": isinstance(relationship, Mentorship),
            "next": request.POST.get("next") or request.GET.get("next", ""),
            "cancel_url": _back_url(request, relationship),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*LOGGER_ROLES)
def log_new(request, pk):
    """Log a conversation of a mentorship (its mentor, or program staff)."""
    return _log_new(request, queries.mentorship_for(request.user, pk))


@require_http_methods(["GET", "POST"])
@role_required(*LOGGER_ROLES)
def coaching_log_new(request, pk):
    """Log a meeting, observation or feedback conversation of a coaching assignment (its coach, or staff)."""
    return _log_new(request, queries.coaching_for(request.user, pk))


def _detail(request, relationship):
    is_mentorship = isinstance(relationship, Mentorship)
    context = {
        "relationship": relationship,
        "is_mentorship": is_mentorship,
        "entries": queries.log_of(request.user, relationship),
        "may_log": may_log(request.user, relationship),
        "user_id": request.user.pk,
    }
    if is_mentorship:
        is_mentee = relationship.mentee.user_id == request.user.pk
        window = services.feedback_window(relationship)
        today = timezone.localdate()
        context.update(
            is_mentee=is_mentee,
            feedback_window=window,
            feedback_open=is_mentee and window.is_open(today),
        )
    return render(request, "mentoring/logs/relationship_detail.html", context)


@require_GET
@role_required(*READER_ROLES)
def mentorship_detail(request, pk):
    """A mentorship: the pair, their contact details and its log (private notes for the mentor and staff)."""
    return _detail(request, queries.mentorship_for(request.user, pk))


@require_GET
@role_required(*READER_ROLES)
def coaching_detail(request, pk):
    """A coaching assignment: the coach, the leader, contact details and its log."""
    return _detail(request, queries.coaching_for(request.user, pk))


@require_http_methods(["GET", "POST"])
@role_required(*LOGGER_ROLES)
def log_edit(request, pk):
    """Correct one's own log entry."""
    entry = queries.entry_for(request.user, pk)
    relationship = entry.relationship
    if not services.may_change(request.user, entry):
        raise PermissionDenied("Only the person who wrote this entry may change it.")
    form = LogEntryForm(request.POST or None, relationship=relationship, entry=entry)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_entry(request.user, entry, **form.entry_fields())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Your entry of {entry.date:%b} {entry.date.day} is updated.")
            return redirect(f"{_detail_url(relationship)}#entry-{entry.pk}")
    return render(
        request,
        "mentoring/logs/log_form.html",
        {
            "form": form,
            "entry": entry,
            "relationship": relationship,
            "person": _other_person(relationship),
            "is_mentorship": entry.mentorship_id is not None,
            "next": "",
            "cancel_url": f"{_detail_url(relationship)}#entry-{entry.pk}",
        },
    )


@require_POST
@role_required(*LOGGER_ROLES)
def log_delete(request, pk):
    """Remove one's own log entry."""
    entry = queries.entry_for(request.user, pk)
    relationship = entry.relationship
    try:
        services.delete_entry(request.user, entry)
    except DomainError as error:
        raise PermissionDenied(str(error)) from error
    messages.success(request, f"Your entry of {entry.date:%b} {entry.date.day} is removed.")
    return redirect(_detail_url(relationship))


@require_http_methods(["GET", "POST"])
@role_required(Role.LEADER)
def mentorship_feedback(request, pk):
    """The mentee's end-of-year feedback on their own mentorship."""
    mentorship = get_visible_or_404(
        request.user, queries.mentorships().filter(mentee__user=request.user), pk=pk
    )
    feedback = getattr(mentorship, "feedback", None)
    window = services.feedback_window(mentorship)
    today = timezone.localdate()
    form = FeedbackForm(request.POST or None, feedback=feedback)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_feedback(request.user, mentorship, **form.feedback_fields())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Thank you: your feedback on your mentorship is saved.")
            return redirect("portal")
    return render(
        request,
        "mentoring/logs/feedback_form.html",
        {
            "form": form,
            "mentorship": mentorship,
            "feedback": feedback,
            "window": window,
            "is_open": window.is_open(today),
            "has_closed": window.has_closed(today),
        },
    )


urlpatterns = [
    path("my-people/", my_people, name="my_people"),
    path("mentorships/<int:pk>/", mentorship_detail, name="mentorship_detail"),
    path("mentorships/<int:pk>/log/", log_new, name="log_new"),
    path("mentorships/<int:pk>/feedback/", mentorship_feedback, name="mentorship_feedback"),
    path("coaching/<int:pk>/", coaching_detail, name="coaching_detail"),
    path("coaching/<int:pk>/log/", coaching_log_new, name="coaching_log_new"),
    path("log/<int:pk>/edit/", log_edit, name="log_edit"),
    path("log/<int:pk>/delete/", log_delete, name="log_delete"),
]
