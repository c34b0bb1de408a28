"""School teams: the coaching log of a school, logging and editing a coaching session, and spotlights.

The log is for whoever sees the school's teams (programs.rules, "School teams"); a school outside their
reach is a 404. Within it each sees the sessions the CoachingSession rules let them see: team coaching is
the team's, individual coaching only its participant's, its coach's and staff's. Program staff and the
network's staff (``may_coach``) log and edit sessions and record spotlights; every signed-in user with a
role sees the spotlights, which exist to show one school's practice to the others.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from leaderdev.errors import DomainError
from leaderdev.permissions import Role, get_visible_or_404, has_role, role_required

from ..forms_coaching import CoachingSessionForm, SpotlightForm
from ..models import CoachingKind, Spotlight
from ..queries import coaching as queries
from ..rules import may_coach
from ..services import coaching as services

COACHING_ROLES = (Role.PROGRAM_STAFF, Role.NETWORK_STAFF, Role.LEADER, Role.MENTOR, Role.COACH)
COACH_ROLES = (Role.PROGRAM_STAFF, Role.NETWORK_STAFF)
SPOTLIGHTS_PER_PAGE = 25


def _log_url(school, school_year) -> str:
    url = reverse("programs:coaching_list", args=[school.pk])
    return f"{url}?year={school_year.pk}" if school_year else url


def _require_coach(user, school):
    if not may_coach(user, school):
        raise PermissionDenied("Only program staff and the network's staff log coaching.")


@require_GET
@role_required(*COACHING_ROLES)
def coaching_list(request, pk):
    """The school's coaching sessions of the year (?year=, default current), newest first, with a summary."""
    school = queries.visible_school_or_404(request.user, pk)
    school_year = queries.school_year_or_404(request.GET.get("year"))
    return render(
        request,
        "programs/coaching/list.html",
        {
            "school": school,
            "school_year": school_year,
            "log": queries.coaching_log(request.user, school, school_year),
            "may_coach": may_coach(request.user, school),
        },
    )


def _session_form(school, school_year, data=None, instance=None, initial=None):
    return CoachingSessionForm(
        data,
        instance=instance,
        initial=initial,
        teams=queries.teams_of(school),
        people=queries.people_to_coach(school),
        steps=queries.steps_of(school, school_year),
    )


def _suggestion(request, people, school_year, initial):
    """For ?kind=individual&participant=<id>: start from what that person is growing this year."""
    participant = request.GET.get("participant", "")
    person = next((p for p in people if str(p.pk) == participant), None)
    if person is None:
        return None
    initial.update(kind=CoachingKind.INDIVIDUAL, participants=[person.pk])
    growing = queries.growing([person], school_year)[person.pk]
    initial["competencies"] = [c.pk for c in growing]
    return {"person": person, "competencies": growing}


@require_http_methods(["GET", "POST"])
@role_required(*COACH_ROLES)
def coaching_add(request, pk):
    """Log a coaching session with one of the school's teams or one of its people."""
    school = queries.visible_school_or_404(request.user, pk)
    _require_coach(request.user, school)
    school_year = queries.school_year_or_404(request.GET.get("year"))
    people = list(queries.people_to_coach(school))
    initial = {"coach": queries.coach_of(request.user)}
    suggestion = _suggestion(request, people, school_year, initial) if request.method == "GET" else None
    form = _session_form(school, school_year, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.log_session(form.cleaned_data["team"], **form.service_arguments())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"The {session.get_kind_display().lower()} session is logged.")
            return redirect(_log_url(school, school_year))
    growing = queries.growing(people, school_year)
    return render(
        request,
        "programs/coaching/form.html",
        {
            "school": school,
            "school_year": school_year,
            "form": form,
            "suggestion": suggestion,
            "growing": [(person, growing[person.pk]) for person in people if growing[person.pk]],
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*COACHING_ROLES)
def coaching_detail(request, pk):
    """One session, for whoever may see it; program and network staff edit it here."""
    session = get_visible_or_404(request.user, queries.coaching_sessions(), pk=pk)
    school = session.team.school
    may_edit = may_coach(request.user, school)
    if request.method == "POST" and not may_edit:
        raise PermissionDenied("Only program staff and the network's staff edit coaching sessions.")
    form = None
    if may_edit:
        form = _session_form(school, None, request.POST or None, instance=session)
        form.fields["team"].disabled = True
        if request.method == "POST" and form.is_valid():
            try:
                services.edit_session(session, **form.service_arguments())
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "The coaching session is saved.")
                return redirect(reverse("programs:coaching_detail", args=[session.pk]))
    return render(
        request, "programs/coaching/detail.html", {"session": session, "school": school, "form": form}
    )


# --- Spotlights --------------------------------------------------------------------------------------


@require_GET
@role_required(*Role)
def spotlight_list(request):
    """Every spotlight, newest first, filtered by network, level, competency or a search."""
    spotlight_filter = queries.SpotlightFilter(request.GET, queryset=queries.spotlights())
    page = Paginator(spotlight_filter.qs, SPOTLIGHTS_PER_PAGE).get_page(request.GET.get("page"))
    query = spotlight_filter.form.data.copy()
    query.pop("page", None)
    return render(
        request,
        "programs/coaching/spotlight_list.html",
        {
            "filter": spotlight_filter,
            "page": page,
            "query": query.urlencode(),
            "may_add": has_role(request.user, *COACH_ROLES),
        },
    )


def _spotlight_page(request, spotlight):
    schools = queries.schools_to_showcase(request.user)
    form = SpotlightForm(
        request.POST or None,
        instance=spotlight,
        schools=schools,
        initiatives=queries.initiatives_to_showcase(schools),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_spotlight(spotlight, **form.service_arguments())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"The spotlight “{spotlight.title}” is saved.")
            return redirect("programs:spotlight_list")
    title = "Edit spotlight" if spotlight.pk else "Add a spotlight"
    return render(request, "programs/coaching/spotlight_form.html", {"form": form, "title": title})


@require_http_methods(["GET", "POST"])
@role_required(*COACH_ROLES)
def spotlight_add(request):
    """Record a spotlight of one of the schools the user supports (all of them for program staff)."""
    return _spotlight_page(request, Spotlight())


@require_http_methods(["GET", "POST"])
@role_required(*COACH_ROLES)
def spotlight_edit(request, pk):
    """Change a spotlight of one of the schools the user supports."""
    spotlight = get_visible_or_404(request.user, Spotlight.objects.select_related("school"), pk=pk)
    if not may_coach(request.user, spotlight.school):
        raise PermissionDenied("Only program staff and the school's network staff edit its spotlights.")
    return _spotlight_page(request, spotlight)


urlpatterns = [
    path("schools/<int:pk>/coaching/", coaching_list, name="coaching_list"),
    path("schools/<int:pk>/coaching/new/", coaching_add, name="coaching_add"),
    path("coaching/<int:pk>/", coaching_detail, name="coaching_detail"),
    path("spotlights/", spotlight_list, name="spotlight_list"),
    path("spotlights/new/", spotlight_add, name="spotlight_add"),
    path("spotlights/<int:pk>/", spotlight_edit, name="spotlight_edit"),
]
